"""spec_diff finds missing operations, honours declared artefacts and reports differences."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import spec_diff  # noqa: E402

EXPORTS = ROOT.parent / "shared" / "reference" / "mtn-openapi"


def _op(op_id: str, headers: dict[str, bool], codes: list[str]) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "parameters": [
            {"name": name, "in": "header", "required": required}
            for name, required in headers.items()
        ],
        "responses": {code: {"description": code} for code in codes},
    }


OURS: dict[str, Any] = {
    "info": {
        "x-upstream-artefacts": [{"path-pattern": "^/collection/clone-", "reason": "portal clone"}]
    },
    "servers": [{"url": "https://sandbox.example"}],
    "paths": {
        "/collection/v1_0/requesttopay": {
            "post": _op("collection_request_to_pay", {"X-Reference-Id": True}, ["202", "409"])
        },
        "/collection/v1_0/requesttopay/{referenceId}": {
            "get": _op("collection_get_request_to_pay_status", {}, ["200"])
        },
    },
}


def _export(paths: dict[str, Any]) -> dict[str, Any]:
    return {"servers": [{"url": "https://sandbox.example/collection"}], "paths": paths}


def test_identical_operations_differing_only_in_param_names_and_auth_header_match() -> None:
    export = _export(
        {
            "/v1_0/requesttopay": {
                "post": _op(
                    "RequesttoPay", {"X-Reference-Id": True, "Authorization": True}, ["202", "409"]
                )
            },
            "/v1_0/requesttopay/{x-referenceId}": {"get": _op("Status", {}, ["200"])},
        }
    )
    report = spec_diff.compare(OURS, [export])
    assert report.ok
    assert report.missing == []
    assert report.differences == []
    assert report.compared == 2


def test_a_missing_operation_fails_and_an_artefact_does_not() -> None:
    export = _export(
        {
            "/v1_0/requesttowithdraw": {"post": _op("RequestToWithdraw", {}, ["202"])},
            "/clone-1/v1_0/x": {"get": _op("671b", {}, ["200"])},
        }
    )
    report = spec_diff.compare(OURS, [export])
    assert not report.ok
    assert [op.path for op in report.missing] == ["/collection/v1_0/requesttowithdraw"]
    assert [(op.path, why) for op, why in report.artefacts] == [
        ("/collection/clone-1/v1_0/x", "portal clone")
    ]
    # Ours has both requesttopay operations that this export lacks.
    assert len(report.extra) == 2


def test_header_and_response_differences_are_reported() -> None:
    export = _export(
        {"/v1_0/requesttopay": {"post": _op("RequesttoPay", {"X-Reference-Id": False}, ["202"])}}
    )
    report = spec_diff.compare(OURS, [export])
    assert report.ok
    assert len(report.differences) == 3
    assert any("response codes: only ours [409]" in d for d in report.differences)


@pytest.mark.skipif(not EXPORTS.is_dir(), reason="MTN exports (../shared) not present")
def test_our_spec_covers_every_real_operation_of_mtn_exports() -> None:
    ours = spec_diff.load_document(ROOT / "spec" / "momo.openapi.yaml")
    exports = [spec_diff.load_document(p) for p in sorted(EXPORTS.glob("*.json"))]
    report = spec_diff.compare(ours, exports)
    assert report.missing == [], spec_diff.render(report)
    assert len(report.artefacts) == 2
    assert report.compared == 56
