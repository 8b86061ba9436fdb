"""Every response fixture is allowed by spec/ for its operation and status; bad bodies are not."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.contract._operation_calls import sample_path
from tests.contract.spec_validation import (
    SpecOperation,
    SpecViolation,
    spec_operations,
    validate_httpx_response,
    validate_response,
)
from tests.fixtures import FIXTURES, GATEWAY_JSON, JSON_UTF8, NO_CONTENT_TYPE, ResponseFixture


def _validate(operation: SpecOperation, item: ResponseFixture) -> None:
    validate_response(
        operation.method, sample_path(operation), item.status, item.headers, item.body
    )


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_is_valid_for_its_operation(name: str) -> None:
    item = FIXTURES[name]
    _validate(spec_operations()[item.operation_id], item)


def _siblings(item: ResponseFixture) -> list[SpecOperation]:
    """The OTHER operations answering `item.status` with the same schema as the fixture's own
    operation: where other suites reuse the fixture (see ``success_fixture``)."""
    operations = spec_operations()
    shape = operations[item.operation_id].response_schema(item.status)
    return [
        operation
        for operation in operations.values()
        if operation.operation_id != item.operation_id
        and str(item.status) in operation.definition["responses"]
        and operation.response_schema(item.status) == shape
    ]


REUSES = [
    (name, sibling.operation_id) for name, item in FIXTURES.items() for sibling in _siblings(item)
]


def test_fixtures_are_reused_across_operations() -> None:
    """The pairs below are real reuses: BALANCE for every balance read, the 409 for every
    create, each paired only with operations other than its own."""
    assert ("balance", "disbursement_get_account_balance") in REUSES
    assert ("momo_409_resource_already_exist", "disbursement_transfer") in REUSES
    assert all(FIXTURES[name].operation_id != operation_id for name, operation_id in REUSES)


@pytest.mark.parametrize(("name", "operation_id"), REUSES)
def test_fixture_is_valid_for_every_other_operation_with_the_same_response(
    name: str, operation_id: str
) -> None:
    _validate(spec_operations()[operation_id], FIXTURES[name])


def test_validate_httpx_response_reads_method_and_path_from_the_request() -> None:
    operation = spec_operations()["collection_get_account_balance"]
    request = httpx.Request("GET", "http://127.0.0.1:8080" + sample_path(operation))
    validate_httpx_response(FIXTURES["balance"].to_httpx(request))
    with pytest.raises(SpecViolation, match="availableBalance: fails type"):
        validate_httpx_response(
            httpx.Response(200, json={"availableBalance": 1000}, request=request)
        )


# ---- negative controls: the validator can fail --------------------------------------------------

_RTP_STATUS = "collection_get_request_to_pay_status"


@dataclass(frozen=True)
class Rejected:
    """A response the spec must refuse, and a fragment of the reason it must give."""

    label: str
    operation_id: str
    status: int
    body: bytes
    reason: str
    content_type: str = JSON_UTF8


REJECTED = [
    Rejected(
        "amount as a JSON number (MTN's swagger example)",
        _RTP_STATUS,
        200,
        b'{"amount":100,"currency":"UGX","status":"SUCCESSFUL"}',
        "amount: fails type='string'",
    ),
    Rejected(
        "amount with a comma",
        "disbursement_get_transfer_status",
        200,
        b'{"amount":"5,00","currency":"EUR","status":"SUCCESSFUL"}',
        "amount: fails pattern",
    ),
    Rejected(
        "lower-case currency",
        "collection_get_account_balance",
        200,
        b'{"availableBalance":"1000","currency":"eur"}',
        "currency: fails pattern",
    ),
    Rejected(
        "party id type outside the closed enum",
        _RTP_STATUS,
        200,
        b'{"payer":{"partyIdType":"ALIAS","partyId":"x"},"status":"PENDING"}',
        "payer/partyIdType: fails enum",
    ),
    Rejected(
        "reason neither a string nor an ErrorReason",
        _RTP_STATUS,
        200,
        b'{"status":"FAILED","reason":42}',
        "reason: matches no oneOf alternative",
    ),
    Rejected(
        "expires_in as a string",
        "collection_create_access_token",
        200,
        b'{"access_token":"a","token_type":"access_token","expires_in":"3600"}',
        "expires_in: fails type='integer'",
    ),
    Rejected(
        "access token without access_token",
        "collection_create_access_token",
        200,
        b'{"token_type":"access_token","expires_in":3600}',
        "missing required ['access_token']",
    ),
    Rejected(
        "GET apiuser with an object targetEnvironment (MTN's export)",
        "sandbox_get_api_user",
        200,
        b'{"providerCallbackHost":"h","targetEnvironment":{"apiKey":"sandbox"}}',
        "targetEnvironment: fails type='string'",
    ),
    Rejected(
        "userinfo with address as a string (MTN's export)",
        "collection_get_user_info_with_consent",
        200,
        b'{"address":"Street 17"}',
        "address: fails type='object'",
    ),
    Rejected(
        "active with result as a string",
        "collection_validate_account_holder_status",
        200,
        b'{"result":"true"}',
        "result: fails type='boolean'",
    ),
    Rejected(
        "MomoError without code",
        "collection_get_account_balance",
        503,
        b'{"message":"Service temporarily unavailable, try again later."}',
        "missing required ['code']",
    ),
    Rejected(
        "gateway 403 without statusCode",
        "disbursement_deposit_v1",
        403,
        b'{"message":"Forbidden"}',
        "missing required ['statusCode']",
        GATEWAY_JSON,
    ),
    Rejected(
        "409 with an empty body (JSON declared)",
        "collection_request_to_pay",
        409,
        b"",
        "Missing response data",
        NO_CONTENT_TYPE,
    ),
    Rejected(
        "500 with an empty body (the empty-POST case)",
        "collection_request_to_pay",
        500,
        b"",
        "Missing response data",
        NO_CONTENT_TYPE,
    ),
    Rejected(
        "200 balance as an HTML page",
        "collection_get_account_balance",
        200,
        b"<html><body>411 Length Required</body></html>",
        "MediaTypeNotFound",
        "text/html",
    ),
    Rejected(
        "302 from the token path (undeclared status)",
        "collection_create_access_token",
        302,
        b"",
        "Unknown response http status: 302",
        NO_CONTENT_TYPE,
    ),
]


@pytest.mark.parametrize("case", REJECTED, ids=[case.label for case in REJECTED])
def test_spec_rejects(case: Rejected) -> None:
    operation = spec_operations()[case.operation_id]
    headers = {"Content-Type": case.content_type} if case.content_type else {}
    with pytest.raises(SpecViolation) as raised:
        validate_response(operation.method, sample_path(operation), case.status, headers, case.body)
    assert case.reason in str(raised.value)


def test_unknown_path_is_a_violation() -> None:
    with pytest.raises(SpecViolation, match="PathNotFound"):
        validate_response("post", "/collection/token", 200, {}, b"")


def test_violation_messages_carry_no_body_values() -> None:
    secret = "eyJSECRET-TOKEN-VALUE"
    body = f'{{"access_token":"{secret}","token_type":"access_token","expires_in":"3600"}}'
    with pytest.raises(SpecViolation) as raised:
        validate_response(
            "post", "/collection/token/", 200, {"Content-Type": JSON_UTF8}, body.encode()
        )
    message = str(raised.value)
    assert "expires_in" in message
    assert secret not in message
    assert "3600" not in message
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
