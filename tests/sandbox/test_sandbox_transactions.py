"""Creates (202), status reads, outcomes by test MSISDN and the related operations."""

from __future__ import annotations

import json
from typing import Any

import pytest

from momo_wrapper.sandbox import Sandbox, callback_method
from tests.sandbox.sandbox_helpers import OP, OP_IDS, OPS, PARTY_DRIVEN, Api, Op, new_ref, party

NOT_FOUND = b'{"message":"Requested resource was not found.","code":"RESOURCE_NOT_FOUND"}'
DUPLICATE = (
    b'{"message":"Duplicated reference id. Creation of resource failed.",'
    b'"code":"RESOURCE_ALREADY_EXIST"}'
)


async def status_of(api: Api, op: Op, ref: str) -> dict[str, Any]:
    response = await api.call("GET", op.status.format(ref))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    return dict(response.json())


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_create_is_202_empty_and_reads_back_successful(api: Api, op: Op) -> None:
    ref, response = await api.create(op.create, op.body())
    assert response.status_code == 202
    assert response.content == b""
    assert response.headers["content-length"] == "0"
    status = await status_of(api, op, ref)
    assert status["status"] == "SUCCESSFUL"
    record = api.sandbox.resource(op.product, ref)
    assert record is not None
    assert (record.kind, record.operation, record.post_count) == (op.kind, op.name, 1)
    assert record.status == "SUCCESSFUL"


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_reused_reference_id_is_409_and_counted(api: Api, op: Op) -> None:
    ref, first = await api.create(op.create, op.body())
    _, second = await api.create(op.create, op.body(), ref=ref)
    _, third = await api.create(op.create, op.body(), ref=ref.upper())
    assert first.status_code == 202
    assert (second.status_code, second.content) == (409, DUPLICATE)
    assert second.headers["content-length"] == "99"
    assert third.status_code == 409
    record = api.sandbox.resource(op.product, ref)
    assert record is not None
    assert (record.post_count, record.duplicate_posts) == (3, 2)
    assert len(api.sandbox.resources(op.product)) == 1


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_create_rejections(api: Api, op: Op) -> None:
    body = op.body()

    async def post(content: bytes, **headers: str) -> tuple[int, bytes]:
        base = {"X-Reference-Id": new_ref(), "Content-Type": "application/json"}
        response = await api.call("POST", op.create, content=content, headers={**base, **headers})
        return response.status_code, response.content

    good = json.dumps(body).encode()
    assert await post(good, **{"X-Reference-Id": "123"}) == (400, b"")
    assert await post(b"") == (500, b"")
    assert await post(b"{not json") == (400, b"")
    assert await post(b"[1, 2]") == (400, b"")
    wrong_currency = json.loads(good)
    money = wrong_currency.get("money", wrong_currency)
    money["currency" if "currency" in money else "payerCurrency"] = "UGX"
    assert await post(json.dumps(wrong_currency).encode()) == (
        500,
        b'{"message":"Currency not supported.","code":"INVALID_CURRENCY"}',
    )
    status, content = await post(good, **{"X-Callback-Url": "http://evil.example/cb"})
    assert (status, json.loads(content)["code"]) == (500, "INVALID_CALLBACK_URL_HOST")
    assert json.loads(content)["message"] == "Callback URL does not match the configured value."
    for environment in ("", "mtnuganda"):
        status, content = await post(good, **{"X-Target-Environment": environment})
        assert (status, json.loads(content)["code"]) == (500, "NOT_ALLOWED_TARGET_ENVIRONMENT")
    assert await post(good, Authorization="Bearer expired") == (401, b"")
    assert api.sandbox.resources() == []  # nothing above created anything


async def test_missing_reference_id_is_400(api: Api) -> None:
    response = await api.call(
        "POST", OP["collection-RequesttoPay"].create, json=OP["collection-RequesttoPay"].body()
    )
    assert (response.status_code, response.content) == (400, b"")


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_unknown_and_malformed_references(api: Api, op: Op) -> None:
    unknown = await api.call("GET", op.status.format(new_ref()))
    assert (unknown.status_code, unknown.content) == (404, NOT_FOUND)
    malformed = await api.call("GET", op.status.format("x" * 37))
    assert (malformed.status_code, malformed.content) == (400, b"")


@pytest.mark.parametrize("op", PARTY_DRIVEN, ids=[f"{o.product}-{o.name}" for o in PARTY_DRIVEN])
async def test_test_msisdns_force_outcomes(api: Api, op: Op) -> None:
    expected = {
        "46733123450": ("FAILED", "INTERNAL_PROCESSING_ERROR"),
        "46733123451": ("FAILED", "APPROVAL_REJECTED"),
        "46733123452": ("FAILED", "EXPIRED"),
        "46733123454": ("CREATED", None),
        "56733123453": ("SUCCESSFUL", None),
    }
    reason_key = "errorReason" if op.kind == "invoice" else "reason"
    for msisdn, (status, reason) in expected.items():
        ref, response = await api.create(op.create, op.body(msisdn))
        assert response.status_code == 202
        body = await status_of(api, op, ref)
        assert (body["status"], body.get(reason_key)) == (status, reason), msisdn
        assert ("financialTransactionId" in body) == (
            status == "SUCCESSFUL" and op.kind not in ("deposit", "invoice", "preapproval")
        )


async def test_ongoing_msisdn_turns_successful_after_30_virtual_seconds(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    ref, _ = await api.create(op.create, op.body("46733123453"))
    pending = await status_of(api, op, ref)
    assert pending["status"] == "PENDING"
    assert "financialTransactionId" not in pending
    assert "reason" not in pending
    api.sandbox.clock.advance(29.9)
    assert (await status_of(api, op, ref))["status"] == "PENDING"
    api.sandbox.clock.advance(0.1)
    settled = await status_of(api, op, ref)
    assert settled["status"] == "SUCCESSFUL"
    assert settled["financialTransactionId"].isdigit()


def test_ongoing_delay_and_stuck_status_are_configurable() -> None:
    from momo_wrapper.sandbox import Outcome

    sandbox = Sandbox(
        ongoing_delay=5,
        stuck_status="PENDING",
        outcomes={"111": Outcome("FAILED", "NOT_ENOUGH_FUNDS")},
    )
    table = sandbox.settings.outcomes
    assert table["46733123453"].settle_after == 5
    assert table["46733123454"] == Outcome("PENDING")
    assert table["111"].reason == "NOT_ENOUGH_FUNDS"
    assert Outcome("PENDING").at(10**9) == ("PENDING", None)


async def test_request_to_pay_body_matches_the_recording(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    ref, _ = await api.create(op.create, op.body())
    response = await api.call("GET", op.status.format(ref))
    record = api.sandbox.resource("collection", ref)
    assert record is not None
    ftid = record.financial_transaction_id
    assert ftid is not None
    assert ftid.isdigit()
    assert response.content == (
        b'{"financialTransactionId":"' + ftid.encode() + b'","externalId":"6353636",'
        b'"amount":"5","currency":"EUR","payer":{"partyIdType":"MSISDN","partyId":"0248888736"},'
        b'"payerMessage":"Pay for product a","payeeNote":"payer note","status":"SUCCESSFUL"}'
    )


async def test_transfer_key_order_and_failed_reason_as_string(api: Api) -> None:
    op = OP["disbursement-Transfer"]
    ref, _ = await api.create(op.create, op.body())
    assert list(await status_of(api, op, ref)) == [
        "amount",
        "currency",
        "financialTransactionId",
        "externalId",
        "payee",
        "payerMessage",
        "payeeNote",
        "status",
    ]
    ref, _ = await api.create(op.create, op.body("46733123451"))
    failed = await status_of(api, op, ref)
    assert list(failed)[-2:] == ["status", "reason"]
    assert failed["reason"] == "APPROVAL_REJECTED"


async def test_deposit_never_has_a_financial_transaction_id(api: Api) -> None:
    op = OP["disbursement-Deposit-V1"]
    ref, _ = await api.create(op.create, op.body())
    assert list(await status_of(api, op, ref)) == [
        "externalId",
        "amount",
        "currency",
        "payee",
        "payerMessage",
        "payeeNote",
        "status",
    ]


async def test_pending_body_has_the_observed_shape(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    ref, _ = await api.create(op.create, op.body("46733123453"))
    assert list(await status_of(api, op, ref)) == [
        "externalId",
        "amount",
        "currency",
        "payer",
        "payerMessage",
        "payeeNote",
        "status",
    ]


async def test_amounts_are_echoed_normalised(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    for sent, echoed in (("12.50", "12.5"), ("5.0", "5"), ("100", "100"), ("0.75", "0.75")):
        body = op.body()
        body["amount"] = sent
        ref, _ = await api.create(op.create, body)
        assert (await status_of(api, op, ref))["amount"] == echoed
    body = op.body()
    body["amount"] = "five"
    _, response = await api.create(op.create, body)
    assert response.status_code == 400


async def test_refund_pays_back_the_original_payer(api: Api) -> None:
    rtp = OP["collection-RequesttoPay"]
    original, _ = await api.create(rtp.create, rtp.body("46733123459"))
    refund = OP["disbursement-Refund-V1"]
    body = refund.body()
    body["referenceIdToRefund"] = original
    ref, response = await api.create(refund.create, body)
    assert response.status_code == 202
    status = await status_of(api, refund, ref)
    assert list(status) == [
        "financialTransactionId",
        "externalId",
        "amount",
        "currency",
        "payee",
        "payerMessage",
        "payeeNote",
        "status",
    ]
    assert status["payee"] == party("46733123459")
    # Refunding something unknown pays the API user (PARTY_CODE) in the sandbox.
    ref, _ = await api.create(refund.create, refund.body())
    assert (await status_of(api, refund, ref))["payee"] == {
        "partyIdType": "PARTY_CODE",
        "partyId": api.creds["disbursement"].user_id,
    }
    bad = refund.body()
    bad["referenceIdToRefund"] = "nope"
    _, response = await api.create(refund.create, bad)
    assert response.status_code == 400


async def test_refund_of_a_failing_payer_fails(api: Api) -> None:
    rtp, refund = OP["collection-RequesttoPay"], OP["disbursement-Refund-V2"]
    original, _ = await api.create(rtp.create, rtp.body("46733123450"))
    body = refund.body()
    body["referenceIdToRefund"] = original
    ref, _ = await api.create(refund.create, body)
    assert (await status_of(api, refund, ref))["status"] == "FAILED"


async def test_invoice_preapproval_payment_cashtransfer_shapes(api: Api) -> None:
    invoice, preapproval, payment, cash = (
        OP["collection-CreateInvoice"],
        OP["collection-PreApproval"],
        OP["collection-CreatePayments"],
        OP["remittance-CashTransfer"],
    )
    ref, _ = await api.create(invoice.create, invoice.body())
    body = await status_of(api, invoice, ref)
    assert list(body) == [
        "referenceId",
        "externalId",
        "amount",
        "currency",
        "status",
        "paymentReference",
        "invoiceId",
        "expiryDateTime",
        "intendedPayer",
        "description",
        "payeeFirstName",
        "payeeLastName",
    ]
    assert (body["referenceId"], body["amount"]) == (ref, "12.5")
    assert len(body["expiryDateTime"]) == len("2024-11-10T17:36:25.698")

    ref, _ = await api.create(preapproval.create, preapproval.body())
    body = await status_of(api, preapproval, ref)
    assert list(body) == [
        "payer",
        "payerCurrency",
        "payerMessage",
        "validityTime",
        "status",
        "expirationDateTime",
    ]
    assert isinstance(body["expirationDateTime"], int)

    ref, _ = await api.create(payment.create, payment.body())
    body = await status_of(api, payment, ref)
    assert list(body) == ["referenceId", "status", "financialTransactionId"]

    ref, _ = await api.create(cash.create, cash.body())
    body = await status_of(api, cash, ref)
    assert list(body)[:5] == ["financialTransactionId", "status", "amount", "currency", "payee"]
    assert body["originalAmount"] == "10.5"
    assert body["payerIdentificationType"] == "PASS"


async def test_special_characters_and_long_notes_are_400(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    for field, value in (
        ("payerMessage", "Tom & Jerry"),
        ("payeeNote", "it's"),
        ("payerMessage", "x" * 161),
        ("payeeNote", 5),
    ):
        body = op.body()
        body[field] = value
        _, response = await api.create(op.create, body)
        assert (response.status_code, response.content) == (400, b""), value
    body = op.body()
    body["payer"] = party("07XXXXXXXX")
    _, response = await api.create(op.create, body)
    assert response.status_code == 400


async def test_extra_slash_in_the_url_is_400(api: Api) -> None:
    response = await api.call("GET", "/collection//v1_0/account/balance")
    assert (response.status_code, response.content) == (400, b"")


async def test_delivery_notification(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    ref, _ = await api.create(op.create, op.body())
    path = f"/collection/v1_0/requesttopay/{ref}/deliverynotification"
    ok = await api.call("POST", path, json={"notificationMessage": "Thanks"})
    assert (ok.status_code, ok.content) == (200, b"")
    by_header = await api.call("POST", path, headers={"notificationMessage": "Hi"})
    assert by_header.status_code == 200
    missing = await api.call("POST", path, json={})
    assert (missing.status_code, missing.content) == (400, b"")
    unknown = await api.call(
        "POST",
        f"/collection/v1_0/requesttopay/{new_ref()}/deliverynotification",
        json={"notificationMessage": "x"},
    )
    assert (unknown.status_code, unknown.content) == (404, NOT_FOUND)


async def test_cancel_invoice(api: Api) -> None:
    invoice = OP["collection-CreateInvoice"]
    ref, _ = await api.create(invoice.create, invoice.body("46733123454"))  # stays CREATED
    path = f"/collection/v2_0/invoice/{ref}"
    no_ref = await api.call("DELETE", path)
    assert no_ref.status_code == 400
    response = await api.call("DELETE", path, headers={"X-Reference-Id": new_ref()})
    assert (response.status_code, response.content) == (200, b"")
    body = await status_of(api, invoice, ref)
    assert (body["status"], body["errorReason"]) == ("FAILED", "TRANSACTION_CANCELED")
    unknown = await api.call(
        "DELETE", f"/collection/v2_0/invoice/{new_ref()}", headers={"X-Reference-Id": new_ref()}
    )
    assert unknown.status_code == 404


async def test_approved_pre_approvals_list_and_cancel(api: Api) -> None:
    op = OP["collection-PreApproval"]
    ref, _ = await api.create(op.create, op.body("46733123459"))
    await api.create(op.create, op.body("46733123451"))  # rejected: not listed
    listed = await api.call("GET", "/collection/v1_0/preapprovals/msisdn/46733123459")
    assert listed.status_code == 200
    (item,) = listed.json()
    assert (item["preApprovalId"], item["status"]) == (ref, "APPROVED")
    assert item["fromFri"] == "FRI:46733123459/MSISDN"
    cancelled = await api.call("DELETE", f"/collection/v1_0/preapproval/{ref}")
    assert (cancelled.status_code, cancelled.content) == (200, b"")
    again = await api.call("GET", "/collection/v1_0/preapprovals/msisdn/46733123459")
    assert again.json() == []
    unknown = await api.call("DELETE", f"/collection/v1_0/preapproval/{new_ref()}")
    assert unknown.status_code == 404


async def test_disbursement_reads_a_request_to_pay_as_a_transfer(api: Api) -> None:
    op = OP["collection-RequesttoPay"]
    ref, _ = await api.create(op.create, op.body())
    response = await api.call("GET", f"/disbursement/v1_0/transfer/{ref}")
    assert response.status_code == 200
    assert response.json()["payee"] == {
        "partyIdType": "PARTY_CODE",
        "partyId": api.creds["collection"].user_id,
    }
    assert list(response.json())[:3] == ["amount", "currency", "financialTransactionId"]


async def test_same_reference_in_another_product_is_independent(api: Api) -> None:
    transfer_d, transfer_r = OP["disbursement-Transfer"], OP["remittance-Transfer"]
    ref, first = await api.create(transfer_d.create, transfer_d.body())
    _, second = await api.create(transfer_r.create, transfer_r.body(), ref=ref)
    assert (first.status_code, second.status_code) == (202, 202)


def test_callback_methods_follow_the_spec() -> None:
    assert [callback_method(op.kind, op.version) for op in OPS] == [
        "POST",
        "POST",
        "PUT",
        "PUT",
        "PUT",
        "PUT",
        "POST",
        "POST",
        "PUT",
        "POST",
        "PUT",
        "POST",
        "POST",
    ]
