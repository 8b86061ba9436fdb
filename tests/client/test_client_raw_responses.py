"""Results and errors keep the HTTP answer they were built from (``.response``), and ``.raw`` is
the JSON exactly as the server sent it, not a re-serialisation of the generated model."""

from __future__ import annotations

import json

import pytest

from momo_wrapper import MomoAPIError, RawResponse, UnexpectedResponseError
from tests.client.client_harness import SUCCESS_PARTY, Harness, create_calls, run

COMPLETED = "2027-01-15T10:12:03.512Z"


async def test_raw_is_the_json_the_server_sent(h: Harness) -> None:
    accepted = await run(create_calls(h.momo)["disbursement_transfer"]())
    body = (
        b'{"amount": 5.0, "currency": "EUR", "status": "SUCCESSFUL", "externalId": "e-1",'
        b' "completedTime": "' + COMPLETED.encode() + b'", "extra": {"nested": [1, 2.50]}}'
    )
    h.sandbox.faults.fail(200, path="transfer/", body=body, content_type="application/json")
    status = await run(h.momo.disbursement.get_transfer_status(accepted.reference_id))
    assert status.raw == json.loads(body)
    assert status.raw["completedTime"] == COMPLETED
    assert status.raw["amount"] == 5.0
    assert isinstance(status.raw["amount"], float)
    assert status.response is not None
    assert status.response.content == body


async def test_every_result_carries_the_answer_it_was_read_from(h: Harness) -> None:
    momo = h.momo
    accepted = await run(
        momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id="raw-1")
    )
    assert accepted.response is not None
    assert accepted.response.status_code == 202
    assert accepted.response.content == b""
    status = await run(momo.collection.get_request_to_pay_status(accepted.reference_id))
    balance = await run(momo.collection.get_balance())
    for result in (status, balance):
        response = result.response
        assert isinstance(response, RawResponse)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        assert json.loads(response.content) == result.raw
    # Left out of equality, repr and to_dict(): two reads of one status are still equal.
    again = await run(momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert again == status
    assert again.response is not status.response
    assert "response" not in status.to_dict()
    assert "RawResponse" not in repr(status)


async def test_a_request_id_header_is_exposed_on_results_and_errors(h: Harness) -> None:
    h.sandbox.faults.fail(
        200,
        path="balance$",
        body=b'{"availableBalance": "7", "currency": "EUR"}',
        content_type="application/json",
        headers={"X-Request-Id": "req-123"},
    )
    balance = await run(h.momo.collection.get_balance())
    assert balance.response is not None
    assert balance.response.request_id == "req-123"
    h.sandbox.faults.fail(
        404,
        times=None,
        path="balance$",
        body=b'{"code": "RESOURCE_NOT_FOUND", "message": "nope"}',
        content_type="application/json",
        headers={"X-Correlation-Id": "corr-9"},
    )
    with pytest.raises(MomoAPIError) as caught:
        await run(h.momo.collection.get_balance())
    response = caught.value.response
    assert response is not None
    assert response.status_code == 404
    assert response.request_id == "corr-9"
    assert response.content == b'{"code": "RESOURCE_NOT_FOUND", "message": "nope"}'
    assert "nope" not in repr(response)


async def test_an_error_body_that_is_not_json_is_kept_whole(h: Harness) -> None:
    page = b"<html><body>502 Bad Gateway</body></html>"
    h.sandbox.faults.fail(502, times=None, path="balance$", body=page, content_type="text/html")
    with pytest.raises(MomoAPIError) as caught:
        await run(h.momo.collection.get_balance())
    assert caught.value.status_code == 502
    assert caught.value.response is not None
    assert caught.value.response.content == page


async def test_a_2xx_body_the_generated_model_rejects_still_reports_the_answer(
    h: Harness,
) -> None:
    # The generated Balance parser raises on a list: the SDK reports the answer (status, body)
    # instead of losing it.
    h.sandbox.faults.fail(200, path="balance$", body=b"[1, 2]", content_type="application/json")
    with pytest.raises(UnexpectedResponseError) as caught:
        await run(h.momo.collection.get_balance())
    assert "expected a JSON object" in str(caught.value)
    assert caught.value.response is not None
    assert caught.value.response.status_code == 200
    assert caught.value.response.content == b"[1, 2]"
