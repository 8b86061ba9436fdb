"""Building the httpx clients the generated functions send through.

One keep-alive pool per product client; redirects are never followed (a 302 from the token
endpoint means a wrong path and must surface); TLS verification follows the config. The keep-alive
limit equals the connection limit so a burst of concurrent calls reuses its connections instead
of closing and reopening them on every request (httpx's default keeps only 20 alive).

The async client sends through aiohttp's pool when aiohttp is installed, else through one-
connection lanes of httpx's own transport (``_aio_transport``, ``_lanes``: httpcore's shared
async pool collapses under concurrency). A ``transport`` given by the caller always wins.

Every transport a client sends through (its own, an environment proxy's, or the caller's) is
wrapped by ``_limits``: a response body may be at most 1 MiB and one attempt may take at most
``connect_timeout + read_timeout`` in total, however slowly the server drips. Bodies are asked
for uncompressed (MoMo's are under 2 KiB).
"""

from __future__ import annotations

import functools
import os
import ssl
from typing import Any

import httpx

from ._config import MomoConfig
from ._limits import (
    AsyncLimitedTransport,
    LimitedTransport,
    ResponseLimits,
    bound_socket_reads,
)

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


def sync_client(
    config: MomoConfig, auth: httpx.Auth, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    client = httpx.Client(**_settings(config, auth), transport=transport)
    # Wrapped after construction so httpx still sets up environment proxies (HTTPS_PROXY) when
    # no transport is given. httpx has no public hook for this; ``_transport`` and ``_mounts``
    # are stable in the versions the SDK supports (<0.29) and tests check the wrapping.
    limited = response_limits(config)
    own = transport is None
    client._transport = _limited(client._transport, limited, own=own)
    client._mounts = {
        pattern: None if mounted is None else _limited(mounted, limited, own=True)
        for pattern, mounted in client._mounts.items()
    }
    return client


def _limited(
    transport: httpx.BaseTransport, limits: ResponseLimits, *, own: bool
) -> LimitedTransport:
    if own:  # a transport the caller passed in is not modified
        bound_socket_reads(transport)
    return LimitedTransport(transport, limits)


def default_async_transport(config: MomoConfig) -> httpx.AsyncBaseTransport:
    try:
        from ._aio_transport import AiohttpTransport
    except ImportError:
        from ._lanes import LaneTransport

        return LaneTransport(verify=tls_context(config.verify_tls), limits=limits())
    return AiohttpTransport(verify=tls_context(config.verify_tls), limits=limits())


def async_client(
    config: MomoConfig, auth: httpx.Auth, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    own = transport is None
    inner = default_async_transport(config) if transport is None else transport
    limited = AsyncLimitedTransport(inner, response_limits(config), enforces_timeouts=own)
    return httpx.AsyncClient(**_settings(config, auth), transport=limited)
