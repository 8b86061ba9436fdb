"""The fixture registry is consistent, and its bodies are the recorded bytes where we know them."""

from __future__ import annotations

import json

import pytest

from tests.contract.spec_validation import spec_operations
from tests.fixtures import (
    FIXTURES,
    GATEWAY_JSON,
    JSON_UTF8,
    NO_CONTENT_TYPE,
    ResponseFixture,
    bodies,
    fixture,
    fixtures_for,
)

# Content-Length of recordings whose every byte is known (docs/api-behaviour.md).
RECORDED_LENGTHS = {
    "request_to_pay_successful": 229,
    "transfer_successful": 259,
    "balance": 44,
    "account_holder_active": 15,
    "basic_user_info": 151,
    "access_token": 628,
    "api_user": 114,
    "api_key": 45,
    "momo_409_resource_already_exist": 99,
    "momo_500_not_allowed_target_environment": 96,
    "momo_500_internal_processing_error": 93,
    "momo_503_service_unavailable": 92,
    "gateway_401_invalid_subscription_key": 143,
    "token_500_login_failed": 24,
}


def test_every_module_constant_is_registered_under_its_own_name() -> None:
    constants = {
        name: value for name, value in vars(bodies).items() if isinstance(value, ResponseFixture)
    }
    assert {name.lower() for name in constants} == set(FIXTURES)
    for name, value in constants.items():
        assert FIXTURES[name.lower()] is value


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_names_a_declared_operation_and_status(name: str) -> None:
    item = FIXTURES[name]
    operation = spec_operations()[item.operation_id]
    assert str(item.status) in operation.definition["responses"]
    assert item.source, "every fixture names its evidence"


@pytest.mark.parametrize("name", list(FIXTURES))
def test_content_type_follows_who_answered(name: str) -> None:
    item = FIXTURES[name]
    if not item.body:
        assert item.content_type == NO_CONTENT_TYPE
        assert item.headers == {"Content-Length": "0"}
        return
    decoded = item.json()
    gateway = isinstance(decoded, dict) and "statusCode" in decoded
    assert item.content_type == (GATEWAY_JSON if gateway else JSON_UTF8)
    # Re-serialising compactly must not change a MoMo body: they are compact on the wire.
    if not gateway:
        compact = json.dumps(decoded, separators=(",", ":"), ensure_ascii=False).encode()
        assert compact == item.body


@pytest.mark.parametrize(("name", "length"), RECORDED_LENGTHS.items())
def test_body_has_the_recorded_length(name: str, length: int) -> None:
    assert len(FIXTURES[name].body) == length


def test_fixture_looks_up_by_name_and_names_the_known_ones_on_a_miss() -> None:
    assert fixture("balance") is bodies.BALANCE
    with pytest.raises(KeyError, match="known: request_to_pay_successful"):
        fixture("no_such_fixture")


def test_fixtures_for_filters_by_operation_and_status() -> None:
    conflicts = fixtures_for("collection_request_to_pay", status=409)
    assert conflicts == (bodies.MOMO_409_RESOURCE_ALREADY_EXIST, bodies.MOMO_409_CODE_ONLY)
    everything = fixtures_for("collection_request_to_pay")
    assert {item.status for item in everything} == {202, 409, 500}
    assert fixtures_for("no_such_operation") == ()


def test_to_httpx_carries_status_content_type_and_exact_bytes() -> None:
    response = bodies.GATEWAY_401_INVALID_SUBSCRIPTION_KEY.to_httpx()
    assert response.status_code == 401
    assert response.headers["content-type"] == GATEWAY_JSON
    assert response.headers["content-length"] == "143"
    assert response.content == bodies.GATEWAY_401_INVALID_SUBSCRIPTION_KEY.body

    empty = bodies.EMPTY_202_REQUEST_TO_PAY.to_httpx()
    assert "content-type" not in empty.headers
    assert empty.headers["content-length"] == "0"
