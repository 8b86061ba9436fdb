"""The orders-outbox example (Flask + SQLAlchemy on a real PostgreSQL): an order and its payment
intent commit together; a rolled-back order sends nothing; bad input writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("flask")
pytest.importorskip("sqlalchemy")

from sqlalchemy import create_engine, text

from examples.orders_outbox.app import create_app, create_schema
from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, SandboxTransport
from tests.stores.postgres_fixtures import (  # noqa: F401 (fixtures)
    postgres_schema,
    postgres_server,
    postgres_url,
)


@pytest.fixture
def orders_app(
    postgres_server: Any,  # noqa: F811
    postgres_url: str,  # noqa: F811
) -> Iterator[tuple[Any, Sandbox, MomoClient]]:
    sandbox = Sandbox(callback_sender=RecordingCallbackSender())
    user = sandbox.provision("collection", callback_host="127.0.0.1")
    config = MomoConfig(
        base_url="http://127.0.0.1:9",  # never dialled: the transport answers in-process
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
        ledger=postgres_url,
    )
    engine = create_engine(postgres_server.url().replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS shop CASCADE")
    create_schema(engine)
    with MomoClient(config, transport=SandboxTransport(sandbox)) as momo:
        yield create_app(engine, momo).test_client(), sandbox, momo
    engine.dispose()
    sandbox.close()


def test_orders_and_their_payments_commit_together(orders_app: Any, postgres_server: Any) -> None:  # noqa: F811
    http, sandbox, momo = orders_app

    placed = http.post("/orders", json={"id": "o-1", "amount": "10.50", "payer": "46733123459"})
    rolled_back = http.post(
        "/orders",
        json={"id": "o-2", "amount": "4", "payer": "46733123459", "out_of_stock": True},
    )
    refused = http.post("/orders", json={"id": "o-3", "amount": "-1", "payer": "46733123459"})
    report = momo.dispatch()
    shown = http.get("/orders/o-1")

    assert placed.status_code == 201
    assert (rolled_back.status_code, refused.status_code) == (409, 400)
    reference_id = placed.get_json()["reference_id"]
    assert [o.entry.reference_id for o in report.accepted] == [reference_id]
    assert [(r.reference_id, r.post_count) for r in sandbox.resources()] == [(reference_id, 1)]
    assert shown.get_json() == {"id": "o-1", "status": "SUCCESSFUL"}
    with create_engine(
        postgres_server.url().replace("postgresql://", "postgresql+psycopg://")
    ).connect() as conn:
        rows = conn.execute(text("SELECT id, reference_id FROM shop.orders")).all()
    assert [tuple(row) for row in rows] == [("o-1", reference_id)]


def test_the_example_runs_as_a_user_would_start_it(postgres_server: Any, postgres_url: str) -> None:  # noqa: F811
    """``python -m examples.orders_outbox``: a real process serving real HTTP, on a real
    PostgreSQL, against the local sandbox on a real port."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(root / "generated")])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "examples.orders_outbox",
            "--database-url",
            postgres_server.url(),
            "--ledger",
            postgres_url,
            "--reset",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "dispatched: 1; payments at MoMo: [('o-1', 1)]" in run.stdout
    assert "o-1: SUCCESSFUL" in run.stdout
