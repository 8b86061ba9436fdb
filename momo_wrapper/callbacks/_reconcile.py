"""Reconciliation: finding the final state of transactions whose callback never came.

MoMo sends a callback once, without retry, and sometimes not at all (api-behaviour §8). MTN's advice
is to poll a transaction still pending some minutes after its creation. ``reconcile`` does that
for the transactions you pass (from your database) plus the callbacks the processor could not
confirm, and delivers final states through the same dedup store and handler as callbacks, so a
state found both ways is handled once. Call it periodically (every minute or so): it only checks
transactions older than ``older_than`` seconds (default 300), oldest first, at most ``limit``.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable

import attrs

from .._validation import validate_positive_int, validate_positive_number
from ._outcomes import CallbackOutcome, Verdict
from ._pending import PendingTransaction
from ._processor import AsyncCallbackProcessor, CallbackProcessor

DEFAULT_RECONCILE_AFTER = 300.0
"""Seconds after creation before a transaction is polled (MTN: 5 minutes)."""
DEFAULT_RECONCILE_CONCURRENCY = 4


@attrs.frozen(kw_only=True)
class ReconcileReport:
    """What one reconciliation run found: one outcome per checked transaction."""

    outcomes: tuple[CallbackOutcome, ...]
    not_due: int
    """Transactions skipped because they are younger than ``older_than`` (or over ``limit``)."""

    def count(self, verdict: Verdict) -> int:
        return sum(1 for outcome in self.outcomes if outcome.verdict is verdict)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(str(outcome.verdict) for outcome in self.outcomes))

    @property
    def delivered(self) -> tuple[CallbackOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.delivered)

    @property
    def still_pending(self) -> tuple[CallbackOutcome, ...]:
        """Checked but not final yet (or not checkable now): look again next run."""
        return tuple(outcome for outcome in self.outcomes if outcome.needs_recheck)


def select_due(
    pending: Iterable[PendingTransaction],
    *,
    now: float,
    older_than: float = DEFAULT_RECONCILE_AFTER,
    limit: int | None = None,
) -> tuple[list[PendingTransaction], int]:
    """The transactions to poll now (oldest first, one per product and reference id) and how
    many were left for later."""
    unique: dict[tuple[str, str], PendingTransaction] = {}
    for item in pending:
        unique.setdefault((item.product, item.reference_id), item)
    due = sorted(
        (item for item in unique.values() if now - item.created_at >= older_than),
        key=lambda item: item.created_at,
    )
    chosen = due if limit is None else due[:limit]
    return chosen, len(unique) - len(chosen)


def _candidates(
    pending: Iterable[PendingTransaction],
    processor: CallbackProcessor | AsyncCallbackProcessor,
    include_unconfirmed: bool,
) -> list[PendingTransaction]:
    # The caller's rows first: their created_at is the real creation time.
    items = list(pending)
    if include_unconfirmed:
        items.extend(processor.unconfirmed.snapshot())
    return items


def _checked_options(older_than: float, limit: int | None) -> tuple[float, int | None]:
    after = validate_positive_number(older_than, field="older_than", allow_zero=True)
    return after, None if limit is None else validate_positive_int(limit, field="limit")


def reconcile(
    processor: CallbackProcessor,
    pending: Iterable[PendingTransaction] = (),
    *,
    older_than: float = DEFAULT_RECONCILE_AFTER,
    limit: int | None = None,
    include_unconfirmed: bool = True,
) -> ReconcileReport:
    """Poll every due transaction once, one after another; deliver the final ones."""
    after, most = _checked_options(older_than, limit)
    due, not_due = select_due(
        _candidates(pending, processor, include_unconfirmed),
        now=processor.clock.time(),
        older_than=after,
        limit=most,
    )
    return ReconcileReport(outcomes=tuple(processor.check(item) for item in due), not_due=not_due)


async def areconcile(
    processor: AsyncCallbackProcessor,
    pending: Iterable[PendingTransaction] = (),
    *,
    older_than: float = DEFAULT_RECONCILE_AFTER,
    limit: int | None = None,
    include_unconfirmed: bool = True,
    concurrency: int = DEFAULT_RECONCILE_CONCURRENCY,
) -> ReconcileReport:
    """Poll every due transaction once, ``concurrency`` at a time; deliver the final ones."""
    after, most = _checked_options(older_than, limit)
    gate = asyncio.Semaphore(validate_positive_int(concurrency, field="concurrency"))
    due, not_due = select_due(
        _candidates(pending, processor, include_unconfirmed),
        now=processor.clock.time(),
        older_than=after,
        limit=most,
    )

    async def check(item: PendingTransaction) -> CallbackOutcome:
        async with gate:
            return await processor.acheck(item)

    outcomes = await asyncio.gather(*(check(item) for item in due))
    return ReconcileReport(outcomes=tuple(outcomes), not_due=not_due)
