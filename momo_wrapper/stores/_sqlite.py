"""One SQLite file shared by threads and processes: connections, transactions, typed failures.

* One connection per thread (and per process: a connection never crosses a ``fork``), closed
  when its thread ends, in autocommit mode: every transaction is an explicit BEGIN/COMMIT.
* WAL journal (readers never wait for the writer), and ``busy_timeout`` so a writer waits for
  another process's write instead of failing at once.
* A write is ``synchronous=FULL`` (committed means on disk: it survives a power cut) unless its
  caller says it need not be durable: then ``synchronous=NORMAL``, which survives a crash of the
  process but not of the machine, and costs no fsync. SQLite's WAL is one sequential file, so
  the next durable commit puts such a write on disk too.
* Writes use ``BEGIN IMMEDIATE``: the write lock is taken before the first read, so a
  read-then-write (reserve, lock, state change) cannot interleave with another process's.
* A new file is created readable by its owner only: it holds access tokens.
* Every ``sqlite3.Error`` becomes :class:`StoreUnavailableError`. A failure before ``COMMIT``
  leaves nothing written (SQLite rolls the transaction back); a failure *at* ``COMMIT`` is
  reported with ``outcome_unknown=True``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence

from momo_wrapper._errors import StoreUnavailableError

from ._errors import unavailable_error
from ._thread_connections import ThreadConnections

DEFAULT_BUSY_TIMEOUT = 5.0
_DURABLE = "PRAGMA synchronous=FULL"
_NOT_DURABLE = "PRAGMA synchronous=NORMAL"


class SQLiteDatabase:
    """Connections to one SQLite file, with the schema created on first use.

    Nothing is opened by the constructor: a file that is locked or unreachable when a client
    starts fails the first operation that needs it (:class:`StoreUnavailableError`), and that
    first use tries again, instead of stopping the client from starting."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        schema: Sequence[str],
        store: str,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        migrations: Sequence[Callable[[sqlite3.Connection], None]] = (),
    ) -> None:
        """``schema`` statements, then ``migrations`` (which check before they change), run in
        one write transaction before the first operation."""
        self.path = os.fspath(path)
        self.store = store
        self.display_url = f"sqlite:///{self.path}"
        self._busy_timeout = busy_timeout
        self._connections = ThreadConnections(self._connect, errors=(sqlite3.Error,))
        self._closed = False
        self._schema = tuple(schema)
        self._migrations = tuple(migrations)
        self._ready = False
        self._ready_lock = threading.Lock()

    def _prepare(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            with self._transaction("open", write=True) as conn:
                for statement in self._schema:
                    conn.execute(statement)
                for migrate in self._migrations:
                    migrate(conn)
            self._ready = True

    def _connect(self) -> sqlite3.Connection:
        if not os.path.exists(self.path):
            # Owner-only from the start; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        conn = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            self._use_wal(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        """Switch the file to WAL (persistent, so only its first user really does it).

        The switch needs the file to itself, and SQLite answers "locked" at once instead of
        waiting when another process has it open meanwhile, so wait here, up to busy_timeout.
        """
        deadline = time.monotonic() + self._busy_timeout
        pause = 0.005
        while True:
            try:
                if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def connection(self) -> sqlite3.Connection:
        if self._closed:
            raise self.unavailable("use", "the store was closed")
        return self._connections.get()

    @contextlib.contextmanager
    def transaction(
        self, operation: str, *, write: bool, durable: bool = True
    ) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` (``write``) or a plain read transaction, committed on success;
        a write is fsynced at its commit unless not ``durable``."""
        if not self._ready:
            self._prepare()
        with self._transaction(operation, write=write, durable=durable) as conn:
            yield conn

    @contextlib.contextmanager
    def _transaction(
        self, operation: str, *, write: bool, durable: bool = True
    ) -> Iterator[sqlite3.Connection]:
        committing = False
        conn: sqlite3.Connection | None = None
        try:
            conn = self.connection()
            if write:
                # Set for every write, not once per connection: a connection that last wrote
                # something not durable must never carry that into a durable write.
                conn.execute(_DURABLE if durable else _NOT_DURABLE)
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # keep the body's error, not this one
                    conn.execute("ROLLBACK")
                raise
            committing = True
            conn.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            if conn is not None and conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise self.unavailable(
                operation, _describe(exc), outcome_unknown=write and committing
            ) from exc

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
        """Close every connection this object opened, in any thread."""
        self._closed = True
        self._connections.close_all()


def _is_busy(exc: BaseException) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if _is_busy(exc):
        return f"{text} (another process held the write lock longer than busy_timeout)"
    return text
