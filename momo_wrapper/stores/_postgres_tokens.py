"""Tokens and their refresh lock in PostgreSQL: every process on every host shares them.

Table ``<schema>.tokens`` keeps one row per :attr:`TokenKey.storage_key`; an expired row is never
returned and is swept on the next write. Table ``<schema>.token_locks`` holds the refresh locks
(see :mod:`._locking`): taking one is a single ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``
(the lease ended, or it is ours already), atomic across every connection; a holder that died
blocks the others until its lease ends. Lease ends are the store clock's epoch seconds, as in
the SQLite store (hosts keep their clocks in sync with NTP; the lease is tens of seconds).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LockTimeoutError, StoreUnavailableError
from momo_wrapper._store_plugins import redact_url
from momo_wrapper._tokens import AccessToken, TokenKey

from ._locking import DEFAULT_LOCK_LEASE, LeasePolicy, TryAcquire, acquire_steps, new_owner
from ._postgres import PostgresDatabase, Statement, quoted
from ._steps import Steps, run_async, run_sync
from ._token_store import lock_timeout_error, log_unreleased_lock
from ._urls import DEFAULT_POSTGRES_SCHEMA

STORE = "postgres token store"


class PostgresTokenStore:
    """A :class:`SharedTokenStore` in PostgreSQL (any number of processes and hosts)."""

    def __init__(
        self,
        conninfo: str,
        *,
        display_url: str | None = None,
        schema: str = DEFAULT_POSTGRES_SCHEMA,
        migrate: bool = True,
        lock_lease: float = DEFAULT_LOCK_LEASE,
        acquire_timeout: float | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._policy = LeasePolicy(lease=lock_lease, acquire_timeout=acquire_timeout)
        self.display_url = display_url or redact_url(conninfo)
        self.db = PostgresDatabase(
            conninfo, display_url=self.display_url, schema=schema, store=STORE, migrate=migrate
        )
        self._tokens = f"{quoted(schema)}.tokens"
        self._locks = f"{quoted(schema)}.token_locks"
        self._clock = clock

    # -- TokenStore ---------------------------------------------------------------------------

    def _get_steps(self, key: TokenKey) -> Steps[Statement, AccessToken | None]:
        rows = yield Statement(
            f"SELECT value, expires_at, issued_at FROM {self._tokens} "
            "WHERE storage_key = %(key)s AND expires_at > %(now)s",
            {"key": key.storage_key, "now": self._clock.time()},
        )
        assert isinstance(rows, list)
        if not rows:
            return None
        value, expires_at, issued_at = rows[0]
        return AccessToken(value=value, expires_at=expires_at, issued_at=issued_at)

    def _set_steps(self, key: TokenKey, token: AccessToken) -> Steps[Statement, None]:
        yield Statement(
            f"DELETE FROM {self._tokens} WHERE expires_at <= %(now)s",
            {"now": self._clock.time()},
            fetch=False,
        )
        yield Statement(
            f"INSERT INTO {self._tokens} (storage_key, value, expires_at, issued_at) "
            "VALUES (%(key)s, %(value)s, %(expires_at)s, %(issued_at)s) "
            "ON CONFLICT (storage_key) DO UPDATE SET value = excluded.value, "
            "expires_at = excluded.expires_at, issued_at = excluded.issued_at",
            {
                "key": key.storage_key,
                "value": token.value,
                "expires_at": token.expires_at,
                "issued_at": token.issued_at,
            },
            fetch=False,
        )

    def _delete_steps(self, key: TokenKey, token: AccessToken) -> Steps[Statement, bool]:
        count = yield Statement(
            f"DELETE FROM {self._tokens} WHERE storage_key = %(key)s AND value = %(value)s",
            {"key": key.storage_key, "value": token.value},
            fetch=False,
        )
        return bool(count)

    def get(self, key: TokenKey) -> AccessToken | None:
        return self.db.run(lambda: self._get_steps(key), "get", write=False)

    def set(self, key: TokenKey, token: AccessToken) -> None:
        self.db.run(lambda: self._set_steps(key, token), "set", write=True)

    def delete(self, key: TokenKey, token: AccessToken) -> bool:
        return self.db.run(lambda: self._delete_steps(key, token), "delete", write=True)

    # -- TokenLockProvider --------------------------------------------------------------------

    def _acquire_steps(self, key: TokenKey, owner: str) -> Steps[Statement, float | None]:
        """Take the lock (``None``) or say how long the holder's lease still runs."""
        now = self._clock.time()
        taken = yield Statement(
            f"INSERT INTO {self._locks} AS held (name, owner, lease_until) "
            "VALUES (%(name)s, %(owner)s, %(until)s) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, "
            "lease_until = excluded.lease_until "
            "WHERE held.owner = excluded.owner OR held.lease_until <= %(now)s "
            "RETURNING owner",
            {
                "name": key.storage_key,
                "owner": owner,
                "until": now + self._policy.lease,
                "now": now,
            },
        )
        assert isinstance(taken, list)
        if taken:
            return None
        rows = yield Statement(
            f"SELECT lease_until FROM {self._locks} WHERE name = %(name)s",
            {"name": key.storage_key},
        )
        assert isinstance(rows, list)
        return max(0.0, float(rows[0][0]) - now) if rows else 0.0

    def _release_steps(self, key: TokenKey, owner: str) -> Steps[Statement, None]:
        yield Statement(
            f"DELETE FROM {self._locks} WHERE name = %(name)s AND owner = %(owner)s",
            {"name": key.storage_key, "owner": owner},
            fetch=False,
        )

    @contextlib.contextmanager
    def lock(self, key: TokenKey) -> Iterator[None]:
        owner = new_owner()
        run_sync(
            acquire_steps(self._policy, self._clock, self._timeout_error),
            lambda _command: self.db.run(
                lambda: self._acquire_steps(key, owner), "lock", write=True
            ),
            self._clock,
        )
        try:
            yield
        finally:
            try:
                self.db.run(lambda: self._release_steps(key, owner), "unlock", write=True)
            except StoreUnavailableError as exc:
                log_unreleased_lock(exc)

    @contextlib.asynccontextmanager
    async def alock(self, key: TokenKey) -> AsyncIterator[None]:
        owner = new_owner()

        async def attempt(_command: TryAcquire) -> float | None:
            return await self.db.arun(lambda: self._acquire_steps(key, owner), "lock", write=True)

        await run_async(
            acquire_steps(self._policy, self._clock, self._timeout_error), attempt, self._clock
        )
        try:
            yield
        finally:
            try:
                await self.db.arun(lambda: self._release_steps(key, owner), "unlock", write=True)
            except StoreUnavailableError as exc:
                log_unreleased_lock(exc)

    def _timeout_error(self, waited: float) -> LockTimeoutError:
        return lock_timeout_error(STORE, self.display_url, waited, self._policy.lease)

    def upgrade(self) -> int:
        return self.db.upgrade()

    def close(self) -> None:
        self.db.close()

    async def aclose(self) -> None:
        await self.db.aclose()

    def __repr__(self) -> str:
        return f"PostgresTokenStore({self.display_url!r})"
