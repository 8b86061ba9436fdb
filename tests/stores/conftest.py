"""Fixtures for the store tests: a real redis-server, a real PostgreSQL server, real SQLite files,
real worker processes.

The suite starts its own redis-server (see ``stores_redis_server``) on a free loopback port with
no persistence, and stops it at the end. Without a redis-server binary the Redis tests are
skipped, except under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper.stores import Ledger, MemoryLedger, SQLiteLedger
from tests.stores.postgres_fixtures import (  # noqa: F401 (fixtures)
    postgres_schema,
    postgres_server,
    postgres_url,
)
from tests.stores.redis_fixtures import (  # noqa: F401 (fixtures)
    durable_redis_server,
    own_redis_server,
    redis_binary,
    redis_server,
    redis_url,
)

WORKERS = 8


@pytest.fixture
def wall_clock() -> FakeClock:
    # Wall time near now: Redis's time-to-live and SQLite's expiry filter agree with it.
    import time

    return FakeClock(start_time=time.time())


# -- worker processes -----------------------------------------------------------------------


@pytest.fixture
def run_in_workers(
    process_pool: ProcessPoolExecutor, process_manager: Any
) -> Callable[..., list[Any]]:
    """Run ``function(*args)`` in all eight workers at once (a barrier makes them start together,
    and guarantees eight distinct processes); the function's second argument is the barrier."""

    def run(function: Callable[..., Any], first: Any, *rest: Any) -> list[Any]:
        barrier = process_manager.Barrier(WORKERS)
        futures = [process_pool.submit(function, first, barrier, *rest) for _ in range(WORKERS)]
        return [future.result(timeout=120) for future in futures]

    return run


# -- ledgers of every backend -----------------------------------------------------------------


@pytest.fixture(params=["memory", "sqlite", "redis", "postgres"])
async def ledger(
    request: pytest.FixtureRequest, tmp_path: Path, wall_clock: FakeClock
) -> AsyncIterator[Ledger]:
    backend: Ledger
    if request.param == "memory":
        backend = MemoryLedger(clock=wall_clock)
    elif request.param == "sqlite":
        backend = SQLiteLedger(tmp_path / "ledger.db", clock=wall_clock)
    elif request.param == "redis":
        from momo_wrapper.stores import RedisLedger

        backend = RedisLedger(request.getfixturevalue("redis_url"), clock=wall_clock)
    else:
        from momo_wrapper.stores import open_ledger

        backend = open_ledger(request.getfixturevalue("postgres_url"), clock=wall_clock)
    yield backend
    await backend.aclose()


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)
