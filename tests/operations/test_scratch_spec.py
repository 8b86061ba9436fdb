"""Retiring an operation from a scratch copy of the spec: regenerating there keeps
``import momo_wrapper`` working, and the operation fails in one place, named, when it is used."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import momo_wrapper

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("spec", "tools", "generated", "momo_wrapper")
RETIRED = "collection_cancel_invoice"

SCRIPT = """
import json, sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/generated"]
import momo_wrapper
from momo_wrapper._api import ENDPOINTS, RetiredOperationError
from momo_wrapper.sandbox import _routes
assert momo_wrapper.__file__.startswith(root), momo_wrapper.__file__
try:
    ENDPOINTS[sys.argv[2]]
except RetiredOperationError as error:
    message = str(error)
else:
    message = None
print(json.dumps({
    "operations": list(momo_wrapper.OPERATIONS),
    "message": message,
    "unused_handlers": _routes.unused_handlers(),
    "unhandled": _routes.unhandled(),
}))
"""


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache")
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _retire(root: Path, operation_id: str) -> None:
    path = root / "spec" / "momo.openapi.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for method in [m for m, op in item.items() if isinstance(op, dict)]:
            if item[method].get("operationId") == operation_id:
                del item[method]
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def _regenerate(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "tools/codegen.py", "generate"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _inspect(root: Path, operation_id: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), operation_id],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_retiring_an_operation_fails_in_one_place_naming_it(scratch: Path) -> None:
    _retire(scratch, RETIRED)
    _regenerate(scratch)
    assert not list((scratch / "generated").rglob(f"{RETIRED}.py"))
    found = _inspect(scratch, RETIRED)
    operations = found["operations"]
    assert isinstance(operations, list)
    assert RETIRED not in operations
    assert sorted([*operations, RETIRED]) == sorted(momo_wrapper.OPERATIONS)
    assert isinstance(found["message"], str)
    assert RETIRED in found["message"]
    # The sandbox names its now unreachable handler; nothing is left without one.
    assert found["unused_handlers"] == ["cancel_invoice"]
    assert found["unhandled"] == []
