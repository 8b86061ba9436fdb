"""Creates through the idempotency ledger, on MomoClient and AsyncMomoClient alike.

The clients talk to an in-process sandbox with a fake clock linked to the sandbox's (see
``tests/client/client_harness.py``); faults come from the sandbox. "Sent" counts the requests
the client put on the wire; the sandbox's resources say what was really created.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs
import pytest

from momo_wrapper import (
    BadRequestError,
    IdempotencyConflictError,
    MomoAPIError,
    MomoConnectionError,
    MomoValidationError,
)
from momo_wrapper._idempotency import CreateFingerprint
from momo_wrapper.stores import (
    Ledger,
    LedgerEntry,
    LedgerState,
    MemoryLedger,
    StoreUnavailableError,
    business_key,
)
from momo_wrapper.stores._errors import unavailable_error
from tests.client.client_harness import (
    CREATE_OPERATIONS,
    REJECTED_PARTY,
    SUCCESS_PARTY,
    Harness,
    Kind,
    create_calls,
    make_harness,
    run,
)

LEDGERED_CREATES = [op for op in CREATE_OPERATIONS if op != "sandbox_create_api_user"]
PRE_APPROVAL = "collection_create_pre_approval"
PAY = {"amount": "5", "payer": SUCCESS_PARTY, "external_id": "order-1"}


def _pay(momo: Any, **changes: Any) -> Any:
    return momo.collection.request_to_pay(**{**PAY, **changes})


def recorded(ledger: Ledger, reference_id: str | None) -> LedgerEntry:
    assert reference_id is not None
    entry = ledger.get(reference_id)
    assert entry is not None, f"no ledger entry for {reference_id}"
    return entry


# -- the create path --------------------------------------------------------------------------


@pytest.mark.parametrize("operation", LEDGERED_CREATES)
async def test_every_create_is_written_ahead_then_replayed_without_a_post(
    h: Harness, operation: str
) -> None:
    ledger = MemoryLedger(clock=h.clock)
    at_send: list[Any] = []
    momo = h.client(ledger=ledger, on_reference_id=lambda ref: at_send.append(ledger.get(ref)))
    create = create_calls(momo)[operation]
    # A pre-approval has no external id: its retries find it by an idempotency key.
    key = {"idempotency_key": "pre-approval-1"} if operation == PRE_APPROVAL else {}
    changed = {"payer": "46733123460"} if operation == PRE_APPROVAL else {"amount": "11"}

    first = await run(create(**key))
    again = await run(create(**key))
    with pytest.raises(IdempotencyConflictError):
        await run(create(**key, **changed))

    assert first.replayed is False
    assert again == attrs.evolve(first, replayed=True)
    assert [entry.state for entry in at_send] == [LedgerState.PENDING_SUBMIT]  # before the POST
    assert at_send[0].payload["endpoint"] == operation
    assert "x_reference_id" not in at_send[0].payload["args"]
    assert recorded(ledger, first.reference_id).state is LedgerState.ACCEPTED
    assert len(h.sent_to(operation)) == 1
    (resource,) = h.sandbox.resources()
    assert (resource.reference_id, resource.post_count) == (first.reference_id, 1)


async def test_default_business_key_is_product_operation_and_external_id(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)

    accepted = await run(_pay(momo))
    other_order = await run(_pay(momo, external_id="order-2"))

    assert recorded(ledger, accepted.reference_id).business_key == business_key(
        "collection", "request_to_pay", "order-1"
    )
    assert recorded(ledger, accepted.reference_id).business_key == (
        "collection:request_to_pay:order-1"
    )
    assert other_order.reference_id != accepted.reference_id
    assert len(h.sandbox.resources()) == 2


async def test_a_callers_reference_id_is_recorded_and_checked(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)
    mine = str(uuid.uuid4())

    first = await run(_pay(momo, reference_id=mine))
    same = await run(_pay(momo, reference_id=mine))
    with pytest.raises(IdempotencyConflictError) as caught:
        await run(_pay(momo, reference_id=str(uuid.uuid4())))

    assert first.reference_id == mine
    assert same.replayed is True
    assert caught.value.differing_fields == ("reference_id",)
    assert caught.value.reference_id == mine
    assert len(h.sent_to("collection_request_to_pay")) == 1


async def test_an_idempotency_key_replaces_the_business_key(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)

    first = await run(_pay(momo, idempotency_key="job-42"))
    with pytest.raises(IdempotencyConflictError) as caught:
        await run(
            momo.disbursement.transfer(
                amount="5", payee=SUCCESS_PARTY, external_id="order-1", idempotency_key="job-42"
            )
        )

    assert recorded(ledger, first.reference_id).business_key == "job-42"
    assert caught.value.differing_fields == ("product", "operation")
    assert len(h.sandbox.resources()) == 1


async def test_every_client_has_a_ledger_so_an_idempotency_key_works(h: Harness) -> None:
    """No MOMO_LEDGER: a process-local memory ledger remembers the key."""
    assert isinstance(h.momo.ledger, MemoryLedger)
    first = await run(_pay(h.momo, idempotency_key="job-42"))
    again = await run(_pay(h.momo, idempotency_key="job-42"))

    assert (again.reference_id, again.replayed) == (first.reference_id, True)
    assert recorded(h.momo.ledger, first.reference_id).business_key == "job-42"
    assert len(h.sandbox.resources()) == 1


async def test_concurrent_creates_of_one_key_pay_once(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)

    if h.kind == "sync":
        with ThreadPoolExecutor(max_workers=5) as pool:
            results = list(pool.map(lambda _: _pay(momo), range(5)))
    else:
        results = await asyncio.gather(*(_pay(momo) for _ in range(5)))

    assert len({result.reference_id for result in results}) == 1
    (resource,) = h.sandbox.resources()
    assert resource.reference_id == results[0].reference_id
    # Every caller that lost the race got 409 and confirmed it: replayed, not an error.
    assert sum(not result.replayed for result in results) <= 1
    assert recorded(ledger, resource.reference_id).state is LedgerState.ACCEPTED


# -- what a failure leaves in the ledger ------------------------------------------------------


async def test_a_definite_refusal_is_recorded_and_a_retry_sends_again(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    at_send: list[LedgerState] = []
    momo = h.client(
        ledger=ledger, on_reference_id=lambda r: at_send.append(recorded(ledger, r).state)
    )
    h.sandbox.faults.fail(400, operation="RequesttoPay")

    with pytest.raises(BadRequestError) as caught:
        await run(_pay(momo))
    refused = recorded(ledger, caught.value.reference_id)
    retried = await run(_pay(momo))

    assert refused.state is LedgerState.FAILED_TO_SUBMIT
    assert (refused.last_error or "").startswith("BadRequestError")
    # Reopened before the retry's POST: a crash during it leaves an entry reconcile sees.
    assert at_send == [LedgerState.PENDING_SUBMIT, LedgerState.PENDING_SUBMIT]
    assert retried.reference_id == refused.reference_id
    assert retried.replayed is False
    assert recorded(ledger, retried.reference_id).state is LedgerState.ACCEPTED
    assert [r.post_count for r in h.sandbox.resources()] == [1]


async def test_a_token_failure_means_nothing_was_sent(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(max_attempts=1), ledger=ledger)
    h.sandbox.faults.token_outage()

    with pytest.raises(MomoAPIError) as caught:
        await run(_pay(momo))

    assert caught.value.operation == "create_access_token"
    assert recorded(ledger, caught.value.reference_id).state is LedgerState.FAILED_TO_SUBMIT
    assert h.sent_to("collection_request_to_pay") == []


async def test_an_answer_lost_after_processing_stays_pending_until_reconcile(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(max_attempts=1), ledger=ledger)
    h.sandbox.faults.drop(operation="RequesttoPay")  # processed, then no answer

    with pytest.raises(MomoConnectionError) as caught:
        await run(_pay(momo))
    reference_id = caught.value.reference_id
    too_young = await run(momo.reconcile())
    h.clock.advance(300)
    report = await run(momo.reconcile())

    assert too_young.outcomes == ()
    (outcome,) = report.outcomes
    assert outcome.entry.reference_id == reference_id
    assert (outcome.state, outcome.entry.final_status, outcome.resent) == (
        LedgerState.FINAL,
        "SUCCESSFUL",
        False,
    )
    assert [r.post_count for r in h.sandbox.resources()] == [1]


async def test_a_post_that_never_landed_is_sent_by_reconcile(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(max_attempts=1), ledger=ledger)
    h.sandbox.faults.reset(operation="RequesttoPay")  # reset before processing

    with pytest.raises(MomoConnectionError) as caught:
        await run(_pay(momo))
    assert recorded(ledger, caught.value.reference_id).state is LedgerState.PENDING_SUBMIT
    report = await run(momo.reconcile(older_than=0))

    (outcome,) = report.outcomes
    assert report.resent == (outcome,)
    assert outcome.state is LedgerState.FINAL
    (resource,) = h.sandbox.resources()
    assert (resource.reference_id, resource.post_count) == (caught.value.reference_id, 1)
    assert resource.request_body["externalId"] == "order-1"


async def test_a_retry_after_a_lost_answer_confirms_instead_of_paying_twice(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(max_attempts=1), ledger=ledger)
    h.sandbox.faults.drop(operation="RequesttoPay")

    with pytest.raises(MomoConnectionError) as caught:
        await run(_pay(momo))
    retried = await run(_pay(momo))

    assert retried.reference_id == caught.value.reference_id
    assert retried.replayed is True  # the first POST had landed: 409, confirmed
    (resource,) = h.sandbox.resources()
    assert resource.post_count == 2
    assert recorded(ledger, retried.reference_id).state is LedgerState.ACCEPTED


class LedgerFailingAfterPost(MemoryLedger):
    """A ledger whose disk fills up between the reservation and the 202."""

    def _update(self, reference_id: str, change: Any, operation: str) -> Any:
        if operation == "mark_accepted":
            raise unavailable_error(
                store="memory ledger",
                url="memory://",
                operation=operation,
                reason="disk full",
                outcome_unknown=True,
            )
        return super()._update(reference_id, change, operation)


async def test_a_ledger_failure_after_acceptance_does_not_hide_the_payment(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    ledger = LedgerFailingAfterPost(clock=h.clock)
    momo = h.client(ledger=ledger)

    with caplog.at_level(logging.WARNING, logger="momo_wrapper.ledger"):
        accepted = await run(_pay(momo))
    report = await run(momo.reconcile(older_than=0))

    assert accepted.replayed is False
    assert accepted.reference_id in caplog.text
    assert "disk full" in caplog.text
    for secret in h.sandbox.secrets():
        assert secret not in caplog.text
    assert [o.state for o in report.outcomes] == [LedgerState.FINAL]  # reconcile repaired it
    assert len(h.sandbox.resources()) == 1


class LedgerDown(MemoryLedger):
    def _insert_or_get(self, candidate: Any) -> Any:
        raise unavailable_error(
            store="redis ledger",
            url="redis://cache:6379/0",
            operation="reserve",
            reason="ConnectionError: connection refused",
            outcome_unknown=True,
        )


async def test_a_ledger_that_cannot_reserve_stops_the_create_before_anything_is_sent(
    h: Harness,
) -> None:
    momo = h.client(ledger=LedgerDown(clock=h.clock))

    with pytest.raises(StoreUnavailableError) as caught:
        await run(_pay(momo))

    assert caught.value.operation == "reserve"
    assert "do not send the request" in str(caught.value)
    assert h.sent == []


async def test_missing_credentials_fail_before_the_ledger_records_anything(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(remittance=None), ledger=ledger)

    with pytest.raises(MomoValidationError, match="remittance"):
        await run(momo.remittance.transfer(amount="5", payee=SUCCESS_PARTY, external_id="r-1"))

    assert len(ledger) == 0


# -- waits and reconcile ----------------------------------------------------------------------


async def test_wait_for_records_the_final_status(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)
    accepted = await run(_pay(momo, payer=REJECTED_PARTY))
    untracked = await run(_pay(h.momo, external_id="not-in-the-ledger"))

    final = await run(momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=10))
    other = await run(momo.collection.wait_for_request_to_pay(untracked.reference_id, timeout=10))

    entry = recorded(ledger, accepted.reference_id)
    assert final.status == "FAILED"
    assert (entry.state, entry.final_status, entry.reason) == (
        LedgerState.FINAL,
        "FAILED",
        "APPROVAL_REJECTED",
    )
    assert other.is_final
    assert ledger.get(untracked.reference_id) is None


async def test_reconcile_waits_for_a_pending_transaction_to_become_final(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)
    accepted = await run(_pay(momo, payer="46733123453"))  # PENDING for 30 virtual seconds

    early = await run(momo.reconcile(older_than=0))
    h.clock.advance(30)
    late = await run(momo.reconcile(older_than=0))

    assert [(o.state, o.status and o.status.status) for o in early.outcomes] == [
        (LedgerState.ACCEPTED, "PENDING")
    ]
    assert late.counts == {"FINAL": 1}
    assert recorded(ledger, accepted.reference_id).final_status == "SUCCESSFUL"


async def test_reconcile_reports_what_it_cannot_settle_and_sends_nothing(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(remittance=None), ledger=ledger)
    # Reserved through the ledger API: no stored request. Then one for an unconfigured product,
    # and one MoMo accepted once but cannot find now.
    bare = ledger.reserve("transfer:manual", CreateFingerprint(), "disbursement", "transfer")
    remote = ledger.reserve("transfer:r", CreateFingerprint(), "remittance", "transfer")
    lost = ledger.reserve("transfer:l", CreateFingerprint(), "disbursement", "deposit")
    ledger.mark_accepted(lost.reference_id)

    report = await run(momo.reconcile(older_than=0))

    problems = {o.entry.reference_id: type(o.error).__name__ for o in report.unresolved}
    assert problems == {
        bare.reference_id: "MomoValidationError",
        remote.reference_id: "MomoValidationError",
        lost.reference_id: "NotFoundError",
    }
    assert "no stored request" in str(report.outcomes[0].error)
    # Each says why a person must look; none of them can be settled by a later run alone.
    attention = {o.entry.reference_id: o.needs_attention for o in report.needs_attention}
    assert attention[bare.reference_id] == "no stored request to send again"
    assert "cannot be read" in str(attention[remote.reference_id])
    assert "now answers 404" in str(attention[lost.reference_id])
    assert report.settled == ()
    assert [o.state for o in report.outcomes] == [
        LedgerState.PENDING_SUBMIT,
        LedgerState.PENDING_SUBMIT,
        LedgerState.ACCEPTED,
    ]
    assert report.resent == ()
    assert h.sandbox.resources() == []


async def test_reconcile_takes_the_oldest_first_up_to_the_limit(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    momo = h.client(ledger=ledger)
    first = await run(_pay(momo))
    h.clock.advance(1)
    await run(_pay(momo, external_id="order-2"))

    report = await run(momo.reconcile(older_than=0, limit=1))

    assert [o.entry.reference_id for o in report.outcomes] == [first.reference_id]


async def test_reconcile_needs_sane_arguments(h: Harness) -> None:
    momo = h.client(ledger=MemoryLedger(clock=h.clock))
    with pytest.raises(MomoValidationError, match="older_than"):
        await run(momo.reconcile(older_than=-1))
    with pytest.raises(MomoValidationError, match="limit"):
        await run(momo.reconcile(limit=0))
    assert h.sent == []


# -- secrets at rest and stores that are down at start -----------------------------------------

SECRET_BASE = "http://127.0.0.1:9/hooks/s3cr3t-path-token"


async def test_callback_urls_are_not_stored_and_a_resend_builds_them_again(h: Harness) -> None:
    ledger = MemoryLedger(clock=h.clock)
    config = h.config(callback_base_url=SECRET_BASE)

    def crash(_reference_id: str) -> None:
        raise SystemExit("the worker dies after the reservation, before the POST")

    with pytest.raises(SystemExit):
        await run(_pay(h.client(config, ledger=ledger, on_reference_id=crash), external_id="cb-1"))
    (entry,) = ledger.pending()
    assert entry.state is LedgerState.PENDING_SUBMIT
    assert "s3cr3t" not in json.dumps(entry.to_record())
    assert "s3cr3t" not in repr(entry)
    momo = h.client(config, ledger=ledger)

    report = await run(momo.reconcile(older_than=0))

    (outcome,) = report.outcomes
    assert outcome.resent
    resource = h.sandbox.resource("collection", entry.reference_id)
    assert resource is not None
    assert resource.callback_url == (
        f"{SECRET_BASE}/collection/request_to_pay/{entry.reference_id}"
    )


def test_a_locked_sqlite_ledger_does_not_stop_a_client_from_starting(
    tmp_path: Path, sandbox: Any, kind: Kind
) -> None:
    path = tmp_path / "ledger.db"
    h = make_harness(kind, sandbox)
    config = h.config(ledger=f"sqlite:///{path}?busy_timeout=0.2")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        momo = h.client(config)  # starts while another process holds the file
        with pytest.raises(StoreUnavailableError):
            asyncio.run(run(_pay(momo)))
        assert h.sent == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    accepted = asyncio.run(run(_pay(momo)))
    assert accepted.replayed is False
    asyncio.run(h.close())
