"""Store URLs: the backend each one opens, and a clear MomoValidationError for the bad ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper._store_plugins import redact_url
from momo_wrapper._tokens import TokenKey
from momo_wrapper.stores import (
    MemoryLedger,
    MemoryTokenStore,
    SQLiteLedger,
    SQLiteTokenStore,
    open_ledger,
    open_token_store,
)
from momo_wrapper.stores._urls import StoreKind, parse_store_url


def test_memory_urls_open_private_stores() -> None:
    assert isinstance(open_token_store("memory://"), MemoryTokenStore)
    assert isinstance(open_ledger(" MEMORY:// "), MemoryLedger)


def test_sqlite_urls_follow_sqlalchemy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    relative = open_ledger("sqlite:///relative.db")
    absolute = open_token_store(f"sqlite:///{tmp_path}/absolute.db?lock_lease=5&busy_timeout=1")

    assert isinstance(relative, SQLiteLedger)
    assert isinstance(absolute, SQLiteTokenStore)
    relative.pending()
    absolute.get(TokenKey(base_url="http://127.0.0.1:1", product="collection", api_user="u"))
    assert (tmp_path / "relative.db").is_file()
    assert (tmp_path / "absolute.db").is_file()
    assert absolute.display_url == f"sqlite:///{tmp_path}/absolute.db"
    assert str(tmp_path).startswith("/")  # so the URL above had four slashes
    relative.close()
    absolute.close()


def test_redis_urls_keep_credentials_out_of_what_they_show() -> None:
    pytest.importorskip("redis")
    location = parse_store_url(
        "rediss://app:pa%24%24word@cache.internal:6380/3?socket_timeout=2&key_prefix=shop",
        field="MOMO_LEDGER",
        own_options=frozenset(),
    )

    assert location.kind is StoreKind.REDIS
    assert location.display_url == "rediss://cache.internal:6380/3"
    assert location.options == {"key_prefix": "shop"}
    assert location.client_url == "rediss://app:pa%24%24word@cache.internal:6380/3?socket_timeout=2"
    assert "pa%24" not in repr(location)


def test_redis_defaults_show_port_and_database() -> None:
    pytest.importorskip("redis")
    location = parse_store_url("redis://localhost", field="f", own_options=frozenset())

    assert location.display_url == "redis://localhost:6379/0"


def test_redis_url_opens_lazily_with_its_options() -> None:
    pytest.importorskip("redis")
    store = open_token_store("redis://127.0.0.1:1/0?lock_lease=5&key_prefix=shop")
    ledger = open_ledger("redis://:secret-pass@127.0.0.1:1/2")

    assert repr(store) == "RedisTokenStore('redis://127.0.0.1:1/0')"
    assert repr(ledger) == "RedisLedger('redis://127.0.0.1:1/2')"
    store.close()
    ledger.close()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "expected a store URL"),
        ("localhost:6379", "is not a URL"),
        ("mysql://db/momo", "unsupported scheme 'mysql'"),
        ("postgresql://db:port/momo", "port that is not a number"),
        ("postgresql://db/momo?schema=Orders-2", "not a plain schema name"),
        ("postgresql://db/momo?colour=red", "unknown option 'colour'"),
        ("postgresql://db/momo?migrate=maybe", "must be true or false"),
        ("postgresql://db/momo?lock_lease=0", "lock_lease"),
        ("memory://cache", "a memory store takes none"),
        ("sqlite://host/file.db", "names a host"),
        ("sqlite:///", "has no file path"),
        ("sqlite:///:memory:", "use memory://"),
        ("sqlite:///x.db?journal=off", "unknown option 'journal'"),
        ("sqlite:///x.db?busy_timeout=soon", "busy_timeout='soon'"),
        ("sqlite:///x.db?busy_timeout=-1", "not a positive number"),
        ("redis:///0", "has no host"),
        ("redis://host:port/0", "port that is not a number"),
        ("redis://host/cache", "must be a number"),
        ("redis://host/0?colour=red", "unknown option 'colour'"),
        ("redis://host/0?socket_timeout=abc", "not a valid Redis URL"),
        ("redis://host/0?key_prefix=a%20b", "key_prefix"),
        ("redis://host/0?lock_lease=0", "lock_lease"),
    ],
)
def test_bad_urls_are_refused_with_the_setting_named(url: str, problem: str) -> None:
    pytest.importorskip("redis")
    with pytest.raises(MomoValidationError, match="MOMO_TOKEN_STORE") as caught:
        open_token_store(url, field="MOMO_TOKEN_STORE")

    assert problem in str(caught.value)


def test_postgres_urls_keep_credentials_out_of_what_they_show() -> None:
    pytest.importorskip("psycopg")
    location = parse_store_url(
        "postgresql://app:pa%24%24word@db.internal:6432/shop?schema=payments&sslmode=require",
        field="MOMO_LEDGER",
        own_options=frozenset(),
    )
    plain = parse_store_url("postgres://db.internal/shop", field="f", own_options=frozenset())

    assert location.kind is StoreKind.POSTGRES
    assert location.display_url == "postgresql://db.internal:6432/shop?schema=payments"
    assert location.options == {"schema": "payments", "migrate": "true"}
    assert location.client_url == (
        "postgresql://app:pa%24%24word@db.internal:6432/shop?sslmode=require&connect_timeout=5"
    )
    assert "pa%24" not in repr(location)
    assert plain.display_url == "postgresql://db.internal:5432/shop?schema=momo"


def test_postgres_url_opens_lazily() -> None:
    pytest.importorskip("psycopg")
    store = open_token_store("postgresql://app:secret-pass@127.0.0.1:1/shop?lock_lease=5")
    ledger = open_ledger("postgresql://app:secret-pass@127.0.0.1:1/shop?schema=pay")

    assert repr(store) == "PostgresTokenStore('postgresql://127.0.0.1:1/shop?schema=momo')"
    assert repr(ledger) == "PostgresLedger('postgresql://127.0.0.1:1/shop?schema=pay')"
    store.close()
    ledger.close()


def test_ledger_urls_take_no_token_options() -> None:
    with pytest.raises(MomoValidationError, match="unknown option 'lock_lease'"):
        open_ledger("sqlite:///x.db?lock_lease=5")
    assert not os.path.exists("x.db")


def test_errors_never_show_a_password() -> None:
    pytest.importorskip("redis")
    with pytest.raises(MomoValidationError) as caught:
        open_ledger("redis://user:hunter2-secret@host/zero")

    assert "hunter2" not in str(caught.value)
    assert redact_url("redis://u:p@h:1/0?password=p") == "redis://h:1/0"
