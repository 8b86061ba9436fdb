"""Rule 9: every one of the spec's operations is reachable through the public client, sync and
async, and every request the client sends is one the spec allows.

OPERATIONS below is the table: spec operationId -> the public call that reaches it. Calls run in
order and may use earlier results (``done[operationId]``), e.g. a status read of the create above.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from momo_wrapper import AsyncMomoClient, MomoValidationError
from momo_wrapper.sandbox import PRODUCTS
from tests.client.client_harness import (
    CREATE_OPERATIONS,
    SUCCESS_PARTY,
    Harness,
    create_calls,
    operation_ids,
    run,
)
from tests.contract.spec_validation import SpecViolation, spec_operations, validate_request

ONGOING = "46733123453"  # an invoice to this payer is still open, so it can be cancelled
Done = dict[str, Any]
Reach = Callable[[Any, Done], Any]


def _ref(done: Done, operation: str) -> str:
    reference_id: str = done[operation].reference_id
    return reference_id


def _money(**extra: Any) -> dict[str, Any]:
    return {"amount": "10.50", "external_id": "order-17", **extra}


def _account_operations(product: str) -> list[tuple[str, Reach]]:
    """The eight operations every money product has, in a workable order."""
    return [
        (f"{product}_create_access_token", lambda m, d: getattr(m, product).create_access_token()),
        (f"{product}_get_account_balance", lambda m, d: getattr(m, product).get_balance()),
        (
            f"{product}_get_account_balance_in_currency",
            lambda m, d: getattr(m, product).get_balance_in_currency("EUR"),
        ),
        (
            f"{product}_validate_account_holder_status",
            lambda m, d: getattr(m, product).is_account_holder_active(SUCCESS_PARTY),
        ),
        (
            f"{product}_get_basic_user_info",
            lambda m, d: getattr(m, product).get_basic_user_info(SUCCESS_PARTY),
        ),
        (f"{product}_bc_authorize", lambda m, d: getattr(m, product).bc_authorize(SUCCESS_PARTY)),
        (
            f"{product}_create_oauth2_token",
            lambda m, d: getattr(m, product).create_oauth2_token(
                d[f"{product}_bc_authorize"].auth_req_id
            ),
        ),
        (
            f"{product}_get_user_info_with_consent",
            lambda m, d: getattr(m, product).get_user_info_with_consent(
                d[f"{product}_create_oauth2_token"]
            ),
        ),
    ]


OPERATIONS: list[tuple[str, Reach]] = [
    *_account_operations("collection"),
    (
        "collection_request_to_pay",
        lambda m, d: m.collection.request_to_pay(payer=SUCCESS_PARTY, **_money()),
    ),
    (
        "collection_get_request_to_pay_status",
        lambda m, d: m.collection.get_request_to_pay_status(_ref(d, "collection_request_to_pay")),
    ),
    (
        "collection_request_to_pay_delivery_notification",
        lambda m, d: m.collection.send_delivery_notification(
            _ref(d, "collection_request_to_pay"), "Your order is on its way", language="en"
        ),
    ),
    (
        "collection_request_to_withdraw_v1",
        lambda m, d: m.collection.request_to_withdraw(payer=SUCCESS_PARTY, **_money()),
    ),
    (
        "collection_request_to_withdraw_v2",
        lambda m, d: m.collection.request_to_withdraw_v2(payer=SUCCESS_PARTY, **_money()),
    ),
    (
        "collection_get_request_to_withdraw_status",
        lambda m, d: m.collection.get_request_to_withdraw_status(
            _ref(d, "collection_request_to_withdraw_v2")
        ),
    ),
    (
        "collection_create_invoice",
        lambda m, d: m.collection.create_invoice(
            intended_payer=ONGOING, payee=SUCCESS_PARTY, description="Order 17", **_money()
        ),
    ),
    (
        "collection_get_invoice_status",
        lambda m, d: m.collection.get_invoice_status(_ref(d, "collection_create_invoice")),
    ),
    (
        "collection_cancel_invoice",
        lambda m, d: m.collection.cancel_invoice(
            _ref(d, "collection_create_invoice"), external_id="order-17"
        ),
    ),
    (
        "collection_create_pre_approval",
        lambda m, d: m.collection.create_pre_approval(payer=SUCCESS_PARTY, validity_time=600),
    ),
    (
        "collection_get_pre_approval_status",
        lambda m, d: m.collection.get_pre_approval_status(
            _ref(d, "collection_create_pre_approval")
        ),
    ),
    (
        "collection_get_approved_pre_approvals",
        lambda m, d: m.collection.get_approved_pre_approvals(SUCCESS_PARTY),
    ),
    (
        "collection_cancel_pre_approval",
        lambda m, d: m.collection.cancel_pre_approval(_ref(d, "collection_create_pre_approval")),
    ),
    (
        "collection_create_payment",
        lambda m, d: m.collection.create_payment(
            amount="10.50",
            external_transaction_id="order-17",
            customer_reference=SUCCESS_PARTY,
            service_provider_user_name="provider",
            receiver_message="Thanks",
        ),
    ),
    (
        "collection_get_payment_status",
        lambda m, d: m.collection.get_payment_status(_ref(d, "collection_create_payment")),
    ),
    *_account_operations("disbursement"),
    (
        "disbursement_transfer",
        lambda m, d: m.disbursement.transfer(payee=SUCCESS_PARTY, **_money()),
    ),
    (
        "disbursement_get_transfer_status",
        lambda m, d: m.disbursement.get_transfer_status(_ref(d, "disbursement_transfer")),
    ),
    (
        "disbursement_deposit_v1",
        lambda m, d: m.disbursement.deposit(payee=SUCCESS_PARTY, **_money()),
    ),
    (
        "disbursement_deposit_v2",
        lambda m, d: m.disbursement.deposit_v2(payee=SUCCESS_PARTY, **_money()),
    ),
    (
        "disbursement_get_deposit_status",
        lambda m, d: m.disbursement.get_deposit_status(_ref(d, "disbursement_deposit_v1")),
    ),
    (
        "disbursement_refund_v1",
        lambda m, d: m.disbursement.refund(
            reference_id_to_refund=_ref(d, "collection_request_to_pay"), **_money()
        ),
    ),
    (
        "disbursement_refund_v2",
        lambda m, d: m.disbursement.refund_v2(
            reference_id_to_refund=_ref(d, "collection_request_to_pay"), **_money()
        ),
    ),
    (
        "disbursement_get_refund_status",
        lambda m, d: m.disbursement.get_refund_status(_ref(d, "disbursement_refund_v2")),
    ),
    *_account_operations("remittance"),
    (
        "remittance_transfer",
        lambda m, d: m.remittance.transfer(payee=SUCCESS_PARTY, **_money()),
    ),
    (
        "remittance_get_transfer_status",
        lambda m, d: m.remittance.get_transfer_status(_ref(d, "remittance_transfer")),
    ),
    (
        "remittance_cash_transfer",
        lambda m, d: m.remittance.cash_transfer(
            payee=SUCCESS_PARTY,
            originating_country="SE",
            original_amount="110",
            original_currency="SEK",
            payer={"payerIdentificationType": "PASS", "payerFirstName": "Sven"},
            **_money(),
        ),
    ),
    (
        "remittance_get_cash_transfer_status",
        lambda m, d: m.remittance.get_cash_transfer_status(_ref(d, "remittance_cash_transfer")),
    ),
    (
        "sandbox_create_api_user",
        lambda m, d: m.provisioning.create_api_user(callback_host="shop.example.com"),
    ),
    (
        "sandbox_create_api_key",
        lambda m, d: m.provisioning.create_api_key(_ref(d, "sandbox_create_api_user")),
    ),
    (
        "sandbox_get_api_user",
        lambda m, d: m.provisioning.get_api_user(_ref(d, "sandbox_create_api_user")),
    ),
]


def test_the_table_covers_every_operation_of_the_spec_once() -> None:
    listed = [operation for operation, _ in OPERATIONS]
    assert len(listed) == len(set(listed)) == len(spec_operations())
    assert set(listed) == set(spec_operations())


async def test_every_operation_is_reached_through_the_public_client(h: Harness) -> None:
    done: Done = {}
    for operation, reach in OPERATIONS:
        before = len(h.sandbox.requests)
        done[operation] = await run(reach(h.momo, done))
        new = h.sandbox.requests[before:]
        answered = {r.status for r in new if operation in operation_ids([r])}
        assert answered, f"{operation}: no request reached the sandbox"
        assert all(200 <= status < 300 for status in answered if status is not None), (
            f"{operation}: answered {answered}"
        )
    assert operation_ids(h.sandbox.requests) == set(spec_operations())


async def test_every_request_the_client_sends_matches_the_spec(h: Harness) -> None:
    done: Done = {}
    for operation, reach in OPERATIONS:
        done[operation] = await run(reach(h.momo, done))
    assert operation_ids(h.sandbox.requests) == set(spec_operations())
    assert len(h.sent) >= len(spec_operations())
    for request in h.sent:
        validate_request(request)
    # The check has teeth: the same create without its required X-Reference-Id is refused.
    (create,) = h.sent_to("disbursement_transfer")
    del create.headers["x-reference-id"]
    with pytest.raises(SpecViolation, match="X-Reference-Id"):
        validate_request(create)


@pytest.mark.parametrize("operation", ["collection_request_to_pay", "disbursement_transfer"])
async def test_a_request_with_every_optional_header_matches_the_spec(
    h: Harness, operation: str
) -> None:
    momo = h.client(h.config(callback_base_url="http://127.0.0.1:8080/momo"))
    product = getattr(momo, operation.split("_", 1)[0])
    call = product.request_to_pay if operation.endswith("pay") else product.transfer
    party = {"payer" if operation.endswith("pay") else "payee": SUCCESS_PARTY}
    accepted = await run(call(**party, **_money(payer_message="Hi", payee_note="Thanks")))
    (sent,) = h.sent_to(operation)
    assert sent.headers["x-callback-url"] == (
        f"http://127.0.0.1:8080/momo/{operation.split('_', 1)[0]}/"
        f"{'request_to_pay' if operation.endswith('pay') else 'transfer'}/{accepted.reference_id}"
    )
    validate_request(sent)


async def _fetch_status(momo: Any, product: str, operation: str, reference_id: str) -> Any:
    if isinstance(momo, AsyncMomoClient):
        return await momo.afetch_status(product, operation, reference_id)
    return momo.fetch_status(product, operation, reference_id)


@pytest.mark.parametrize("operation", [op for op in CREATE_OPERATIONS if op.startswith(PRODUCTS)])
async def test_a_callback_urls_parts_fetch_that_transactions_status(
    h: Harness, operation: str
) -> None:
    momo = h.client(h.config(callback_base_url="http://127.0.0.1/hooks"))
    accepted = await run(create_calls(momo)[operation]())
    (sent,) = h.sent_to(operation)
    product, kind, reference_id = sent.headers["x-callback-url"].split("/")[-3:]
    assert (product, reference_id) == (operation.split("_", 1)[0], accepted.reference_id)
    status = await _fetch_status(momo, product, kind, reference_id)
    assert status.reference_id == accepted.reference_id
    assert status.is_successful


async def test_fetch_status_refuses_what_is_not_a_transaction(h: Harness) -> None:
    for product, operation in (("collection", "balance"), ("sandbox", "create_api_user")):
        with pytest.raises(MomoValidationError):
            await _fetch_status(h.momo, product, operation, "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    assert h.sent == []
