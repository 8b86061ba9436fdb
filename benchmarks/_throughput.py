"""Payments per second against the served sandbox: one request_to_pay plus one status GET each.

Every variant does the same work over the same loopback server; only the client differs. The
raw-httpx baselines fetch their token once and build the MoMo requests by hand (JSON only, no
validation, no result objects), which is the least any client must do.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Any

import attrs
import httpx

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper._http import limits as wrapper_limits
from momo_wrapper._lanes import LaneTransport

from ._payloads import (
    AMOUNT,
    PAYER,
    REQUEST_TO_PAY_PATH,
    TARGET_ENVIRONMENT,
    TOKEN_PATH,
    api_headers,
    basic_authorization,
    new_external_id,
    new_reference_id,
    request_to_pay_body,
)
from ._server import Credentials, ServedSandbox

Pay = Callable[[], object]
APay = Callable[[], Awaitable[object]]
SyncVariant = Callable[[ServedSandbox, Credentials], AbstractContextManager[Pay]]
AsyncVariant = Callable[[ServedSandbox, Credentials], AbstractAsyncContextManager[APay]]


@attrs.frozen
class Run:
    """One measured run of one variant."""

    variant: str
    payments: int
    seconds: float
    cpu_seconds: float
    """Client process CPU time spent (the server runs in another process)."""
    peak_connections: int
    opened_connections: int

    @property
    def payments_per_second(self) -> float:
        return self.payments / self.seconds

    @property
    def cpu_us_per_payment(self) -> float:
        return self.cpu_seconds / self.payments * 1e6


def wrapper_config(server: ServedSandbox, credentials: Iterable[Credentials]) -> MomoConfig:
    products = {
        c.product: ProductCredentials(
            subscription_key=c.subscription_key, api_user=c.user_id, api_key=c.api_key
        )
        for c in credentials
    }
    return MomoConfig(
        base_url=server.base_url,
        collection=products.get("collection"),
        disbursement=products.get("disbursement"),
    )


# -- sync, sequential --------------------------------------------------------------------------


@contextlib.contextmanager
def _wrapper_sync(server: ServedSandbox, creds: Credentials) -> Iterator[Pay]:
    with MomoClient(wrapper_config(server, [creds])) as momo:
        collection = momo.collection

        def pay() -> object:
            accepted = collection.request_to_pay(
                amount=AMOUNT, payer=PAYER, external_id=new_external_id()
            )
            return collection.get_request_to_pay_status(accepted.reference_id)

        yield pay


@contextlib.contextmanager
def _httpx_sync(server: ServedSandbox, creds: Credentials) -> Iterator[Pay]:
    with httpx.Client(base_url=server.base_url) as client:
        token = client.post(TOKEN_PATH, headers=_token_headers(creds))
        token.raise_for_status()
        headers = api_headers(token.json()["access_token"], creds.subscription_key)

        def pay() -> object:
            reference_id = new_reference_id()
            created = client.post(
                REQUEST_TO_PAY_PATH,
                headers={**headers, "X-Reference-Id": reference_id},
                json=request_to_pay_body(new_external_id()),
            )
            assert created.status_code == 202, created.status_code
            return client.get(f"{REQUEST_TO_PAY_PATH}/{reference_id}", headers=headers).json()

        yield pay


def _token_headers(creds: Credentials) -> dict[str, str]:
    return {
        "Authorization": basic_authorization(creds.user_id, creds.api_key),
        "Ocp-Apim-Subscription-Key": creds.subscription_key,
    }


PEER = "mtn-momo-client (injected httpx.Client)"


@contextlib.contextmanager
def _peer_sync(server: ServedSandbox, creds: Credentials) -> Iterator[Pay]:
    """The fastest peer SDK we could install, given one keep-alive ``httpx.Client`` as its docs
    recommend. Its public constructor takes the base URL, so it talks to the same server."""
    from momo_api import Config, PaymentRequest
    from momo_api.products.collection import CollectionApi

    config = Config.collection(creds.subscription_key, creds.user_id, creds.api_key)
    with httpx.Client() as client:
        collection = CollectionApi(config, server.base_url, TARGET_ENVIRONMENT, client)

        def pay() -> object:
            request = PaymentRequest.make(AMOUNT, PAYER, new_external_id(), "EUR")
            return collection.get_payment_status(collection.request_to_pay(request))

        yield pay


def peer_installed() -> bool:
    return importlib.util.find_spec("momo_api") is not None


SYNC_VARIANTS: dict[str, SyncVariant] = {
    "MomoClient": _wrapper_sync,
    "httpx.Client": _httpx_sync,
    **({PEER: _peer_sync} if peer_installed() else {}),
}


def run_sync(
    server: ServedSandbox, creds: Credentials, variant: str, payments: int, warmup: int
) -> Run:
    server.reset_connections()
    with SYNC_VARIANTS[variant](server, creds) as pay:
        for _ in range(warmup):
            pay()
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(payments):
            pay()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    stats = server.connections()
    return Run(variant, payments, seconds, cpu, stats.peak, stats.opened)


# -- async, N in flight ------------------------------------------------------------------------


def _wrapper_async(
    make_transport: Callable[[], httpx.AsyncBaseTransport | None],
) -> AsyncVariant:
    @contextlib.asynccontextmanager
    async def variant(server: ServedSandbox, creds: Credentials) -> AsyncIterator[APay]:
        config = wrapper_config(server, [creds])
        async with AsyncMomoClient(config, transport=make_transport()) as momo:
            collection = momo.collection

            async def pay() -> object:
                accepted = await collection.request_to_pay(
                    amount=AMOUNT, payer=PAYER, external_id=new_external_id()
                )
                return await collection.get_request_to_pay_status(accepted.reference_id)

            yield pay

    return variant


def _httpx_async(make_transport: Callable[[], httpx.AsyncBaseTransport | None]) -> AsyncVariant:
    @contextlib.asynccontextmanager
    async def variant(server: ServedSandbox, creds: Credentials) -> AsyncIterator[APay]:
        transport = make_transport()
        async with httpx.AsyncClient(base_url=server.base_url, transport=transport) as client:
            token = await client.post(TOKEN_PATH, headers=_token_headers(creds))
            token.raise_for_status()
            headers = api_headers(token.json()["access_token"], creds.subscription_key)

            async def pay() -> object:
                reference_id = new_reference_id()
                created = await client.post(
                    REQUEST_TO_PAY_PATH,
                    headers={**headers, "X-Reference-Id": reference_id},
                    json=request_to_pay_body(new_external_id()),
                )
                assert created.status_code == 202, created.status_code
                status = await client.get(f"{REQUEST_TO_PAY_PATH}/{reference_id}", headers=headers)
                return status.json()

            yield pay

    return variant


def _aiohttp_transport() -> httpx.AsyncBaseTransport:
    from httpx_aiohttp import AiohttpTransport

    transport: httpx.AsyncBaseTransport = AiohttpTransport()
    return transport


def _httpcore_pool() -> httpx.AsyncBaseTransport:
    """What AsyncMomoClient used before this benchmark: httpx's pool, keep-alive = max."""
    return httpx.AsyncHTTPTransport(limits=wrapper_limits())


def _lanes() -> httpx.AsyncBaseTransport:
    return LaneTransport(limits=wrapper_limits())


WRAPPER = "AsyncMomoClient"
AIOHTTP_BASELINE = "httpx.AsyncClient + aiohttp"
HTTPX_DEFAULT = "httpx.AsyncClient (default transport)"
ASYNC_VARIANTS: dict[str, AsyncVariant] = {
    WRAPPER: _wrapper_async(lambda: None),
    AIOHTTP_BASELINE: _httpx_async(_aiohttp_transport),
    HTTPX_DEFAULT: _httpx_async(lambda: None),
    "AsyncMomoClient, no aiohttp (lanes)": _wrapper_async(_lanes),
    "AsyncMomoClient, httpx pool (before)": _wrapper_async(_httpcore_pool),
}


async def _in_flight(pay: APay, payments: int, concurrency: int) -> None:
    remaining = iter(range(payments))

    async def worker() -> None:
        for _ in remaining:
            await pay()

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def run_async(
    server: ServedSandbox,
    creds: Credentials,
    variant: str,
    *,
    payments: int,
    warmup: int,
    concurrency: int,
) -> Run:
    async def measure() -> tuple[float, float]:
        async with ASYNC_VARIANTS[variant](server, creds) as pay:
            await _in_flight(pay, warmup, concurrency)
            started, cpu_started = time.perf_counter(), time.process_time()
            await _in_flight(pay, payments, concurrency)
            return time.perf_counter() - started, time.process_time() - cpu_started

    server.reset_connections()
    seconds, cpu = asyncio.run(measure())
    stats = server.connections()
    return Run(variant, payments, seconds, cpu, stats.peak, stats.opened)


def summary(runs: list[Run]) -> dict[str, Any]:
    """The median run of a variant (by throughput) and every round's figure."""
    ordered = sorted(runs, key=lambda run: run.payments_per_second)
    median = ordered[len(ordered) // 2]
    return {
        "payments_per_second": median.payments_per_second,
        "cpu_us_per_payment": median.cpu_us_per_payment,
        "peak_connections": max(run.peak_connections for run in runs),
        "opened_connections": median.opened_connections,
        "rounds_payments_per_second": [run.payments_per_second for run in runs],
    }
