"""Building the httpx clients the generated functions send through.

One keep-alive pool per product client; redirects are never followed (a 302 from the token
endpoint means a wrong path and must surface); TLS verification follows the config. The keep-alive
limit equals the connection limit so a burst of concurrent calls reuses its connections instead
of closing and reopening them on every request (httpx's default keeps only 20 alive).

The sync client sends through httpcore's pool with deadline-bounded sockets
(``_sync_transport``); the async client through aiohttp's pool when aiohttp is installed, else
through one-connection lanes of httpx's own transport (``_aio_transport``, ``_lanes``: httpcore's
shared async pool collapses under concurrency). Proxies (``MomoConfig.proxy``, else the standard
variables, ``_proxies``) are routes in httpx's public ``mounts=``, each with the client's own kind
of transport. A ``transport`` or ``http_client`` given by the caller replaces all of that (the
SDK's proxy settings then do not apply; the user's client routes by its own).

Every transport a client sends through (its own, a proxy route's, the caller's, or the one that
hands requests to the caller's ``http_client``) is wrapped by ``_limits``: a response body may be
at most 1 MiB and one attempt may take at most ``connect_timeout + read_timeout`` in total,
however slowly the server drips. Bodies are asked for uncompressed (MoMo's are under 2 KiB).
"""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from ._config import MomoConfig
from ._limits import AsyncLimitedTransport, LimitedTransport, ResponseLimits
from ._proxies import proxy_routes, proxy_secrets, to_proxy
from ._sync_transport import SocketTransport
from ._user_client import AsyncSendThrough, SendThrough

T = TypeVar("T")

MAX_CONNECTIONS = 100


def timeout(config: MomoConfig) -> httpx.Timeout:
    return httpx.Timeout(config.read_timeout, connect=config.connect_timeout)


def limits() -> httpx.Limits:
    return httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)


def tls_context(verify: bool) -> ssl.SSLContext | bool:
    """One verifying SSL context per process (and CA settings): building one loads the whole CA
    bundle, about 20 ms, which every product client of every MomoClient used to pay again."""
    if not verify:
        return False
    return _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.cache
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    # The arguments are the cache key: httpx reads these variables when it builds a context.
    del cert_file, cert_dir
    return httpx.create_ssl_context(verify=True)


@functools.cache
def insecure_tls_context() -> ssl.SSLContext:
    """What httpx builds for ``verify=False`` (``insecure_skip_tls_verify``, sandbox only)."""
    return httpx.create_ssl_context(verify=False)


def _settings(config: MomoConfig, auth: httpx.Auth) -> dict[str, Any]:
    """What the sync and the async client have in common."""
    return {
        "base_url": config.base_url,
        "auth": auth,
        "headers": {
            "User-Agent": config.user_agent,
            "Accept": "application/json",
            "Accept-Encoding": "identity",
        },
        "timeout": timeout(config),
        "limits": limits(),
        "verify": tls_context(config.verify_tls),
        "follow_redirects": False,
    }


def response_limits(config: MomoConfig) -> ResponseLimits:
    return ResponseLimits(max_seconds=config.connect_timeout + config.read_timeout)


def _routes(config: MomoConfig) -> dict[str, httpx.Proxy | None]:
    """``_proxies.proxy_routes`` as httpx proxies; an environment proxy's password becomes a
    secret of this configuration, so redaction knows it."""
    routes = proxy_routes(config.proxy, os.environ)
    for url in {url for url in routes.values() if url is not None}:
        config.secrets.add(*proxy_secrets(url))
    return {pattern: None if url is None else to_proxy(url) for pattern, url in routes.items()}


def _mounted(
    routes: dict[str, httpx.Proxy | None], make: Callable[[httpx.Proxy], T]
) -> dict[str, T | None]:
    """One transport per proxy (the http:// and https:// routes of one proxy share a pool)."""
    made: dict[str, T] = {}
    mounts: dict[str, T | None] = {}
    for pattern, proxy in routes.items():
        if proxy is None:
            mounts[pattern] = None  # the client's own transport: straight to the host
            continue
        key = f"{proxy.url}|{proxy.auth}"
        if key not in made:
            made[key] = make(proxy)
        mounts[pattern] = made[key]
    return mounts


def sync_client(
    config: MomoConfig,
    auth: httpx.Auth,
    transport: httpx.BaseTransport | None = None,
    http_client: httpx.Client | None = None,
) -> httpx.Client:
    limited = response_limits(config)
    if http_client is not None or transport is not None:
        # The caller's transport or client: wrapped, never modified.
        inner = SendThrough(http_client) if http_client is not None else transport
        assert inner is not None
        return httpx.Client(
            **_settings(config, auth),
            transport=LimitedTransport(inner, limited),
        )
    tls = tls_context(config.verify_tls)
    ssl_context = tls if isinstance(tls, ssl.SSLContext) else insecure_tls_context()

    def own(proxy: httpx.Proxy | None) -> LimitedTransport:
        sockets = SocketTransport(ssl_context=ssl_context, limits=limits(), proxy=proxy)
        return LimitedTransport(sockets, limited)

    return httpx.Client(
        **_settings(config, auth),
        transport=own(None),
        mounts=_mounted(_routes(config), own),
    )


def default_async_transport(
    config: MomoConfig, proxy: httpx.Proxy | None = None
) -> httpx.AsyncBaseTransport:
    try:
        from ._aio_transport import AiohttpTransport
    except ImportError:
        from ._lanes import LaneTransport

        return LaneTransport(verify=tls_context(config.verify_tls), limits=limits(), proxy=proxy)
    return AiohttpTransport(verify=tls_context(config.verify_tls), limits=limits(), proxy=proxy)


def async_client(
    config: MomoConfig,
    auth: httpx.Auth,
    transport: httpx.AsyncBaseTransport | None = None,
    http_client: httpx.AsyncClient | None = None,
) -> httpx.AsyncClient:
    limited = response_limits(config)
    if http_client is not None or transport is not None:
        inner = AsyncSendThrough(http_client) if http_client is not None else transport
        assert inner is not None
        return httpx.AsyncClient(
            **_settings(config, auth),
            transport=AsyncLimitedTransport(inner, limited),
        )

    def own(proxy: httpx.Proxy | None) -> AsyncLimitedTransport:
        inner = default_async_transport(config, proxy)
        return AsyncLimitedTransport(inner, limited, enforces_timeouts=True)

    return httpx.AsyncClient(
        **_settings(config, auth),
        transport=own(None),
        mounts=_mounted(_routes(config), own),
    )
