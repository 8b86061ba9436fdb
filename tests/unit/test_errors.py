from __future__ import annotations

import email.utils
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momo_wrapper._errors import (
    BODY_EXCERPT_LIMIT,
    NON_TRANSIENT_SERVER_CODES,
    TRANSIENT_SERVER_CODES,
    AuthenticationError,
    BadRequestError,
    BodyShape,
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
    error_from_response,
    is_transient_server_error,
    parse_error_body,
)
from momo_wrapper._redact import REDACTED, Secrets

REF = "5c8a3f52-6b1e-4d8e-9b1a-2f4e6a7c8d90"
JSON = {"Content-Type": "application/json;charset=utf-8"}
APIM_401 = (
    b'{ "statusCode": 401, "message": "Access denied due to invalid subscription key. '
    b'Make sure to provide a valid key for an active subscription." }'
)


def momo(code: str, message: str = "text") -> bytes:
    return f'{{"message":"{message}","code":"{code}"}}'.encode()


def call(status: int, body: bytes | str | None = b"", headers=None, **kwargs) -> MomoAPIError:
    context: dict[str, Any] = {
        "product": "collection",
        "operation": "RequesttoPay",
        "reference_id": REF,
    }
    context.update(kwargs)
    return error_from_response(status, JSON if headers is None else headers, body, **context)


# --- body parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shape", "code", "message"),
    [
        (
            momo("RESOURCE_ALREADY_EXIST", "Duplicated reference id."),
            BodyShape.MOMO,
            "RESOURCE_ALREADY_EXIST",
            "Duplicated reference id.",
        ),
        (b'{"code":"RESOURCE_ALREADY_EXIST"}', BodyShape.MOMO, "RESOURCE_ALREADY_EXIST", None),
        (
            APIM_401,
            BodyShape.GATEWAY,
            None,
            "Access denied due to invalid subscription key. "
            "Make sure to provide a valid key for an active subscription.",
        ),
        (
            b'{"statusCode": 404, "message": "Resource not found"}',
            BodyShape.GATEWAY,
            None,
            "Resource not found",
        ),
        (b'{"error":"login_failed"}', BodyShape.OAUTH, "login_failed", None),
        (
            b'{"error":"invalid_client","error_description":"bad"}',
            BodyShape.OAUTH,
            "invalid_client",
            "bad",
        ),
        (b"", BodyShape.EMPTY, None, None),
        (b"   \n", BodyShape.EMPTY, None, None),
        (None, BodyShape.EMPTY, None, None),
        (
            b"<html><head><title>411 Length Required</title></head></html>",
            BodyShape.HTML,
            None,
            "411 Length Required",
        ),
        (b"<html><body>oops</body></html>", BodyShape.HTML, None, "HTML error page"),
        (b"Server Error\nmore", BodyShape.OTHER, None, "Server Error"),
        (b"[1, 2]", BodyShape.OTHER, None, None),
        (b'{"unexpected": true}', BodyShape.OTHER, None, None),
        (b'{"message": {"nested": 1}, "code": 7}', BodyShape.MOMO, "7", None),
        ("text body as str", BodyShape.OTHER, None, "text body as str"),
    ],
)
def test_error_body_shapes(body, shape, code, message) -> None:
    parsed = parse_error_body(body, {})
    assert (parsed.shape, parsed.code, parsed.message) == (shape, code, message)
    assert "ErrorBody(" in repr(parsed)


def test_html_is_recognised_by_content_type_alone() -> None:
    parsed = parse_error_body(b"plain words", {"content-type": "text/html"})
    assert parsed.shape is BodyShape.HTML


@given(st.binary(max_size=300))
def test_parse_error_body_never_raises(body: bytes) -> None:
    parsed = parse_error_body(body, {})
    assert len(parsed.excerpt) <= BODY_EXCERPT_LIMIT + len("…[truncated]")


# --- status -> class -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (400, b"", BadRequestError),
        (401, b"", AuthenticationError),
        (401, APIM_401, AuthenticationError),
        (403, b'{"statusCode":403,"message":"Forbidden"}', PermissionDeniedError),
        (404, momo("RESOURCE_NOT_FOUND"), NotFoundError),
        (409, momo("RESOURCE_ALREADY_EXIST"), ConflictError),
        (429, b"", RateLimitedError),
        (500, momo("NOT_ENOUGH_FUNDS"), ServerError),
        (500, momo("INTERNAL_PROCESSING_ERROR"), ServerError),
        (500, momo("SOMETHING_NEW"), ServerError),
        (500, momo("SERVICE_UNAVAILABLE"), TransientServerError),
        (503, momo("SERVICE_UNAVAILABLE"), TransientServerError),
        (500, b"", TransientServerError),
        (500, b"<html>Server Error</html>", TransientServerError),
        (502, b"<html>Bad gateway</html>", TransientServerError),
        (504, momo("NOT_ENOUGH_FUNDS"), TransientServerError),
        (500, b'{"statusCode": 500, "message": "Internal server error"}', TransientServerError),
        (302, b"", UnexpectedResponseError),
        (410, b"", UnexpectedResponseError),
        (411, b"<html><title>Length Required</title></html>", UnexpectedResponseError),
        (200, b"{}", UnexpectedResponseError),
    ],
)
def test_status_maps_to_class(status: int, body: bytes, cls: type[MomoAPIError]) -> None:
    error = call(status, body)
    assert type(error) is cls
    assert error.status_code == status


@pytest.mark.parametrize("code", sorted(NON_TRANSIENT_SERVER_CODES))
def test_every_non_transient_code_is_a_plain_server_error(code: str) -> None:
    error = call(500, momo(code))
    assert type(error) is ServerError
    assert not is_transient_server_error(500, code)


@pytest.mark.parametrize("code", sorted(TRANSIENT_SERVER_CODES))
def test_transient_codes(code: str) -> None:
    assert isinstance(call(500, momo(code)), TransientServerError)


def test_transient_and_non_transient_tables_do_not_overlap() -> None:
    assert not NON_TRANSIENT_SERVER_CODES & TRANSIENT_SERVER_CODES


def test_every_error_carries_its_context() -> None:
    error = call(
        500,
        momo("NOT_ENOUGH_FUNDS", "The payer does not have enough funds."),
        base_url="https://sandbox.momodeveloper.mtn.com",
    )
    assert error.status_code == 500
    assert error.code == "NOT_ENOUGH_FUNDS"
    assert error.message == "The payer does not have enough funds."
    assert error.product == "collection"
    assert error.operation == "RequesttoPay"
    assert error.reference_id == REF
    assert error.base_url == "https://sandbox.momodeveloper.mtn.com"
    assert "NOT_ENOUGH_FUNDS" in error.body_excerpt
    text = str(error)
    for part in ("HTTP 500", "NOT_ENOUGH_FUNDS", "enough funds", "collection", "RequesttoPay", REF):
        assert part in text
    assert error.hint
    assert error.hint in text


def test_message_falls_back_to_the_reason_phrase() -> None:
    assert call(503, b"").message == "Service Unavailable"
    assert call(418, b"").message == "HTTP 418"


def test_hints_explain_common_causes() -> None:
    assert "providerCallbackHost" in str(call(500, momo("INVALID_CALLBACK_URL_HOST")))
    assert "EUR" in str(call(500, momo("INVALID_CURRENCY")))
    assert "UUID4" in str(call(400, b""))
    assert "subscription key of the collection" in str(call(401, APIM_401))
    assert "expired" in str(call(401, b""))
    assert "whitelisted IP" in str(call(403, b""))
    assert "does not route" in str(
        call(404, b'{"statusCode": 404, "message": "Resource not found"}')
    )
    assert "redirect" in str(call(302, b""))


def test_rate_limit_reads_retry_after_seconds_and_dates() -> None:
    now = 1_700_000_000.0
    seconds = call(429, b"", headers={"Retry-After": "7"}, now=now)
    assert isinstance(seconds, RateLimitedError)
    assert seconds.retry_after == 7.0
    date = email.utils.formatdate(now + 12, usegmt=True)
    dated = call(429, b"", headers={"retry-after": date}, now=now)
    assert isinstance(dated, RateLimitedError)
    assert dated.retry_after == 12.0
    missing = call(429, b"", headers={})
    assert isinstance(missing, RateLimitedError)
    assert missing.retry_after is None


# --- token endpoint ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "failure"),
    [
        (401, APIM_401, TokenFailure.SUBSCRIPTION_KEY),
        (
            401,
            momo("X", "Access denied due to missing subscription key."),
            TokenFailure.SUBSCRIPTION_KEY,
        ),
        (500, b'{"error":"login_failed"}', TokenFailure.API_CREDENTIALS),
        (401, b'{"error":"invalid_client"}', TokenFailure.API_CREDENTIALS),
        (400, b'{"error":"invalid_client"}', TokenFailure.API_CREDENTIALS),
        (401, b"", TokenFailure.API_CREDENTIALS),
        (302, b"", TokenFailure.TOKEN_PATH),
        (500, momo("NOT_ALLOWED_TARGET_ENVIRONMENT"), TokenFailure.TARGET_ENVIRONMENT),
    ],
)
def test_token_failures_name_the_credential(status: int, body: bytes, failure: TokenFailure):
    error = call(status, body, operation="create_access_token", reference_id=None)
    assert isinstance(error, TokenError)
    assert isinstance(error, AuthenticationError)
    assert error.failure is failure
    assert error.hint


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (500, b"", TransientServerError),
        (503, b"", TransientServerError),
        (403, b'{"statusCode":403,"message":"Forbidden"}', PermissionDeniedError),
    ],
)
def test_token_failures_that_are_not_about_credentials(status, body, cls) -> None:
    assert type(call(status, body, operation="create_access_token")) is cls


def test_token_connection_error_is_a_connection_error_not_a_credential_error() -> None:
    error = TokenConnectionError("cannot reach", maybe_sent=False, product="collection")
    assert isinstance(error, MomoConnectionError)
    assert not isinstance(error, TokenError | AuthenticationError | MomoAPIError)
    assert error.failure is TokenFailure.NETWORK
    assert error.maybe_sent is False
    assert error.product == "collection"


# --- secrets and bounds --------------------------------------------------------------------


def test_body_excerpt_is_bounded() -> None:
    error = call(500, b"x" * 100_000)
    assert len(error.body_excerpt) <= BODY_EXCERPT_LIMIT + len("…[truncated]")
    assert error.body_excerpt.endswith("[truncated]")


def test_secrets_never_reach_the_error() -> None:
    secrets = Secrets(["my-subscription-key-value"])
    body = (
        b'{"message":"rejected my-subscription-key-value with Bearer abc.def.ghi",'
        b'"code":"NOT_ALLOWED","access_token":"tok-123456789"}'
    )
    error = call(500, body, secrets=secrets)
    rendered = " ".join([str(error), error.body_excerpt, error.message, repr(error)])
    for secret in ("my-subscription-key-value", "abc.def.ghi", "tok-123456789"):
        assert secret not in rendered
    assert REDACTED in error.message


def test_shapes_are_redacted_even_without_a_secrets_registry() -> None:
    error = call(500, b'{"message":"key de4f4885c9a24c168127cf76e3277876","code":"NOT_ALLOWED"}')
    assert "de4f4885c9a24c168127cf76e3277876" not in str(error)


# --- hierarchy and pickling ------------------------------------------------------------------


def test_hierarchy() -> None:
    assert issubclass(MomoValidationError, MomoError)
    assert issubclass(MomoValidationError, ValueError)
    for cls in (
        BadRequestError,
        AuthenticationError,
        TokenError,
        PermissionDeniedError,
        NotFoundError,
        ConflictError,
        IdempotencyConflictError,
        RateLimitedError,
        ServerError,
        TransientServerError,
        UnexpectedResponseError,
    ):
        assert issubclass(cls, MomoAPIError)
        assert issubclass(cls, MomoError)
    # No response is not an API error: `except MomoConnectionError` after `except MomoAPIError`
    # is reachable.
    for cls in (MomoConnectionError, MomoTimeoutError, TokenConnectionError, WaitTimeoutError):
        assert issubclass(cls, MomoError)
        assert not issubclass(cls, MomoAPIError)
    assert issubclass(TokenConnectionError, MomoConnectionError)
    assert issubclass(TransientServerError, ServerError)
    assert issubclass(MomoTimeoutError, MomoConnectionError)
    assert issubclass(IdempotencyConflictError, ConflictError)


def test_validation_error_names_field_problem_and_fix() -> None:
    error = MomoValidationError("amount", "must be positive.", "Pass '10.50'.")
    assert str(error) == "amount: must be positive. Pass '10.50'."
    assert (error.field, error.problem, error.fix) == (
        "amount",
        "must be positive.",
        "Pass '10.50'.",
    )
    assert str(MomoValidationError("x", "bad.")) == "x: bad."


@pytest.mark.parametrize(
    "error",
    [
        MomoValidationError("amount", "bad.", "fix it."),
        RateLimitedError("slow down", retry_after=3.0, status_code=429, product="collection"),
        TokenError("nope", failure=TokenFailure.API_CREDENTIALS, status_code=500),
        IdempotencyConflictError("differs", differing_fields=("amount",), reference_id=REF),
        TokenConnectionError("down", maybe_sent=False),
        MomoTimeoutError("slow", maybe_sent=True, operation="GetAccountBalance"),
        WaitTimeoutError("still pending", last_status={"status": "PENDING"}, reference_id=REF),
    ],
)
def test_errors_survive_pickling(error: MomoError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.__dict__ == error.__dict__


def test_wait_timeout_is_a_momo_error_and_a_builtin_timeout() -> None:
    error = WaitTimeoutError(
        "still not final after 120 s",
        product="collection",
        operation="RequesttoPayTransactionStatus",
        reference_id=REF,
        last_status="PENDING",
    )
    assert isinstance(error, MomoError)
    assert not isinstance(error, MomoAPIError)
    assert isinstance(error, TimeoutError)
    assert error.last_status == "PENDING"
    assert REF in str(error)
    assert WaitTimeoutError("x").last_status is None


@pytest.mark.parametrize("code", ["invalid_grant", "expired_token", "authorization_pending"])
def test_a_refused_consent_grant_blames_the_consent_request_not_the_keys(code: str) -> None:
    from momo_wrapper._errors import TokenError, TokenFailure

    error = error_from_response(
        400, {}, f'{{"error":"{code}"}}'.encode(), operation="create_oauth2_token"
    )
    assert isinstance(error, TokenError)
    assert error.failure is TokenFailure.CONSENT
    assert "auth_req_id" in (error.hint or "")
