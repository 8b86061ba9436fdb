"""Dependencies point one way: the core never imports the stores, the callbacks or the CLI, and
the local sandbox imports nothing of momo_wrapper outside itself.

Every module is parsed (not imported), so function-level imports, ``importlib.import_module``
strings (relative ones too) and modules looked up by name (``sys.modules.get("momo_wrapper...")``)
count.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import momo_wrapper

PACKAGE = Path(momo_wrapper.__file__).resolve().parent
OUTER = frozenset({"stores", "callbacks", "cli", "sandbox"})
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset({"core"}),
    "stores": frozenset({"core", "stores"}),
    "callbacks": frozenset({"core", "callbacks"}),
    "cli": frozenset({"core", "stores", "callbacks", "cli", "sandbox"}),
    "sandbox": frozenset({"sandbox"}),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path: Path) -> str:
    name = _module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _resolve(relative: str, level: int, package: str) -> str:
    base = package.split(".")
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, relative] if relative else base)


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _is_sys_modules(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "modules"


def _named_module(node: ast.AST) -> str | None:
    """The module a string names where it is imported or looked up: ``import_module(...)``,
    ``__import__(...)``, ``find_spec(...)``, ``sys.modules[...]`` / ``sys.modules.get(...)``."""
    if isinstance(node, ast.Call) and node.args:
        first = node.args[0]
        func = node.func
        by_name = _called_name(node) in ("import_module", "__import__", "find_spec")
        from_modules = isinstance(func, ast.Attribute) and _is_sys_modules(func.value)
        if (by_name or from_modules) and isinstance(first, ast.Constant):
            return first.value if isinstance(first.value, str) else None
    if isinstance(node, ast.Subscript) and _is_sys_modules(node.value):
        key = node.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def imported_names(path: Path) -> set[str]:
    """Every momo_wrapper module ``path`` imports or names, resolved to absolute names."""
    package = _package_of(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            module = _resolve(node.module or "", node.level, package) if node.level else node.module
            found.add(module or "")
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif (text := _named_module(node)) is not None:
            level = len(text) - len(text.lstrip("."))
            found.add(_resolve(text[level:], level, package) if level else text)
    return {name for name in found if name == "momo_wrapper" or name.startswith("momo_wrapper.")}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in OUTER else "core"


def _target_layer(name: str) -> str | None:
    """The layer an imported name belongs to; None for ``momo_wrapper`` itself (the core's
    public surface, which is core)."""
    parts = name.split(".")
    if len(parts) == 1:
        return "core"
    if parts[1] in OUTER:
        return parts[1]
    return "core"


def violations() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        own = layer(module)
        for name in sorted(imported_names(path)):
            target = _target_layer(name)
            if target is not None and target not in ALLOWED[own]:
                found.append(f"{module} ({own}) -> {name} ({target})")
    return found


def test_dependencies_point_one_way() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..stores import Ledger", {"momo_wrapper.stores", "momo_wrapper.stores.Ledger"}),
        ("def f():\n    from ..callbacks import callback_url", {"momo_wrapper.callbacks"}),
        ("import importlib\nimportlib.import_module('momo_wrapper.stores._sqlite')", None),
        ("import sys\nsys.modules.get('momo_wrapper.stores._postgres_ledger')", None),
        ("import sys\nsys.modules['momo_wrapper.callbacks']", None),
    ],
)
def test_the_checker_sees_every_kind_of_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, expected: set[str] | None
) -> None:
    # A core module written in a scratch copy of the package layout.
    scratch = tmp_path / "momo_wrapper" / "_products"
    scratch.mkdir(parents=True)
    (scratch / "_probe.py").write_text(source, encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "momo_wrapper")
    names = imported_names(scratch / "_probe.py")
    assert any(layer_of in ("stores", "callbacks") for layer_of in map(_target_layer, names))
    if expected is not None:
        assert expected <= names
    assert layer("momo_wrapper._products._probe") == "core"


PROBE = textwrap.dedent(
    """
    import json, sys
    from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
    from momo_wrapper.sandbox import Sandbox, SandboxTransport

    sandbox = Sandbox()
    user = sandbox.provision("collection", callback_host="127.0.0.1")
    config = MomoConfig(
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
        token_store=None if len(sys.argv) < 2 else sys.argv[1],
    )
    with MomoClient(config, transport=SandboxTransport(sandbox)) as momo:
        accepted = momo.collection.request_to_pay(
            amount="5", currency="EUR", payer="46733123450", external_id="layering-1"
        )
        assert accepted.reference_id
    print(json.dumps(sorted(m for m in sys.modules if m.startswith("momo_wrapper."))))
    """
)


def _modules_loaded(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_a_client_without_stores_never_imports_stores_or_callbacks() -> None:
    loaded = _modules_loaded()
    assert "momo_wrapper._ledger" in loaded  # the check looks at the right modules
    assert [m for m in loaded if layer(m) in ("stores", "callbacks", "cli")] == []


def test_a_configured_store_url_loads_its_backend_through_the_entry_point() -> None:
    loaded = _modules_loaded("memory://")
    assert "momo_wrapper.stores._factory" in loaded
    assert [m for m in loaded if layer(m) in ("callbacks", "cli")] == []
