"""Tokens and their refresh lock in an SQLite file: every process on one host shares them.

Table ``momo_tokens`` keeps one row per :attr:`TokenKey.storage_key` with the token's expiry; an
expired row is never returned and is swept on the next write. Table ``momo_token_locks`` holds
the refresh locks (see :mod:`._locking`): a lock is taken inside ``BEGIN IMMEDIATE``, so checking
and claiming it is one atomic step across processes, and its lease end is wall-clock time, which
every process on the host shares.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Iterator

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LockTimeoutError, StoreUnavailableError
from momo_wrapper._tokens import AccessToken, TokenKey

from ._locking import DEFAULT_LOCK_LEASE, LeasePolicy, TryAcquire, acquire_steps, new_owner
from ._sqlite import DEFAULT_BUSY_TIMEOUT, SQLiteDatabase
from ._steps import run_async, run_sync
from ._token_store import lock_timeout_error, log_unreleased_lock

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS momo_tokens (
        storage_key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at REAL NOT NULL,
        issued_at REAL NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS momo_token_locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        lease_until REAL NOT NULL
    )""",
)


class SQLiteTokenStore:
    """A :class:`SharedTokenStore` in an SQLite file (one host, any number of processes)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_lease: float = DEFAULT_LOCK_LEASE,
        acquire_timeout: float | None = None,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._policy = LeasePolicy(lease=lock_lease, acquire_timeout=acquire_timeout)
        self._db = SQLiteDatabase(
            path, schema=_SCHEMA, store="sqlite token store", busy_timeout=busy_timeout
        )
        self._clock = clock

    @property
    def display_url(self) -> str:
        return self._db.display_url

    # -- TokenStore ---------------------------------------------------------------------------

    def get(self, key: TokenKey) -> AccessToken | None:
        with self._db.transaction("get", write=False) as conn:
            row = conn.execute(
                "SELECT value, expires_at, issued_at FROM momo_tokens "
                "WHERE storage_key = ? AND expires_at > ?",
                (key.storage_key, self._clock.time()),
            ).fetchone()
        if row is None:
            return None
        return AccessToken(value=row[0], expires_at=row[1], issued_at=row[2])

    def set(self, key: TokenKey, token: AccessToken) -> None:
        with self._db.transaction("set", write=True) as conn:
            conn.execute("DELETE FROM momo_tokens WHERE expires_at <= ?", (self._clock.time(),))
            conn.execute(
                "INSERT INTO momo_tokens (storage_key, value, expires_at, issued_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (storage_key) DO UPDATE SET "
                "value = excluded.value, expires_at = excluded.expires_at, "
                "issued_at = excluded.issued_at",
                (key.storage_key, token.value, token.expires_at, token.issued_at),
            )

    def delete(self, key: TokenKey, token: AccessToken) -> bool:
        with self._db.transaction("delete", write=True) as conn:
            cursor = conn.execute(
                "DELETE FROM momo_tokens WHERE storage_key = ? AND value = ?",
                (key.storage_key, token.value),
            )
            return cursor.rowcount > 0

    # -- TokenLockProvider --------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, key: TokenKey) -> Iterator[None]:
        owner = new_owner()
        run_sync(
            acquire_steps(self._policy, self._clock, self._timeout_error),
            lambda _command: self._try_acquire(key, owner),
            self._clock,
        )
        try:
            yield
        finally:
            self._release(key, owner)

    @contextlib.asynccontextmanager
    async def alock(self, key: TokenKey) -> AsyncIterator[None]:
        owner = new_owner()

        async def attempt(_command: TryAcquire) -> float | None:
            return await asyncio.to_thread(self._try_acquire, key, owner)

        await run_async(
            acquire_steps(self._policy, self._clock, self._timeout_error), attempt, self._clock
        )
        try:
            yield
        finally:
            await asyncio.to_thread(self._release, key, owner)

    def _try_acquire(self, key: TokenKey, owner: str) -> float | None:
        """Take the lock (``None``) or say how long the holder's lease still runs."""
        now = self._clock.time()
        with self._db.transaction("lock", write=True) as conn:
            row = conn.execute(
                "SELECT owner, lease_until FROM momo_token_locks WHERE name = ?",
                (key.storage_key,),
            ).fetchone()
            if row is not None and row[0] != owner and row[1] > now:
                return float(row[1] - now)
            conn.execute(
                "INSERT OR REPLACE INTO momo_token_locks (name, owner, lease_until) "
                "VALUES (?, ?, ?)",
                (key.storage_key, owner, now + self._policy.lease),
            )
            return None

    def _release(self, key: TokenKey, owner: str) -> None:
        try:
            with self._db.transaction("unlock", write=True) as conn:
                conn.execute(
                    "DELETE FROM momo_token_locks WHERE name = ? AND owner = ?",
                    (key.storage_key, owner),
                )
        except StoreUnavailableError as exc:
            log_unreleased_lock(exc)

    def _timeout_error(self, waited: float) -> LockTimeoutError:
        return lock_timeout_error(
            "sqlite token store", self.display_url, waited, self._policy.lease
        )

    def close(self) -> None:
        self._db.close()

    async def aclose(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        return f"SQLiteTokenStore({self.display_url!r})"
