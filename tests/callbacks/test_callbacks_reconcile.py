"""Callbacks that never come: re-poll after 5 minutes, deliver through the same path."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import MomoConnectionError, MomoValidationError
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    PendingTransaction,
    Source,
    Verdict,
    areconcile,
    select_due,
)
from tests.callbacks.callbacks_fakes import (
    REF,
    SUCCESS_BODY,
    Driver,
    FakeFetcher,
    Recorder,
    callback_request,
    payment,
)
from tests.callbacks.callbacks_fakes import new_ref as fresh


def pending(ref: str, created_at: float, operation: str = "request_to_pay") -> PendingTransaction:
    return PendingTransaction(
        product="collection", operation=operation, reference_id=ref, created_at=created_at
    )


FIVE_MINUTES = 5 * 60  # MTN: poll a transaction whose callback has not come after 5 minutes


async def test_by_default_a_transaction_is_polled_once_it_is_five_minutes_old(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    due, early = fresh(), fresh()
    for ref in (due, early):
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    rows = [pending(due, clock.time() - FIVE_MINUTES), pending(early, clock.time() - 299.5)]
    report = await driver.reconcile(rows)  # no older_than: the default
    assert [o.reference_id for o in report.outcomes] == [due]
    assert report.not_due == 1
    assert [c.reference_id for c in handler.calls] == [due]


def test_select_due_by_default_waits_five_minutes() -> None:
    ref = fresh()
    rows = [pending(ref, 1_000.0)]
    assert select_due(rows, now=1_000.0 + FIVE_MINUTES - 0.5) == ([], 1)
    assert select_due(rows, now=1_000.0 + FIVE_MINUTES) == (rows, 0)


async def test_only_transactions_older_than_five_minutes_are_polled(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    old, young = fresh(), fresh()
    fetcher.set(payment("SUCCESSFUL", ref=old), ref=old)
    fetcher.set(payment("SUCCESSFUL", ref=young), ref=young)
    rows = [pending(old, clock.time() - 301), pending(young, clock.time() - 299)]
    report = await driver.reconcile(rows)
    assert [o.reference_id for o in report.outcomes] == [old]
    assert report.not_due == 1
    assert [c.reference_id for c in handler.calls] == [old]
    assert handler.calls[0].source is Source.RECONCILE
    clock.advance(1)
    report = await driver.reconcile(rows)
    assert report.count(Verdict.DELIVERED) == 1
    assert report.count(Verdict.DUPLICATE) == 1  # `old` again: delivered once only
    assert len(handler.calls) == 2


async def test_each_kind_of_answer_is_reported(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    done, waiting, unknown, unreachable = fresh(), fresh(), fresh(), fresh()
    fetcher.set(payment("FAILED", ref=done, reason="EXPIRED"), ref=done)
    fetcher.set(payment("PENDING", ref=waiting), ref=waiting)
    fetcher.set(MomoConnectionError("reset"), ref=unreachable)
    start = clock.time() - 3600
    rows = [pending(r, start + i) for i, r in enumerate((done, waiting, unknown, unreachable))]
    report = await driver.reconcile(rows)
    assert [o.verdict for o in report.outcomes] == [
        Verdict.DELIVERED,
        Verdict.NOT_FINAL,
        Verdict.UNKNOWN_REFERENCE,
        Verdict.VERIFICATION_FAILED,
    ]
    assert report.counts == {
        "delivered": 1,
        "not_final": 1,
        "unknown_reference": 1,
        "verification_failed": 1,
    }
    assert [o.reference_id for o in report.delivered] == [done]
    assert [o.reference_id for o in report.still_pending] == [waiting, unreachable]
    assert handler.statuses == ["FAILED"]
    # The caller's rows stay the caller's: nothing is added to the in-memory list.
    assert len(driver.processor.unconfirmed) == 0


async def test_a_callback_that_claimed_too_early_is_delivered_by_reconciliation(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    ref = fresh()
    fetcher.set(payment("PENDING", ref=ref), ref=ref)
    path = f"/cb/collection/request_to_pay/{ref}"
    await driver.handle(callback_request(SUCCESS_BODY, path=path))
    assert handler.calls == []
    assert (await driver.reconcile()).not_due == 1  # seen just now
    clock.advance(300)
    fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    report = await driver.reconcile()
    assert [o.verdict for o in report.outcomes] == [Verdict.DELIVERED]
    assert handler.statuses == ["SUCCESSFUL"]
    assert len(driver.processor.unconfirmed) == 0
    # MoMo's own copy of the callback arrives late: already delivered.
    await driver.handle(callback_request(SUCCESS_BODY, path=path))
    assert len(handler.calls) == 1


async def test_unconfirmed_callbacks_can_be_left_out(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    fetcher.set(payment("PENDING"))
    await driver.handle(callback_request())
    clock.advance(600)
    report = await driver.reconcile(include_unconfirmed=False)
    assert report.outcomes == ()
    assert report.not_due == 0


async def test_the_same_transaction_on_both_lists_is_polled_once(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    fetcher.set(payment("PENDING"))
    await driver.handle(callback_request())
    clock.advance(600)
    report = await driver.reconcile([pending(REF, clock.time() - 900)])
    assert len(report.outcomes) == 1
    assert len(fetcher.calls) == 2  # the callback's check and one reconciliation check


async def test_limit_takes_the_oldest_first(
    driver: Driver, fetcher: FakeFetcher, clock: FakeClock
) -> None:
    refs = [fresh() for _ in range(5)]
    for ref in refs:
        fetcher.set(payment("PENDING", ref=ref), ref=ref)
    rows = [pending(ref, clock.time() - 1000 + i) for i, ref in enumerate(refs)]
    report = await driver.reconcile(list(reversed(rows)), limit=2)
    assert [o.reference_id for o in report.outcomes] == refs[:2]
    assert report.not_due == 3


async def test_options_are_validated(driver: Driver) -> None:
    with pytest.raises(MomoValidationError, match="older_than"):
        await driver.reconcile(older_than=-1)
    with pytest.raises(MomoValidationError, match="limit"):
        await driver.reconcile(limit=0)


async def test_async_reconciliation_is_bounded(
    fetcher: FakeFetcher, handler: Recorder, clock: FakeClock
) -> None:
    processor = AsyncCallbackProcessor(fetcher, handler, clock=clock)
    refs = [fresh() for _ in range(12)]
    for ref in refs:
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    fetcher.async_gate = asyncio.Event()
    rows = [pending(ref, 0) for ref in refs]
    task = asyncio.create_task(areconcile(processor, rows, concurrency=3))
    for _ in range(20):
        await asyncio.sleep(0)
    assert fetcher.active_max == 3
    fetcher.async_gate.set()
    report = await task
    assert report.count(Verdict.DELIVERED) == 12
    assert fetcher.active_max == 3
    with pytest.raises(MomoValidationError, match="concurrency"):
        await areconcile(processor, rows, concurrency=0)


def test_select_due_is_pure() -> None:
    a, b = fresh(), fresh()
    rows = [pending(a, 100), pending(b, 50), pending(a, 10)]
    due, later = select_due(rows, now=400, older_than=300)
    assert [(t.reference_id, t.created_at) for t in due] == [(b, 50), (a, 100)]
    assert later == 0
    due, later = select_due(rows, now=380, older_than=300)
    assert [t.reference_id for t in due] == [b]
    assert later == 1


def test_pending_transactions_take_aware_datetimes_or_epoch_seconds() -> None:
    ref = fresh()
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert pending(ref, moment).created_at == moment.timestamp()  # type: ignore[arg-type]
    assert pending(ref, 12).created_at == 12.0
    with pytest.raises(MomoValidationError, match="naive datetime") as caught:
        pending(ref, dt.datetime(2026, 1, 2))  # type: ignore[arg-type]
    assert "timezone.utc" in str(caught.value)
    with pytest.raises(MomoValidationError, match="created_at"):
        pending(ref, "yesterday")  # type: ignore[arg-type]


def test_pending_transactions_are_validated_and_normalised() -> None:
    ref = fresh()
    row = PendingTransaction(
        product="Collection", operation="INVOICE", reference_id=ref.upper(), created_at=0
    )
    assert (row.product, row.operation, row.reference_id) == ("collection", "invoice", ref)
    with pytest.raises(MomoValidationError, match="operation"):
        PendingTransaction(product="remittance", operation="refund", reference_id=ref, created_at=0)
    with pytest.raises(MomoValidationError, match="reference_id"):
        PendingTransaction(
            product="remittance", operation="transfer", reference_id="1", created_at=0
        )
