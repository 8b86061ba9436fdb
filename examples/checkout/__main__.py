"""``python -m examples.checkout [--json]``: the checkout service against the local sandbox.

Starts the sandbox on a free port, provisions an API user over HTTP, serves the checkout app
(uvicorn) on another free port, places three orders through ``POST /orders`` and prints the
order table. Exits 0 when every order ended as expected:

* ``46733123459`` pays at once                      -> MoMo calls back     -> paid
* ``46733123451`` rejects the payment               -> MoMo calls back     -> failed
* ``46733123453`` approves 30 s later, and MoMo's callback is lost -> reconciliation -> paid

On the way, a forged callback claims the third order was paid while the payer has not approved
yet; the receiver checks with MoMo, which says PENDING, so the order stays unpaid. The sandbox's
clock is virtual: the demo moves it 30 s forward instead of waiting, and finishes in a second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import socket
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx

try:
    import uvicorn
except ImportError:  # the example serves the checkout app with uvicorn, an optional extra
    sys.exit(
        "python -m examples.checkout needs uvicorn: "
        'python3 -m pip install -e ".[server]" (or: pip install uvicorn)'
    )

from examples.checkout.app import CALLBACK_PREFIX, CheckoutApp, Orders
from momo_wrapper import AsyncMomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import Sandbox, serve_sandbox

HOST = "127.0.0.1"
APPROVAL_DELAY = 30.0
EXPECTED = {"46733123459": "paid", "46733123451": "failed", "46733123453": "paid"}
WAIT_SECONDS = 10.0


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind((HOST, 0))
    return sock


@asynccontextmanager
async def _serving(app: CheckoutApp, sock: socket.socket) -> AsyncIterator[None]:
    server = uvicorn.Server(
        uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()  # startup failed: raise its error
        await asyncio.sleep(0)
    try:
        yield
    finally:
        server.should_exit = True  # the app's lifespan shutdown drains its callbacks
        await task


async def _provision(sandbox_url: str, subscription_key: str) -> ProductCredentials:
    """An API user whose providerCallbackHost is this machine, created over HTTP."""
    async with AsyncMomoClient(MomoConfig(base_url=sandbox_url)) as setup:
        user = await setup.provisioning.provision(
            callback_host=HOST, subscription_key=subscription_key
        )
    return ProductCredentials(
        subscription_key=subscription_key, api_user=user.api_user, api_key=user.api_key
    )


async def _callbacks_done(sandbox: Sandbox, app: CheckoutApp) -> None:
    """Wait until the sandbox sent its callbacks and the app verified every one received."""
    await asyncio.to_thread(sandbox.flush_callbacks, WAIT_SECONDS)
    await asyncio.wait_for(app.callbacks.join(), WAIT_SECONDS)


async def run(say: Callable[[str], None]) -> list[dict[str, Any]]:
    """The demo; ``say`` prints a line. Returns the final order table."""
    with Sandbox() as sandbox, serve_sandbox(sandbox) as momo_server:
        credentials = await _provision(
            momo_server.base_url, sandbox.subscription_keys["collection"]
        )
        sock = _free_socket()
        shop = f"http://{HOST}:{sock.getsockname()[1]}"
        config = MomoConfig(
            base_url=momo_server.base_url,
            callback_base_url=shop + CALLBACK_PREFIX,
            collection=credentials,
        )
        app = CheckoutApp(config, Orders(), reconcile_every=None)
        say(f"sandbox {momo_server.base_url}   shop {shop}   callbacks {shop}{CALLBACK_PREFIX}")
        async with _serving(app, sock), httpx.AsyncClient(base_url=shop) as http:
            say("1. three orders: POST /orders (reference id stored before MoMo is called)")
            placed = {}
            for payer in EXPECTED:
                if payer == "46733123453":
                    sandbox.faults.callbacks(0)  # MoMo will lose this payment's callback
                response = await http.post("/orders", json={"payer": payer, "amount": "10.50"})
                response.raise_for_status()
                placed[payer] = response.json()
                say(f"   {payer}: {placed[payer]['order_id']} {placed[payer]['state']}")
            await _callbacks_done(sandbox, app)
            states = {o["payer"]: o["state"] for o in (await http.get("/orders")).json()}
            say(f"   after MoMo's callbacks (each verified with MoMo): {states}")

            waiting = placed["46733123453"]
            say("2. a forged callback claims the unpaid order was paid")
            forged = await http.post(
                f"{CALLBACK_PREFIX}/collection/request_to_pay/{waiting['reference_id']}",
                json={"amount": "10.50", "currency": "EUR", "status": "SUCCESSFUL"},
            )
            await _callbacks_done(sandbox, app)
            state = app.orders.get(waiting["order_id"]).state
            say(f"   answered {forged.status_code}; MoMo says PENDING, so the order is {state}")

            say(f"3. {APPROVAL_DELAY:g} s later the last payer approves; the callback is lost")
            sandbox.clock.advance(APPROVAL_DELAY)
            await _callbacks_done(sandbox, app)

            say("4. the reconciliation job polls the open payments")
            # Production polls payments older than 5 minutes; the demo's are seconds old.
            report = await app.reconcile(older_than=0)
            say(f"   {report.counts}")
            orders: list[dict[str, Any]] = (await http.get("/orders")).json()
    return orders


def _table(orders: list[dict[str, Any]]) -> str:
    columns = ("order_id", "payer", "amount", "state", "reason", "reference_id")
    rows = [columns, *([str(order[name] or "") for name in columns] for order in orders)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(columns))]
    lines = ("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m examples.checkout", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the order table as JSON")
    args = parser.parse_args(argv)
    # With --json, stdout holds only the JSON; the story and the SDK's warnings go to stderr.
    story = sys.stderr if args.json else sys.stdout
    logging.basicConfig(level=logging.WARNING, format="   log: %(message)s", stream=story)

    def say(line: str) -> None:
        print(line, file=story, flush=True)

    orders = asyncio.run(run(say))
    if args.json:
        print(json.dumps(orders, indent=2))
    else:
        print(_table(orders))
    final = {order["payer"]: order["state"] for order in orders}
    if final != EXPECTED:
        print(f"unexpected final states: {final} (expected {EXPECTED})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
