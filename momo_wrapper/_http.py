"""Building the httpx clients the generated functions send through.

One keep-alive pool per product client; redirects are never followed (a 302 from the token
endpoint means a wrong path and must surface); TLS verification follows the config. The keep-alive
limit equals the connection limit so a burst of concurrent calls reuses its connections instead
of closing and reopening them on every request (httpx's default keeps only 20 alive).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import httpx

from ._config import MomoConfig

MAX_CONNECTIONS = 100

LAST_RESPONSE: ContextVar[httpx.Response | None] = ContextVar("momo_last_response", default=None)
"""The last response received in this thread or task.

The generated client parses an error body as JSON when the spec documents one; an empty or HTML
body then raises before the caller sees the status code. The runner reads the response from here
to report it properly.
"""


def _remember(response: httpx.Response) -> None:
    LAST_RESPONSE.set(response)


async def _aremember(response: httpx.Response) -> None:
    LAST_RESPONSE.set(response)


def timeout(config: MomoConfig) -> httpx.Timeout:
    return httpx.Timeout(config.read_timeout, connect=config.connect_timeout)


def limits() -> httpx.Limits:
    return httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS)


def _settings(config: MomoConfig, auth: httpx.Auth) -> dict[str, Any]:
    """What the sync and the async client have in common."""
    return {
        "base_url": config.base_url,
        "auth": auth,
        "headers": {"User-Agent": config.user_agent, "Accept": "application/json"},
        "timeout": timeout(config),
        "limits": limits(),
        "verify": config.verify_tls,
        "follow_redirects": False,
    }


def sync_client(
    config: MomoConfig, auth: httpx.Auth, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    return httpx.Client(
        **_settings(config, auth), transport=transport, event_hooks={"response": [_remember]}
    )


def async_client(
    config: MomoConfig, auth: httpx.Auth, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        **_settings(config, auth), transport=transport, event_hooks={"response": [_aremember]}
    )
