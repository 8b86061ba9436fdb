"""Fixtures shared by several suites.

Each fixture is defined once, here or in the conftest of the one directory that uses it. What a
directory changes is data: it overrides ``sandbox_options`` or ``callback_sender``, never
``sandbox`` itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper.sandbox import (
    PRODUCTS,
    CallbackSender,
    RecordingCallbackSender,
    Sandbox,
    SandboxCredentials,
    SandboxServer,
    serve_sandbox,
)
from tests.client.client_harness import KINDS, Harness, Kind, make_harness
from tests.module_names import misnamed
from tests.sandboxes import recording_sandbox

WORKERS = 8
"""Processes in the shared pool: the issue's "8 processes" for stores and workers."""


# -- clocks and sandboxes ---------------------------------------------------------------------


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock at FakeClock's own start: sleeping advances it at once."""
    return FakeClock()


@pytest.fixture
def callback_sender() -> CallbackSender:
    """How ``sandbox`` delivers callbacks: recorded in memory. Tests that need them to reach a
    real receiver override this."""
    return RecordingCallbackSender()


@pytest.fixture
def sandbox_options() -> dict[str, Any]:
    """More ``Sandbox`` keyword arguments; a directory's conftest overrides this to change them."""
    return {}


@pytest.fixture
def sandbox(callback_sender: CallbackSender, sandbox_options: dict[str, Any]) -> Iterator[Sandbox]:
    """A fresh in-process sandbox (virtual clock frozen, seeded)."""
    with recording_sandbox(callback_sender=callback_sender, **sandbox_options) as sandbox:
        yield sandbox


@pytest.fixture
def creds(sandbox: Sandbox) -> dict[str, SandboxCredentials]:
    """One API user per product on ``sandbox``."""
    return {product: sandbox.provision(product, callback_host="127.0.0.1") for product in PRODUCTS}


@pytest.fixture
def served() -> Iterator[SandboxServer]:
    """A fresh sandbox of its own (not ``sandbox``) behind a real loopback port; its clock is
    frozen, so no payment settles late."""
    with recording_sandbox() as sandbox, serve_sandbox(sandbox) as server:
        yield server


@pytest.fixture
def worker_settings(served: SandboxServer) -> dict[str, Any]:
    """What a worker process needs to build a client of ``served`` (plain data: it is pickled)."""
    credentials = {}
    for product in ("collection", "disbursement"):
        user = served.sandbox.provision(product, callback_host="127.0.0.1")
        credentials[product] = {
            "subscription_key": user.subscription_key,
            "api_user": user.user_id,
            "api_key": user.api_key,
        }
    return {"base_url": served.base_url, "credentials": credentials}


# -- clients of both kinds --------------------------------------------------------------------


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> Kind:
    """ "sync" or "async": tests taking it run for MomoClient and for AsyncMomoClient."""
    value: Kind = request.param
    return value


@pytest.fixture
async def h(kind: Kind, sandbox: Sandbox) -> AsyncIterator[Harness]:
    """A harness of each client kind on ``sandbox`` (tests/client/client_harness.py)."""
    harness = make_harness(kind, sandbox)
    yield harness
    await harness.close()


# -- processes --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spawn_context() -> Any:
    return multiprocessing.get_context("spawn")


@pytest.fixture(scope="session")
def process_pool(spawn_context: Any) -> Iterator[ProcessPoolExecutor]:
    """Eight spawned workers, kept for the whole run (spawning is the slow part)."""
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=spawn_context) as pool:
        yield pool


@pytest.fixture(scope="session")
def process_manager(spawn_context: Any) -> Iterator[Any]:
    with spawn_context.Manager() as manager:
        yield manager


@pytest.fixture(scope="session", autouse=True)
def _own_state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI keeps its ledger in a state directory: never the real home's during tests
    (subprocesses inherit it too)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("MOMO_STATE_DIR", str(tmp_path_factory.mktemp("momo-state")))
    yield
    patch.undo()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a module of tests/ was loaded under a second name during it (see
    tests/module_names.py): tests/test_tests_package.py checks once, this after every test."""
    problems = misnamed()
    if not problems:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_sep("=", "modules of tests/ loaded under a second name", red=True)
        for line in problems:
            reporter.write_line(line)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
