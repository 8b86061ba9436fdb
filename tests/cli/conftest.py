"""A sandbox served on a loopback port with one API user per product (``sandbox`` and ``creds``
from tests/conftest.py), and the MOMO_* variables that point the CLI at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from momo_wrapper.sandbox import (
    Sandbox,
    SandboxCredentials,
    SandboxServer,
    serve_sandbox,
)
from tests.cli.cli_support import SandboxClock, issued_tokens


@pytest.fixture
def sandbox_options() -> dict[str, Any]:
    """46733123453 settles after 5 virtual seconds, well inside the CLI's --wait."""
    return {"ongoing_delay": 5.0}


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[SandboxServer]:
    with serve_sandbox(sandbox) as server:
        yield server


@pytest.fixture
def environ(
    server: SandboxServer, creds: dict[str, SandboxCredentials], tmp_path
) -> dict[str, str]:
    # MOMO_STATE_DIR: pay/transfer keep their ledger in a directory of this test's own.
    values = {
        "MOMO_BASE_URL": server.base_url,
        "MOMO_MAX_ATTEMPTS": "2",
        "MOMO_STATE_DIR": str(tmp_path / "state"),
    }
    for product, credentials in creds.items():
        prefix = f"MOMO_{product.upper()}"
        values[f"{prefix}_SUBSCRIPTION_KEY"] = credentials.subscription_key
        values[f"{prefix}_API_USER"] = credentials.user_id
        values[f"{prefix}_API_KEY"] = credentials.api_key
    return values


@pytest.fixture
def cli_clock(sandbox: Sandbox) -> SandboxClock:
    return SandboxClock(sandbox)


@pytest.fixture
def secrets(sandbox: Sandbox, creds: dict[str, SandboxCredentials]):
    """A callable: every secret known so far (keys, and the tokens issued up to now)."""

    def known() -> list[str]:
        values = [c.api_key for c in creds.values()] + list(sandbox.subscription_keys.values())
        return values + issued_tokens(sandbox)

    return known
