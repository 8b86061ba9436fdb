"""Eight real processes (spawned) sharing one SQLite file, one Redis or one PostgreSQL server."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper.stores import LockTimeoutError, SQLiteTokenStore, open_token_store
from tests.stores import stores_workers
from tests.stores.stores_workers import token_key

PRODUCTS = ["collection", "disbursement"]
LOOKUPS = 50


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("redis_url"))


def test_eight_processes_on_a_cold_cache_fetch_once_per_product(
    run_in_workers: Callable[..., list[Any]], backend_url: str, tmp_path: Path, mode: str
) -> None:
    fetch_log = tmp_path / "fetches.log"
    fetch_log.touch()

    results = run_in_workers(
        stores_workers.token_lookups, backend_url, str(fetch_log), PRODUCTS, LOOKUPS, mode
    )

    lines = [line.split() for line in fetch_log.read_text().splitlines()]
    assert Counter(product for product, _pid in lines) == dict.fromkeys(PRODUCTS, 1)
    assert len({result["pid"] for result in results}) == 8
    fetched = {product: f"token-{product}-{pid}" for product, pid in lines}
    for product in PRODUCTS:
        # Every lookup in every process got the one token that was fetched.
        assert {v for result in results for v in result["seen"][product]} == {fetched[product]}


def test_reserve_is_atomic_across_eight_processes(
    run_in_workers: Callable[..., list[Any]], backend_url: str, mode: str
) -> None:
    results = run_in_workers(
        stores_workers.reserve_once, backend_url, "transfer:order-8", "v1;same", mode
    )

    assert len({result["reference_id"] for result in results}) == 1
    assert sum(result["new"] for result in results) == 1
    assert len({result["pid"] for result in results}) == 8


def _start_doomed_holder(spawn_context: Any, url: str) -> Any:
    locked = spawn_context.Event()
    holder = spawn_context.Process(
        target=stores_workers.hold_lock_until_killed, args=(url, "collection", locked)
    )
    holder.start()
    assert locked.wait(timeout=60), "the holder process never took the lock"
    return holder


def _kill(holder: Any) -> None:
    os.kill(holder.pid, signal.SIGKILL)
    holder.join(timeout=10)
    assert holder.exitcode == -signal.SIGKILL


def test_sqlite_lock_of_a_killed_holder_frees_when_its_lease_ends(
    spawn_context: Any, tmp_path: Path
) -> None:
    path = tmp_path / "shared.db"
    holder = _start_doomed_holder(spawn_context, f"sqlite:///{path}?lock_lease=30")
    _kill(holder)
    # The holder's lease ends 30 s after it took the lock, on the host's clock. The waiter's
    # clock starts now and moves only when it sleeps, so the wait is measured, not spent.
    impatient = FakeClock(start_time=time.time())
    patient = FakeClock(start_time=time.time())

    impatient_store = SQLiteTokenStore(path, clock=impatient, acquire_timeout=20)
    with pytest.raises(LockTimeoutError), impatient_store.lock(token_key("collection")):
        pass
    store = SQLiteTokenStore(path, clock=patient, acquire_timeout=60)
    with store.lock(token_key("collection")):
        waited = patient.total_slept

    assert 25 < waited <= 30
    impatient_store.close()
    store.close()


def test_redis_lock_of_a_killed_holder_frees_when_its_lease_ends(
    spawn_context: Any, redis_url: str
) -> None:
    # Redis expires the lease on its own clock, so this one waits for real: a 1 s lease.
    lease = 1.0
    holder = _start_doomed_holder(spawn_context, f"{redis_url}?lock_lease={lease}")
    _kill(holder)
    store = open_token_store(f"{redis_url}?acquire_timeout=0.05")

    with pytest.raises(LockTimeoutError), store.lock(token_key("collection")):
        pass
    started = time.monotonic()
    patient = open_token_store(f"{redis_url}?acquire_timeout=5")
    with patient.lock(token_key("collection")):
        waited = time.monotonic() - started

    assert waited < lease + 0.3
    store.close()
    patient.close()
