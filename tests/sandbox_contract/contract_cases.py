"""Ways to call an operation, each with the answer docs/api-behaviour.md says the live API gives.

A case is a function `(world, operation) -> None` that sends through `world` (which validates
every request and response against spec/) and asserts the answer's status and shape; it is
registered with the predicate saying, from the spec, which operations it applies to:

    @case(takes_bearer)
    def expired_bearer_token(world, operation): ...

`CASES` holds them all, by name, in definition order.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tests.contract.spec_validation import SpecOperation, resolve, validate_response
from tests.sandbox_contract.contract_world import (
    PARTY_OUTCOMES,
    CallSpec,
    ContractWorld,
    assert_violation,
    basic_authorization,
    header_parameters,
    is_create,
    linked_creates,
    path_parameters,
    product_of,
)

GATEWAY_JSON = "application/json"
MOMO_JSON = "application/json;charset=utf-8"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# ---- what the answers look like (api-behaviour §9) -----------------------------------------------


def assert_empty(response: httpx.Response, status: int) -> None:
    assert response.status_code == status
    assert response.content == b""
    assert "content-type" not in response.headers


def assert_momo_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"] == MOMO_JSON
    assert response.json()["code"] == code
    assert list(response.json()) == ["message", "code"]


def assert_gateway_error(response: httpx.Response, status: int, message: str) -> None:
    assert response.status_code == status
    assert response.headers["content-type"] == GATEWAY_JSON
    body = response.json()
    assert body["statusCode"] == status
    assert message in body["message"]


def assert_access_denied(response: httpx.Response, why: str) -> None:
    assert_gateway_error(response, 401, f"Access denied due to {why} subscription key")
    assert response.reason_phrase == "Access Denied"
    assert response.headers["www-authenticate"].startswith("AzureApiManagementKey realm=")


# ---- cases ------------------------------------------------------------------------------------

Applies = Callable[[SpecOperation], bool]
Run = Callable[[ContractWorld, SpecOperation], None]


@dataclass(frozen=True)
class Case:
    name: str
    applies: Applies
    run: Run


CASES: dict[str, Case] = {}


def case(applies: Applies) -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        name = run.__name__
        CASES[name] = Case(name, applies, run)
        return run

    return register


def everywhere(_operation: SpecOperation) -> bool:
    return True


def takes_bearer(operation: SpecOperation) -> bool:
    return bool(operation.security_schemes & {"accessToken", "consentToken"})


def takes_basic(operation: SpecOperation) -> bool:
    return "apiUserBasic" in operation.security_schemes


def has_product(operation: SpecOperation) -> bool:
    return operation.tag != "sandbox_provisioning"


def reads_a_reference(operation: SpecOperation) -> bool:
    return bool({"referenceId", "preApprovalId"} & set(path_parameters(operation)))


def reads_a_transaction_status(operation: SpecOperation) -> bool:
    return (
        operation.method == "get"
        and has_product(operation)
        and bool(linked_creates(operation.operation_id))
    )


def creates_a_transaction(operation: SpecOperation) -> bool:
    return is_create(operation) and has_product(operation)


def needs_target_environment(operation: SpecOperation) -> bool:
    parameter = header_parameters(operation).get("X-Target-Environment")
    return parameter is not None and bool(parameter.get("required"))


def takes_callback_url(operation: SpecOperation) -> bool:
    # bc-authorize lists X-Callback-Url (MTN's export) for CIBA notifications, which neither the
    # live sandbox records nor this sandbox implement: nothing is checked against the host.
    return "X-Callback-Url" in header_parameters(operation) and not operation.operation_id.endswith(
        "_bc_authorize"
    )


#: Where a request names its currency: a path parameter or one of these JSON body fields.
_CURRENCY_CHANGES: tuple[dict[str, Any], ...] = (
    {"currency": "USD"},
    {"payerCurrency": "USD"},
    {"money": {"currency": "USD"}},
)


def names_a_currency(operation: SpecOperation) -> bool:
    if "currency" in path_parameters(operation):
        return True
    media = operation.request_media_type
    if media is None or media[0] != "application/json":
        return False
    properties = set(resolve(media[1]["schema"]).get("properties", {}))
    return any(set(change) <= properties for change in _CURRENCY_CHANGES)


def _in_usd(call: CallSpec) -> CallSpec:
    if "currency" in path_parameters(call.operation):
        return call.with_path(call.path.rsplit("/", 1)[0] + "/USD")
    body = json.loads(call.content)
    change = next(change for change in _CURRENCY_CHANGES if set(change) <= set(body))
    return call.with_json_changes(change)


@case(everywhere)
def valid(world: ContractWorld, operation: SpecOperation) -> None:
    response = world.send(world.valid_call(operation))
    assert response.status_code == operation.success_status
    if operation.response_schema(response.status_code) is None:
        assert response.content == b""
    else:
        assert response.headers["content-type"] == MOMO_JSON


@case(reads_a_transaction_status)
def every_status_body(world: ContractWorld, operation: SpecOperation) -> None:
    """Status bodies differ per state (no financialTransactionId unless SUCCESSFUL, reason...)."""
    for party, status in PARTY_OUTCOMES.items():
        call = world.valid_call(operation, party=party)
        response = world.send(call)
        assert (response.status_code, response.json()["status"]) == (200, status)
        if status == "PENDING":
            world.sandbox.clock.advance(30)
            assert world.send(call).json()["status"] == "SUCCESSFUL"


@case(everywhere)
def missing_subscription_key(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers({"Ocp-Apim-Subscription-Key": None})
    assert_access_denied(world.send(call, request_is_valid=False), "missing")


@case(everywhere)
def unknown_subscription_key(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers({"Ocp-Apim-Subscription-Key": "0" * 32})
    assert_access_denied(world.send(call), "invalid")


@case(has_product)
def other_products_subscription_key(world: ContractWorld, operation: SpecOperation) -> None:
    """Keys are per product (api-behaviour §1); provisioning takes any product's key."""
    call = world.valid_call(operation)
    other = next(p for p in ("collection", "disbursement") if p != product_of(operation))
    call = call.with_headers({"Ocp-Apim-Subscription-Key": world.subscription_key(other)})
    assert_access_denied(world.send(call), "invalid")


@case(takes_bearer)
def unknown_bearer_token(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers({"Authorization": "Bearer not-a-token"})
    assert_empty(world.send(call), 401)


@case(takes_bearer)
def expired_bearer_token(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation)
    world.sandbox.clock.advance(world.sandbox.settings.token_lifetime + 1)
    assert_empty(world.send(call), 401)


@case(takes_basic)
def wrong_api_key(world: ContractWorld, operation: SpecOperation) -> None:
    user_id = world.credentials(product_of(operation)).user_id
    wrong = basic_authorization(user_id, "f" * 32)
    response = world.send(world.valid_call(operation).with_headers({"Authorization": wrong}))
    assert response.status_code == 500
    assert response.json() == {"error": "login_failed"}


@case(lambda op: "X-Reference-Id" in header_parameters(op))
def non_uuid_reference_header(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers({"X-Reference-Id": "not-a-uuid"})
    assert_empty(world.send(call, request_is_valid=False), 400)


@case(reads_a_reference)
def non_uuid_reference_path(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation)
    call = call.with_path(_UUID.sub(lambda m: m.group(0) + "0", call.path, count=1))
    (name,) = {"referenceId", "preApprovalId"} & set(path_parameters(operation))
    typed = path_parameters(operation)[name]["schema"].get("format") == "uuid"
    assert_empty(world.send(call, request_is_valid=not typed), 400)


@case(reads_a_reference)
def unknown_reference(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation)
    call = call.with_path(_UUID.sub(str(uuid.uuid4()), call.path, count=1))
    assert_momo_error(world.send(call), 404, "RESOURCE_NOT_FOUND")


@case(is_create)
def reused_reference_id(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation)
    assert world.send(call).status_code == operation.success_status
    assert_momo_error(world.send(call), 409, "RESOURCE_ALREADY_EXIST")


@case(names_a_currency)
def wrong_currency(world: ContractWorld, operation: SpecOperation) -> None:
    call = _in_usd(world.valid_call(operation))
    assert_momo_error(world.send(call), 500, "INVALID_CURRENCY")


@case(takes_callback_url)
def callback_host_mismatch(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers(
        {"X-Callback-Url": "https://elsewhere.example/momo/callback"}
    )
    assert_momo_error(world.send(call), 500, "INVALID_CALLBACK_URL_HOST")


@case(creates_a_transaction)
def empty_body(world: ContractWorld, operation: SpecOperation) -> None:
    """api-behaviour §4: a create POSTed with `Content-Length: 0` gets 500 with an empty body."""
    call = world.valid_call(operation).with_content(b"")
    response = world.send(call, request_is_valid=False)
    assert_empty(response, 500)
    assert response.request.headers["content-length"] == "0"


@case(creates_a_transaction)
def text_no_answer_could_carry(world: ContractWorld, operation: SpecOperation) -> None:
    """A JSON escape of a lone surrogate (`"\\ud800"`) is valid JSON that no UTF-8 status body
    could echo back, so the create is refused up front (found by `nox -s contract`)."""
    call = world.valid_call(operation)
    body = json.loads(call.content)
    text_field = next(
        f for f in ("externalId", "externalTransactionId", "payerMessage") if f in body
    )
    assert_empty(world.send(call.with_json_changes({text_field: "\ud800"})), 400)


_VALIDITY_FIELDS = ("validityDuration", "validityTime")


def takes_a_validity(operation: SpecOperation) -> bool:
    media = operation.request_media_type
    properties = set() if media is None else set(resolve(media[1]["schema"]).get("properties", {}))
    return bool(properties & set(_VALIDITY_FIELDS))


@case(takes_a_validity)
def validity_past_year_9999(world: ContractWorld, operation: SpecOperation) -> None:
    """A 19-digit validity is allowed by the spec's type, but its expiry date cannot be
    written: refused with 400 rather than crashing later (found by `nox -s contract`)."""
    call = world.valid_call(operation)
    (name,) = set(json.loads(call.content)) & set(_VALIDITY_FIELDS)
    seconds = 2_765_926_007_262_411_030
    call = call.with_json_changes({name: str(seconds) if name == "validityDuration" else seconds})
    assert_empty(world.send(call), 400)


@case(needs_target_environment)
def missing_target_environment(world: ContractWorld, operation: SpecOperation) -> None:
    call = world.valid_call(operation).with_headers({"X-Target-Environment": None})
    response = world.send(call, request_is_valid=False)
    assert_momo_error(response, 500, "NOT_ALLOWED_TARGET_ENVIRONMENT")


@case(lambda op: op.operation_id.endswith("_create_access_token"))
def token_path_without_slash(world: ContractWorld, operation: SpecOperation) -> None:
    """api-behaviour §3: 302 to an internal address, empty body. The spec names only the slash path
    (and says why in the operation's description), so the slashless one is not in it."""
    call = world.valid_call(operation)
    call = call.with_path(call.path.rstrip("/"))
    response = world.send(call, request_is_valid=False)
    assert_empty(response, 302)
    assert response.headers["location"] == "https://52.236.59.28:8080/token/"
    violation = assert_violation(
        lambda: validate_response("post", call.path, 302, dict(response.headers), b"")
    )
    assert "PathNotFound" in str(violation)


def _inject(world: ContractWorld, call: CallSpec, status: int) -> httpx.Response:
    world.sandbox.faults.fail(status, method=call.method, path=re.escape(call.path) + "$")
    return world.send(call)


@case(everywhere)
def injected_500(world: ContractWorld, operation: SpecOperation) -> None:
    response = _inject(world, world.valid_call(operation), 500)
    assert_momo_error(response, 500, "INTERNAL_PROCESSING_ERROR")


@case(everywhere)
def injected_503(world: ContractWorld, operation: SpecOperation) -> None:
    response = _inject(world, world.valid_call(operation), 503)
    assert_momo_error(response, 503, "SERVICE_UNAVAILABLE")


@case(everywhere)
def injected_429(world: ContractWorld, operation: SpecOperation) -> None:
    response = _inject(world, world.valid_call(operation), 429)
    assert_gateway_error(response, 429, "Rate limit is exceeded")
    assert response.headers["retry-after"] == "1"
