"""Response bodies in the exact key order the live sandbox uses (api-behaviour §5, §7, §8)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ._model import Transaction


def normalise_amount(value: Any) -> str | None:
    """ "5.0" -> "5", "12.50" -> "12.5"; None if not a positive number."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount <= 0:
        return None
    return format(amount.normalize(), "f")


def momo_timestamp(epoch_seconds: float) -> str:
    """Zone-less, millisecond timestamp, e.g. "2024-11-10T17:36:25.698"."""
    moment = datetime.fromtimestamp(epoch_seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def _echo(target: dict[str, Any], source: dict[str, Any], *keys: str) -> None:
    for key in keys:
        if key in source:
            target[key] = source[key]


def _money(target: dict[str, Any], tx: Transaction) -> None:
    target["amount"] = tx.extra["amount"]
    target["currency"] = tx.extra["currency"]


def _tail(target: dict[str, Any], tx: Transaction, status: str, reason: str | None) -> None:
    _echo(target, tx.body, "payerMessage", "payeeNote")
    target["status"] = status
    if reason is not None:
        target["reason"] = reason


def _successful(status: str) -> bool:
    return status == "SUCCESSFUL"


def _request_to_pay(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if _successful(status):
        body["financialTransactionId"] = tx.financial_transaction_id
    _echo(body, tx.body, "externalId")
    _money(body, tx)
    _echo(body, tx.body, "payer")
    _tail(body, tx, status, reason)
    return body


def _transfer(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    _money(body, tx)
    if _successful(status):
        body["financialTransactionId"] = tx.financial_transaction_id
    _echo(body, tx.body, "externalId")
    body["payee"] = tx.extra.get("payee", tx.body.get("payee"))
    _tail(body, tx, status, reason)
    return body


def _deposit(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    # A deposit status never carries financialTransactionId (api-behaviour §5).
    body: dict[str, Any] = {}
    _echo(body, tx.body, "externalId")
    _money(body, tx)
    _echo(body, tx.body, "payee")
    _tail(body, tx, status, reason)
    return body


def _refund(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if _successful(status):
        body["financialTransactionId"] = tx.financial_transaction_id
    _echo(body, tx.body, "externalId")
    _money(body, tx)
    body["payee"] = tx.extra["payee"]
    _tail(body, tx, status, reason)
    return body


_CASH_TRANSFER_ECHO = (
    "payee",
    "externalId",
    "orginatingCountry",
    "originalAmount",
    "originalCurrency",
    "payerMessage",
    "payeeNote",
    "payerIdentificationType",
    "payerIdentificationNumber",
    "payerIdentity",
    "payerFirstName",
    "payerSurName",
    "payerLanguageCode",
    "payerEmail",
    "payerMsisdn",
    "payerGender",
)


def _cash_transfer(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    # Spec order (CashTransferResult); its `reason` is a plain string even in the spec.
    body: dict[str, Any] = {}
    if _successful(status):
        body["financialTransactionId"] = tx.financial_transaction_id
    body["status"] = status
    if reason is not None:
        body["reason"] = reason
    _money(body, tx)
    _echo(body, tx.body, *_CASH_TRANSFER_ECHO)
    if "originalAmount" in body:
        body["originalAmount"] = normalise_amount(body["originalAmount"]) or body["originalAmount"]
    return body


def _invoice(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"referenceId": tx.reference_id}
    _echo(body, tx.body, "externalId")
    _money(body, tx)
    body["status"] = status
    body["paymentReference"] = tx.extra["paymentReference"]
    body["invoiceId"] = tx.extra["invoiceId"]
    body["expiryDateTime"] = tx.extra["expiryDateTime"]
    _echo(body, tx.body, "intendedPayer", "description")
    # The payee's registered name: every sandbox account holder is "Sand Box".
    body["payeeFirstName"], body["payeeLastName"] = _HOLDER_NAME
    if reason is not None:
        body["errorReason"] = reason
    return body


def _pre_approval(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {}
    _echo(body, tx.body, "payer", "payerCurrency", "payerMessage", "validityTime")
    body["status"] = status
    body["expirationDateTime"] = tx.extra["expirationDateTime"]
    if reason is not None:
        body["reason"] = reason
    return body


def _payment(tx: Transaction, status: str, reason: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"referenceId": tx.reference_id, "status": status}
    if _successful(status):
        body["financialTransactionId"] = tx.financial_transaction_id
    if reason is not None:
        body["reason"] = reason
    return body


_BUILDERS = {
    "requesttopay": _request_to_pay,
    "requesttowithdraw": _request_to_pay,
    "transfer": _transfer,
    "deposit": _deposit,
    "refund": _refund,
    "cashtransfer": _cash_transfer,
    "invoice": _invoice,
    "preapproval": _pre_approval,
    "payment": _payment,
}


def status_body(tx: Transaction, now: float) -> dict[str, Any]:
    status, reason = tx.state(now)
    return _BUILDERS[tx.kind](tx, status, reason)


def transfer_view(tx: Transaction, now: float) -> dict[str, Any]:
    """A collection request-to-pay read through disbursement's GET transfer (api-behaviour §5):
    a transfer whose payee is PARTY_CODE = the API user id."""
    status, reason = tx.state(now)
    view = _transfer(tx, status, reason)
    view["payee"] = {"partyIdType": "PARTY_CODE", "partyId": tx.user_id}
    return view


def callback_body(tx: Transaction, now: float) -> dict[str, Any]:
    """The status body minus payerMessage, and no referenceId (api-behaviour §8)."""
    body = status_body(tx, now)
    body.pop("payerMessage", None)
    body.pop("referenceId", None)
    return body


_HOLDER_NAME = ("Sand", "Box")


def basic_user_info(now: float) -> dict[str, Any]:
    return {
        "sub": "0",
        "name": " ".join(_HOLDER_NAME),
        "given_name": _HOLDER_NAME[0],
        "family_name": _HOLDER_NAME[1],
        "birthdate": "1976-08-13",
        "locale": "sv_SE",
        "gender": "MALE",
        "updated_at": int(now),
    }


def consent_user_info(now: float) -> dict[str, Any]:
    return {
        "sub": "0",
        "name": "Sand Box",
        "given_name": "Sand",
        "family_name": "Box",
        "birthdate": "1976-08-13",
        "locale": "sv_SE",
        "status": "ACTIVE",
        "gender": "MALE",
        "email": "email@domain.test",
        "email_verified": True,
        "phone_number": "46123456789",
        "phone_number_verified": True,
        "address": {
            "formatted": "Street 17\n123 45 Karlskrona\nBlekinge\nSweden",
            "street_address": "Street 17",
            "postal_code": "123 45",
            "locality": "Karlskrona",
            "region": "Blekinge",
            "country": "Sweden",
        },
        "updated_at": int(now),
        "credit_score": 123,
        "active": True,
        "country_of_birth": "Sweden",
        "region_of_birth": "Blekinge",
        "city_of_birth": "Karlskrona",
        "occupation": "Manager",
        "employer_name": "Ericsson",
        "identification_type": "PASS",
        "identification_value": "S1234567",
    }
