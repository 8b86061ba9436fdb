"""Helpers of the observability tests (fixtures are in this directory's conftest.py)."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import TypeVar

from momo_wrapper import MomoConfig
from momo_wrapper.sandbox import PRODUCTS

T = TypeVar("T")
PAYER = "46733123459"  # the sandbox's SUCCESSFUL payer


async def settle(outcome: Awaitable[T] | T) -> T:
    """A client call's result: awaited for the async client, as returned for the sync one."""
    if inspect.isawaitable(outcome):
        return await outcome
    return outcome


def secrets_of(config: MomoConfig) -> list[str]:
    """Every key of ``config``: none may reach a log record, a hook or a span."""
    values = [config.provisioning_subscription_key or ""]
    for product in PRODUCTS:
        credentials = getattr(config, product)
        values += [credentials.subscription_key, credentials.api_key]
    return [value for value in values if value]
