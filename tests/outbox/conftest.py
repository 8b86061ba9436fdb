"""Fixtures of the outbox suite: a real PostgreSQL server (one per session, a schema per test).

``sandbox``, ``h`` (both client kinds in-process) and ``served`` / ``worker_settings`` (the
sandbox on a real port, for worker processes) come from tests/conftest.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.stores.postgres_fixtures import (  # noqa: F401 (fixtures)
    postgres_schema,
    postgres_server,
    postgres_url,
)


@pytest.fixture
def outbox_settings(worker_settings: dict[str, Any], postgres_url: str) -> dict[str, Any]:  # noqa: F811
    """``worker_settings`` with the token store and the ledger (and so the outbox) in PostgreSQL."""
    return {**worker_settings, "token_store": postgres_url, "ledger": postgres_url}
