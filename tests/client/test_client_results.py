"""Rule 6: results carry Decimal amounts, keep statuses MoMo adds later, and read a failure's
reason from a plain string (what the live API sends) or an object (what the spec says)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from momo_wrapper import Reason, TransactionStatus
from tests.client.client_harness import FAILED_PARTY, SUCCESS_PARTY, Harness, create_calls, run
from tests.fixtures import fixture


async def test_amounts_are_decimals_as_momo_echoes_them(h: Harness) -> None:
    momo = h.momo
    accepted = await run(
        momo.collection.request_to_pay(amount="12.50", payer=SUCCESS_PARTY, external_id="o-1")
    )
    status = await run(momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert status.amount == Decimal("12.5")
    assert isinstance(status.amount, Decimal)
    assert json.loads(h.sent_to("collection_request_to_pay")[0].content)["amount"] == "12.5"
    balance = await run(momo.disbursement.get_balance_in_currency("EUR"))
    assert balance.available_balance == Decimal("1000")
    assert balance.currency == "EUR"
    cash = await run(
        momo.remittance.cash_transfer(
            amount="3",
            payee=SUCCESS_PARTY,
            external_id="c-1",
            original_amount="30.25",
            original_currency="SEK",
        )
    )
    cash_status = await run(momo.remittance.get_cash_transfer_status(cash.reference_id))
    assert cash_status.original_amount == Decimal("30.25")
    assert cash_status.original_currency == "SEK"


async def test_a_numeric_amount_becomes_an_exact_decimal(h: Harness) -> None:
    accepted = await run(create_calls(h.momo)["disbursement_transfer"]())
    body = {"amount": 0.1, "currency": "EUR", "status": "SUCCESSFUL", "externalId": 17}
    h.sandbox.faults.fail(200, path="transfer/", body=json.dumps(body).encode())
    status = await run(h.momo.disbursement.get_transfer_status(accepted.reference_id))
    assert status.amount == Decimal("0.1")  # not Decimal(0.1) == 0.1000000000000000055...
    assert status.external_id == "17"


@pytest.mark.parametrize(
    ("wire_status", "known", "final"),
    [
        ("ONGOING", False, False),
        ("AWAITING_OTP", False, False),  # a status MoMo might add one day
        ("successful", True, True),
        ("REJECTED", False, True),
    ],
)
async def test_the_status_enum_is_open(
    h: Harness, wire_status: str, known: bool, final: bool
) -> None:
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    body = json.loads(fixture("request_to_pay_unknown_status").body)
    body["status"] = wire_status
    h.sandbox.faults.fail(200, path="requesttopay/", body=json.dumps(body).encode())
    status = await run(h.momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert isinstance(status.status, TransactionStatus)
    assert status.status == wire_status.upper() if known else status.status == wire_status
    assert (status.status.is_known, status.is_final) == (known, final)


async def test_a_reason_is_read_from_a_string(h: Harness) -> None:
    accepted = await run(create_calls(h.momo, FAILED_PARTY)["collection_request_to_pay"]())
    status = await run(h.momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert status.reason == Reason("INTERNAL_PROCESSING_ERROR")
    assert str(status.reason) == "INTERNAL_PROCESSING_ERROR"


@pytest.mark.parametrize(
    ("name", "operation", "reason"),
    [
        (
            "request_to_pay_failed_object_reason",
            "collection_request_to_pay",
            Reason("PAYER_NOT_FOUND", "Payee does not exist"),
        ),
        (
            "request_to_pay_failed_string_reason",
            "collection_request_to_pay",
            Reason("APPROVAL_REJECTED"),
        ),
        (
            "cash_transfer_failed_object_reason",
            "remittance_cash_transfer",
            Reason("PAYER_LIMIT_REACHED", "The payer's limit has been breached."),
        ),
    ],
)
async def test_a_reason_is_read_from_an_object_or_a_string(
    h: Harness, name: str, operation: str, reason: Reason
) -> None:
    accepted = await run(create_calls(h.momo)[operation]())
    answer = fixture(name)
    h.sandbox.faults.fail(
        200, path=f"{accepted.reference_id}$", body=answer.body, content_type=answer.content_type
    )
    status_of = (
        h.momo.collection.get_request_to_pay_status
        if operation.startswith("collection")
        else h.momo.remittance.get_cash_transfer_status
    )
    status = await run(status_of(accepted.reference_id))
    assert status.is_failed
    assert status.reason == reason
    assert status.raw == answer.json()
