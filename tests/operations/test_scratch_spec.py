"""Changing the spec in a scratch copy of the repository, regenerated once for this module.

* Retiring an operation keeps ``import momo_wrapper`` working; the operation fails in one
  place, named, when it is used.
* Adding a read (a receipt for a request to pay) takes exactly three handwritten touches: the
  spec, one row of the read table and one sandbox handler. The new method then works sync and
  async, over loopback HTTP against the sandbox, in a fresh interpreter.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import momo_wrapper

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("spec", "tools", "generated", "momo_wrapper")
RETIRED = "collection_cancel_invoice"
ADDED = "collection_get_request_to_pay_receipt"
SPEC = Path("spec/momo.openapi.yaml")
GENERATED_MARK = "do not edit"
"""Every generated file says so in its header; every other file is handwritten."""

SCRIPT = """
import json, sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/generated"]
import momo_wrapper
from momo_wrapper._api import ENDPOINTS, RetiredOperationError
from momo_wrapper.sandbox import _routes
assert momo_wrapper.__file__.startswith(root), momo_wrapper.__file__
try:
    ENDPOINTS[sys.argv[2]]
except RetiredOperationError as error:
    message = str(error)
else:
    message = None
print(json.dumps({
    "operations": list(momo_wrapper.OPERATIONS),
    "message": message,
    "unused_handlers": _routes.unused_handlers(),
    "unhandled": _routes.unhandled(),
}))
"""

RECEIPT_SCHEMA = {
    "type": "object",
    "description": "Proof of a completed request to pay.",
    "properties": {
        "referenceId": {"type": "string"},
        "financialTransactionId": {"type": "string"},
        "amount": {"type": "string"},
        "currency": {"type": "string"},
        "completedTime": {"type": "string", "format": "date-time"},
    },
}

TABLE_ROW = '    get_request_to_pay_receipt = Read("get_request_to_pay_receipt", by_reference_id)\n'

HANDLER = """

def _request_to_pay_receipt(state: SandboxState, call: Call) -> SandboxResponse:
    answer = tx.get_status(state, call, kind="requesttopay")
    if answer.status != 200:
        return answer
    paid = answer.json()
    receipt = {key: paid[key] for key in ("financialTransactionId", "amount", "currency")}
    receipt["referenceId"] = call.params["ref"]
    receipt["completedTime"] = "2027-01-15T10:12:03.512Z"
    return momo_json(200, receipt, call.now)


HANDLERS["get_request_to_pay_receipt"] = Handling(
    "GetRequestToPayReceipt", _request_to_pay_receipt, Auth.BEARER
)
"""

CALLS = """
import asyncio, json, sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/generated"]
import inspect
import momo_wrapper
from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, ProductCredentials, Record
from momo_wrapper.sandbox import Sandbox, serve_sandbox
from momo_wrapper.sandbox._clock import VirtualClock

assert momo_wrapper.__file__.startswith(root), momo_wrapper.__file__
sandbox = Sandbox(clock=VirtualClock(follow_real_time=True), seed=3)
user = sandbox.provision("collection", callback_host="127.0.0.1")
found = {}
with serve_sandbox(sandbox) as server:
    config = MomoConfig(
        base_url=server.base_url,
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
    )

    def pay(momo, external_id):
        return momo.collection.request_to_pay(
            amount="5", payer="46733123459", external_id=external_id
        )

    with MomoClient(config) as momo:
        accepted = pay(momo, "receipt-sync")
        momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=30)
        receipt = momo.collection.get_request_to_pay_receipt(accepted.reference_id)
        assert isinstance(receipt, Record), receipt
        found["sync"] = {
            "reference_id": receipt.reference_id,
            "expected_reference_id": accepted.reference_id,
            "amount": receipt.amount,
            "completed_time": receipt.completed_time.isoformat(),
            "raw": receipt.raw,
            "status_code": receipt.response.status_code,
            "to_dict": receipt.to_dict(),
            "signature": str(inspect.signature(momo.collection.get_request_to_pay_receipt)),
        }

    async def main():
        async with AsyncMomoClient(config) as momo:
            accepted = await pay(momo, "receipt-async")
            await momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=30)
            receipt = await momo.collection.get_request_to_pay_receipt(accepted.reference_id)
            found["async"] = {
                "reference_id": receipt.reference_id,
                "expected_reference_id": accepted.reference_id,
                "amount": receipt.amount,
                "signature": str(inspect.signature(momo.collection.get_request_to_pay_receipt)),
            }

    asyncio.run(main())
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository copied, one operation retired and one read added, regenerated once."""
    root = tmp_path_factory.mktemp("scratch")
    ignore = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache")
    for name in COPIED:
        shutil.copytree(ROOT / name, root / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    _retire(root, RETIRED)
    _add_receipt(root)
    _regenerate(root)
    return root


def _retire(root: Path, operation_id: str) -> None:
    path = root / "spec" / "momo.openapi.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in spec["paths"].values():
        for method in [m for m, op in item.items() if isinstance(op, dict)]:
            if item[method].get("operationId") == operation_id:
                del item[method]
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def _add_receipt(root: Path) -> None:
    """The three handwritten touches that expose a new read."""
    path = root / SPEC
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    status = spec["paths"]["/collection/v1_0/requesttopay/{referenceId}"]["get"]
    responses = {code: answer for code, answer in status["responses"].items() if code != "200"}
    spec["components"]["schemas"]["RequestToPayReceipt"] = RECEIPT_SCHEMA
    spec["paths"]["/collection/v1_0/requesttopay/{referenceId}/receipt"] = {
        "get": {
            "tags": ["collection"],
            "operationId": ADDED,
            "summary": "Get the receipt of a completed request to pay",
            "security": status["security"],
            "parameters": status["parameters"],
            "responses": {
                "200": {
                    "description": "The receipt.",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/RequestToPayReceipt"}
                        }
                    },
                },
                **responses,
            },
        }
    }
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")

    table = root / "momo_wrapper" / "_products" / "collection.py"
    source = table.read_text(encoding="utf-8")
    anchor = "    get_approved_pre_approvals = Read("
    assert source.count(anchor) == 1
    source = source.replace(anchor, TABLE_ROW + anchor)
    source = source.replace(
        "from ._reads import Read, account_holder\n",
        "from ._reads import Read, account_holder, by_reference_id\n",
    )
    table.write_text(source, encoding="utf-8")

    routes = root / "momo_wrapper" / "sandbox" / "_routes.py"
    source = routes.read_text(encoding="utf-8")
    source = source.replace(
        "from ._wire import SandboxResponse\n", "from ._wire import SandboxResponse, momo_json\n"
    )
    anchor = "_PROVISIONING_PREFIX = "
    assert source.count(anchor) == 1
    routes.write_text(source.replace(anchor, HANDLER.lstrip("\n") + "\n\n" + anchor), "utf-8")


def _handwritten_changes(root: Path) -> list[str]:
    """Files that differ from the repository's (or are new) and are not generated."""
    changed = []
    for copied in sorted(root.rglob("*")):
        relative = copied.relative_to(root)
        if not copied.is_file() or "__pycache__" in relative.parts:
            continue
        original = ROOT / relative
        if original.is_file() and filecmp.cmp(original, copied, shallow=False):
            continue
        head = copied.read_text(encoding="utf-8", errors="replace")[:400].lower()
        if GENERATED_MARK not in head:
            changed.append(relative.as_posix())
    return changed


def _run(script: str, root: Path, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", script, str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)
    return found


def _regenerate(root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "tools/codegen.py", "generate"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_retiring_an_operation_fails_in_one_place_naming_it(scratch: Path) -> None:
    assert not list((scratch / "generated").rglob(f"{RETIRED}.py"))
    found = _run(SCRIPT, scratch, RETIRED)
    operations = found["operations"]
    assert isinstance(operations, list)
    assert RETIRED not in operations
    assert sorted([*operations, RETIRED]) == sorted([*momo_wrapper.OPERATIONS, ADDED])
    assert isinstance(found["message"], str)
    assert RETIRED in found["message"]
    # The sandbox names its now unreachable handler; nothing is left without one.
    assert found["unused_handlers"] == ["cancel_invoice"]
    assert found["unhandled"] == []


def test_adding_a_read_takes_the_spec_one_table_row_and_one_sandbox_handler(
    scratch: Path,
) -> None:
    assert _handwritten_changes(scratch) == [
        "momo_wrapper/_products/collection.py",
        "momo_wrapper/sandbox/_routes.py",
        SPEC.as_posix(),
    ]
    found = _run(CALLS, scratch)
    sync, asynchronous = found["sync"], found["async"]
    assert isinstance(sync, dict)
    assert isinstance(asynchronous, dict)
    for call in (sync, asynchronous):
        assert call["reference_id"] == call["expected_reference_id"]
        assert call["amount"] == "5"
        assert call["signature"] == (
            "(reference_id: str, *, timeout: float | None = None) -> momo_wrapper._results.Record"
        )
    assert sync["status_code"] == 200
    # .raw is the JSON as sent (the date-time keeps its Z); fields are the parsed model's.
    raw = sync["raw"]
    assert isinstance(raw, dict)
    assert raw["completedTime"] == "2027-01-15T10:12:03.512Z"
    assert sync["completed_time"] == "2027-01-15T10:12:03.512000+00:00"
    assert sync["to_dict"] == {
        "reference_id": sync["expected_reference_id"],
        "financial_transaction_id": raw["financialTransactionId"],
        "amount": "5",
        "currency": raw["currency"],
        "completed_time": "2027-01-15T10:12:03.512000+00:00",
    }
    operations = _run(SCRIPT, scratch, ADDED)
    assert ADDED in operations["operations"]  # type: ignore[operator]
    assert operations["message"] is None
    assert operations["unhandled"] == []
