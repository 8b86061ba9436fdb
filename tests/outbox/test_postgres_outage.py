"""PostgreSQL stopped and restarted under the token store and the ledger (the suite's real
server; a fast shutdown keeps every committed row): a typed StoreUnavailableError, never a
duplicate payment, never a lost ledger entry. Both client kinds."""

from __future__ import annotations

from typing import Any

import pytest

from momo_wrapper.stores import LedgerState, StoreUnavailableError
from tests.client.client_harness import SUCCESS_PARTY, Harness, run
from tests.stores.stores_postgres_server import PostgresServer


def _pay(momo: Any, order: str) -> Any:
    return momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id=order)


def _one_payment_per_order(h: Harness) -> dict[str, str]:
    resources = h.sandbox.resources()
    by_order = {r.external_id: r.reference_id for r in resources}
    assert len(by_order) == len(resources), "an order was paid twice"
    assert all(r.post_count == 1 for r in resources)
    return by_order  # type: ignore[return-value]


async def test_postgres_down_before_a_create_is_a_typed_error_and_sends_nothing(
    h: Harness, postgres_server: PostgresServer, postgres_url: str
) -> None:
    momo = h.client(h.config(token_store=postgres_url, ledger=postgres_url))
    warm = await run(_pay(momo, "order-0"))  # schema created, token cached in the store
    postgres_server.stop()
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            await run(_pay(momo, "order-1"))
        sent_while_down = list(h.sent_to("collection_request_to_pay"))
    finally:
        postgres_server.start()
    accepted = await run(_pay(momo, "order-1"))
    replayed = await run(_pay(momo, "order-0"))

    assert (caught.value.store, caught.value.operation) == ("postgres ledger", "reserve")
    assert not caught.value.outcome_unknown  # the server refused the connection
    assert len(sent_while_down) == 1  # only order-0's
    assert accepted.replayed is False
    assert (replayed.reference_id, replayed.replayed) == (warm.reference_id, True)
    assert _one_payment_per_order(h) == {
        "order-0": warm.reference_id,
        "order-1": accepted.reference_id,
    }


async def test_a_restarting_postgres_loses_nothing_and_pays_nothing_twice(
    h: Harness, postgres_server: PostgresServer, postgres_url: str
) -> None:
    stop_in_hook = {"on": False}

    def hook(_reference_id: str) -> None:  # after the ledger write, before the POST
        if stop_in_hook["on"]:
            postgres_server.stop()

    momo = h.client(h.config(token_store=postgres_url, ledger=postgres_url), on_reference_id=hook)
    orders = [f"order-{i}" for i in range(6)]
    failures: dict[str, StoreUnavailableError] = {}
    try:
        for index, order in enumerate(orders):
            # Up; down before the call; down between the reservation and the POST.
            if index % 3 == 1:
                postgres_server.stop()
            stop_in_hook["on"] = index % 3 == 2
            try:
                await run(_pay(momo, order))
            except StoreUnavailableError as error:
                failures[order] = error
            if not postgres_server.running:
                postgres_server.start()
    finally:
        stop_in_hook["on"] = False
        if not postgres_server.running:
            postgres_server.start()
    retried = {order: await run(_pay(momo, order)) for order in failures}
    report = await run(momo.reconcile(older_than=0))

    # Down before the call (1, 4): the reservation fails. Down after it (2, 5): the token
    # lookup before the POST fails, nothing is sent, and the entry waits for the retry.
    assert sorted(failures) == ["order-1", "order-2", "order-4", "order-5"]
    assert {failures[o].store for o in ("order-2", "order-5")} == {"postgres token store"}
    paid = _one_payment_per_order(h)
    assert sorted(paid) == orders
    assert all(paid[order] == result.reference_id for order, result in retried.items())
    assert {o.state for o in report.outcomes} == {LedgerState.FINAL}
    assert len(report.outcomes) == len(orders)
    assert report.unresolved == ()
