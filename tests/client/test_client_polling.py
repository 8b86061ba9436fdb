"""Rule 8: ``wait_for_*`` polls with backoff (1 s growing to a 5 s cap) until a final status or
its deadline, under the client-wide limit of 10 status checks per second; all in virtual time."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from momo_wrapper import AsyncMomoClient, RequestToPayStatus, WaitTimeoutError
from momo_wrapper.sandbox import VirtualClock
from tests.client.client_harness import (
    EXPIRED_PARTY,
    FAILED_PARTY,
    ONGOING_PARTY,
    REJECTED_PARTY,
    STUCK_PARTY,
    SUCCESS_PARTY,
    Harness,
    LinkedClock,
    create_calls,
    run,
    spec_operation_id,
)
from tests.fixtures import fixture

# create operationId -> (namespace, its wait_for_* method)
WAITS = {
    "collection_request_to_pay": ("collection", "wait_for_request_to_pay"),
    "collection_request_to_withdraw_v1": ("collection", "wait_for_request_to_withdraw"),
    "collection_request_to_withdraw_v2": ("collection", "wait_for_request_to_withdraw_v2"),
    "collection_create_invoice": ("collection", "wait_for_invoice"),
    "collection_create_pre_approval": ("collection", "wait_for_pre_approval"),
    "collection_create_payment": ("collection", "wait_for_payment"),
    "disbursement_transfer": ("disbursement", "wait_for_transfer"),
    "disbursement_deposit_v1": ("disbursement", "wait_for_deposit"),
    "disbursement_deposit_v2": ("disbursement", "wait_for_deposit_v2"),
    "remittance_transfer": ("remittance", "wait_for_transfer"),
    "remittance_cash_transfer": ("remittance", "wait_for_cash_transfer"),
}
# Waits of 1 s growing x1.5 to the 5 s cap; the ongoing number settles 30 s after creation.
# Virtual epoch timestamps (~1.8e9 s) are floats good to about a microsecond.
EPOCH_PRECISION = 1e-6
BACKOFF_TO_30_S = [1.0, 1.5, 2.25, 3.375, 5.0, 5.0, 5.0, 5.0, 5.0]


def _waiter(momo: Any, operation: str) -> Any:
    namespace, method = WAITS[operation]
    return getattr(getattr(momo, namespace), method)


def _status_checks(h: Harness) -> list[Any]:
    """Sandbox records of status reads (GETs with a reference id in the path)."""
    return [
        r
        for r in h.sandbox.requests
        if str(spec_operation_id(r.method, r.path)).endswith("_status")
    ]


@pytest.mark.parametrize("operation", list(WAITS))
async def test_the_ongoing_number_turns_successful_by_virtual_time(
    h: Harness, operation: str
) -> None:
    accepted = await run(create_calls(h.momo, ONGOING_PARTY)[operation]())
    final = await run(_waiter(h.momo, operation)(accepted.reference_id, timeout=120))
    assert final.is_successful
    assert final.reference_id == accepted.reference_id
    assert h.clock.sleeps == BACKOFF_TO_30_S
    assert len(_status_checks(h)) == len(BACKOFF_TO_30_S) + 1  # the first check is at once


async def test_a_refund_wait_ends_at_its_final_status(h: Harness) -> None:
    accepted = await run(create_calls(h.momo)["disbursement_refund_v2"]())
    final = await run(h.momo.disbursement.wait_for_refund_v2(accepted.reference_id))
    assert final.is_successful
    assert h.clock.sleeps == []


async def test_the_deadline_raises_wait_timeout_with_the_last_status(h: Harness) -> None:
    accepted = await run(create_calls(h.momo, STUCK_PARTY)["collection_request_to_pay"]())
    with pytest.raises(WaitTimeoutError) as caught:
        await run(h.momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=10))
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert isinstance(error.last_status, RequestToPayStatus)
    assert error.last_status.status == "CREATED"
    assert (error.product, error.operation, error.reference_id) == (
        "collection",
        "request_to_pay",
        accepted.reference_id,
    )
    # The last wait is cut so that the final check happens exactly at the deadline.
    assert h.clock.sleeps == [1.0, 1.5, 2.25, 3.375, 1.875]
    assert h.clock.total_slept == 10.0
    assert len(_status_checks(h)) == 6


@pytest.mark.parametrize("party", [SUCCESS_PARTY, FAILED_PARTY, REJECTED_PARTY, EXPIRED_PARTY])
async def test_a_final_status_ends_the_wait_at_once(h: Harness, party: str) -> None:
    accepted = await run(create_calls(h.momo, party)["disbursement_transfer"]())
    final = await run(h.momo.disbursement.wait_for_transfer(accepted.reference_id))
    assert final.is_final
    assert final.is_successful is (party == SUCCESS_PARTY)
    assert h.clock.sleeps == []
    assert len(_status_checks(h)) == 1


async def test_a_404_right_after_the_create_counts_as_not_there_yet(h: Harness) -> None:
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    missing = fixture("momo_404_resource_not_found")
    h.sandbox.faults.fail(
        404, times=2, path="requesttopay/", body=missing.body, content_type=missing.content_type
    )
    final = await run(h.momo.collection.wait_for_request_to_pay(accepted.reference_id))
    assert final.is_successful
    assert h.clock.sleeps == [1.0, 1.5]


async def test_polling_respects_the_client_wide_status_check_limit(h: Harness) -> None:
    momo = h.momo
    collection = await run(create_calls(momo)["collection_request_to_pay"]())
    transfer = await run(create_calls(momo)["disbursement_transfer"]())
    checks_before = len(_status_checks(h))
    for _ in range(6):  # twelve back-to-back checks across two products
        await run(momo.collection.wait_for_request_to_pay(collection.reference_id))
        await run(momo.disbursement.wait_for_transfer(transfer.reference_id))
    assert h.clock.sleeps == pytest.approx([0.1] * 11)
    times = [r.at for r in _status_checks(h)[checks_before:]]
    assert len(times) == 12
    assert _min_gap(times) >= 0.1 - EPOCH_PRECISION


async def test_the_limit_is_configurable_and_plain_status_reads_are_not_throttled(
    h: Harness,
) -> None:
    momo = h.client(h.config(status_checks_per_second=2))
    accepted = await run(create_calls(momo)["remittance_transfer"]())
    for _ in range(3):
        await run(momo.remittance.get_transfer_status(accepted.reference_id))
    assert h.clock.sleeps == []
    for _ in range(3):
        await run(momo.remittance.wait_for_transfer(accepted.reference_id))
    assert h.clock.sleeps == pytest.approx([0.5, 0.5])


class _GrantRecordingClock(LinkedClock):
    """Notes when each awaited sleep ends: for the limiter, the moment its slot is granted."""

    def __init__(self, virtual: VirtualClock) -> None:
        super().__init__(virtual)
        self.wakeups: list[float] = []

    async def asleep(self, seconds: float) -> None:
        self.wakeups.append(self.monotonic() + seconds)
        await super().asleep(seconds)


async def test_concurrent_async_waits_share_the_limit(async_h: Harness) -> None:
    # FakeClock sleeps advance shared time at once, so concurrent tasks' send times interleave
    # arbitrarily; the limiter's promise is about the slots it grants, so check those.
    clock = _GrantRecordingClock(async_h.sandbox.clock)
    momo = async_h.client(clock=clock)
    assert isinstance(momo, AsyncMomoClient)
    accepted = await momo.collection.request_to_pay(
        amount="1", payer=SUCCESS_PARTY, external_id="o-1"
    )
    started = clock.monotonic()
    await asyncio.gather(
        *(momo.collection.wait_for_request_to_pay(accepted.reference_id) for _ in range(20))
    )
    assert len(_status_checks(async_h)) == 20
    grants = sorted([started, *clock.wakeups])  # the first check needs no wait
    assert len(grants) == 20
    assert _min_gap(grants) >= 0.1 - 1e-9


def _min_gap(times: list[float]) -> float:
    return min(b - a for a, b in itertools.pairwise(times))
