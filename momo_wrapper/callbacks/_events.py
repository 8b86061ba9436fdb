"""Turning one HTTP request into a :class:`CallbackEvent`, or into a 4xx answer.

Nothing here trusts the body: it is parsed only to log what the sender *claims*. The transaction
is identified by the URL path (MoMo's body has no ``referenceId``), and its real status is
fetched from MoMo afterwards. Checks run cheapest and least revealing first:

=====================================  ======  =================================================
request                                answer  why
=====================================  ======  =================================================
method other than POST or PUT          405     MoMo uses POST (observed) or PUT (documented)
``source_allowed(client)`` is False    403     optional source-IP allow-list hook
path is not a callback path            404     ``/{prefix}/{product}/{operation}/{uuid4}``
body larger than ``max_body_bytes``    413     callbacks are ~300 bytes
``Content-Type`` present, not JSON     415     MoMo sends ``application/json; charset=utf-8``
``Content-Encoding`` not identity      415
body not a JSON object                 400     empty, not JSON, HTML, an array, nested too deep
=====================================  ======  =================================================

Fields inside the object are read tolerantly (missing or mistyped fields become ``None``;
``reason`` may be a string or ``{code, message}``): the claim is informational only, and
rejecting a real callback over a field's type would lose it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from .._errors import MomoError, MomoValidationError
from .._polling import FINAL_STATUSES, PENDING_STATUSES
from .._results import Reason, TransactionStatus, _decimal, _text
from ._paths import parse_callback_path

DEFAULT_MAX_BODY_BYTES = 64 * 1024
DISCARD_LIMIT_BYTES = 1024 * 1024
"""A body over the limit but under this size is read and thrown away before answering 413:
closing a connection with unread input resets it, and the sender may then never see the 413."""
ACCEPTED_METHODS = ("POST", "PUT")

SourceCheck = Callable[[str | None], bool]
"""Decides from the client's IP address (``None`` if unknown) whether it may send callbacks."""

_CLAIMABLE_STATUSES = FINAL_STATUSES | PENDING_STATUSES


def _lower_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Mapping[str, str]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return {name.lower(): value for name, value in pairs}


@attrs.frozen(kw_only=True)
class CallbackRequest:
    """An HTTP request as any framework sees it. Header names are matched case-insensitively."""

    method: str
    path: str
    body: bytes = b""
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_lower_headers)
    client_host: str | None = None


class CallbackRejected(MomoError):
    """The request is not a callback this receiver accepts; answer ``status_code``.

    ``problem`` is safe to send back and to log: it never repeats the request's content.
    """

    def __init__(self, status_code: int, problem: str) -> None:
        self.status_code = status_code
        self.problem = problem
        super().__init__(f"HTTP {status_code}: {problem}")


@attrs.frozen(kw_only=True)
class CallbackEvent:
    """A callback as received: where it points (from the URL) and what its body *claims*.

    Only ``product``, ``operation`` and ``reference_id`` are used, to fetch the real status;
    the ``claimed_*`` fields are for logs and for spotting forgeries.
    """

    product: str
    operation: str
    reference_id: str
    method: str
    received_at: float
    """Wall-clock time (epoch seconds) the request was parsed."""
    claimed_status: TransactionStatus | None = None
    """``None`` when the body has no status or one that is not a MoMo status word."""
    claimed_reason: Reason | None = None
    claimed_amount: Decimal | None = None
    claimed_currency: str | None = None
    claimed_external_id: str | None = None
    claimed_financial_transaction_id: str | None = None
    body: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
    """The parsed body, untouched. It may hold the payer's phone number: mind where it is logged."""

    @property
    def claims_final(self) -> bool:
        return self.claimed_status is not None and self.claimed_status.is_final


def parse_callback(
    request: CallbackRequest,
    *,
    received_at: float,
    prefix: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    source_allowed: SourceCheck | None = None,
) -> CallbackEvent:
    """The :class:`CallbackEvent` in ``request``; raises :class:`CallbackRejected` otherwise."""
    method = request.method.upper()
    if method not in ACCEPTED_METHODS:
        raise CallbackRejected(405, "callbacks are accepted as POST or PUT only")
    if source_allowed is not None and not source_allowed(request.client_host):
        raise CallbackRejected(403, "this source may not send callbacks")
    try:
        target = parse_callback_path(request.path, prefix=prefix)
    except MomoValidationError as err:
        raise CallbackRejected(404, f"not a callback URL ({err.problem})") from None
    check_declared_length(request.headers, max_body_bytes)
    if len(request.body) > max_body_bytes:
        raise _too_large(max_body_bytes)
    _check_content_headers(request.headers)
    data = _json_object(request.body)
    return CallbackEvent(
        product=target.product,
        operation=target.operation,
        reference_id=target.reference_id,
        method=method,
        received_at=received_at,
        claimed_status=_claimed_status(data),
        claimed_reason=Reason.parse(data.get("reason")),
        claimed_amount=_decimal(data, "amount"),
        claimed_currency=(_text(data, "currency") or "").upper() or None,
        claimed_external_id=_text(data, "externalId"),
        claimed_financial_transaction_id=_text(data, "financialTransactionId"),
        body=data,
    )


def check_declared_length(headers: Mapping[str, str], max_body_bytes: int) -> None:
    """Reject before reading when ``Content-Length`` already says the body is too large."""
    declared = headers.get("content-length")
    if declared is None:
        return
    if not declared.strip().isdigit():
        raise CallbackRejected(400, "Content-Length is not a number")
    if int(declared) > max_body_bytes:
        raise _too_large(max_body_bytes)


def should_read_body(headers: Mapping[str, str]) -> bool:
    """Whether a receiver should read the body at all (see :data:`DISCARD_LIMIT_BYTES`)."""
    declared = headers.get("content-length")
    if declared is None:
        return True
    declared = declared.strip()
    return declared.isdigit() and int(declared) <= DISCARD_LIMIT_BYTES


def _too_large(max_body_bytes: int) -> CallbackRejected:
    return CallbackRejected(413, f"the body is larger than {max_body_bytes} bytes")


def _check_content_headers(headers: Mapping[str, str]) -> None:
    content_type = headers.get("content-type")
    if content_type is not None:
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise CallbackRejected(415, "the body must be JSON (Content-Type: application/json)")
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise CallbackRejected(415, "compressed request bodies are not accepted")


def _json_object(body: bytes) -> Mapping[str, Any]:
    if not body.strip():
        raise CallbackRejected(400, "the body is empty")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: "[[[[…" nested thousands deep
        raise CallbackRejected(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise CallbackRejected(400, "the body must be a JSON object")
    return data


def _claimed_status(data: Mapping[str, Any]) -> TransactionStatus | None:
    text = _text(data, "status")
    # Only MoMo's own words: TransactionStatus keeps every unknown value it sees, and a forger
    # sending random statuses must not grow that cache.
    if text is None or text.upper() not in _CLAIMABLE_STATUSES:
        return None
    return TransactionStatus(text.upper())
