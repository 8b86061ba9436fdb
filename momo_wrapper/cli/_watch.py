"""``--wait``: poll a transaction on the client's poll schedule and show its status live.

``wait_for_*`` in the SDK blocks silently; a person at a terminal wants to see PENDING turn into
SUCCESSFUL, so this loop reads the status itself, on the same :class:`PollSchedule`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from .._clock import Clock
from .._errors import NotFoundError
from .._polling import PollSchedule
from .._results import TransactionResult
from ._output import LiveLine

ResultT = TypeVar("ResultT", bound=TransactionResult)


def follow(
    fetch: Callable[[], ResultT],
    *,
    schedule: PollSchedule,
    clock: Clock,
    live: LiveLine,
    label: str,
) -> ResultT | None:
    """The final status, or the last one seen (``None`` if none) once the schedule runs out."""
    started = clock.monotonic()
    checks = 0
    last: ResultT | None = None
    try:
        while (delay := schedule.next_delay(checks, clock.monotonic() - started)) is not None:
            clock.sleep(delay)
            checks += 1
            elapsed = clock.monotonic() - started
            try:
                last = fetch()
            except NotFoundError:
                # MoMo can answer 404 for a reference id it accepted a moment ago.
                if schedule.tolerates_not_found(elapsed):
                    live.update("NOT_FOUND", f"{label}: not visible yet ({elapsed:.1f} s)")
                    continue
                raise
            live.update(last.status.value, f"{label}: {last.status.value} ({elapsed:.1f} s)")
            if last.is_final:
                return last
        return last
    finally:
        live.finish()
