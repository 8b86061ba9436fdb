"""A create whose earlier attempt may have landed must not end in an error that says "refused".

Found by the fault matrix ("dropped, then 429"): the first attempt is processed and its answer
lost, the retries get 429, and the caller used to see a RateLimitedError although MoMo held the
transaction. The create flow now asks MoMo: found means Accepted (replayed), not found means
the refusal stands, and no answer means the earlier "maybe sent" error is what the caller gets.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from momo_wrapper import MomoConnectionError, RateLimitedError, TransientServerError
from tests.reliability.matrix_world import World, make_world

ARGUMENTS = {"amount": "10", "payer": "46733123459", "external_id": "history-1"}
MODES = ("sync", "async")


def request_to_pay(world: World, mode: str) -> Any:
    """``collection.request_to_pay`` with a fresh client of ``mode``; returns or raises."""
    if mode == "sync":
        with world.sync_client() as client:
            return client.collection.request_to_pay(**ARGUMENTS)

    async def run() -> Any:
        async with world.async_client() as client:
            return await client.collection.request_to_pay(**ARGUMENTS)

    return asyncio.run(run())


AIM: dict[str, Any] = {"operation": "RequesttoPay", "product": "collection"}


@pytest.mark.parametrize("mode", MODES)
def test_dropped_then_rate_limited_is_accepted_when_momo_has_it(mode: str) -> None:
    world = make_world()
    world.sandbox.faults.drop(times=1, **AIM)
    world.sandbox.faults.fail(429, times=5, retry_after=1, **AIM)
    accepted = request_to_pay(world, mode)
    assert accepted.replayed is True
    resources = world.sandbox.resources("collection", "requesttopay")
    assert [resource.reference_id for resource in resources] == [accepted.reference_id]


@pytest.mark.parametrize("mode", MODES)
def test_the_refusal_stands_when_momo_does_not_have_it(mode: str) -> None:
    world = make_world()
    # The first attempt times out before the server saw it: "maybe sent", but it was not.
    world.tap.timeout_before_processing(r"/requesttopay$", times=1)
    world.sandbox.faults.fail(429, times=5, retry_after=90, **AIM)
    with pytest.raises(RateLimitedError) as raised:
        request_to_pay(world, mode)
    assert raised.value.retry_after == 90
    assert raised.value.reference_id == world.persisted[-1]
    assert world.sandbox.resources("collection", "requesttopay") == []


@pytest.mark.parametrize("mode", MODES)
def test_the_maybe_sent_error_is_raised_when_momo_cannot_say(mode: str) -> None:
    world = make_world()
    world.sandbox.faults.drop(times=1, **AIM)
    world.sandbox.faults.fail(429, times=5, retry_after=90, **AIM)
    world.sandbox.faults.fail(503, times=10, operation="RequesttoPayTransactionStatus")
    with pytest.raises(MomoConnectionError) as raised:
        request_to_pay(world, mode)
    assert raised.value.maybe_sent is True
    assert raised.value.reference_id == world.persisted[-1]
    assert isinstance(raised.value.__cause__, TransientServerError)
    # MoMo did create it: the caller, told "maybe sent", re-submits with the same id.
    assert len(world.sandbox.resources("collection", "requesttopay")) == 1
