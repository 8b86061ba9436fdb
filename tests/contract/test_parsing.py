"""The generated client parses every 2xx fixture into the spec's model, losing nothing, and
never hands an error body to a model parser."""

from __future__ import annotations

import pytest

from tests.contract._operation_calls import assert_parsed_as_specified, call_async, call_sync
from tests.contract.spec_validation import spec_operations
from tests.fixtures import FIXTURES


@pytest.mark.parametrize("name", list(FIXTURES))
def test_sync_client_parses_fixture(name: str) -> None:
    item = FIXTURES[name]
    operation = spec_operations()[item.operation_id]
    response, _ = call_sync(operation, item)
    assert response.status_code == item.status
    assert response.content == item.body
    assert_parsed_as_specified(operation, item, response.parsed)


@pytest.mark.parametrize("name", list(FIXTURES))
async def test_async_client_parses_fixture(name: str) -> None:
    item = FIXTURES[name]
    operation = spec_operations()[item.operation_id]
    response, _ = await call_async(operation, item)
    assert response.status_code == item.status
    assert response.content == item.body
    assert_parsed_as_specified(operation, item, response.parsed)
