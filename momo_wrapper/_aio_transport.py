"""An httpx transport that sends through aiohttp: the async client's default when aiohttp is
installed (``pip install momo-wrapper[aiohttp]``).

Why: with 50 requests in flight, httpx's own async pool (httpcore) spends its time re-scanning
every connection for every queued request and hands one idle connection to several requests at
once, which then fail over and scan again: on a 2-core machine AsyncMomoClient managed about 100
payments/s on it and about 800 on aiohttp's pool (``python -m benchmarks``). httpx stays the
API: auth, event hooks, timeouts, the generated client and every error type are unchanged; only
the socket work moves.

Faithful to httpx on purpose:

* errors are httpx's: refused/unreachable -> ``ConnectError``, connect or pool wait too long ->
  ``ConnectTimeout``, no answer in time -> ``ReadTimeout``, reset -> ``ReadError``, closed
  without (a complete) answer -> ``RemoteProtocolError``; the runner decides from these whether
  a request may have been sent;
* no hidden retries: aiohttp silently resends an idempotent request once when a kept-alive
  connection turns out dead (reset, or closed before the answer: the request may well have
  reached the server); the SDK's own retry policy must see every failure. aiohttp has no switch
  for it, so a client middleware (public since aiohttp 3.12) re-raises those two errors
  wrapped in :class:`_NotResent`, which aiohttp passes on instead of resending, and they are
  unwrapped into httpx's errors below. It is given per request, to the methods aiohttp could
  resend: a POST or PATCH is never resent, so it goes without;
* a proxy (``proxy=``, chosen per route by the client's mounts, ``_proxies``) goes to aiohttp's
  ``proxy=`` / ``proxy_auth=``; the session does not read the environment itself;
* aiohttp keeps no cookies and decompresses nothing (httpx does both, once); redirects are
  never followed; TLS uses the same context httpx would build;
* the body is streamed to httpx, so a response-size limit on top still bounds memory.
"""

from __future__ import annotations

import asyncio
import base64
import ssl
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import yarl

# aiohttp exception -> httpx exception, most specific first.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientError, httpx.ReadError),
    (TimeoutError, httpx.ReadTimeout),
)


class _NotResent(aiohttp.ClientError):
    """Carries a dead-connection error past aiohttp's silent resend (see the module docstring)."""

    def __init__(self, error: aiohttp.ClientError) -> None:
        super().__init__(str(error))
        self.error = error


async def _no_silent_resend(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    try:
        return await handler(request)
    except (aiohttp.ClientOSError, aiohttp.ServerDisconnectedError) as exc:
        raise _NotResent(exc) from exc


_RESEND_GUARD = (_no_silent_resend,)
_NEVER_RESENT = frozenset({"POST", "PATCH"})
"""Methods HTTP does not call idempotent, which aiohttp never resends: their requests skip the
guard, and with it a middleware call per request (every create is a POST)."""


def _as_httpx_error(raised: Exception, request: httpx.Request) -> Exception:
    """httpx's exception for an aiohttp one (``raised`` itself for any other)."""
    if isinstance(raised, httpx.HTTPError):
        return raised
    exc = raised.error if isinstance(raised, _NotResent) else raised
    for aiohttp_type, httpx_type in _ERRORS:
        if isinstance(exc, aiohttp_type):
            error = httpx_type(_describe(exc), request=request)
            error.__cause__ = exc
            return error
    return raised


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


class _ResponseStream(httpx.AsyncByteStream):
    """The aiohttp body as httpx reads it; closing it hands the connection back to the pool."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        # try/except rather than a context manager: this runs for every response.
        try:
            async for chunk in self._response.content.iter_any():
                yield chunk
        except Exception as exc:
            error = _as_httpx_error(exc, self._request)
            if error is exc:
                raise
            raise error from error.__cause__

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Send httpx requests through one aiohttp session (created on first use, in the running
    event loop, so the client itself may be built outside one)."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits,
        proxy: httpx.Proxy | None = None,
    ) -> None:
        self._verify = verify
        self._limits = limits
        self._proxy: dict[str, Any] = {}
        self._forwarded_headers: list[tuple[str, str]] = []
        if proxy is not None:
            self._proxy["proxy"] = yarl.URL(str(proxy.url))
            headers = dict(proxy.headers)
            if proxy.auth is not None:
                # As a header: aiohttp 3.14 deprecates proxy_auth= and BasicAuth.
                pair = ":".join(proxy.auth).encode()
                headers["Proxy-Authorization"] = "Basic " + base64.b64encode(pair).decode()
            if headers:
                # aiohttp sends proxy_headers on a CONNECT only; a forwarded http:// request
                # carries them itself.
                self._proxy["proxy_headers"] = headers
                self._forwarded_headers = list(headers.items())
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    def _session_for_running_loop(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            # A session belongs to one loop; a client reused from a new loop starts afresh.
            self._session, self._loop = self._open_session(), loop
        return self._session

    def _open_session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            # The context httpx would build (certifi roots, SSL_CERT_FILE honoured), made on
            # first use: loading the CA bundle costs tens of milliseconds.
            ssl=httpx.create_ssl_context(verify=self._verify),
            limit=self._limits.max_connections or 0,
            keepalive_timeout=self._limits.keepalive_expiry,
        )
        return aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,
            timeout=aiohttp.ClientTimeout(total=None),
        )

    def _timeout(self, request: httpx.Request) -> aiohttp.ClientTimeout:
        timeouts: dict[str, float | None] = request.extensions.get("timeout") or {}
        key = (timeouts.get("pool"), timeouts.get("connect"), timeouts.get("read"))
        timeout = self._timeouts.get(key)
        if timeout is None:
            # aiohttp's ``connect`` covers waiting for a pooled connection plus connecting.
            pool, connect, read = key
            timeout = aiohttp.ClientTimeout(
                total=None, connect=pool, sock_connect=connect, sock_read=read
            )
            self._timeouts[key] = timeout
        return timeout

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session_for_running_loop()
        body = await request.aread()
        try:
            response = await session.request(
                request.method,
                yarl.URL(str(request.url), encoded=True),
                headers=[
                    *(
                        (name.decode("latin-1"), value.decode("latin-1"))
                        for name, value in request.headers.raw
                    ),
                    *(self._forwarded_headers if request.url.scheme == "http" else ()),
                ],
                data=body or None,
                allow_redirects=False,
                timeout=self._timeout(request),
                server_hostname=request.extensions.get("sni_hostname"),
                middlewares=() if request.method in _NEVER_RESENT else _RESEND_GUARD,
                **self._proxy,
            )
        except Exception as exc:
            error = _as_httpx_error(exc, request)
            if error is exc:
                raise
            raise error from error.__cause__
        extensions: dict[str, Any] = {"http_version": b"HTTP/1.1"}
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1")
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_ResponseStream(response, request),
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = self._loop = None
