"""Bounded background work for the receivers: ``workers`` run at once, at most ``capacity`` wait.

``submit`` never blocks: it answers False when the queue is full or closed, so a receiver can
answer 503 at once instead of stalling the sender. ``close``/``aclose`` stop accepting work and
wait for everything already accepted (the drain), up to a timeout.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from .._validation import validate_positive_int

logger = logging.getLogger("momo_wrapper.callbacks")

T = TypeVar("T")


def _check_sizes(workers: int, capacity: int) -> tuple[int, int]:
    return (
        validate_positive_int(workers, field="workers", maximum=256),
        validate_positive_int(capacity, field="queue_size"),
    )


class ThreadWorkers(Generic[T]):
    """A small pool of daemon threads fed by a bounded queue; threads start on first use."""

    def __init__(
        self, work: Callable[[T], object], *, workers: int, capacity: int, name: str
    ) -> None:
        self._work = work
        self._workers, self._capacity = _check_sizes(workers, capacity)
        self._name = name
        self._waiting: deque[T] = deque()
        self._unfinished = 0
        self._closed = False
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._has_work = threading.Condition(self._lock)
        self._idle = threading.Condition(self._lock)

    def submit(self, item: T) -> bool:
        with self._lock:
            if self._closed or len(self._waiting) >= self._capacity:
                return False
            self._waiting.append(item)
            self._unfinished += 1
            if len(self._threads) < self._workers:
                self._start_thread()
            self._has_work.notify()
            return True

    def _start_thread(self) -> None:
        thread = threading.Thread(
            target=self._run, name=f"{self._name}-{len(self._threads) + 1}", daemon=True
        )
        self._threads.append(thread)
        thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._waiting and not self._closed:
                    self._has_work.wait()
                if not self._waiting:
                    return  # closed and drained
                item = self._waiting.popleft()
            try:
                self._work(item)
            except Exception:  # the processor reports its own failures; this is a last resort
                logger.exception("callback worker failed")
            finally:
                with self._lock:
                    self._unfinished -= 1
                    if self._unfinished == 0:
                        self._idle.notify_all()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until all accepted work is done; False if ``timeout`` seconds passed first."""
        with self._lock:
            return self._idle.wait_for(lambda: self._unfinished == 0, timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Stop accepting work, finish what was accepted; False if that took over ``timeout``."""
        with self._lock:
            self._closed = True
            self._has_work.notify_all()
            threads = list(self._threads)
        drained = self.join(timeout)
        if drained:
            for thread in threads:
                thread.join()
        return drained

    @property
    def unfinished(self) -> int:
        with self._lock:
            return self._unfinished

    @property
    def accepting(self) -> bool:
        return not self._closed


class AsyncWorkers(Generic[T]):
    """Worker tasks fed by a bounded ``asyncio.Queue``, created in the running loop on first use.

    Use it from one event loop at a time; ``submit`` must be called inside that loop.
    """

    def __init__(
        self, work: Callable[[T], Awaitable[object]], *, workers: int, capacity: int
    ) -> None:
        self._work = work
        self._workers, self._capacity = _check_sizes(workers, capacity)
        self._queue: asyncio.Queue[T] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._unfinished = 0

    def submit(self, item: T) -> bool:
        if self._closed:
            return False
        work_queue = self._started()
        try:
            work_queue.put_nowait(item)
        except asyncio.QueueFull:
            return False
        self._unfinished += 1
        return True

    def _started(self) -> asyncio.Queue[T]:
        loop = asyncio.get_running_loop()
        if self._queue is None or self._loop is not loop:
            # First use, or a new event loop (the old loop's tasks died with it).
            self._loop = loop
            self._queue = asyncio.Queue(maxsize=self._capacity)
            self._tasks = [
                loop.create_task(self._run(self._queue), name=f"momo-callbacks-{index + 1}")
                for index in range(self._workers)
            ]
        return self._queue

    async def _run(self, work_queue: asyncio.Queue[T]) -> None:
        while True:
            item = await work_queue.get()
            try:
                await self._work(item)
            except Exception:  # the processor reports its own failures; this is a last resort
                logger.exception("callback worker failed")
            finally:
                self._unfinished -= 1
                work_queue.task_done()

    async def join(self) -> None:
        """Wait until all accepted work is done."""
        if self._queue is not None and self._loop is asyncio.get_running_loop():
            await self._queue.join()

    async def aclose(self, timeout: float | None = None) -> bool:
        """Stop accepting work, finish what was accepted (up to ``timeout`` s), stop the tasks."""
        self._closed = True
        drained = True
        try:
            await asyncio.wait_for(self.join(), timeout)
        except TimeoutError:
            drained = False
        tasks, self._tasks = self._tasks, []
        if self._loop is asyncio.get_running_loop():  # tasks of a finished loop died with it
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return drained

    @property
    def unfinished(self) -> int:
        return self._unfinished

    @property
    def accepting(self) -> bool:
        return not self._closed
