"""``momo db upgrade``, ``momo db sql`` and ``momo outbox run`` (a real subprocess stopped by a
real SIGTERM), and the typed errors of a PostgreSQL store that cannot be used."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from momo_wrapper.cli import main
from momo_wrapper.sandbox import SandboxServer
from momo_wrapper.stores import StoreSchemaError, StoreUnavailableError, open_ledger
from tests.outbox.test_outbox_processes import record_intents
from tests.stores.stores_postgres_server import PostgresServer

REPO_ROOT = Path(__file__).resolve().parents[2]


def momo(*argv: str, environ: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), environ=environ or {}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_db_upgrade_creates_the_schema_once(postgres_url: str, postgres_schema: str) -> None:
    code, out, _ = momo("db", "upgrade", "--json", environ={"MOMO_LEDGER": postgres_url})
    again, text, _ = momo("db", "upgrade", "--url", postgres_url)

    assert code == 0
    assert json.loads(out) == {
        "ok": True,
        "url": postgres_url.replace("postgres@", "").split("?")[0] + f"?schema={postgres_schema}",
        "schema": postgres_schema,
        "version": 2,
    }
    assert again == 0
    assert "is at version 2" in text
    assert momo("db", "upgrade", "--url", "sqlite:///x.db")[0] == 3  # not PostgreSQL
    assert momo("db", "upgrade")[0] == 3  # no URL at all


def test_db_sql_is_what_teams_run_themselves(
    postgres_server: PostgresServer, postgres_schema: str
) -> None:
    code, sql, _ = momo("db", "sql", "--schema", postgres_schema)
    postgres_server.execute(sql)  # as a team's own migration tool would

    url = postgres_server.url(schema=postgres_schema, migrate="false")
    with open_ledger(url) as ledger:  # migrate=false: it only checks the version
        entry = ledger.reserve("transfer:o-1", "v1;fp", "disbursement", "transfer")
        assert ledger.get(entry.reference_id) == entry
    assert code == 0
    assert f'CREATE TABLE "{postgres_schema}".ledger' in sql
    assert "-- 2: transactional outbox" in sql


def test_unusable_postgres_stores_raise_clear_typed_errors(
    postgres_server: PostgresServer, postgres_schema: str
) -> None:
    unreachable = open_ledger("postgresql://app:hunter2-pass@127.0.0.1:1/shop?connect_timeout=2")
    with pytest.raises(StoreUnavailableError) as down:
        unreachable.reserve("k", "v1;fp", "collection", "request_to_pay")

    # migrate=false on a schema nobody created
    behind = open_ledger(postgres_server.url(schema=postgres_schema, migrate="false"))
    with pytest.raises(StoreSchemaError, match="momo db upgrade") as missing:
        behind.get("2e1b8a2e-6a57-4a57-9c4e-3f1a0e5b7c11")

    # a schema owned by another role, where ours may not create tables
    postgres_server.execute(
        "CREATE ROLE app_user LOGIN",
        "CREATE ROLE schema_owner",
        f"CREATE SCHEMA {postgres_schema} AUTHORIZATION schema_owner",
        f"GRANT USAGE ON SCHEMA {postgres_schema} TO app_user",
    )
    try:
        foreign = open_ledger(postgres_server.url(user="app_user", schema=postgres_schema))
        with pytest.raises(StoreSchemaError) as owned:
            foreign.reserve("k", "v1;fp", "collection", "request_to_pay")
    finally:
        postgres_server.execute(
            f"DROP SCHEMA {postgres_schema} CASCADE", "DROP ROLE app_user", "DROP ROLE schema_owner"
        )

    assert "Connection refused" in str(down.value)
    assert down.value.operation == "reserve"
    assert not down.value.outcome_unknown  # nothing reached the server
    assert "hunter2" not in str(down.value)
    assert down.value.url == "postgresql://127.0.0.1:1/shop?schema=momo"
    assert "version 0" in str(missing.value)
    assert "owned by role 'schema_owner'" in str(owned.value)
    assert "role 'app_user' may not create tables" in str(owned.value)
    assert owned.value.operation == "migrate"
    for store in (unreachable, behind, foreign):
        store.close()


def _worker_env(settings: dict[str, Any]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
    env.update(
        MOMO_BASE_URL=settings["base_url"],
        MOMO_LEDGER=settings["ledger"],
        MOMO_TOKEN_STORE=settings["token_store"],
        PYTHONPATH=os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "generated")]),
    )
    for product, creds in settings["credentials"].items():
        prefix = f"MOMO_{product.upper()}_"
        env[prefix + "SUBSCRIPTION_KEY"] = creds["subscription_key"]
        env[prefix + "API_USER"] = creds["api_user"]
        env[prefix + "API_KEY"] = creds["api_key"]
    return env


def test_outbox_worker_sends_intents_and_stops_on_sigterm(
    served: SandboxServer, outbox_settings: dict[str, Any]
) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "momo_wrapper.cli", "outbox", "run", "--interval", "0.05"],
        env=_worker_env(outbox_settings),
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        refs = record_intents(outbox_settings, 3)
        deadline = time.monotonic() + 60
        while len(served.sandbox.resources()) < 3:
            assert worker.poll() is None, worker.communicate()
            assert time.monotonic() < deadline, "the worker did not send the intents"
            time.sleep(0.02)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert worker.returncode == 0, err
    assert "SIGTERM: finishing the batch in hand, then stopping" in err
    assert "stopped; dispatched in all: {'ACCEPTED': 3}" in out
    assert {r.reference_id for r in served.sandbox.resources()} == set(refs)
    assert all(r.post_count == 1 for r in served.sandbox.resources())
    assert outbox_settings["credentials"]["collection"]["api_key"] not in out + err
    with psycopg.connect(outbox_settings["ledger"].split("?")[0]) as conn:
        schema = outbox_settings["ledger"].split("schema=")[1]
        queued = conn.execute(f"SELECT count(*) FROM {schema}.ledger WHERE queued".encode())  # type: ignore[arg-type]
        assert queued.fetchone() == (0,)
