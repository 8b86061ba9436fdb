"""One PostgreSQL database shared by every process on every host: connections, transactions, the
schema with its versioned migrations, and typed failures. Driver: psycopg 3, whose one API serves
both the blocking and the asyncio clients.

* Our tables live in their own schema (``momo`` unless the URL says ``?schema=``). Opening a store
  connects to nothing; the first operation checks the schema's version in
  ``<schema>.schema_migrations`` and applies the missing :data:`MIGRATIONS` steps in one
  transaction under an advisory lock, so many processes starting at once migrate exactly once.
  With ``?migrate=false`` nothing is created: a schema that is behind raises
  :class:`StoreSchemaError` naming ``momo db upgrade``. :func:`schema_sql` is the same SQL for
  teams that run their own migrations.
* Blocking use: one connection per thread (and per process: none crosses a ``fork``). Asyncio: a
  small pool of connections per event loop. Every operation is one explicit transaction.
* Every ``psycopg.Error`` becomes :class:`StoreUnavailableError` (``outcome_unknown`` only for a
  failure at COMMIT of a write: before it, PostgreSQL rolls the transaction back). A connection
  that broke (server restarted, network cut) is dropped, so the next call reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import psycopg
from psycopg import errors as pg_errors

from momo_wrapper._errors import StoreSchemaError, StoreUnavailableError

from ._errors import unavailable_error
from ._steps import Steps, run_async, run_sync
from ._thread_connections import ThreadConnections
from ._urls import DEFAULT_POSTGRES_SCHEMA

T = TypeVar("T")

_IDLE_PER_LOOP = 8
"""Asyncio connections kept open per event loop between operations."""


@attrs.frozen
class Statement:
    """One SQL statement of a step generator; the runner answers with the rows it returned
    (``fetch``) or its row count."""

    sql: str
    params: Mapping[str, Any] = attrs.field(factory=dict)
    fetch: bool = True


@attrs.frozen
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    """SQL with ``{schema}`` standing for the quoted schema name."""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "ledger and token store",
        (
            """CREATE TABLE {schema}.ledger (
    reference_id text PRIMARY KEY,
    business_key text NOT NULL UNIQUE,
    product text NOT NULL,
    operation text NOT NULL,
    fingerprint text NOT NULL,
    state text NOT NULL,
    final_status text,
    reason text,
    last_error text,
    created_at double precision NOT NULL,
    updated_at double precision NOT NULL,
    payload jsonb
)""",
            # Reconcile reads open entries by age.
            "CREATE INDEX ledger_state_updated ON {schema}.ledger (state, updated_at)",
            """CREATE TABLE {schema}.tokens (
    storage_key text PRIMARY KEY,
    value text NOT NULL,
    expires_at double precision NOT NULL,
    issued_at double precision NOT NULL
)""",
            """CREATE TABLE {schema}.token_locks (
    name text PRIMARY KEY,
    owner text NOT NULL,
    lease_until double precision NOT NULL
)""",
        ),
    ),
    Migration(
        2,
        "transactional outbox",
        (
            # queued: recorded in the caller's transaction, not yet handed to MoMo. A dispatcher
            # claims a row by setting lease_owner/lease_until (database time).
            """ALTER TABLE {schema}.ledger
    ADD COLUMN queued boolean NOT NULL DEFAULT false,
    ADD COLUMN lease_owner text,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN dispatch_attempts integer NOT NULL DEFAULT 0""",
            "CREATE INDEX ledger_queued ON {schema}.ledger (created_at) WHERE queued",
        ),
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def quoted(schema: str) -> str:
    """The schema as an SQL identifier (names are checked to ``[a-z_][a-z0-9_]*`` first)."""
    return '"' + schema.replace('"', '""') + '"'


def _migrations_table(schema: str) -> str:
    return f"""CREATE TABLE IF NOT EXISTS {quoted(schema)}.schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


def schema_sql(schema: str = DEFAULT_POSTGRES_SCHEMA, *, from_version: int = 0) -> str:
    """Every migration step after ``from_version`` as one SQL script, for teams that run their
    own migrations (``momo db sql``); run it once, in one transaction."""
    name = quoted(schema)
    lines = [
        f"-- momo-wrapper store schema {schema}, version {SCHEMA_VERSION}",
        "BEGIN;",
        f"CREATE SCHEMA IF NOT EXISTS {name};",
        _migrations_table(schema) + ";",
    ]
    for step in MIGRATIONS:
        if step.version <= from_version:
            continue
        lines.append(f"-- {step.version}: {step.name}")
        lines += [statement.format(schema=name) + ";" for statement in step.statements]
        lines.append(
            f"INSERT INTO {name}.schema_migrations (version, name) "
            f"VALUES ({step.version}, '{step.name}');"
        )
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


class PostgresDatabase:
    """Connections to one database and the store's schema in it."""

    def __init__(
        self,
        conninfo: str,
        *,
        display_url: str,
        schema: str,
        store: str,
        migrate: bool = True,
    ) -> None:
        self._conninfo = conninfo  # may hold a password: never shown
        self.display_url = display_url
        self.schema = schema
        self.q = quoted(schema)
        self.store = store
        self.migrate = migrate
        self._connections: ThreadConnections[psycopg.Connection[Any]] = ThreadConnections(
            self._connect, errors=(psycopg.Error,)
        )
        self._idle: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, list[psycopg.AsyncConnection[Any]]
        ] = weakref.WeakKeyDictionary()
        self._ready = False
        self._closed = False

    def __repr__(self) -> str:
        return f"PostgresDatabase({self.display_url!r})"

    # -- running step generators in one transaction ------------------------------------------

    def run(self, steps: Callable[[], Steps[Statement, T]], operation: str, *, write: bool) -> T:
        """Run ``steps`` in one transaction. A kept connection that turns out dead (the server
        restarted since its last use) is replaced and the transaction run again, once: it
        failed before COMMIT, so nothing of it was written."""
        for attempt in (1, 2):
            reused = self._connections.current() is not None
            try:
                with self.transaction(operation, write=write) as conn:
                    return run_sync(steps(), lambda st: _execute(conn, st), _NO_SLEEP)
            except StoreUnavailableError as error:
                if attempt == 2 or not (reused and _stale(error)):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def arun(
        self, steps: Callable[[], Steps[Statement, T]], operation: str, *, write: bool
    ) -> T:
        for attempt in (1, 2):
            reused = bool(self._idle.get(asyncio.get_running_loop()))
            try:
                async with self.atransaction(operation, write=write) as conn:

                    async def execute(statement: Statement) -> object:
                        return await _aexecute(conn, statement)

                    return await run_async(steps(), execute, _NO_SLEEP)
            except StoreUnavailableError as error:
                if attempt == 2 or not (reused and _stale(error)):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def transaction(self, operation: str, *, write: bool) -> Iterator[psycopg.Connection[Any]]:
        committing = False
        conn: psycopg.Connection[Any] | None = None
        try:
            conn = self._connection()
            if not self._ready:
                self._ensure_schema(conn)
            with conn.transaction():
                yield conn
                committing = True
        except psycopg.Error as exc:
            self._drop_if_broken(conn)
            raise self.error(operation, exc, outcome_unknown=write and committing) from exc

    @contextlib.asynccontextmanager
    async def atransaction(
        self, operation: str, *, write: bool
    ) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        committing = False
        conn: psycopg.AsyncConnection[Any] | None = None
        try:
            conn = await self._aconnection()
            if not self._ready:
                await self._aensure_schema(conn)
            async with conn.transaction():
                yield conn
                committing = True
        except psycopg.Error as exc:
            raise self.error(operation, exc, outcome_unknown=write and committing) from exc
        finally:
            if conn is not None:
                await self._arelease(conn)

    # -- the schema ---------------------------------------------------------------------------

    def schema_steps(self, *, upgrade: bool | None = None) -> Steps[Statement, int]:
        """Check the schema's version and, if allowed, bring it up to date. Run it in one
        transaction: the upgrade holds an advisory lock until COMMIT, so concurrent openers
        wait, then find every step applied (read committed: each statement sees the latest)."""
        version = yield from self._version_steps()
        if version == SCHEMA_VERSION:
            return version
        if version > SCHEMA_VERSION:
            raise self._schema_error(
                f"schema {self.schema!r} is at version {version}, newer than this "
                f"momo-wrapper knows ({SCHEMA_VERSION})",
                "Upgrade momo-wrapper in this service.",
            )
        if not (self.migrate if upgrade is None else upgrade):
            raise self._schema_error(
                f"schema {self.schema!r} is at version {version}; this momo-wrapper needs "
                f"version {SCHEMA_VERSION} and the URL says migrate=false",
                "Run `momo db upgrade` (or the SQL of `momo db sql`) once, as the schema's owner.",
            )
        yield Statement(
            "SELECT pg_advisory_xact_lock(hashtext(%(name)s))",
            {"name": f"momo-wrapper schema {self.schema}"},
        )
        yield from self._upgrade_steps()
        return SCHEMA_VERSION

    def _version_steps(self) -> Steps[Statement, int]:
        rows = yield Statement(
            "SELECT to_regclass(%(table)s) IS NOT NULL",
            {"table": f"{self.q}.schema_migrations"},
        )
        assert isinstance(rows, list)
        if not rows[0][0]:
            return 0
        rows = yield Statement(f"SELECT coalesce(max(version), 0) FROM {self.q}.schema_migrations")
        assert isinstance(rows, list)
        return int(rows[0][0])

    def _upgrade_steps(self) -> Steps[Statement, None]:
        rows = yield Statement(
            "SELECT pg_get_userbyid(nspowner), current_user, "
            "has_schema_privilege(current_user, oid, 'CREATE') "
            "FROM pg_namespace WHERE nspname = %(schema)s",
            {"schema": self.schema},
        )
        assert isinstance(rows, list)
        if rows and not rows[0][2]:
            owner, me, _ = rows[0]
            raise self._schema_error(
                f"schema {self.schema!r} is owned by role {owner!r}, and role {me!r} may not "
                "create tables in it",
                f"Run `momo db upgrade` as {owner!r} once (then grant {me!r} USAGE on the schema "
                "and SELECT, INSERT, UPDATE, DELETE on its tables), or choose a schema of your "
                "own with ?schema=NAME.",
            )
        if not rows:
            yield Statement(f"CREATE SCHEMA {self.q}", fetch=False)
        yield Statement(_migrations_table(self.schema), fetch=False)
        applied = yield Statement(f"SELECT version FROM {self.q}.schema_migrations")
        assert isinstance(applied, list)
        done = {int(row[0]) for row in applied}
        for step in MIGRATIONS:
            if step.version in done:
                continue
            for statement in step.statements:
                yield Statement(statement.format(schema=self.q), fetch=False)
            yield Statement(
                f"INSERT INTO {self.q}.schema_migrations (version, name) "
                "VALUES (%(version)s, %(name)s)",
                {"version": step.version, "name": step.name},
                fetch=False,
            )

    def _ensure_schema(self, conn: psycopg.Connection[Any], upgrade: bool | None = None) -> int:
        with conn.transaction():
            version = run_sync(
                self.schema_steps(upgrade=upgrade), lambda st: _execute(conn, st), _NO_SLEEP
            )
        self._ready = True
        return version

    async def _aensure_schema(self, conn: psycopg.AsyncConnection[Any]) -> None:
        async def execute(statement: Statement) -> object:
            return await _aexecute(conn, statement)

        async with conn.transaction():
            await run_async(self.schema_steps(), execute, _NO_SLEEP)
        self._ready = True

    def ensure(self) -> None:
        """Check (and, with ``migrate``, bring up to date) the schema now, if not done yet."""
        if not self._ready:
            with self.transaction("migrate", write=True):
                pass

    async def aensure(self) -> None:
        if not self._ready:
            async with self.atransaction("migrate", write=True):
                pass

    def upgrade(self) -> int:
        """Create or migrate the schema now, whatever ``migrate`` says; returns its version."""
        conn: psycopg.Connection[Any] | None = None
        try:
            conn = self._connection()
            return self._ensure_schema(conn, upgrade=True)
        except psycopg.Error as exc:
            self._drop_if_broken(conn)
            raise self.error("migrate", exc, outcome_unknown=True) from exc

    def version(self) -> int:
        """The schema's version now (0: not created)."""
        conn: psycopg.Connection[Any] | None = None
        try:
            conn = self._connection()
            with conn.transaction():
                return run_sync(self._version_steps(), lambda st: _execute(conn, st), _NO_SLEEP)
        except psycopg.Error as exc:
            self._drop_if_broken(conn)
            raise self.error("version", exc, outcome_unknown=False) from exc

    def _schema_error(self, problem: str, fix: str) -> StoreSchemaError:
        return StoreSchemaError(
            f"the {self.store} at {self.display_url} cannot be used: {problem}. {fix}",
            store=self.store,
            url=self.display_url,
            operation="migrate",
        )

    # -- connections --------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self._conninfo, autocommit=True)

    def _connection(self) -> psycopg.Connection[Any]:
        if self._closed:
            raise self.unavailable("use", "the store was closed")
        return self._connections.get(usable=lambda conn: not conn.closed)

    def _drop_if_broken(self, conn: psycopg.Connection[Any] | None) -> None:
        current = self._connections.current()
        if current is None or (conn is not None and current is not conn):
            return
        if current.broken or current.closed or conn is None:
            self._connections.discard_current()

    async def _aconnection(self) -> psycopg.AsyncConnection[Any]:
        if self._closed:
            raise self.unavailable("use", "the store was closed")
        idle = self._idle.setdefault(asyncio.get_running_loop(), [])
        while idle:
            conn = idle.pop()
            if not conn.closed and not conn.broken:
                return conn
        return await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)

    async def _arelease(self, conn: psycopg.AsyncConnection[Any]) -> None:
        idle = self._idle.setdefault(asyncio.get_running_loop(), [])
        healthy = not conn.closed and not conn.broken
        idle_now = healthy and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if idle_now and len(idle) < _IDLE_PER_LOOP and not self._closed:
            idle.append(conn)
            return
        with contextlib.suppress(psycopg.Error):
            await conn.close()

    # -- errors and closing -------------------------------------------------------------------

    def error(
        self, operation: str, exc: psycopg.Error, *, outcome_unknown: bool
    ) -> StoreUnavailableError:
        return self.unavailable(operation, describe(exc), outcome_unknown=outcome_unknown)

    def unavailable(
        self, operation: str, reason: str, *, outcome_unknown: bool = False
    ) -> StoreUnavailableError:
        return unavailable_error(
            store=self.store,
            url=self.display_url,
            operation=operation,
            reason=reason,
            outcome_unknown=outcome_unknown,
        )

    def close(self) -> None:
        """Close every blocking connection this object opened, in any thread."""
        self._closed = True
        self._connections.close_all()

    async def aclose(self) -> None:
        """Close the running event loop's connections, then the blocking ones."""
        idle = self._idle.pop(asyncio.get_running_loop(), [])
        self.close()
        for conn in idle:
            with contextlib.suppress(psycopg.Error):
                await conn.close()


class _NoSleep:
    """Store steps never sleep; the clock the runners want for :class:`Sleep`."""

    def sleep(self, seconds: float) -> None:  # noqa: ARG002  # pragma: no cover
        raise AssertionError("store steps do not sleep")

    async def asleep(self, seconds: float) -> None:  # noqa: ARG002  # pragma: no cover
        raise AssertionError("store steps do not sleep")


_NO_SLEEP: Any = _NoSleep()


def _execute(conn: psycopg.Connection[Any], statement: Statement) -> object:
    cursor = conn.execute(statement.sql.encode(), statement.params or None)
    if statement.fetch:
        return cursor.fetchall()
    return cursor.rowcount


async def _aexecute(conn: psycopg.AsyncConnection[Any], statement: Statement) -> object:
    cursor = await conn.execute(statement.sql.encode(), statement.params or None)
    if statement.fetch:
        return await cursor.fetchall()
    return cursor.rowcount


def _stale(error: StoreUnavailableError) -> bool:
    """A kept connection the server had closed: worth one retry on a new connection."""
    cause = error.__cause__
    return (
        not error.outcome_unknown
        and isinstance(cause, psycopg.OperationalError)
        and not isinstance(cause, pg_errors.QueryCanceled)
    )


def describe(exc: BaseException) -> str:
    """A psycopg error as one line, without the statement (it may hold a token)."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return f"permission denied ({text})"
    if isinstance(exc, psycopg.OperationalError) and not isinstance(exc, pg_errors.QueryCanceled):
        return f"{text} (is the server running and reachable?)"
    return text
