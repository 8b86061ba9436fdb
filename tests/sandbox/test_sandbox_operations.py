"""Every operation of the spec is routed (none answers the gateway's 404)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import yaml

from momo_wrapper.sandbox import OPERATIONS, RecordingCallbackSender, Sandbox, SandboxTransport
from tests.sandbox.sandbox_helpers import basic, new_ref

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDERS = {
    "currency": "EUR",
    "id_type": "msisdn",
    "holder_id": "46733123459",
    "ref": new_ref(),
    "user_id": new_ref(),
}


def test_each_product_has_as_many_routes_as_the_spec_has_operations() -> None:
    prefixes = Counter(template.split("/")[1] for _, template, _ in OPERATIONS)
    spec = yaml.safe_load((ROOT / "spec" / "momo.openapi.yaml").read_text(encoding="utf-8"))
    expected = Counter(
        operation["operationId"].split("_", 1)[0].replace("sandbox", "v1_0")
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    )
    assert prefixes == expected


def test_every_operation_is_routed_to_its_handler() -> None:
    sandbox = Sandbox(callback_sender=RecordingCallbackSender())
    creds = {
        product: sandbox.provision(product)
        for product in ("collection", "disbursement", "remittance")
    }
    with httpx.Client(transport=SandboxTransport(sandbox), base_url="https://s") as client:
        tokens = {
            product: client.post(
                f"/{product}/token/",
                headers={
                    "Authorization": basic(c.user_id, c.api_key),
                    "Ocp-Apim-Subscription-Key": c.subscription_key,
                },
            ).json()["access_token"]
            for product, c in creds.items()
        }
        for method, template, _ in OPERATIONS:
            product = template.split("/")[1]
            product = product if product in creds else "collection"
            headers = {
                "Ocp-Apim-Subscription-Key": creds[product].subscription_key,
                "Authorization": f"Bearer {tokens[product]}",
                "X-Target-Environment": "sandbox",
                "X-Reference-Id": new_ref(),
            }
            if template.endswith("token/"):
                headers["Authorization"] = basic(creds[product].user_id, creds[product].api_key)
            path = template.format(**PLACEHOLDERS)
            response = client.request(
                method,
                path,
                headers=headers,
                json={} if method == "POST" and "token" not in template else None,
            )
            assert response.status_code != 404 or b"RESOURCE_NOT_FOUND" in response.content, path
    routed = {(r.method, r.operation) for r in sandbox.requests if r.operation is not None}
    assert {(method, operation) for method, _, operation in OPERATIONS} <= routed
