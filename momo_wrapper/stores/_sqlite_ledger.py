"""The ledger in an SQLite file: every process on one host shares it.

One row per entry; ``business_key`` is UNIQUE, so two processes can never hold two entries for
one key. Each operation is one ``BEGIN IMMEDIATE`` transaction (read, apply the pure rule,
write), committed before the call returns, with ``synchronous=FULL``: when ``reserve`` returns,
the entry is on disk, before any POST. The changes in :data:`ANSWER_RECORDS` (an answer MoMo
already gave) commit with ``synchronous=NORMAL``: they survive a crash of the process, and a
power cut at worst leaves the entry unsettled for reconcile; that saves an fsync per payment.
The async methods run the same code in a worker thread.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LedgerEntryNotFoundError
from momo_wrapper._ledger import (
    ANSWER_RECORDS,
    OPEN_STATES,
    RECORD_COLUMNS,
    Change,
    Ledger,
    LedgerEntry,
)

from ._sqlite import DEFAULT_BUSY_TIMEOUT, SQLiteDatabase

_STORE = "sqlite ledger"
_COLUMNS = RECORD_COLUMNS
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM momo_ledger"
_BY_BUSINESS_KEY = f"{_SELECT} WHERE business_key = ?"
_BY_REFERENCE_ID = f"{_SELECT} WHERE reference_id = ?"
_INSERT = (
    f"INSERT INTO momo_ledger ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
)
# Skips the row when its business key or reference id is taken (only those: a NOT NULL
# violation still raises). SQLite has the clause since 3.24 (2018); older ones read first.
_INSERT_NEW = f"{_INSERT} ON CONFLICT DO NOTHING"
_UPSERT = sqlite3.sqlite_version_info >= (3, 24, 0)
_UPDATE = (
    "UPDATE momo_ledger SET state = ?, final_status = ?, reason = ?, last_error = ?, "
    "updated_at = ? WHERE reference_id = ?"
)
_OPEN = "(" + ", ".join(f"'{state.value}'" for state in sorted(OPEN_STATES)) + ")"
# Named by its states, so a change of OPEN_STATES builds a new partial index on first use.
_OPEN_INDEX = "momo_ledger_open_" + "_".join(
    state.value.lower().replace("_", "") for state in sorted(OPEN_STATES)
)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS momo_ledger (
        reference_id TEXT PRIMARY KEY,
        business_key TEXT NOT NULL UNIQUE,
        product TEXT NOT NULL,
        operation TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        final_status TEXT,
        reason TEXT,
        last_error TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        payload TEXT
    )""",
    # Reconcile reads only unsettled entries, by age.
    f"""CREATE INDEX IF NOT EXISTS {_OPEN_INDEX} ON momo_ledger (updated_at)
        WHERE state IN {_OPEN}""",
)


def _drop_old_open_indexes(conn: sqlite3.Connection) -> None:
    """Partial indexes over an earlier set of unsettled states are of no use any more."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'momo_ledger' "
        "AND name LIKE 'momo_ledger_open%'"
    ).fetchall()
    for (name,) in rows:
        if name != _OPEN_INDEX:
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')


def _add_payload_column(conn: sqlite3.Connection) -> None:
    """Files written before the ledger stored payloads lack the column; their rows get NULL."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(momo_ledger)")}
    if "payload" not in columns:
        conn.execute("ALTER TABLE momo_ledger ADD COLUMN payload TEXT")


def _entry(row: sqlite3.Row | tuple[object, ...]) -> LedgerEntry:
    return LedgerEntry.from_record(dict(zip(_COLUMNS, row, strict=True)))


class SQLiteLedger(Ledger):
    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(clock=clock)
        self._db = SQLiteDatabase(
            path,
            schema=_SCHEMA,
            store=_STORE,
            busy_timeout=busy_timeout,
            migrations=(_add_payload_column, _drop_old_open_indexes),
        )
        self.display_url = self._db.display_url

    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        record = candidate.to_record()
        values = tuple(record[name] for name in _COLUMNS)
        with self._db.transaction("reserve", write=True) as conn:
            # Insert first: a new key (the usual case) costs one statement, not two reads and a
            # write. The write lock is held since BEGIN IMMEDIATE, so nothing changes between a
            # refused insert and the reads that find why, key first as before.
            if _UPSERT and conn.execute(_INSERT_NEW, values).rowcount == 1:
                return candidate, True
            for select, value in (
                (_BY_BUSINESS_KEY, candidate.business_key),
                (_BY_REFERENCE_ID, candidate.reference_id),
            ):
                row = conn.execute(select, (value,)).fetchone()
                if row is not None:
                    return _entry(row), False
            conn.execute(_INSERT, values)
        return candidate, True

    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        durable = operation not in ANSWER_RECORDS
        with self._db.transaction(operation, write=True, durable=durable) as conn:
            row = conn.execute(_BY_REFERENCE_ID, (reference_id,)).fetchone()
            if row is None:
                raise LedgerEntryNotFoundError(reference_id, store=_STORE)
            current = _entry(row)
            updated = change(current)
            if updated != current:
                # The columns a change can touch, read off the entry: to_record() would encode
                # the unchanged payload only to leave it out.
                conn.execute(
                    _UPDATE,
                    (
                        updated.state.value,
                        updated.final_status,
                        updated.reason,
                        updated.last_error,
                        updated.updated_at,
                        reference_id,
                    ),
                )
        return updated

    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        with self._db.transaction("pending", write=False) as conn:
            rows = conn.execute(
                f"{_SELECT} WHERE state IN {_OPEN} AND updated_at <= ? "
                "ORDER BY updated_at, created_at LIMIT ?",
                (cutoff, -1 if limit is None else limit),
            ).fetchall()
        return [_entry(row) for row in rows]

    def _get(self, reference_id: str) -> LedgerEntry | None:
        with self._db.transaction("get", write=False) as conn:
            row = conn.execute(_BY_REFERENCE_ID, (reference_id,)).fetchone()
        return None if row is None else _entry(row)

    # SQLite has no async driver in the standard library: the same code, in a worker thread.

    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return await asyncio.to_thread(self._insert_or_get, candidate)

    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return await asyncio.to_thread(self._update, reference_id, change, operation)

    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return await asyncio.to_thread(self._pending, cutoff, limit)

    async def _aget(self, reference_id: str) -> LedgerEntry | None:
        return await asyncio.to_thread(self._get, reference_id)

    def close(self) -> None:
        self._db.close()
