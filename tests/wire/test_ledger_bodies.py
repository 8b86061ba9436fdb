"""A ledger stores a create's body as its generated model's ``to_dict()`` and sends it again
through the same model, so a replay is byte-for-byte the request first sent."""

from __future__ import annotations

import json

from momo_openapi_client.models import Party, RequestToPay

from momo_wrapper._flows import Call, Query
from momo_wrapper._ledgered import stored_create, wire_request
from momo_wrapper._retry import RequestKind
from momo_wrapper.stores import LedgerEntry, LedgerState

REFERENCE = "2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41"


def _body() -> RequestToPay:
    return RequestToPay(
        amount="5",
        currency="EUR",
        external_id="order-1",
        payer=Party(party_id_type="MSISDN", party_id="46733123450"),
        payer_message="Thanks",
        payee_note="Order 1",
    )


def test_the_stored_body_is_the_model_dict_and_replays_as_the_model() -> None:
    call = Call(
        endpoint="collection_request_to_pay",
        product="collection",
        operation="request_to_pay",
        args={"x_reference_id": REFERENCE, "x_target_environment": "sandbox"},
        body=_body(),
        reference_id=REFERENCE,
        kind=RequestKind.CREATE,
    )
    payload = wire_request(call)
    assert payload["body"] == _body().to_dict()
    assert payload["body"]["payerMessage"] == "Thanks"
    stored = json.loads(json.dumps(payload))  # what a SQL or Redis ledger gives back
    entry = LedgerEntry(
        business_key="collection:request_to_pay:order-1",
        reference_id=REFERENCE,
        product="collection",
        operation="request_to_pay",
        fingerprint="f",
        state=LedgerState.PENDING_SUBMIT,
        created_at=0.0,
        updated_at=0.0,
        payload=stored,
    )
    status: Query[object] = Query(call=call, parse=lambda reply: reply)
    again = stored_create(entry, status).call
    assert isinstance(again.body, RequestToPay)
    assert again.body == _body()
    assert again.args["x_reference_id"] == REFERENCE
