"""Opt-in: the same client against MTN's real sandbox.

Skipped unless ``MOMO_LIVE_TESTS=1`` and ``MOMO_COLLECTION_*`` credentials for
https://sandbox.momodeveloper.mtn.com are in the environment (``momo sandbox provision`` makes
them). Nothing here runs in CI: the real sandbox is not reachable from it.
"""

from __future__ import annotations

import os
import uuid

import pytest

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, RequestToPayStatus

LIVE = os.environ.get("MOMO_LIVE_TESTS") == "1" and bool(
    os.environ.get("MOMO_COLLECTION_SUBSCRIPTION_KEY")
)

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not LIVE, reason="set MOMO_LIVE_TESTS=1 and MOMO_COLLECTION_* to run"),
]

REJECTED = "46733123451"  # MTN's sandbox answers FAILED / APPROVAL_REJECTED


def _config() -> MomoConfig:
    return MomoConfig.from_env(base_url="sandbox", target_environment="sandbox")


def _check(final: RequestToPayStatus, accepted_id: str) -> None:
    assert final.reference_id == accepted_id
    assert final.is_final
    assert final.is_failed
    assert final.reason is not None


def test_request_to_pay_reaches_a_final_status_on_mtns_sandbox() -> None:
    with MomoClient(_config()) as momo:
        assert momo.collection.get_balance().currency == "EUR"
        external_id = f"live-{uuid.uuid4().hex[:12]}"
        accepted = momo.collection.request_to_pay(
            amount="1", payer=REJECTED, external_id=external_id
        )
        again = momo.collection.request_to_pay(
            amount="1", payer=REJECTED, external_id=external_id, reference_id=accepted.reference_id
        )
        assert again.replayed
        _check(
            momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=120),
            accepted.reference_id,
        )


async def test_the_async_client_does_the_same() -> None:
    async with AsyncMomoClient(_config()) as momo:
        accepted = await momo.collection.request_to_pay(
            amount="1", payer=REJECTED, external_id=f"live-{uuid.uuid4().hex[:12]}"
        )
        final = await momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=120)
        _check(final, accepted.reference_id)
