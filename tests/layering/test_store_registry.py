"""Store URLs resolve through the ``momo_wrapper.stores`` entry points, looked up by scheme."""

from __future__ import annotations

import importlib.metadata

import pytest

from momo_wrapper import (
    AsyncMomoClient,
    MomoClient,
    MomoConfig,
    MomoValidationError,
    _store_plugins,
)
from momo_wrapper._clock import Clock
from momo_wrapper._ledger import Ledger
from momo_wrapper._memory_ledger import MemoryLedger
from momo_wrapper._tokens import SharedTokenStore


class ScratchBackend:
    """A backend of another package, serving ``scratch://`` URLs with memory ledgers."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def check_token_store_url(self, url: str, *, field: str) -> str:
        raise MomoValidationError(field, "scratch:// holds no tokens.")

    def check_ledger_url(self, url: str, *, field: str) -> str:
        return url.strip()

    def display_url(self, url: str, *, field: str) -> str:
        return "scratch://…"

    def url_secrets(self, url: str) -> list[str]:
        return [url.rpartition("@")[0].rpartition(":")[2]] if "@" in url else []

    def open_token_store(self, url: str, *, clock: Clock, field: str) -> SharedTokenStore:
        raise AssertionError("not a token store")

    def open_ledger(self, url: str, *, clock: Clock, field: str) -> Ledger:
        self.opened.append(url)
        return MemoryLedger(clock=clock)


SCRATCH = ScratchBackend()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, importlib.metadata.EntryPoint]:
    entries = dict(_store_plugins._registered())
    entries["scratch"] = importlib.metadata.EntryPoint(
        name="scratch", value=f"{__name__}:SCRATCH", group=_store_plugins.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(_store_plugins, "_registered", lambda: entries)
    SCRATCH.opened.clear()
    return entries


def test_the_built_in_schemes_are_registered_by_the_package() -> None:
    registered = _store_plugins._registered()
    assert {"memory", "sqlite", "redis", "rediss", "postgresql", "postgres"} <= set(registered)
    assert {entry.value for entry in registered.values()} == {
        "momo_wrapper.stores._factory:BUILTIN"
    }


def test_a_registered_scheme_serves_config_and_client(registry: object) -> None:
    config = MomoConfig(ledger="scratch://app:hunter2@ledger")
    assert "hunter2" not in repr(config)
    assert "scratch://…" in repr(config)
    with MomoClient(config) as momo:
        assert isinstance(momo.ledger, MemoryLedger)
    assert SCRATCH.opened == ["scratch://app:hunter2@ledger"]


async def test_a_registered_scheme_serves_the_async_client(registry: object) -> None:
    async with AsyncMomoClient(MomoConfig(ledger="scratch://ledger")) as momo:
        assert isinstance(momo.ledger, MemoryLedger)
    assert SCRATCH.opened == ["scratch://ledger"]


def test_a_backend_refuses_a_url_with_the_setting_named(registry: object) -> None:
    with pytest.raises(MomoValidationError, match="token_store: scratch:// holds no tokens"):
        MomoConfig(token_store="scratch://tokens")


def test_an_unknown_scheme_names_the_installed_ones() -> None:
    with pytest.raises(MomoValidationError, match="unsupported scheme 'mysql'") as caught:
        MomoConfig(ledger="mysql://app:secret@db/momo")
    assert "secret" not in str(caught.value)
    assert "sqlite://" in str(caught.value)


def test_without_entry_points_a_store_url_says_how_to_fix_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_store_plugins, "_registered", dict)
    with pytest.raises(MomoValidationError, match="No store backend is registered"):
        MomoConfig(ledger="sqlite:///ledger.db")
    with MomoClient(MomoConfig()) as momo:  # no URL: no backend needed
        assert isinstance(momo.ledger, MemoryLedger)
