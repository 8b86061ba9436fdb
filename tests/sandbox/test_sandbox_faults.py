"""Fault injection, consumed deterministically, through every adapter mode."""

from __future__ import annotations

import json
import time

import httpx
import pytest

from momo_wrapper.sandbox import FaultKind, FaultPlan
from tests.sandbox.sandbox_helpers import Api, new_ref

RTP = "/collection/v1_0/requesttopay"
BALANCE = "/collection/v1_0/account/balance"


def rtp_body() -> dict[str, object]:
    return {
        "amount": "5",
        "currency": "EUR",
        "externalId": "e1",
        "payer": {"partyIdType": "MSISDN", "partyId": "46733123459"},
        "payerMessage": "m",
        "payeeNote": "n",
    }


async def test_status_fault_answers_without_processing(api: Api) -> None:
    await api.token()
    rule = api.sandbox.faults.fail(503, method="POST", path="requesttopay$")
    ref, response = await api.create(RTP, rtp_body())
    assert response.status_code == 503
    assert response.json() == {
        "message": "Service temporarily unavailable, try again later.",
        "code": "SERVICE_UNAVAILABLE",
    }
    assert api.sandbox.resource("collection", ref) is None
    assert rule.remaining == 0
    assert api.sandbox.faults.rules == []
    _, retry = await api.create(RTP, rtp_body(), ref=ref)
    assert retry.status_code == 202
    last = api.sandbox.requests[-2]
    assert (last.status, last.fault_id, last.disposition) == (503, rule.id, "respond")


async def test_500_after_processing_then_retry_gets_409(api: Api) -> None:
    await api.token()
    api.sandbox.faults.fail(500, operation="RequesttoPay", after_processing=True)
    ref, response = await api.create(RTP, rtp_body())
    assert response.status_code == 500
    assert response.json()["code"] == "INTERNAL_PROCESSING_ERROR"
    _, retry = await api.create(RTP, rtp_body(), ref=ref)
    assert retry.status_code == 409
    record = api.sandbox.resource("collection", ref)
    assert record is not None
    assert record.post_count == 2


async def test_429_carries_retry_after(api: Api) -> None:
    await api.token()
    api.sandbox.faults.fail(429, times=2, method="GET")
    api.sandbox.faults.fail(429, retry_after=7, method="GET")
    for expected_wait in ("1", "1", "7"):
        response = await api.call("GET", BALANCE)
        assert response.status_code == 429
        assert response.headers["retry-after"] == expected_wait
        assert response.headers["content-type"] == "application/json"
        assert response.content.startswith(b'{ "statusCode": 429, "message": "Rate limit')
    assert (await api.call("GET", BALANCE)).status_code == 200


async def test_filters_pick_the_requests(api: Api) -> None:
    await api.token()
    await api.token("disbursement")
    api.sandbox.faults.fail(500, product="disbursement", times=None)
    assert (await api.call("GET", BALANCE)).status_code == 200
    for _ in range(3):
        response = await api.call("GET", "/disbursement/v1_0/account/balance")
        assert response.status_code == 500
    api.sandbox.faults.clear()
    assert (await api.call("GET", "/disbursement/v1_0/account/balance")).status_code == 200


async def test_only_one_disposition_per_request_in_order(api: Api) -> None:
    await api.token()
    first = api.sandbox.faults.fail(500)
    second = api.sandbox.faults.fail(503)
    assert (await api.call("GET", BALANCE)).status_code == 500
    assert (first.fired, second.fired) == (1, 0)
    assert (await api.call("GET", BALANCE)).status_code == 503


def expected_error(api: Api, kind: str) -> type[Exception]:
    if kind == "refuse":
        # A real server has already accepted the connection: the nearest is a reset.
        return httpx.ReadError if api.over_network else httpx.ConnectError
    return {
        "reset": httpx.ReadError,
        "drop": httpx.RemoteProtocolError,
        "timeout": httpx.ReadTimeout,
    }[kind]


@pytest.mark.parametrize(
    ("kind", "processed"),
    [("refuse", False), ("reset", False), ("drop", True), ("timeout", True)],
)
async def test_connection_faults(api: Api, kind: str, processed: bool) -> None:
    await api.token()
    getattr(api.sandbox.faults, kind)(method="POST")
    ref = new_ref()
    with pytest.raises(expected_error(api, kind)):
        await api.call(
            "POST",
            RTP,
            json=rtp_body(),
            headers={"X-Reference-Id": ref},
            timeout=0.3 if kind == "timeout" else 5.0,
        )
    assert (api.sandbox.resource("collection", ref) is not None) is processed
    _, retry = await api.create(RTP, rtp_body(), ref=ref)
    assert retry.status_code == (409 if processed else 202)
    log = api.sandbox.requests[-2]
    assert (log.disposition, log.status) == (
        {"timeout": "hang"}.get(kind, kind),
        None,
    )


async def test_latency_is_virtual_in_process_and_real_over_the_network(api: Api) -> None:
    await api.token()
    seconds = 0.2 if api.over_network else 3.0
    api.sandbox.faults.latency(seconds, times=1)
    before = api.sandbox.clock.now()
    started = time.perf_counter()
    response = await api.call("GET", BALANCE)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    if api.over_network:
        assert elapsed >= 0.2
        assert api.sandbox.clock.now() == before
    else:
        assert elapsed < 1.0
        assert api.sandbox.clock.now() == pytest.approx(before + 3.0)


async def test_latency_beyond_the_read_timeout_times_out_after_processing(api: Api) -> None:
    await api.token()
    api.sandbox.faults.latency(0.5 if api.over_network else 60.0, times=1)
    ref = new_ref()
    with pytest.raises(httpx.ReadTimeout):
        await api.call("POST", RTP, json=rtp_body(), headers={"X-Reference-Id": ref}, timeout=0.2)
    assert api.sandbox.resource("collection", ref) is not None


async def test_malformed_json_and_html_bodies(api: Api) -> None:
    await api.token()
    api.sandbox.faults.malformed_json(path="balance$")
    response = await api.call("GET", BALANCE)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    with pytest.raises(json.JSONDecodeError):
        response.json()
    api.sandbox.faults.html(status=502, path="balance$")
    response = await api.call("GET", BALANCE)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.content.startswith(b"<!DOCTYPE html>")


async def test_token_outage(api: Api) -> None:
    api.sandbox.faults.token_outage(times=2, product="collection")
    creds = api.creds["collection"]
    from tests.sandbox.sandbox_helpers import basic

    headers = {
        "Authorization": basic(creds.user_id, creds.api_key),
        "Ocp-Apim-Subscription-Key": creds.subscription_key,
    }
    statuses = [
        (await api.request("POST", "/collection/token/", headers=headers)).status_code
        for _ in range(3)
    ]
    assert statuses == [503, 503, 200]
    assert api.sandbox.token_requests("collection") == 3
    assert api.sandbox.tokens_issued("collection") == 1
    assert (await api.token("disbursement")) is not None  # other products unaffected


def test_fault_plan_validation_and_dict_form() -> None:
    plan = FaultPlan()
    with pytest.raises(ValueError, match="times"):
        plan.drop(times=0)
    with pytest.raises(ValueError, match="copies"):
        plan.callbacks(-1)
    rule = plan.add_from_dict({"kind": "status", "status": 503, "times": 2, "method": "get"})
    assert rule.to_dict() == {
        "id": rule.id,
        "kind": "status",
        "times": 2,
        "fired": 0,
        "remaining": 2,
        "method": "GET",
        "status": 503,
        "after_processing": False,
    }
    assert plan.add_from_dict({"kind": "latency", "seconds": 2}).times is None
    assert plan.add_from_dict({"kind": "malformed_json"}).body is not None
    assert plan.add_from_dict({"kind": "html", "status": 504}).status == 504
    assert plan.add_from_dict({"kind": "reset", "path": "token"}).kind is FaultKind.RESET
    assert plan.add_from_dict({"kind": "callbacks", "copies": 0}).copies == 0
    assert len(plan.rules) == 6
    assert plan.remove(rule.id)
    assert not plan.remove(rule.id)
    assert "5 active rules" in repr(plan)
