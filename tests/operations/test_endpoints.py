"""Every operation name resolves to a working :class:`Endpoint`, though the generated modules
are imported only when looked up: a renamed or retired operation still fails loudly, naming it."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest

import momo_wrapper
from momo_wrapper._api import ENDPOINTS, Endpoint, RetiredOperationError


@pytest.mark.parametrize("name", momo_wrapper.OPERATIONS)
def test_every_operation_resolves_to_its_generated_functions(name: str) -> None:
    endpoint = ENDPOINTS[name]
    assert isinstance(endpoint, Endpoint)
    assert endpoint.name == name
    assert endpoint.sync.__module__.rsplit(".", 1)[-1] == name
    assert endpoint.sync.__name__ == "sync_detailed"
    assert inspect.iscoroutinefunction(endpoint.asyncio)
    if endpoint.body_model is not None:
        assert callable(endpoint.body_model.from_dict)
    assert ENDPOINTS[name] is endpoint  # resolved once
    assert ENDPOINTS.get(name) is endpoint
    assert name in ENDPOINTS


def test_the_mapping_lists_every_operation_once() -> None:
    assert len(ENDPOINTS) == len(momo_wrapper.OPERATIONS)
    assert sorted(ENDPOINTS) == list(momo_wrapper.OPERATIONS)


def test_an_unknown_operation_fails_naming_it() -> None:
    with pytest.raises(RetiredOperationError, match="collection_no_such_operation"):
        ENDPOINTS["collection_no_such_operation"]
    assert "collection_no_such_operation" not in ENDPOINTS
    assert ENDPOINTS.get("collection_no_such_operation") is None


PROBE = """
import json, sys
from momo_wrapper._api import ENDPOINTS
def generated():
    prefix = "momo_openapi_client.api."
    return sorted(m for m in sys.modules if m.count(".") == 3 and m.startswith(prefix))
before = generated()
ENDPOINTS["collection_request_to_pay"]
print(json.dumps({"before": before, "after": generated(), "listed": len(ENDPOINTS)}))
"""


def test_an_operation_module_is_imported_at_its_first_lookup_only() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["listed"] == len(momo_wrapper.OPERATIONS)
    assert found["before"] == []
    assert found["after"] == ["momo_openapi_client.api.collection.collection_request_to_pay"]
