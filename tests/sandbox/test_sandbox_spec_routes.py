"""The sandbox has a route for every operation of spec/, checked from the spec itself, and marks
the 404 of a path it has no route for, so a contract run cannot take it for MoMo's own 404."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from momo_wrapper.sandbox import (
    UNROUTED_HEADER,
    RecordingCallbackSender,
    Sandbox,
    SandboxTransport,
)

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "put", "post", "delete", "patch"}
VALUES = {"currency": "EUR", "accountHolderIdType": "msisdn", "accountHolderId": "46733123459"}
REFERENCE = "5b1e1a32-7a6c-4a36-9d0a-1c8a6f0c2f11"


def _spec_calls() -> list[tuple[str, str, str]]:
    spec = yaml.safe_load((ROOT / "spec" / "momo.openapi.yaml").read_text(encoding="utf-8"))
    return [
        (operation["operationId"], method.upper(), template)
        for template, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _filled(template: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: VALUES.get(m.group(1), REFERENCE), template)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(callback_sender=RecordingCallbackSender()) as served:
        yield served


def _send(sandbox: Sandbox, method: str, path: str) -> httpx.Response:
    product = path.split("/")[1]
    # Provisioning paths are served for any product's key.
    key = sandbox.subscription_keys.get(product, sandbox.subscription_keys["collection"])
    headers = {"Ocp-Apim-Subscription-Key": key}
    with httpx.Client(transport=SandboxTransport(sandbox), base_url="https://s.test") as client:
        content = b"{}" if method in ("POST", "PUT", "PATCH") else None
        return client.request(method, path, headers=headers, content=content)


def test_every_spec_operation_reaches_a_sandbox_route(sandbox: Sandbox) -> None:
    calls = _spec_calls()
    assert calls
    unrouted = [
        f"{operation_id}: {method} {template}"
        for operation_id, method, template in calls
        if UNROUTED_HEADER in _send(sandbox, method, _filled(template)).headers
    ]
    assert unrouted == []
    routed = {record.operation for record in sandbox.requests}
    assert None not in routed


def test_a_path_without_a_route_is_marked_in_its_404(sandbox: Sandbox) -> None:
    response = _send(sandbox, "GET", f"/collection/v1_0/requesttopay/{REFERENCE}/receipt")
    assert response.status_code == 404
    assert response.headers[UNROUTED_HEADER] == (
        f"GET /collection/v1_0/requesttopay/{REFERENCE}/receipt"
    )
    # A 404 for a resource the route does not know carries no mark: it is MoMo's answer.
    known = _send(sandbox, "GET", f"/v1_0/apiuser/{REFERENCE}")
    assert known.status_code == 404
    assert UNROUTED_HEADER not in known.headers
