"""``momo_wrapper.OPERATIONS`` is the spec's operation list, not a hand copy of it."""

from __future__ import annotations

from pathlib import Path

import yaml

import momo_wrapper

SPEC = Path(__file__).resolve().parents[2] / "spec" / "momo.openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch"}


def test_operations_are_the_spec_operation_ids_sorted() -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    expected = tuple(
        sorted(
            operation["operationId"]
            for item in spec["paths"].values()
            for method, operation in item.items()
            if method in METHODS
        )
    )
    public = momo_wrapper.OPERATIONS
    assert public == expected
    assert "OPERATIONS" in momo_wrapper.__all__
