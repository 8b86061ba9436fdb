"""A create's status read is built only when a replay must be confirmed, not for every create."""

from __future__ import annotations

from typing import Any

import pytest

from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
from momo_wrapper._flows import Create, Query

CREDENTIALS = ProductCredentials(subscription_key="k" * 32, api_user="u" * 36, api_key="a" * 32)
REFERENCE = "5b1e1a32-7a6c-4a36-9d0a-1c8a6f0c2f11"


def test_building_a_create_does_not_build_its_status_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = MomoConfig(base_url="http://127.0.0.1:9", collection=CREDENTIALS)
    with MomoClient(config) as momo:
        product = momo.collection
        built: list[object] = []
        original = product._status

        def counting(row: Any, reference_id: object) -> Query[Any]:
            built.append(reference_id)
            return original(row, reference_id)

        monkeypatch.setattr(product, "_status", counting)
        plan = type(product).request_to_pay.build(
            product, amount="5", payer="46733123453", external_id="order-1", reference_id=REFERENCE
        )
        assert isinstance(plan, Create)
        assert built == []
        query = plan.status()
        assert built == [REFERENCE]
        assert query.call.operation == "request_to_pay"
        assert query.call.endpoint == "collection_get_request_to_pay_status"
        assert query.call.reference_id == REFERENCE
