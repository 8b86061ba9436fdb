"""Redis down or flapping under the token store and the ledger (a real, append-only redis-server
that the tests stop and start): a typed StoreUnavailableError, never a duplicate payment, never
a lost ledger entry. Both client kinds."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from momo_wrapper.stores import LedgerState, StoreUnavailableError, open_ledger
from tests.client.client_harness import SUCCESS_PARTY, Harness, run
from tests.stores.redis_fixtures import REDIS_PASSWORD
from tests.stores.stores_redis_server import RedisServer


def _pay(momo: Any, order: str) -> Any:
    return momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id=order)


def _one_payment_per_order(h: Harness) -> dict[str, str]:
    resources = h.sandbox.resources()
    by_order = {r.external_id: r.reference_id for r in resources}
    assert len(by_order) == len(resources), "an order was paid twice"
    return by_order  # type: ignore[return-value]


async def test_redis_down_before_a_create_is_a_typed_error_and_sends_nothing(
    h: Harness, durable_redis_server: RedisServer
) -> None:
    url = durable_redis_server.url()
    momo = h.client(h.config(token_store=url, ledger=url))
    durable_redis_server.stop()

    with pytest.raises(StoreUnavailableError) as caught:
        await run(_pay(momo, "order-1"))
    sent_while_down = list(h.sent)
    durable_redis_server.start()
    accepted = await run(_pay(momo, "order-1"))

    assert (caught.value.store, caught.value.operation) == ("redis ledger", "reserve")
    assert caught.value.url == f"redis://127.0.0.1:{durable_redis_server.port}/0"
    assert REDIS_PASSWORD not in str(caught.value)
    assert sent_while_down == []  # not even a token request
    assert accepted.replayed is False
    assert _one_payment_per_order(h) == {"order-1": accepted.reference_id}


async def test_redis_dying_after_the_reservation_keeps_the_entry_for_reconcile(
    h: Harness, durable_redis_server: RedisServer
) -> None:
    url = durable_redis_server.url()
    reserved: list[str] = []

    def die(reference_id: str) -> None:  # runs after the ledger write, before the POST
        reserved.append(reference_id)
        durable_redis_server.stop()

    momo = h.client(h.config(token_store=url, ledger=url), on_reference_id=die)
    with pytest.raises(StoreUnavailableError) as caught:
        await run(_pay(momo, "order-1"))  # the token lookup finds Redis gone
    sent_while_down = h.sent_to("collection_request_to_pay")
    durable_redis_server.start()
    survivor = h.client(h.config(token_store=url, ledger=url))
    report = await run(survivor.reconcile(older_than=0))
    again = await run(_pay(survivor, "order-1"))

    assert caught.value.store == "redis token store"
    assert sent_while_down == []
    (outcome,) = report.outcomes
    assert outcome.entry.reference_id == reserved[0]  # the entry survived the restart
    assert (outcome.resent, outcome.state) == (True, LedgerState.FINAL)
    assert (again.reference_id, again.replayed) == (reserved[0], True)
    assert _one_payment_per_order(h) == {"order-1": reserved[0]}


async def test_redis_dying_during_the_post_does_not_hide_the_payment(
    h: Harness, durable_redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = durable_redis_server.url()
    momo = h.client(h.config(ledger=url), on_reference_id=lambda _: durable_redis_server.stop())

    with caplog.at_level(logging.WARNING, logger="momo_wrapper.ledger"):
        accepted = await run(_pay(momo, "order-1"))  # 202; recording it fails
    durable_redis_server.start()
    with open_ledger(url) as ledger:
        left = ledger.get(accepted.reference_id)
    retried = await run(_pay(h.client(h.config(ledger=url)), "order-1"))

    assert accepted.replayed is False
    assert "was not recorded" in caplog.text
    assert REDIS_PASSWORD not in caplog.text
    assert left is not None
    assert left.state is LedgerState.PENDING_SUBMIT  # still open: not lost, not failed
    assert (retried.reference_id, retried.replayed) == (accepted.reference_id, True)
    assert _one_payment_per_order(h) == {"order-1": accepted.reference_id}


async def test_a_flapping_redis_loses_nothing_and_pays_nothing_twice(
    h: Harness, durable_redis_server: RedisServer
) -> None:
    url = durable_redis_server.url()
    stop_in_hook = {"on": False}

    def hook(_reference_id: str) -> None:
        if stop_in_hook["on"]:
            durable_redis_server.stop()

    momo = h.client(h.config(token_store=url, ledger=url), on_reference_id=hook)
    orders = [f"order-{i}" for i in range(6)]
    failures: dict[str, StoreUnavailableError] = {}
    for index, order in enumerate(orders):
        # Up, down before the call, down between the reservation and the POST; then up again.
        if index % 3 == 1:
            durable_redis_server.stop()
        stop_in_hook["on"] = index % 3 == 2
        try:
            await run(_pay(momo, order))
        except StoreUnavailableError as error:
            failures[order] = error
        if durable_redis_server.running:
            continue
        durable_redis_server.start()
    stop_in_hook["on"] = False
    # The job queue retries what failed; reconcile settles everything.
    retried = {order: await run(_pay(momo, order)) for order in failures}
    report = await run(momo.reconcile(older_than=0))

    assert sorted(failures) == ["order-1", "order-2", "order-4", "order-5"]
    paid = _one_payment_per_order(h)
    assert sorted(paid) == orders
    assert all(paid[order] == result.reference_id for order, result in retried.items())
    assert report.counts == {"FINAL": len(orders)}
    assert report.unresolved == ()
