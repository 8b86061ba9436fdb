"""Shared token stores and the idempotency ledger, in memory, SQLite (one host) or Redis (many).

Many worker processes on many hosts should share one access token per product and remember
which payments they already sent. Both are chosen by URL:

==========================================  ==================================================
``memory://``                               this process only (the default)
``sqlite:///relative/file.db``              an SQLite file (``sqlite:////abs/file.db`` for an
                                            absolute path): every process on one host
``redis://[user:pass@]host[:port][/db]``    Redis, or ``rediss://`` for TLS: every host
``postgresql://[user:pass@]host[:port]/db``  PostgreSQL (schema ``momo``, ``?schema=`` to change):
                                            every host, and the outbox in your own transactions
==========================================  ==================================================

Tokens::

    store = open_token_store("redis://cache:6379/0")
    cache = TokenCache(store, lock_provider=store)   # one token request per product per hour

Ledger (write-ahead, before the POST)::

    ledger = open_ledger("sqlite:////var/lib/app/momo-ledger.db")
    entry = ledger.reserve(business_key("transfer", "order-17"),
                           request_fingerprint(CreateFingerprint(...)), "disbursement", "transfer")

``MomoClient``/``AsyncMomoClient`` open both from ``MOMO_TOKEN_STORE``/``MOMO_LEDGER`` and run
every create through the ledger (``momo_wrapper._ledgered``; guide: ``docs/stores.md``).

The ledger's contract and state machine (:class:`Ledger`, :class:`LedgerEntry`,
:class:`LedgerState`), :class:`MemoryLedger`, :class:`SharedTokenStore` and the store errors live
in the core, which never imports this package; they are re-exported here. The core finds the
backends of this package through the ``momo_wrapper.stores`` entry points, and only when a URL is
configured.

Failures are never hidden: a store that cannot answer raises :class:`StoreUnavailableError`
(``store``, ``url`` without credentials, ``operation``, ``outcome_unknown``); nothing falls back
to a private cache or a fresh reference id. See :class:`Ledger` for what to do after a failed
``reserve``. Redis support needs the ``redis`` package (``momo-wrapper[redis]``),
PostgreSQL support ``psycopg`` (``momo-wrapper[postgres]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from momo_wrapper._errors import (
    LedgerEntryNotFoundError,
    LedgerTransitionError,
    LockTimeoutError,
    StoreSchemaError,
    StoreUnavailableError,
)
from momo_wrapper._ledger import (
    Ledger,
    LedgerEntry,
    LedgerState,
    business_key,
    fingerprint_differences,
    request_fingerprint,
)
from momo_wrapper._memory_ledger import MemoryLedger
from momo_wrapper._tokens import SharedTokenStore

from ._factory import open_ledger, open_token_store
from ._locking import DEFAULT_LOCK_LEASE
from ._sqlite_ledger import SQLiteLedger
from ._sqlite_tokens import SQLiteTokenStore
from ._token_store import MemoryTokenStore

if TYPE_CHECKING:
    from ._postgres_ledger import PostgresLedger
    from ._postgres_tokens import PostgresTokenStore
    from ._redis_ledger import RedisLedger
    from ._redis_tokens import RedisTokenStore

__all__ = [
    "DEFAULT_LOCK_LEASE",
    "Ledger",
    "LedgerEntry",
    "LedgerEntryNotFoundError",
    "LedgerState",
    "LedgerTransitionError",
    "LockTimeoutError",
    "MemoryLedger",
    "MemoryTokenStore",
    "PostgresLedger",
    "PostgresTokenStore",
    "RedisLedger",
    "RedisTokenStore",
    "SQLiteLedger",
    "SQLiteTokenStore",
    "SharedTokenStore",
    "StoreSchemaError",
    "StoreUnavailableError",
    "business_key",
    "fingerprint_differences",
    "open_ledger",
    "open_token_store",
    "request_fingerprint",
]

_NEEDS_REDIS = {
    "RedisLedger": "._redis_ledger",
    "RedisTokenStore": "._redis_tokens",
    "PostgresLedger": "._postgres_ledger",
    "PostgresTokenStore": "._postgres_tokens",
}


def __getattr__(name: str) -> Any:
    # The Redis and PostgreSQL classes import optional dependencies (redis-py, psycopg): load
    # them on first use only.
    module = _NEEDS_REDIS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
