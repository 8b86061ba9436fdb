"""The transactional outbox on a real PostgreSQL, for MomoClient and AsyncMomoClient alike:
an intent is written in the caller's transaction, sent once after commit, never after rollback.

The clients talk to an in-process sandbox (see ``tests/client/client_harness.py``); the
caller's connection is a real psycopg connection (async: ``AsyncConnection``) to the same
database as the ledger.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import psycopg
import pytest

from momo_wrapper import IdempotencyConflictError, MomoValidationError
from momo_wrapper.stores import LedgerState, open_ledger
from tests.client.client_harness import FAILED_PARTY, SUCCESS_PARTY, Harness, run

PAY = {"amount": "5", "payer": SUCCESS_PARTY, "external_id": "order-1"}


class Caller:
    """The service's own connection, sync or async like the harness's client."""

    def __init__(self, kind: str, conn: Any, schema: str) -> None:
        self.kind = kind
        self.conn = conn
        self.orders = f"{schema}.orders"

    async def execute(self, sql: str) -> None:
        await run(self.conn.execute(sql.encode()))

    async def commit(self) -> None:
        await run(self.conn.commit())

    async def rollback(self) -> None:
        await run(self.conn.rollback())


@pytest.fixture
async def caller(h: Harness, postgres_server: Any, postgres_schema: str) -> AsyncIterator[Caller]:
    url = postgres_server.url()
    if h.kind == "sync":
        conn: Any = psycopg.connect(url)
    else:
        conn = await psycopg.AsyncConnection.connect(url)
    conn_caller = Caller(h.kind, conn, postgres_schema)
    await conn_caller.execute(f"CREATE SCHEMA {postgres_schema}")
    await conn_caller.execute(f"CREATE TABLE {conn_caller.orders} (id text PRIMARY KEY, ref text)")
    await conn_caller.commit()
    yield conn_caller
    await run(conn.close())


def client(h: Harness, postgres_url: str) -> Any:
    return h.client(h.config(ledger=postgres_url))


def pay_intent(momo: Any, caller: Caller, **changes: Any) -> Any:
    return momo.outbox(caller.conn).collection.request_to_pay(**{**PAY, **changes})


async def test_a_committed_intent_is_sent_once(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)

    intent = await run(pay_intent(momo, caller))
    await caller.execute(f"INSERT INTO {caller.orders} VALUES ('order-1', '{intent.reference_id}')")
    before_commit = await run(momo.dispatch())  # not committed: invisible to the dispatcher
    await caller.commit()
    report = await run(momo.dispatch())
    again = await run(momo.dispatch())

    assert intent.recorded is True
    assert intent.state is LedgerState.PENDING_SUBMIT
    assert before_commit.outcomes == ()
    assert [o.entry.reference_id for o in report.accepted] == [intent.reference_id]
    assert report.counts == {"ACCEPTED": 1}
    assert again.outcomes == ()
    (resource,) = h.sandbox.resources()
    assert (resource.reference_id, resource.post_count) == (intent.reference_id, 1)
    assert resource.external_id == "order-1"
    # A create of the same order afterwards is the recorded payment, not a second one.
    replay = await run(momo.collection.request_to_pay(**PAY))
    assert (replay.reference_id, replay.replayed) == (intent.reference_id, True)
    assert len(h.sandbox.resources()) == 1


async def test_a_rolled_back_intent_is_never_sent(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)

    intent = await run(pay_intent(momo, caller))
    await caller.execute(f"INSERT INTO {caller.orders} VALUES ('order-1', '{intent.reference_id}')")
    await caller.rollback()
    report = await run(momo.dispatch())
    reconciled = await run(momo.reconcile(older_than=0))

    assert report.outcomes == ()
    assert reconciled.outcomes == ()
    assert reconciled.dispatched is not None
    assert reconciled.dispatched.outcomes == ()
    assert h.sent_to("collection_request_to_pay") == []
    assert h.sandbox.resources() == []
    with open_ledger(postgres_url) as ledger:
        assert ledger.get(intent.reference_id) is None


async def test_bad_input_raises_before_anything_is_written(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)

    with pytest.raises(MomoValidationError, match="amount"):
        await run(pay_intent(momo, caller, amount="-3"))
    with pytest.raises(MomoValidationError, match="payer"):
        await run(pay_intent(momo, caller, payer="not-a-number"))
    await caller.commit()

    assert (await run(momo.dispatch())).outcomes == ()
    assert h.sent == []


async def test_one_business_key_is_one_intent(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)

    first = await run(pay_intent(momo, caller))
    same = await run(pay_intent(momo, caller, amount="5.00"))
    with pytest.raises(IdempotencyConflictError) as caught:
        await run(pay_intent(momo, caller, amount="6"))
    await caller.commit()
    report = await run(momo.dispatch())

    assert (same.reference_id, same.recorded) == (first.reference_id, False)
    assert caught.value.differing_fields == ("amount",)
    assert caught.value.reference_id == first.reference_id
    assert len(report.accepted) == 1
    assert [r.post_count for r in h.sandbox.resources()] == [1]


async def test_every_product_records_and_a_refusal_is_final(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)
    h.sandbox.faults.fail(400, operation="Transfer")

    box = momo.outbox(caller.conn)
    collected = await run(box.collection.request_to_pay(**PAY))
    paid_out = await run(
        box.disbursement.transfer(amount="7", payee=FAILED_PARTY, external_id="payout-1")
    )
    remitted = await run(
        box.remittance.transfer(amount="8", payee=SUCCESS_PARTY, external_id="remit-1")
    )
    await caller.commit()
    report = await run(momo.dispatch())

    states = {o.entry.reference_id: o.state for o in report.outcomes}
    assert states[collected.reference_id] is LedgerState.ACCEPTED
    assert states[remitted.reference_id] is LedgerState.ACCEPTED
    # The sandbox answered the disbursement transfer 400: a definite refusal, recorded as
    # such and not sent again.
    assert states[paid_out.reference_id] is LedgerState.FAILED_TO_SUBMIT
    assert (paid_out.product, remitted.product) == ("disbursement", "remittance")
    assert (await run(momo.dispatch())).outcomes == ()
    assert {r.reference_id for r in h.sandbox.resources()} == {
        collected.reference_id,
        remitted.reference_id,
    }


async def test_a_send_that_may_have_landed_is_retried_under_the_same_id(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = h.client(h.config(ledger=postgres_url, max_attempts=1))
    h.sandbox.faults.timeout(operation="RequesttoPay")  # processed, never answered

    intent = await run(pay_intent(momo, caller))
    await caller.commit()
    first = await run(momo.dispatch())
    second = await run(momo.dispatch())  # given back for retry_after (30 s): not due yet
    with psycopg.connect(postgres_url.split("?")[0]) as admin:
        schema = postgres_url.split("schema=")[1]
        admin.execute(f"UPDATE {schema}.ledger SET lease_until = now()".encode())  # type: ignore[arg-type]
    third = await run(momo.dispatch())

    assert first.retrying
    assert first.outcomes[0].error is not None
    assert second.outcomes == ()
    assert [o.state for o in third.outcomes] == [LedgerState.ACCEPTED]
    assert third.outcomes[0].accepted is not None
    assert third.outcomes[0].accepted.replayed is True  # 409, confirmed: not paid twice
    (resource,) = h.sandbox.resources()
    assert (resource.reference_id, resource.post_count) == (intent.reference_id, 2)


async def test_reconcile_dispatches_committed_intents(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)

    intent = await run(pay_intent(momo, caller))
    await caller.commit()
    report = await run(momo.reconcile(older_than=0))

    assert report.dispatched is not None
    assert [o.entry.reference_id for o in report.dispatched.accepted] == [intent.reference_id]
    # Then reconcile itself read the status: the sandbox settled it SUCCESSFUL.
    assert [(o.entry.reference_id, o.state) for o in report.outcomes] == [
        (intent.reference_id, LedgerState.FINAL)
    ]
    assert [r.post_count for r in h.sandbox.resources()] == [1]


async def test_the_outbox_needs_a_postgres_ledger_and_a_connection(
    h: Harness, caller: Caller, tmp_path: Any, postgres_url: str
) -> None:
    sqlite_client = h.client(h.config(ledger=f"sqlite:///{tmp_path / 'l.db'}"))

    with pytest.raises(MomoValidationError, match="PostgreSQL ledger"):
        sqlite_client.outbox(caller.conn)
    with pytest.raises(MomoValidationError, match="connection"):
        client(h, postgres_url).outbox(object())
    with pytest.raises(MomoValidationError, match="PostgreSQL ledger"):
        await run(h.momo.dispatch())


async def test_a_callers_reference_id_is_kept(
    h: Harness, caller: Caller, postgres_url: str
) -> None:
    momo = client(h, postgres_url)
    mine = str(uuid.uuid4())

    intent = await run(pay_intent(momo, caller, reference_id=mine))
    with pytest.raises(IdempotencyConflictError):
        await run(pay_intent(momo, caller, reference_id=str(uuid.uuid4())))
    await caller.commit()
    await run(momo.dispatch())

    assert intent.reference_id == mine
    assert [r.reference_id for r in h.sandbox.resources()] == [mine]
