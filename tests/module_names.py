"""Every module under tests/ has one name: its path from the repository root, dotted.

``tests/client/client_harness.py`` is ``tests.client.client_harness`` and nothing else. A module
imported under a second name (``client_harness``, through a ``sys.path`` entry) is a second copy:
its classes are distinct from the first copy's, so ``isinstance`` and ``except`` quietly stop
matching between the tests that use one name and those that use the other.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def canonical_name(path: Path) -> str:
    """``tests/a/b.py`` -> ``tests.a.b``; a package's ``__init__.py`` is the package itself."""
    parts = path.resolve().relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def misnamed(modules: Mapping[str, ModuleType | None] | None = None) -> list[str]:
    """One line per module of tests/ loaded under a name other than its canonical one."""
    problems = []
    for name, module in sorted((modules if modules is not None else sys.modules).items()):
        file = getattr(module, "__file__", None)
        if not file:
            continue
        path = Path(file).resolve()
        if path.suffix != ".py" or not path.is_relative_to(TESTS):
            continue
        expected = canonical_name(path)
        if name != expected:
            problems.append(f"{path.relative_to(ROOT)} is loaded as {name!r}, not {expected!r}")
    return problems


def python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)
