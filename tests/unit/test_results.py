from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from momo_wrapper._errors import UnexpectedResponseError
from momo_wrapper._results import (
    Accepted,
    AccountHolderStatus,
    Address,
    ApiKey,
    ApiUser,
    ApprovedPreApproval,
    Balance,
    BasicUserInfo,
    BcAuthorization,
    CashTransferStatus,
    ConsentUserInfo,
    InvoiceStatus,
    Party,
    PaymentStatus,
    PreApprovalStatus,
    Reason,
    RequestToPayStatus,
    TransactionStatus,
    TransferStatus,
    list_of,
)

REF = "5c8a3f52-6b1e-4d8e-9b1a-2f4e6a7c8d90"

# Bodies exactly as recorded (docs/api-behaviour.md, section 5, 7, 8).
RTP_SUCCESSFUL = (
    b'{"financialTransactionId":"386380485","externalId":"6353636","amount":"5","currency":"EUR",'
    b'"payer":{"partyIdType":"MSISDN","partyId":"0248888736"},"payerMessage":"Pay for product a",'
    b'"payeeNote":"payer note","status":"SUCCESSFUL"}'
)
TRANSFER_SUCCESSFUL = (
    b'{"amount":"5","currency":"EUR","financialTransactionId":"386380485","externalId":"6353636",'
    b'"payee":{"partyIdType":"PARTY_CODE","partyId":"783a8f21-3fc6-4e39-aa76-da8e562fba7e"},'
    b'"payerMessage":"Pay for product a","payeeNote":"payer note","status":"SUCCESSFUL"}'
)
DEPOSIT_SUCCESSFUL = (
    b'{"externalId":"6353636","amount":"5","currency":"EUR","payee":{"partyIdType":"MSISDN",'
    b'"partyId":"0248888736"},"payerMessage":"m","payeeNote":"n","status":"SUCCESSFUL"}'
)
PENDING = (
    b'{"externalId":"probe-1","amount":"5000","currency":"EUR","payer":{"partyIdType":"MSISDN",'
    b'"partyId":"46733123453"},"payerMessage":"m","payeeNote":"n","status":"PENDING"}'
)
FAILED_CALLBACK = (
    b'{"financialTransactionId":"1884670102","externalId":"20950173","amount":"20",'
    b'"currency":"XAF","payer":{"partyIdType":"MSISDN","partyId":"237683746252"},'
    b'"payeeNote":"string","status":"FAILED","reason":"INTERNAL_PROCESSING_ERROR"}'
)
BASIC_USER_INFO = (
    b'{"sub":"0","name":"Sand Box","given_name":"Sand","family_name":"Box",'
    b'"birthdate":"1976-08-13","locale":"sv_SE","gender":"MALE","updated_at":1678355127}'
)
CONSENT_USER_INFO = (
    '{"sub":"0","name":"Sand Box","given_name":"Sand","family_name":"Box","birthdate":"1976-08-13",'
    '"locale":"sv_SE","status":"ACTIVE","gender":"MALE","email":"email@domain.test",'
    '"email_verified":true,"phone_number":"46123456789","phone_number_verified":true,'
    '"address":{"formatted":"Street 17\\n123 45 Karlskrona\\nBlekinge\\nSweden",'
    '"street_address":"Street 17","postal_code":"123 45","locality":"Karlskrona",'
    '"region":"Blekinge","country":"Sweden"},"updated_at":1731242938,"credit_score":123,'
    '"active":true,"country_of_birth":"Sweden","region_of_birth":"Blekinge",'
    '"city_of_birth":"Karlskrona","occupation":"Manager","employer_name":"Ericsson",'
    '"identification_type":"PASS","identification_value":"S1234567"}'
)


# --- TransactionStatus ---------------------------------------------------------------------


def test_known_statuses_match_in_any_case() -> None:
    assert TransactionStatus("successful") is TransactionStatus.SUCCESSFUL
    assert TransactionStatus(" PENDING ") is TransactionStatus.PENDING
    assert TransactionStatus.CREATED.is_known


def test_unknown_statuses_are_kept_as_they_are() -> None:
    status = TransactionStatus("ONGOING_new")
    assert status == "ONGOING_new"
    assert status.value == "ONGOING_new"
    assert str(status) == "ONGOING_new"
    assert not status.is_known
    assert not status.is_final
    assert TransactionStatus("ONGOING_new") is status
    assert TransactionStatus("REJECTED").is_final


def test_non_string_statuses_are_refused() -> None:
    with pytest.raises(ValueError, match="not a valid TransactionStatus"):
        TransactionStatus(3)  # type: ignore[arg-type]


# --- building blocks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("APPROVAL_REJECTED", Reason("APPROVAL_REJECTED")),
        (
            {"code": "PAYER_NOT_FOUND", "message": "Payee does not exist"},
            Reason("PAYER_NOT_FOUND", "Payee does not exist"),
        ),
        ({"message": "only a message"}, Reason("UNKNOWN", "only a message")),
        ({}, None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_reason_parses_both_shapes(value: object, reason: Reason | None) -> None:
    assert Reason.parse(value) == reason


def test_reason_text() -> None:
    assert str(Reason("EXPIRED")) == "EXPIRED"
    assert str(Reason("PAYER_NOT_FOUND", "Payee does not exist")) == (
        "PAYER_NOT_FOUND: Payee does not exist"
    )


def test_party_parsing_is_tolerant() -> None:
    assert Party.from_wire({"partyIdType": "msisdn", "partyId": 256772123456}) == Party(
        "MSISDN", "256772123456"
    )
    assert Party.from_wire({"partyId": "x"}) == Party("MSISDN", "x")
    assert Party.from_wire({"partyIdType": "MSISDN"}) is None
    assert Party.from_wire("46733123454") is None


def test_accepted() -> None:
    accepted = Accepted(REF, False, "collection", "RequesttoPay")
    assert (accepted.reference_id, accepted.replayed) == (REF, False)
    assert accepted.product == "collection"
    assert accepted.operation == "RequesttoPay"


# --- transaction statuses from recorded bodies ---------------------------------------------------


def test_request_to_pay_successful() -> None:
    result = RequestToPayStatus.from_wire(RTP_SUCCESSFUL, reference_id=REF)
    assert result.reference_id == REF
    assert result.status is TransactionStatus.SUCCESSFUL
    assert result.is_final
    assert result.is_successful
    assert not result.is_failed
    assert result.amount == Decimal("5")
    assert result.currency == "EUR"
    assert result.financial_transaction_id == "386380485"
    assert result.external_id == "6353636"
    assert result.payer == Party("MSISDN", "0248888736")
    assert result.payer_message == "Pay for product a"
    assert result.payee_note == "payer note"
    assert result.reason is None
    assert result.raw["financialTransactionId"] == "386380485"


def test_pending_has_no_transaction_id() -> None:
    result = RequestToPayStatus.from_wire(PENDING, reference_id=REF)
    assert result.is_pending
    assert not result.is_final
    assert result.financial_transaction_id is None


def test_failed_callback_with_a_string_reason() -> None:
    result = RequestToPayStatus.from_wire(FAILED_CALLBACK)
    assert result.is_failed
    assert result.reason == Reason("INTERNAL_PROCESSING_ERROR")
    assert result.currency == "XAF"
    assert result.payer_message is None  # callbacks omit it
    assert result.reference_id is None


def test_failed_with_a_spec_style_reason_object() -> None:
    body = {
        "status": "FAILED",
        "reason": {"code": "PAYER_NOT_FOUND", "message": "Payee does not exist"},
    }
    assert RequestToPayStatus.from_wire(body).reason == Reason(
        "PAYER_NOT_FOUND", "Payee does not exist"
    )


def test_created_status_from_the_sandbox() -> None:
    result = RequestToPayStatus.from_wire({"status": "CREATED"})
    assert result.status is TransactionStatus.CREATED
    assert not result.is_final


def test_transfer_and_deposit() -> None:
    transfer = TransferStatus.from_wire(
        TRANSFER_SUCCESSFUL, reference_id=REF, product="disbursement"
    )
    assert transfer.payee == Party("PARTY_CODE", "783a8f21-3fc6-4e39-aa76-da8e562fba7e")
    assert transfer.financial_transaction_id == "386380485"
    deposit = TransferStatus.from_wire(DEPOSIT_SUCCESSFUL, reference_id=REF)
    assert deposit.financial_transaction_id is None
    assert deposit.is_successful


def test_spec_example_types_are_recovered() -> None:
    body = {
        "amount": 100,
        "currency": "ugx",
        "financialTransactionId": 23503452,
        "externalId": 947354,
        "payer": {"partyIdType": "MSISDN", "partyId": 4656473839},
        "status": "successful",
    }
    result = RequestToPayStatus.from_wire(body)
    assert result.amount == Decimal("100")
    assert result.currency == "UGX"
    assert result.financial_transaction_id == "23503452"
    assert result.external_id == "947354"
    assert result.payer == Party("MSISDN", "4656473839")
    assert result.is_successful


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("12.5", Decimal("12.5")),
        (10.5, Decimal("10.5")),
        (7, Decimal("7")),
        ("1,000", None),
        ("abc", None),
        (True, None),
        ("NaN", None),
        ([], None),
    ],
)
def test_amounts_are_decimals_or_none(amount: object, expected: Decimal | None) -> None:
    result = RequestToPayStatus.from_wire({"status": "PENDING", "amount": amount})
    assert result.amount == expected
    assert result.raw["amount"] == amount


def test_invoice_status() -> None:
    body = {
        "referenceId": REF,
        "externalId": "inv-1",
        "amount": "25",
        "currency": "EUR",
        "status": "SUCCESSFUL",
        "paymentReference": "pr-1",
        "invoiceId": "123",
        "expiryDateTime": "2024-11-10T17:36:25.698",
        "intendedPayer": {"partyIdType": "MSISDN", "partyId": "46733123454"},
        "description": "Invoice",
        "errorReason": {"code": "EXPIRED", "message": "late"},
    }
    result = InvoiceStatus.from_wire(body)
    assert result.reference_id == REF
    assert result.invoice_id == "123"
    assert result.payment_reference == "pr-1"
    assert result.expiry_date_time == "2024-11-10T17:36:25.698"
    assert result.intended_payer == Party("MSISDN", "46733123454")
    assert result.reason == Reason("EXPIRED", "late")


def test_pre_approval_and_payment_statuses() -> None:
    pre = PreApprovalStatus.from_wire(
        {
            "payer": {"partyIdType": "MSISDN", "partyId": "46733123454"},
            "payerCurrency": "eur",
            "payerMessage": "ok",
            "status": "PENDING",
            "expirationDateTime": 1731242938,
            "validityTime": "3600",
        },
        reference_id=REF,
    )
    assert pre.payer_currency == "EUR"
    assert pre.expiration_date_time == "1731242938"
    assert pre.validity_time == 3600
    payment = PaymentStatus.from_wire(
        {"referenceId": REF, "status": "FAILED", "reason": "NOT_ENOUGH_FUNDS"}
    )
    assert payment.reason == Reason("NOT_ENOUGH_FUNDS")
    assert payment.reference_id == REF


def test_cash_transfer_status() -> None:
    body = {
        "financialTransactionId": "1",
        "status": "FAILED",
        "reason": "PAYEE_NOT_FOUND",
        "amount": "10",
        "currency": "EUR",
        "orginatingCountry": "SE",
        "originalAmount": "12.5",
        "originalCurrency": "usd",
        "payerSurName": "Box",
        "payerFirstName": "Sand",
        "payee": {"partyIdType": "MSISDN", "partyId": "46733123454"},
    }
    result = CashTransferStatus.from_wire(body, reference_id=REF)
    assert result.originating_country == "SE"
    assert result.original_amount == Decimal("12.5")
    assert result.original_currency == "USD"
    assert result.payer_surname == "Box"
    assert result.reason == Reason("PAYEE_NOT_FOUND")
    assert isinstance(result, TransferStatus)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b"[]",
        b"not json",
        b'"SUCCESSFUL"',
        b"{}",
        b'{"status": ""}',
        b'{"status": {"x": 1}}',
        None,
        42,
    ],
)
def test_unusable_status_bodies(body: object) -> None:
    with pytest.raises(UnexpectedResponseError) as info:
        RequestToPayStatus.from_wire(body, operation="RequesttoPayTransactionStatus")
    assert info.value.product == "collection"
    assert info.value.operation == "RequesttoPayTransactionStatus"


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = (
    SCALARS
    | st.lists(SCALARS, max_size=3)
    | st.dictionaries(
        st.sampled_from(["code", "message", "partyId", "partyIdType", "x"]), SCALARS, max_size=3
    )
)
FIELD_NAMES = st.sampled_from(
    [
        "status",
        "amount",
        "currency",
        "payer",
        "payee",
        "reason",
        "financialTransactionId",
        "externalId",
        "referenceId",
        "errorReason",
        "validityTime",
        "originalAmount",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=8))
def test_status_parsing_only_ever_raises_unexpected_response(body: dict[str, object]) -> None:
    for cls in (
        RequestToPayStatus,
        TransferStatus,
        InvoiceStatus,
        PreApprovalStatus,
        PaymentStatus,
        CashTransferStatus,
    ):
        try:
            result = cls.from_wire(body)
        except UnexpectedResponseError:
            continue
        assert isinstance(result.status, TransactionStatus)


# --- accounts and users ------------------------------------------------------------------------


def test_balance() -> None:
    balance = Balance.from_wire(b'{"availableBalance":"1000","currency":"EUR"}')
    assert balance.available_balance == Decimal("1000")
    assert balance.currency == "EUR"
    assert Balance.from_wire({"availableBalance": 12.5}).available_balance == Decimal("12.5")
    with pytest.raises(UnexpectedResponseError, match="availableBalance"):
        Balance.from_wire({"currency": "EUR"}, product="collection")


@pytest.mark.parametrize(
    ("body", "active"),
    [
        (b'{"result":true}', True),
        (b'{"result":false}', False),
        ({"result": "true"}, True),
        (b"", None),
        (None, None),
        ({}, None),
        (True, True),
    ],
)
def test_account_holder_status(body: object, active: bool | None) -> None:
    assert AccountHolderStatus.from_wire(body).active is active


def test_basic_user_info() -> None:
    info = BasicUserInfo.from_wire(BASIC_USER_INFO)
    assert (info.sub, info.name, info.given_name, info.family_name) == (
        "0",
        "Sand Box",
        "Sand",
        "Box",
    )
    assert info.birthdate == "1976-08-13"
    assert info.updated_at == 1678355127
    assert info.status is None


def test_consent_user_info() -> None:
    info = ConsentUserInfo.from_wire(CONSENT_USER_INFO)
    assert info.email_verified is True
    assert info.credit_score == "123"
    assert info.active is True
    assert info.address is not None
    assert info.address.locality == "Karlskrona"
    assert info.identification_type == "PASS"
    assert info.status == "ACTIVE"
    spec_shaped = ConsentUserInfo.from_wire({"address": "Street 17, Karlskrona"})
    assert spec_shaped.address == Address(formatted="Street 17, Karlskrona")
    assert ConsentUserInfo.from_wire({"address": 5}).address is None


def test_approved_pre_approvals_list() -> None:
    body = json.dumps(
        [
            {
                "preApprovalId": "p1",
                "toFri": "FRI:a",
                "fromFri": "FRI:b",
                "fromCurrency": "eur",
                "createdTime": "t",
                "status": "approved",
                "message": "m",
                "frequency": "monthly",
                "maxDebitAmount": "50.00",
            },
            "not an object",
        ]
    ).encode()
    (item,) = list_of(ApprovedPreApproval, body, product=None, operation=None)
    assert item.pre_approval_id == "p1"
    assert item.status == "APPROVED"
    assert item.frequency == "MONTHLY"
    assert item.max_debit_amount == Decimal("50.00")
    assert list_of(ApprovedPreApproval, b"", product=None, operation=None) == []
    with pytest.raises(UnexpectedResponseError, match="array"):
        list_of(ApprovedPreApproval, b'{"preApprovalId": "p1"}', product=None, operation=None)


def test_bc_authorization() -> None:
    result = BcAuthorization.from_wire({"auth_req_id": "abc", "interval": 5, "expires_in": "120"})
    assert (result.auth_req_id, result.interval, result.expires_in) == ("abc", 5.0, 120.0)
    with pytest.raises(UnexpectedResponseError, match="auth_req_id"):
        BcAuthorization.from_wire({})


def test_api_user_masks_the_id() -> None:
    body = b'{"providerCallbackHost":"https://webhook.site/37b4b85e","targetEnvironment":"sandbox"}'
    user = ApiUser.from_wire(body, api_user="783a8f21-3fc6-4e39-aa76-da8e562fba7e")
    assert user.provider_callback_host == "https://webhook.site/37b4b85e"
    assert user.target_environment == "sandbox"
    assert "783a8f21" not in repr(user)
    assert "…ba7e" in repr(user)


def test_api_key_is_never_shown() -> None:
    key = ApiKey.from_wire(b'{"apiKey":"de4f4885c9a24c168127cf76e3277876"}')
    assert key.api_key == "de4f4885c9a24c168127cf76e3277876"
    assert "de4f" not in repr(key)
    assert "de4f" not in str(key)
    with pytest.raises(UnexpectedResponseError) as info:
        ApiKey.from_wire(b'{"key":"de4f4885c9a24c168127cf76e3277876"}')
    assert "de4f" not in str(info.value)
    assert info.value.body_excerpt == ""
