"""Verify-then-deliver, through the sync and the async processor (the `driver` fixture)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading

import pytest

from momo_wrapper._errors import MomoConnectionError, MomoValidationError, ServerError
from momo_wrapper._results import TransactionStatus
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackOutcome,
    CallbackProcessor,
    InMemoryDedupStore,
    PendingTransaction,
    Source,
    Verdict,
    VerifiedCallback,
    dedup_key,
)
from tests.callbacks.callbacks_fakes import (
    FAILED_BODY,
    PATH,
    REF,
    SUCCESS_BODY,
    Driver,
    FakeFetcher,
    Recorder,
    callback_request,
    new_ref,
    payment,
    transfer,
)


async def test_a_forged_success_for_a_failed_payment_delivers_the_true_status(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher.set(payment("FAILED", reason="NOT_ENOUGH_FUNDS", amount="50"))
    event = driver.processor.parse(callback_request(SUCCESS_BODY))
    with caplog.at_level(logging.WARNING, "momo_wrapper.callbacks"):
        outcome = await driver.verify(event)
    assert outcome.verdict is Verdict.DELIVERED
    assert outcome.claimed_status == "SUCCESSFUL"
    assert outcome.verified_status == "FAILED"
    assert "status" in outcome.mismatched_fields
    assert "financial_transaction_id" not in outcome.mismatched_fields  # MoMo gave none
    [delivered] = handler.calls
    assert delivered.status.status is TransactionStatus.FAILED
    assert str(delivered.status.reason) == "NOT_ENOUGH_FUNDS"
    assert not delivered.is_successful
    assert delivered.claimed is event  # the claim, for the logs
    assert delivered.source is Source.CALLBACK
    assert "possible forgery" in caplog.text
    assert fetcher.calls == [("collection", "request_to_pay", REF)]


async def test_a_forged_success_for_a_pending_payment_is_not_delivered(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    fetcher.set(payment("PENDING"))
    with caplog.at_level(logging.WARNING, "momo_wrapper.callbacks"):
        response = await driver.handle(callback_request(SUCCESS_BODY))
    assert response.status_code == 200  # the sender learns nothing
    assert handler.calls == []
    [kept] = driver.processor.unconfirmed.snapshot()
    assert (kept.product, kept.operation, kept.reference_id) == (
        "collection",
        "request_to_pay",
        REF,
    )
    assert kept.created_at == driver.clock.time()
    assert "claimed SUCCESSFUL, MoMo says PENDING" in caplog.text


async def test_created_is_not_final_either(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("CREATED"))
    outcome = await driver.verify(driver.processor.parse(callback_request(FAILED_BODY)))
    assert outcome.verdict is Verdict.NOT_FINAL
    assert outcome.needs_recheck
    assert handler.calls == []


async def test_a_genuine_callback_is_delivered_with_the_verified_status(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL", financialTransactionId="1884710816"))
    response = await driver.handle(callback_request(SUCCESS_BODY, method="PUT"))
    assert response.status_code == 200
    assert json.loads(response.body) == {"status": "received"}
    [delivered] = handler.calls
    assert delivered.is_successful
    assert delivered.mismatched_fields == ()
    assert delivered.dedup_key == f"collection:{REF}:SUCCESSFUL"
    assert (delivered.product, delivered.operation, delivered.reference_id) == (
        "collection",
        "request_to_pay",
        REF,
    )


async def test_an_empty_body_still_leads_to_the_verified_status(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    await driver.handle(callback_request(b"{}"))
    assert handler.statuses == ["SUCCESSFUL"]


async def test_duplicates_call_the_handler_once(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("FAILED", reason="APPROVAL_REJECTED"))
    first = await driver.verify(driver.processor.parse(callback_request(FAILED_BODY)))
    second = await driver.verify(driver.processor.parse(callback_request(FAILED_BODY)))
    third = await driver.handle(callback_request(FAILED_BODY, method="PUT"))
    assert (first.verdict, second.verdict) == (Verdict.DELIVERED, Verdict.DUPLICATE)
    assert third.status_code == 200
    assert handler.statuses == ["FAILED"]
    assert len(fetcher.calls) == 3  # every copy is verified, none is trusted


async def test_simultaneous_duplicates_call_the_handler_once(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    processor = driver.processor
    events = [processor.parse(callback_request()) for _ in range(20)]
    if isinstance(processor, CallbackProcessor):
        outcomes: list[CallbackOutcome] = []
        threads = [
            threading.Thread(target=lambda e=e: outcomes.append(processor.verify(e)))
            for e in events
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        outcomes = list(await asyncio.gather(*(processor.averify(e) for e in events)))
    assert sorted(o.verdict for o in outcomes).count(Verdict.DELIVERED) == 1
    assert len(handler.calls) == 1


async def test_another_product_with_the_same_reference_is_another_transaction(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.set(transfer("SUCCESSFUL", ref=REF), product="disbursement")
    await driver.handle(callback_request())
    await driver.handle(callback_request(path=f"/cb/disbursement/transfer/{REF}"))
    assert [c.product for c in handler.calls] == ["collection", "disbursement"]


async def test_an_unknown_reference_gets_a_safe_answer_and_no_handler_call(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    ref = new_ref()  # MoMo answers 404 for it
    request = callback_request(path=f"/cb/collection/request_to_pay/{ref}")
    with caplog.at_level(logging.WARNING, "momo_wrapper.callbacks"):
        response = await driver.handle(request)
        outcome = await driver.verify(driver.processor.parse(request))
    assert response.status_code == 200
    assert json.loads(response.body) == {"status": "received"}
    assert outcome.verdict is Verdict.UNKNOWN_REFERENCE
    assert "NotFoundError" in (outcome.error or "")
    assert not outcome.needs_recheck
    assert handler.calls == []
    assert len(driver.processor.unconfirmed) == 0
    assert "forged or misrouted" in caplog.text


@pytest.mark.parametrize(
    "error",
    [
        MomoConnectionError("connection refused", maybe_sent=False),
        ServerError("boom", status_code=500, code="INTERNAL_PROCESSING_ERROR"),
        RuntimeError("a bug in the fetcher"),
    ],
)
async def test_when_momo_cannot_be_asked_the_callback_is_kept(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder, error: Exception
) -> None:
    fetcher.set(error)
    response = await driver.handle(callback_request())
    assert response.status_code == 503
    assert handler.calls == []
    assert [t.reference_id for t in driver.processor.unconfirmed.snapshot()] == [REF]
    # MoMo answers later: the next copy (or reconciliation) delivers it.
    fetcher.set(payment("SUCCESSFUL"))
    assert (await driver.handle(callback_request())).status_code == 200
    assert handler.statuses == ["SUCCESSFUL"]
    assert len(driver.processor.unconfirmed) == 0


async def test_a_failing_handler_releases_the_state_for_redelivery(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    handler.fail_times = 1
    fetcher.set(payment("SUCCESSFUL"))
    response = await driver.handle(callback_request())
    assert response.status_code == 500
    assert json.loads(response.body) == {"error": "the callback could not be processed"}
    assert handler.calls == []
    assert len(driver.processor.unconfirmed) == 1
    outcome = await driver.verify(driver.processor.parse(callback_request()))
    assert outcome.verdict is Verdict.DELIVERED
    assert handler.statuses == ["SUCCESSFUL"]


async def test_handler_errors_are_scrubbed_in_outcomes(
    driver: Driver, fetcher: FakeFetcher
) -> None:
    def leaky(callback: object) -> None:
        raise RuntimeError("Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl")

    driver.handler = leaky  # type: ignore[assignment]
    driver.build()
    fetcher.set(payment("SUCCESSFUL"))
    outcome = await driver.verify(driver.processor.parse(callback_request()))
    assert outcome.verdict is Verdict.DELIVERY_FAILED
    assert outcome.error is not None
    assert "eyJ" not in outcome.error
    assert "RuntimeError" in outcome.error


class BrokenStore:
    def first_time(self, key: str) -> bool:
        raise ConnectionError("redis is down")

    def forget(self, key: str) -> None:
        raise AssertionError("nothing was claimed")


async def test_a_failing_dedup_store_does_not_call_the_handler(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    driver.build(dedup=BrokenStore())
    fetcher.set(payment("SUCCESSFUL"))
    outcome = await driver.verify(driver.processor.parse(callback_request()))
    assert outcome.verdict is Verdict.DELIVERY_FAILED
    assert "redis is down" in (outcome.error or "")
    assert handler.calls == []


async def test_a_shared_store_deduplicates_across_processors(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    store = InMemoryDedupStore()
    first = driver.build(dedup=store)
    second = driver.build(dedup=store)
    fetcher.set(payment("SUCCESSFUL"))
    driver.processor = first
    await driver.handle(callback_request())
    driver.processor = second
    await driver.handle(callback_request())
    assert len(handler.calls) == 1
    assert not store.first_time(dedup_key("collection", REF, "successful"))


async def test_on_outcome_sees_every_outcome_and_its_errors_are_ignored(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    seen: list[CallbackOutcome] = []

    def hook(outcome: CallbackOutcome) -> None:
        seen.append(outcome)
        raise ValueError("metrics backend down")

    driver.build(on_outcome=hook)
    fetcher.set(payment("SUCCESSFUL"))
    await driver.handle(callback_request())
    await driver.handle(callback_request())
    assert [o.verdict for o in seen] == [Verdict.DELIVERED, Verdict.DUPLICATE]
    assert len(handler.calls) == 1


async def test_rejected_requests_never_reach_momo(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    for request in (
        callback_request(b"<html>"),
        callback_request(path="/favicon.ico"),
        callback_request(method="GET"),
    ):
        response = await driver.handle(request)
        assert 400 <= response.status_code < 500
    assert fetcher.calls == []
    assert handler.calls == []


async def test_path_prefix_from_the_callback_base_url(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    driver.build(path_prefix="https://shop.example/momo/callbacks/")
    fetcher.set(payment("SUCCESSFUL"))
    assert (await driver.handle(callback_request(path=PATH))).status_code == 200
    forged = callback_request(path=f"/elsewhere/collection/request_to_pay/{REF}")
    assert (await driver.handle(forged)).status_code == 404
    assert len(handler.calls) == 1


def test_fetchers_must_match_the_processor() -> None:
    class AsyncOnly:
        async def afetch_status(self, product: str, operation: str, ref: str, /) -> None: ...

    class SyncOnly:
        def fetch_status(self, product: str, operation: str, ref: str, /) -> None: ...

    with pytest.raises(MomoValidationError, match="AsyncCallbackProcessor"):
        CallbackProcessor(AsyncOnly(), Recorder())  # type: ignore[arg-type]
    with pytest.raises(MomoValidationError, match="CallbackProcessor"):
        AsyncCallbackProcessor(SyncOnly(), Recorder())  # type: ignore[arg-type]
    with pytest.raises(MomoValidationError, match="first_time"):
        CallbackProcessor(SyncOnly(), Recorder(), dedup=object())  # type: ignore[arg-type]
    with pytest.raises(MomoValidationError, match="max_body_bytes"):
        CallbackProcessor(SyncOnly(), Recorder(), max_body_bytes=0)  # type: ignore[arg-type]


async def test_async_processor_awaits_coroutine_handlers_and_async_stores(
    fetcher: FakeFetcher,
) -> None:
    class AsyncStore:
        def __init__(self) -> None:
            self.keys: set[str] = set()

        async def afirst_time(self, key: str) -> bool:
            await asyncio.sleep(0)
            if key in self.keys:
                return False
            self.keys.add(key)
            return True

        async def aforget(self, key: str) -> None:
            self.keys.discard(key)

    received: list[str] = []

    async def on_final(callback: VerifiedCallback) -> None:
        await asyncio.sleep(0)
        received.append(str(callback.status.status))

    store = AsyncStore()
    processor = AsyncCallbackProcessor(fetcher, on_final, dedup=store)
    fetcher.set(payment("SUCCESSFUL"))
    await processor.ahandle(callback_request())
    await processor.ahandle(callback_request())
    assert received == ["SUCCESSFUL"]
    assert store.keys == {f"collection:{REF}:SUCCESSFUL"}


async def test_check_is_the_reconciliation_path(
    driver: Driver, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    pending = PendingTransaction(
        product="collection", operation="request_to_pay", reference_id=REF, created_at=0
    )
    processor = driver.processor
    if isinstance(processor, CallbackProcessor):
        outcome = processor.check(pending)
    else:
        outcome = await processor.acheck(pending)
    assert outcome.source is Source.RECONCILE
    assert outcome.claimed_status is None
    [delivered] = handler.calls
    assert delivered.claimed is None
    assert delivered.source is Source.RECONCILE
