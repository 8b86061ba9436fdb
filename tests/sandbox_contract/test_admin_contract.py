"""The admin endpoints the sandbox page uses keep the contract in admin_api.yaml.

Every call goes through the served sandbox (a real port) and its response body is validated
against the schema admin_api.yaml declares for that method, path template and status; an
undeclared status fails too. A check at the end proves every declared (path, method, status)
was exercised, so the description cannot drift from what the page really calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, serve_sandbox

DOCUMENT = yaml.safe_load((Path(__file__).with_name("admin_api.yaml")).read_text())
DECLARED = {
    (template, method, status)
    for template, item in DOCUMENT["paths"].items()
    for method, operation in item.items()
    for status in operation["responses"]
}
SEEN: set[tuple[str, str, str]] = set()


def _template(path: str) -> str:
    for template in DOCUMENT["paths"]:
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return template
    raise AssertionError(f"{path} is not described in admin_api.yaml")


class Admin:
    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def __call__(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        response = self.http.request(method, path, json=body)
        template = _template(path)
        status = str(response.status_code)
        responses = DOCUMENT["paths"][template][method.lower()]["responses"]
        assert status in responses, f"{method} {template} answered undeclared {status}"
        assert response.headers["content-type"] == "application/json"
        schema = responses[status]["content"]["application/json"]["schema"]
        validator = jsonschema.Draft202012Validator(schema, registry=REGISTRY)
        found = validator.iter_errors(response.json())
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in found]
        assert not errors, f"{method} {template} {status}: {errors}"
        SEEN.add((template, method.lower(), status))
        return response.status_code, response.json()


def _resolve_refs(node: Any) -> None:
    """Point local `#/components/...` refs at the registered document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            node["$ref"] = "urn:admin" + ref
        for value in node.values():
            _resolve_refs(value)
    elif isinstance(node, list):
        for value in node:
            _resolve_refs(value)


_resolve_refs(DOCUMENT)
REGISTRY = Registry().with_resource("urn:admin", DRAFT202012.create_resource(DOCUMENT))


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Sandbox, Admin, str]]:
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=5) as sandbox,
        serve_sandbox(sandbox) as server,
        httpx.Client(base_url=server.base_url) as http,
    ):
        yield sandbox, Admin(http), server.base_url


def _pending(sandbox: Sandbox, base_url: str, msisdn: str = "46733123454") -> str:
    import base64
    import uuid

    user = sandbox.provision("collection", callback_host="127.0.0.1")
    basic = base64.b64encode(f"{user.user_id}:{user.api_key}".encode()).decode()
    key = {"Ocp-Apim-Subscription-Key": user.subscription_key}
    with httpx.Client(base_url=base_url) as http:
        token = http.post(
            "/collection/token/", headers={"Authorization": f"Basic {basic}", **key}
        ).json()["access_token"]
        ref = str(uuid.uuid4())
        response = http.post(
            "/collection/v1_0/requesttopay",
            headers={
                **key,
                "Authorization": f"Bearer {token}",
                "X-Target-Environment": "sandbox",
                "X-Reference-Id": ref,
                "X-Callback-Url": "http://127.0.0.1:9/cb",
            },
            json={
                "amount": "5",
                "currency": "EUR",
                "externalId": "c1",
                "payer": {"partyIdType": "MSISDN", "partyId": msisdn},
                "payerMessage": "m",
                "payeeNote": "n",
            },
        )
        assert response.status_code == 202
    return ref


def test_page_and_payer_actions(world: tuple[Sandbox, Admin, str]) -> None:
    sandbox, admin, base_url = world
    assert admin("GET", "/_sandbox/page")[0] == 200
    refs = [_pending(sandbox, base_url) for _ in range(3)]
    action = "/_sandbox/transactions/collection/{}/{}"
    assert admin("POST", action.format(refs[0], "approve"), {"pin": "x"})[0] == 400
    assert admin("POST", action.format(refs[0], "approve"), {"pin": "2468"})[0] == 200
    assert admin("POST", action.format(refs[0], "decline"))[0] == 409
    assert admin("POST", action.format(refs[1], "fly"))[0] == 404
    assert admin("POST", action.format(refs[1], "fail"), {"reason": "NOT_ENOUGH_FUNDS"})[0] == 200
    assert admin("POST", action.format(refs[2], "expire"))[0] == 200
    _status, page = admin("GET", "/_sandbox/page")
    assert [tx["status"] for tx in page["transactions"]] == ["SUCCESSFUL", "FAILED", "FAILED"]
    assert len(page["callbacks"]) == 3


def test_callbacks_drop_and_redeliver(world: tuple[Sandbox, Admin, str]) -> None:
    sandbox, admin, base_url = world
    assert admin("POST", "/_sandbox/callbacks/drop", {"count": "two"})[0] == 400
    assert admin("POST", "/_sandbox/callbacks/drop", {"count": 1})[0] == 200
    _pending(sandbox, base_url, msisdn="56733123453")  # settles at once: its callback drops
    _status, items = admin("GET", "/_sandbox/callbacks")
    assert items[-1]["note"] == "dropped (drop next N)"
    assert admin("POST", f"/_sandbox/callbacks/{items[-1]['index']}/redeliver")[0] == 200
    assert admin("POST", "/_sandbox/callbacks/9999/redeliver")[0] == 400


def test_faults_and_clock(world: tuple[Sandbox, Admin, str]) -> None:
    _, admin, _ = world
    created, rule = admin(
        "POST",
        "/_sandbox/faults",
        {"kind": "status", "status": 429, "retry_after": 0.5, "operation": "RequesttoPay"},
    )
    assert (created, rule["retry_after"]) == (201, 0.5)
    assert admin("POST", "/_sandbox/faults", {"kind": "latency", "seconds": 1, "times": 3})[0]
    assert admin("POST", "/_sandbox/faults", {"kind": "nonsense"})[0] == 400
    _status, page = admin("GET", "/_sandbox/page")
    assert len(page["faults"]) == 2
    assert admin("DELETE", f"/_sandbox/faults/{rule['id']}")[0] == 200
    assert admin("DELETE", f"/_sandbox/faults/{rule['id']}")[0] == 404
    assert admin("DELETE", "/_sandbox/faults")[0] == 200
    assert admin("POST", "/_sandbox/clock/advance", {"seconds": 3600})[0] == 200
    assert admin("POST", "/_sandbox/clock/advance", {"seconds": -1})[0] == 400


def test_with_a_token_the_refusal_is_declared_too() -> None:
    token = "contract-admin-token-abcdef"
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), admin_token=token) as sandbox,
        serve_sandbox(sandbox) as server,
        httpx.Client(base_url=server.base_url) as http,
    ):
        assert Admin(http)("GET", "/_sandbox/page")[0] == 401


def test_every_declared_response_was_exercised() -> None:
    if len(SEEN) == 0:
        pytest.skip("run with the rest of this module")
    assert sorted(DECLARED - SEEN) == []
