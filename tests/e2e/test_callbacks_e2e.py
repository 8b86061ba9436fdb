"""Callbacks end to end: the local sandbox calls back over real HTTP, the SDK's receiver
verifies each callback with MoMo through the real client, and the handler sees every verified
final state exactly once. Each test runs on the WSGI receiver with MomoClient and the ASGI
receiver with AsyncMomoClient, against the sandbox served on a port and in-process."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

from momo_wrapper import (
    RequestToPayStatus,
    TransactionResult,
    TransactionStatus,
    TransferStatus,
)
from momo_wrapper.callbacks import (
    DEFAULT_RECONCILE_AFTER,
    PendingTransaction,
    Source,
    Verdict,
    VerifiedCallback,
)
from tests.e2e.e2e_harness import (
    FAILS,
    FINAL_OUTCOMES,
    NEVER_FINAL,
    ONGOING,
    ONGOING_DELAY,
    SUCCEEDS,
    VERIFIED_AMOUNT,
    Operation,
    Stack,
)

RECEIVED = {"status": "received"}
FORGED_AMOUNT = Decimal("999999")


def forged_success(external_id: str) -> bytes:
    """What a forger sends: MoMo's callback shape, claiming success for a large amount."""
    return json.dumps(
        {
            "financialTransactionId": "1234567890",
            "externalId": external_id,
            "amount": str(FORGED_AMOUNT),
            "currency": "EUR",
            "payer": {"partyIdType": "MSISDN", "partyId": SUCCEEDS},
            "payeeNote": "Payment",
            "status": "SUCCESSFUL",
        }
    ).encode()


def assert_verified(callback: VerifiedCallback, payer: str) -> None:
    """The handler's status is MoMo's answer to the status read, not the callback body."""
    status, reason = FINAL_OUTCOMES[payer]
    assert isinstance(callback.status, RequestToPayStatus)
    assert callback.status.reference_id == callback.reference_id
    assert callback.status.status == TransactionStatus(status)
    assert (callback.status.reason.code if callback.status.reason else None) == reason
    assert callback.status.amount == VERIFIED_AMOUNT
    assert callback.is_successful is (status == "SUCCESSFUL")


async def test_every_test_number_is_delivered_once_with_its_verified_status(stack: Stack) -> None:
    refs = {payer: await stack.create(payer) for payer in [*FINAL_OUTCOMES, NEVER_FINAL]}
    await stack.settle()

    settled_at_once = [payer for payer in FINAL_OUTCOMES if payer != ONGOING]
    assert {cb.reference_id for cb in stack.seen.delivered} == {refs[p] for p in settled_at_once}
    assert stack.seen.delivered_for(refs[ONGOING]) == []

    await stack.advance(ONGOING_DELAY)  # the payer approves on their phone

    for payer in FINAL_OUTCOMES:
        (callback,) = stack.seen.delivered_for(refs[payer])
        assert_verified(callback, payer)
        assert callback.source is Source.CALLBACK
        assert (callback.product, callback.operation) == ("collection", "request_to_pay")
        # A genuine callback agrees with MoMo on every field it carries.
        assert callback.claimed is not None
        assert callback.claimed.claimed_status == callback.status.status
        assert callback.mismatched_fields == ()
        assert stack.seen.verdicts_for(refs[payer]) == [Verdict.DELIVERED]
        assert [r.status_code for r in stack.results_for(refs[payer])] == [200]
        (sent,) = stack.callbacks_for(refs[payer])
        assert (sent.method, sent.url) == ("POST", stack.url_for(refs[payer]))
        assert "referenceId" not in sent.json()  # only the URL names the transaction
    assert stack.callbacks_for(refs[NEVER_FINAL]) == []
    assert stack.seen.delivered_for(refs[NEVER_FINAL]) == []
    assert len(stack.seen.delivered) == len(FINAL_OUTCOMES)


async def test_post_and_put_callbacks_of_other_operations_are_verified(stack: Stack) -> None:
    operations: list[tuple[Operation, str, type[TransactionResult]]] = [
        (Operation("disbursement", "transfer", "payee"), "POST", TransferStatus),
        (Operation("disbursement", "deposit_v2", "payee"), "PUT", TransferStatus),
        (Operation("collection", "request_to_withdraw_v2", "payer"), "PUT", RequestToPayStatus),
    ]
    refs = [await stack.create(SUCCEEDS, operation, amount="3") for operation, _, _ in operations]
    await stack.settle()

    for ref, (operation, method, result_type) in zip(refs, operations, strict=True):
        (sent,) = stack.callbacks_for(ref)
        assert sent.method == method
        assert sent.url == stack.url_for(ref, operation)
        (callback,) = stack.seen.delivered_for(ref)
        assert (callback.product, callback.operation) == (operation.product, operation.name)
        assert isinstance(callback.status, result_type)
        assert callback.status.status == TransactionStatus.SUCCESSFUL
        assert callback.status.amount == Decimal(3)


async def test_duplicate_callbacks_reach_the_handler_once(stack: Stack) -> None:
    stack.sandbox.faults.callbacks(2)
    at_once = await stack.create(SUCCEEDS)
    stack.sandbox.faults.callbacks(2, interval=60.0)
    late = await stack.create(FAILS)
    await stack.settle()
    assert len(stack.results_for(late)) == 1
    await stack.advance(60.0)  # the late copy of the second one arrives

    for ref, payer in ((at_once, SUCCEEDS), (late, FAILS)):
        assert [r.status_code for r in stack.results_for(ref)] == [200, 200]
        (callback,) = stack.seen.delivered_for(ref)
        assert_verified(callback, payer)
        assert sorted(stack.seen.verdicts_for(ref)) == [Verdict.DELIVERED, Verdict.DUPLICATE]


async def test_lost_callbacks_are_found_by_reconcile(stack: Stack) -> None:
    stack.sandbox.faults.callbacks(0, times=3)
    lost = {payer: await stack.create(payer) for payer in (SUCCEEDS, FAILS, NEVER_FINAL)}
    await stack.settle()
    assert stack.seen.delivered == []
    assert [cb.lost for cb in stack.callbacks_for(lost[SUCCEEDS])] == [True]
    assert stack.sender.results == []

    # The rows an app keeps for payments it has not seen finish.
    created_at = stack.clock.time()
    pending = [
        PendingTransaction(
            product="collection",
            operation="request_to_pay",
            reference_id=ref,
            created_at=created_at,
        )
        for ref in lost.values()
    ]
    too_early = await stack.reconcile(pending)
    assert (too_early.outcomes, too_early.not_due) == ((), 3)

    stack.clock.advance(DEFAULT_RECONCILE_AFTER)
    report = await stack.reconcile(pending)

    assert report.counts == {"delivered": 2, "not_final": 1}
    for payer in (SUCCEEDS, FAILS):
        (callback,) = stack.seen.delivered_for(lost[payer])
        assert_verified(callback, payer)
        assert (callback.source, callback.claimed) == (Source.RECONCILE, None)
    (still_pending,) = report.still_pending
    assert still_pending.reference_id == lost[NEVER_FINAL]

    again = await stack.reconcile(pending)
    assert again.counts == {"duplicate": 2, "not_final": 1}
    assert len(stack.seen.delivered) == 2


async def test_forged_success_for_a_failed_payment_delivers_the_true_status(
    stack: Stack,
) -> None:
    stack.sandbox.faults.callbacks(0)  # MoMo's own callback is lost: the forgery comes first
    unseen = await stack.create(FAILS)
    seen = await stack.create("46733123451")  # FAILED, its real callback delivered
    await stack.settle()

    for ref in (unseen, seen):
        response = await stack.send(stack.url_for(ref), forged_success(f"order-{FAILS}"))
        assert (response.status_code, response.json()) == (200, RECEIVED)

    (callback,) = stack.seen.delivered_for(unseen)
    assert_verified(callback, FAILS)
    assert callback.is_successful is False
    assert callback.status.amount != FORGED_AMOUNT
    assert callback.claimed is not None
    assert callback.claimed.claimed_status == TransactionStatus.SUCCESSFUL
    assert callback.claimed.claimed_amount == FORGED_AMOUNT
    assert {"status", "amount"} <= set(callback.mismatched_fields)
    # The already delivered FAILED state is not delivered again, and nothing says SUCCESSFUL.
    assert [cb.status.status for cb in stack.seen.delivered_for(seen)] == ["FAILED"]
    assert stack.seen.verdicts_for(seen) == [Verdict.DELIVERED, Verdict.DUPLICATE]
    assert not any(cb.is_successful for cb in stack.seen.delivered)


async def test_forged_success_for_a_pending_payment_is_not_final(stack: Stack) -> None:
    pending = await stack.create(ONGOING)
    stuck = await stack.create(NEVER_FINAL)
    await stack.settle()

    for ref in (pending, stuck):
        response = await stack.send(stack.url_for(ref), forged_success(f"order-{ONGOING}"))
        assert (response.status_code, response.json()) == (200, RECEIVED)
        (outcome,) = stack.seen.outcomes_for(ref)
        assert (outcome.verdict, outcome.claimed_status) == (Verdict.NOT_FINAL, "SUCCESSFUL")
        assert outcome.verified_status in ("PENDING", "CREATED")
    assert stack.seen.delivered == []
    unconfirmed = {item.reference_id for item in stack.processor.unconfirmed.snapshot()}
    assert unconfirmed == {pending, stuck}

    await stack.advance(ONGOING_DELAY)  # now MoMo itself calls back

    (callback,) = stack.seen.delivered_for(pending)
    assert_verified(callback, ONGOING)
    assert callback.claimed is not None
    assert callback.claimed.claimed_amount == VERIFIED_AMOUNT  # the genuine body this time
    assert stack.seen.delivered_for(stuck) == []
    unconfirmed = {item.reference_id for item in stack.processor.unconfirmed.snapshot()}
    assert unconfirmed == {stuck}


async def test_unknown_reference_is_answered_200_and_ignored(stack: Stack) -> None:
    stranger = str(uuid.uuid4())
    response = await stack.send(stack.url_for(stranger), forged_success("order-1"))

    assert (response.status_code, response.json()) == (200, RECEIVED)
    (outcome,) = stack.seen.outcomes_for(stranger)
    assert outcome.verdict is Verdict.UNKNOWN_REFERENCE
    assert stack.seen.delivered == []
    assert len(stack.processor.unconfirmed) == 0


async def test_malformed_requests_are_rejected_and_the_receiver_keeps_working(
    stack: Stack,
) -> None:
    ref = await stack.create(NEVER_FINAL)
    url = stack.url_for(ref)
    not_json = await stack.send(url, b'{"status": "SUCCESSFUL", ')
    not_an_object = await stack.send(url, b'["SUCCESSFUL"]')
    not_a_callback_path = await stack.send(
        f"{stack.callback_base_url}/collection/request_to_pay/not-a-uuid", forged_success("x")
    )
    wrong_method = await stack.send(url, forged_success("x"), method="DELETE")

    assert [r.status_code for r in (not_json, not_an_object)] == [400, 400]
    assert "JSON" in not_json.json()["error"]
    assert not_a_callback_path.status_code == 404
    assert wrong_method.status_code == 405
    assert stack.seen.outcomes_for(ref) == []

    after = await stack.create(SUCCEEDS)
    await stack.settle()
    (callback,) = stack.seen.delivered_for(after)
    assert_verified(callback, SUCCEEDS)
    assert len(stack.seen.delivered) == 1
