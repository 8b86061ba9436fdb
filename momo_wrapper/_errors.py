"""Every exception the SDK raises, and the pure mapping from an HTTP error response to one of them.

Hierarchy::

    MomoError
    ├── MomoValidationError (also ValueError)   bad input or configuration, nothing was sent
    ├── MomoAPIError                             a response came, and it was not a success
    │   ├── BadRequestError            400
    │   ├── AuthenticationError        401
    │   │   └── TokenError             the token call was refused; ``failure`` says which credential
    │   ├── PermissionDeniedError      403
    │   ├── NotFoundError              404
    │   ├── ConflictError              409
    │   │   └── IdempotencyConflictError  same reference id, different transaction
    │   ├── RateLimitedError           429 (``retry_after``)
    │   ├── ServerError                5xx MoMo will answer the same way again (not retried)
    │   │   └── TransientServerError   5xx worth retrying
    │   └── UnexpectedResponseError    undocumented status, or a body we cannot use
    ├── MomoConnectionError                      no HTTP response at all (``maybe_sent``)
    │   ├── MomoTimeoutError           connect, read, write or pool timeout
    │   └── TokenConnectionError       ...while getting the access token (``failure`` NETWORK)
    ├── WaitTimeoutError (also TimeoutError)     ``wait_for_*`` hit its deadline
    ├── LedgerEntryNotFoundError (also LookupError)  no ledger entry has this reference id
    ├── LedgerTransitionError (also ValueError)      a state change the ledger refuses
    └── StoreUnavailableError                        a token store or ledger could not be used
        ├── LockTimeoutError           the token refresh lock stayed taken past acquire_timeout
        └── StoreSchemaError           the database schema is missing, behind or not ours

A fingerprint mismatch in ``Ledger.reserve`` raises :class:`IdempotencyConflictError`.

``MomoAPIError``, ``MomoConnectionError`` and ``WaitTimeoutError`` share the request's context
(``product``, ``operation``, ``reference_id``, ``base_url``, ``hint``...) through
:class:`RequestError`, an internal base class: catch the public classes (or ``MomoError``).

A FAILED transaction is not an exception: it is a status result with a ``reason``.

Which HTTP 5xx answers are retried
----------------------------------
MoMo reports business refusals as HTTP 500 with a ``code`` (``NOT_ENOUGH_FUNDS``,
``INVALID_CURRENCY``, ...). Asking again gives the same answer, so these raise
:class:`ServerError` and are never retried. The rule, in order:

1. 502, 503 and 504 are transient whatever the body (gateway and availability failures).
2. 5xx with a code in :data:`TRANSIENT_SERVER_CODES` (``SERVICE_UNAVAILABLE``) is transient.
3. 5xx with any other code is *not* transient: the codes in :data:`NON_TRANSIENT_SERVER_CODES`
   are known business refusals, and an unknown code is treated the same way because a coded
   answer means MoMo processed the request and decided.
4. 5xx without a code (empty body, HTML page, gateway ``{statusCode, message}``) is transient.

``INTERNAL_PROCESSING_ERROR`` is deliberately non-transient although its name sounds generic:
MTN documents it as "predominantly insufficient customer funds", the sandbox returns it on every
query for its "failed" test number and for balance on some products, and a POST that got it was
refused, not half-done. Retrying only burns the caller's time budget.
"""

from __future__ import annotations

import enum
import json
import re
import time
from collections.abc import Mapping
from typing import Any

from ._headers import header_value, parse_retry_after
from ._redact import Secrets, redact_shapes
from ._response import RawResponse

BODY_EXCERPT_LIMIT = 2048
"""Largest raw-body excerpt kept on an error, in characters, after redaction."""

TOKEN_OPERATIONS = frozenset({"create_access_token", "create_oauth2_token"})
"""Operations whose failures are reported as :class:`TokenError`."""

TRANSIENT_SERVER_CODES = frozenset({"SERVICE_UNAVAILABLE"})

CONSENT_GRANT_ERRORS = frozenset(
    {"invalid_grant", "expired_token", "authorization_pending", "slow_down", "access_denied"}
)
"""OAuth2/CIBA answers of the consent-token call that blame the consent request, not the keys."""

NON_TRANSIENT_SERVER_CODES = frozenset(
    {
        "NOT_ALLOWED",
        "NOT_ALLOWED_TARGET_ENVIRONMENT",
        "INVALID_CALLBACK_URL_HOST",
        "INVALID_CURRENCY",
        "INTERNAL_PROCESSING_ERROR",
        "PAYER_NOT_FOUND",
        "PAYEE_NOT_FOUND",
        "NOT_ENOUGH_FUNDS",
        "PAYER_LIMIT_REACHED",
        "PAYEE_NOT_ALLOWED_TO_RECEIVE",
        "PAYMENT_NOT_APPROVED",
        "APPROVAL_REJECTED",
        "EXPIRED",
        "TRANSACTION_CANCELED",
        "TRANSACTION_NOT_COMPLETED",
        "TRANSACTION_NOT_FOUND",
        "SENDER_ACCOUNT_NOT_ACTIVE",
        "COULD_NOT_PERFORM_TRANSACTION",
        "RESOURCE_NOT_FOUND",
        "RESOURCE_ALREADY_EXIST",
        "INFORMATIONAL_SCOPE_INSTRUCTION",
        "MISSING_SCOPE_INSTRUCTION",
        "MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED",
        "UNSUPPORTED_SCOPE_COMBINATION",
        "CONSENT_MISMATCH",
        "UNSUPPORTED_SCOPE",
        "NOT_FOUND",
        "login_failed",
    }
)

# What to do about a code, appended to the message so the first read of a traceback helps.
HINTS: Mapping[str, str] = {
    "INVALID_CALLBACK_URL_HOST": (
        "The callback URL's host must match the API user's providerCallbackHost (sandbox: the "
        "host given when the API user was created; production: the host registered with MTN)."
    ),
    "NOT_ALLOWED_TARGET_ENVIRONMENT": (
        "Check target_environment against the market of these credentials. In the sandbox, "
        "provision one API user per product subscription key."
    ),
    "INVALID_CURRENCY": (
        "The sandbox accepts only EUR; production accepts only the target market's currency."
    ),
    "NOT_ALLOWED": "MTN refused this operation for the account; ask MTN to enable it.",
    "PAYER_NOT_FOUND": "The payer is not an active MoMo account holder.",
    "PAYEE_NOT_FOUND": "The payee is not an active MoMo account holder.",
    "NOT_ENOUGH_FUNDS": "The paying account does not have enough funds.",
    "INTERNAL_PROCESSING_ERROR": (
        "MoMo's generic refusal, most often the payer's insufficient funds; not retried."
    ),
    "SERVICE_UNAVAILABLE": "MoMo is temporarily unavailable; try again later.",
    "RESOURCE_ALREADY_EXIST": "This reference id was already used for another request.",
    "RESOURCE_NOT_FOUND": (
        "Nothing with this reference id exists for this product on this platform: the create "
        "call may not have been accepted, or it was made on another base URL."
    ),
}


def _rebuild(cls: type[MomoError], args: tuple[Any, ...], state: dict[str, Any]) -> MomoError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class MomoError(Exception):
    """Base class of every exception raised by the SDK."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive the default pickling (Celery, multiprocessing).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class MomoValidationError(MomoError, ValueError):
    """Input or configuration that MoMo would reject, caught before anything is sent.

    ``field`` names the argument, setting or environment variable; ``problem`` says what is wrong
    and ``fix`` what to do instead.
    """

    def __init__(self, field: str, problem: str, fix: str | None = None) -> None:
        self.field = field
        self.problem = problem
        self.fix = fix
        message = f"{field}: {problem}"
        if fix:
            message = f"{message} {fix}"
        super().__init__(message)


class RequestError(MomoError):
    """What every failure of one request carries (internal: not exported).

    Attributes are always present (``None`` when unknown): ``status_code``, ``code`` (MoMo's error
    code, e.g. ``NOT_ENOUGH_FUNDS``), ``message``, ``product``, ``operation``, ``reference_id``,
    ``base_url``, ``body_excerpt`` (at most 2 KiB of the raw body, secrets redacted) and ``hint``.
    A :class:`MomoConnectionError` or :class:`WaitTimeoutError` has no ``status_code`` or ``code``.
    ``response`` is the HTTP answer the error was built from (:class:`RawResponse`), ``None``
    when there was none.
    """

    response: RawResponse | None = None

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        code: str | None = None,
        product: str | None = None,
        operation: str | None = None,
        reference_id: str | None = None,
        base_url: str | None = None,
        body_excerpt: str = "",
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.product = product
        self.operation = operation
        self.reference_id = reference_id
        self.base_url = base_url
        self.body_excerpt = body_excerpt
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        head = []
        if self.status_code is not None:
            head.append(f"HTTP {self.status_code}")
        if self.code:
            head.append(self.code)
        text = f"{' '.join(head)}: {self.message}" if head else self.message
        where = [part for part in (self.product, self.operation) if part]
        if self.reference_id:
            where.append(f"reference {self.reference_id}")
        if where:
            text = f"{text} ({', '.join(where)})"
        if self.hint:
            text = f"{text} {self.hint}"
        return text

    def __str__(self) -> str:
        return self._render()


class MomoAPIError(RequestError):
    """MoMo (or its gateway) answered, and the answer was not a success.

    ``status_code`` is the HTTP status; see :class:`RequestError` for the other attributes.
    No answer at all is a :class:`MomoConnectionError`, not one of these.
    """


class BadRequestError(MomoAPIError):
    """400: MoMo rejected the request's shape (headers, characters, currency, reference id)."""


class AuthenticationError(MomoAPIError):
    """401: the subscription key or the access token was not accepted."""


class TokenFailure(enum.StrEnum):
    """Which part of the token request to fix."""

    SUBSCRIPTION_KEY = "subscription_key"
    """The gateway refused ``Ocp-Apim-Subscription-Key`` (wrong key, or another product's key)."""
    API_CREDENTIALS = "api_credentials"
    """The API user id or API key is wrong or not registered (``login_failed``)."""
    TOKEN_PATH = "token_path"
    """The token URL was redirected: the base URL or product path is wrong."""
    TARGET_ENVIRONMENT = "target_environment"
    """The credentials do not belong to this target environment."""
    CONSENT = "consent"
    """The consent request (``auth_req_id``) is unknown, expired, refused or not approved yet."""
    NETWORK = "network"
    """The token endpoint could not be reached."""
    UNKNOWN = "unknown"


class TokenError(AuthenticationError):
    """Getting an access token failed; ``failure`` says which credential or setting to check."""

    def __init__(self, message: str, *, failure: TokenFailure, **context: Any) -> None:
        self.failure = failure
        super().__init__(message, **context)


class PermissionDeniedError(MomoAPIError):
    """403: the account may not do this (e.g. disbursement from a non-whitelisted IP)."""


class NotFoundError(MomoAPIError):
    """404: unknown reference id, or a path the gateway does not route."""


class ConflictError(MomoAPIError):
    """409: the reference id was already used."""


class IdempotencyConflictError(ConflictError):
    """A reference id was reused for a transaction that differs from the one MoMo stored.

    ``differing_fields`` names the request fields that do not match (e.g. ``("amount",)``).
    """

    def __init__(self, message: str, *, differing_fields: tuple[str, ...], **context: Any):
        self.differing_fields = differing_fields
        super().__init__(message, **context)


class RateLimitedError(MomoAPIError):
    """429: too many requests; ``retry_after`` is the server's requested wait in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None, **context: Any):
        self.retry_after = retry_after
        super().__init__(message, **context)


class ServerError(MomoAPIError):
    """5xx that asking again will not change (business refusals MoMo reports as HTTP 500)."""


class TransientServerError(ServerError):
    """5xx worth retrying: 502/503/504, ``SERVICE_UNAVAILABLE``, or a 5xx without an error code."""


class MomoConnectionError(RequestError):
    """No HTTP response: DNS, TCP, TLS or a dropped connection.

    ``maybe_sent`` is False only when the request certainly never left (connect failed), which is
    what makes a retry safe for requests that are not idempotent.
    """

    def __init__(self, message: str, *, maybe_sent: bool = True, **context: Any) -> None:
        self.maybe_sent = maybe_sent
        super().__init__(message, **context)


class MomoTimeoutError(MomoConnectionError):
    """The request timed out (connect, read, write or pool)."""


class TokenConnectionError(MomoConnectionError):
    """The token endpoint could not be reached: a network failure, not a credential problem.

    Retried and reported like any other connection error. ``failure`` is
    ``TokenFailure.NETWORK``, as on a :class:`TokenError`, for code that reports which part of
    getting a token failed.
    """

    def __init__(self, message: str, *, maybe_sent: bool = True, **context: Any) -> None:
        self.failure = TokenFailure.NETWORK
        super().__init__(message, maybe_sent=maybe_sent, **context)


class UnexpectedResponseError(MomoAPIError):
    """A status code the API does not document, or a body the SDK cannot use."""


class WaitTimeoutError(RequestError, TimeoutError):
    """``wait_for_*`` reached its deadline before the transaction reached a final status.

    The transaction is not failed: it may still complete. ``last_status`` is the last status
    result seen (``None`` if no check succeeded); check again later or rely on the callback.
    Also a built-in :class:`TimeoutError`, and never retried.
    """

    def __init__(self, message: str, *, last_status: object = None, **context: Any) -> None:
        self.last_status = last_status
        super().__init__(message, **context)


# --------------------------------------------------------------------------------------------
# The stores (token stores and the idempotency ledger, see ``momo_wrapper.stores``)


class StoreUnavailableError(MomoError):
    """A token store or ledger did not answer (server down, timeout, locked or broken file).

    ``store`` says which (``"redis ledger"``, ``"sqlite token store"``), ``url`` where, without
    credentials, ``operation`` what was being done (``"reserve"``, ``"get"``, ``"lock"``).

    ``outcome_unknown`` is True for writes: the request may have reached the store before the
    failure, so the change may or may not be saved. For :meth:`Ledger.reserve` that means an
    entry may exist: do **not** send the payment and do **not** mint a new reference id; call
    ``reserve`` again with the same business key once the store is back. It is atomic and
    idempotent, so it returns the entry that was written, or creates it.
    """

    def __init__(
        self,
        message: str,
        *,
        store: str,
        url: str,
        operation: str,
        outcome_unknown: bool = False,
    ) -> None:
        self.store = store
        self.url = url
        self.operation = operation
        self.outcome_unknown = outcome_unknown
        super().__init__(message)


class LockTimeoutError(StoreUnavailableError):
    """The cross-process token refresh lock was still held by others after ``acquire_timeout``.

    A holder that died stops blocking when its lease ends, so this means holders that are alive
    but slower than the timeout, or a timeout shorter than the lease.
    """


class StoreSchemaError(StoreUnavailableError):
    """The store's database schema cannot be used as it is: not created or behind while the URL
    says ``migrate=false``, newer than this SDK, or owned by a role that does not let us create
    tables in it. The message names the schema, the roles and the fix (``momo db upgrade``)."""


class LedgerEntryNotFoundError(MomoError, LookupError):
    """No ledger entry has this reference id."""

    def __init__(self, reference_id: str, *, store: str) -> None:
        self.reference_id = reference_id
        self.store = store
        super().__init__(f"the {store} has no entry with reference id {reference_id}")


class LedgerTransitionError(MomoError, ValueError):
    """A state change that contradicts what the ledger already knows, e.g. marking an entry
    FAILED_TO_SUBMIT after MoMo accepted it, or changing a final status."""

    def __init__(self, message: str, *, reference_id: str, state: str) -> None:
        self.reference_id = reference_id
        self.state = state
        super().__init__(message)


# --------------------------------------------------------------------------------------------
# Parsing error bodies


class BodyShape(enum.StrEnum):
    MOMO = "momo"  # {"message": ..., "code": ...}
    GATEWAY = "gateway"  # Azure APIM: {"statusCode": 401, "message": ...}
    OAUTH = "oauth"  # token endpoint: {"error": "login_failed"}
    EMPTY = "empty"
    HTML = "html"
    OTHER = "other"  # text or JSON of another shape


class ErrorBody:
    """What could be read from an error response body."""

    __slots__ = ("code", "excerpt", "message", "shape")

    def __init__(self, shape: BodyShape, code: str | None, message: str | None, excerpt: str):
        self.shape = shape
        self.code = code
        self.message = message
        self.excerpt = excerpt

    def __repr__(self) -> str:
        return f"ErrorBody(shape={self.shape!s}, code={self.code!r}, message={self.message!r})"


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_PRE_REDACTION_LIMIT = 4 * BODY_EXCERPT_LIMIT


def _scalar_text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def body_excerpt(body: bytes | str | None, secrets: Secrets | None = None) -> str:
    """At most :data:`BODY_EXCERPT_LIMIT` characters of a body, with secrets scrubbed."""
    if not body:
        return ""
    text = body if isinstance(body, str) else body.decode("utf-8", errors="replace")
    # Redact before the final cut so a secret is never half-kept; the first cut bounds the work.
    text = text[:_PRE_REDACTION_LIMIT]
    text = secrets.redact(text) if secrets is not None else redact_shapes(text)
    if len(text) > BODY_EXCERPT_LIMIT:
        return text[:BODY_EXCERPT_LIMIT] + "…[truncated]"
    return text


def parse_error_body(
    body: bytes | str | None,
    headers: Mapping[str, str] | None = None,
    *,
    secrets: Secrets | None = None,
) -> ErrorBody:
    """Read MoMo's ``{code, message}``, the gateway's ``{statusCode, message}``, the token
    endpoint's ``{error}``, an HTML page, plain text or nothing at all. Never raises."""
    excerpt = body_excerpt(body, secrets)
    text = excerpt.strip()
    if not text:
        return ErrorBody(BodyShape.EMPTY, None, None, excerpt)
    content_type = (header_value(headers or {}, "content-type") or "").lower()
    if "html" in content_type or text.startswith("<"):
        match = _TITLE.search(text)
        title = " ".join(match.group(1).split()) if match else None
        return ErrorBody(BodyShape.HTML, None, title or "HTML error page", excerpt)
    try:
        # The whole body, not the excerpt: a long refusal must keep its code (the response size
        # is already bounded by the transport).
        data = json.loads(body) if body else None
    except ValueError:
        return ErrorBody(BodyShape.OTHER, None, text.splitlines()[0][:200], excerpt)
    if not isinstance(data, dict):
        return ErrorBody(BodyShape.OTHER, None, None, excerpt)
    message = _scalar_text(data.get("message"))
    if message is not None:
        message = secrets.redact(message) if secrets is not None else redact_shapes(message)
    if "statusCode" in data:
        return ErrorBody(BodyShape.GATEWAY, None, message, excerpt)
    if "code" in data or (message is not None and "error" not in data):
        return ErrorBody(BodyShape.MOMO, _scalar_text(data.get("code")), message, excerpt)
    if "error" in data:
        code = _scalar_text(data.get("error"))
        return ErrorBody(
            BodyShape.OAUTH, code, _scalar_text(data.get("error_description")), excerpt
        )
    return ErrorBody(BodyShape.OTHER, None, None, excerpt)


def is_transient_server_error(status_code: int, code: str | None) -> bool:
    """The 5xx rule from the module docstring."""
    if status_code in (502, 503, 504):
        return True
    if code is None:
        return True
    return code in TRANSIENT_SERVER_CODES


# --------------------------------------------------------------------------------------------
# Mapping a response to an exception

_REASON_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def error_from_response(
    status_code: int,
    headers: Mapping[str, str] | None,
    body: bytes | str | None,
    *,
    product: str | None = None,
    operation: str | None = None,
    reference_id: str | None = None,
    base_url: str | None = None,
    secrets: Secrets | None = None,
    now: float | None = None,
) -> MomoAPIError:
    """The exception for an error response. Pure: it reads its arguments and nothing else.

    ``now`` (epoch seconds, default ``time.time()``) resolves an HTTP-date ``Retry-After``.
    Token operations (:data:`TOKEN_OPERATIONS`) get :class:`TokenError` where the cause is a
    credential or the token path.
    """
    headers = headers or {}
    error = _error_for(
        status_code, headers, body, product, operation, reference_id, base_url, secrets, now
    )
    content = body.encode() if isinstance(body, str) else body or b""
    error.response = RawResponse.received(status_code, headers, content).scrubbed(secrets)
    return error


def _error_for(
    status_code: int,
    headers: Mapping[str, str],
    body: bytes | str | None,
    product: str | None,
    operation: str | None,
    reference_id: str | None,
    base_url: str | None,
    secrets: Secrets | None,
    now: float | None,
) -> MomoAPIError:
    parsed = parse_error_body(body, headers, secrets=secrets)
    message = parsed.message or _REASON_PHRASES.get(status_code) or f"HTTP {status_code}"
    context: dict[str, Any] = {
        "status_code": status_code,
        "code": parsed.code,
        "product": product,
        "operation": operation,
        "reference_id": reference_id,
        "base_url": base_url,
        "body_excerpt": parsed.excerpt,
        "hint": HINTS.get(parsed.code or ""),
    }
    if operation in TOKEN_OPERATIONS:
        token_error = _token_error(status_code, parsed, message, product, context)
        if token_error is not None:
            return token_error

    if status_code == 400:
        if parsed.shape is BodyShape.EMPTY and context["hint"] is None:
            context["hint"] = (
                "MoMo gives no details for 400: check the reference id is a UUID4, notes avoid "
                "& ' < >, the currency matches the target environment and the URL is right."
            )
        return BadRequestError(message, **context)
    if status_code == 401:
        if _mentions_subscription_key(parsed):
            context["hint"] = f"Use the subscription key of the {product or 'called'} product."
        elif parsed.shape is BodyShape.EMPTY:
            context["hint"] = "The access token was not accepted (expired or revoked)."
        return AuthenticationError(message, **context)
    if status_code == 403:
        if context["hint"] is None:
            context["hint"] = (
                "The account may not call this operation from here: disbursement needs a "
                "whitelisted IP, and some platforms block generic User-Agents."
            )
        return PermissionDeniedError(message, **context)
    if status_code == 404:
        if parsed.shape is BodyShape.GATEWAY:
            context["hint"] = "The gateway does not route this path: check base_url and product."
        return NotFoundError(message, **context)
    if status_code == 409:
        return ConflictError(message, **context)
    if status_code == 429:
        retry_after = parse_retry_after(
            header_value(headers, "retry-after"), now=time.time() if now is None else now
        )
        return RateLimitedError(message, retry_after=retry_after, **context)
    if 500 <= status_code <= 599:
        if is_transient_server_error(status_code, parsed.code):
            return TransientServerError(message, **context)
        return ServerError(message, **context)
    if 300 <= status_code <= 399 and context["hint"] is None:
        context["hint"] = "MoMo answered with a redirect: check base_url and the request path."
    return UnexpectedResponseError(message, **context)


def _mentions_subscription_key(parsed: ErrorBody) -> bool:
    return "subscription key" in (parsed.message or "").lower()


def _token_error(
    status_code: int,
    parsed: ErrorBody,
    message: str,
    product: str | None,
    context: dict[str, Any],
) -> TokenError | None:
    label = product or "this product"
    failure: TokenFailure | None = None
    hint: str | None = None
    code = (parsed.code or "").lower()
    if context["operation"] == "create_oauth2_token" and code in CONSENT_GRANT_ERRORS:
        failure = TokenFailure.CONSENT
        hint = (
            "The auth_req_id from bc_authorize is invalid, expired, refused or not approved yet: "
            "start the consent flow again (or wait and retry while it is pending)."
        )
    elif 300 <= status_code <= 399:
        failure = TokenFailure.TOKEN_PATH
        hint = (
            "The token endpoint redirected: the token path needs its trailing slash "
            "(/<product>/token/) and base_url must be a MoMo host."
        )
    elif status_code == 401 and (
        parsed.shape is BodyShape.GATEWAY or _mentions_subscription_key(parsed)
    ):
        failure = TokenFailure.SUBSCRIPTION_KEY
        hint = f"The subscription key is not valid for {label}: each product has its own key."
    elif code in {"login_failed", "invalid_client", "invalid_grant", "unauthorized_client"} or (
        status_code == 401
    ):
        failure = TokenFailure.API_CREDENTIALS
        hint = (
            f"The API user id or API key for {label} is wrong, or the API user is not "
            "registered on this base URL and target environment."
        )
    elif parsed.code == "NOT_ALLOWED_TARGET_ENVIRONMENT":
        failure = TokenFailure.TARGET_ENVIRONMENT
        hint = "These credentials are not valid for the configured target_environment."
    if failure is None:
        return None
    context["hint"] = hint
    return TokenError(message, failure=failure, **context)
