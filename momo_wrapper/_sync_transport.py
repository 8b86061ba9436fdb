"""The sync client's own transport: httpcore's connection pool (or proxy pool) over sockets whose
every wait ends by the current response's deadline (``_limits.DeadlineBackend``).

httpx's ``HTTPTransport`` builds the same httpcore pools but takes no network backend, so this
is the part of it the SDK needs, through httpcore's public constructors: requests and responses
are converted the way httpx does, and httpcore's errors become httpx's (the runner decides from
them whether a request may have been sent). HTTP/1.1 only, like the rest of the SDK.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from ._limits import DeadlineBackend

# httpcore exception -> httpx exception, most specific first.
_ERRORS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


def _as_httpx_error(exc: Exception, request: httpx.Request) -> Exception:
    """httpx's exception for an httpcore one (``exc`` itself for any other)."""
    for httpcore_type, httpx_type in _ERRORS:
        if isinstance(exc, httpcore_type):
            return httpx_type(str(exc), request=request)
    return exc


def _core_url(url: httpx.URL) -> httpcore.URL:
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes], request: httpx.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        # try/except rather than a context manager: this runs for every response.
        try:
            yield from self._stream
        except Exception as exc:
            error = _as_httpx_error(exc, self._request)
            if error is exc:
                raise
            raise error from exc

    def close(self) -> None:
        close = getattr(self._stream, "close", None)  # httpcore's public stream method
        if close is not None:
            close()


class SocketTransport(httpx.BaseTransport):
    """httpx requests over an httpcore pool whose sockets honour the response deadline; through
    ``proxy`` (an http:// or https:// proxy: forwarding or CONNECT) when given."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext,
        limits: httpx.Limits,
        proxy: httpx.Proxy | None = None,
    ) -> None:
        backend = DeadlineBackend(httpcore.SyncBackend())
        pool_settings = {
            "ssl_context": ssl_context,
            "max_connections": limits.max_connections,
            "max_keepalive_connections": limits.max_keepalive_connections,
            "keepalive_expiry": limits.keepalive_expiry,
            "network_backend": backend,
        }
        self.pool: httpcore.ConnectionPool
        if proxy is None:
            self.pool = httpcore.ConnectionPool(**pool_settings)  # type: ignore[arg-type]
        else:
            self.pool = httpcore.HTTPProxy(
                proxy_url=_core_url(proxy.url),
                proxy_auth=proxy.auth,
                proxy_headers=proxy.headers.raw,
                proxy_ssl_context=proxy.ssl_context,
                **pool_settings,  # type: ignore[arg-type]
            )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=_core_url(request.url),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self.pool.handle_request(core_request)
        except Exception as exc:
            error = _as_httpx_error(exc, request)
            if error is exc:
                raise
            raise error from exc
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream, request),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.pool.close()
