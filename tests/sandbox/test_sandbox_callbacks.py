"""Callbacks delivered over real HTTP to a receiver on loopback (api-behaviour §8)."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from momo_wrapper.sandbox import (
    CallbackSender,
    HttpCallbackSender,
    Sandbox,
    SandboxTransport,
    VirtualClock,
    callback_method,
    serve_sandbox,
)
from tests.sandbox.sandbox_helpers import OP, OP_IDS, OPS, Api, CallbackReceiver, Op, basic, new_ref


@pytest.fixture
def callback_sender() -> CallbackSender:
    """These tests need callbacks to reach a real receiver."""
    return HttpCallbackSender(timeout=2.0)


async def create_with_callback(
    api: Api, op: Op, receiver: CallbackReceiver, msisdn: str = "46733123459"
) -> str:
    ref, response = await api.create(
        op.create, op.body(msisdn), **{"X-Callback-Url": f"{receiver.url}/momo/{op.kind}"}
    )
    assert response.status_code == 202, response.text
    return ref


@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_final_status_is_delivered_once(api: Api, receiver: CallbackReceiver, op: Op) -> None:
    ref = await create_with_callback(api, op, receiver)
    (received,) = receiver.wait_for(1)
    assert received.method == callback_method(op.kind, op.version)
    assert received.path == f"/momo/{op.kind}"
    assert received.headers["User-Agent"] == "LWAC Http Client 1.0"
    assert received.headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Authorization" not in received.headers
    body = json.loads(received.body)
    status = (await api.call("GET", op.status.format(ref))).json()
    status.pop("payerMessage", None)
    status.pop("referenceId", None)
    assert body == status
    assert list(body) == list(status)
    assert api.sandbox.flush_callbacks()
    assert len(receiver.received) == 1


async def test_request_to_pay_callback_body_exactly(api: Api, receiver: CallbackReceiver) -> None:
    ref = await create_with_callback(api, OP["collection-RequesttoPay"], receiver, "46733123451")
    (received,) = receiver.wait_for(1)
    assert received.body == (
        b'{"externalId":"6353636","amount":"5","currency":"EUR",'
        b'"payer":{"partyIdType":"MSISDN","partyId":"46733123451"},'
        b'"payeeNote":"payer note","status":"FAILED","reason":"APPROVAL_REJECTED"}'
    )
    (delivery,) = api.sandbox.callbacks
    assert (delivery.reference_id, delivery.copy, delivery.lost) == (ref, 1, False)


async def test_no_callback_without_callback_url(api: Api, receiver: CallbackReceiver) -> None:
    _, response = await api.create(
        OP["collection-RequesttoPay"].create, OP["collection-RequesttoPay"].body()
    )
    assert response.status_code == 202
    assert api.sandbox.flush_callbacks()
    assert api.sandbox.callbacks == []
    assert receiver.received == []


async def test_ongoing_transaction_calls_back_when_the_clock_passes(
    api: Api, receiver: CallbackReceiver
) -> None:
    await create_with_callback(api, OP["collection-RequesttoPay"], receiver, "46733123453")
    assert api.sandbox.flush_callbacks()
    assert receiver.received == []
    api.sandbox.clock.advance(29)
    assert api.sandbox.callbacks == []
    api.sandbox.clock.advance(1)
    (received,) = receiver.wait_for(1)
    assert json.loads(received.body)["status"] == "SUCCESSFUL"


async def test_stuck_transaction_never_calls_back(api: Api, receiver: CallbackReceiver) -> None:
    await create_with_callback(api, OP["collection-RequesttoPay"], receiver, "46733123454")
    api.sandbox.clock.advance(10**6)
    assert api.sandbox.flush_callbacks()
    assert receiver.received == []


async def test_duplicated_callbacks(api: Api, receiver: CallbackReceiver) -> None:
    api.sandbox.faults.callbacks(2, operation="RequesttoPay")
    api.sandbox.faults.callbacks(2, interval=180, operation="Transfer")
    await create_with_callback(api, OP["collection-RequesttoPay"], receiver)
    first, second = receiver.wait_for(2)
    assert first.body == second.body
    await create_with_callback(api, OP["disbursement-Transfer"], receiver)
    receiver.wait_for(3)
    assert api.sandbox.flush_callbacks()
    assert len(receiver.received) == 3  # the transfer's second copy is due in 180 s
    api.sandbox.clock.advance(180)
    assert len(receiver.wait_for(4)) == 4
    assert [d.copy for d in api.sandbox.callbacks] == [1, 2, 1, 2]
    # The rules were consumed: the next create calls back once.
    await create_with_callback(api, OP["collection-RequesttoPay"], receiver)
    assert len(receiver.wait_for(5)) == 5


async def test_lost_callback(api: Api, receiver: CallbackReceiver) -> None:
    api.sandbox.faults.callbacks(0)
    await create_with_callback(api, OP["collection-RequesttoPay"], receiver)
    assert api.sandbox.flush_callbacks()
    assert receiver.received == []
    (delivery,) = api.sandbox.callbacks
    assert delivery.lost


async def test_cancelled_invoice_calls_back_with_put(api: Api, receiver: CallbackReceiver) -> None:
    invoice = OP["collection-CreateInvoice"]
    ref = await create_with_callback(api, invoice, receiver, "46733123454")
    response = await api.call(
        "DELETE", f"/collection/v2_0/invoice/{ref}", headers={"X-Reference-Id": new_ref()}
    )
    assert response.status_code == 200
    (received,) = receiver.wait_for(1)
    assert received.method == "PUT"
    body = json.loads(received.body)
    assert (body["status"], body["errorReason"]) == ("FAILED", "TRANSACTION_CANCELED")


def test_sandbox_wide_copies_and_failed_delivery(receiver: CallbackReceiver) -> None:
    sender = HttpCallbackSender(timeout=1.0)
    with Sandbox(callback_sender=sender, callback_copies=2) as sandbox:
        creds = sandbox.provision("collection", callback_host="127.0.0.1")
        headers = {"Ocp-Apim-Subscription-Key": creds.subscription_key}
        with httpx.Client(transport=SandboxTransport(sandbox), base_url="http://s") as client:
            token = client.post(
                "/collection/token/",
                headers={**headers, "Authorization": basic(creds.user_id, creds.api_key)},
            ).json()["access_token"]
            headers.update({"Authorization": f"Bearer {token}", "X-Target-Environment": "sandbox"})
            for url in (receiver.url, "http://127.0.0.1:9"):  # the second refuses connections
                response = client.post(
                    "/collection/v1_0/requesttopay",
                    json=OP["collection-RequesttoPay"].body(),
                    headers={**headers, "X-Reference-Id": new_ref(), "X-Callback-Url": url},
                )
                assert response.status_code == 202
        assert sandbox.flush_callbacks()
    assert len(receiver.received) == 2
    statuses = [result.status_code for result in sender.results]
    assert statuses.count(200) == 2
    failures = [result for result in sender.results if result.status_code is None]
    assert len(failures) == 2
    assert failures[0].error is not None
    assert failures[0].error.startswith("ConnectError")


def test_real_time_clock_on_the_server_delivers_due_callbacks(receiver: CallbackReceiver) -> None:
    clock = VirtualClock(follow_real_time=True)
    sandbox = Sandbox(callback_sender=HttpCallbackSender(), clock=clock, ongoing_delay=0.1)
    creds = sandbox.provision("collection", callback_host="127.0.0.1")
    with serve_sandbox(sandbox) as server, httpx.Client(base_url=server.base_url) as client:
        headers = {"Ocp-Apim-Subscription-Key": creds.subscription_key}
        token = client.post(
            "/collection/token/",
            headers={**headers, "Authorization": basic(creds.user_id, creds.api_key)},
        ).json()["access_token"]
        started = time.perf_counter()
        response = client.post(
            "/collection/v1_0/requesttopay",
            json=OP["collection-RequesttoPay"].body("46733123453"),
            headers={
                **headers,
                "Authorization": f"Bearer {token}",
                "X-Target-Environment": "sandbox",
                "X-Reference-Id": new_ref(),
                "X-Callback-Url": receiver.url,
            },
        )
        assert response.status_code == 202
        (received,) = receiver.wait_for(1, timeout=3.0)
    assert time.perf_counter() - started >= 0.1
    assert json.loads(received.body)["status"] == "SUCCESSFUL"
    sandbox.close()
