"""Fixtures of the callback tests; `driver` runs a test once per processor (sync, async)."""

from __future__ import annotations

import pytest

from momo_wrapper._clock import FakeClock
from tests.callbacks.callbacks_fakes import Driver, FakeFetcher, Recorder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fetcher() -> FakeFetcher:
    return FakeFetcher()


@pytest.fixture
def handler() -> Recorder:
    return Recorder()


@pytest.fixture(params=["sync", "async"])
def driver(
    request: pytest.FixtureRequest, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> Driver:
    return Driver(request.param, fetcher, handler, clock)
