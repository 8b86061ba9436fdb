"""The JSON endpoints behind the sandbox page, the admin token and the host/callback rules."""

from __future__ import annotations

import httpx
import pytest

from momo_wrapper.sandbox import (
    HttpCallbackSender,
    RecordingCallbackSender,
    Sandbox,
    SandboxServer,
    serve_sandbox,
)
from momo_wrapper.sandbox._callbacks import refusal_reason
from tests.sandbox.sandbox_helpers import OPS, Api

STUCK = "46733123454"
BY_KIND = {op.kind: op for op in OPS}
CALLBACK = "http://127.0.0.1:9/cb"


async def _pending(api: Api, kind: str = "requesttopay", callback: bool = True) -> str:
    op = BY_KIND[kind]
    headers = {"X-Callback-Url": CALLBACK} if callback else {}
    ref, response = await api.create(op.create, op.body(STUCK), **headers)
    assert response.status_code == 202
    return ref


async def _act(api: Api, ref: str, action: str, body: dict | None = None, product="collection"):
    return await api.request(
        "POST", f"/_sandbox/transactions/{product}/{ref}/{action}", json=body or {}
    )


async def _status(api: Api, kind: str, ref: str) -> dict:
    return (await api.call("GET", BY_KIND[kind].status.format(ref))).json()


async def test_page_lists_a_transaction_with_what_the_page_shows(api: Api) -> None:
    ref = await _pending(api)
    page = (await api.request("GET", "/_sandbox/page")).json()
    (tx,) = page["transactions"]
    assert tx["reference_id"] == ref
    assert (tx["product"], tx["operation"], tx["party"], tx["status"]) == (
        "collection",
        "RequesttoPay",
        STUCK,
        "CREATED",
    )
    assert (tx["amount"], tx["currency"], tx["post_count"], tx["payer_actionable"]) == (
        "5",
        "EUR",
        1,
        True,
    )
    assert tx["updated_at"] == tx["created_at"]
    assert page["token_requests"]["collection"] == 1
    assert "NOT_ENOUGH_FUNDS" in page["failure_reasons"]
    assert "RequesttoPay" in page["operations"]


@pytest.mark.parametrize("kind", ["requesttopay", "requesttowithdraw", "preapproval"])
async def test_approve_with_a_pin_makes_it_successful_and_calls_back(api: Api, kind: str) -> None:
    ref = await _pending(api, kind)
    assert (await _act(api, ref, "approve", {"pin": "12"})).status_code == 400
    assert (await _act(api, ref, "approve", {})).status_code == 400
    assert (await _status(api, kind, ref))["status"] == "CREATED"
    approved = await _act(api, ref, "approve", {"pin": "1234"})
    assert approved.status_code == 200
    assert approved.json()["status"] == "SUCCESSFUL"
    assert (await _status(api, kind, ref))["status"] == "SUCCESSFUL"
    (delivery,) = api.sandbox.callbacks
    assert (delivery.reference_id, delivery.json()["status"]) == (ref, "SUCCESSFUL")
    page = (await api.request("GET", "/_sandbox/page")).text
    assert "pin" not in page.lower()  # checked, never kept
    again = await _act(api, ref, "decline")
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("action", "body", "reason"),
    [
        ("decline", {}, "APPROVAL_REJECTED"),
        ("expire", {}, "EXPIRED"),
        ("fail", {"reason": "NOT_ENOUGH_FUNDS"}, "NOT_ENOUGH_FUNDS"),
        ("fail", {"reason": "PAYER_LIMIT_REACHED"}, "PAYER_LIMIT_REACHED"),
    ],
)
async def test_decline_expire_and_fail_end_it_failed(
    api: Api, action: str, body: dict, reason: str
) -> None:
    ref = await _pending(api)
    assert (await _act(api, ref, action, body)).status_code == 200
    status = await _status(api, "requesttopay", ref)
    assert (status["status"], status["reason"]) == ("FAILED", reason)
    assert api.sandbox.callbacks[-1].json()["reason"] == reason


async def test_actions_that_cannot_apply_are_refused(api: Api) -> None:
    ref = await _pending(api)
    assert (await _act(api, ref, "fail", {"reason": "MADE_UP"})).status_code == 400
    assert (await _act(api, ref, "teleport")).status_code == 404
    unknown = "00000000-0000-4000-8000-000000000000"
    assert (await _act(api, unknown, "decline")).status_code == 404
    invoice = BY_KIND["invoice"]
    iref, created = await api.create(invoice.create, invoice.body(STUCK))
    assert created.status_code == 202
    refused = await _act(api, iref, "decline")
    assert refused.status_code == 409
    assert "invoice" in refused.json()["error"]


async def test_a_pending_payment_decided_early_gets_one_callback_not_two(api: Api) -> None:
    op = BY_KIND["requesttopay"]
    ref, _ = await api.create(op.create, op.body("46733123453"), **{"X-Callback-Url": CALLBACK})
    assert (await _act(api, ref, "decline")).status_code == 200
    api.sandbox.clock.advance(60)  # past the planned settle time: the old callback is void
    assert [c.json()["status"] for c in api.sandbox.callbacks] == ["FAILED"]


async def test_drop_next_and_redeliver(api: Api) -> None:
    dropped = await api.request("POST", "/_sandbox/callbacks/drop", json={"count": 1})
    assert dropped.json() == {"drop_next": 1}
    assert (await api.request("POST", "/_sandbox/callbacks/drop", json={"count": -1})).status_code
    first, second = await _pending(api), await _pending(api)
    await _act(api, first, "decline")
    await _act(api, second, "decline")
    sender = api.sandbox.callback_sender
    assert isinstance(sender, RecordingCallbackSender)
    views = (await api.request("GET", "/_sandbox/callbacks")).json()
    assert [(v["reference_id"], v["lost"], v["note"]) for v in views] == [
        (first, True, "dropped (drop next N)"),
        (second, False, None),
    ]
    assert [d.reference_id for d in sender.deliveries] == [second]
    redone = await api.request("POST", "/_sandbox/callbacks/0/redeliver")
    assert redone.json() == {"redelivered": 0}
    assert [d.reference_id for d in sender.deliveries] == [second, first]
    assert api.sandbox.callbacks[-1].note == "redelivery of #0"
    assert (await api.request("POST", "/_sandbox/callbacks/99/redeliver")).status_code == 400


async def test_the_static_page_is_served_with_a_strict_policy(api: Api) -> None:
    page = await api.request("GET", "/_sandbox/ui/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="page.js"' in page.text
    assert "<script>" not in page.text  # no inline script
    script = await api.request("GET", "/_sandbox/ui/page.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in script.text
    assert (await api.request("GET", "/_sandbox/ui/page.css")).status_code == 200


# -- the admin token -------------------------------------------------------------------------

TOKEN = "s3cret-admin-token-0123456789"


def test_with_an_admin_token_every_admin_endpoint_needs_it() -> None:
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), admin_token=TOKEN) as sandbox,
        serve_sandbox(sandbox) as server,
        httpx.Client(base_url=server.base_url) as http,
    ):
        for method, path in [
            ("GET", "/_sandbox/page"),
            ("GET", "/_sandbox/state"),
            ("POST", "/_sandbox/provision"),
            ("POST", "/_sandbox/faults"),
            ("DELETE", "/_sandbox/faults"),
            ("POST", "/_sandbox/clock/advance"),
        ]:
            assert http.request(method, path).status_code == 401, path
            wrong = http.request(method, path, headers={"X-Sandbox-Admin-Token": TOKEN[:-1]})
            assert wrong.status_code == 401, path
        assert sandbox.snapshot()["users"] == []  # nothing was provisioned
        good = http.get("/_sandbox/page", headers={"X-Sandbox-Admin-Token": TOKEN})
        assert good.status_code == 200
        assert http.get("/_sandbox/ui/").status_code == 200  # the page itself holds no data
        assert TOKEN not in repr(sandbox) + str(sandbox.snapshot()) + repr(sandbox.requests)
        assert TOKEN in sandbox.secrets()


def test_a_short_admin_token_is_refused() -> None:
    with pytest.raises(ValueError, match="16"):
        Sandbox(admin_token="short")


def test_a_non_loopback_host_needs_allow_remote_and_a_token() -> None:
    with Sandbox(callback_sender=RecordingCallbackSender()) as sandbox:
        with pytest.raises(ValueError, match="allow_remote"):
            SandboxServer(sandbox, host="0.0.0.0")
        with pytest.raises(ValueError, match="admin_token"):
            SandboxServer(sandbox, host="0.0.0.0", allow_remote=True)
        SandboxServer(sandbox, host="127.0.0.1")  # loopback needs nothing
        SandboxServer(sandbox, host="::1")
    with Sandbox(callback_sender=RecordingCallbackSender(), admin_token=TOKEN) as guarded:
        server = SandboxServer(guarded, host="0.0.0.0", allow_remote=True)
        assert server.host == "0.0.0.0"  # constructed, never started: no port opened


# -- callbacks go to loopback hosts only, unless allowed -------------------------------------


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://127.0.0.1:8080/cb", True),
        ("http://127.5.6.7/cb", True),
        ("http://localhost/cb", True),
        ("http://[::1]:9/cb", True),
        ("https://shop.example.com/momo", False),
        ("http://10.0.0.8/cb", False),
        ("http://8.8.8.8/cb", False),
    ],
)
def test_refusal_reason(url: str, allowed: bool) -> None:
    assert (refusal_reason(url, allow_remote=False) is None) is allowed
    assert refusal_reason(url, allow_remote=True) is None


def test_a_callback_to_a_public_host_is_refused_and_listed_with_the_reason() -> None:
    sender = HttpCallbackSender(timeout=1.0)
    with Sandbox(callback_sender=sender) as sandbox:
        user = sandbox.provision("collection", callback_host="shop.example.com")
        from momo_wrapper.sandbox import SandboxTransport

        with httpx.Client(transport=SandboxTransport(sandbox), base_url="https://s") as http:
            import base64

            basic = base64.b64encode(f"{user.user_id}:{user.api_key}".encode()).decode()
            key = {"Ocp-Apim-Subscription-Key": user.subscription_key}
            token = http.post(
                "/collection/token/", headers={"Authorization": f"Basic {basic}", **key}
            ).json()["access_token"]
            ref = "11111111-2222-4333-8444-555555555555"
            created = http.post(
                "/collection/v1_0/requesttopay",
                headers={
                    **key,
                    "Authorization": f"Bearer {token}",
                    "X-Target-Environment": "sandbox",
                    "X-Reference-Id": ref,
                    "X-Callback-Url": "https://shop.example.com/momo/cb",
                },
                json=BY_KIND["requesttopay"].body("56733123453"),
            )
            assert created.status_code == 202
            assert sandbox.flush_callbacks(5)
            (view,) = http.get("/_sandbox/callbacks").json()
    assert view["reference_id"] == ref
    assert view["response_status"] is None
    assert "not a loopback host" in view["refused"]
    assert "shop.example.com" in view["refused"]
    (result,) = sender.results
    assert result.latency is None  # nothing was sent


def test_the_module_command_refuses_a_remote_host_without_allow_remote(capsys) -> None:
    from momo_wrapper.sandbox.__main__ import main

    assert main(["--host", "0.0.0.0", "--port", "0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err
