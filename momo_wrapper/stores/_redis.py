"""One Redis server shared by the token store and the ledger: clients, commands, typed failures.

* A blocking ``redis.Redis`` for the sync API and one ``redis.asyncio.Redis`` per event loop for
  the async API (an asyncio connection cannot be shared between loops).
* Short, bounded retries (2, 50 ms apart) and timeouts (2 s to connect, 5 s per command) so a
  dead server is reported in seconds, not after redis-py's default ten retries. Query parameters
  of the URL (``socket_timeout``, ``socket_connect_timeout``) override the timeouts.
* Every command is a :class:`RedisCall`; the sync and async paths run the same calls.
* Lua scripts are sent by SHA1 (``EVALSHA``), so a command carries its keys and arguments, not the
  script. A server that does not know the script (restarted, or ``SCRIPT FLUSH``) answers
  ``NOSCRIPT`` without running anything; the script is then loaded and the call sent once more.
* Every ``RedisError`` becomes :class:`StoreUnavailableError`. A write that failed may still have
  reached the server, so it is reported with ``outcome_unknown=True``; every write this package
  makes is safe to repeat (scripts check before they change anything).
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import redis
import redis.asyncio
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import ConstantBackoff
from redis.exceptions import NoScriptError, RedisError
from redis.retry import Retry

from momo_wrapper._errors import StoreUnavailableError
from momo_wrapper._redact import redact_shapes

from ._errors import unavailable_error

_CLIENT_DEFAULTS: dict[str, Any] = {
    "decode_responses": True,
    "socket_connect_timeout": 2.0,
    "socket_timeout": 5.0,
}
_RETRIES = 2
_RETRY_PAUSE = 0.05


@attrs.frozen
class Script:
    """A Lua script and the SHA1 Redis knows it by (``SCRIPT LOAD`` returns the same digest)."""

    text: str
    sha: str = attrs.field(init=False)

    @sha.default
    def _sha(self) -> str:
        # SHA1 because it is the id Redis gives a script, not for security.
        return hashlib.sha1(self.text.encode()).hexdigest()


@attrs.frozen
class RedisCall:
    """A client method and its arguments, e.g. ``RedisCall("get", ("key",))``."""

    method: str
    args: Sequence[object] = ()
    kwargs: Mapping[str, object] = attrs.field(factory=dict)
    writes: bool = False
    """Whether the call may change data: a failure then leaves the outcome unknown."""
    script: Script | None = None
    """The script an ``evalsha`` call runs: loaded, and the call sent again, on ``NOSCRIPT``."""


def eval_call(script: Script, keys: Sequence[str], args: Sequence[object]) -> RedisCall:
    """A Lua script call by SHA1 (every script here may write)."""
    return RedisCall("evalsha", (script.sha, len(keys), *keys, *args), writes=True, script=script)


def _load_call(script: Script) -> RedisCall:
    return RedisCall("script_load", (script.text,))


class RedisConnection:
    """The clients for one Redis URL, named ``store`` in errors and shown as ``display_url``."""

    def __init__(self, client_url: str, *, display_url: str, store: str) -> None:
        self.display_url = display_url
        self.store = store
        self._client_url = client_url
        self.client: redis.Redis = redis.Redis.from_url(
            client_url, retry=Retry(ConstantBackoff(_RETRY_PAUSE), _RETRIES), **_CLIENT_DEFAULTS
        )
        self._async_clients: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, redis.asyncio.Redis
        ] = weakref.WeakKeyDictionary()
        self._async_lock = threading.Lock()

    def async_client(self) -> redis.asyncio.Redis:
        loop = asyncio.get_running_loop()
        with self._async_lock:  # event loops in several threads may share this object
            client = self._async_clients.get(loop)
            if client is None:
                client = redis.asyncio.Redis.from_url(
                    self._client_url,
                    retry=AsyncRetry(ConstantBackoff(_RETRY_PAUSE), _RETRIES),
                    **_CLIENT_DEFAULTS,
                )
                self._async_clients[loop] = client
            return client

    def execute(self, call: RedisCall, *, operation: str) -> Any:
        try:
            try:
                return self._send(call)
            except NoScriptError:
                # Nothing ran: load the script and send the same call again.
                if call.script is None:
                    raise
                self._send(_load_call(call.script))
                return self._send(call)
        except RedisError as exc:
            raise self.unavailable(operation, exc, outcome_unknown=call.writes) from exc

    def _send(self, call: RedisCall) -> Any:
        return getattr(self.client, call.method)(*call.args, **call.kwargs)

    async def aexecute(self, call: RedisCall, *, operation: str) -> Any:
        try:
            client = self.async_client()
            try:
                return await self._asend(client, call)
            except NoScriptError:
                if call.script is None:
                    raise
                await self._asend(client, _load_call(call.script))
                return await self._asend(client, call)
        except RedisError as exc:
            raise self.unavailable(operation, exc, outcome_unknown=call.writes) from exc

    @staticmethod
    async def _asend(client: redis.asyncio.Redis, call: RedisCall) -> Any:
        return await getattr(client, call.method)(*call.args, **call.kwargs)

    def unavailable(
        self, operation: str, exc: Exception, *, outcome_unknown: bool
    ) -> StoreUnavailableError:
        return unavailable_error(
            store=self.store,
            url=self.display_url,
            operation=operation,
            reason=redact_shapes(f"{type(exc).__name__}: {exc}"),
            outcome_unknown=outcome_unknown,
        )

    def close(self) -> None:
        """Close the blocking client; async clients are closed by :meth:`aclose` in their loop."""
        self.client.close()

    async def aclose(self) -> None:
        """Close the running loop's async client."""
        loop = asyncio.get_running_loop()
        with self._async_lock:
            client = self._async_clients.pop(loop, None)
        if client is not None:
            await client.aclose()
