"""Remembering which final states were already handed to the user's handler.

A store answers one atomic question, :meth:`CallbackDedupStore.first_time`: "is this the first
time this key is claimed?". Exactly one caller gets ``True`` for a key, however many threads,
tasks or processes ask at once, so a handler runs once per final state even when MoMo delivers a
callback twice and reconciliation finds the same state. ``forget`` releases a key again when the
handler failed, so the state is delivered again later instead of being lost.

Stores shared between processes (SQLite ``INSERT OR IGNORE``, Redis ``SET key 1 NX EX ttl``)
implement the same two methods; an asyncio store can add ``afirst_time``/``aforget``
(:class:`AsyncCallbackDedupStore`), which the async processor prefers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol, runtime_checkable

from .._validation import validate_positive_int

DEFAULT_MAX_ENTRIES = 100_000


def dedup_key(product: str, reference_id: str, status: str) -> str:
    """``"collection:6b1a…:SUCCESSFUL"``: one key per transaction and final status."""
    return f"{product}:{reference_id}:{status.upper()}"


@runtime_checkable
class CallbackDedupStore(Protocol):
    def first_time(self, key: str) -> bool:
        """Claim ``key`` atomically: ``True`` for exactly one caller, ``False`` for all others."""
        ...

    def forget(self, key: str) -> None:
        """Release ``key`` (its handler failed), so a later delivery claims it again."""
        ...


@runtime_checkable
class AsyncCallbackDedupStore(Protocol):
    async def afirst_time(self, key: str) -> bool: ...

    async def aforget(self, key: str) -> None: ...


class InMemoryDedupStore:
    """A per-process store for one server process; keeps the newest ``max_entries`` keys.

    Thread-safe and usable from asyncio (it never blocks for long). Keys are forgotten when the
    process ends, so a duplicate that arrives after a restart is delivered again: use a shared
    store when that matters or when several processes receive callbacks.
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._max_entries = validate_positive_int(max_entries, field="max_entries")
        self._keys: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: str) -> bool:
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            if len(self._keys) > self._max_entries:
                self._keys.popitem(last=False)
            return True

    def forget(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

    async def afirst_time(self, key: str) -> bool:
        return self.first_time(key)

    async def aforget(self, key: str) -> None:
        self.forget(key)

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)

    def __repr__(self) -> str:
        return f"InMemoryDedupStore(<{len(self)} of {self._max_entries} keys>)"
