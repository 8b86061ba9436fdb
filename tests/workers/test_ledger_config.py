"""``MOMO_TOKEN_STORE`` and ``MOMO_LEDGER``: validated in MomoConfig, masked in its repr, opened
and closed by the clients; explicit ``token_store=``/``ledger=`` objects win."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from momo_wrapper import AsyncMomoClient, MomoConfig, MomoValidationError
from momo_wrapper.stores import (
    LedgerState,
    MemoryLedger,
    SQLiteLedger,
    SQLiteTokenStore,
    StoreUnavailableError,
)
from tests.client.client_harness import SUCCESS_PARTY, Harness, run

PASSWORD = "hunter2-redis-secret"
REDIS_URL = f"redis://app:{PASSWORD}@cache.internal:6380/2?key_prefix=shop&socket_timeout=3"


async def _close(momo: Any) -> None:
    if isinstance(momo, AsyncMomoClient):
        await momo.aclose()
    else:
        momo.close()


def test_the_environment_sets_both_urls(tmp_path: Path) -> None:
    ledger = f"sqlite:///{tmp_path / 'ledger.db'}"

    config = MomoConfig.from_env({"MOMO_TOKEN_STORE": REDIS_URL, "MOMO_LEDGER": ledger})

    assert (config.token_store, config.ledger) == (REDIS_URL, ledger)
    assert (MomoConfig().token_store, MomoConfig().ledger) == (None, None)
    assert config.replace(ledger=None).token_store == REDIS_URL


def test_the_repr_shows_where_but_no_credentials_or_options() -> None:
    config = MomoConfig(token_store=REDIS_URL, ledger="sqlite:////var/lib/app/ledger.db")

    shown = repr(config)

    assert "token_store='redis://cache.internal:6380/2'" in shown
    assert "ledger='sqlite:////var/lib/app/ledger.db'" in shown
    assert PASSWORD not in shown
    assert "key_prefix" not in shown
    assert PASSWORD not in config.secrets.redact(f"AUTH {PASSWORD}")


@pytest.mark.parametrize(
    ("settings", "field", "problem"),
    [
        ({"MOMO_LEDGER": "ftp://ledger"}, "ledger (from MOMO_LEDGER)", "unsupported scheme"),
        ({"MOMO_TOKEN_STORE": "sqlite:///t.db?lock_lease=0"}, "token_store", "lock_lease"),
        ({"MOMO_LEDGER": "sqlite:///l.db?lock_lease=5"}, "ledger", "unknown option"),
        ({"MOMO_LEDGER": "redis://cache/zero"}, "ledger", "database"),
        ({"MOMO_TOKEN_STORE": "memory://x"}, "token_store", "memory store takes none"),
    ],
)
def test_unusable_urls_are_refused_naming_the_setting(
    settings: dict[str, str], field: str, problem: str
) -> None:
    with pytest.raises(MomoValidationError) as caught:
        MomoConfig.from_env(settings)

    assert caught.value.field.startswith(field)
    assert problem in str(caught.value)


def test_a_password_never_reaches_a_validation_message() -> None:
    with pytest.raises(MomoValidationError) as caught:
        MomoConfig(ledger=f"redis://app:{PASSWORD}@cache/0?bogus=1")

    assert PASSWORD not in str(caught.value)


async def test_the_client_opens_the_configured_stores_and_closes_them(
    h: Harness, tmp_path: Path
) -> None:
    tokens, ledger = tmp_path / "tokens.db", tmp_path / "ledger.db"
    momo = h.client(h.config(token_store=f"sqlite:///{tokens}", ledger=f"sqlite:///{ledger}"))

    accepted = await run(
        momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id="o-1")
    )
    opened = momo.ledger
    await _close(momo)

    assert isinstance(opened, SQLiteLedger)
    assert isinstance(momo.token_cache.store, SQLiteTokenStore)
    with pytest.raises(StoreUnavailableError, match="closed"):
        opened.get(accepted.reference_id)
    with SQLiteLedger(ledger) as reopened:
        entry = reopened.get(accepted.reference_id)
    assert entry is not None
    assert entry.state is LedgerState.ACCEPTED


async def test_explicit_objects_win_and_stay_open(h: Harness, tmp_path: Path) -> None:
    mine = MemoryLedger(clock=h.clock)
    momo = h.client(h.config(ledger=f"sqlite:///{tmp_path / 'unused.db'}"), ledger=mine)

    accepted = await run(
        momo.collection.request_to_pay(amount="5", payer=SUCCESS_PARTY, external_id="o-1")
    )
    await _close(momo)

    assert momo.ledger is mine
    entry = mine.get(accepted.reference_id)
    assert entry is not None
    assert entry.state is LedgerState.ACCEPTED
    assert not (tmp_path / "unused.db").exists()


async def test_clients_sharing_a_token_store_fetch_one_token(h: Harness, tmp_path: Path) -> None:
    config = h.config(token_store=f"sqlite:///{tmp_path / 'tokens.db'}")
    first, second = h.client(config), h.client(config)  # two caches, as in two processes

    await run(first.collection.get_balance())
    await run(second.collection.get_balance())

    assert h.sandbox.token_requests("collection") == 1
