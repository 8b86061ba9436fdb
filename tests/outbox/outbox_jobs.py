"""Code that runs in spawned dispatcher processes (importable by module name, no fixtures)."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

from momo_wrapper import MomoClient
from tests.processes import worker_config

HANG_SECONDS = 600.0


def dispatch_all(settings: dict[str, Any], barrier: threading.Barrier) -> dict[str, Any]:
    """One dispatcher: started with the others, it sends until nothing is left."""
    with MomoClient(worker_config(settings)) as momo:
        barrier.wait(timeout=60)
        started = time.monotonic()
        report = momo.dispatch(batch=25)
        elapsed = time.monotonic() - started
    return {
        "pid": os.getpid(),
        "accepted": [o.entry.reference_id for o in report.accepted],
        "other": [repr(o.error) for o in report.outcomes if o.accepted is None],
        "seconds": elapsed,
    }


def dispatch_until_killed(settings: dict[str, Any], ready: Any, kill_point: str) -> None:
    """Claim the intent (with a 1 s lease) and never finish: the test SIGKILLs this process.
    ``before_post``: the reference-id hook runs before the POST and waits; ``after_post``: the
    sandbox processes the POST and never answers."""

    def hook(_reference_id: str) -> None:
        if kill_point == "before_post":
            ready.set()
            time.sleep(HANG_SECONDS)

    overrides = {"read_timeout": HANG_SECONDS, "total_timeout": HANG_SECONDS}
    with MomoClient(worker_config(settings, **overrides), on_reference_id=hook) as momo:
        momo.dispatch(lease=1.0)


def dispatch_once(settings: dict[str, Any]) -> dict[str, Any]:
    with MomoClient(worker_config(settings)) as momo:
        report = momo.dispatch()
    return {
        "accepted": [
            (o.entry.reference_id, o.accepted.replayed) for o in report.accepted if o.accepted
        ],
        "other": [repr(o.error) for o in report.outcomes if o.accepted is None],
    }
