"""Fixtures of the many-workers suite: a real redis-server, real SQLite files, the local sandbox
on a real port and spawned worker processes that share them.

Redis fixtures come from ``tests/stores/redis_fixtures.py``. ``h`` (the client suite's
:class:`Harness`, both client kinds), ``served`` and ``worker_settings`` come from
tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stores.postgres_fixtures import (  # noqa: F401 (fixtures)
    postgres_schema,
    postgres_server,
    postgres_url,
)
from tests.stores.redis_fixtures import (  # noqa: F401 (fixtures)
    durable_redis_server,
    redis_binary,
    redis_server,
    redis_url,
)


@pytest.fixture(params=["memory", "sqlite", "redis", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("redis_url"))


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One store URL for the token store and the ledger of every worker."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("redis_url"))
