"""The wheel ships both packages with py.typed, and they import from a fresh environment."""

from __future__ import annotations

import subprocess
import venv
import zipfile
from pathlib import Path

import momo_wrapper


def test_wheel_contains_both_packages_and_their_markers(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "momo_wrapper/py.typed" in names
    assert "momo_wrapper/__init__.py" in names
    assert "momo_openapi_client/py.typed" in names
    assert "momo_openapi_client/client.py" in names
    assert not any(n.startswith(("generated/", "tests/", "tools/")) for n in names)
    # Exactly the two top-level packages the README names, and nothing else at the top level.
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert top == {"momo_wrapper", "momo_openapi_client"}
    # The sandbox page works offline: its files ship inside the package.
    source = Path(__file__).resolve().parents[2] / "momo_wrapper" / "sandbox" / "static"
    shipped = {f"momo_wrapper/sandbox/static/{p.name}" for p in source.iterdir() if p.is_file()}
    assert shipped
    assert shipped <= names


def test_wheel_installs_and_imports_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=300
    )
    # No extras installed: every public package must still import (redis and uvicorn are
    # optional and loaded only when used).
    probe = (
        "import momo_wrapper, momo_openapi_client, momo_wrapper.stores, momo_wrapper.callbacks,"
        " momo_wrapper.sandbox, momo_wrapper.cli;"
        "print(momo_wrapper.MomoClient.__name__, momo_openapi_client.Client.__name__)"
    )
    # Run from tmp_path so the checkout's own folders are not on sys.path.
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert result.stdout.split() == ["MomoClient", "Client"]
    version = subprocess.run(
        [str(env / "bin" / "momo"), "--version"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (version.returncode, version.stdout.strip()) == (0, f"momo {momo_wrapper.__version__}")
