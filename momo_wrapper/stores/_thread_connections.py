"""One blocking database connection per thread (and per process), shared by the SQL stores.

A connection never crosses a ``fork`` (the process id is checked) or a thread. When a thread
ends, its thread-local holder is dropped and the connection closed, so short-lived threads leave
no open connections behind; :meth:`ThreadConnections.close_all` closes the rest, from any thread.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar


class _Closable(Protocol):
    def close(self) -> Any: ...


C = TypeVar("C", bound=_Closable)


class _Held(Generic[C]):
    __slots__ = ("__weakref__", "conn", "pid")

    def __init__(self, pid: int, conn: C) -> None:
        self.pid = pid
        self.conn = conn
        weakref.finalize(self, conn.close)


class ThreadConnections(Generic[C]):
    """``connect`` opens a connection; ``errors`` are what closing one may raise."""

    def __init__(
        self, connect: Callable[[], C], *, errors: tuple[type[BaseException], ...]
    ) -> None:
        self._connect = connect
        self._errors = errors
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: weakref.WeakSet[_Held[C]] = weakref.WeakSet()

    def current(self) -> C | None:
        """This thread's connection, if it has one (in this process)."""
        held: _Held[C] | None = getattr(self._local, "held", None)
        return held.conn if held is not None and held.pid == os.getpid() else None

    def get(self, usable: Callable[[C], bool] | None = None) -> C:
        """This thread's connection, opened now if it has none (or none ``usable``)."""
        conn = self.current()
        if conn is not None and (usable is None or usable(conn)):
            return conn
        held = _Held(os.getpid(), self._connect())
        self._local.held = held
        with self._lock:
            self._all.add(held)
        return held.conn

    def discard_current(self) -> None:
        """Close and forget this thread's connection (it broke)."""
        conn = self.current()
        self._local.held = None
        if conn is not None:
            with contextlib.suppress(*self._errors):
                conn.close()

    def close_all(self) -> None:
        with self._lock:
            held, self._all = list(self._all), weakref.WeakSet()
        for one in held:
            with contextlib.suppress(*self._errors):
                one.conn.close()

    def __len__(self) -> int:
        """Connections open and not yet closed by their thread's end."""
        with self._lock:
            return len(self._all)
