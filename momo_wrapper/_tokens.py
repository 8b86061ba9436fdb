"""Access tokens: parsing, storing, and refreshing them once however many callers ask at once.

MoMo access tokens live 3600 s; MTN asks integrators to reuse them and refresh about 10 minutes
before expiry. :class:`TokenCache` does that per ``(base_url, product, api_user)``:

* ``get_or_fetch(key, fetch)`` (threads) and ``aget_or_fetch(key, afetch)`` (asyncio): any number
  of concurrent callers on a cold or stale cache cause exactly one ``fetch``; the others wait
  and get its token. A per-key ``threading.Lock`` guards the sync path and a per-key,
  per-event-loop ``asyncio.Lock`` the async path (an ``asyncio.Lock`` cannot be shared by loops).
* If a fetch fails, the callers that were waiting for it get the same error instead of each
  trying again in turn; the next caller after that starts a new fetch.
* A token inside its refresh margin but not yet expired is still served if the refresh fails
  (MoMo hiccup during the early-refresh window); the error surfaces once it really expires.
* ``invalidate(key, token)`` drops the stored token only if it is *that* token, so 50 requests that
  all got 401 with the same stale token cause one refetch, not 50.

Stores and cross-process locks
------------------------------
:class:`TokenStore` is three synchronous methods, so an SQLite or Redis store is a small class.
``delete(key, token)`` is compare-and-delete (delete only if the stored token is ``token``).
Processes sharing a store can also share refreshes by passing a :class:`TokenLockProvider`
(``lock``/``alock`` context managers, e.g. a Redis lock): the cache takes it after its own
in-process lock and re-reads the store before fetching, so a token another process just stored
is used instead of fetching again.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import math
import threading
import weakref
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from ._clock import SYSTEM_CLOCK, Clock
from ._errors import UnexpectedResponseError, body_excerpt
from ._redact import mask_identifier
from ._validation import validate_positive_number

if TYPE_CHECKING:
    import asyncio

DEFAULT_TOKEN_LIFETIME = 3600.0
"""MoMo's token lifetime, used when a token response omits or garbles ``expires_in``."""

STALE_TOKEN_SAFETY = 30.0
"""A token is served after a failed refresh only while it has at least this many seconds left."""


@attrs.frozen(repr=False)
class AccessToken:
    """A bearer token and its lifetime (epoch seconds). Equality and hashing use the value only."""

    value: str
    expires_at: float = attrs.field(eq=False)
    issued_at: float = attrs.field(eq=False)

    @property
    def lifetime(self) -> float:
        return self.expires_at - self.issued_at

    def seconds_left(self, now: float) -> float:
        return self.expires_at - now

    def is_expired(self, now: float) -> bool:
        return now >= self.expires_at

    def refresh_due(self, now: float, margin: float) -> bool:
        """True once ``now`` is within ``margin`` of expiry.

        The margin is capped at half the lifetime, so a short-lived token is still used for a
        while instead of being refreshed on every call.
        """
        effective_margin = min(margin, max(0.0, self.lifetime) / 2)
        return now >= self.expires_at - effective_margin

    def __repr__(self) -> str:
        expires = datetime.fromtimestamp(self.expires_at, UTC).isoformat(timespec="seconds")
        return f"AccessToken(value=***, expires_at={expires})"


def parse_token_response(
    body: bytes | str | Mapping[str, object],
    *,
    now: float,
    product: str | None = None,
    operation: str = "create_access_token",
    base_url: str | None = None,
) -> AccessToken:
    """An :class:`AccessToken` from a 200 token response.

    MoMo answers ``{"access_token": "<JWT>", "token_type": "access_token", "expires_in": 3600}``;
    ``token_type`` is ignored (it is not ``Bearer``), and a missing or unusable ``expires_in``
    falls back to 3600 s. Raises :class:`UnexpectedResponseError` without ``access_token``.
    """
    data: object = body
    if isinstance(body, bytes | str):
        try:
            data = json.loads(body or b"null")
        except ValueError:
            data = None
    value = data.get("access_token") if isinstance(data, Mapping) else None
    if not isinstance(value, str) or not value.strip():
        raw = body if isinstance(body, bytes | str) else json.dumps(dict(body), default=str)
        raise UnexpectedResponseError(
            "the token response has no access_token",
            status_code=200,
            product=product,
            operation=operation,
            base_url=base_url,
            body_excerpt=body_excerpt(raw),
        )
    assert isinstance(data, Mapping)
    lifetime = _lifetime(data.get("expires_in"))
    return AccessToken(value=value.strip(), expires_at=now + lifetime, issued_at=now)


def _lifetime(raw: object) -> float:
    if isinstance(raw, bool):
        return DEFAULT_TOKEN_LIFETIME
    try:
        seconds = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_TOKEN_LIFETIME
    if not math.isfinite(seconds) or seconds <= 0:
        return DEFAULT_TOKEN_LIFETIME
    return seconds


@attrs.frozen(repr=False, cache_hash=True)  # looked up on every request
class TokenKey:
    """Which token: tokens never mix across platforms, products or API users."""

    base_url: str
    product: str
    api_user: str

    @property
    def storage_key(self) -> str:
        """A stable, opaque string for external stores (the API user id is hashed, not shown)."""
        digest = hashlib.sha256(
            f"{self.base_url}\n{self.product}\n{self.api_user}".encode()
        ).hexdigest()
        return f"momo-token:v1:{self.product}:{digest[:32]}"

    def __repr__(self) -> str:
        return (
            f"TokenKey(base_url={self.base_url!r}, product={self.product!r}, "
            f"api_user={mask_identifier(self.api_user)!r})"
        )


class TokenStore(Protocol):
    """Where tokens live. Implementations must be thread-safe."""

    def get(self, key: TokenKey) -> AccessToken | None: ...

    def set(self, key: TokenKey, token: AccessToken) -> None: ...

    def delete(self, key: TokenKey, token: AccessToken) -> bool:
        """Delete the stored token only if it equals ``token``; return whether it did."""
        ...


class TokenLockProvider(Protocol):
    """Optional cross-process lock around a refresh (e.g. a Redis or file lock)."""

    def lock(self, key: TokenKey) -> AbstractContextManager[object]: ...

    def alock(self, key: TokenKey) -> AbstractAsyncContextManager[object]: ...


@runtime_checkable
class SharedTokenStore(Protocol):
    """A token store that is also its own cross-process refresh lock provider, and owns
    connections to release (the stores in :mod:`momo_wrapper.stores` are all of these)."""

    def get(self, key: TokenKey) -> AccessToken | None: ...

    def set(self, key: TokenKey, token: AccessToken) -> None: ...

    def delete(self, key: TokenKey, token: AccessToken) -> bool: ...

    def lock(self, key: TokenKey) -> AbstractContextManager[object]: ...

    def alock(self, key: TokenKey) -> AbstractAsyncContextManager[object]: ...

    def close(self) -> None:
        """Release connections (blocking clients)."""
        ...

    async def aclose(self) -> None:
        """Release the running event loop's connections, then the blocking ones."""
        ...


class InMemoryTokenStore:
    """The default store: a dict guarded by a lock, private to this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[TokenKey, AccessToken] = {}

    def get(self, key: TokenKey) -> AccessToken | None:
        with self._lock:
            return self._tokens.get(key)

    def set(self, key: TokenKey, token: AccessToken) -> None:
        with self._lock:
            self._tokens[key] = token

    def delete(self, key: TokenKey, token: AccessToken) -> bool:
        with self._lock:
            if self._tokens.get(key) == token:
                del self._tokens[key]
                return True
            return False

    def __len__(self) -> int:
        with self._lock:
            return len(self._tokens)

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(<{len(self)} tokens>)"


@attrs.define
class _RefreshState:
    """Per key (and, for asyncio, per event loop): how many fetches have finished, and how the
    last one failed. A caller that saw ``generation`` change while it waited for the lock was
    waiting on that fetch, so it shares its outcome instead of fetching again."""

    generation: int = 0
    failure: Exception | None = None


@attrs.define
class _SyncRefreshState(_RefreshState):
    lock: threading.Lock = attrs.field(factory=threading.Lock)


def _asyncio_lock() -> asyncio.Lock:
    # asyncio is imported only once an async refresh runs: a sync-only program never loads it.
    import asyncio

    return asyncio.Lock()


@attrs.define
class _AsyncRefreshState(_RefreshState):
    lock: asyncio.Lock = attrs.field(factory=_asyncio_lock)


class TokenCache:
    """Single-flight token refresh over a :class:`TokenStore`. Share one per client."""

    def __init__(
        self,
        store: TokenStore | None = None,
        *,
        refresh_margin: float = 600.0,
        clock: Clock = SYSTEM_CLOCK,
        lock_provider: TokenLockProvider | None = None,
    ) -> None:
        self.store: TokenStore = store if store is not None else InMemoryTokenStore()
        self.refresh_margin = validate_positive_number(
            refresh_margin, field="token_refresh_margin", allow_zero=True
        )
        self._clock = clock
        self._lock_provider = lock_provider
        self._states_lock = threading.Lock()
        self._sync_states: dict[TokenKey, _SyncRefreshState] = {}
        self._async_states: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, dict[TokenKey, _AsyncRefreshState]
        ] = weakref.WeakKeyDictionary()

    # -- plain store access -----------------------------------------------------------------

    def current(self, key: TokenKey) -> AccessToken | None:
        """The stored token if it is not yet due for refresh, else ``None``."""
        token = self.store.get(key)
        if token is None or token.refresh_due(self._clock.time(), self.refresh_margin):
            return None
        return token

    def put(self, key: TokenKey, token: AccessToken) -> None:
        self.store.set(key, token)

    def invalidate(self, key: TokenKey, token: AccessToken) -> bool:
        """Forget ``token`` (e.g. after a 401) unless it has already been replaced."""
        return self.store.delete(key, token)

    # -- single flight, threads -------------------------------------------------------------

    def get_or_fetch(self, key: TokenKey, fetch: Callable[[], AccessToken]) -> AccessToken:
        """A fresh token, calling ``fetch`` at most once across concurrent callers."""
        token = self.current(key)
        if token is not None:
            return token
        state = self._sync_state(key)
        seen = state.generation
        with state.lock:
            token = self._settled_while_waiting(key, state, seen)
            if token is not None:
                return token
            with self._cross_process_lock(key):
                token = self.current(key)
                if token is not None:  # another process refreshed it
                    state.failure = None
                    return token
                try:
                    token = fetch()
                except Exception as exc:
                    return self._after_failed_fetch(key, state, exc)
                # Stored before the cross-process lock is released, or another process could
                # take the lock, find no token and fetch a second one.
                return self._after_fetch(key, state, token)

    # -- single flight, asyncio -------------------------------------------------------------

    async def aget_or_fetch(
        self, key: TokenKey, afetch: Callable[[], Awaitable[AccessToken]]
    ) -> AccessToken:
        """A fresh token, awaiting ``afetch`` at most once across concurrent tasks of a loop."""
        token = self.current(key)
        if token is not None:
            return token
        state = self._async_state(key)
        seen = state.generation
        async with state.lock:
            token = self._settled_while_waiting(key, state, seen)
            if token is not None:
                return token
            async with self._async_cross_process_lock(key):
                token = self.current(key)
                if token is not None:
                    state.failure = None
                    return token
                try:
                    token = await afetch()
                except Exception as exc:
                    return self._after_failed_fetch(key, state, exc)
                return self._after_fetch(key, state, token)  # before the lock is released

    # -- shared steps -----------------------------------------------------------------------

    def _settled_while_waiting(
        self, key: TokenKey, state: _RefreshState, seen: int
    ) -> AccessToken | None:
        """After taking the lock: the token a concurrent fetch produced, or its error."""
        token = self.current(key)
        if token is not None:
            return token
        if state.generation != seen and state.failure is not None:
            return self._stale_or_raise(key, _fresh_copy(state.failure))
        return None

    def _after_fetch(self, key: TokenKey, state: _RefreshState, token: AccessToken) -> AccessToken:
        state.generation += 1
        state.failure = None
        self.put(key, token)
        return token

    def _after_failed_fetch(
        self, key: TokenKey, state: _RefreshState, error: Exception
    ) -> AccessToken:
        state.generation += 1
        # A traceback-free copy: the stored error must not keep the failed call's frames alive.
        state.failure = _fresh_copy(error)
        return self._stale_or_raise(key, error)

    def _stale_or_raise(self, key: TokenKey, error: Exception) -> AccessToken:
        token = self.store.get(key)
        if token is not None and not token.is_expired(self._clock.time() + STALE_TOKEN_SAFETY):
            return token
        raise error

    def _sync_state(self, key: TokenKey) -> _SyncRefreshState:
        with self._states_lock:
            state = self._sync_states.get(key)
            if state is None:
                state = self._sync_states[key] = _SyncRefreshState()
            return state

    def _async_state(self, key: TokenKey) -> _AsyncRefreshState:
        import asyncio  # loaded already: this runs inside a coroutine

        loop = asyncio.get_running_loop()
        with self._states_lock:
            states = self._async_states.get(loop)
            if states is None:
                states = self._async_states[loop] = {}
            state = states.get(key)
            if state is None:
                state = states[key] = _AsyncRefreshState()
            return state

    def _cross_process_lock(self, key: TokenKey) -> AbstractContextManager[object]:
        if self._lock_provider is None:
            return contextlib.nullcontext()
        return self._lock_provider.lock(key)

    def _async_cross_process_lock(self, key: TokenKey) -> AbstractAsyncContextManager[object]:
        if self._lock_provider is None:
            return contextlib.nullcontext()
        return self._lock_provider.alock(key)

    def __repr__(self) -> str:
        return f"TokenCache(store={self.store!r}, refresh_margin={self.refresh_margin:g})"


def _fresh_copy(error: Exception) -> Exception:
    """The same error for another waiter, without sharing (and growing) one traceback."""
    try:
        clone = copy.copy(error)
    except Exception:
        return error
    clone.__traceback__ = None
    return clone
