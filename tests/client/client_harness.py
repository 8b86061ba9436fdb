"""Shared pieces of the client suite: one harness drives MomoClient or AsyncMomoClient alike.

Tests are written once, as coroutines, and run for both clients: a sync client's call returns
its result, an async client's call returns a coroutine, and :func:`run` settles either. The
clients talk to an in-process :class:`Sandbox` through a transport that records every request
as sent (so tests can read headers and validate requests against the spec), and share a
:class:`LinkedClock`: every SDK sleep moves the sandbox's virtual clock too, so retries, token
expiry and polling play out in virtual time without real sleeping.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable, Iterable
from functools import cache, partial
from typing import Any, Literal, TypeVar

import attrs
import httpx

from momo_wrapper import AsyncMomoClient, FakeClock, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import (
    PRODUCTS,
    AsyncSandboxTransport,
    RequestRecord,
    Sandbox,
    SandboxCredentials,
    SandboxTransport,
    VirtualClock,
)
from tests.contract.spec_validation import spec_operations

T = TypeVar("T")
Kind = Literal["sync", "async"]
KINDS: tuple[Kind, ...] = ("sync", "async")
AnyClient = MomoClient | AsyncMomoClient

SANDBOX_URL = "https://sandbox.momodeveloper.mtn.com"
# Sandbox test numbers (api-behaviour §6): how a transaction for this party ends.
SUCCESS_PARTY = "46733123459"
FAILED_PARTY = "46733123450"  # FAILED, INTERNAL_PROCESSING_ERROR
REJECTED_PARTY = "46733123451"  # FAILED, APPROVAL_REJECTED
EXPIRED_PARTY = "46733123452"  # FAILED, EXPIRED
ONGOING_PARTY = "46733123453"  # PENDING, SUCCESSFUL after 30 virtual seconds
STUCK_PARTY = "46733123454"  # CREATED forever


async def run(outcome: Awaitable[T] | T) -> T:
    """The result of a client call: awaited for the async client, as returned for the sync one."""
    if inspect.isawaitable(outcome):
        return await outcome
    return outcome


class LinkedClock(FakeClock):
    """The SDK's fake clock, chained to the sandbox's virtual clock: time moves for both."""

    def __init__(self, virtual: VirtualClock) -> None:
        super().__init__(start_time=virtual.now())
        self._virtual = virtual

    def advance(self, seconds: float) -> None:
        super().advance(seconds)
        self._virtual.advance(seconds)


def _snapshot(request: httpx.Request) -> httpx.Request:
    """A copy as sent now: an auth flow replays a request by changing the same object."""
    copy = httpx.Request(request.method, request.url, content=request.content)
    copy.headers = request.headers.copy()
    return copy


class RecordingTransport(httpx.BaseTransport):
    """Keeps a copy of every request before handing it to the wrapped transport."""

    def __init__(self, inner: httpx.BaseTransport, sent: list[httpx.Request]) -> None:
        self._inner = inner
        self._sent = sent

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._sent.append(_snapshot(request))
        return self._inner.handle_request(request)


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`RecordingTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport, sent: list[httpx.Request]) -> None:
        self._inner = inner
        self._sent = sent

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._sent.append(_snapshot(request))
        return await self._inner.handle_async_request(request)


def product_credentials(credentials: SandboxCredentials) -> ProductCredentials:
    return ProductCredentials(
        subscription_key=credentials.subscription_key,
        api_user=credentials.user_id,
        api_key=credentials.api_key,
    )


@attrs.define
class Harness:
    """A sandbox, its credentials, a linked clock and clients of one kind (sync or async)."""

    kind: Kind
    sandbox: Sandbox
    clock: LinkedClock
    credentials: dict[str, SandboxCredentials]
    sent: list[httpx.Request] = attrs.Factory(list)
    _clients: list[AnyClient] = attrs.Factory(list)
    _default: AnyClient | None = None

    def config(self, **overrides: Any) -> MomoConfig:
        """A sandbox config with every product's credentials; ``overrides`` win."""
        settings: dict[str, Any] = {
            "base_url": SANDBOX_URL,
            "provisioning_subscription_key": self.sandbox.subscription_keys["collection"],
            **{p: product_credentials(self.credentials[p]) for p in PRODUCTS},
        }
        settings.update(overrides)
        return MomoConfig(**settings)

    def client(
        self, config: MomoConfig | None = None, *, transport: Any = None, **options: Any
    ) -> AnyClient:
        """A new client of this harness's kind, recording into :attr:`sent`; closed at teardown.

        ``transport`` replaces the in-process sandbox (it is wrapped by the recorder too).
        """
        config = config or self.config()
        options.setdefault("clock", self.clock)
        client: AnyClient
        if self.kind == "sync":
            inner = transport or SandboxTransport(self.sandbox)
            client = MomoClient(config, transport=RecordingTransport(inner, self.sent), **options)
        else:
            ainner = transport or AsyncSandboxTransport(self.sandbox)
            client = AsyncMomoClient(
                config, transport=AsyncRecordingTransport(ainner, self.sent), **options
            )
        self._clients.append(client)
        return client

    @property
    def momo(self) -> AnyClient:
        """The default client (every product configured)."""
        if self._default is None:
            self._default = self.client()
        return self._default

    async def close(self) -> None:
        for client in self._clients:
            if isinstance(client, AsyncMomoClient):
                await client.aclose()
            else:
                client.close()

    # -- what reached the sandbox -------------------------------------------------------------

    def requests(self, operation: str | None = None) -> list[RequestRecord]:
        """The sandbox's request log, optionally only one spec operationId."""
        records = self.sandbox.requests
        if operation is None:
            return records
        return [r for r in records if spec_operation_id(r.method, r.path) == operation]

    def sent_to(self, operation: str) -> list[httpx.Request]:
        """Requests the client sent to one spec operationId (including unanswered ones)."""
        return [r for r in self.sent if spec_operation_id(r.method, r.url.path) == operation]


def make_harness(kind: Kind, sandbox: Sandbox) -> Harness:
    """A harness on ``sandbox`` with a freshly provisioned API user for every product."""
    credentials = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
    return Harness(kind, sandbox, LinkedClock(sandbox.clock), credentials)


# ---- every idempotent create, ready to call ---------------------------------------------------

CreateCall = Callable[..., Any]
"""Calls one create with valid arguments; extra keywords (``reference_id=``) are passed on."""

REFUNDED_REFERENCE = "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
CREATE_OPERATIONS = (
    "collection_request_to_pay",
    "collection_request_to_withdraw_v1",
    "collection_request_to_withdraw_v2",
    "collection_create_invoice",
    "collection_create_pre_approval",
    "collection_create_payment",
    "disbursement_transfer",
    "disbursement_deposit_v1",
    "disbursement_deposit_v2",
    "disbursement_refund_v1",
    "disbursement_refund_v2",
    "remittance_transfer",
    "remittance_cash_transfer",
    "sandbox_create_api_user",
)


def create_calls(momo: AnyClient, party: str = SUCCESS_PARTY) -> dict[str, CreateCall]:
    """Every create of the client, by the spec operationId it sends, for ``party``."""
    collection, disbursement, remittance = momo.collection, momo.disbursement, momo.remittance
    money: dict[str, Any] = {"amount": "10.50", "external_id": "order-17"}
    calls: dict[str, CreateCall] = {
        "collection_request_to_pay": partial(collection.request_to_pay, payer=party, **money),
        "collection_request_to_withdraw_v1": partial(
            collection.request_to_withdraw, payer=party, **money
        ),
        "collection_request_to_withdraw_v2": partial(
            collection.request_to_withdraw_v2, payer=party, **money
        ),
        "collection_create_invoice": partial(
            collection.create_invoice, intended_payer=party, payee="46733123460", **money
        ),
        "collection_create_pre_approval": partial(collection.create_pre_approval, payer=party),
        "collection_create_payment": partial(
            collection.create_payment,
            amount="10.50",
            external_transaction_id="order-17",
            customer_reference=party,
            service_provider_user_name="provider",
        ),
        "disbursement_transfer": partial(disbursement.transfer, payee=party, **money),
        "disbursement_deposit_v1": partial(disbursement.deposit, payee=party, **money),
        "disbursement_deposit_v2": partial(disbursement.deposit_v2, payee=party, **money),
        "disbursement_refund_v1": partial(
            disbursement.refund, reference_id_to_refund=REFUNDED_REFERENCE, **money
        ),
        "disbursement_refund_v2": partial(
            disbursement.refund_v2, reference_id_to_refund=REFUNDED_REFERENCE, **money
        ),
        "remittance_transfer": partial(remittance.transfer, payee=party, **money),
        "remittance_cash_transfer": partial(remittance.cash_transfer, payee=party, **money),
        "sandbox_create_api_user": partial(
            momo.provisioning.create_api_user, callback_host="shop.example.com"
        ),
    }
    assert tuple(calls) == CREATE_OPERATIONS
    return calls


# ---- mapping concrete requests to spec operationIds ------------------------------------------


@cache
def _spec_routes() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    routes = []
    for operation in spec_operations().values():
        pieces = re.split(r"\{[^}]+\}", operation.path)
        pattern = "[^/]+".join(re.escape(piece) for piece in pieces)
        routes.append((operation.method.upper(), re.compile(pattern), operation.operation_id))
    return tuple(routes)


def spec_operation_id(method: str, path: str) -> str | None:
    """The spec operationId serving ``method path``, or None for a path the spec lacks."""
    for route_method, pattern, operation_id in _spec_routes():
        if route_method == method.upper() and pattern.fullmatch(path):
            return operation_id
    return None


def operation_ids(records: Iterable[RequestRecord]) -> set[str]:
    found = {spec_operation_id(r.method, r.path) for r in records}
    return {operation for operation in found if operation is not None}
