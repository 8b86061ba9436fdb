"""Fixtures shared by several suites."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

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
