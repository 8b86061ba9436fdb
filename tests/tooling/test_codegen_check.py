"""check_generated must catch every way generated/ can drift from spec/."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import codegen  # noqa: E402


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh") / codegen.PACKAGE
    codegen.generate(out)
    return out


@pytest.fixture
def committed_copy(tmp_path: Path) -> Path:
    copy = tmp_path / codegen.PACKAGE
    shutil.copytree(codegen.COMMITTED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_committed_tree_matches_a_fresh_generation(fresh: Path) -> None:
    assert codegen.differences(fresh, codegen.COMMITTED) == []


def test_fresh_generation_has_every_operation_and_py_typed(fresh: Path) -> None:
    modules = [p for p in (fresh / "api").rglob("*.py") if p.name != "__init__.py"]
    operation_ids = {
        operation["operationId"]
        for item in yaml.safe_load(codegen.SPEC.read_text())["paths"].values()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    }
    assert {p.stem for p in modules} == operation_ids
    assert (fresh / "py.typed").exists()


def test_a_hand_edit_is_caught(fresh: Path, committed_copy: Path) -> None:
    target = committed_copy / "client.py"
    # Same length, different bytes: a stat-only comparison would miss it.
    text = target.read_text()
    target.write_text(text.replace("class Client", "class Cliant", 1))
    assert codegen.differences(fresh, committed_copy) == [
        "differs from a fresh generation: client.py"
    ]


def test_an_added_file_is_caught(fresh: Path, committed_copy: Path) -> None:
    (committed_copy / "models" / "handwritten.py").write_text("X = 1\n")
    assert codegen.differences(fresh, committed_copy) == [
        "not written by the generator: models/handwritten.py"
    ]


def test_a_missing_file_is_caught(fresh: Path, committed_copy: Path) -> None:
    (committed_copy / "py.typed").unlink()
    missing = ["missing from the committed tree: py.typed"]
    assert codegen.differences(fresh, committed_copy) == missing


def test_committed_sandbox_routes_match_the_spec() -> None:
    assert codegen.spec_routes_problems() == []


def test_stale_sandbox_routes_are_caught(tmp_path: Path) -> None:
    stale = tmp_path / "_spec_routes.py"
    text = codegen.SPEC_ROUTES.read_text()
    stale.write_text(text.replace("/requesttopay/{referenceId}", "/requesttopay/{ref}", 1))
    assert codegen.spec_routes_problems(stale) == [f"differs from a fresh generation: {stale}"]
    stale.unlink()
    assert codegen.spec_routes_problems(stale) == [f"missing: {stale}"]


def test_sandbox_routes_carry_every_spec_operation_once() -> None:
    namespace: dict[str, object] = {}
    exec(codegen.spec_routes_source(), namespace)
    spec = yaml.safe_load(codegen.SPEC.read_text())
    expected = {
        operation["operationId"]: (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    }
    routes = namespace["SPEC_ROUTES"]
    assert isinstance(routes, dict)
    assert {key: value[:2] for key, value in routes.items()} == expected
    assert "do not edit" in codegen.spec_routes_source().splitlines()[0]
