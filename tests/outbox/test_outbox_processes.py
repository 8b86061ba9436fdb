"""Dispatcher processes sharing one PostgreSQL outbox and one sandbox on a real port: every
committed intent is paid exactly once, with four dispatchers at once and after a SIGKILL."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import psycopg
import pytest

from momo_wrapper import MomoClient
from momo_wrapper.sandbox import SandboxServer
from momo_wrapper.stores import LedgerState, open_ledger
from tests.outbox import outbox_jobs
from tests.processes import worker_config

DISPATCHERS = 4
INTENTS = 500
SUCCESS_PARTY = "46733123459"
WAIT_SECONDS = 60.0


def record_intents(settings: dict[str, Any], count: int, *, sqlalchemy: bool = False) -> list[str]:
    """``count`` request-to-pay intents committed in one transaction of the service."""
    url = settings["ledger"].split("?")[0]
    with MomoClient(worker_config(settings)) as momo:
        if sqlalchemy:
            from sqlalchemy import create_engine
            from sqlalchemy.orm import Session

            engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
            with Session(engine) as session, session.begin():
                refs = [_record(momo, session, i) for i in range(count)]
            engine.dispose()
            return refs
        with psycopg.connect(url) as conn:  # commits when the block ends
            return [_record(momo, conn, i) for i in range(count)]


def _record(momo: MomoClient, connection: Any, index: int) -> str:
    intent = momo.outbox(connection).collection.request_to_pay(
        amount="5", payer=SUCCESS_PARTY, external_id=f"order-{index}"
    )
    return intent.reference_id


def test_four_dispatchers_send_five_hundred_intents_once_each(
    process_pool: ProcessPoolExecutor,
    process_manager: Any,
    served: SandboxServer,
    outbox_settings: dict[str, Any],
) -> None:
    started = time.monotonic()
    refs = record_intents(outbox_settings, INTENTS, sqlalchemy=True)
    recorded = time.monotonic() - started
    barrier = process_manager.Barrier(DISPATCHERS)

    futures = [
        process_pool.submit(outbox_jobs.dispatch_all, outbox_settings, barrier)
        for _ in range(DISPATCHERS)
    ]
    results = [future.result(timeout=120) for future in futures]

    accepted = [ref for result in results for ref in result["accepted"]]
    assert sorted(accepted) == sorted(refs)  # every intent once, by exactly one dispatcher
    assert all(result["other"] == [] for result in results)
    assert len({result["pid"] for result in results}) == DISPATCHERS
    resources = served.sandbox.resources()
    assert len(resources) == INTENTS
    assert {r.reference_id for r in resources} == set(refs)
    assert all(r.post_count == 1 for r in resources)  # 0 doubles, not even a resend
    with open_ledger(outbox_settings["ledger"]) as ledger:
        assert ledger.queued_count() == 0  # type: ignore[attr-defined]
    seconds = max(result["seconds"] for result in results)
    print(
        f"\noutbox: recorded {INTENTS} intents in {recorded:.2f} s; {DISPATCHERS} dispatchers "
        f"sent them in {seconds:.2f} s = {INTENTS / seconds:.0f} intents/s; per dispatcher "
        f"{sorted(len(r['accepted']) for r in results)}"
    )


@pytest.mark.parametrize("kill_point", ["before_post", "after_post"])
def test_a_dispatcher_killed_mid_send_leaves_exactly_one_payment(
    spawn_context: Any,
    process_pool: ProcessPoolExecutor,
    served: SandboxServer,
    outbox_settings: dict[str, Any],
    kill_point: str,
) -> None:
    (ref,) = record_intents(outbox_settings, 1)
    ready = spawn_context.Event()
    if kill_point == "after_post":
        served.sandbox.faults.timeout(operation="RequesttoPay")  # processed, never answered
    victim = spawn_context.Process(
        target=outbox_jobs.dispatch_until_killed, args=(outbox_settings, ready, kill_point)
    )
    victim.start()
    try:
        if kill_point == "before_post":
            assert ready.wait(timeout=WAIT_SECONDS), "the dispatcher never reached its hook"
        else:
            deadline = time.monotonic() + WAIT_SECONDS
            while not served.sandbox.resources():
                assert time.monotonic() < deadline, "the POST never arrived"
                time.sleep(0.01)
    finally:
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=10)
    assert victim.exitcode == -signal.SIGKILL
    served.sandbox.faults.clear()
    time.sleep(1.1)  # the victim's 1 s lease runs out

    result = process_pool.submit(outbox_jobs.dispatch_once, outbox_settings).result(timeout=120)

    assert result["other"] == []
    assert result["accepted"] == [(ref, kill_point == "after_post")]  # a landed POST: 409
    resources = served.sandbox.resources()
    assert [r.reference_id for r in resources] == [ref]
    assert resources[0].post_count == (1 if kill_point == "before_post" else 2)
    with open_ledger(outbox_settings["ledger"]) as ledger:
        entry = ledger.get(ref)
    assert entry is not None
    assert entry.state is LedgerState.ACCEPTED
