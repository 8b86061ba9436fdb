"""The cross-process refresh lock's waiting rule, shared by the SQLite and Redis token stores.

A lock is a record ``(name, owner, lease end)``. Taking it succeeds when there is no record, the
record's lease has ended, or the record is ours already (a retried attempt that had in fact
succeeded). ``owner`` is a random fencing value, so a holder that outlived its lease cannot
release the lock of whoever took it next. A holder that dies blocks the others only until its
lease ends; there is no renewal, so the lease must outlast a token request with its retries.

Waiting polls with a doubling pause (5 ms up to 200 ms), never past the holder's lease end, and
gives up with :class:`LockTimeoutError` after ``acquire_timeout``.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from momo_wrapper._clock import Clock
from momo_wrapper._errors import LockTimeoutError
from momo_wrapper._ledger import new_owner
from momo_wrapper._validation import validate_positive_number

from ._steps import Sleep, Steps

__all__ = ["DEFAULT_LOCK_LEASE", "LeasePolicy", "TryAcquire", "acquire_steps", "new_owner"]

DEFAULT_LOCK_LEASE = 30.0
"""Seconds a refresh lock is held at most: longer than a token request with its retries."""

FIRST_POLL = 0.005
MAX_POLL = 0.2


@attrs.frozen
class TryAcquire:
    """The one command of :func:`acquire_steps`: answer ``None`` when the lock was taken, else the
    seconds left on the current holder's lease."""


TRY_ACQUIRE = TryAcquire()


def _positive(field: str) -> Callable[[object, object, float], None]:
    def check(_instance: object, _attribute: object, value: float) -> None:
        validate_positive_number(value, field=field, allow_zero=field == "acquire_timeout")

    return check


@attrs.frozen
class LeasePolicy:
    lease: float = attrs.field(default=DEFAULT_LOCK_LEASE, validator=_positive("lock_lease"))
    acquire_timeout: float | None = attrs.field(
        default=None, validator=attrs.validators.optional(_positive("acquire_timeout"))
    )
    """Longest wait for the lock; ``None`` means twice the lease."""

    @property
    def wait_limit(self) -> float:
        return self.acquire_timeout if self.acquire_timeout is not None else 2 * self.lease


def acquire_steps(
    policy: LeasePolicy, clock: Clock, on_timeout: Callable[[float], LockTimeoutError]
) -> Steps[TryAcquire, None]:
    """Try, pause, try again until the lock is ours or ``policy.wait_limit`` has passed."""
    started = clock.monotonic()
    pause = FIRST_POLL
    while True:
        lease_left = yield TRY_ACQUIRE
        if lease_left is None:
            return
        assert isinstance(lease_left, float | int)
        waited = clock.monotonic() - started
        if waited >= policy.wait_limit:
            raise on_timeout(waited)
        yield Sleep(max(0.0, min(pause, float(lease_left), policy.wait_limit - waited)))
        pause = min(pause * 2, MAX_POLL)
