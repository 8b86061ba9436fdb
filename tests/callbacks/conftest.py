"""Fixtures of the callback tests; `driver` runs a test once per processor (sync, async).

`clock` (a FakeClock) comes from tests/conftest.py.
"""

from __future__ import annotations

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper.callbacks import AsyncCallbackProcessor, CallbackProcessor
from tests.callbacks.callbacks_fakes import Driver, FakeFetcher, Recorder

PATH_PREFIX = "/momo/callbacks"


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


@pytest.fixture
def sync_processor(fetcher: FakeFetcher, handler: Recorder, clock: FakeClock) -> CallbackProcessor:
    """What the WSGI receiver runs."""
    return CallbackProcessor(fetcher, handler, clock=clock, path_prefix=PATH_PREFIX)


@pytest.fixture
def async_processor(
    fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> AsyncCallbackProcessor:
    """What the ASGI receiver runs."""
    return AsyncCallbackProcessor(fetcher, handler, clock=clock, path_prefix=PATH_PREFIX)
