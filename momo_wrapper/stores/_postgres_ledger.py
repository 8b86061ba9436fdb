"""The ledger in PostgreSQL: every process on every host shares it, and it can live in the same
database as the service's own tables, which is what makes the transactional outbox possible.

Table ``<schema>.ledger``: one row per entry; ``reference_id`` is the primary key and
``business_key`` UNIQUE, so no two entries ever share either. ``reserve`` is one
``INSERT ... ON CONFLICT DO NOTHING`` (a racing insert of the same key waits for the other
transaction, then finds its row); a state change is ``SELECT ... FOR UPDATE``, the shared pure
rule, then ``UPDATE``, in one transaction; every call commits before it returns.

The outbox columns (migration 2): ``queued`` marks an entry recorded by
:meth:`PostgresLedger.intent_recorder` inside the caller's transaction and not yet handed to MoMo;
a dispatcher takes a batch with ``SELECT ... FOR UPDATE SKIP LOCKED`` and writes its lease
(``lease_owner``, ``lease_until``, database time), so concurrent dispatchers on any number of
hosts never take the same entry while its lease runs. An entry that leaves PENDING_SUBMIT is no
longer queued. :meth:`Ledger.pending` skips entries whose dispatch lease is running.
"""

from __future__ import annotations

from typing import Any

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LedgerEntryNotFoundError
from momo_wrapper._ledger import (
    OPEN_STATES,
    RECORD_COLUMNS,
    AsyncIntentRecorder,
    Change,
    IntentRecorder,
    LedgerEntry,
    LedgerState,
    OutboxLedger,
)
from momo_wrapper._store_plugins import redact_url

from ._postgres import PostgresDatabase, Statement
from ._postgres_outbox import (
    _NEVER_SLEEPS,
    async_executor,
    blocking_executor,
    check_async_connection,
)
from ._steps import Steps, run_async, run_sync
from ._urls import DEFAULT_POSTGRES_SCHEMA

STORE = "postgres ledger"
COLUMNS = RECORD_COLUMNS
_SELECTED = ", ".join(COLUMNS)


def entry_from_row(row: Any) -> LedgerEntry:
    return LedgerEntry.from_record(dict(zip(COLUMNS, row, strict=True)))


def _open_states() -> list[str]:
    # The shared definition of "still to be checked" decides.
    return sorted(state.value for state in OPEN_STATES)


class LedgerSQL:
    """The ledger's statements for one schema, as step generators: run by the ledger on its own
    connections, or by the outbox on the caller's connection inside the caller's transaction."""

    def __init__(self, schema: str) -> None:
        from ._postgres import quoted

        self.table = f"{quoted(schema)}.ledger"

    def insert_or_get(
        self, candidate: LedgerEntry, *, queued: bool = False
    ) -> Steps[Statement, tuple[LedgerEntry, bool]]:
        record = candidate.to_record()
        names = [*COLUMNS, "queued"]
        values = ", ".join(
            "%(payload)s::jsonb" if name == "payload" else f"%({name})s" for name in names
        )
        inserted = yield Statement(
            f"INSERT INTO {self.table} ({', '.join(names)}) VALUES ({values}) "
            "ON CONFLICT DO NOTHING RETURNING reference_id",
            {**{name: record[name] for name in COLUMNS}, "queued": queued},
        )
        assert isinstance(inserted, list)
        if inserted:
            return candidate, True
        for column, value in (
            ("business_key", candidate.business_key),
            ("reference_id", candidate.reference_id),
        ):
            rows = yield Statement(
                f"SELECT {_SELECTED} FROM {self.table} WHERE {column} = %(value)s",
                {"value": value},
            )
            assert isinstance(rows, list)
            if rows:
                return entry_from_row(rows[0]), False
        # Unreachable unless a row was deleted between the INSERT and the SELECT.
        raise LedgerEntryNotFoundError(candidate.reference_id, store=STORE)

    def update(self, reference_id: str, change: Change) -> Steps[Statement, LedgerEntry]:
        rows = yield Statement(
            f"SELECT {_SELECTED} FROM {self.table} WHERE reference_id = %(ref)s FOR UPDATE",
            {"ref": reference_id},
        )
        assert isinstance(rows, list)
        if not rows:
            raise LedgerEntryNotFoundError(reference_id, store=STORE)
        current = entry_from_row(rows[0])
        updated = change(current)
        if updated != current:
            record = updated.to_record()
            still_queued = updated.state is LedgerState.PENDING_SUBMIT
            yield Statement(
                f"UPDATE {self.table} SET state = %(state)s, final_status = %(final_status)s, "
                "reason = %(reason)s, last_error = %(last_error)s, updated_at = %(updated_at)s, "
                "queued = queued AND %(still_queued)s, "
                "lease_owner = CASE WHEN %(still_queued)s THEN lease_owner END, "
                "lease_until = CASE WHEN %(still_queued)s THEN lease_until END "
                "WHERE reference_id = %(ref)s",
                {
                    **{k: record[k] for k in ("state", "final_status", "reason", "last_error")},
                    "updated_at": record["updated_at"],
                    "still_queued": still_queued,
                    "ref": reference_id,
                },
                fetch=False,
            )
        return updated

    def pending(self, cutoff: float, limit: int | None) -> Steps[Statement, list[LedgerEntry]]:
        rows = yield Statement(
            f"SELECT {_SELECTED} FROM {self.table} WHERE state = ANY(%(states)s) "
            "AND updated_at <= %(cutoff)s AND (lease_until IS NULL OR lease_until <= now()) "
            "ORDER BY updated_at, created_at LIMIT %(limit)s",
            {"states": _open_states(), "cutoff": cutoff, "limit": limit},
        )
        assert isinstance(rows, list)
        return [entry_from_row(row) for row in rows]

    def get(self, reference_id: str) -> Steps[Statement, LedgerEntry | None]:
        rows = yield Statement(
            f"SELECT {_SELECTED} FROM {self.table} WHERE reference_id = %(ref)s",
            {"ref": reference_id},
        )
        assert isinstance(rows, list)
        return entry_from_row(rows[0]) if rows else None

    # -- the outbox ---------------------------------------------------------------------------

    def claim(self, limit: int, lease: float, owner: str) -> Steps[Statement, list[LedgerEntry]]:
        """Take up to ``limit`` queued entries no one holds, oldest first, for ``lease`` s."""
        rows = yield Statement(
            f"UPDATE {self.table} SET lease_owner = %(owner)s, "
            "lease_until = now() + make_interval(secs => %(lease)s), "
            "dispatch_attempts = dispatch_attempts + 1 "
            f"WHERE reference_id IN (SELECT reference_id FROM {self.table} "
            "WHERE queued AND (lease_until IS NULL OR lease_until <= now()) "
            "ORDER BY created_at LIMIT %(limit)s FOR UPDATE SKIP LOCKED) "
            f"RETURNING {_SELECTED}",
            {"owner": owner, "lease": float(lease), "limit": limit},
        )
        assert isinstance(rows, list)
        return sorted((entry_from_row(row) for row in rows), key=lambda e: e.created_at)

    def release(
        self, reference_id: str, owner: str, retry_after: float, error: str
    ) -> Steps[Statement, bool]:
        """Give a claimed entry back, to be dispatched again after ``retry_after`` seconds."""
        count = yield Statement(
            f"UPDATE {self.table} SET lease_owner = NULL, "
            "lease_until = now() + make_interval(secs => %(retry)s), last_error = %(error)s "
            "WHERE reference_id = %(ref)s AND lease_owner = %(owner)s AND queued",
            {"ref": reference_id, "owner": owner, "retry": float(retry_after), "error": error},
            fetch=False,
        )
        return bool(count)

    def queued_count(self) -> Steps[Statement, int]:
        rows = yield Statement(f"SELECT count(*) FROM {self.table} WHERE queued")
        assert isinstance(rows, list)
        return int(rows[0][0])


class PostgresLedger(OutboxLedger):
    """A :class:`Ledger` in PostgreSQL that also holds the transactional outbox (see the module
    docstring). ``conninfo`` is a libpq URL (it may hold a password; ``display_url`` is what
    errors show)."""

    def __init__(
        self,
        conninfo: str,
        *,
        display_url: str | None = None,
        schema: str = DEFAULT_POSTGRES_SCHEMA,
        migrate: bool = True,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(clock=clock)
        self.display_url = display_url or redact_url(conninfo)
        self.db = PostgresDatabase(
            conninfo, display_url=self.display_url, schema=schema, store=STORE, migrate=migrate
        )
        self.sql = LedgerSQL(schema)

    @property
    def schema(self) -> str:
        return self.db.schema

    @property
    def clock(self) -> Clock:
        return self._clock

    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return self.db.run(lambda: self.sql.insert_or_get(candidate), "reserve", write=True)

    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return self.db.run(lambda: self.sql.update(reference_id, change), operation, write=True)

    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return self.db.run(lambda: self.sql.pending(cutoff, limit), "pending", write=False)

    def _get(self, reference_id: str) -> LedgerEntry | None:
        return self.db.run(lambda: self.sql.get(reference_id), "get", write=False)

    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return await self.db.arun(lambda: self.sql.insert_or_get(candidate), "reserve", write=True)

    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return await self.db.arun(
            lambda: self.sql.update(reference_id, change), operation, write=True
        )

    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return await self.db.arun(lambda: self.sql.pending(cutoff, limit), "pending", write=False)

    async def _aget(self, reference_id: str) -> LedgerEntry | None:
        return await self.db.arun(lambda: self.sql.get(reference_id), "get", write=False)

    # -- the outbox: recording on the caller's connection ------------------------------------

    def intent_recorder(self, connection: object) -> IntentRecorder:
        execute = blocking_executor(connection)

        def record(candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
            self.db.ensure()  # our own connection: never inside the caller's transaction
            steps = self.sql.insert_or_get(candidate, queued=True)
            return run_sync(steps, execute, _NEVER_SLEEPS)

        return record

    def async_intent_recorder(self, connection: object) -> AsyncIntentRecorder:
        check_async_connection(connection)

        async def record(candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
            await self.db.aensure()
            execute = await async_executor(connection)
            steps = self.sql.insert_or_get(candidate, queued=True)
            return await run_async(steps, execute, _NEVER_SLEEPS)

        return record

    # -- the outbox's dispatcher side ---------------------------------------------------------

    def claim_intents(self, limit: int, lease: float, owner: str) -> list[LedgerEntry]:
        return self.db.run(lambda: self.sql.claim(limit, lease, owner), "claim", write=True)

    async def aclaim_intents(self, limit: int, lease: float, owner: str) -> list[LedgerEntry]:
        return await self.db.arun(lambda: self.sql.claim(limit, lease, owner), "claim", write=True)

    def release_intent(self, reference_id: str, owner: str, retry_after: float, error: str) -> bool:
        return self.db.run(
            lambda: self.sql.release(reference_id, owner, retry_after, error), "release", write=True
        )

    async def arelease_intent(
        self, reference_id: str, owner: str, retry_after: float, error: str
    ) -> bool:
        return await self.db.arun(
            lambda: self.sql.release(reference_id, owner, retry_after, error), "release", write=True
        )

    def queued_count(self) -> int:
        """Intents recorded and not yet handed to MoMo."""
        return self.db.run(self.sql.queued_count, "queued_count", write=False)

    def upgrade(self) -> int:
        """Create or migrate the schema now; returns its version."""
        return self.db.upgrade()

    def close(self) -> None:
        self.db.close()

    async def aclose(self) -> None:
        await self.db.aclose()
