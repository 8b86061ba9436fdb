"""The sandbox's routes come from the spec: every spec operation has a handler, every handler
serves a spec operation, and the sandbox stays standalone (no wrapper core, no generated
client)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from momo_wrapper.sandbox import _routes
from momo_wrapper.sandbox._spec_routes import SPEC_ROUTES

SANDBOX = Path(_routes.__file__).parent


def test_every_spec_operation_has_a_handler() -> None:
    assert _routes.unhandled() == [], "spec operations the sandbox has no handler for"


def test_every_handler_serves_a_spec_operation() -> None:
    assert _routes.unused_handlers() == [], "handlers no spec operation reaches"


def test_each_spec_operation_is_routed_at_its_spec_path() -> None:
    routed = {
        route.operation_id: (route.method, route.product)
        for routes in _routes.ROUTES.values()
        for route in routes
        if route.operation_id
    }
    assert routed == {key: (method, product) for key, (method, _, product) in SPEC_ROUTES.items()}
    for operation_id, (method, path, product) in SPEC_ROUTES.items():
        concrete = path.replace("{", "").replace("}", "")
        found = _routes.match(method, concrete, product)
        assert found is not None, operation_id
        assert found[0].operation_id == operation_id


def test_a_missing_handler_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    handlers = dict(_routes.HANDLERS)
    del handlers["cash_transfer"]
    handlers["retired_operation"] = _routes.HANDLERS["transfer"]
    monkeypatch.setattr(_routes, "HANDLERS", handlers)
    assert _routes.unhandled() == ["remittance_cash_transfer"]
    assert _routes.unused_handlers() == ["retired_operation"]


def test_the_sandbox_imports_neither_the_wrapper_core_nor_the_generated_client() -> None:
    for source in sorted(SANDBOX.glob("*.py")):
        tree = ast.parse(source.read_text(), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level <= 1, f"{source.name} reaches out of the sandbox package"
                if node.level == 1:
                    continue
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top != "momo_openapi_client", f"{source.name} imports {name}"
                if top == "momo_wrapper":
                    assert name.startswith("momo_wrapper.sandbox"), f"{source.name} imports {name}"
