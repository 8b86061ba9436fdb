"""Orders in PostgreSQL, paid through the transactional outbox.

``POST /orders`` saves the order and records its MoMo payment intent in **one** SQLAlchemy
transaction: both are committed, or (any error before commit) neither is. The intent's
reference id is minted when it is recorded, so the order row holds it from the start. A
dispatcher (``momo.dispatch()`` here, or the ``momo outbox run`` worker) sends each committed
intent exactly once.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request
from sqlalchemy import Engine, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from momo_wrapper import MomoClient, MomoError


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = {"schema": "shop"}  # noqa: RUF012 (SQLAlchemy's declarative form)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    amount: Mapped[str] = mapped_column(String(32))
    payer: Mapped[str] = mapped_column(String(32))
    reference_id: Mapped[str] = mapped_column(String(36))


class StockError(Exception):
    """Raised after the order and intent were written, before commit: both are rolled back."""


def create_app(engine: Engine, momo: MomoClient) -> Flask:
    app = Flask(__name__)

    @app.post("/orders")
    def place_order() -> Any:
        body = request.get_json(force=True)
        try:
            with Session(engine) as session, session.begin():
                intent = momo.outbox(session).collection.request_to_pay(
                    amount=body["amount"], payer=body["payer"], external_id=body["id"]
                )
                session.add(
                    Order(
                        id=body["id"],
                        amount=body["amount"],
                        payer=body["payer"],
                        reference_id=intent.reference_id,
                    )
                )
                if body.get("out_of_stock"):
                    raise StockError(body["id"])
        except StockError:
            return jsonify({"error": "out of stock"}), 409
        except MomoError as error:  # bad amount or payer: nothing was written
            return jsonify({"error": str(error)}), 400
        return jsonify({"id": body["id"], "reference_id": intent.reference_id}), 201

    @app.get("/orders/<order_id>")
    def show_order(order_id: str) -> Any:
        with Session(engine) as session:
            order = session.scalar(select(Order).where(Order.id == order_id))
            if order is None:
                return jsonify({"error": "no such order"}), 404
            status = momo.collection.get_request_to_pay_status(order.reference_id)
            return jsonify({"id": order.id, "status": str(status.status)})

    return app


def create_schema(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS shop")
    Base.metadata.create_all(engine)
