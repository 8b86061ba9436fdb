from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import TokenError, TokenFailure, UnexpectedResponseError
from momo_wrapper._tokens import (
    DEFAULT_TOKEN_LIFETIME,
    AccessToken,
    InMemoryTokenStore,
    TokenCache,
    TokenKey,
    parse_token_response,
)

JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.eyJjbGllbnRJZCI6IjEyMyJ9.c2lnbmF0dXJl"
API_USER = "783a8f21-3fc6-4e39-aa76-da8e562fba7e"
KEY = TokenKey("https://sandbox.momodeveloper.mtn.com", "collection", API_USER)
# Where the `clock` fixture (a fresh FakeClock, tests/conftest.py) starts.
START = FakeClock().time()


def token(value: str, now: float = START, lifetime: float = 3600.0) -> AccessToken:
    return AccessToken(value=value, expires_at=now + lifetime, issued_at=now)


class CountingFetch:
    """A token source that numbers its tokens; optionally fails its first calls."""

    def __init__(self, clock: FakeClock, *, failures: int = 0) -> None:
        self.clock = clock
        self.calls = 0
        self.failures = failures
        self.lock = threading.Lock()

    def next_token(self) -> AccessToken:
        with self.lock:
            self.calls += 1
            number = self.calls
        if number <= self.failures:
            raise TokenError("login_failed", failure=TokenFailure.API_CREDENTIALS, status_code=500)
        return token(f"token-{number}", self.clock.time())


# --- AccessToken and parsing ---------------------------------------------------------------


def test_token_repr_never_shows_the_value() -> None:
    text = repr(token(JWT))
    assert JWT not in text
    assert str(token(JWT)) == text
    assert text == "AccessToken(value=***, expires_at=2023-11-14T23:13:20+00:00)"


def test_tokens_are_equal_by_value() -> None:
    assert token("a", START) == token("a", START + 50)
    assert token("a") != token("b")
    assert len({token("a"), token("a", START + 1)}) == 1


def test_refresh_margin_and_expiry() -> None:
    t = token("a", START, 3600)
    assert not t.refresh_due(START + 2999, margin=600)
    assert t.refresh_due(START + 3000, margin=600)
    assert not t.is_expired(START + 3599)
    assert t.is_expired(START + 3600)
    assert t.seconds_left(START + 600) == 3000


def test_refresh_margin_is_capped_at_half_a_short_lifetime() -> None:
    t = token("short", START, 300)
    assert not t.refresh_due(START + 149, margin=600)
    assert t.refresh_due(START + 150, margin=600)


def test_parse_the_observed_token_body() -> None:
    body = f'{{"access_token":"{JWT}","token_type":"access_token","expires_in":3600}}'
    parsed = parse_token_response(body.encode(), now=START)
    assert parsed.value == JWT
    assert parsed.issued_at == START
    assert parsed.expires_at == START + 3600


@pytest.mark.parametrize(
    ("expires_in", "lifetime"),
    [
        (1800, 1800.0),
        ("900", 900.0),
        (59.5, 59.5),
        (None, DEFAULT_TOKEN_LIFETIME),
        (0, DEFAULT_TOKEN_LIFETIME),
        (-5, DEFAULT_TOKEN_LIFETIME),
        ("soon", DEFAULT_TOKEN_LIFETIME),
        (True, DEFAULT_TOKEN_LIFETIME),
        (float("inf"), DEFAULT_TOKEN_LIFETIME),
    ],
)
def test_token_lifetime_is_tolerant(expires_in: object, lifetime: float) -> None:
    body: dict[str, object] = {"access_token": "abc"}
    if expires_in is not None:
        body["expires_in"] = expires_in
    assert parse_token_response(body, now=0.0).expires_at == lifetime


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"token_type":"access_token"}',
        b'{"access_token":""}',
        b'{"access_token": 42}',
        {"error": "nope"},
    ],
)
def test_unusable_token_bodies(body: object) -> None:
    with pytest.raises(UnexpectedResponseError, match="no access_token") as info:
        parse_token_response(body, now=START, product="collection")  # type: ignore[arg-type]
    assert info.value.product == "collection"
    assert info.value.operation == "create_access_token"


def test_a_malformed_token_body_does_not_leak_the_token() -> None:
    body = f'{{"access_token":"{JWT}", broken'.encode()
    with pytest.raises(UnexpectedResponseError) as info:
        parse_token_response(body, now=START)
    assert JWT not in str(info.value)
    assert JWT not in info.value.body_excerpt


# --- keys and stores --------------------------------------------------------------------------


def test_token_key_hides_the_api_user() -> None:
    assert API_USER not in repr(KEY)
    assert "…ba7e" in repr(KEY)
    assert API_USER not in KEY.storage_key
    assert KEY.storage_key == TokenKey(KEY.base_url, "collection", API_USER).storage_key
    other = TokenKey(KEY.base_url, "disbursement", API_USER)
    assert other.storage_key != KEY.storage_key


def test_in_memory_store_deletes_only_the_given_token() -> None:
    store = InMemoryTokenStore()
    store.set(KEY, token("old"))
    assert store.delete(KEY, token("other")) is False
    assert store.get(KEY) == token("old")
    assert store.delete(KEY, token("old")) is True
    assert store.get(KEY) is None
    assert store.delete(KEY, token("old")) is False
    assert repr(store) == "InMemoryTokenStore(<0 tokens>)"


# --- cache basics (sync and async) --------------------------------------------------------------


def test_sync_cache_fetches_once_then_reuses(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(clock=clock)
    assert cache.get_or_fetch(KEY, fetch.next_token).value == "token-1"
    assert cache.get_or_fetch(KEY, fetch.next_token).value == "token-1"
    assert fetch.calls == 1


async def test_async_cache_fetches_once_then_reuses(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(clock=clock)

    async def afetch() -> AccessToken:
        return fetch.next_token()

    assert (await cache.aget_or_fetch(KEY, afetch)).value == "token-1"
    assert (await cache.aget_or_fetch(KEY, afetch)).value == "token-1"
    assert fetch.calls == 1


def test_sync_refresh_happens_inside_the_margin(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(refresh_margin=600, clock=clock)
    cache.get_or_fetch(KEY, fetch.next_token)
    clock.advance(2999)
    assert cache.get_or_fetch(KEY, fetch.next_token).value == "token-1"
    clock.advance(1)
    assert cache.get_or_fetch(KEY, fetch.next_token).value == "token-2"


async def test_async_refresh_happens_inside_the_margin(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(refresh_margin=600, clock=clock)

    async def afetch() -> AccessToken:
        return fetch.next_token()

    await cache.aget_or_fetch(KEY, afetch)
    clock.advance(3000)
    assert (await cache.aget_or_fetch(KEY, afetch)).value == "token-2"


def test_keys_do_not_share_tokens(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(clock=clock)
    other = TokenKey(KEY.base_url, "disbursement", API_USER)
    assert cache.get_or_fetch(KEY, fetch.next_token) != cache.get_or_fetch(other, fetch.next_token)
    assert fetch.calls == 2


def test_sync_and_async_paths_share_the_store(clock: FakeClock) -> None:
    fetch = CountingFetch(clock)
    cache = TokenCache(clock=clock)
    cache.get_or_fetch(KEY, fetch.next_token)

    async def afetch() -> AccessToken:
        raise AssertionError("the sync path already stored a token")

    assert asyncio.run(cache.aget_or_fetch(KEY, afetch)).value == "token-1"


def test_invalid_margin() -> None:
    from momo_wrapper._errors import MomoValidationError

    with pytest.raises(MomoValidationError, match="token_refresh_margin"):
        TokenCache(refresh_margin=-1)


# --- single flight under concurrency --------------------------------------------------------


def test_200_threads_on_a_cold_cache_make_exactly_one_fetch(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    calls = 0
    release = threading.Event()
    everyone_started = threading.Barrier(201)

    def slow_fetch() -> AccessToken:
        nonlocal calls
        calls += 1
        release.wait(timeout=10)  # hold the flight open until all 200 callers are queued
        return token("the-one", clock.time())

    results: list[AccessToken] = []
    results_lock = threading.Lock()

    def caller() -> None:
        everyone_started.wait()
        got = cache.get_or_fetch(KEY, slow_fetch)
        with results_lock:
            results.append(got)

    threads = [threading.Thread(target=caller) for _ in range(200)]
    for thread in threads:
        thread.start()
    everyone_started.wait()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert calls == 1
    assert len(results) == 200
    assert {t.value for t in results} == {"the-one"}


async def test_1000_tasks_on_a_cold_cache_make_exactly_one_fetch(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    calls = 0
    release = asyncio.Event()

    async def slow_fetch() -> AccessToken:
        nonlocal calls
        calls += 1
        await release.wait()
        return token("the-one", clock.time())

    tasks = [asyncio.create_task(cache.aget_or_fetch(KEY, slow_fetch)) for _ in range(1000)]
    for _ in range(3):
        await asyncio.sleep(0)  # let every task reach the lock
    release.set()
    results = await asyncio.gather(*tasks)
    assert calls == 1
    assert {t.value for t in results} == {"the-one"}


def test_threads_waiting_on_a_failed_fetch_share_its_error(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    fetch = CountingFetch(clock, failures=1)
    release = threading.Event()
    everyone_started = threading.Barrier(21)

    def failing_then_ok() -> AccessToken:
        release.wait(timeout=10)
        return fetch.next_token()

    errors: list[BaseException] = []
    lock = threading.Lock()

    def caller() -> None:
        everyone_started.wait()
        try:
            cache.get_or_fetch(KEY, failing_then_ok)
        except TokenError as err:
            with lock:
                errors.append(err)

    threads = [threading.Thread(target=caller) for _ in range(20)]
    for thread in threads:
        thread.start()
    everyone_started.wait()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    # Threads that queued behind the failed flight got its error; any that arrived after it
    # ended started a new flight, which succeeded. Either way nobody retried a failed flight.
    assert fetch.calls <= 2
    assert len(errors) >= 1
    assert all(
        isinstance(e, TokenError) and e.failure is TokenFailure.API_CREDENTIALS for e in errors
    )
    assert cache.get_or_fetch(KEY, fetch.next_token).value == "token-2"


async def test_tasks_waiting_on_a_failed_fetch_share_its_error(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    fetch = CountingFetch(clock, failures=1)
    release = asyncio.Event()

    async def afetch() -> AccessToken:
        await release.wait()
        return fetch.next_token()

    tasks = [asyncio.create_task(cache.aget_or_fetch(KEY, afetch)) for _ in range(50)]
    await asyncio.sleep(0)
    release.set()
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    assert fetch.calls == 1
    assert all(isinstance(o, TokenError) for o in outcomes)
    assert len({id(o) for o in outcomes}) == 50  # each waiter raised its own copy
    # The next caller after the failure starts a new flight.
    assert (await cache.aget_or_fetch(KEY, afetch)).value == "token-2"


async def test_a_cancelled_leader_does_not_strand_its_waiters(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    calls = 0
    first_started = asyncio.Event()

    async def afetch() -> AccessToken:
        nonlocal calls
        calls += 1
        if calls == 1:
            first_started.set()
            await asyncio.Event().wait()  # hangs until cancelled
        return token(f"token-{calls}", clock.time())

    leader = asyncio.create_task(cache.aget_or_fetch(KEY, afetch))
    await first_started.wait()
    waiters = [asyncio.create_task(cache.aget_or_fetch(KEY, afetch)) for _ in range(10)]
    await asyncio.sleep(0)
    leader.cancel()
    results = await asyncio.gather(*waiters)
    assert {t.value for t in results} == {"token-2"}
    assert calls == 2
    assert leader.cancelled()


def test_the_cache_works_across_event_loops(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    fetch = CountingFetch(clock)

    async def afetch() -> AccessToken:
        return fetch.next_token()

    async def use() -> str:
        return (await cache.aget_or_fetch(KEY, afetch)).value

    assert asyncio.run(use()) == "token-1"
    clock.advance(3600)
    assert asyncio.run(use()) == "token-2"  # a new loop gets its own asyncio.Lock

    results: list[str] = []
    clock.advance(3600)
    threads = [
        threading.Thread(target=lambda: results.append(asyncio.run(use()))) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(results) == 4  # four loops in four threads, no cross-loop lock errors


# --- serving a still-valid token when an early refresh fails --------------------------------------


def test_a_failed_early_refresh_serves_the_still_valid_token(clock: FakeClock) -> None:
    cache = TokenCache(refresh_margin=600, clock=clock)
    cache.put(KEY, token("old", clock.time()))
    clock.advance(3100)  # inside the margin, 500 s left

    def failing() -> AccessToken:
        raise TokenError("down", failure=TokenFailure.UNKNOWN)

    assert cache.get_or_fetch(KEY, failing).value == "old"
    clock.advance(480)  # 20 s left: below the 30 s safety, so the error surfaces
    with pytest.raises(TokenError):
        cache.get_or_fetch(KEY, failing)


async def test_async_failed_early_refresh_serves_the_still_valid_token(clock: FakeClock) -> None:
    cache = TokenCache(refresh_margin=600, clock=clock)
    cache.put(KEY, token("old", clock.time()))
    clock.advance(3100)

    async def failing() -> AccessToken:
        raise TokenError("down", failure=TokenFailure.UNKNOWN)

    assert (await cache.aget_or_fetch(KEY, failing)).value == "old"


# --- invalidation after 401 -------------------------------------------------------------------


def test_50_threads_invalidating_the_same_token_cause_one_refetch(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    fetch = CountingFetch(clock)
    stale = cache.get_or_fetch(KEY, fetch.next_token)
    barrier = threading.Barrier(50)
    results: list[str] = []
    lock = threading.Lock()

    def got_401() -> None:
        barrier.wait()
        cache.invalidate(KEY, stale)
        fresh = cache.get_or_fetch(KEY, fetch.next_token)
        with lock:
            results.append(fresh.value)

    threads = [threading.Thread(target=got_401) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert fetch.calls == 2
    assert set(results) == {"token-2"}


async def test_50_tasks_invalidating_the_same_token_cause_one_refetch(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    fetch = CountingFetch(clock)

    async def afetch() -> AccessToken:
        await asyncio.sleep(0)
        return fetch.next_token()

    stale = await cache.aget_or_fetch(KEY, afetch)

    async def got_401() -> str:
        cache.invalidate(KEY, stale)
        return (await cache.aget_or_fetch(KEY, afetch)).value

    results = await asyncio.gather(*(got_401() for _ in range(50)))
    assert fetch.calls == 2
    assert set(results) == {"token-2"}


def test_invalidating_an_already_replaced_token_is_a_no_op(clock: FakeClock) -> None:
    cache = TokenCache(clock=clock)
    cache.put(KEY, token("new"))
    assert cache.invalidate(KEY, token("old")) is False
    assert cache.current(KEY) == token("new")


# --- explicit locks and cross-process lock hook ---------------------------------------------


class RecordingLockProvider:
    """Stands in for a Redis/file lock; optionally plays another process storing a token."""

    def __init__(self, cache_store: InMemoryTokenStore, planted: AccessToken | None = None):
        self.store = cache_store
        self.planted = planted
        self.entered = 0

    @contextlib.contextmanager
    def lock(self, key: TokenKey) -> Iterator[None]:
        self.entered += 1
        if self.planted is not None:
            self.store.set(key, self.planted)
        yield

    @contextlib.asynccontextmanager
    async def alock(self, key: TokenKey) -> AsyncIterator[None]:
        self.entered += 1
        if self.planted is not None:
            self.store.set(key, self.planted)
        yield


def test_cross_process_lock_is_taken_around_a_fetch(clock: FakeClock) -> None:
    store = InMemoryTokenStore()
    provider = RecordingLockProvider(store)
    cache = TokenCache(store, clock=clock, lock_provider=provider)
    fetch = CountingFetch(clock)
    cache.get_or_fetch(KEY, fetch.next_token)
    cache.get_or_fetch(KEY, fetch.next_token)
    assert provider.entered == 1  # a warm cache never touches the shared lock
    assert fetch.calls == 1


def test_a_token_stored_by_another_process_is_used_instead_of_fetching(clock: FakeClock) -> None:
    store = InMemoryTokenStore()
    provider = RecordingLockProvider(store, planted=token("from-process-b", clock.time()))
    cache = TokenCache(store, clock=clock, lock_provider=provider)

    def fetch() -> AccessToken:
        raise AssertionError("process B already refreshed")

    assert cache.get_or_fetch(KEY, fetch).value == "from-process-b"


async def test_async_cross_process_lock(clock: FakeClock) -> None:
    store = InMemoryTokenStore()
    provider = RecordingLockProvider(store, planted=token("from-process-b", clock.time()))
    cache = TokenCache(store, clock=clock, lock_provider=provider)

    async def afetch() -> AccessToken:
        raise AssertionError("process B already refreshed")

    assert (await cache.aget_or_fetch(KEY, afetch)).value == "from-process-b"
    assert provider.entered == 1


def test_repr_shows_the_refresh_margin(clock: FakeClock) -> None:
    assert "refresh_margin=600" in repr(TokenCache(clock=clock))
