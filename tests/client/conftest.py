"""Fixtures of the client suite: a harness of one given client kind.

``sandbox`` and ``h`` (a harness parametrised over the sync and the async client, so every test
taking it runs twice) come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from momo_wrapper.sandbox import Sandbox
from tests.client.client_harness import Harness, make_harness


@pytest.fixture
async def sync_h(sandbox: Sandbox) -> AsyncIterator[Harness]:
    harness = make_harness("sync", sandbox)
    yield harness
    await harness.close()


@pytest.fixture
async def async_h(sandbox: Sandbox) -> AsyncIterator[Harness]:
    harness = make_harness("async", sandbox)
    yield harness
    await harness.close()
