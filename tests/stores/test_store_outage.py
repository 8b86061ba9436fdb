"""A store that fails says so with StoreUnavailableError; nothing falls back, nothing is lost."""

from __future__ import annotations

import logging
import pickle
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._tokens import AccessToken, TokenCache
from momo_wrapper.stores import (
    LedgerState,
    SQLiteLedger,
    StoreUnavailableError,
    open_ledger,
    open_token_store,
)
from tests.stores.stores_redis_server import RedisServer
from tests.stores.stores_workers import token_key

KEY = token_key("collection")
SECRET = "eyJhbGciOiJSUzI1NiJ9.eyJvdXRhZ2UiOiJ0b2tlbiJ9.c2lnbmF0dXJl"


def fresh_token(wall_clock: FakeClock) -> AccessToken:
    return AccessToken(SECRET, expires_at=wall_clock.time() + 3600, issued_at=wall_clock.time())


async def test_redis_stopped_mid_test_then_restarted(
    own_redis_server: RedisServer,
    wall_clock: FakeClock,
    mode: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = own_redis_server.url()
    store: Any = open_token_store(url, clock=wall_clock)
    ledger = open_ledger(url, clock=wall_clock)
    cache = TokenCache(store, lock_provider=store, clock=wall_clock)
    fetches: list[str] = []

    def fetch() -> AccessToken:
        fetches.append("fetch")
        return fresh_token(wall_clock)

    async def afetch() -> AccessToken:
        return fetch()

    async def lookup() -> AccessToken:
        if mode == "sync":
            return cache.get_or_fetch(KEY, fetch)
        return await cache.aget_or_fetch(KEY, afetch)

    async def reserve(key: str) -> Any:
        if mode == "sync":
            return ledger.reserve(key, "v1;fp", "collection", "request_to_pay")
        return await ledger.areserve(key, "v1;fp", "collection", "request_to_pay")

    assert (await lookup()).value == SECRET
    before = await reserve("request_to_pay:before")
    own_redis_server.stop()
    caplog.set_level(logging.DEBUG)

    with pytest.raises(StoreUnavailableError) as token_failure:
        await lookup()
    with pytest.raises(StoreUnavailableError) as ledger_failure:
        await reserve("request_to_pay:during")

    assert fetches == ["fetch"]  # no silent fallback to a private token
    assert token_failure.value.store == "redis token store"
    assert ledger_failure.value.store == "redis ledger"
    assert ledger_failure.value.operation == "reserve"
    assert ledger_failure.value.outcome_unknown
    assert "reserve() again with the same business key" in str(ledger_failure.value)
    for failure in (token_failure.value, ledger_failure.value):
        assert failure.url == f"redis://127.0.0.1:{own_redis_server.port}/0"
        assert "s3cret" not in str(failure)
        assert "s3cret" not in repr(failure.args)
    assert SECRET not in caplog.text
    assert "s3cret" not in caplog.text

    own_redis_server.start()  # same port, empty: this server keeps no data

    assert (await lookup()).value == SECRET
    assert fetches == ["fetch", "fetch"]
    after = await reserve("request_to_pay:after")
    assert after.just_created
    assert after.reference_id != before.reference_id
    if mode == "async":
        await ledger.aclose()
        await store.aclose()
    ledger.close()
    store.close()


def test_a_reserve_whose_reply_was_lost_is_found_again(
    redis_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write reached Redis, the answer did not: reserve raises, and the retry returns the
    entry that was written instead of a new reference id."""
    import redis

    from momo_wrapper.stores._redis import RedisConnection

    ledger = open_ledger(redis_url)
    real_execute = RedisConnection.execute

    def execute_then_lose_reply(self: RedisConnection, call: Any, *, operation: str) -> Any:
        real_execute(self, call, operation=operation)
        raise self.unavailable(
            operation, redis.ConnectionError("Connection reset by peer"), outcome_unknown=True
        )

    monkeypatch.setattr(RedisConnection, "execute", execute_then_lose_reply)
    with pytest.raises(StoreUnavailableError) as caught:
        ledger.reserve("transfer:lost-reply", "v1;fp", "disbursement", "transfer")
    monkeypatch.undo()

    retried = ledger.reserve("transfer:lost-reply", "v1;fp", "disbursement", "transfer")
    assert caught.value.outcome_unknown
    assert not retried.just_created  # it existed: the caller must not treat it as unsent
    assert retried.state is LedgerState.PENDING_SUBMIT
    assert [e.reference_id for e in ledger.pending()] == [retried.reference_id]
    ledger.close()


async def test_sqlite_locked_by_another_process_is_unavailable(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "ledger.db"
    ledger = SQLiteLedger(path, busy_timeout=0)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process in the middle of a write

    async def reserve() -> Any:
        if mode == "sync":
            return ledger.reserve("transfer:blocked", "v1;fp", "disbursement", "transfer")
        return await ledger.areserve("transfer:blocked", "v1;fp", "disbursement", "transfer")

    with pytest.raises(StoreUnavailableError) as caught:
        await reserve()

    assert caught.value.store == "sqlite ledger"
    assert not caught.value.outcome_unknown  # failed before COMMIT: nothing was written
    assert "busy_timeout" in str(caught.value)
    blocker.execute("ROLLBACK")
    blocker.close()
    assert ledger.pending() == []
    ledger.close()


def test_an_unusable_sqlite_path_fails_at_first_use(tmp_path: Path) -> None:
    ledger = open_ledger(f"sqlite:///{tmp_path}/missing-dir/ledger.db")
    for _ in range(2):  # and again on the next use, not once and then silently
        with pytest.raises(StoreUnavailableError) as caught:
            ledger.pending()
        assert caught.value.operation == "open"


def test_store_errors_survive_pickling(tmp_path: Path) -> None:
    """Job queues (Celery, multiprocessing) pickle exceptions to report them."""
    with pytest.raises(StoreUnavailableError) as caught:
        open_ledger(f"sqlite:///{tmp_path}/missing-dir/ledger.db").pending()

    copy = pickle.loads(pickle.dumps(caught.value))

    assert type(copy) is StoreUnavailableError
    assert (copy.store, copy.url, copy.operation, copy.outcome_unknown) == (
        "sqlite ledger",
        f"sqlite:///{tmp_path}/missing-dir/ledger.db",
        "open",
        False,
    )
    assert str(copy) == str(caught.value)
