"""The checkout example: its demo run as a user runs it, and its failure paths in-process."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import attrs
import httpx
import pytest

from examples.checkout.app import CheckoutApp, Orders
from momo_wrapper import MomoConfig, ProductCredentials
from momo_wrapper.callbacks import Source, VerifiedCallback
from momo_wrapper.sandbox import AsyncSandboxTransport, Sandbox

REPO_ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "http://127.0.0.1:9"
"""Never dialled: the sandbox transport answers in-process, and no callback is sent."""


def test_the_demo_settles_every_order_against_the_local_sandbox() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "examples.checkout", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    orders = {order["payer"]: order for order in json.loads(run.stdout)}
    final = {payer: (order["state"], order["reason"]) for payer, order in orders.items()}
    assert final == {
        "46733123459": ("paid", None),  # callback
        "46733123451": ("failed", "APPROVAL_REJECTED"),  # callback
        "46733123453": ("paid", None),  # a forged "paid" ignored; callback lost; reconciled
    }
    references = [order["reference_id"] for order in orders.values()]
    assert len({str(uuid.UUID(ref)) for ref in references}) == 3
    assert {order["amount"] for order in orders.values()} == {"10.50"}
    # The forged callback reached the receiver and did not mark the order paid.
    assert "answered 200; MoMo says PENDING, so the order is awaiting_payment" in run.stderr


@pytest.fixture
async def app(sandbox: Sandbox) -> AsyncIterator[CheckoutApp]:
    # The sandbox records callbacks and never sends them: every callback of these tests is "lost".
    user = sandbox.provision("collection", callback_host="127.0.0.1")
    config = MomoConfig(
        base_url=NOWHERE,
        callback_base_url=f"{NOWHERE}/momo/callbacks",
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
        max_attempts=1,
        status_checks_per_second=10_000,
    )
    checkout = CheckoutApp(
        config, Orders(), transport=AsyncSandboxTransport(sandbox), reconcile_every=None
    )
    yield checkout
    await checkout.aclose()


@pytest.fixture
async def shop(app: CheckoutApp) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://shop.test") as client:
        yield client


async def test_an_order_whose_answer_was_lost_keeps_its_reference_and_is_reconciled(
    sandbox: Sandbox, app: CheckoutApp, shop: httpx.AsyncClient
) -> None:
    # MoMo takes the payment request, and the connection dies before the answer.
    sandbox.faults.drop(operation="RequesttoPay")

    response = await shop.post("/orders", json={"payer": "46733123459", "amount": "7"})

    assert response.status_code == 502
    (order,) = app.orders.all()
    assert order.state == "new"
    assert order.reference_id is not None  # stored before the request went out
    assert sandbox.resource("collection", order.reference_id) is not None

    report = await app.reconcile(older_than=0)

    assert report.counts == {"delivered": 1}
    assert app.orders.get(order.order_id).state == "paid"


async def test_reconciliation_never_pays_a_failed_or_unfinished_order(
    app: CheckoutApp, shop: httpx.AsyncClient
) -> None:
    for payer in ("46733123452", "46733123454"):  # expires; stays CREATED
        response = await shop.post("/orders", json={"payer": payer, "amount": "5"})
        assert response.status_code == 202
        assert response.json()["state"] == "awaiting_payment"

    report = await app.reconcile(older_than=0)

    assert report.counts == {"delivered": 1, "not_final": 1}
    states = {order.payer: (order.state, order.reason) for order in app.orders.all()}
    assert states == {
        "46733123452": ("failed", "EXPIRED"),
        "46733123454": ("awaiting_payment", None),
    }


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"payer": "46733123459"}',
        b'{"payer": "46733123459", "amount": "ten"}',
        b'{"payer": "not a number", "amount": "5"}',  # the SDK refuses it before sending
        b'{"payer": "46733123459", "amount": "-5"}',
    ],
)
async def test_invalid_orders_are_refused_and_leave_no_row(
    sandbox: Sandbox, app: CheckoutApp, shop: httpx.AsyncClient, body: bytes
) -> None:
    response = await shop.post("/orders", content=body)

    assert response.status_code == 400
    assert response.json()["error"]
    assert app.orders.all() == []
    assert sandbox.resources() == []


async def test_the_order_table_is_listed_and_unknown_paths_are_404(
    shop: httpx.AsyncClient,
) -> None:
    placed = (await shop.post("/orders", json={"payer": "46733123459", "amount": "3"})).json()

    listed = (await shop.get("/orders")).json()

    assert [order["order_id"] for order in listed] == [placed["order_id"]]
    assert (await shop.get("/nothing")).status_code == 404


async def test_a_success_for_another_amount_is_not_marked_paid(
    app: CheckoutApp, shop: httpx.AsyncClient
) -> None:
    placed = (await shop.post("/orders", json={"payer": "46733123459", "amount": "5"})).json()
    ref = placed["reference_id"]
    verified = await app.momo.afetch_status("collection", "request_to_pay", ref)
    # As if MoMo had confirmed this reference id for a smaller payment.
    smaller = attrs.evolve(verified, amount=Decimal("4"))

    await app.on_verified(
        VerifiedCallback(
            product="collection",
            operation="request_to_pay",
            reference_id=ref,
            status=smaller,
            source=Source.RECONCILE,
        )
    )

    assert app.orders.get(placed["order_id"]).state == "needs_review"
