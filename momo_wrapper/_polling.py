"""The schedule behind ``wait_for_*`` and the rule for when a transaction status is final.

Schedule: the first check happens at once; then the wait is ``initial_interval`` (1 s), growing by
``multiplier`` after each check up to ``max_interval``; the last wait is cut short so that a final
check happens exactly at the deadline. ``PollSchedule.next_delay`` is pure, so the sync and async
waiters share it and tests need no clock. A waiter loop::

    checks = 0
    while (delay := schedule.next_delay(checks, clock.monotonic() - started)) is not None:
        clock.sleep(delay)            # 0 before the first check
        result = get_status(); checks += 1
        if result.is_final: return result
    return result                     # still pending at the deadline

Right after a create is accepted, MoMo may briefly answer 404 ``RESOURCE_NOT_FOUND`` for the new
reference id; :meth:`PollSchedule.tolerates_not_found` says whether a 404 should still count as
"pending" (within ``not_found_grace`` seconds of the start).

Final statuses: ``SUCCESSFUL`` and ``FAILED`` (the two MoMo documents), plus the terminal words
MoMo uses elsewhere (``REJECTED``, ``EXPIRED``, ``CANCELLED``/``CANCELED``, ``TIMEOUT``,
``APPROVED`` for pre-approvals). ``PENDING``, ``CREATED`` (the sandbox's "pending" number),
``ONGOING`` and every **unknown** value are not final: waiting on an unknown status costs at most
the timeout, while treating it as final could report a payment that later succeeds as done.
"""

from __future__ import annotations

import attrs

from ._validation import validate_positive_number

FINAL_STATUSES = frozenset(
    {"SUCCESSFUL", "FAILED", "REJECTED", "EXPIRED", "CANCELLED", "CANCELED", "TIMEOUT", "APPROVED"}
)
PENDING_STATUSES = frozenset({"PENDING", "CREATED", "ONGOING", "INITIATED", "PROCESSING"})


def is_final_status(status: str | None) -> bool:
    """Whether a transaction with this status will not change any more."""
    return status is not None and status.strip().upper() in FINAL_STATUSES


@attrs.frozen(kw_only=True)
class PollSchedule:
    """How often ``wait_for_*`` checks the status, and for how long."""

    timeout: float = 120.0
    initial_interval: float = 1.0
    max_interval: float = 5.0
    multiplier: float = 1.5
    not_found_grace: float = 10.0

    def __attrs_post_init__(self) -> None:
        validate_positive_number(self.timeout, field="timeout")
        validate_positive_number(self.not_found_grace, field="not_found_grace", allow_zero=True)
        validate_positive_number(self.initial_interval, field="poll_initial_interval")
        validate_positive_number(self.max_interval, field="poll_max_interval")
        validate_positive_number(self.multiplier, field="poll_multiplier")

    def interval(self, checks_done: int) -> float:
        """The wait after ``checks_done`` status checks (1-based), before the deadline cut."""
        grown = self.initial_interval * self.multiplier ** max(0, checks_done - 1)
        return min(self.max_interval, max(self.initial_interval, grown))

    def next_delay(self, checks_done: int, elapsed: float) -> float | None:
        """Seconds to wait before the next check, or ``None`` if the deadline has been reached.

        ``checks_done`` counts the checks made so far (0: the first check, which happens at
        once); ``elapsed`` is the time since waiting began.
        """
        if checks_done <= 0:
            return 0.0
        remaining = self.timeout - elapsed
        if remaining <= 0:
            return None
        return min(self.interval(checks_done), remaining)

    def tolerates_not_found(self, elapsed: float) -> bool:
        """Whether a 404 for the awaited reference id should still be read as "not there yet"."""
        return elapsed < self.not_found_grace
