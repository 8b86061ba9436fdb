"""The wheel ships both packages with py.typed, and they import from a fresh environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_contains_both_packages_and_their_markers(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "momo_wrapper/py.typed" in names
    assert "momo_wrapper/__init__.py" in names
    assert "momo_openapi_client/py.typed" in names
    assert "momo_openapi_client/client.py" in names
    assert not any(n.startswith(("generated/", "tests/", "tools/")) for n in names)


def test_wheel_installs_and_imports_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=300
    )
    probe = (
        "import momo_wrapper, momo_openapi_client, pathlib;"
        "print(momo_wrapper.MomoClient.__name__, momo_openapi_client.Client.__name__)"
    )
    # Run from tmp_path so the checkout's own folders are not on sys.path.
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert result.stdout.split() == ["MomoClient", "Client"]
