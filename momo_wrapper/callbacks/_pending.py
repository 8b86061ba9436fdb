"""Transactions whose final state is not known yet, for reconciliation.

Your database knows which transactions you created and have not seen finish; hand those to
``reconcile`` as :class:`PendingTransaction`. The processors also remember, in memory, every
callback they could not confirm as final (:class:`UnconfirmedCallbacks`), so a callback that
claimed a final state too early, or arrived while MoMo was unreachable, is looked at again.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

import attrs

from .._errors import MomoValidationError
from .._validation import validate_positive_int, validate_product, validate_reference_id
from ._paths import CallbackPath, validate_operation

DEFAULT_MAX_UNCONFIRMED = 10_000


def _epoch_seconds(value: object) -> float:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise MomoValidationError(
                "created_at",
                "is a naive datetime, so its time zone is a guess.",
                "Pass an aware datetime (e.g. datetime.now(timezone.utc)) or epoch seconds.",
            )
        return value.timestamp()
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MomoValidationError(
            "created_at",
            f"expected an aware datetime or epoch seconds, got {type(value).__name__}.",
        )
    return float(value)


@attrs.frozen(kw_only=True)
class PendingTransaction:
    """A transaction to re-check: which create it was and when it was created.

    ``created_at`` is an aware ``datetime`` or epoch seconds; it is stored as epoch seconds.
    """

    product: str = attrs.field(converter=validate_product)
    operation: str
    reference_id: str = attrs.field(converter=validate_reference_id)
    created_at: float = attrs.field(converter=_epoch_seconds)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "operation", validate_operation(self.product, self.operation))

    @property
    def target(self) -> CallbackPath:
        return CallbackPath(self.product, self.operation, self.reference_id)


class UnconfirmedCallbacks:
    """Callbacks not confirmed final yet, keyed by (product, reference id); thread-safe.

    Keeps the first time each was seen and at most ``max_entries`` (the oldest go first), so a
    flood of callbacks cannot grow it without bound.
    """

    def __init__(self, max_entries: int = DEFAULT_MAX_UNCONFIRMED) -> None:
        self._max_entries = validate_positive_int(max_entries, field="max_entries")
        self._entries: OrderedDict[tuple[str, str], PendingTransaction] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, target: CallbackPath, seen_at: float) -> None:
        key = (target.product, target.reference_id)
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = PendingTransaction(
                product=target.product,
                operation=target.operation,
                reference_id=target.reference_id,
                created_at=seen_at,
            )
            if len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def discard(self, product: str, reference_id: str) -> None:
        with self._lock:
            self._entries.pop((product, reference_id), None)

    def snapshot(self) -> list[PendingTransaction]:
        with self._lock:
            return list(self._entries.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __repr__(self) -> str:
        return f"UnconfirmedCallbacks(<{len(self)} transactions>)"
