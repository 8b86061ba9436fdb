"""``to_dict()`` on results: JSON-ready (amounts and statuses as strings), no hidden fields."""

from __future__ import annotations

import json
from decimal import Decimal

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper._results import (
    ApiKey,
    ConsentToken,
    Party,
    Reason,
    TransactionStatus,
    TransferStatus,
)
from momo_wrapper.sandbox import AsyncSandboxTransport, Sandbox, SandboxTransport


def _config(sandbox: Sandbox) -> MomoConfig:
    user = sandbox.provision("collection")
    return MomoConfig(
        base_url="http://127.0.0.1:8000",
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
    )


def _round_trip(data: dict[str, object]) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(json.dumps(data))
    assert loaded == data
    return loaded


def test_sync_results_round_trip_through_json() -> None:
    sandbox = Sandbox()
    with MomoClient(_config(sandbox), transport=SandboxTransport(sandbox)) as momo:
        accepted = momo.collection.request_to_pay(
            amount="5.5", payer="46733123450", external_id="1"
        )
        final = momo.collection.wait_for_request_to_pay(accepted.reference_id)
        balance = momo.collection.get_balance()
    assert _round_trip(accepted.to_dict())["reference_id"] == accepted.reference_id
    data = _round_trip(final.to_dict())
    assert data["status"] == "FAILED"
    assert data["amount"] == "5.5"
    assert isinstance(data["reason"], dict)
    assert "raw" not in data
    _round_trip(balance.to_dict())


async def test_async_results_round_trip_through_json() -> None:
    sandbox = Sandbox()
    async with AsyncMomoClient(_config(sandbox), transport=AsyncSandboxTransport(sandbox)) as momo:
        accepted = await momo.collection.request_to_pay(
            amount="7", payer="46733123450", external_id="2"
        )
        final = await momo.collection.wait_for_request_to_pay(accepted.reference_id)
    assert _round_trip(accepted.to_dict())["replayed"] is False
    assert _round_trip(final.to_dict())["status"] == "FAILED"


def test_values_are_strings_and_hidden_fields_stay_out() -> None:
    result = TransferStatus(
        reference_id="r",
        status=TransactionStatus.SUCCESSFUL,
        amount=Decimal("10.50"),
        reason=Reason("X"),
        payee=Party("MSISDN", "1"),
    )
    data = _round_trip(result.to_dict())
    assert data["status"] == "SUCCESSFUL"
    assert data["amount"] == "10.50"
    assert data["payee"] == {"party_id_type": "MSISDN", "party_id": "1"}
    for secret in (ApiKey(api_key="secret-value"), ConsentToken(access_token="secret-value")):
        text = json.dumps(secret.to_dict())
        assert text.count("secret-value") == 0
