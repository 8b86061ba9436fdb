"""The ledger in this process's memory: every client's default (in the core, so a client that
configures no store never imports :mod:`momo_wrapper.stores`, which re-exports it).

It forgets everything when the process ends, so it protects against double sends within one
process only (a retried create, concurrent callers of one key); use SQLite (one host) or Redis
(many hosts) for workers that may crash or restart.

It keeps at most ``max_entries`` entries (default :data:`DEFAULT_MAX_ENTRIES`) so a long-running
service does not grow without end: past that, the oldest entries MoMo holds (FINAL, ACCEPTED) or
that are settled as REFUSED are forgotten first. An entry that may still be sent or settled
(PENDING_SUBMIT, FAILED_TO_SUBMIT) is never forgotten.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from ._clock import SYSTEM_CLOCK, Clock
from ._errors import LedgerEntryNotFoundError, MomoValidationError
from ._ledger import Change, Ledger, LedgerEntry, LedgerState

DEFAULT_MAX_ENTRIES = 10_000
_KEPT = frozenset({LedgerState.PENDING_SUBMIT, LedgerState.FAILED_TO_SUBMIT})


class MemoryLedger(Ledger):
    display_url = "memory://"

    def __init__(self, *, clock: Clock = SYSTEM_CLOCK, max_entries: int = DEFAULT_MAX_ENTRIES):
        super().__init__(clock=clock)
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise MomoValidationError(
                "max_entries", f"must be a positive integer, got {max_entries!r}."
            )
        self.max_entries = max_entries
        self._lock = threading.Lock()
        # Insertion order: the oldest entries come first when some must be forgotten.
        self._by_reference: OrderedDict[str, LedgerEntry] = OrderedDict()
        self._reference_by_key: dict[str, str] = {}

    def _forget_oldest(self) -> None:
        """Drop the oldest entry that is not kept, if the ledger is over its size."""
        if len(self._by_reference) <= self.max_entries:
            return
        for reference_id, entry in self._by_reference.items():
            if entry.state not in _KEPT:
                del self._by_reference[reference_id]
                del self._reference_by_key[entry.business_key]
                return

    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        with self._lock:
            reference_id = self._reference_by_key.get(candidate.business_key)
            if reference_id is not None:
                return self._by_reference[reference_id], False
            taken = self._by_reference.get(candidate.reference_id)
            if taken is not None:
                return taken, False
            self._reference_by_key[candidate.business_key] = candidate.reference_id
            self._by_reference[candidate.reference_id] = candidate
            self._forget_oldest()
            return candidate, True

    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:  # noqa: ARG002
        with self._lock:
            entry = self._by_reference.get(reference_id)
            if entry is None:
                raise LedgerEntryNotFoundError(reference_id, store="memory ledger")
            self._by_reference[reference_id] = updated = change(entry)
            return updated

    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        with self._lock:
            due = sorted(
                (e for e in self._by_reference.values() if e.is_open and e.updated_at <= cutoff),
                key=lambda e: e.updated_at,
            )
        return due[:limit] if limit is not None else due

    def _get(self, reference_id: str) -> LedgerEntry | None:
        with self._lock:
            return self._by_reference.get(reference_id)

    # No I/O: the async primitives are the sync ones.

    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return self._insert_or_get(candidate)

    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return self._update(reference_id, change, operation)

    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return self._pending(cutoff, limit)

    async def _aget(self, reference_id: str) -> LedgerEntry | None:
        return self._get(reference_id)

    def close(self) -> None:
        """Nothing to release."""

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_reference)
