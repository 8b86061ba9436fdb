"""Fixtures of the outbox suite: a real PostgreSQL server (one per session, a schema per test),
the sandbox in-process for both client kinds, and on a real port for worker processes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
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


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(callback_sender=RecordingCallbackSender(), seed=11) as sandbox:
        yield sandbox


@pytest.fixture(params=KINDS)
async def h(request: pytest.FixtureRequest, sandbox: Sandbox) -> AsyncIterator[Harness]:
    """A harness of each client kind: tests taking it run for MomoClient and AsyncMomoClient."""
    credentials = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
    harness = Harness(request.param, sandbox, LinkedClock(sandbox.clock), credentials)  # type: ignore[arg-type]
    yield harness
    await harness.close()


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    """A fresh sandbox behind a real loopback port."""
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=5) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        yield server


@pytest.fixture
def worker_settings(served: SandboxServer, postgres_url: str) -> dict[str, Any]:  # noqa: F811
    """What a worker process needs to build its client (plain data: it is pickled)."""
    credentials = {}
    for product in ("collection", "disbursement"):
        creds = served.sandbox.provision(product, callback_host="127.0.0.1")
        credentials[product] = {
            "subscription_key": creds.subscription_key,
            "api_user": creds.user_id,
            "api_key": creds.api_key,
        }
    return {
        "base_url": served.base_url,
        "credentials": credentials,
        "token_store": postgres_url,
        "ledger": postgres_url,
    }
