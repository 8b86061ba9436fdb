"""The sandbox's virtual clock: tokens expire and pending transactions settle by it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class VirtualClock:
    """Seconds since the epoch, moved by `advance()` and optionally by real time.

    Frozen by default (tests move it explicitly). With ``follow_real_time=True`` it also
    ticks with the wall clock, which is what a served sandbox for humans and benchmarks wants.
    """

    def __init__(self, start: float | None = None, *, follow_real_time: bool = False) -> None:
        self._origin = time.time() if start is None else start
        self._offset = 0.0
        self._follow_real_time = follow_real_time
        self._real_origin = time.monotonic()
        self._listeners: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    @property
    def follows_real_time(self) -> bool:
        return self._follow_real_time

    def now(self) -> float:
        """Current virtual time, in epoch seconds."""
        if self._follow_real_time:
            return self._origin + self._offset + (time.monotonic() - self._real_origin)
        return self._origin + self._offset

    def advance(self, seconds: float) -> None:
        """Move time forward; transactions and callbacks due by then are settled/sent."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every `advance()`."""
        with self._lock:
            self._listeners.append(listener)

    def __repr__(self) -> str:
        mode = "following real time" if self._follow_real_time else "frozen"
        return f"VirtualClock(now={self.now():.3f}, {mode})"
