"""``open_token_store(url)`` and ``open_ledger(url)``: a backend chosen by the URL's scheme.

``check_token_store_url`` and ``check_ledger_url`` validate the same URLs (scheme, path, every
option) without opening anything, for configuration objects. :data:`BUILTIN` offers all of it to
the core, which finds it through the ``momo_wrapper.stores`` entry points (see
``momo_wrapper._store_plugins``) and so never imports this package itself.
"""

from __future__ import annotations

import urllib.parse

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._ledger import Ledger
from momo_wrapper._memory_ledger import MemoryLedger
from momo_wrapper._tokens import SharedTokenStore

from ._locking import DEFAULT_LOCK_LEASE
from ._sqlite import DEFAULT_BUSY_TIMEOUT
from ._token_store import MemoryTokenStore
from ._urls import TOKEN_OPTIONS, StoreKind, StoreLocation, float_option, parse_store_url


def open_token_store(
    url: str, *, clock: Clock = SYSTEM_CLOCK, field: str = "token_store"
) -> SharedTokenStore:
    """A token store for ``url`` (see :mod:`momo_wrapper.stores` for the URL forms).

    Use it as both store and lock provider: ``TokenCache(store, lock_provider=store)``.
    Options: ``lock_lease`` (seconds, default 30), ``acquire_timeout`` (default twice the
    lease), ``busy_timeout`` (SQLite, default 5), ``key_prefix`` (Redis, default ``momo``),
    ``schema`` and ``migrate`` (PostgreSQL, default ``momo`` and ``true``).
    ``field`` names the setting in a :class:`MomoValidationError` (e.g. ``MOMO_TOKEN_STORE``).
    """
    location, lease, acquire_timeout = _token_settings(url, field)
    if location.kind is StoreKind.MEMORY:
        return MemoryTokenStore()
    if location.kind is StoreKind.SQLITE:
        from ._sqlite_tokens import SQLiteTokenStore

        assert location.sqlite_path is not None
        return SQLiteTokenStore(
            location.sqlite_path,
            lock_lease=lease,
            acquire_timeout=acquire_timeout,
            busy_timeout=_busy_timeout(location, field),
            clock=clock,
        )
    if location.kind is StoreKind.POSTGRES:
        from ._postgres_tokens import PostgresTokenStore

        assert location.client_url is not None
        return PostgresTokenStore(
            location.client_url,
            display_url=location.display_url,
            schema=location.options["schema"],
            migrate=location.options["migrate"] == "true",
            lock_lease=lease,
            acquire_timeout=acquire_timeout,
            clock=clock,
        )
    from ._redis_tokens import RedisTokenStore

    assert location.client_url is not None
    return RedisTokenStore(
        location.client_url,
        display_url=location.display_url,
        key_prefix=_key_prefix(location, field),
        lock_lease=lease,
        acquire_timeout=acquire_timeout,
        clock=clock,
    )


def open_ledger(url: str, *, clock: Clock = SYSTEM_CLOCK, field: str = "ledger") -> Ledger:
    """An idempotency ledger for ``url`` (see :mod:`momo_wrapper.stores` for the URL forms).

    Options: ``busy_timeout`` (SQLite, default 5 s), ``key_prefix`` (Redis, default ``momo``),
    ``schema`` and ``migrate`` (PostgreSQL, default ``momo`` and ``true``).
    """
    location = _ledger_location(url, field)
    if location.kind is StoreKind.MEMORY:
        return MemoryLedger(clock=clock)
    if location.kind is StoreKind.SQLITE:
        from ._sqlite_ledger import SQLiteLedger

        assert location.sqlite_path is not None
        return SQLiteLedger(
            location.sqlite_path, busy_timeout=_busy_timeout(location, field), clock=clock
        )
    if location.kind is StoreKind.POSTGRES:
        from ._postgres_ledger import PostgresLedger

        assert location.client_url is not None
        return PostgresLedger(
            location.client_url,
            display_url=location.display_url,
            schema=location.options["schema"],
            migrate=location.options["migrate"] == "true",
            clock=clock,
        )
    from ._redis_ledger import RedisLedger

    assert location.client_url is not None
    return RedisLedger(
        location.client_url,
        display_url=location.display_url,
        key_prefix=_key_prefix(location, field),
        clock=clock,
    )


def check_token_store_url(url: object, *, field: str = "token_store") -> str:
    """``url`` stripped, if :func:`open_token_store` accepts it; else MomoValidationError."""
    _token_settings(url, field)
    return str(url).strip()


def check_ledger_url(url: object, *, field: str = "ledger") -> str:
    """``url`` stripped, if :func:`open_ledger` accepts it; else MomoValidationError."""
    _ledger_location(url, field)
    return str(url).strip()


def store_url_secrets(url: str) -> list[str]:
    """The passwords a store URL carries (user info or ``?password=``), for redaction."""
    parts = urllib.parse.urlsplit(url)
    found = [parts.password or ""]
    found += [
        v
        for k, v in urllib.parse.parse_qsl(parts.query)
        if k in ("password", "ssl_password", "sslpassword")
    ]
    return [value for value in found if value]


def _token_settings(url: object, field: str) -> tuple[StoreLocation, float, float]:
    location = parse_store_url(url, field=field, own_options=TOKEN_OPTIONS)
    lease = float_option(location, "lock_lease", DEFAULT_LOCK_LEASE, field=field)
    acquire_timeout = float_option(location, "acquire_timeout", 2 * lease, field=field)
    _check_backend_options(location, field)
    return location, lease, acquire_timeout


def _ledger_location(url: object, field: str) -> StoreLocation:
    location = parse_store_url(url, field=field, own_options=frozenset())
    _check_backend_options(location, field)
    return location


def _check_backend_options(location: StoreLocation, field: str) -> None:
    if location.kind is StoreKind.SQLITE:
        _busy_timeout(location, field)
    elif location.kind is StoreKind.REDIS:
        _key_prefix(location, field)


def _busy_timeout(location: StoreLocation, field: str) -> float:
    return float_option(location, "busy_timeout", DEFAULT_BUSY_TIMEOUT, field=field)


def _key_prefix(location: StoreLocation, field: str) -> str:
    prefix = location.options.get("key_prefix", "momo")
    if not prefix or any(ch.isspace() for ch in prefix):
        raise MomoValidationError(
            field, f"key_prefix={prefix!r} must be a non-empty word without spaces."
        )
    return prefix


class BuiltinStores:
    """The memory, SQLite, Redis and PostgreSQL backends, as the core's ``StoreBackend``."""

    def check_token_store_url(self, url: str, *, field: str) -> str:
        return check_token_store_url(url, field=field)

    def check_ledger_url(self, url: str, *, field: str) -> str:
        return check_ledger_url(url, field=field)

    def display_url(self, url: str, *, field: str) -> str:
        return parse_store_url(url, field=field, own_options=TOKEN_OPTIONS).display_url

    def url_secrets(self, url: str) -> list[str]:
        return store_url_secrets(url)

    def open_token_store(self, url: str, *, clock: Clock, field: str) -> SharedTokenStore:
        return open_token_store(url, clock=clock, field=field)

    def open_ledger(self, url: str, *, clock: Clock, field: str) -> Ledger:
        return open_ledger(url, clock=clock, field=field)


BUILTIN = BuiltinStores()
"""Registered in pyproject.toml for ``memory``, ``sqlite``, ``redis``, ``rediss``, ``postgresql``
and ``postgres`` URLs."""
