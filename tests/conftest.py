"""Fixtures shared by several suites."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from tests.module_names import misnamed

WORKERS = 8
"""Processes in the shared pool: the issue's "8 processes" for stores and workers."""


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
