"""The outbox's statements on the caller's own connection, inside the caller's transaction.

:class:`~momo_wrapper.stores.PostgresLedger` hands these to the core's outbox
(``momo.outbox(connection)``) as its intent recorders: the same ``insert_or_get`` statement the
ledger runs on its own connections, run on a psycopg ``Connection`` / ``AsyncConnection`` or an
SQLAlchemy ``Connection`` / ``Session`` (``AsyncConnection`` / ``AsyncSession``) of the caller.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

from momo_wrapper._errors import MomoValidationError

from ._postgres import Statement


def _sqlalchemy_classes(*names: str) -> tuple[type, ...]:
    """SQLAlchemy's connection classes, if SQLAlchemy is installed (it is optional)."""
    found: list[type] = []
    for name in names:
        module_name, _, attribute = name.rpartition(".")
        module = sys.modules.get(module_name)
        if module is not None:
            found.append(getattr(module, attribute))
    return tuple(found)


def _unsupported(connection: object, expected: str) -> MomoValidationError:
    return MomoValidationError(
        "connection",
        f"expected {expected}, got {type(connection).__module__}.{type(connection).__name__}.",
        "Pass the connection (or session) whose transaction the intent belongs to.",
    )


def blocking_executor(connection: object) -> Callable[[Statement], object]:
    """Runs statements on a blocking connection or session of the caller."""
    import psycopg

    if isinstance(connection, psycopg.Connection):
        conn: Any = connection

        def execute_psycopg(statement: Statement) -> object:
            cursor = conn.execute(statement.sql.encode(), dict(statement.params))
            return cursor.fetchall() if statement.fetch else cursor.rowcount

        return execute_psycopg
    sessions = _sqlalchemy_classes("sqlalchemy.orm.session.Session")
    connections = _sqlalchemy_classes("sqlalchemy.engine.base.Connection")
    target: Any = connection
    if sessions and isinstance(connection, sessions):
        target = target.connection()  # the session's transaction's connection
    if connections and isinstance(target, connections):
        bound: Any = target

        def execute_sqlalchemy(statement: Statement) -> object:
            result = bound.exec_driver_sql(statement.sql, dict(statement.params))
            return (
                [tuple(row) for row in result.fetchall()] if statement.fetch else (result.rowcount)
            )

        return execute_sqlalchemy
    raise _unsupported(connection, "a psycopg Connection, or an SQLAlchemy Connection or Session")


def check_async_connection(connection: object) -> None:
    """Refuse, before anything is recorded, a connection the async executor cannot use."""
    import psycopg

    sqlalchemy = _sqlalchemy_classes(
        "sqlalchemy.ext.asyncio.session.AsyncSession",
        "sqlalchemy.ext.asyncio.engine.AsyncConnection",
    )
    if not isinstance(connection, (psycopg.AsyncConnection, *sqlalchemy)):
        raise _unsupported(
            connection,
            "a psycopg AsyncConnection, or an SQLAlchemy AsyncConnection or AsyncSession",
        )


async def async_executor(connection: Any) -> Callable[[Statement], Awaitable[object]]:
    """Runs statements on an asyncio connection or session of the caller."""
    import psycopg

    if isinstance(connection, psycopg.AsyncConnection):

        async def execute_psycopg(statement: Statement) -> object:
            cursor = await connection.execute(statement.sql.encode(), dict(statement.params))
            return await cursor.fetchall() if statement.fetch else cursor.rowcount

        return execute_psycopg
    if hasattr(connection, "exec_driver_sql"):
        target = connection
    else:  # an AsyncSession: its transaction's connection
        target = await connection.connection()

    async def execute_sqlalchemy(statement: Statement) -> object:
        result = await target.exec_driver_sql(statement.sql, dict(statement.params))
        return [tuple(row) for row in result.fetchall()] if statement.fetch else (result.rowcount)

    return execute_sqlalchemy


class _NeverSleeps:
    def sleep(self, seconds: float) -> None:  # pragma: no cover - statements never sleep
        raise AssertionError(seconds)

    async def asleep(self, seconds: float) -> None:  # pragma: no cover
        raise AssertionError(seconds)


_NEVER_SLEEPS: Any = _NeverSleeps()
