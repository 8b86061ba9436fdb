"""Token requests on a cold cache: many concurrent callers must cause one token fetch per product.

The sandbox server counts ``POST /{product}/token/`` requests; the served sandbox has latency
added, so the first fetch is still in flight while every other caller arrives.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading

import attrs

from momo_wrapper import AsyncMomoClient, MomoClient

from ._server import Credentials, ServedSandbox
from ._throughput import wrapper_config

PRODUCTS = ("collection", "disbursement")


@attrs.frozen
class Stampede:
    mode: str
    callers: int
    token_requests: dict[str, int]

    @property
    def ok(self) -> bool:
        return all(count == 1 for count in self.token_requests.values())


def _counts(server: ServedSandbox) -> dict[str, int]:
    return {product: server.token_requests(product) for product in PRODUCTS}


def _delta(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {product: after[product] - before[product] for product in PRODUCTS}


def async_stampede(server: ServedSandbox, creds: list[Credentials], tasks: int) -> Stampede:
    """``tasks`` concurrent ``get_balance`` calls, split across the products, one fresh client."""

    async def run() -> None:
        async with AsyncMomoClient(wrapper_config(server, creds)) as momo:
            namespaces = [momo.collection, momo.disbursement]
            await asyncio.gather(
                *(namespaces[i % len(namespaces)].get_balance() for i in range(tasks))
            )

    before = _counts(server)
    asyncio.run(run())
    return Stampede("async tasks", tasks, _delta(before, _counts(server)))


def threaded_stampede(server: ServedSandbox, creds: list[Credentials], threads: int) -> Stampede:
    """``threads`` threads sharing one fresh ``MomoClient``, released together."""
    before = _counts(server)
    with MomoClient(wrapper_config(server, creds)) as momo:
        namespaces = [momo.collection, momo.disbursement]
        barrier = threading.Barrier(threads)

        def call(i: int) -> object:
            barrier.wait()
            return namespaces[i % len(namespaces)].get_balance()

        with concurrent.futures.ThreadPoolExecutor(threads) as pool:
            list(pool.map(call, range(threads)))
    return Stampede("sync threads", threads, _delta(before, _counts(server)))
