"""Turning what a generated ``*_detailed`` call produced (a response or an exception) into a flow
outcome: a :class:`Reply` or a typed :class:`MomoAPIError` / :class:`MomoConnectionError`. Shared
by the sync and async runners and by the token fetch in the auth flow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ._api import DetailedResponse, UnexpectedBody
from ._errors import (
    MomoAPIError,
    MomoConnectionError,
    MomoTimeoutError,
    MomoValidationError,
    TokenConnectionError,
    UnexpectedResponseError,
)
from ._flows import Reply
from ._limits import ResponseTooLargeError
from ._response import RawResponse
from ._results import with_response

R = TypeVar("R")

# Requests that certainly never reached the server: retrying them cannot duplicate anything.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def reply_from(response: DetailedResponse) -> Reply:
    return Reply(
        int(response.status_code),
        response.headers,
        response.content,
        response.parsed,
        response.body,
    )


def reply_after(
    exc: Exception,
    *,
    product: str,
    operation: str,
    reference_id: str | None,
    base_url: str,
    token: bool = False,
) -> Reply:
    """What a generated call that raised ``exc`` still tells us, or the typed error to raise.

    A request that could not even be encoded (an unpaired surrogate, a line break in a header
    value) never left: :class:`MomoValidationError`. A 2xx body the generated parser rejected
    (:class:`UnexpectedBody`, which carries the whole answer) is returned as an unparsed reply.
    A body that could not be received whole (over the size limit, undecodable) raises
    :func:`unusable_body`; transport failures raise :func:`connection_error`; typed errors (a
    failed token fetch inside the auth flow) and anything else propagate unchanged.
    """
    if isinstance(exc, UnicodeEncodeError | httpx.LocalProtocolError):
        # Never echo the value: it may be a token (h11 quotes the whole header).
        raise MomoValidationError(
            operation,
            f"an argument cannot be sent in an HTTP request ({type(exc).__name__}).",
            "Pass printable text: no line breaks, NUL or unpaired surrogates.",
        ) from None
    if isinstance(exc, httpx.DecodingError):
        raise unusable_body(
            exc, product=product, operation=operation, reference_id=reference_id, base_url=base_url
        ) from exc
    if isinstance(exc, httpx.HTTPError):
        raise connection_error(
            exc,
            product=product,
            operation=operation,
            reference_id=reference_id,
            base_url=base_url,
            token=token,
        ) from exc
    if isinstance(exc, UnexpectedBody):
        return Reply(exc.status_code, exc.headers, exc.content)
    raise exc


def unusable_body(
    exc: httpx.DecodingError,
    *,
    product: str,
    operation: str,
    reference_id: str | None,
    base_url: str,
) -> UnexpectedResponseError:
    """The typed error for an answer whose body cannot be used: MoMo (or something in front of
    it) answered, so this is not a connection error, and asking again will not change it."""
    status_code = None
    hint = None
    if isinstance(exc, ResponseTooLargeError):
        status_code = exc.status_code
        hint = (
            "MoMo's answers are under 2 KiB: check base_url, something else (a proxy, a web "
            "server) may be answering."
        )
    return UnexpectedResponseError(
        f"unusable response body: {exc}",
        status_code=status_code,
        product=product,
        operation=operation,
        reference_id=reference_id,
        base_url=base_url,
        hint=hint,
    )


def connection_error(
    exc: httpx.HTTPError,
    *,
    product: str,
    operation: str,
    reference_id: str | None,
    base_url: str,
    token: bool = False,
) -> MomoConnectionError:
    """The typed error for a request that got no HTTP answer."""
    maybe_sent = not isinstance(exc, _NOT_SENT)
    context: dict[str, Any] = {
        "product": product,
        "operation": operation,
        "reference_id": reference_id,
        "base_url": base_url,
        "maybe_sent": maybe_sent,
    }
    what = "the token endpoint" if token else "MoMo"
    message = f"no answer from {what}: {type(exc).__name__}"
    if token:
        return TokenConnectionError(message, **context)
    if isinstance(exc, httpx.TimeoutException):
        return MomoTimeoutError(message, **context)
    return MomoConnectionError(message, **context)


def wire_body(reply: Reply) -> object:
    """The body exactly as MoMo sent it: its JSON, else the bytes (empty: None).

    Decoded from the received bytes, never re-serialised from a model, so ``.raw`` keeps every
    field as sent (a date-time keeps its ``Z``, an amount its type).
    """
    if reply.body is not None:
        # What the generated client decoded these bytes to: not decoded a second time.
        return reply.body
    if not reply.content:
        return None
    try:
        return json.loads(reply.content)
    except ValueError:
        return reply.content


def read_reply(reply: Reply, parse: Callable[[object, RawResponse], R]) -> R:
    """``parse`` of the body MoMo sent and of the answer (for the result to keep); the answer
    also goes on the error ``parse`` raises for a body it cannot use."""
    response = reply.response
    try:
        return parse(wire_body(reply), response)
    except MomoAPIError as error:
        error.response = response
        raise


def read_result(reply: Reply, parse: Callable[[object], R]) -> R:
    """:func:`read_reply` for a parser of the body alone: the answer is attached afterwards."""
    return read_reply(reply, lambda body, response: with_response(parse(body), response))
