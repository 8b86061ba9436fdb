"""What the generated client sends, for every operation, is what spec/ describes.

Each operation is called through sync_detailed and asyncio_detailed, with only the required
arguments and with every argument, against a mock MoMo that records the request and answers
with a fixture valid for the operation. The recorded request is validated with openapi-core
(path, method, headers, security headers, body, content type) and the parsed answer is checked
against the spec's model.
"""

from __future__ import annotations

import pkgutil
from typing import Any

import httpx
import momo_openapi_client.api
import pytest
from momo_openapi_client.api.collection import collection_request_to_pay
from momo_openapi_client.models import Party, RequestToPay
from momo_openapi_client.types import Response

from momo_wrapper._api import ENDPOINTS
from tests.contract._operation_calls import (
    Exchange,
    assert_parsed_as_specified,
    call_async,
    call_sync,
    credential_headers,
    generated_module,
    make_client,
    sample_path,
    success_fixture,
)
from tests.contract.spec_validation import (
    SpecOperation,
    SpecViolation,
    spec_operations,
    validate_request,
    validate_response,
)
from tests.fixtures import FIXTURES

OPERATIONS = spec_operations()


def test_every_spec_operation_has_a_generated_module_the_wrapper_calls() -> None:
    assert set(OPERATIONS) == set(ENDPOINTS)
    for operation in OPERATIONS.values():
        module = generated_module(operation)
        for function in ("sync_detailed", "asyncio_detailed", "sync", "asyncio"):
            assert callable(getattr(module, function)), f"{module.__name__}.{function}"


def test_every_generated_module_is_a_spec_operation() -> None:
    package = momo_openapi_client.api
    generated = {
        name.rsplit(".", 1)[-1]
        for _, name, is_package in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
        if not is_package
    }
    assert generated == set(OPERATIONS)


async def _call(
    flavour: str, operation: SpecOperation, *, include_optional: bool
) -> tuple[Response[Any], Exchange]:
    answer = success_fixture(operation, OPERATIONS)
    if flavour == "sync":
        return call_sync(operation, answer, include_optional=include_optional)
    return await call_async(operation, answer, include_optional=include_optional)


@pytest.mark.parametrize("include_optional", [False, True], ids=["required", "all-arguments"])
@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("operation_id", list(OPERATIONS))
async def test_generated_request_matches_the_spec(
    operation_id: str, flavour: str, include_optional: bool
) -> None:
    operation = OPERATIONS[operation_id]
    response, exchange = await _call(flavour, operation, include_optional=include_optional)
    sent = exchange.sent

    validate_request(sent)
    assert sent.method.lower() == operation.method
    assert sent.url.path == sample_path(operation)
    media = operation.request_media_type
    if media is None:
        assert sent.content == b""
        assert "content-type" not in sent.headers
        if operation.method == "post":
            # MoMo's gateway answers 411 to a body-less POST without Content-Length: 0.
            assert sent.headers["content-length"] == "0"
    else:
        assert sent.headers["content-type"] == media[0]
        assert sent.content

    answer = exchange.answer
    assert response.status_code == answer.status
    validate_response(operation.method, sent.url.path, answer.status, answer.headers, answer.body)
    assert_parsed_as_specified(operation, answer, response.parsed)


# ---- negative controls: the request validator can fail ------------------------------------------


def _request_to_pay(**overrides: Any) -> httpx.Request:
    """A request-to-pay as the generated client sends it, with `overrides` as arguments."""
    operation = OPERATIONS["collection_request_to_pay"]
    exchange = Exchange(FIXTURES["empty_202_request_to_pay"])
    arguments: dict[str, Any] = {
        "body": RequestToPay(
            amount="5.0",
            currency="EUR",
            external_id="6353636",
            payer=Party(party_id_type="MSISDN", party_id="46733123453"),
        ),
        "x_reference_id": "2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41",
        "x_target_environment": "sandbox",
        **overrides,
    }
    with make_client(exchange, credential_headers(operation)) as client:
        collection_request_to_pay.sync_detailed(client=client, **arguments)
    return exchange.sent


def _without(request: httpx.Request, header: str) -> httpx.Request:
    headers = httpx.Headers(request.headers)
    del headers[header]
    return httpx.Request(request.method, request.url, headers=headers, content=request.content)


def test_the_baseline_request_is_valid() -> None:
    validate_request(_request_to_pay())


@pytest.mark.parametrize(
    "reference_id",
    ["abc", "0123456789012345678901234567890123456", "6b1a2c3d-4e5f-1a6b-8c7d-9e0f1a2b3c4d"],
    ids=["not-a-uuid", "37-characters", "uuid-v1"],
)
def test_a_non_uuid4_reference_id_is_a_violation(reference_id: str) -> None:
    with pytest.raises(SpecViolation, match="Invalid header parameter: X-Reference-Id"):
        validate_request(_request_to_pay(x_reference_id=reference_id))


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("X-Target-Environment", "Missing required header parameter: X-Target-Environment"),
        ("X-Reference-Id", "Missing required header parameter: X-Reference-Id"),
        ("Ocp-Apim-Subscription-Key", "SecurityNotFound"),
        ("Authorization", "SecurityNotFound"),
    ],
)
def test_a_missing_required_header_is_a_violation(header: str, reason: str) -> None:
    with pytest.raises(SpecViolation, match=reason):
        validate_request(_without(_request_to_pay(), header))


def test_basic_credentials_on_a_bearer_operation_are_a_violation() -> None:
    request = _request_to_pay()
    request.headers["Authorization"] = "Basic dXNlcjprZXk="
    with pytest.raises(SpecViolation, match="SecurityNotFound"):
        validate_request(request)


def test_a_body_the_schema_refuses_is_a_violation() -> None:
    request = _request_to_pay(
        body=RequestToPay(
            amount="5,00",
            currency="EUR",
            external_id="1",
            payer=Party(party_id_type="MSISDN", party_id="46733123453"),
        )
    )
    with pytest.raises(SpecViolation, match="amount: fails pattern"):
        validate_request(request)


def test_the_token_path_without_its_slash_is_a_violation() -> None:
    request = httpx.Request("POST", "https://sandbox.momodeveloper.mtn.com/collection/token")
    with pytest.raises(SpecViolation, match="PathNotFound"):
        validate_request(request)


def test_request_violation_messages_carry_no_header_values() -> None:
    request = _request_to_pay(x_reference_id="SECRET-LOOKING-VALUE")
    with pytest.raises(SpecViolation) as raised:
        validate_request(request)
    assert "SECRET-LOOKING-VALUE" not in str(raised.value)
