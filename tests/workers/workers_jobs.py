"""Code that runs in spawned worker processes (importable by module name, no fixtures).

Every job builds its own client from plain settings, as a worker on another host would: the
sandbox's URL and credentials, plus the token store and ledger URLs they share.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

from momo_wrapper import AsyncMomoClient, MomoClient, MomoError
from tests.processes import worker_config

WORKERS = 8
SUCCESS_PARTY = "46733123459"
"""The sandbox makes payments to this number SUCCESSFUL at once."""
CRASH_ORDER = "crash-order-1"
HANG_SECONDS = 600.0
"""How long a doomed worker waits for its SIGKILL (it never gets near it)."""


def _payment(index: int, pid: int) -> tuple[str, dict[str, Any]]:
    """Even payments collect, odd ones pay out: two products share the token store."""
    external_id = f"w{pid}-{index}"
    if index % 2 == 0:
        return "collection", {"amount": "5", "payer": SUCCESS_PARTY, "external_id": external_id}
    return "disbursement", {"amount": "5", "payee": SUCCESS_PARTY, "external_id": external_id}


def pay_many(
    settings: dict[str, Any], barrier: threading.Barrier, count: int, mode: str
) -> dict[str, Any]:
    """``count`` payments from a cold cache, started together with the other workers."""
    pid = os.getpid()
    accepted: list[tuple[str, str, bool]] = []
    if mode == "sync":
        with MomoClient(worker_config(settings)) as momo:
            barrier.wait(timeout=60)
            for index in range(count):
                product, kwargs = _payment(index, pid)
                namespace = getattr(momo, product)
                method = namespace.request_to_pay if product == "collection" else namespace.transfer
                result = method(**kwargs)
                accepted.append((kwargs["external_id"], result.reference_id, result.replayed))
    else:

        async def run() -> None:
            async with AsyncMomoClient(worker_config(settings)) as momo:
                barrier.wait(timeout=60)
                for index in range(count):
                    product, kwargs = _payment(index, pid)
                    namespace = getattr(momo, product)
                    method = (
                        namespace.request_to_pay if product == "collection" else namespace.transfer
                    )
                    result = await method(**kwargs)
                    accepted.append((kwargs["external_id"], result.reference_id, result.replayed))

        asyncio.run(run())
    return {"pid": pid, "accepted": accepted}


def pay_until_killed(settings: dict[str, Any], signal_ready: Any, kill_point: str) -> None:
    """Start one payment and never finish it: the test SIGKILLs this process.

    ``before_post``: the ledger entry is written, then the reference-id hook (which runs
    before anything is sent) says so and waits. ``after_post``: the sandbox processes the POST
    and never answers; the test waits until the payment exists.
    """

    def hook(_reference_id: str) -> None:
        if kill_point == "before_post":
            signal_ready.set()
            time.sleep(HANG_SECONDS)

    with MomoClient(
        worker_config(settings, read_timeout=HANG_SECONDS, total_timeout=HANG_SECONDS),
        on_reference_id=hook,
    ) as momo:
        momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id=CRASH_ORDER)


def create_crash_order(settings: dict[str, Any], amount: str = "5") -> dict[str, Any]:
    """The crashed worker's payment again, as a restarted job would send it."""
    try:
        with MomoClient(worker_config(settings)) as momo:
            result = momo.collection.request_to_pay(
                amount=amount, payer=SUCCESS_PARTY, external_id=CRASH_ORDER
            )
    except MomoError as error:
        return {"error": type(error).__name__, "message": str(error)}
    return {"reference_id": result.reference_id, "replayed": result.replayed}


def reconcile(settings: dict[str, Any]) -> dict[str, Any]:
    """One reconcile run in a fresh process, summarised as plain data."""
    with MomoClient(worker_config(settings)) as momo:
        report = momo.reconcile(older_than=0)
    return {
        "counts": report.counts,
        "resent": [outcome.entry.reference_id for outcome in report.resent],
        "unresolved": [repr(outcome.error) for outcome in report.unresolved],
        "final": {
            outcome.entry.reference_id: outcome.entry.final_status for outcome in report.outcomes
        },
    }
