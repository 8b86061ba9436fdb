"""The ledger's behaviour, identical on memory, SQLite and Redis, through sync and async calls."""

from __future__ import annotations

import gc
import sqlite3
import threading
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import IdempotencyConflictError, MomoValidationError
from momo_wrapper._idempotency import CreateFingerprint
from momo_wrapper._ledger import WirePayload
from momo_wrapper._memory_ledger import MemoryLedger
from momo_wrapper._results import Party, Reason
from momo_wrapper.stores import (
    Ledger,
    LedgerEntryNotFoundError,
    LedgerState,
    LedgerTransitionError,
    SQLiteLedger,
    business_key,
    fingerprint_differences,
    request_fingerprint,
)

PAYEE = Party("MSISDN", "46733123453")
REQUEST = CreateFingerprint(
    amount=Decimal("10.50"), currency="EUR", external_id="order-17", party=PAYEE
)
KEY = business_key("disbursement", "transfer", "order-17")


async def call(ledger: Ledger, mode: str, name: str, *args: Any, **kwargs: Any) -> Any:
    if mode == "sync":
        return getattr(ledger, name)(*args, **kwargs)
    return await getattr(ledger, f"a{name}")(*args, **kwargs)


async def reserve(ledger: Ledger, mode: str, key: str = KEY, request: Any = REQUEST) -> Any:
    return await call(ledger, mode, "reserve", key, request, "disbursement", "transfer")


# -- reserve --------------------------------------------------------------------------------


async def test_reserve_creates_one_entry_per_key(ledger: Ledger, mode: str) -> None:
    first = await reserve(ledger, mode)
    again = await reserve(ledger, mode)

    assert first.just_created
    assert not again.just_created
    assert again == first
    assert uuid.UUID(first.reference_id).version == 4
    assert first.state is LedgerState.PENDING_SUBMIT
    assert (first.product, first.operation, first.business_key) == ("disbursement", "transfer", KEY)
    assert await call(ledger, mode, "get", first.reference_id) == first


async def test_reserve_is_written_before_it_returns(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)

    stored = await call(ledger, mode, "get", entry.reference_id)

    assert stored is not None
    assert stored.state is LedgerState.PENDING_SUBMIT
    assert [e.reference_id for e in await call(ledger, mode, "pending")] == [entry.reference_id]


async def test_same_request_normalised_differently_is_the_same_entry(
    ledger: Ledger, mode: str
) -> None:
    first = await reserve(ledger, mode)
    same = CreateFingerprint(
        amount=Decimal("10.5"),
        currency="eur",
        external_id="order-17",
        party=Party("msisdn", PAYEE.party_id),
    )

    assert (await reserve(ledger, mode, request=same)).reference_id == first.reference_id


async def test_different_request_under_a_used_key_is_a_conflict(ledger: Ledger, mode: str) -> None:
    first = await reserve(ledger, mode)
    other = CreateFingerprint(
        amount=Decimal("11"), currency="EUR", external_id="order-17", party=PAYEE
    )

    with pytest.raises(IdempotencyConflictError) as caught:
        await reserve(ledger, mode, request=other)

    assert caught.value.differing_fields == ("amount",)
    assert caught.value.reference_id == first.reference_id
    assert KEY in str(caught.value)
    assert "amount" in str(caught.value)


async def test_another_operation_under_a_used_key_is_a_conflict(ledger: Ledger, mode: str) -> None:
    await reserve(ledger, mode)

    with pytest.raises(IdempotencyConflictError) as caught:
        await call(ledger, mode, "reserve", KEY, REQUEST, "remittance", "transfer")

    assert caught.value.differing_fields == ("product",)


async def test_reserve_rejects_unusable_input(ledger: Ledger, mode: str) -> None:
    with pytest.raises(MomoValidationError, match="business_key"):
        await call(ledger, mode, "reserve", "  ", REQUEST, "disbursement", "transfer")
    with pytest.raises(MomoValidationError, match="fingerprint"):
        await call(ledger, mode, "reserve", KEY, "", "disbursement", "transfer")


# -- state changes ----------------------------------------------------------------------------


async def test_accepted_then_final(ledger: Ledger, mode: str, wall_clock: FakeClock) -> None:
    entry = await reserve(ledger, mode)
    wall_clock.advance(5)

    accepted = await call(ledger, mode, "mark_accepted", entry.reference_id)
    wall_clock.advance(5)
    final = await call(
        ledger, mode, "mark_final", entry.reference_id, "failed", Reason("NOT_ENOUGH_FUNDS")
    )

    assert accepted.state is LedgerState.ACCEPTED
    assert accepted.updated_at == entry.created_at + 5
    assert (final.state, final.final_status, final.reason) == (
        LedgerState.FINAL,
        "FAILED",
        "NOT_ENOUGH_FUNDS",
    )
    assert final.created_at == entry.created_at
    assert final.updated_at == entry.created_at + 10
    assert await call(ledger, mode, "get", entry.reference_id) == final
    assert await call(ledger, mode, "pending") == []


async def test_repeating_a_change_is_harmless(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)
    ref = entry.reference_id

    await call(ledger, mode, "mark_accepted", ref)
    final = await call(ledger, mode, "mark_final", ref, "SUCCESSFUL")

    assert await call(ledger, mode, "mark_final", ref, "SUCCESSFUL") == final
    # A late 202 after a callback already reported the outcome changes nothing.
    assert await call(ledger, mode, "mark_accepted", ref) == final


async def test_refusal_records_a_redacted_error(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)

    failed = await call(
        ledger,
        mode,
        "mark_failed",
        entry.reference_id,
        ValueError("400 with Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl"),
    )

    assert failed.state is LedgerState.FAILED_TO_SUBMIT
    assert failed.last_error.startswith("ValueError: 400")
    assert "eyJ" not in failed.last_error
    # A refusal is our reading of MoMo's answers: reconcile still asks MoMo about it.
    assert await call(ledger, mode, "pending") == [failed]


async def test_a_refusal_is_settled_only_outside_the_not_yet_visible_window(
    ledger: Ledger, mode: str, wall_clock: FakeClock
) -> None:
    entry = await reserve(ledger, mode)
    ref = entry.reference_id
    failed = await call(ledger, mode, "mark_failed", ref, "429")
    wall_clock.advance(5)

    # A 404 five seconds after the refusal proves nothing: MoMo may not show it yet.
    assert await call(ledger, mode, "mark_refused", ref, visible_after=10) == failed
    wall_clock.advance(10)
    refused = await call(ledger, mode, "mark_refused", ref, visible_after=10)

    assert refused.state is LedgerState.REFUSED
    assert not refused.is_open
    assert await call(ledger, mode, "pending") == []
    # Settled, but the same request may be sent again, and MoMo's word wins over ours.
    reopened = await call(ledger, mode, "reopen", ref)
    assert reopened.state is LedgerState.PENDING_SUBMIT
    await call(ledger, mode, "mark_failed", ref, "429")
    assert (await call(ledger, mode, "mark_accepted", ref)).state is LedgerState.ACCEPTED


async def test_mark_refused_leaves_every_other_state_alone(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)
    ref = entry.reference_id
    assert await call(ledger, mode, "mark_refused", ref, visible_after=0) == entry
    accepted = await call(ledger, mode, "mark_accepted", ref)
    assert await call(ledger, mode, "mark_refused", ref, visible_after=0) == accepted


async def test_a_final_status_cannot_change(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)
    done = await call(ledger, mode, "mark_final", entry.reference_id, "SUCCESSFUL")

    with pytest.raises(LedgerTransitionError) as caught:
        await call(ledger, mode, "mark_final", entry.reference_id, "FAILED")

    assert caught.value.reference_id == entry.reference_id
    assert await call(ledger, mode, "get", entry.reference_id) == done


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (("mark_accepted",), ("mark_failed", "refused")),
        (("mark_accepted",), ("reopen",)),
        (("mark_final", "SUCCESSFUL"), ("mark_failed", "refused")),
        (("mark_final", "SUCCESSFUL"), ("reopen",)),
    ],
)
async def test_a_refusal_never_overrides_an_entry_momo_holds(
    ledger: Ledger, mode: str, first: tuple[str, ...], then: tuple[str, ...]
) -> None:
    """A slow caller's refusal or re-send of a key another caller got accepted changes nothing,
    and the caller learns from the entry it gets back that MoMo holds the payment."""
    entry = await reserve(ledger, mode)
    done = await call(ledger, mode, first[0], entry.reference_id, *first[1:])

    assert await call(ledger, mode, then[0], entry.reference_id, *then[1:]) == done
    assert await call(ledger, mode, "get", entry.reference_id) == done


async def test_a_status_that_is_not_final_is_rejected(ledger: Ledger, mode: str) -> None:
    entry = await reserve(ledger, mode)

    with pytest.raises(MomoValidationError, match="not a final"):
        await call(ledger, mode, "mark_final", entry.reference_id, "PENDING")


async def test_unknown_reference_id(ledger: Ledger, mode: str) -> None:
    unknown = str(uuid.uuid4())

    assert await call(ledger, mode, "get", unknown) is None
    with pytest.raises(LedgerEntryNotFoundError) as caught:
        await call(ledger, mode, "mark_accepted", unknown)
    assert caught.value.reference_id == unknown


# -- pending (the reconcile work list) -------------------------------------------------------


async def test_pending_lists_open_entries_by_age(
    ledger: Ledger, mode: str, wall_clock: FakeClock
) -> None:
    refs = {}
    for name in ("old", "accepted", "final", "refused", "young"):
        refs[name] = (await reserve(ledger, mode, key=f"transfer:{name}")).reference_id
        wall_clock.advance(60)
    await call(ledger, mode, "mark_accepted", refs["accepted"])  # now its last change is newest
    await call(ledger, mode, "mark_final", refs["final"], "SUCCESSFUL")
    wall_clock.advance(1)
    await call(ledger, mode, "mark_failed", refs["refused"], "400")
    wall_clock.advance(30)

    everything = await call(ledger, mode, "pending")
    older_than_a_minute = await call(ledger, mode, "pending", 60)
    oldest = await call(ledger, mode, "pending", 0, limit=1)

    assert [e.reference_id for e in everything] == [
        refs["old"],
        refs["young"],
        refs["accepted"],
        refs["refused"],
    ]
    assert [e.state for e in everything] == [
        LedgerState.PENDING_SUBMIT,
        LedgerState.PENDING_SUBMIT,
        LedgerState.ACCEPTED,
        LedgerState.FAILED_TO_SUBMIT,
    ]
    assert [e.reference_id for e in older_than_a_minute] == [refs["old"], refs["young"]]
    assert [e.reference_id for e in oldest] == [refs["old"]]
    # What reconcile needs to ask MoMo: product, operation and reference id.
    assert {(e.product, e.operation) for e in everything} == {("disbursement", "transfer")}


async def test_pending_rejects_bad_arguments(ledger: Ledger, mode: str) -> None:
    with pytest.raises(MomoValidationError, match="older_than_seconds"):
        await call(ledger, mode, "pending", -1)
    with pytest.raises(MomoValidationError, match="limit"):
        await call(ledger, mode, "pending", 0, limit=0)


# -- durability and fingerprints --------------------------------------------------------------


def test_sqlite_entries_survive_reopening(tmp_path: Path, wall_clock: FakeClock) -> None:
    with SQLiteLedger(tmp_path / "l.db", clock=wall_clock) as ledger:
        entry = ledger.reserve(KEY, REQUEST, "disbursement", "transfer")
        ledger.mark_accepted(entry.reference_id)

    with SQLiteLedger(tmp_path / "l.db", clock=wall_clock) as reopened:
        again = reopened.reserve(KEY, REQUEST, "disbursement", "transfer")

    assert again.reference_id == entry.reference_id
    assert again.state is LedgerState.ACCEPTED
    assert not again.just_created


def test_sqlite_file_is_private_to_its_owner(tmp_path: Path) -> None:
    ledger = SQLiteLedger(tmp_path / "l.db")
    assert not (tmp_path / "l.db").exists()  # nothing is opened before the first use
    assert ledger.get(str(uuid.uuid4())) is None
    ledger.close()

    assert (tmp_path / "l.db").stat().st_mode & 0o077 == 0


def test_fingerprint_is_stable_and_names_the_differing_fields() -> None:
    fingerprint = request_fingerprint(REQUEST)
    moved = request_fingerprint(
        CreateFingerprint(
            amount=Decimal("10.5"),
            currency="EUR",
            external_id="order-17",
            party=Party("MSISDN", "1"),
        )
    )

    assert fingerprint == (
        "v1;amount=364fa464075371fe;currency=fa425e76cc2166d4;"
        "external_id=f1c84ec3eb681ddf;party=b9c167e8463a4c72"
    )
    assert fingerprint_differences(fingerprint, moved) == ("party",)
    assert fingerprint_differences(fingerprint, fingerprint) == ()
    assert fingerprint_differences(fingerprint, "opaque") == ("fingerprint",)
    assert request_fingerprint(CreateFingerprint()) == (
        "v1;amount=-;currency=-;external_id=-;party=-"
    )


def test_business_key_joins_product_operation_and_external_id() -> None:
    assert business_key("collection", "request_to_pay", "inv-9") == (
        "collection:request_to_pay:inv-9"
    )
    # One order paid out by two products is two payments, not a conflict.
    assert business_key("disbursement", "transfer", "o-1") != business_key(
        "remittance", "transfer", "o-1"
    )
    with pytest.raises(MomoValidationError, match="external_id"):
        business_key("disbursement", "transfer", "")
    with pytest.raises(MomoValidationError, match="product"):
        business_key("", "transfer", "o-1")


def test_sqlite_connections_of_finished_threads_are_closed(tmp_path: Path) -> None:
    ledger = SQLiteLedger(tmp_path / "l.db")
    ledger.get(str(uuid.uuid4()))
    threads = [threading.Thread(target=ledger.get, args=(str(uuid.uuid4()),)) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    gc.collect()

    assert len(ledger._db._connections) == 1  # the opening thread's, still in use
    ledger.close()


# -- reference ids, payloads and reopening ----------------------------------------------------

PAYLOAD = {
    "v": 1,
    "endpoint": "disbursement_transfer",
    "args": {"x_target_environment": "sandbox"},
    "body": {"amount": "10.50", "currency": "EUR", "externalId": "order-17"},
}


async def test_reserve_uses_the_given_reference_id_and_payload(ledger: Ledger, mode: str) -> None:
    chosen = str(uuid.uuid4())

    entry = await call(
        ledger, mode, "reserve", KEY, REQUEST, "disbursement", "transfer",
        reference_id=chosen, payload=PAYLOAD,
    )  # fmt: skip
    again = await reserve(ledger, mode)  # no reference id: the stored one, whatever it is

    assert entry.just_created
    assert entry.reference_id == again.reference_id == chosen
    assert (await call(ledger, mode, "get", chosen)).payload == PAYLOAD
    assert again.payload == PAYLOAD
    assert "10.50" not in repr(entry)  # the request body stays out of logs


async def test_the_payload_is_kept_as_it_was_when_reserved(ledger: Ledger, mode: str) -> None:
    """The entry holds the payload's JSON text: changing the caller's dict afterwards, or the
    dict read back from the entry, changes nothing stored, and a re-reserve sees the original."""
    mine = {"v": 1, "args": {"x_target_environment": "sandbox"}, "body": {"amount": "10.50"}}

    entry = await call(
        ledger, mode, "reserve", KEY, REQUEST, "disbursement", "transfer", payload=mine
    )
    mine["body"]["amount"] = "99"
    assert entry.payload is not None
    read = dict(entry.payload)
    read["v"] = 2

    stored = await call(ledger, mode, "get", entry.reference_id)
    again = await reserve(ledger, mode)
    original = {"v": 1, "args": {"x_target_environment": "sandbox"}, "body": {"amount": "10.50"}}
    assert entry.payload == stored.payload == again.payload == original
    assert entry.to_record()["payload"] == stored.to_record()["payload"]


async def test_a_reference_id_belongs_to_one_business_key(ledger: Ledger, mode: str) -> None:
    first = await reserve(ledger, mode)

    with pytest.raises(IdempotencyConflictError) as caught:
        await call(
            ledger, mode, "reserve", "transfer:order-18", REQUEST, "disbursement", "transfer",
            reference_id=first.reference_id,
        )  # fmt: skip

    assert caught.value.differing_fields == ("reference_id",)
    assert KEY in str(caught.value)
    assert await call(ledger, mode, "get", first.reference_id) == first
    assert len(await call(ledger, mode, "pending")) == 1


async def test_unusable_reference_ids_and_payloads_are_refused(ledger: Ledger, mode: str) -> None:
    with pytest.raises(MomoValidationError, match="reference_id"):
        await call(ledger, mode, "reserve", KEY, REQUEST, "d", "t", reference_id="nope")
    with pytest.raises(MomoValidationError, match="payload"):
        await call(ledger, mode, "reserve", KEY, REQUEST, "d", "t", payload={"x": object()})
    with pytest.raises(MomoValidationError, match="payload"):
        await call(ledger, mode, "reserve", KEY, REQUEST, "d", "t", payload={"x": "y" * 20_000})
    assert await call(ledger, mode, "pending") == []


async def test_a_wire_payload_is_encoded_only_by_a_store_that_writes_it(
    ledger: Ledger, mode: str
) -> None:
    """The payload every create records (``wire_request``) reads back the same everywhere; a
    store that writes it checks it then, and refuses one it cannot store, recording nothing."""
    wire = WirePayload(v=1, endpoint="disbursement_transfer", args={}, body={"amount": "10.50"})
    entry = await call(ledger, mode, "reserve", KEY, REQUEST, "d", "t", payload=wire)

    assert entry.payload == {"v": 1, "endpoint": "disbursement_transfer", "args": {},
                             "body": {"amount": "10.50"}}  # fmt: skip
    assert (await call(ledger, mode, "get", entry.reference_id)).payload == entry.payload
    too_large = WirePayload(v=1, body={"note": "y" * 20_000})
    if isinstance(ledger, MemoryLedger):
        # Never written anywhere, so never encoded: no JSON text per create.
        assert repr(entry.payload) == "<StoredPayload not yet encoded>"
        kept = await call(ledger, mode, "reserve", "other", REQUEST, "d", "t", payload=too_large)
        assert kept.payload["body"]["note"] == "y" * 20_000
        return
    with pytest.raises(MomoValidationError, match="bytes as JSON"):
        await call(ledger, mode, "reserve", "other", REQUEST, "d", "t", payload=too_large)
    assert [e.business_key for e in await call(ledger, mode, "pending")] == [KEY]


async def test_reopen_makes_a_refused_entry_pending_again(
    ledger: Ledger, mode: str, wall_clock: FakeClock
) -> None:
    entry = await reserve(ledger, mode)
    await call(ledger, mode, "mark_failed", entry.reference_id, "400 Bad Request")
    wall_clock.advance(3)

    reopened = await call(ledger, mode, "reopen", entry.reference_id)
    again = await call(ledger, mode, "reopen", entry.reference_id)

    assert reopened.state is LedgerState.PENDING_SUBMIT
    assert reopened.updated_at == entry.created_at + 3
    assert reopened.last_error == "400 Bad Request"  # kept: what happened last time
    assert again == reopened
    assert [e.reference_id for e in await call(ledger, mode, "pending")] == [entry.reference_id]


@pytest.mark.parametrize(
    ("change", "state"), [("mark_accepted", "ACCEPTED"), ("mark_final", "FINAL")]
)
async def test_momo_holding_a_refused_entry_wins(
    ledger: Ledger, mode: str, change: str, state: str
) -> None:
    """FAILED_TO_SUBMIT was our reading of an answer; MoMo later reporting it is a fact."""
    entry = await reserve(ledger, mode)
    await call(ledger, mode, "mark_failed", entry.reference_id, "429 Too Many Requests")

    args = ("SUCCESSFUL",) if change == "mark_final" else ()
    changed = await call(ledger, mode, change, entry.reference_id, *args)

    assert changed.state is LedgerState(state)


def test_sqlite_file_from_before_payloads_gets_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE momo_ledger (reference_id TEXT PRIMARY KEY, business_key TEXT NOT NULL "
        "UNIQUE, product TEXT NOT NULL, operation TEXT NOT NULL, fingerprint TEXT NOT NULL, "
        "state TEXT NOT NULL, final_status TEXT, reason TEXT, last_error TEXT, "
        "created_at REAL NOT NULL, updated_at REAL NOT NULL)"
    )
    reference_id = str(uuid.uuid4())
    old.execute(
        "INSERT INTO momo_ledger VALUES (?, ?, 'disbursement', 'transfer', 'v1;x', "
        "'PENDING_SUBMIT', NULL, NULL, NULL, 1.0, 1.0)",
        (reference_id, KEY),
    )
    old.commit()
    old.close()

    with SQLiteLedger(path) as ledger:
        kept = ledger.get(reference_id)
        new = ledger.reserve(
            "transfer:order-18", REQUEST, "disbursement", "transfer", payload=PAYLOAD
        )
        stored = ledger.get(new.reference_id)

    assert kept is not None
    assert kept.payload is None
    assert stored is not None
    assert stored.payload == PAYLOAD


def test_redis_refusals_written_before_they_were_unsettled_are_listed(
    redis_url: str, wall_clock: FakeClock
) -> None:
    """Refusals used to be settled at once and left out of Redis's unsettled index: the first
    ``pending`` puts them back on reconcile's work list (once), so none is missed."""
    import redis

    from momo_wrapper.stores._redis_ledger import RedisLedger

    prefix = f"old-{uuid.uuid4().hex[:8]}"
    unsettled = f"{prefix}:ledger:v1:open"
    ledger = RedisLedger(redis_url, key_prefix=prefix, clock=wall_clock)
    entry = ledger.reserve(KEY, REQUEST, "disbursement", "transfer")
    failed = ledger.mark_failed(entry.reference_id, "400")
    raw = redis.Redis.from_url(redis_url)
    raw.zrem(unsettled, entry.reference_id)  # as an older version wrote it
    assert raw.zscore(unsettled, entry.reference_id) is None

    upgraded = RedisLedger(redis_url, key_prefix=prefix, clock=wall_clock)
    assert upgraded.pending() == [failed]
    assert raw.get(f"{prefix}:ledger:v1:migrated:failed-to-submit-unsettled") == b"1"
    upgraded.close()
    raw.close()
    ledger.close()


def test_sql_backends_keep_every_field_of_the_stored_form() -> None:
    from momo_wrapper._ledger import RECORD_COLUMNS, new_entry

    entry = new_entry(KEY, REQUEST, "disbursement", "transfer", now=1.0)
    assert sorted(RECORD_COLUMNS) == sorted(entry.to_record())


async def test_redis_ledger_reloads_its_scripts_after_a_script_flush(
    redis_url: str, wall_clock: FakeClock, mode: str
) -> None:
    """Scripts go by SHA1 (EVALSHA); a server that lost them (restart, SCRIPT FLUSH) answers
    NOSCRIPT without running anything, and the ledger loads the script and sends the call again."""
    import redis

    from momo_wrapper.stores._redis_ledger import _COMPARE_AND_SET, _RESERVE, RedisLedger

    ledger = RedisLedger(redis_url, clock=wall_clock)
    raw = redis.Redis.from_url(redis_url)
    try:
        raw.script_flush()
        entry = await reserve(ledger, mode)
        assert raw.script_exists(_RESERVE.sha) == [True]

        raw.script_flush()
        accepted = await call(ledger, mode, "mark_accepted", entry.reference_id)
        assert raw.script_exists(_COMPARE_AND_SET.sha) == [True]

        raw.script_flush()
        again = await reserve(ledger, mode)
        final = await call(ledger, mode, "mark_final", entry.reference_id, "SUCCESSFUL")
    finally:
        raw.close()
        await ledger.aclose()

    assert entry.just_created
    assert accepted.state is LedgerState.ACCEPTED
    assert (again.reference_id, again.just_created) == (entry.reference_id, False)
    assert (final.state, final.final_status) == (LedgerState.FINAL, "SUCCESSFUL")


def test_redis_script_ids_are_the_ones_redis_computes(redis_url: str) -> None:
    import redis

    from momo_wrapper.stores import _redis_ledger, _redis_tokens

    scripts = [
        _redis_ledger._RESERVE,
        _redis_ledger._COMPARE_AND_SET,
        _redis_tokens._ACQUIRE,
        _redis_tokens._RELEASE,
        _redis_tokens._DELETE_IF_SAME,
    ]
    with redis.Redis.from_url(redis_url, decode_responses=True) as raw:
        assert [raw.script_load(script.text) for script in scripts] == [s.sha for s in scripts]
