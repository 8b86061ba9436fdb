"""Work bounded by distinct references, not by requests: what the receivers queue.

A receiver queues a *reference*, not a request. A callback for a reference already waiting or
being read only marks it "dirty" and is answered 200 at once; when the read comes back not final
while a newer callback arrived, the reference is queued again after the receiver's
``recheck_interval`` (so fresh references go first and a flood on one reference costs at most one
read per interval), and everything still not final stays in
``unconfirmed`` for reconciliation. A reference read as final is remembered (final states never
change), so later callbacks for it are answered from that read without another. Memory is
bounded by the number of distinct references in flight (``capacity``) plus ``max_finals``.

Pure bookkeeping under one lock, shared by the sync and async receivers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import attrs

from .._validation import validate_positive_int
from ._events import CallbackEvent
from ._fetchers import StatusResult

Key = tuple[str, str]
"""(product, reference id)."""
DEFAULT_MAX_FINALS = 10_000


def key_of(event: CallbackEvent) -> Key:
    return (event.product, event.reference_id)


@attrs.define
class _Entry:
    event: CallbackEvent
    """The newest callback for the reference (its claim is logged against the read)."""
    dirty: bool = False
    """A callback arrived after the current read started."""
    coalesced: int = 0
    """Callbacks answered by this entry's reads, besides the first."""


class Coalescer:
    """References waiting or being read, and the final states already read."""

    def __init__(self, *, max_finals: int = DEFAULT_MAX_FINALS) -> None:
        self._max_finals = validate_positive_int(max_finals, field="max_finals")
        self._active: dict[Key, _Entry] = {}
        self._finals: OrderedDict[Key, StatusResult] = OrderedDict()
        self._lock = threading.Lock()

    def join_active(self, event: CallbackEvent) -> bool:
        """If the reference is already queued or being read, fold ``event`` into it: True."""
        with self._lock:
            entry = self._active.get(key_of(event))
            if entry is None:
                return False
            entry.event, entry.dirty = event, True
            entry.coalesced += 1
            return True

    def final(self, event: CallbackEvent) -> StatusResult | None:
        """The final status already read for the reference, if any."""
        with self._lock:
            return self._finals.get(key_of(event))

    def start(self, event: CallbackEvent) -> bool:
        """Track a new reference; False if another callback started it meanwhile (folded)."""
        key = key_of(event)
        with self._lock:
            entry = self._active.get(key)
            if entry is not None:
                entry.event, entry.dirty = event, True
                entry.coalesced += 1
                return False
            self._active[key] = _Entry(event)
            return True

    def drop(self, event: CallbackEvent) -> None:
        """Stop tracking (it could not be queued)."""
        self.forget(key_of(event))

    def forget(self, key: Key) -> CallbackEvent | None:
        """Stop tracking ``key``; its newest event, if it was tracked."""
        with self._lock:
            entry = self._active.pop(key, None)
            return None if entry is None else entry.event

    def begin_read(self, key: Key) -> CallbackEvent:
        """The event to verify now; callbacks from here on make the entry dirty again."""
        with self._lock:
            entry = self._active[key]
            entry.dirty = False
            return entry.event

    def end_read(self, key: Key, final: StatusResult | None) -> tuple[bool, int, CallbackEvent]:
        """After a read: (read again?, callbacks folded in, newest event).

        Final: remembered, the entry ends; the caller reports the folded callbacks as answered
        by this read. Not final and dirty: read again (the caller re-queues it). Otherwise the
        entry ends (reconciliation has it).
        """
        with self._lock:
            entry = self._active[key]
            if final is None and entry.dirty:
                return True, 0, entry.event
            del self._active[key]
            if final is not None:
                self._finals[key] = final
                self._finals.move_to_end(key)
                if len(self._finals) > self._max_finals:
                    self._finals.popitem(last=False)
            return False, entry.coalesced if final is not None else 0, entry.event

    @property
    def active(self) -> int:
        with self._lock:
            return len(self._active)

    @property
    def finals(self) -> int:
        with self._lock:
            return len(self._finals)
