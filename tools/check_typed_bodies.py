"""Prove that request bodies are type-checked: mypy must reject a misspelt body field.

The wrapper builds every request body through a generated model's constructor
(``RequestToPay(payer_message=...)``). This runs mypy, with the project's configuration, on two
samples: the correct one must pass (so the check can tell the difference) and the one with
``payer_mesage`` must fail with an "unexpected keyword argument" error. Run by ``nox -s typecheck``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = """
from momo_openapi_client.models import Party, RequestToPay

body = RequestToPay(
    amount="5",
    currency="EUR",
    external_id="order-1",
    payer=Party(party_id_type="MSISDN", party_id="46733123450"),
    {field}="Thanks",
)
"""
EXPECTED = 'Unexpected keyword argument "payer_mesage" for "RequestToPay"'


def _mypy(source: str, directory: Path, name: str) -> tuple[str, int]:
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", str(path)]
    )
    return stdout + stderr, status


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        good, good_status = _mypy(SAMPLE.format(field="payer_message"), directory, "good_body")
        bad, bad_status = _mypy(SAMPLE.format(field="payer_mesage"), directory, "misspelt_body")
    if good_status != 0:
        print(f"the correct sample does not type-check:\n{good}")
        return 1
    if bad_status == 0 or EXPECTED not in bad:
        print(f"mypy accepted a misspelt request-body field:\n{bad}")
        return 1
    print("mypy rejects a misspelt request-body field: " + EXPECTED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
