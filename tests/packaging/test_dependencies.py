"""pyproject.toml declares exactly what the shipped packages import.

The test walks every module of ``momo_wrapper`` and of the generated ``momo_openapi_client``
with :mod:`ast`, keeps the absolute imports of third-party top-level modules (not the standard
library, not our own packages, not imports under ``if TYPE_CHECKING:``), maps each module to the
distribution that provides it, and compares:

* every imported distribution is declared, as a dependency or in an extra;
* every declared dependency is imported, except those in ``NOT_IMPORTED`` (each with its reason);
* every extra's distributions are imported, and only from the modules named in ``OPTIONAL``:
  the places that load them on first use, so a user without the extra can still import
  everything (``test_wheel_installs_and_imports_in_a_fresh_venv`` proves that part).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = [ROOT / "momo_wrapper", ROOT / "generated" / "momo_openapi_client"]
FIRST_PARTY = {"momo_wrapper", "momo_openapi_client"}

#: Declared, never imported by name, and why.
NOT_IMPORTED = {
    # httpcore imports sniffio when it is installed; without it every async lock falls back to
    # a slow path (encode/httpcore#1102): a performance dependency, not an API one.
    "sniffio": "httpcore's fast path for async locks",
}

#: Imported, not declared: the importing module runs only inside that program.
HOST_PROVIDED = {
    # The sandbox's pytest plugin is loaded by pytest itself (`pytest_plugins = [...]`).
    "pytest": {"momo_wrapper/sandbox/pytest_plugin.py"},
}

#: extra -> the modules allowed to import its distributions (each loaded only on first use).
OPTIONAL = {
    "redis": {"momo_wrapper/stores/_redis.py", "momo_wrapper/stores/_urls.py"},
    "server": {"momo_wrapper/sandbox/__main__.py"},
    "postgres": {
        "momo_wrapper/stores/_postgres.py",
        "momo_wrapper/stores/_urls.py",
        "momo_wrapper/stores/_postgres_outbox.py",
    },
    "otel": {"momo_wrapper/_otel.py"},
}

#: Namespace packages several distributions install into -> the one the SDK imports from.
NAMESPACES = {
    # The API, the SDK and every instrumentation share ``opentelemetry``; [otel] is the API only.
    "opentelemetry": "opentelemetry-api",
}


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pyproject() -> tuple[set[str], dict[str, set[str]]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    required = {_name(r) for r in project["dependencies"]}
    extras = {k: {_name(r) for r in v} for k, v in project["optional-dependencies"].items()}
    return required, extras


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def third_party_imports() -> dict[str, set[str]]:
    """top-level module -> the files (relative to the repo) that import it at run time."""
    found: dict[str, set[str]] = defaultdict(set)
    for package in PACKAGES:
        for path in sorted(package.rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            parents = {c: n for n in ast.walk(tree) for c in ast.iter_child_nodes(n)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module]
                else:
                    continue
                if _type_checking_only(node, parents):
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in sys.stdlib_module_names or top in FIRST_PARTY:
                        continue
                    rel = path.relative_to(ROOT).as_posix()
                    found[top].add(rel.removeprefix("generated/"))
    return found


def _distribution(module: str) -> str:
    if module in NAMESPACES:
        return NAMESPACES[module]
    (dist, *_) = importlib.metadata.packages_distributions()[module]
    return dist.lower().replace("_", "-")


def test_the_walk_finds_the_imports_we_know_about() -> None:
    """Guard against a walker that finds nothing (which would make the comparisons vacuous)."""
    imports = third_party_imports()
    assert {"httpx", "httpcore", "h11", "attrs", "aiohttp", "yarl", "redis", "uvicorn"} <= set(
        imports
    )
    assert "momo_openapi_client/client.py" in imports["httpx"]


def test_every_imported_distribution_is_declared() -> None:
    required, extras = _pyproject()
    declared = required.union(*extras.values())
    imports = third_party_imports()
    for module, files in HOST_PROVIDED.items():
        assert imports.pop(module) == files, f"{module} is imported outside {sorted(files)}"
    undeclared = {
        _distribution(m): sorted(files)
        for m, files in imports.items()
        if _distribution(m) not in declared
    }
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


def test_every_declared_dependency_is_imported() -> None:
    required, extras = _pyproject()
    imported = {_distribution(m) for m in third_party_imports()} - HOST_PROVIDED.keys()
    unused = sorted((required - imported) - NOT_IMPORTED.keys())
    assert not unused, f"declared but never imported: {unused}"
    # An exception that became an import (or a dependency that was dropped) is a stale entry.
    assert NOT_IMPORTED.keys() <= required - imported
    for extra, names in extras.items():
        assert names <= imported, f"extra [{extra}] declares {sorted(names - imported)} unused"


def test_optional_distributions_are_imported_only_where_loaded_on_demand() -> None:
    required, extras = _pyproject()
    assert OPTIONAL.keys() == extras.keys()
    for module, files in third_party_imports().items():
        if module in HOST_PROVIDED:
            continue
        dist = _distribution(module)
        if dist in required:
            continue
        (extra,) = [name for name, dists in extras.items() if dist in dists]
        assert files <= OPTIONAL[extra], (
            f"{module} ([{extra}] extra) imported from {sorted(files - OPTIONAL[extra])}"
        )
