"""The HTTP answer a result or an error was built from, as received."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import httpx

from ._redact import Secrets, redact_shapes

REQUEST_ID_HEADERS = ("x-request-id", "x-correlation-id", "request-id")
"""Checked in this order for :attr:`RawResponse.request_id`. MoMo documents none of them (its
``Request-Context`` header is one constant application id, not a per-request id); a gateway or
proxy in front of it may add one, and support asks for it when it does."""


# Not slotted, like the results that hold it (see _results.py): one per answer.
@attrs.frozen(repr=False, eq=False, slots=False)
class RawResponse:
    """What MoMo sent: ``status_code``, ``headers`` (looked up in any case) and the body bytes in
    ``content`` (at most the 1 MiB response limit).

    Response headers only: the request's credentials are never in it. The bytes are exactly the
    ones received, except on errors and on results that hold a secret (an API key, a consent
    token): there secrets are replaced by ``[REDACTED]``, as in every log line and error message
    (the SDK's keys and tokens, and values secret by their shape: an ``apiKey`` or
    ``access_token`` member, a JWT). Its repr shows the status, request id and body size, never
    the body.
    """

    status_code: int
    headers: Mapping[str, str]
    content: bytes

    @classmethod
    def received(cls, status_code: int, headers: Mapping[str, str], content: bytes) -> RawResponse:
        """The answer as received: httpx's headers are kept as they are (case-insensitive),
        other mappings get lower-case names."""
        if not isinstance(headers, httpx.Headers):
            headers = {name.lower(): value for name, value in headers.items()}
        return cls(status_code, headers, content)

    def scrubbed(self, secrets: Secrets | None = None) -> RawResponse:
        """The answer with secrets replaced, for errors (MoMo may echo a key or a token) and
        results that hold a secret (an API key, a consent token)."""
        content = _scrubbed_bytes(self.content, secrets)
        headers = {name: _scrubbed(value, secrets) for name, value in self.headers.items()}
        return RawResponse(self.status_code, headers, content)

    @property
    def request_id(self) -> str | None:
        """The first of ``X-Request-Id``, ``X-Correlation-Id``, ``Request-Id`` present, or None."""
        for name in REQUEST_ID_HEADERS:
            value = self.headers.get(name)
            if value:
                return value
        return None

    def __repr__(self) -> str:
        return (
            f"RawResponse(status_code={self.status_code}, request_id={self.request_id!r}, "
            f"content=<{len(self.content)} bytes>)"
        )


def _scrubbed(text: str, secrets: Secrets | None) -> str:
    return secrets.redact(text) if secrets is not None else redact_shapes(text)


def _scrubbed_bytes(content: bytes, secrets: Secrets | None) -> bytes:
    """``content`` itself unless it holds a secret (the exact bytes matter to the caller)."""
    if not content:
        return content
    text = content.decode("utf-8", errors="surrogateescape")
    clean = _scrubbed(text, secrets)
    return content if clean == text else clean.encode("utf-8", errors="surrogateescape")
