"""Tokens and their refresh lock in Redis: every process on every host shares them.

A token is one key holding ``{"value", "expires_at", "issued_at"}`` with a ``PX`` time to live
ending at the token's expiry, so Redis drops it by itself. The refresh lock is
``SET <key>:lock <random owner> NX PX <lease>``, run inside a script that also accepts a lock
that is already ours (a retried attempt that had succeeded); release deletes the key only if it
still holds our owner value. The lease is Redis's own clock, so a dead holder stops blocking when
the key expires, whatever the clocks of the hosts say.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LockTimeoutError, StoreUnavailableError
from momo_wrapper._store_plugins import redact_url
from momo_wrapper._tokens import AccessToken, TokenKey

from ._locking import DEFAULT_LOCK_LEASE, LeasePolicy, TryAcquire, acquire_steps, new_owner
from ._redis import RedisCall, RedisConnection, Script, eval_call
from ._steps import run_async, run_sync
from ._token_store import lock_timeout_error, log_unreleased_lock

DEFAULT_KEY_PREFIX = "momo"

# KEYS[1] lock key; ARGV owner, lease ms. Returns -1 when the lock is ours, else its ms left.
_ACQUIRE = Script("""
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return -1 end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
  return -1
end
local left = redis.call('PTTL', KEYS[1])
if left == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  left = tonumber(ARGV[2])
end
if left < 0 then left = 0 end
return left
""")

# KEYS[1] lock key; ARGV owner.
_RELEASE = Script("""
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
""")

# KEYS[1] token key; ARGV token value. Deletes only the token it was given.
_DELETE_IF_SAME = Script("""
local stored = redis.call('GET', KEYS[1])
if not stored then return 0 end
local ok, token = pcall(cjson.decode, stored)
if ok and type(token) == 'table' and token['value'] == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
""")


def _encode(token: AccessToken) -> str:
    return json.dumps(
        {"value": token.value, "expires_at": token.expires_at, "issued_at": token.issued_at}
    )


def _decode(raw: object) -> AccessToken | None:
    if not isinstance(raw, str):
        return None
    try:
        data = json.loads(raw)
        return AccessToken(
            value=str(data["value"]),
            expires_at=float(data["expires_at"]),
            issued_at=float(data["issued_at"]),
        )
    except (ValueError, KeyError, TypeError):
        # Unreadable (another writer, a manual edit): a miss, and the next fetch overwrites it.
        return None


def _lease_left(reply: object) -> float | None:
    milliseconds = int(reply)  # type: ignore[call-overload]
    return None if milliseconds < 0 else milliseconds / 1000


class RedisTokenStore:
    """A :class:`SharedTokenStore` in Redis (any number of processes on any number of hosts).

    ``url`` is a ``redis://`` or ``rediss://`` URL as redis-py takes it; ``display_url`` is what
    errors show (no credentials). Keys start with ``key_prefix``.
    """

    def __init__(
        self,
        url: str,
        *,
        display_url: str | None = None,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        lock_lease: float = DEFAULT_LOCK_LEASE,
        acquire_timeout: float | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._redis = RedisConnection(
            url, display_url=display_url or redact_url(url), store="redis token store"
        )
        self._prefix = key_prefix
        self._policy = LeasePolicy(lease=lock_lease, acquire_timeout=acquire_timeout)
        self._clock = clock

    @property
    def display_url(self) -> str:
        return self._redis.display_url

    def _token_key(self, key: TokenKey) -> str:
        return f"{self._prefix}:{key.storage_key}"

    def _lock_key(self, key: TokenKey) -> str:
        return f"{self._prefix}:{key.storage_key}:lock"

    # -- TokenStore ---------------------------------------------------------------------------

    def get(self, key: TokenKey) -> AccessToken | None:
        raw = self._redis.execute(RedisCall("get", (self._token_key(key),)), operation="get")
        return _decode(raw)

    def set(self, key: TokenKey, token: AccessToken) -> None:
        ttl_ms = int((token.expires_at - self._clock.time()) * 1000)
        if ttl_ms <= 0:  # already expired: storing it would only be a miss later
            call = RedisCall("delete", (self._token_key(key),), writes=True)
        else:
            call = RedisCall(
                "set", (self._token_key(key), _encode(token)), {"px": ttl_ms}, writes=True
            )
        self._redis.execute(call, operation="set")

    def delete(self, key: TokenKey, token: AccessToken) -> bool:
        deleted = self._redis.execute(
            eval_call(_DELETE_IF_SAME, [self._token_key(key)], [token.value]),
            operation="delete",
        )
        return bool(deleted)

    # -- TokenLockProvider --------------------------------------------------------------------

    def _acquire_call(self, key: TokenKey, owner: str) -> RedisCall:
        lease_ms = max(1, int(self._policy.lease * 1000))
        return eval_call(_ACQUIRE, [self._lock_key(key)], [owner, lease_ms])

    def _release_call(self, key: TokenKey, owner: str) -> RedisCall:
        return eval_call(_RELEASE, [self._lock_key(key)], [owner])

    @contextlib.contextmanager
    def lock(self, key: TokenKey) -> Iterator[None]:
        owner = new_owner()
        call = self._acquire_call(key, owner)

        def attempt(_command: TryAcquire) -> float | None:
            return _lease_left(self._redis.execute(call, operation="lock"))

        run_sync(
            acquire_steps(self._policy, self._clock, self._timeout_error), attempt, self._clock
        )
        try:
            yield
        finally:
            try:
                self._redis.execute(self._release_call(key, owner), operation="unlock")
            except StoreUnavailableError as exc:
                log_unreleased_lock(exc)

    @contextlib.asynccontextmanager
    async def alock(self, key: TokenKey) -> AsyncIterator[None]:
        owner = new_owner()
        call = self._acquire_call(key, owner)

        async def attempt(_command: TryAcquire) -> float | None:
            return _lease_left(await self._redis.aexecute(call, operation="lock"))

        await run_async(
            acquire_steps(self._policy, self._clock, self._timeout_error), attempt, self._clock
        )
        try:
            yield
        finally:
            try:
                await self._redis.aexecute(self._release_call(key, owner), operation="unlock")
            except StoreUnavailableError as exc:
                log_unreleased_lock(exc)

    def _timeout_error(self, waited: float) -> LockTimeoutError:
        store, url, lease = "redis token store", self.display_url, self._policy.lease
        return lock_timeout_error(store, url, waited, lease)

    def close(self) -> None:
        self._redis.close()

    async def aclose(self) -> None:
        """Close the running event loop's connections, then the blocking client."""
        await self._redis.aclose()
        self._redis.close()

    def __repr__(self) -> str:
        return f"RedisTokenStore({self.display_url!r})"
