"""Separate processes sharing one token store and one ledger (SQLite file or Redis server) and
one sandbox on a real port: one token per product, and no payment lost or made twice when a
worker is SIGKILLed at the worst moments."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from momo_wrapper.sandbox import SandboxServer
from momo_wrapper.stores import LedgerState, business_key, open_ledger
from tests.workers import workers_jobs
from tests.workers.workers_jobs import WORKERS

PAYMENTS_PER_WORKER = 50
WAIT_SECONDS = 60.0
"""Upper bound for waiting on another process; a passing run never gets near it."""


def _in_workers(
    pool: ProcessPoolExecutor, manager: Any, function: Any, *args: Any
) -> list[dict[str, Any]]:
    """``function(settings, barrier, *args)`` in all eight workers at once; the barrier makes
    them start together and guarantees eight distinct processes."""
    barrier = manager.Barrier(WORKERS)
    futures = [pool.submit(function, args[0], barrier, *args[1:]) for _ in range(WORKERS)]
    return [future.result(timeout=120) for future in futures]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_eight_processes_on_a_cold_cache_make_one_token_request_per_product(
    process_pool: ProcessPoolExecutor,
    process_manager: Any,
    served: SandboxServer,
    worker_settings: dict[str, Any],
    shared_url: str,
    mode: str,
) -> None:
    settings = {**worker_settings, "token_store": shared_url, "ledger": shared_url}

    started = time.monotonic()
    results = _in_workers(
        process_pool, process_manager, workers_jobs.pay_many, settings, PAYMENTS_PER_WORKER, mode
    )
    elapsed = time.monotonic() - started

    sandbox = served.sandbox
    assert sandbox.token_requests("collection") == 1
    assert sandbox.token_requests("disbursement") == 1
    assert len({result["pid"] for result in results}) == WORKERS
    accepted = [payment for result in results for payment in result["accepted"]]
    assert len(accepted) == WORKERS * PAYMENTS_PER_WORKER
    assert not any(replayed for _external, _ref, replayed in accepted)
    resources = sandbox.resources()
    assert len(resources) == WORKERS * PAYMENTS_PER_WORKER
    assert all(resource.post_count == 1 for resource in resources)
    with open_ledger(shared_url) as ledger:
        recorded = [ledger.get(reference_id) for _external, reference_id, _ in accepted]
    assert Counter(entry.state for entry in recorded if entry) == {
        LedgerState.ACCEPTED: WORKERS * PAYMENTS_PER_WORKER
    }
    print(f"\n{WORKERS}x{PAYMENTS_PER_WORKER} payments ({mode}, {shared_url[:6]}): {elapsed:.2f} s")


# -- a worker killed mid-payment --------------------------------------------------------------


def _kill_mid_payment(
    spawn_context: Any, served: SandboxServer, settings: dict[str, Any], kill_point: str
) -> None:
    """Start the crash order in a process of its own and SIGKILL it at ``kill_point``."""
    ready = spawn_context.Event()
    if kill_point == "after_post":
        served.sandbox.faults.timeout(operation="RequesttoPay")  # processed, never answered
    victim = spawn_context.Process(
        target=workers_jobs.pay_until_killed, args=(settings, ready, kill_point)
    )
    victim.start()
    try:
        if kill_point == "before_post":
            assert ready.wait(timeout=WAIT_SECONDS), "the worker never reached its hook"
        else:
            _wait_for(lambda: served.sandbox.resources("collection"), "the POST never arrived")
    finally:
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(timeout=10)
    assert victim.exitcode == -signal.SIGKILL


def _wait_for(condition: Any, failure: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, failure
        time.sleep(0.01)  # waiting for another process, not for test time


def _crash_entry(url: str) -> Any:
    with open_ledger(url) as ledger:
        pending = ledger.pending()
    assert [entry.business_key for entry in pending] == [
        business_key("collection", "request_to_pay", workers_jobs.CRASH_ORDER)
    ]
    return pending[0]


@pytest.mark.parametrize("kill_point", ["before_post", "after_post"])
def test_reconcile_in_a_new_process_completes_a_killed_workers_payment_once(
    spawn_context: Any,
    process_pool: ProcessPoolExecutor,
    served: SandboxServer,
    worker_settings: dict[str, Any],
    shared_url: str,
    kill_point: str,
) -> None:
    settings = {**worker_settings, "token_store": shared_url, "ledger": shared_url}
    _kill_mid_payment(spawn_context, served, settings, kill_point)
    entry = _crash_entry(shared_url)
    assert entry.state is LedgerState.PENDING_SUBMIT
    assert entry.payload["endpoint"] == "collection_request_to_pay"
    sent_before = len(served.sandbox.resources())

    report = process_pool.submit(workers_jobs.reconcile, settings).result(timeout=120)

    resources = served.sandbox.resources()
    assert [r.reference_id for r in resources] == [entry.reference_id]  # exactly one payment
    assert resources[0].post_count == 1
    assert resources[0].status == "SUCCESSFUL"
    assert sent_before == (0 if kill_point == "before_post" else 1)
    assert report["resent"] == ([entry.reference_id] if kill_point == "before_post" else [])
    assert report["final"] == {entry.reference_id: "SUCCESSFUL"}
    assert report["unresolved"] == []

    # The job is retried after the restart: the recorded payment, not a second one.
    again = process_pool.submit(workers_jobs.create_crash_order, settings).result(timeout=120)
    assert again == {"reference_id": entry.reference_id, "replayed": True}
    # A different payment under the same order id is refused before anything is sent.
    other = process_pool.submit(workers_jobs.create_crash_order, settings, "6").result(timeout=120)
    assert other["error"] == "IdempotencyConflictError"
    assert "amount" in other["message"]
    assert len(served.sandbox.resources()) == 1
    assert served.sandbox.resources()[0].post_count == 1


@pytest.mark.parametrize("kill_point", ["before_post", "after_post"])
def test_retried_job_after_a_kill_pays_once_without_reconcile(
    spawn_context: Any,
    process_pool: ProcessPoolExecutor,
    served: SandboxServer,
    worker_settings: dict[str, Any],
    tmp_path: Any,
    kill_point: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    settings = {**worker_settings, "token_store": url, "ledger": url}
    _kill_mid_payment(spawn_context, served, settings, kill_point)
    entry = _crash_entry(url)

    again = process_pool.submit(workers_jobs.create_crash_order, settings).result(timeout=120)

    assert again["reference_id"] == entry.reference_id
    resources = served.sandbox.resources()
    assert [r.reference_id for r in resources] == [entry.reference_id]
    if kill_point == "before_post":
        assert again["replayed"] is False  # its first POST
        assert resources[0].post_count == 1
    else:
        assert again["replayed"] is True  # 409, confirmed by a status read: not paid twice
        assert resources[0].post_count == 2
    with open_ledger(url) as ledger:
        after = ledger.get(entry.reference_id)
    assert after is not None
    assert after.state is LedgerState.ACCEPTED
