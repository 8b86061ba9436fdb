"""Admin endpoints under /_sandbox/ and the inspection API."""

from __future__ import annotations

import json

from momo_wrapper.sandbox import Sandbox, SandboxCredentials
from tests.sandbox.sandbox_helpers import OP, Api, new_ref


async def test_state_reports_resources_tokens_and_faults(api: Api) -> None:
    ref, _ = await api.create(
        OP["collection-RequesttoPay"].create, OP["collection-RequesttoPay"].body()
    )
    await api.create(
        OP["collection-RequesttoPay"].create, OP["collection-RequesttoPay"].body(), ref=ref
    )
    api.sandbox.faults.fail(503, path="balance")
    state = (await api.request("GET", "/_sandbox/state")).json()
    (resource,) = state["resources"]
    assert resource["reference_id"] == ref
    assert (resource["post_count"], resource["duplicate_posts"]) == (2, 1)
    assert resource["status"] == "SUCCESSFUL"
    assert state["token_requests"] == {"collection": 1}
    assert state["faults"][0]["status"] == 503
    assert {user["provisioned_with"] for user in state["users"]} == {
        "collection",
        "disbursement",
        "remittance",
    }


async def test_state_never_contains_secrets(api: Api) -> None:
    token = await api.token()
    raw = (await api.request("GET", "/_sandbox/state")).text
    raw += (await api.request("GET", "/_sandbox/requests")).text
    raw += repr(api.sandbox) + repr(api.sandbox.requests) + repr(api.creds)
    secrets = [token]
    for creds in api.creds.values():
        secrets += [creds.api_key, creds.subscription_key]
    assert not [secret for secret in secrets if secret in raw]


async def test_faults_over_http(api: Api) -> None:
    await api.token()
    added = await api.request(
        "POST", "/_sandbox/faults", json={"kind": "status", "status": 500, "times": 1}
    )
    assert added.status_code == 201
    rule_id = added.json()["id"]
    listed = (await api.request("GET", "/_sandbox/faults")).json()
    assert [rule["id"] for rule in listed] == [rule_id]
    assert (await api.call("GET", "/collection/v1_0/account/balance")).status_code == 500
    assert (await api.request("GET", "/_sandbox/faults")).json() == []
    second = (await api.request("POST", "/_sandbox/faults", json={"kind": "reset"})).json()
    removed = await api.request("DELETE", f"/_sandbox/faults/{second['id']}")
    assert removed.json() == {"removed": True}
    assert (await api.request("DELETE", "/_sandbox/faults/999")).status_code == 404
    await api.request("POST", "/_sandbox/faults", json={"kind": "latency", "seconds": 0.01})
    assert (await api.request("DELETE", "/_sandbox/faults")).json() == []
    bad = await api.request("POST", "/_sandbox/faults", json={"kind": "nonsense"})
    assert bad.status_code == 400
    assert "error" in bad.json()


async def test_clock_provision_revoke_and_reset_over_http(api: Api) -> None:
    before = api.sandbox.clock.now()
    advanced = await api.request("POST", "/_sandbox/clock/advance", json={"seconds": 30})
    assert advanced.json()["now"] == before + 30
    provisioned = (
        await api.request("POST", "/_sandbox/provision", json={"product": "remittance"})
    ).json()
    assert provisioned["subscription_key"] == api.sandbox.subscription_keys["remittance"]
    assert len(provisioned["api_key"]) == 32
    await api.token()
    revoked = await api.request("POST", "/_sandbox/tokens/revoke", json={"product": "collection"})
    assert revoked.json() == {"revoked": 1}
    assert (await api.request("POST", "/_sandbox/reset")).status_code == 200
    assert api.sandbox.snapshot()["users"] == []
    assert (await api.request("GET", "/_sandbox/nothing")).status_code == 404


async def test_callbacks_and_request_log_over_http(api: Api) -> None:
    ref, _ = await api.create(
        OP["collection-RequesttoPay"].create,
        OP["collection-RequesttoPay"].body(),
        **{"X-Callback-Url": "http://127.0.0.1:9/cb"},
    )
    callbacks = (await api.request("GET", "/_sandbox/callbacks")).json()
    assert callbacks[0]["reference_id"] == ref
    assert callbacks[0]["body"]["status"] == "SUCCESSFUL"
    log = (await api.request("GET", "/_sandbox/requests")).json()
    assert [entry["operation"] for entry in log] == ["CreateAccessToken", "RequesttoPay"]
    assert log[1]["reference_id"] == ref
    assert log[1]["status"] == 202


async def test_resources_filters_and_external_ids(api: Api) -> None:
    for op in (
        OP["collection-RequesttoPay"],
        OP["collection-CreatePayments"],
        OP["disbursement-Transfer"],
    ):
        await api.create(op.create, op.body())
    assert len(api.sandbox.resources()) == 3
    assert [r.kind for r in api.sandbox.resources("collection")] == ["requesttopay", "payment"]
    assert [r.external_id for r in api.sandbox.resources(kind="payment")] == ["ext-1"]
    assert api.sandbox.resource("collection", new_ref()) is None


def test_admin_api_can_be_disabled() -> None:
    sandbox = Sandbox(admin_api=False)
    reply = sandbox.handle("GET", "/_sandbox/state")
    assert reply.response is not None
    assert reply.response.status == 404
    assert json.loads(reply.response.body) == {"statusCode": 404, "message": "Resource not found"}


def test_credentials_repr_hides_secrets() -> None:
    creds = SandboxCredentials("collection", "u", "secret-key", "secret-sub", "h")
    assert "secret" not in repr(creds)
