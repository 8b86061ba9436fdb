"""``Record``: the result of an operation with no dedicated result class, over its generated
2xx model."""

from __future__ import annotations

import json

import pytest
from momo_openapi_client.models import OAuth2Token, RequestToPayResult

from momo_wrapper import RawResponse, Record

SENT = {
    "financialTransactionId": "363440463",
    "externalId": "order-17",
    "amount": "5",
    "currency": "EUR",
    "payer": {"partyIdType": "MSISDN", "partyId": "46733123459"},
    "status": "SUCCESSFUL",
    "unknownField": 1,
}


def _record(sent: dict[str, object]) -> Record:
    content = json.dumps(sent).encode()
    response = RawResponse.received(200, {"content-type": "application/json"}, content)
    model = RequestToPayResult.from_dict(sent)
    return Record.of_model(model, raw=json.loads(content), response=response)


def test_fields_are_the_models_by_snake_case_name_absent_ones_none() -> None:
    record = _record(SENT)
    assert record.financial_transaction_id == "363440463"
    assert record.external_id == "order-17"
    assert record.payer_message is None  # MoMo left it out
    assert isinstance(record.payer, Record)  # a nested object is a record too
    assert record.payer.party_id == "46733123459"
    assert "financial_transaction_id" in dir(record)
    assert "additional_properties" not in record.fields


def test_raw_is_the_json_as_sent_and_response_the_answer() -> None:
    record = _record(SENT)
    assert record.raw == SENT  # unknown fields included, nothing re-serialised
    assert record.response is not None
    assert record.response.status_code == 200


def test_to_dict_is_json_ready_and_repr_shows_fields() -> None:
    record = _record(SENT)
    data = record.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["payer"] == {"party_id_type": "MSISDN", "party_id": "46733123459"}
    assert data["status"] == "SUCCESSFUL"
    assert repr(record).startswith("Record(financial_transaction_id='363440463', ")


def test_an_unknown_field_is_an_attribute_error_naming_the_fields() -> None:
    record = _record(SENT)
    with pytest.raises(
        AttributeError, match=r"no field 'amout' \(fields: financial_transaction_id"
    ):
        _ = record.amout


def test_secrets_are_masked_in_repr_and_to_dict() -> None:
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.secret-token"
    record = Record.of_model(OAuth2Token.from_dict({"access_token": token, "scope": "profile"}))
    assert record.access_token == token  # the caller asked for it
    assert token not in repr(record)
    assert token not in json.dumps(record.to_dict())
    assert record.to_dict()["access_token"] == "***"


def test_no_body_and_array_bodies() -> None:
    assert Record.of_model(None).fields == {}
    items = [RequestToPayResult.from_dict(SENT), RequestToPayResult.from_dict({"status": "X"})]
    record = Record.of_model(items)
    (first, second) = record.items  # type: ignore[misc]
    assert first.status == "SUCCESSFUL"
    assert second.amount is None


def test_the_answer_of_a_record_holding_a_token_is_scrubbed() -> None:
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.secret-token"
    content = json.dumps({"access_token": token}).encode()
    response = RawResponse.received(200, {}, content)
    record = Record.of_model(OAuth2Token.from_dict({"access_token": token}), response=response)
    assert record.response is not None
    assert token.encode() not in record.response.content
