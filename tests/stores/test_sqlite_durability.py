"""Which SQLite ledger writes wait for the disk: everything that guards against paying twice does;
recording an answer MoMo already gave does not (``ANSWER_RECORDS``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from momo_wrapper._ledger import ANSWER_RECORDS
from momo_wrapper.stores import SQLiteLedger
from momo_wrapper.stores._sqlite import SQLiteDatabase

FULL, NORMAL = 2, 1  # PRAGMA synchronous answers


@pytest.fixture
def levels(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """The synchronous level in force inside every write transaction, by operation."""
    seen: dict[str, list[int]] = {}
    original = SQLiteDatabase.transaction

    @contextlib.contextmanager
    def recording(
        self: SQLiteDatabase, operation: str, *, write: bool, durable: bool = True
    ) -> Iterator[object]:
        with original(self, operation, write=write, durable=durable) as conn:
            if write:
                level = conn.execute("PRAGMA synchronous").fetchone()[0]
                seen.setdefault(operation, []).append(level)
            yield conn

    monkeypatch.setattr(SQLiteDatabase, "transaction", recording)
    return seen


def _expected(seen: dict[str, list[int]]) -> dict[str, list[int]]:
    return {
        operation: [NORMAL if operation in ANSWER_RECORDS else FULL] * len(found)
        for operation, found in seen.items()
    }


def test_only_answer_records_skip_the_fsync(tmp_path: Path, levels: dict[str, list[int]]) -> None:
    with SQLiteLedger(tmp_path / "ledger.db") as ledger:
        first = ledger.reserve("k1", "fp", "collection", "request_to_pay")
        ledger.mark_accepted(first.reference_id)
        ledger.mark_final(first.reference_id, "SUCCESSFUL")
        # The same thread's connection, right after a write that skipped the fsync:
        second = ledger.reserve("k2", "fp", "collection", "request_to_pay")
        ledger.mark_failed(second.reference_id, "refused")
        ledger.reopen(second.reference_id)
        ledger.mark_accepted(second.reference_id)
    assert set(levels) >= {"reserve", "mark_accepted", "mark_final", "mark_failed", "reopen"}
    assert levels["reserve"] == [FULL, FULL]
    assert levels["mark_accepted"] == [NORMAL, NORMAL]
    assert levels == _expected(levels)


async def test_only_answer_records_skip_the_fsync_async(
    tmp_path: Path, levels: dict[str, list[int]]
) -> None:
    async with SQLiteLedger(tmp_path / "ledger.db") as ledger:
        first = await ledger.areserve("k1", "fp", "collection", "request_to_pay")
        await ledger.amark_accepted(first.reference_id)
        second = await ledger.areserve("k2", "fp", "collection", "request_to_pay")
        await ledger.amark_failed(second.reference_id, "refused")
        await ledger.areopen(second.reference_id)
    assert levels["reserve"] == [FULL, FULL]
    assert levels["mark_accepted"] == [NORMAL]
    assert levels == _expected(levels)


def test_a_write_not_durable_still_commits_for_the_next_process(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with SQLiteLedger(path) as ledger:
        entry = ledger.reserve("k1", "fp", "collection", "request_to_pay")
        ledger.mark_accepted(entry.reference_id)
    with SQLiteLedger(path) as reopened:
        found = reopened.get(entry.reference_id)
    assert found is not None
    assert found.state.value == "ACCEPTED"
