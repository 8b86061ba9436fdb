"""Time as an injectable dependency, so expiry, backoff and rate limits test without sleeping."""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    """What the SDK needs from time: a monotonic clock for durations, wall time for expiries."""

    def monotonic(self) -> float: ...

    def time(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        # Imported here, not at the top: a sync-only program never pays for asyncio, and by the
        # time anything awaits this, asyncio is loaded already.
        import asyncio

        await asyncio.sleep(max(0.0, seconds))

    def __repr__(self) -> str:
        return "SystemClock()"


SYSTEM_CLOCK = SystemClock()


class FakeClock:
    """A test clock: ``sleep``/``asleep`` advance time at once and are recorded in ``sleeps``.

    ``asleep`` still yields to the event loop once, so other tasks get to run as they would during
    a real sleep. Thread-safe.
    """

    def __init__(self, *, start_monotonic: float = 1_000.0, start_time: float = 1_700_000_000.0):
        self._lock = threading.Lock()
        self._monotonic = start_monotonic
        self._time = start_time
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._monotonic

    def time(self) -> float:
        with self._lock:
            return self._time

    def advance(self, seconds: float) -> None:
        """Move both clocks forward, as if ``seconds`` had passed."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._monotonic += seconds
            self._time += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
        self.advance(max(0.0, seconds))

    async def asleep(self, seconds: float) -> None:
        import asyncio  # see SystemClock.asleep

        self.sleep(seconds)
        await asyncio.sleep(0)

    @property
    def total_slept(self) -> float:
        with self._lock:
            return sum(self.sleeps)

    def __repr__(self) -> str:
        return f"FakeClock(monotonic={self._monotonic!r}, time={self._time!r})"
