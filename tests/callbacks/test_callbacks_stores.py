"""Dedup store, unconfirmed list, worker pools and the fetcher protocols on their own."""

from __future__ import annotations

import asyncio
import threading

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper._results import (
    CashTransferStatus,
    InvoiceStatus,
    PaymentStatus,
    PreApprovalStatus,
    RequestToPayStatus,
    TransferStatus,
)
from momo_wrapper.callbacks import (
    AsyncCallbackDedupStore,
    AsyncStatusFetcher,
    CallbackDedupStore,
    CallbackPath,
    InMemoryDedupStore,
    StatusFetcher,
    StatusResult,
    UnconfirmedCallbacks,
    dedup_key,
)
from momo_wrapper.callbacks._workers import AsyncWorkers, ThreadWorkers
from tests.callbacks.callbacks_fakes import REF, new_ref, payment, transfer


def test_the_key_is_product_reference_and_final_status() -> None:
    assert dedup_key("collection", REF, "successful") == f"collection:{REF}:SUCCESSFUL"


def test_in_memory_store_claims_once_and_forgets_on_request() -> None:
    store = InMemoryDedupStore()
    assert isinstance(store, CallbackDedupStore)
    assert isinstance(store, AsyncCallbackDedupStore)
    assert store.first_time("a")
    assert not store.first_time("a")
    store.forget("a")
    assert store.first_time("a")
    store.forget("never-claimed")  # harmless
    assert len(store) == 1
    assert repr(store) == "InMemoryDedupStore(<1 of 100000 keys>)"


async def test_in_memory_store_async_methods() -> None:
    store = InMemoryDedupStore()
    assert await store.afirst_time("k")
    assert not await store.afirst_time("k")
    await store.aforget("k")
    assert await store.afirst_time("k")


def test_in_memory_store_is_bounded_oldest_first() -> None:
    store = InMemoryDedupStore(max_entries=2)
    for key in ("a", "b", "c"):
        assert store.first_time(key)
    assert len(store) == 2
    assert store.first_time("a")  # evicted, so new again
    assert not store.first_time("c")
    with pytest.raises(MomoValidationError, match="max_entries"):
        InMemoryDedupStore(max_entries=0)


def test_in_memory_store_is_atomic_across_threads() -> None:
    store = InMemoryDedupStore()
    wins: list[bool] = []
    barrier = threading.Barrier(16)

    def claim() -> None:
        barrier.wait()
        wins.append(store.first_time("same"))

    threads = [threading.Thread(target=claim) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wins.count(True) == 1


def test_unconfirmed_keeps_the_first_sighting_and_is_bounded() -> None:
    tracked = UnconfirmedCallbacks(max_entries=2)
    refs = [new_ref() for _ in range(3)]
    tracked.keep(CallbackPath("collection", "request_to_pay", refs[0]), 10.0)
    tracked.keep(CallbackPath("collection", "request_to_pay", refs[0]), 99.0)
    assert [t.created_at for t in tracked.snapshot()] == [10.0]
    tracked.keep(CallbackPath("disbursement", "transfer", refs[1]), 11.0)
    tracked.keep(CallbackPath("remittance", "cash_transfer", refs[2]), 12.0)
    assert [t.reference_id for t in tracked.snapshot()] == refs[1:]
    tracked.discard("disbursement", refs[1])
    assert len(tracked) == 1
    assert repr(tracked) == "UnconfirmedCallbacks(<1 transactions>)"


def test_every_status_result_class_satisfies_the_protocol() -> None:
    # Checked by mypy (assignments) and at run time (the fields the toolkit reads).
    results: list[StatusResult] = [
        payment("SUCCESSFUL"),
        transfer("FAILED", ref=REF),
        CashTransferStatus.from_wire({"status": "PENDING"}),
        InvoiceStatus.from_wire({"status": "SUCCESSFUL", "errorReason": None}),
        PreApprovalStatus.from_wire({"status": "APPROVED"}),
        PaymentStatus.from_wire({"status": "FAILED", "reason": "EXPIRED"}),
    ]
    for result in results:
        assert isinstance(result.is_final, bool)
        assert result.status in {"SUCCESSFUL", "FAILED", "PENDING", "APPROVED"}


class TypedClient:
    """The shape the lead's clients have: any one status class per call."""

    def fetch_status(
        self, product: str, operation: str, reference_id: str
    ) -> RequestToPayStatus | TransferStatus:
        return payment("SUCCESSFUL", ref=reference_id)

    async def afetch_status(
        self, product: str, operation: str, reference_id: str
    ) -> RequestToPayStatus | TransferStatus:
        return payment("SUCCESSFUL", ref=reference_id)


def test_a_client_with_fetch_methods_satisfies_the_fetcher_protocols() -> None:
    sync_fetcher: StatusFetcher = TypedClient()
    async_fetcher: AsyncStatusFetcher = TypedClient()
    assert isinstance(sync_fetcher, StatusFetcher)
    assert isinstance(async_fetcher, AsyncStatusFetcher)
    assert sync_fetcher.fetch_status("collection", "request_to_pay", REF).is_final


def test_thread_workers_survive_a_failing_job_and_drain_on_close() -> None:
    done: list[int] = []

    def work(item: int) -> None:
        if item == 0:
            raise RuntimeError("boom")
        done.append(item)

    pool: ThreadWorkers[int] = ThreadWorkers(work, workers=2, capacity=10, name="t")
    assert all(pool.submit(i) for i in range(5))
    assert pool.close(timeout=10)
    assert sorted(done) == [1, 2, 3, 4]
    assert not pool.submit(9)
    assert pool.unfinished == 0


def test_thread_workers_refuse_when_full() -> None:
    gate = threading.Event()
    started = threading.Event()

    def work(item: int) -> None:
        started.set()
        gate.wait(10)

    pool: ThreadWorkers[int] = ThreadWorkers(work, workers=1, capacity=1, name="t")
    assert pool.submit(1)
    assert started.wait(10)
    assert pool.submit(2)
    assert not pool.submit(3)
    assert pool.unfinished == 2
    gate.set()
    assert pool.close(timeout=10)


async def test_async_workers_survive_a_failing_job_and_drain_on_close() -> None:
    done: list[int] = []

    async def work(item: int) -> None:
        await asyncio.sleep(0)
        if item == 0:
            raise RuntimeError("boom")
        done.append(item)

    pool: AsyncWorkers[int] = AsyncWorkers(work, workers=2, capacity=10)
    assert await pool.aclose(timeout=1)  # never started: nothing to drain
    pool = AsyncWorkers(work, workers=2, capacity=10)
    assert all(pool.submit(i) for i in range(5))
    assert pool.unfinished == 5
    assert await pool.aclose(timeout=10)
    assert sorted(done) == [1, 2, 3, 4]
    assert not pool.submit(9)
    assert not pool.accepting


async def test_async_workers_refuse_when_full() -> None:
    gate = asyncio.Event()

    async def work(item: int) -> None:
        await gate.wait()

    pool: AsyncWorkers[int] = AsyncWorkers(work, workers=1, capacity=1)
    assert pool.submit(1)
    await asyncio.sleep(0)  # the worker takes item 1
    assert pool.submit(2)
    assert not pool.submit(3)
    gate.set()
    await pool.join()
    assert pool.unfinished == 0
    assert await pool.aclose()


def test_async_workers_follow_a_new_event_loop() -> None:
    done: list[int] = []

    async def work(item: int) -> None:
        done.append(item)

    pool: AsyncWorkers[int] = AsyncWorkers(work, workers=1, capacity=5)

    async def run(item: int) -> None:
        assert pool.submit(item)
        await pool.join()

    asyncio.run(run(1))
    asyncio.run(run(2))  # the first loop (and its tasks) is gone
    assert done == [1, 2]
