"""Per-call CPU cost on an in-process transport: the wrapper, the generated client, raw httpx.

Every client sends through :class:`CannedTransport`, which answers instantly from prebuilt
responses, so what is measured is client-side work only: building the request, httpx, auth,
parsing. Time is process CPU time (``time.process_time``), so other processes on the machine do
not inflate it; each figure is the best of several batches.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx
from momo_openapi_client import AuthenticatedClient
from momo_openapi_client.api.collection import (
    collection_get_request_to_pay_status,
    collection_request_to_pay,
)
from momo_openapi_client.models import RequestToPay

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, ProductCredentials

from ._payloads import (
    AMOUNT,
    PAYER,
    REQUEST_TO_PAY_PATH,
    STATUS_BODY,
    TARGET_ENVIRONMENT,
    TOKEN_BODY,
    api_headers,
    new_external_id,
    new_reference_id,
    request_to_pay_body,
)

BASE_URL = "http://127.0.0.1:9"
SUBSCRIPTION_KEY = "0" * 32
TOKEN = "bench-token"
CLIENTS = ("wrapper", "generated", "httpx")
OPERATIONS = ("request_to_pay", "get_status")


class CannedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers the three requests the benchmark makes, without I/O."""

    def _answer(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/token/"):
            return httpx.Response(200, content=TOKEN_BODY, request=request, headers=_JSON)
        if request.method == "POST":
            return httpx.Response(202, request=request)
        return httpx.Response(200, content=STATUS_BODY, request=request, headers=_JSON)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._answer(request)


_JSON = {"Content-Type": "application/json"}


def wrapper_config() -> MomoConfig:
    return MomoConfig(
        base_url=BASE_URL,
        collection=ProductCredentials(
            subscription_key=SUBSCRIPTION_KEY, api_user=new_reference_id(), api_key="1" * 32
        ),
    )


@attrs.frozen
class CallCost:
    client: str
    mode: str
    operation: str
    microseconds: float


# -- the three clients, as (request_to_pay, get_status) pairs ------------------------------------


def _sync_pairs() -> dict[str, tuple[Callable[[], str], Callable[[str], Any]]]:
    transport = CannedTransport()
    momo = MomoClient(wrapper_config(), transport=transport)
    generated = AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        headers={"Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY},
        httpx_args={"transport": transport},
    )
    raw = httpx.Client(base_url=BASE_URL, transport=transport)
    headers = api_headers(TOKEN, SUBSCRIPTION_KEY)

    def wrapper_pay() -> str:
        return momo.collection.request_to_pay(
            amount=AMOUNT, payer=PAYER, external_id=new_external_id()
        ).reference_id

    def generated_pay() -> str:
        reference_id = new_reference_id()
        collection_request_to_pay.sync_detailed(
            client=generated,
            body=RequestToPay.from_dict(request_to_pay_body(new_external_id())),
            x_reference_id=reference_id,
            x_target_environment=TARGET_ENVIRONMENT,
        )
        return reference_id

    def generated_status(reference_id: str) -> Any:
        return collection_get_request_to_pay_status.sync_detailed(
            reference_id,  # type: ignore[arg-type]  # the generated signature says UUID; str works
            client=generated,
            x_target_environment=TARGET_ENVIRONMENT,
        ).parsed

    def raw_pay() -> str:
        reference_id = new_reference_id()
        raw.post(
            REQUEST_TO_PAY_PATH,
            headers={**headers, "X-Reference-Id": reference_id},
            json=request_to_pay_body(new_external_id()),
        )
        return reference_id

    def raw_status(reference_id: str) -> Any:
        return raw.get(f"{REQUEST_TO_PAY_PATH}/{reference_id}", headers=headers).json()

    return {
        "wrapper": (wrapper_pay, momo.collection.get_request_to_pay_status),
        "generated": (generated_pay, generated_status),
        "httpx": (raw_pay, raw_status),
    }


def _async_pairs() -> dict[
    str, tuple[Callable[[], Awaitable[str]], Callable[[str], Awaitable[Any]]]
]:
    transport = CannedTransport()
    momo = AsyncMomoClient(wrapper_config(), transport=transport)
    generated = AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        headers={"Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY},
        httpx_args={"transport": transport},
    )
    raw = httpx.AsyncClient(base_url=BASE_URL, transport=transport)
    headers = api_headers(TOKEN, SUBSCRIPTION_KEY)

    async def wrapper_pay() -> str:
        accepted = await momo.collection.request_to_pay(
            amount=AMOUNT, payer=PAYER, external_id=new_external_id()
        )
        return accepted.reference_id

    async def generated_pay() -> str:
        reference_id = new_reference_id()
        await collection_request_to_pay.asyncio_detailed(
            client=generated,
            body=RequestToPay.from_dict(request_to_pay_body(new_external_id())),
            x_reference_id=reference_id,
            x_target_environment=TARGET_ENVIRONMENT,
        )
        return reference_id

    async def generated_status(reference_id: str) -> Any:
        response = await collection_get_request_to_pay_status.asyncio_detailed(
            reference_id,  # type: ignore[arg-type]
            client=generated,
            x_target_environment=TARGET_ENVIRONMENT,
        )
        return response.parsed

    async def raw_pay() -> str:
        reference_id = new_reference_id()
        await raw.post(
            REQUEST_TO_PAY_PATH,
            headers={**headers, "X-Reference-Id": reference_id},
            json=request_to_pay_body(new_external_id()),
        )
        return reference_id

    async def raw_status(reference_id: str) -> Any:
        return (await raw.get(f"{REQUEST_TO_PAY_PATH}/{reference_id}", headers=headers)).json()

    return {
        "wrapper": (wrapper_pay, momo.collection.get_request_to_pay_status),
        "generated": (generated_pay, generated_status),
        "httpx": (raw_pay, raw_status),
    }


# -- timing ----------------------------------------------------------------------------------------
# Batches run round-robin over the clients (batch 1 of each client, then batch 2 of each, ...), so
# a slow spell of the machine hits every client alike; each figure is a client's best batch.


def _batch_sync(call: Callable[[], object], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        call()
    return (time.process_time() - started) / calls * 1e6


async def _batch_async(call: Callable[[], Awaitable[object]], calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        await call()
    return (time.process_time() - started) / calls * 1e6


def _costs(mode: str, best: dict[tuple[str, str], float]) -> list[CallCost]:
    return [CallCost(client, mode, operation, us) for (client, operation), us in best.items()]


def measure_sync(calls: int = 1000, batches: int = 5) -> list[CallCost]:
    pairs = _sync_pairs()
    references = {}
    for client, (pay, status) in pairs.items():
        references[client] = pay()  # warm up: the wrapper fetches its token here
        status(references[client])
    best: dict[tuple[str, str], float] = {}
    for _ in range(batches):
        for client, (pay, status) in pairs.items():
            for operation, call in (
                ("request_to_pay", pay),
                ("get_status", functools.partial(status, references[client])),
            ):
                us = _batch_sync(call, calls)
                best[client, operation] = min(best.get((client, operation), us), us)
    return _costs("sync", best)


def measure_async(calls: int = 1000, batches: int = 5) -> list[CallCost]:
    async def run() -> list[CallCost]:
        pairs = _async_pairs()
        references = {}
        for client, (pay, status) in pairs.items():
            references[client] = await pay()
            await status(references[client])
        best: dict[tuple[str, str], float] = {}
        for _ in range(batches):
            for client, (pay, status) in pairs.items():
                for operation, call in (
                    ("request_to_pay", pay),
                    ("get_status", functools.partial(status, references[client])),
                ):
                    us = await _batch_async(call, calls)
                    best[client, operation] = min(best.get((client, operation), us), us)
        return _costs("async", best)

    return asyncio.run(run())
