"""Framework-neutral request/response values shared by the core and every adapter."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from email.utils import formatdate
from http import HTTPStatus
from typing import Any

import attrs

#: MoMo (Wallet Platform) bodies: no space after the semicolon, exactly as recorded.
MOMO_JSON = "application/json;charset=utf-8"
#: Azure API Management gateway bodies carry no charset.
GATEWAY_JSON = "application/json"
HTML = "text/html; charset=us-ascii"

# Constant across every recorded sandbox response 2020-2023 (api-behaviour §10).
_COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("Request-Context", "appId=cid-v1:e996501c-e721-4ac1-97ff-dc6887b85e8c"),
    ("X-Xss-Protection", "1; mode=block"),
)

HeaderPairs = tuple[tuple[str, str], ...]


@attrs.frozen(slots=True)
class SandboxResponse:
    """A complete HTTP response produced by the sandbox core."""

    status: int
    headers: HeaderPairs
    body: bytes = b""
    #: Status-line reason phrase (the gateway says "Access Denied" for its 401).
    reason: str = ""

    @property
    def reason_phrase(self) -> str:
        if self.reason:
            return self.reason
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return ""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    def json(self) -> Any:
        return json.loads(self.body)


class ReplyKind(enum.Enum):
    """What an adapter must do with the connection."""

    #: Send `SandboxReply.response`.
    RESPOND = "respond"
    #: The request never reached the sandbox (in-process: httpx.ConnectError).
    REFUSE = "refuse"
    #: Connection reset before processing (in-process: httpx.ReadError; server: TCP RST).
    RESET = "reset"
    #: Processed, then the connection closed without a response
    #: (in-process: httpx.RemoteProtocolError; server: FIN without a response).
    DROP = "drop"
    #: Processed, then no response ever (in-process: httpx.ReadTimeout; server: socket held open).
    HANG = "hang"


@attrs.frozen(slots=True)
class SandboxReply:
    """The core's answer: a response, or a connection directive, after `latency` seconds."""

    kind: ReplyKind
    response: SandboxResponse | None = None
    latency: float = 0.0


_date_cache: list[Any] = [None, ""]


def http_date(epoch_seconds: float) -> str:
    """RFC 7231 date, cached per second because every response carries one."""
    second = int(epoch_seconds)
    if _date_cache[0] != second:
        _date_cache[1] = formatdate(second, usegmt=True)
        _date_cache[0] = second
    return str(_date_cache[1])


def _finish(
    status: int,
    body: bytes,
    content_type: str | None,
    now: float,
    extra: Iterable[tuple[str, str]] = (),
    reason: str = "",
) -> SandboxResponse:
    headers: list[tuple[str, str]] = [("Date", http_date(now))]
    if content_type is not None:
        headers.append(("Content-Type", content_type))
    headers.append(("Content-Length", str(len(body))))
    headers.extend(_COMMON_HEADERS)
    headers.extend(extra)
    return SandboxResponse(status, tuple(headers), body, reason)


def dump_json(value: Any) -> bytes:
    """Compact JSON, key order preserved: the wire form MoMo uses."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def empty(status: int, now: float, extra: Iterable[tuple[str, str]] = ()) -> SandboxResponse:
    """An empty-bodied response: no Content-Type, `Content-Length: 0` (api-behaviour §9)."""
    return _finish(status, b"", None, now, extra)


def momo_json(
    status: int, value: Any, now: float, extra: Iterable[tuple[str, str]] = ()
) -> SandboxResponse:
    return _finish(status, dump_json(value), MOMO_JSON, now, extra)


def momo_error(status: int, code: str, message: str, now: float) -> SandboxResponse:
    """MoMo error envelope, message first on the wire (api-behaviour §9)."""
    return momo_json(status, {"message": message, "code": code}, now)


def gateway_error(
    status: int,
    message: str,
    now: float,
    extra: Iterable[tuple[str, str]] = (),
    reason: str = "",
) -> SandboxResponse:
    """Azure APIM envelope, with the spaces inside the braces that APIM writes."""
    body = f'{{ "statusCode": {status}, "message": {json.dumps(message)} }}'.encode()
    return _finish(status, body, GATEWAY_JSON, now, extra, reason)


def raw(
    status: int,
    body: bytes,
    content_type: str | None,
    now: float,
    extra: Iterable[tuple[str, str]] = (),
) -> SandboxResponse:
    return _finish(status, body, content_type, now, extra)


def lower_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """Case-insensitive view; the first occurrence of a repeated header wins."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    result: dict[str, str] = {}
    for name, value in pairs:
        result.setdefault(name.lower(), value)
    return result
