"""Checkout with MoMo request to pay, and the callback endpoint that settles orders.

A plain ASGI app (serve it with uvicorn), three moving parts:

* ``POST /orders`` ``{"payer": "46733123450", "amount": "10.50"}`` writes the order, then asks
  the payer to pay. The SDK mints the payment's reference id and calls ``on_reference_id``
  *before* sending anything, and that hook stores the id in the order row: whatever happens to
  the request afterwards (timeout, crash), the order knows which payment to look for.
* ``/momo/callbacks/...`` is the SDK's ``CallbackASGIApp``. MoMo's callbacks are unsigned, so
  the receiver never trusts one: it reads the payment's real status from MoMo and calls
  :meth:`CheckoutApp.on_verified` once per final state. Only that marks an order paid, and
  only if MoMo's amount and currency are the order's.
* A reconciliation loop polls payments whose callback never came (MoMo loses some).

``GET /orders`` lists the order table. Run ``python -m examples.checkout`` for a demo against
the local sandbox, or serve it for real with ``uvicorn examples.checkout.app:create_app
--factory`` and the ``MOMO_*`` settings (``MOMO_CALLBACK_BASE_URL`` must end in
``/momo/callbacks`` on this server's public address).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import dataclasses
import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx

from momo_wrapper import (
    AsyncMomoClient,
    MomoAPIError,
    MomoConfig,
    MomoConnectionError,
    MomoValidationError,
)
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackASGIApp,
    PendingTransaction,
    ReconcileReport,
    VerifiedCallback,
    areconcile,
)

CALLBACK_PREFIX = "/momo/callbacks"
RECONCILE_EVERY = 60.0
"""Seconds between reconciliation runs; each polls payments older than five minutes."""

logger = logging.getLogger("examples.checkout")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


# --------------------------------------------------------------------------------------------
# The order table


@dataclasses.dataclass(frozen=True)
class Order:
    order_id: str
    payer: str
    amount: str
    currency: str
    state: str
    """``new`` (payment not confirmed sent), ``awaiting_payment``, ``paid``, ``failed`` or
    ``needs_review`` (MoMo says paid, but not this amount)."""
    reference_id: str | None
    reason: str | None
    created_at: float


OPEN_STATES = ("new", "awaiting_payment")
_COLUMNS = "order_id, payer, amount, currency, state, reference_id, reason, created_at"


class Orders:
    """Orders in SQLite (``:memory:`` by default). Thread-safe; every statement is short."""

    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, payer TEXT NOT NULL,"
            " amount TEXT NOT NULL, currency TEXT NOT NULL, state TEXT NOT NULL,"
            " reference_id TEXT UNIQUE, reason TEXT, created_at REAL NOT NULL)"
        )

    def create(self, payer: str, amount: Decimal, currency: str) -> Order:
        order_id = f"order-{uuid.uuid4().hex[:10]}"
        self._run(
            "INSERT INTO orders VALUES (?, ?, ?, ?, 'new', NULL, NULL, ?)",
            order_id,
            payer,
            str(amount),
            currency,
            time.time(),
        )
        return self.get(order_id)

    def attach_reference(self, order_id: str, reference_id: str) -> None:
        self._run("UPDATE orders SET reference_id = ? WHERE order_id = ?", reference_id, order_id)

    def mark_sent(self, order_id: str) -> None:
        self._run("UPDATE orders SET state = 'awaiting_payment' WHERE order_id = ?", order_id)

    def discard(self, order_id: str) -> None:
        self._run("DELETE FROM orders WHERE order_id = ?", order_id)

    def settle(self, reference_id: str, state: str, reason: str | None) -> bool:
        """Close the open order paying with ``reference_id``; False if none was open."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE orders SET state = ?, reason = ? WHERE reference_id = ?"
                " AND state IN ('new', 'awaiting_payment')",
                (state, reason, reference_id),
            )
            return cursor.rowcount == 1

    def get(self, order_id: str) -> Order:
        (order,) = self._select("WHERE order_id = ?", order_id)
        return order

    def by_reference(self, reference_id: str) -> Order | None:
        found = self._select("WHERE reference_id = ?", reference_id)
        return found[0] if found else None

    def open_payments(self) -> list[Order]:
        return self._select(
            "WHERE state IN ('new', 'awaiting_payment') AND reference_id IS NOT NULL"
        )

    def all(self) -> list[Order]:
        return self._select("")

    def _run(self, statement: str, *values: object) -> None:
        with self._lock:
            self._db.execute(statement, values)

    def _select(self, where: str, *values: object) -> list[Order]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM orders {where} ORDER BY created_at, order_id", values
            ).fetchall()
        return [Order(*row) for row in rows]


# --------------------------------------------------------------------------------------------
# The service

_placing: contextvars.ContextVar[str | None] = contextvars.ContextVar("placing", default=None)
"""The order whose payment is being requested in this task (read by the reference-id hook)."""


class BadOrder(Exception):
    """The order request is invalid; the message is safe to send back."""


class CheckoutApp:
    """The ASGI app; see the module docstring. ``transport`` is for the in-process sandbox."""

    def __init__(
        self,
        config: MomoConfig,
        orders: Orders | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        reconcile_every: float | None = RECONCILE_EVERY,
    ) -> None:
        self.orders = orders if orders is not None else Orders()
        self.momo = AsyncMomoClient(
            config, transport=transport, on_reference_id=self._persist_reference
        )
        self.processor = AsyncCallbackProcessor(
            self.momo, self.on_verified, path_prefix=config.callback_base_url
        )
        self.callbacks = CallbackASGIApp(self.processor)
        self._reconcile_every = reconcile_every
        self._reconciler: asyncio.Task[None] | None = None

    # -- orders -------------------------------------------------------------------------------

    async def place_order(self, payer: str, amount: Decimal) -> Order:
        order = self.orders.create(payer, amount, self.momo.config.currency)
        placing = _placing.set(order.order_id)
        try:
            await self.momo.collection.request_to_pay(
                amount=amount, payer=payer, external_id=order.order_id
            )
        except MomoValidationError:
            self.orders.discard(order.order_id)  # caught before anything was sent
            raise
        finally:
            _placing.reset(placing)
        self.orders.mark_sent(order.order_id)
        return self.orders.get(order.order_id)

    def _persist_reference(self, reference_id: str) -> None:
        # Runs before request_to_pay sends anything; if it raises, nothing is sent.
        order_id = _placing.get()
        if order_id is not None:
            self.orders.attach_reference(order_id, reference_id)

    # -- payments settle here, and only here --------------------------------------------------

    async def on_verified(self, callback: VerifiedCallback) -> None:
        """A final status MoMo itself confirmed (from a callback or from reconciliation)."""
        order = self.orders.by_reference(callback.reference_id)
        if order is None:
            logger.warning("verified payment %s belongs to no order", callback.reference_id)
            return
        verified = callback.status
        if not callback.is_successful:
            state = "failed"
        elif verified.amount == Decimal(order.amount) and verified.currency == order.currency:
            state = "paid"
        else:
            state = "needs_review"
        reason = verified.reason.code if verified.reason else None
        if self.orders.settle(callback.reference_id, state, reason):
            logger.info("order %s: %s (%s)", order.order_id, state, callback.source)

    async def reconcile(self, older_than: float = 300.0) -> ReconcileReport:
        """Poll the open payments older than ``older_than`` seconds whose callback never came."""
        pending = [
            PendingTransaction(
                product="collection",
                operation="request_to_pay",
                reference_id=order.reference_id,
                created_at=order.created_at,
            )
            for order in self.orders.open_payments()
            if order.reference_id is not None
        ]
        return await areconcile(self.processor, pending, older_than=older_than)

    async def _reconcile_forever(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            try:
                await self.reconcile()
            except Exception:
                logger.exception("reconciliation failed; trying again later")

    # -- ASGI ---------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] != "http":
            return
        elif scope["path"].startswith(CALLBACK_PREFIX + "/"):
            await self.callbacks(scope, receive, send)  # the mounted receiver
        elif scope["path"] == "/orders" and scope["method"] == "POST":
            await self._post_order(receive, send)
        elif scope["path"] == "/orders" and scope["method"] == "GET":
            await _reply(send, 200, [dataclasses.asdict(order) for order in self.orders.all()])
        else:
            await _reply(send, 404, {"error": "not found"})

    async def _post_order(self, receive: Receive, send: Send) -> None:
        try:
            payer, amount = _order_request(await _read_body(receive))
            order = await self.place_order(payer, amount)
        except BadOrder as error:
            await _reply(send, 400, {"error": str(error)})
        except MomoValidationError as error:
            await _reply(send, 400, {"error": f"{error.field}: {error.problem}"})
        except (MomoAPIError, MomoConnectionError) as error:
            # The order keeps its reference id: reconciliation finds out what became of it.
            logger.warning("request to pay failed: %s", error)
            await _reply(send, 502, {"error": "the payment could not be requested"})
        else:
            await _reply(send, 202, dataclasses.asdict(order))

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self._reconcile_every is not None:
                    self._reconciler = asyncio.create_task(
                        self._reconcile_forever(self._reconcile_every)
                    )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def aclose(self) -> None:
        """Stop reconciling, finish the callbacks already received, close the client."""
        if self._reconciler is not None:
            self._reconciler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reconciler
        await self.callbacks.aclose()
        await self.momo.aclose()


def _order_request(body: bytes) -> tuple[str, Decimal]:
    try:
        data = json.loads(body)
        payer, amount = str(data["payer"]), Decimal(str(data["amount"]))
    except (ValueError, TypeError, KeyError, InvalidOperation):
        raise BadOrder('send {"payer": "<MSISDN>", "amount": "<decimal>"}') from None
    return payer, amount


async def _read_body(receive: Receive, limit: int = 64 * 1024) -> bytes:
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > limit:
            raise BadOrder("the request is too large")
        if not message.get("more_body", False):
            return bytes(body)


async def _reply(send: Send, status: int, payload: object) -> None:
    body = json.dumps(payload).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def create_app() -> CheckoutApp:
    """For ``uvicorn examples.checkout.app:create_app --factory`` with ``MOMO_*`` settings."""
    config = MomoConfig.from_env()
    if config.callback_base_url is None or not config.callback_base_url.rstrip("/").endswith(
        CALLBACK_PREFIX
    ):
        raise SystemExit(f"Set MOMO_CALLBACK_BASE_URL to https://<this host>{CALLBACK_PREFIX}")
    return CheckoutApp(config, Orders("orders.sqlite3"))
