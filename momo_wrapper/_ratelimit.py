"""A token bucket for status checks: MTN caps status GETs at 10 requests per second.

One limiter is shared by a whole client (every thread and task). ``acquire`` blocks and
``aacquire`` awaits until a slot is free. Slots are *reserved* under a lock (the balance may go
negative), and the wait happens outside it, so callers are served in arrival order and the lock is
never held while sleeping.
"""

from __future__ import annotations

import threading

from ._clock import SYSTEM_CLOCK, Clock
from ._validation import validate_positive_number


class RateLimiter:
    """At most ``rate`` acquisitions per second, with bursts of up to ``burst``.

    ``burst`` defaults to 1: calls are spaced ``1/rate`` apart, the safest reading of "10 per
    second" (a bucket of size ``b`` lets ``b + rate`` calls through in some one-second window).
    """

    def __init__(
        self, rate: float = 10.0, *, burst: float | None = None, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        self.rate = validate_positive_number(rate, field="status_checks_per_second")
        self.burst = validate_positive_number(1.0 if burst is None else burst, field="burst")
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens = self.burst
        self._updated = clock.monotonic()

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._updated = now

    def reserve(self) -> float:
        """Take one slot now; return how long to wait before using it (0 if available)."""
        with self._lock:
            self._refill(self._clock.monotonic())
            self._tokens -= 1.0
            if self._tokens >= 0:
                return 0.0
            return -self._tokens / self.rate

    def acquire(self) -> float:
        """Block until a slot is free; return the time waited."""
        wait = self.reserve()
        if wait > 0:
            self._clock.sleep(wait)
        return wait

    async def aacquire(self) -> float:
        """Await until a slot is free; return the time waited."""
        wait = self.reserve()
        if wait > 0:
            await self._clock.asleep(wait)
        return wait

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate:g}/s, burst={self.burst:g})"
