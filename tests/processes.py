"""What spawned worker processes share: a client config built from plain, picklable settings
(the ``worker_settings`` fixture, plus the store URLs a test adds)."""

from __future__ import annotations

from typing import Any

from momo_wrapper import MomoConfig, ProductCredentials


def worker_config(settings: dict[str, Any], **overrides: Any) -> MomoConfig:
    """The config a worker on another host would build: the sandbox's URL and credentials, and
    the token store and ledger URLs when the settings name them."""
    credentials: dict[str, Any] = {
        product: ProductCredentials(**values) for product, values in settings["credentials"].items()
    }
    return MomoConfig(
        base_url=settings["base_url"],
        token_store=settings.get("token_store"),
        ledger=settings.get("ledger"),
        **credentials,
        **overrides,
    )
