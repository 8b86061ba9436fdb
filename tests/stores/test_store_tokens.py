"""Token stores on memory, SQLite, Redis and PostgreSQL: storage, expiry, compare-and-delete,
refresh lock."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._tokens import AccessToken, TokenCache
from momo_wrapper.stores import (
    LockTimeoutError,
    MemoryTokenStore,
    SharedTokenStore,
    SQLiteTokenStore,
    open_token_store,
)
from tests.stores.stores_workers import token_key

KEY = token_key("collection")
SECRET = "eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRJZCI6InNlY3JldCJ9.c2lnbmF0dXJl"


def token(wall_clock: FakeClock, value: str = SECRET, lifetime: float = 3600) -> AccessToken:
    now = wall_clock.time()
    return AccessToken(value, expires_at=now + lifetime, issued_at=now)


@pytest.fixture(params=["memory", "sqlite", "redis", "postgres"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path, wall_clock: FakeClock
) -> AsyncIterator[SharedTokenStore]:
    backend: Any
    if request.param == "memory":
        backend = MemoryTokenStore()
    elif request.param == "sqlite":
        backend = SQLiteTokenStore(tmp_path / "tokens.db", clock=wall_clock)
    elif request.param == "postgres":
        backend = open_token_store(request.getfixturevalue("postgres_url"), clock=wall_clock)
    else:
        from momo_wrapper.stores import RedisTokenStore

        backend = RedisTokenStore(request.getfixturevalue("redis_url"), clock=wall_clock)
    yield backend
    if hasattr(backend, "aclose"):
        await backend.aclose()
    backend.close()


class SharedStores:
    """Makes stores that share one file or server, each with its own clock and options."""

    def __init__(self, backend: str, tmp_path: Path, server_url: str | None) -> None:
        self.backend = backend
        self.path = tmp_path / "tokens.db"
        self.redis_url = server_url if backend == "redis" else None
        self.postgres_url = server_url if backend == "postgres" else None
        self.made: list[Any] = []

    def __call__(self, wall_clock: FakeClock, **options: Any) -> Any:
        if self.backend == "sqlite":
            store: Any = SQLiteTokenStore(self.path, clock=wall_clock, **options)
        elif self.backend == "postgres":
            assert self.postgres_url is not None  # it has ?schema=: every store made shares it
            query = "".join(f"&{name}={value}" for name, value in options.items())
            store = open_token_store(self.postgres_url + query, clock=wall_clock)
        else:
            from momo_wrapper.stores import RedisTokenStore

            assert self.redis_url is not None
            store = RedisTokenStore(self.redis_url, clock=wall_clock, **options)
        self.made.append(store)
        return store

    def end_lease(self, wall_clock: FakeClock, seconds: float) -> None:
        """Let the lease on KEY's lock run out: SQLite and PostgreSQL read our clock, Redis keeps
        its own."""
        wall_clock.advance(seconds)
        if self.backend == "redis":
            import redis

            assert self.redis_url is not None
            with redis.Redis.from_url(self.redis_url) as raw:
                raw.delete(f"momo:{KEY.storage_key}:lock")  # what Redis does when the PX ends


@pytest.fixture(params=["sqlite", "redis", "postgres"])
async def shared_store_factory(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[SharedStores]:
    server_url = (
        request.getfixturevalue(f"{request.param}_url") if request.param != "sqlite" else None
    )
    stores = SharedStores(request.param, tmp_path, server_url)
    yield stores
    for store in stores.made:
        if hasattr(store, "aclose"):
            await store.aclose()
        store.close()


# -- storage ----------------------------------------------------------------------------------


def test_set_get_and_compare_and_delete(store: SharedTokenStore, wall_clock: FakeClock) -> None:
    current = token(wall_clock)
    assert store.get(KEY) is None

    store.set(KEY, current)
    stale = token(wall_clock, value="an-older-token")

    assert store.get(KEY) == current
    assert store.get(KEY).expires_at == pytest.approx(current.expires_at)  # type: ignore[union-attr]
    assert store.get(token_key("disbursement")) is None
    assert store.delete(KEY, stale) is False
    assert store.get(KEY) == current
    assert store.delete(KEY, current) is True
    assert store.get(KEY) is None


def test_a_newer_token_replaces_the_old_one(store: SharedTokenStore, wall_clock: FakeClock) -> None:
    store.set(KEY, token(wall_clock, value="first-token"))
    store.set(KEY, token(wall_clock, value="second-token"))

    assert store.get(KEY).value == "second-token"  # type: ignore[union-attr]


def test_token_values_stay_out_of_reprs(store: SharedTokenStore, wall_clock: FakeClock) -> None:
    store.set(KEY, token(wall_clock))

    assert SECRET not in repr(store)
    assert SECRET not in repr(store.get(KEY))


def test_sqlite_does_not_return_an_expired_token(tmp_path: Path, wall_clock: FakeClock) -> None:
    store = SQLiteTokenStore(tmp_path / "t.db", clock=wall_clock)
    store.set(KEY, token(wall_clock, lifetime=60))

    wall_clock.advance(59)
    assert store.get(KEY) is not None
    wall_clock.advance(1)
    assert store.get(KEY) is None
    store.close()


def test_redis_keeps_a_token_exactly_as_long_as_it_lives(
    redis_url: str, wall_clock: FakeClock
) -> None:
    import redis

    from momo_wrapper.stores import RedisTokenStore

    store = RedisTokenStore(redis_url, clock=wall_clock)
    store.set(KEY, token(wall_clock, lifetime=120))
    store.set(token_key("remittance"), token(wall_clock, lifetime=-1))  # already expired

    with redis.Redis.from_url(redis_url) as raw:
        ttl = raw.pttl(f"momo:{KEY.storage_key}")
        assert 119_000 < ttl <= 120_000
        assert raw.exists(f"momo:{token_key('remittance').storage_key}") == 0
    store.close()


# -- with TokenCache --------------------------------------------------------------------------


async def test_cache_fetches_once_for_concurrent_threads_and_tasks(
    store: SharedTokenStore, wall_clock: FakeClock
) -> None:
    cache = TokenCache(store, lock_provider=store, clock=wall_clock)
    fetches: list[str] = []
    start = threading.Barrier(8)

    def fetch() -> AccessToken:
        fetches.append("sync")
        return token(wall_clock)

    async def afetch() -> AccessToken:
        fetches.append("async")
        return token(wall_clock)

    def lookup() -> AccessToken:
        start.wait()
        return cache.get_or_fetch(KEY, fetch)

    with ThreadPoolExecutor(max_workers=8) as threads:
        sync_tokens = list(threads.map(lambda _: lookup(), range(8)))
    store.delete(KEY, sync_tokens[0])
    async_tokens = await asyncio.gather(*(cache.aget_or_fetch(KEY, afetch) for _ in range(8)))

    assert fetches == ["sync", "async"]
    assert {t.value for t in sync_tokens} == {t.value for t in async_tokens} == {SECRET}


async def test_cache_uses_a_token_another_process_stored(
    shared_store_factory: SharedStores, wall_clock: FakeClock, mode: str
) -> None:
    ours, theirs = shared_store_factory(wall_clock), shared_store_factory(wall_clock)
    cache = TokenCache(ours, lock_provider=ours, clock=wall_clock)
    theirs.set(KEY, token(wall_clock))

    def refuse() -> AccessToken:
        raise AssertionError("fetched although the store had a token")

    async def arefuse() -> AccessToken:
        return refuse()

    if mode == "sync":
        got = cache.get_or_fetch(KEY, refuse)
    else:
        got = await cache.aget_or_fetch(KEY, arefuse)
    assert got.value == SECRET


# -- the refresh lock -------------------------------------------------------------------------


async def enter(lock_store: Any, mode: str) -> Any:
    """Enter ``lock_store``'s lock for KEY; returns the context manager to exit later."""
    if mode == "sync":
        manager = lock_store.lock(KEY)
        manager.__enter__()
    else:
        manager = lock_store.alock(KEY)
        await manager.__aenter__()
    return manager


async def leave(manager: Any, mode: str) -> None:
    if mode == "sync":
        manager.__exit__(None, None, None)
    else:
        await manager.__aexit__(None, None, None)


async def test_a_held_lock_times_out_others(shared_store_factory: SharedStores, mode: str) -> None:
    holder_clock, waiter_clock = FakeClock(), FakeClock()
    holder = shared_store_factory(holder_clock, lock_lease=30)
    waiter = shared_store_factory(waiter_clock, lock_lease=30, acquire_timeout=5)
    held = await enter(holder, mode)

    with pytest.raises(LockTimeoutError) as caught:
        await enter(waiter, mode)

    assert waiter_clock.total_slept == pytest.approx(5)
    assert caught.value.operation == "lock"
    await leave(held, mode)
    await leave(await enter(waiter, mode), mode)  # free again once released


async def test_a_holder_past_its_lease_cannot_release_the_next_holder(
    shared_store_factory: SharedStores, mode: str, wall_clock: FakeClock
) -> None:
    late = shared_store_factory(wall_clock, lock_lease=30)
    next_holder = shared_store_factory(wall_clock, lock_lease=30)
    third = shared_store_factory(wall_clock, lock_lease=30, acquire_timeout=1)
    late_lock = await enter(late, mode)
    shared_store_factory.end_lease(wall_clock, 31)

    next_lock = await enter(next_holder, mode)
    await leave(late_lock, mode)  # the late holder's release must not free next_holder's lock

    with pytest.raises(LockTimeoutError):
        await enter(third, mode)
    await leave(next_lock, mode)


class ReleaseObserver:
    """A lock provider around ``store`` that records what the store holds the moment the lock is
    released: what another process taking the lock next would read."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.seen_at_release: list[AccessToken | None] = []

    @contextlib.contextmanager
    def lock(self, key: Any) -> Iterator[None]:
        with self.store.lock(key):
            yield
        self.seen_at_release.append(self.store.get(key))

    @contextlib.asynccontextmanager
    async def alock(self, key: Any) -> AsyncIterator[None]:
        async with self.store.alock(key):
            yield
        self.seen_at_release.append(self.store.get(key))


async def test_a_refreshed_token_is_stored_before_the_lock_is_released(
    shared_store_factory: SharedStores, wall_clock: FakeClock, mode: str
) -> None:
    store = shared_store_factory(wall_clock)
    observer = ReleaseObserver(store)
    cache = TokenCache(store, lock_provider=observer, clock=wall_clock)

    if mode == "sync":
        fetched = cache.get_or_fetch(KEY, lambda: token(wall_clock))
    else:

        async def afetch() -> AccessToken:
            return token(wall_clock)

        fetched = await cache.aget_or_fetch(KEY, afetch)

    assert observer.seen_at_release == [fetched]


def test_lock_settings_are_validated_before_anything_is_opened(tmp_path: Path) -> None:
    with pytest.raises(MomoValidationError, match="lock_lease"):
        SQLiteTokenStore(tmp_path / "t.db", lock_lease=0)
    with pytest.raises(MomoValidationError, match="acquire_timeout"):
        SQLiteTokenStore(tmp_path / "t.db", acquire_timeout=-1)

    assert not (tmp_path / "t.db").exists()


async def test_redis_lock_works_after_a_script_flush(
    redis_url: str, wall_clock: FakeClock, mode: str
) -> None:
    """The lock scripts go by SHA1: after SCRIPT FLUSH (or a restart) the store loads them again
    and the lock is taken, released and taken again."""
    import redis

    from momo_wrapper.stores import RedisTokenStore

    store = RedisTokenStore(redis_url, clock=wall_clock, acquire_timeout=1)
    raw = redis.Redis.from_url(redis_url)
    try:
        raw.script_flush()
        held = await enter(store, mode)
        assert raw.exists(f"momo:{KEY.storage_key}:lock") == 1
        raw.script_flush()
        await leave(held, mode)
        assert raw.exists(f"momo:{KEY.storage_key}:lock") == 0
        raw.script_flush()
        await leave(await enter(store, mode), mode)
        store.set(KEY, token(wall_clock))
        raw.script_flush()
        assert store.delete(KEY, token(wall_clock)) is True
    finally:
        raw.close()
        await store.aclose()
