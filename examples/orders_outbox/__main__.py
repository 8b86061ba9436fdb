"""``python -m examples.orders_outbox --database-url postgresql://... [--ledger URL] [--reset]``:
the orders service end to end against the local sandbox.

Starts the sandbox on a free port, serves the Flask app (werkzeug) on another, and places three
orders over HTTP: one that commits, one rolled back (out of stock) and one refused (a bad
amount). Then it dispatches the outbox and prints the order table. It exits 0 when exactly the
committed order was paid, once.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

import httpx

try:
    from sqlalchemy import create_engine
    from werkzeug.serving import make_server
except ImportError:  # Flask and SQLAlchemy are the example's own dependencies
    sys.exit(
        "python -m examples.orders_outbox needs Flask, SQLAlchemy and the postgres extra: "
        'python3 -m pip install flask sqlalchemy -e ".[postgres]"'
    )

from examples.orders_outbox.app import create_app, create_schema
from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import Sandbox, serve_sandbox

HOST = "127.0.0.1"
ORDERS: list[dict[str, Any]] = [
    {"id": "o-1", "amount": "10.50", "payer": "46733123459"},
    {"id": "o-2", "amount": "4", "payer": "46733123459", "out_of_stock": True},
    {"id": "o-3", "amount": "-1", "payer": "46733123459"},
]
EXPECTED_ANSWERS = {"o-1": 201, "o-2": 409, "o-3": 400}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m examples.orders_outbox")
    parser.add_argument("--database-url", required=True, help="postgresql://... of the shop")
    parser.add_argument("--ledger", help="MoMo's ledger URL (default: the same database)")
    parser.add_argument("--reset", action="store_true", help="drop the example's shop schema")
    args = parser.parse_args(argv)
    url: str = args.database_url
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    if args.reset:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS shop CASCADE")
    create_schema(engine)
    with Sandbox() as sandbox, serve_sandbox(sandbox, port=0) as momo_server:
        user = sandbox.provision("collection", callback_host=HOST)
        config = MomoConfig(
            base_url=momo_server.base_url,
            collection=ProductCredentials(
                subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
            ),
            ledger=args.ledger or url,
        )
        with MomoClient(config) as momo:
            web = make_server(HOST, 0, create_app(engine, momo), threaded=True)
            thread = threading.Thread(target=web.serve_forever, daemon=True)
            thread.start()
            try:
                shop = f"http://{HOST}:{web.server_port}"
                answers = {
                    order["id"]: httpx.post(f"{shop}/orders", json=order, timeout=10).status_code
                    for order in ORDERS
                }
                report = momo.dispatch()
                shown = httpx.get(f"{shop}/orders/o-1", timeout=10).json()
            finally:
                web.shutdown()
                thread.join(5)
        payments = [(r.external_id, r.post_count) for r in sandbox.resources()]
    engine.dispose()
    print("order  answer")
    for order_id, status in answers.items():
        print(f"{order_id:<6} {status}")
    print(f"dispatched: {len(report.accepted)}; payments at MoMo: {payments}")
    print(f"o-1: {shown.get('status')}")
    ok = (
        answers == EXPECTED_ANSWERS
        and payments == [("o-1", 1)]
        and shown.get("status") == "SUCCESSFUL"
    )
    print("all orders as expected" if ok else "NOT as expected")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
