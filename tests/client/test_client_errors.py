"""Rule 5: every failure is a typed error with its context and a bounded, scrubbed body; a FAILED
transaction is a result, not an exception."""

from __future__ import annotations

import json
import pickle
import traceback

import pytest

from momo_wrapper import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IdempotencyConflictError,
    MomoAPIError,
    MomoConnectionError,
    MomoError,
    MomoTimeoutError,
    MomoValidationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TokenConnectionError,
    TokenError,
    TokenFailure,
    TransientServerError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from momo_wrapper._errors import BODY_EXCERPT_LIMIT
from tests.client.client_harness import (
    EXPIRED_PARTY,
    FAILED_PARTY,
    REJECTED_PARTY,
    SUCCESS_PARTY,
    Harness,
    create_calls,
    run,
)
from tests.fixtures import fixture

TREE: dict[type[BaseException], tuple[type[BaseException], ...]] = {
    MomoValidationError: (MomoError, ValueError),
    MomoAPIError: (MomoError,),
    BadRequestError: (MomoAPIError,),
    AuthenticationError: (MomoAPIError,),
    TokenError: (AuthenticationError,),
    TokenConnectionError: (MomoConnectionError,),
    PermissionDeniedError: (MomoAPIError,),
    NotFoundError: (MomoAPIError,),
    ConflictError: (MomoAPIError,),
    IdempotencyConflictError: (ConflictError,),
    RateLimitedError: (MomoAPIError,),
    ServerError: (MomoAPIError,),
    TransientServerError: (ServerError,),
    MomoConnectionError: (MomoError,),
    MomoTimeoutError: (MomoConnectionError,),
    UnexpectedResponseError: (MomoAPIError,),
    WaitTimeoutError: (MomoError, TimeoutError),
}
# A response came (MomoAPIError) and no response came are disjoint branches.
NOT_UNDER: dict[type[BaseException], tuple[type[BaseException], ...]] = {
    MomoConnectionError: (MomoAPIError,),
    TokenConnectionError: (MomoAPIError, AuthenticationError, TokenError),
    WaitTimeoutError: (MomoAPIError, MomoConnectionError),
}


@pytest.mark.parametrize("error_class", list(TREE))
def test_the_error_tree(error_class: type[BaseException]) -> None:
    for parent in TREE[error_class]:
        assert issubclass(error_class, parent)
    for other in NOT_UNDER.get(error_class, ()):
        assert not issubclass(error_class, other)
    assert issubclass(error_class, MomoError)


def _no_secret(error: MomoError, secrets: list[str]) -> None:
    copy = pickle.loads(pickle.dumps(error))
    shown = "\n".join(
        [
            str(error),
            repr(error),
            repr(error.args),
            "".join(traceback.format_exception_only(error)),
            str(vars(error)),
            str(vars(copy)),
        ]
    )
    for secret in secrets:
        assert secret not in shown


async def _secrets_in_use(h: Harness) -> list[str]:
    """The collection credentials plus the bearer token the client is using right now."""
    await run(h.momo.collection.get_balance())
    bearer = h.sent_to("collection_get_account_balance")[-1].headers["authorization"]
    credentials = h.credentials["collection"]
    basic = h.sent_to("collection_create_access_token")[-1].headers["authorization"]
    return [credentials.subscription_key, credentials.api_key, bearer.split()[1], basic.split()[1]]


async def test_an_error_carries_its_context_and_never_a_secret(h: Harness) -> None:
    secrets = await _secrets_in_use(h)
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    echo = {
        "code": "NOT_ALLOWED",
        "message": f"denied for key {secrets[0]} with token {secrets[2]}",
        "apiKey": secrets[1],
        "authorization": f"Basic {secrets[3]}",
    }
    h.sandbox.faults.fail(
        500, path="requesttopay/", body=json.dumps(echo).encode(), content_type="application/json"
    )
    with pytest.raises(ServerError) as caught:
        await run(h.momo.collection.get_request_to_pay_status(accepted.reference_id))
    error = caught.value
    assert (error.status_code, error.code) == (500, "NOT_ALLOWED")
    assert (error.product, error.operation) == ("collection", "request_to_pay")
    assert error.reference_id == accepted.reference_id
    assert error.base_url == h.momo.config.base_url
    assert error.message.startswith("denied for key")
    assert error.hint is not None
    assert "MTN" in error.hint
    assert 0 < len(error.body_excerpt) <= BODY_EXCERPT_LIMIT
    _no_secret(error, secrets)


async def test_a_huge_body_is_cut_and_scrubbed(h: Harness) -> None:
    secrets = await _secrets_in_use(h)
    body = f"<html><title>Upstream broke</title>{secrets[2]} {'x' * 20_000} {secrets[0]}</html>"
    h.sandbox.faults.fail(
        502, times=None, path="balance$", body=body.encode(), content_type="text/html"
    )
    with pytest.raises(TransientServerError) as caught:
        await run(h.client(h.config(max_attempts=1)).collection.get_balance())
    error = caught.value
    assert error.message == "Upstream broke"
    assert len(error.body_excerpt) <= BODY_EXCERPT_LIMIT + len("…[truncated]")
    assert error.body_excerpt.endswith("…[truncated]")
    _no_secret(error, secrets)


# (fixture, expected class, expected code) for a status read answered with that fixture
RESPONSES = [
    ("momo_404_resource_not_found", NotFoundError, "RESOURCE_NOT_FOUND"),
    ("momo_500_not_allowed_target_environment", ServerError, "NOT_ALLOWED_TARGET_ENVIRONMENT"),
    ("momo_500_internal_processing_error", ServerError, "INTERNAL_PROCESSING_ERROR"),
    ("momo_503_service_unavailable", TransientServerError, "SERVICE_UNAVAILABLE"),
    ("momo_409_code_only", ConflictError, "RESOURCE_ALREADY_EXIST"),
    ("gateway_401_invalid_subscription_key", AuthenticationError, None),
    ("gateway_403_forbidden", PermissionDeniedError, None),
    ("gateway_404_resource_not_found", NotFoundError, None),
    ("empty_400_malformed_reference", BadRequestError, None),
    ("empty_401_expired_token", AuthenticationError, None),
]


@pytest.mark.parametrize(("name", "error_class", "code"), RESPONSES)
async def test_momo_gateway_and_empty_bodies_map_to_typed_errors(
    h: Harness, name: str, error_class: type[MomoAPIError], code: str | None
) -> None:
    momo = h.client(h.config(max_attempts=1))
    accepted = await run(create_calls(momo)["collection_request_to_pay"]())
    answer = fixture(name)
    h.sandbox.faults.fail(
        answer.status,
        times=None,
        path="requesttopay/",
        body=answer.body,
        content_type=answer.content_type or None,
    )
    with pytest.raises(MomoAPIError) as caught:
        await run(momo.collection.get_request_to_pay_status(accepted.reference_id))
    error = caught.value
    assert type(error) is error_class
    assert (error.status_code, error.code) == (answer.status, code)
    assert error.message  # the body's message, else the reason phrase
    assert (error.product, error.reference_id) == ("collection", accepted.reference_id)
    if not answer.body:
        assert error.body_excerpt == ""
        assert error.hint


@pytest.mark.parametrize(
    ("status", "body", "content_type", "error_class"),
    [
        (502, None, None, TransientServerError),  # the sandbox's proxy HTML page
        (500, b"", None, TransientServerError),
        (200, b"<html><body>maintenance</body></html>", "text/html", UnexpectedResponseError),
        (200, b'{"status":"SUCC', "application/json", UnexpectedResponseError),
        (418, b"", None, UnexpectedResponseError),
    ],
)
async def test_html_truncated_and_undocumented_answers_are_typed(
    h: Harness, status: int, body: bytes | None, content_type: str | None, error_class: type
) -> None:
    momo = h.client(h.config(max_attempts=1))
    accepted = await run(create_calls(momo)["disbursement_transfer"]())
    if body is None:
        h.sandbox.faults.html(status=status, times=None, path="transfer/")
    else:
        h.sandbox.faults.fail(
            status, times=None, path="transfer/", body=body, content_type=content_type
        )
    with pytest.raises(MomoAPIError) as caught:
        await run(momo.disbursement.get_transfer_status(accepted.reference_id))
    assert type(caught.value) is error_class
    assert caught.value.product == "disbursement"


async def test_the_token_endpoints_oauth_body_is_a_token_error(h: Harness) -> None:
    login_failed = fixture("token_500_login_failed")
    h.sandbox.faults.fail(
        500,
        operation="CreateAccessToken",
        body=login_failed.body,
        content_type=login_failed.content_type,
    )
    with pytest.raises(TokenError) as caught:
        await run(h.momo.remittance.get_balance())
    assert caught.value.code == "login_failed"
    assert caught.value.failure is TokenFailure.API_CREDENTIALS


@pytest.mark.parametrize(
    ("fault", "error_class", "maybe_sent"),
    [
        ("refuse", MomoConnectionError, False),
        ("drop", MomoConnectionError, True),
        ("timeout", MomoTimeoutError, True),
    ],
)
async def test_a_request_without_an_answer_is_a_connection_error(
    h: Harness, fault: str, error_class: type[MomoConnectionError], maybe_sent: bool
) -> None:
    getattr(h.sandbox.faults, fault)(times=None, method="POST", path="v1_0/transfer$")
    with pytest.raises(MomoConnectionError) as caught:
        await run(create_calls(h.momo)["remittance_transfer"]())
    error = caught.value
    assert type(error) is error_class
    assert error.maybe_sent is maybe_sent
    assert error.status_code is None
    assert (error.product, error.operation) == ("remittance", "transfer")
    assert error.reference_id == h.sent_to("remittance_transfer")[0].headers["x-reference-id"]


@pytest.mark.parametrize(
    ("party", "reason"),
    [
        (FAILED_PARTY, "INTERNAL_PROCESSING_ERROR"),
        (REJECTED_PARTY, "APPROVAL_REJECTED"),
        (EXPIRED_PARTY, "EXPIRED"),
    ],
)
async def test_a_failed_transaction_is_data_not_an_exception(
    h: Harness, party: str, reason: str
) -> None:
    for operation, status_of in (
        ("collection_request_to_pay", h.momo.collection.get_request_to_pay_status),
        ("disbursement_transfer", h.momo.disbursement.get_transfer_status),
    ):
        accepted = await run(create_calls(h.momo, party)[operation]())
        status = await run(status_of(accepted.reference_id))
        assert status.is_failed
        assert status.is_final
        assert not status.is_successful
        assert status.reason is not None
        assert status.reason.code == reason
        assert status.financial_transaction_id is None


async def test_a_long_coded_refusal_keeps_its_code(h: Harness) -> None:
    body = json.dumps({"code": "NOT_ENOUGH_FUNDS", "message": "no", "detail": "x" * 3000})
    h.sandbox.faults.fail(
        500, path="requesttopay$", body=body.encode(), content_type="application/json"
    )
    with pytest.raises(ServerError) as caught:
        await run(
            h.momo.collection.request_to_pay(amount="1", payer=SUCCESS_PARTY, external_id="o-1")
        )
    assert caught.value.code == "NOT_ENOUGH_FUNDS"
    assert not isinstance(caught.value, TransientServerError)


async def test_the_configured_read_timeout_bounds_each_attempt(h: Harness) -> None:
    momo = h.client(h.config(read_timeout=5, max_attempts=1))
    h.sandbox.faults.latency(4, times=1, path="balance$")  # virtual seconds, no real wait
    assert (await run(momo.collection.get_balance())).available_balance > 0
    h.sandbox.faults.latency(6, times=1, path="balance$")
    with pytest.raises(MomoTimeoutError) as caught:
        await run(momo.collection.get_balance())
    assert (caught.value.operation, caught.value.maybe_sent) == ("get_balance", True)
