"""What a package index shows: twine-valid sdist and wheel, license, URLs, classifiers, version."""

from __future__ import annotations

import email
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import momo_wrapper

ROOT = Path(__file__).resolve().parents[2]


def _wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.message_from_bytes(archive.read(name))


def test_twine_check_passes_on_sdist_and_wheel(dists: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, dists.values())],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2, result.stdout


def test_wheel_metadata_names_license_authors_urls_and_classifiers(wheel: Path) -> None:
    meta = _wheel_metadata(wheel)
    assert meta["Version"] == momo_wrapper.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Author-email"]
    assert meta["Keywords"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Source", "Issues"} <= urls.keys()
    assert all(u.startswith("https://") for u in urls.values())
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert meta["Description-Content-Type"] == "text/markdown"


def test_license_file_ships_in_both_archives(dists: dict[str, Path]) -> None:
    license_text = (ROOT / "LICENSE").read_text()
    assert license_text.startswith("MIT License")
    with zipfile.ZipFile(dists["wheel"]) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert archive.read(name).decode() == license_text
    with tarfile.open(dists["sdist"]) as archive:
        assert any(m.name.endswith("/LICENSE") for m in archive.getmembers())


def test_version_has_one_source() -> None:
    """`__version__`, `momo --version` and the built metadata all read momo_wrapper/_version.py."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in pyproject
    assert 'path = "momo_wrapper/_version.py"' in pyproject
    result = subprocess.run(
        [sys.executable, "-m", "momo_wrapper.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout.strip()) == (0, f"momo {momo_wrapper.__version__}")
