"""Nothing lost, nothing twice: every create operation under every fault the sandbox can inject.

Each row runs 20 logical operations per create operation under one fault, aimed at a
deterministic subset of attempts (0, 1, 2, exactly ``max_attempts`` and more than it), for the
sync and the async client over in-process transports on a virtual clock, plus a smaller slice of
the socket-level faults over a real port. Every logical operation must end in ``Accepted`` and a
final status that matches the sandbox, or in a typed error carrying its reference id; a "maybe
sent" error is settled by a status read and a re-submission with the same reference id. Run
with ``-s`` to see the tables.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, serve_sandbox
from tests.reliability.matrix_cases import CREATE_OPS, FAULTS, FaultSpec
from tests.reliability.matrix_ledger import (
    OPS_PER_CELL,
    CellResult,
    matrix_row,
    render_table,
    run_async,
    run_sync,
)
from tests.reliability.matrix_world import make_world

# Over a real port: the faults that act on the socket, fewer operations, a short read timeout.
NETWORK_FAULTS = tuple(fault for fault in FAULTS if fault.socket_level)
NETWORK_OPS = tuple(
    op for op in CREATE_OPS if op.name in ("collection.request_to_pay", "disbursement.transfer")
)
NETWORK_OPS_PER_CELL = 5
NETWORK_READ_TIMEOUT = 0.1


@pytest.fixture(scope="module")
def tables() -> Iterator[dict[str, list[CellResult]]]:
    collected: dict[str, list[CellResult]] = {}
    yield collected
    for title, results in collected.items():
        print("\n\n" + render_table(results, title))


def check(results: list[CellResult]) -> None:
    problems = [problem for result in results for problem in result.problems]
    assert problems == []
    assert sum(result.double_submits for result in results) == 0
    assert sum(result.lost for result in results) == 0
    # The fault really fired: retries (or, in a token outage, creates never sent).
    assert all(result.attempts != result.operations for result in results)


def _ids(fault: FaultSpec) -> str:
    return fault.name.replace(" ", "-").replace(",", "")


@pytest.mark.parametrize("fault", FAULTS, ids=_ids)
def test_sync_client_in_process(fault: FaultSpec, tables: dict[str, list[CellResult]]) -> None:
    world = make_world()
    results: list[CellResult] = []
    with world.sync_client() as client:
        run_sync(client, matrix_row(world, fault, CREATE_OPS, OPS_PER_CELL, results))
    tables.setdefault("MomoClient, in-process sandbox, virtual clock", []).extend(results)
    check(results)
    assert len(results) == len(CREATE_OPS)


@pytest.mark.parametrize("fault", FAULTS, ids=_ids)
async def test_async_client_in_process(
    fault: FaultSpec, tables: dict[str, list[CellResult]]
) -> None:
    world = make_world()
    results: list[CellResult] = []
    async with world.async_client() as client:
        await run_async(client, matrix_row(world, fault, CREATE_OPS, OPS_PER_CELL, results))
    tables.setdefault("AsyncMomoClient, in-process sandbox, virtual clock", []).extend(results)
    check(results)
    assert len(results) == len(CREATE_OPS)


@pytest.mark.parametrize("fault", NETWORK_FAULTS, ids=_ids)
def test_sync_client_over_a_real_port(
    fault: FaultSpec, tables: dict[str, list[CellResult]]
) -> None:
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=5) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        world = make_world(
            server.base_url,
            read_timeout=NETWORK_READ_TIMEOUT,
            sandbox=sandbox,
        )
        results: list[CellResult] = []
        with world.sync_client() as client:
            run_sync(client, matrix_row(world, fault, NETWORK_OPS, NETWORK_OPS_PER_CELL, results))
    tables.setdefault("MomoClient, real port (serve_sandbox)", []).extend(results)
    check(results)


@pytest.mark.parametrize("fault", NETWORK_FAULTS, ids=_ids)
async def test_async_client_over_a_real_port(
    fault: FaultSpec, tables: dict[str, list[CellResult]]
) -> None:
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=5) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        world = make_world(
            server.base_url,
            read_timeout=NETWORK_READ_TIMEOUT,
            sandbox=sandbox,
        )
        results: list[CellResult] = []
        async with world.async_client() as client:
            await run_async(
                client, matrix_row(world, fault, NETWORK_OPS, NETWORK_OPS_PER_CELL, results)
            )
    tables.setdefault("AsyncMomoClient, real port (serve_sandbox)", []).extend(results)
    check(results)
