"""Asynchronous payments: creates (202), status reads and the small related operations."""

from __future__ import annotations

from typing import Any

import attrs

from ._bodies import momo_timestamp, normalise_amount, status_body, transfer_view
from ._call import Call, callback_url_error, canonical_uuid, json_object, valid_party, valid_text
from ._model import Transaction
from ._provisioning import DUPLICATED, RESOURCE_NOT_FOUND
from ._state import SandboxState
from ._wire import SandboxResponse, empty, momo_error, momo_json

_TEXT_FIELDS = ("payerMessage", "payeeNote", "description")


@attrs.frozen(slots=True)
class CreateSpec:
    """How one create operation reads its body."""

    kind: str
    version: str
    #: Body key of the party whose MSISDN picks the outcome (None: see `_outcome_party`).
    party: str | None
    #: "flat" (amount, currency), "nested" (money{amount, currency}), "none" (payerCurrency).
    money: str = "flat"


@attrs.frozen(slots=True)
class _Prepared:
    amount: str | None
    currency: Any
    outcome_party: str | None
    extra: dict[str, Any]


def _not_found(call: Call) -> SandboxResponse:
    return momo_error(404, "RESOURCE_NOT_FOUND", RESOURCE_NOT_FOUND, call.now)


def _validate(
    state: SandboxState, call: Call, spec: CreateSpec, body: dict[str, Any]
) -> SandboxResponse | _Prepared:
    amount: str | None = None
    if spec.money == "none":
        currency = body.get("payerCurrency")
    else:
        money = body.get("money") if spec.money == "nested" else body
        if not isinstance(money, dict):
            return empty(400, call.now)
        amount, currency = normalise_amount(money.get("amount")), money.get("currency")
        if amount is None:
            return empty(400, call.now)
    party_id: str | None = None
    if spec.party is not None:
        party = body.get(spec.party)
        if not isinstance(party, dict) or not valid_party(party):
            return empty(400, call.now)
        party_id = party["partyId"]
    if not all(valid_text(state, body.get(field)) for field in _TEXT_FIELDS):
        return empty(400, call.now)
    if currency != state.settings.currency:
        return momo_error(500, "INVALID_CURRENCY", "Currency not supported.", call.now)
    extra: dict[str, Any] = {"amount": amount, "currency": currency}
    problem = _kind_specific(state, call, spec, body, extra)
    if problem is not None:
        return problem
    return _Prepared(amount, currency, extra.pop("outcome_party", party_id), extra)


#: Longer validities cannot be meant, and past year 9999 their expiry dates cannot be written
#: (found by fuzzing: a 19-digit validityDuration crashed the create).
_MAX_VALIDITY_SECONDS = 10 * 365 * 24 * 3600


def _seconds(value: Any, default: int) -> int | None:
    """A validity in seconds (an int or a digit string), or None (400) if unusable."""
    if value is None:
        return default
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return value if 0 <= value <= _MAX_VALIDITY_SECONDS else None


def _kind_specific(
    state: SandboxState, call: Call, spec: CreateSpec, body: dict[str, Any], extra: dict[str, Any]
) -> SandboxResponse | None:
    if spec.kind == "refund":
        original_ref = canonical_uuid(body.get("referenceIdToRefund"))
        if original_ref is None:
            return empty(400, call.now)
        original = _find_any_product(state, original_ref)
        payee: Any = None
        if original is not None:
            payee = original.body.get("payer") or original.body.get("payee")
        if not isinstance(payee, dict):
            assert call.token is not None
            payee = {"partyIdType": "PARTY_CODE", "partyId": call.token.user_id}
        extra["payee"] = payee
        extra["outcome_party"] = payee.get("partyId")
    elif spec.kind == "invoice":
        validity = _seconds(body.get("validityDuration"), 3600)
        if validity is None or ("payee" in body and not valid_party(body["payee"])):
            return empty(400, call.now)
        extra["invoiceId"] = state.numeric_id()
        extra["paymentReference"] = state.numeric_id()
        extra["expiryDateTime"] = momo_timestamp(call.now + validity)
    elif spec.kind == "preapproval":
        validity = _seconds(body.get("validityTime"), 3600)
        if validity is None:
            return empty(400, call.now)
        extra["validity"] = validity
        extra["expirationDateTime"] = int((call.now + validity) * 1000)
    elif spec.kind == "payment":
        reference = body.get("customerReference")
        extra["outcome_party"] = reference if isinstance(reference, str) else None
    return None


def _find_any_product(state: SandboxState, reference_id: str) -> Transaction | None:
    for (_, ref), tx in state.transactions.items():
        if ref == reference_id:
            return tx
    return None


def create(state: SandboxState, call: Call, spec: CreateSpec) -> SandboxResponse:
    assert call.product is not None
    assert call.token is not None
    reference_id = canonical_uuid(call.header("x-reference-id"))
    if reference_id is None:
        return empty(400, call.now)
    if not call.body:
        return empty(500, call.now)
    body = json_object(call.body)
    if body is None:
        return empty(400, call.now)
    existing = state.transactions.get((call.product, reference_id))
    if existing is not None:
        existing.post_count += 1
        return momo_error(409, "RESOURCE_ALREADY_EXIST", DUPLICATED, call.now)
    prepared = _validate(state, call, spec, body)
    if isinstance(prepared, SandboxResponse):
        return prepared
    problem = callback_url_error(state, call)
    if problem is not None:
        return problem
    tx = Transaction(
        product=call.product,
        operation=call.operation,
        kind=spec.kind,
        version=spec.version,
        reference_id=reference_id,
        body=body,
        user_id=call.token.user_id,
        created_at=call.now,
        outcome=state.outcome_for(prepared.outcome_party),
        callback_url=call.header("x-callback-url") or None,
        financial_transaction_id=state.numeric_id(),
        extra=prepared.extra,
    )
    state.transactions[(call.product, reference_id)] = tx
    rule = state.faults.take_callbacks(call.method, call.path, call.operation, call.product)
    copies = state.settings.callback_copies if rule is None else rule.copies
    state.plan_callbacks(tx, copies, 0.0 if rule is None else rule.interval)
    return empty(202, call.now)


def _lookup(state: SandboxState, call: Call, kind: str) -> Transaction | SandboxResponse:
    assert call.product is not None
    reference_id = canonical_uuid(call.params["ref"])
    if reference_id is None:
        return empty(400, call.now)
    tx = state.transactions.get((call.product, reference_id))
    if tx is None or tx.kind != kind:
        return _not_found(call)
    return tx


def get_status(state: SandboxState, call: Call, kind: str) -> SandboxResponse:
    found = _lookup(state, call, kind)
    if isinstance(found, Transaction):
        return momo_json(200, status_body(found, call.now), call.now)
    if found.status == 404 and kind == "transfer" and call.product == "disbursement":
        # The live sandbox lets disbursement read a collection request-to-pay as a transfer.
        reference_id = canonical_uuid(call.params["ref"])
        assert reference_id is not None
        rtp = state.transactions.get(("collection", reference_id))
        if rtp is not None and rtp.kind == "requesttopay":
            return momo_json(200, transfer_view(rtp, call.now), call.now)
    return found


def delivery_notification(state: SandboxState, call: Call) -> SandboxResponse:
    found = _lookup(state, call, "requesttopay")
    if not isinstance(found, Transaction):
        return found
    body = json_object(call.body) if call.body else {}
    message = (body or {}).get("notificationMessage") or call.header("notificationmessage")
    if not isinstance(message, str) or not message or not valid_text(state, message):
        return empty(400, call.now)
    found.extra.setdefault("notifications", []).append(message)
    return empty(200, call.now)


def cancel_invoice(state: SandboxState, call: Call) -> SandboxResponse:
    if canonical_uuid(call.header("x-reference-id")) is None:
        return empty(400, call.now)
    found = _lookup(state, call, "invoice")
    if not isinstance(found, Transaction):
        return found
    problem = callback_url_error(state, call)
    if problem is not None:
        return problem
    status, _ = found.state(call.now)
    if status not in ("SUCCESSFUL", "FAILED"):
        found.cancelled_at = call.now
        found.callback_url = call.header("x-callback-url") or found.callback_url
        state.plan_cancel_callbacks(found)
    return empty(200, call.now)


def list_pre_approvals(state: SandboxState, call: Call) -> SandboxResponse:
    holder = call.params["holder_id"]
    approved: list[dict[str, Any]] = []
    for tx in state.transactions.values():
        if tx.kind != "preapproval" or tx.product != call.product:
            continue
        if tx.body["payer"]["partyId"] != holder or tx.state(call.now)[0] != "SUCCESSFUL":
            continue
        approved.append(
            {
                "preApprovalId": tx.reference_id,
                "toFri": f"FRI:{tx.user_id}/API",
                "fromFri": f"FRI:{holder}/MSISDN",
                "fromCurrency": tx.extra["currency"],
                "createdTime": momo_timestamp(tx.created_at),
                "approvedTime": momo_timestamp(tx.settles_at),
                "expiryTime": momo_timestamp(tx.settles_at + tx.extra["validity"]),
                "status": "APPROVED",
                "message": tx.body.get("payerMessage", ""),
            }
        )
    return momo_json(200, approved, call.now)


def cancel_pre_approval(state: SandboxState, call: Call) -> SandboxResponse:
    found = _lookup(state, call, "preapproval")
    if not isinstance(found, Transaction):
        return found
    if found.cancelled_at is None:
        found.cancelled_at = call.now
    return empty(200, call.now)
