"""Fixtures of the client suite: a fresh sandbox per test and a harness per client kind.

``h`` is parametrised over the sync and the async client, so every test taking it runs twice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from momo_wrapper.sandbox import PRODUCTS, RecordingCallbackSender, Sandbox
from tests.client.client_harness import KINDS, Harness, Kind, LinkedClock


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(callback_sender=RecordingCallbackSender(), seed=11) as sandbox:
        yield sandbox


def _harness(kind: Kind, sandbox: Sandbox) -> Harness:
    credentials = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
    return Harness(kind, sandbox, LinkedClock(sandbox.clock), credentials)


@pytest.fixture(params=KINDS)
async def h(request: pytest.FixtureRequest, sandbox: Sandbox) -> AsyncIterator[Harness]:
    harness = _harness(request.param, sandbox)
    yield harness
    await harness.close()


@pytest.fixture
async def sync_h(sandbox: Sandbox) -> AsyncIterator[Harness]:
    harness = _harness("sync", sandbox)
    yield harness
    await harness.close()


@pytest.fixture
async def async_h(sandbox: Sandbox) -> AsyncIterator[Harness]:
    harness = _harness("async", sandbox)
    yield harness
    await harness.close()
