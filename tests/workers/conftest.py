"""Fixtures of the many-workers suite: a real redis-server, real SQLite files, the local sandbox
on a real port and spawned worker processes that share them.

Redis fixtures come from ``tests/stores/redis_fixtures.py``. In-process tests use the client
suite's :class:`Harness` (sandbox transport, linked fake clock) for both client kinds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper.sandbox import (
    PRODUCTS,
    RecordingCallbackSender,
    Sandbox,
    SandboxServer,
    serve_sandbox,
)
from tests.client.client_harness import KINDS, Harness, LinkedClock
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

# -- in-process clients -----------------------------------------------------------------------


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(callback_sender=RecordingCallbackSender(), seed=7) as sandbox:
        yield sandbox


def make_harness(kind: str, sandbox: Sandbox) -> Harness:
    credentials = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
    return Harness(kind, sandbox, LinkedClock(sandbox.clock), credentials)  # type: ignore[arg-type]


@pytest.fixture(params=KINDS)
async def h(request: pytest.FixtureRequest, sandbox: Sandbox) -> AsyncIterator[Harness]:
    """A harness of each client kind: tests taking it run for MomoClient and AsyncMomoClient."""
    harness = make_harness(request.param, sandbox)
    yield harness
    await harness.close()


@pytest.fixture(params=["memory", "sqlite", "redis", "postgres"])
def ledger_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("redis_url"))


# -- the sandbox on a real port, for separate processes --------------------------------------


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    """A fresh sandbox behind a real loopback port (its clock frozen: no payment settles late)."""
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=3) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        yield server


@pytest.fixture
def worker_settings(served: SandboxServer) -> dict[str, Any]:
    """What a worker process needs to build its client (plain data: it is pickled)."""
    credentials = {}
    for product in ("collection", "disbursement"):
        creds = served.sandbox.provision(product, callback_host="127.0.0.1")
        credentials[product] = {
            "subscription_key": creds.subscription_key,
            "api_user": creds.user_id,
            "api_key": creds.api_key,
        }
    return {"base_url": served.base_url, "credentials": credentials}


@pytest.fixture(params=["sqlite", "redis", "postgres"])
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """One store URL for the token store and the ledger of every worker."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.getfixturevalue("redis_url"))
