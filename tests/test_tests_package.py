"""tests/ is one package: each test and helper module is imported once, under one name.

The same check runs again when the session ends (``pytest_sessionfinish`` in tests/conftest.py),
so an import made inside a test, after this module ran, is caught too.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path

from tests.module_names import ROOT, TESTS, canonical_name, misnamed, python_files


def test_every_directory_of_tests_is_a_package() -> None:
    directories = {path.parent for path in python_files()}
    missing = sorted(
        str(d.relative_to(ROOT)) for d in directories if not (d / "__init__.py").exists()
    )
    assert missing == [], f"add an __init__.py to: {missing}"


def test_every_helper_module_is_imported_under_its_one_name() -> None:
    helpers = [
        path
        for path in python_files()
        if not path.name.startswith("test_") and path.name != "conftest.py"
    ]
    assert len(helpers) > 20  # the walk found the helpers (client_harness, sandbox_helpers, ...)
    for path in helpers:
        importlib.import_module(canonical_name(path))
    assert misnamed() == []


def test_no_directory_of_tests_is_on_sys_path() -> None:
    # Such an entry is how a helper gets its second, bare name (`import client_harness`).
    inside = [entry for entry in sys.path if entry and Path(entry).resolve().is_relative_to(TESTS)]
    assert inside == []


def test_a_module_loaded_under_a_second_name_is_reported() -> None:
    path = TESTS / "module_names.py"
    spec = importlib.util.spec_from_file_location("module_names", path)
    assert spec is not None
    assert spec.loader is not None
    copy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy)  # a real second copy, kept out of sys.modules
    assert copy.misnamed is not misnamed

    found = misnamed(
        {"tests.module_names": sys.modules["tests.module_names"], "module_names": copy}
    )

    assert found == ["tests/module_names.py is loaded as 'module_names', not 'tests.module_names'"]
