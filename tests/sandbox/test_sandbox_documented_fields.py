"""The sandbox sends every documented field of every status body in some case (success, failure,
still pending), so the SDK's parsing of each is exercised against it. A field added to spec/ that
the sandbox never sends fails here, naming it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.sandbox.sandbox_helpers import OP, OP_IDS, OPS, Api, Op

ROOT = Path(__file__).resolve().parents[2]
PARTIES = ("46733123459", "46733123450", "46733123453", "46733123454")
"""Succeeds, fails with a reason, pending then successful, stays CREATED."""
#: The sender's KYC a cash transfer may carry (MoMo echoes what it was given).
EVERY_PAYER_FIELD = {
    "payerIdentificationType": "PASS",
    "payerIdentificationNumber": "S1234567",
    "payerIdentity": "S1234567",
    "payerFirstName": "Sven",
    "payerSurName": "Svensson",
    "payerLanguageCode": "sv",
    "payerEmail": "sven@example.com",
    "payerMsisdn": "46733123459",
    "payerGender": "MALE",
}


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def documented(path: str) -> set[str]:
    """The 200 body properties the spec documents for ``GET path``."""
    spec: dict[str, Any] = yaml.safe_load(
        (ROOT / "spec" / "momo.openapi.yaml").read_text(encoding="utf-8")
    )
    for template, item in spec["paths"].items():
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template))
        if "get" in item and re.fullmatch(pattern, path):
            response = _resolve(spec, item["get"]["responses"]["200"])
            (media_type,) = response["content"].values()
            return set(_resolve(spec, media_type["schema"]).get("properties", {}))
    raise AssertionError(f"GET {path} is not in the spec")


@pytest.mark.parametrize("api", ["sync-inprocess"], indirect=True)
@pytest.mark.parametrize("op", OPS, ids=OP_IDS)
async def test_some_case_sends_every_documented_status_field(api: Api, op: Op) -> None:
    sent: set[str] = set()
    path = ""
    for party in PARTIES:
        body = op.body(party)
        if op.kind == "refund":
            # A refund ends as the refunded collection did: refund one paid by ``party``.
            pay = OP["collection-RequesttoPay"]
            body["referenceIdToRefund"], _ = await api.create(pay.create, pay.body(party))
        body.update(EVERY_PAYER_FIELD if op.kind == "cashtransfer" else {})
        ref, created = await api.create(op.create, body)
        assert created.status_code == 202, created.text
        path = op.status.format(ref)
        api.sandbox.clock.advance(60)
        api.sandbox.run_due()
        answer = await api.call("GET", path)
        assert answer.status_code == 200, answer.text
        sent |= set(answer.json())
    assert documented(path) - sent == set()
