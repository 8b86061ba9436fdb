"""The whole callback path on real sockets: sandbox -> HTTP callback -> receiver -> MoMo -> handler.

A :class:`Stack` is one configuration under test:

* the local sandbox, either served on a loopback port (the client talks HTTP to it) or
  in-process (the client uses the SDK's sandbox transports); either way the sandbox delivers
  its callbacks over real HTTP with :class:`HttpCallbackSender`;
* a client and the matching receiver: ``MomoClient`` + ``CallbackProcessor`` +
  ``CallbackWSGIApp`` on a wsgiref server thread, or ``AsyncMomoClient`` +
  ``AsyncCallbackProcessor`` + ``CallbackASGIApp`` on uvicorn in the test's event loop.

Tests drive every stack through the same async interface, so each behaviour is written once
and runs sync and async. The sandbox's virtual clock is frozen (pending payments settle only
when a test advances it) and the processor gets a ``FakeClock``, so nothing waits on real time:
``settle()`` waits for events (every callback sent, every accepted callback verified).
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import socket
import threading
import wsgiref.simple_server
from collections.abc import AsyncIterator, Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs
import httpx
import uvicorn

from momo_wrapper import AsyncMomoClient, FakeClock, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackASGIApp,
    CallbackOutcome,
    CallbackProcessor,
    CallbackWSGIApp,
    PendingTransaction,
    ReconcileReport,
    Verdict,
    VerifiedCallback,
    areconcile,
    reconcile,
)
from momo_wrapper.sandbox import (
    AsyncSandboxTransport,
    CallbackDelivery,
    CallbackResult,
    HttpCallbackSender,
    Sandbox,
    SandboxTransport,
    serve_sandbox,
)

CALLBACK_HOST = "127.0.0.1"
CALLBACK_PREFIX = "/momo/callbacks"
AMOUNT = "10.50"
VERIFIED_AMOUNT = Decimal("10.5")  # how the sandbox reads back "10.50"
WAIT_SECONDS = 10.0
"""Upper bound for event waits; a passing run never gets near it."""
IN_PROCESS_BASE_URL = "http://127.0.0.1:9"
"""Never dialled: the sandbox transport answers in-process (plain http is allowed on loopback)."""

# The sandbox's test numbers (MTN's table) and what MoMo finally says about each.
FINAL_OUTCOMES: Mapping[str, tuple[str, str | None]] = {
    "46733123450": ("FAILED", "INTERNAL_PROCESSING_ERROR"),
    "46733123451": ("FAILED", "APPROVAL_REJECTED"),
    "46733123452": ("FAILED", "EXPIRED"),
    "46733123453": ("SUCCESSFUL", None),  # PENDING until the clock passes ONGOING_DELAY
    "46733123459": ("SUCCESSFUL", None),  # any other number succeeds at once
}
ONGOING = "46733123453"
ONGOING_DELAY = 30.0
NEVER_FINAL = "46733123454"  # stays CREATED forever: no callback, never delivered
SUCCEEDS = "46733123459"
FAILS = "46733123450"

# What the sandbox (like MoMo) sends with a callback (api-behaviour §8).
MOMO_CALLBACK_HEADERS = {
    "User-Agent": "LWAC Http Client 1.0",
    "Content-Type": "application/json; charset=utf-8",
}


@attrs.frozen
class Operation:
    """A create that calls back, and the keyword naming its counterparty."""

    product: str
    name: str
    party: str


REQUEST_TO_PAY = Operation("collection", "request_to_pay", "payer")


class Seen:
    """What the user's code observed: handler calls and every outcome. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._delivered: list[VerifiedCallback] = []
        self._outcomes: list[CallbackOutcome] = []

    def handler(self, callback: VerifiedCallback) -> None:
        with self._lock:
            self._delivered.append(callback)

    async def ahandler(self, callback: VerifiedCallback) -> None:
        await asyncio.sleep(0)  # a real coroutine handler: yields before recording
        self.handler(callback)

    def on_outcome(self, outcome: CallbackOutcome) -> None:
        with self._lock:
            self._outcomes.append(outcome)

    @property
    def delivered(self) -> list[VerifiedCallback]:
        with self._lock:
            return list(self._delivered)

    def delivered_for(self, reference_id: str) -> list[VerifiedCallback]:
        return [cb for cb in self.delivered if cb.reference_id == reference_id]

    def verdicts_for(self, reference_id: str) -> list[Verdict]:
        with self._lock:
            return [o.verdict for o in self._outcomes if o.reference_id == reference_id]

    def outcomes_for(self, reference_id: str) -> list[CallbackOutcome]:
        with self._lock:
            return [o for o in self._outcomes if o.reference_id == reference_id]


class Stack(abc.ABC):
    """One sandbox + client + receiver; see the module docstring."""

    flavour: str

    def __init__(self, sandbox: Sandbox, sender: HttpCallbackSender, receiver_root: str) -> None:
        self.sandbox = sandbox
        self.sender = sender
        self.callback_base_url = receiver_root + CALLBACK_PREFIX
        self.clock = FakeClock()
        self.seen = Seen()
        self.http = httpx.AsyncClient(timeout=WAIT_SECONDS)

    # -- what tests call ----------------------------------------------------------------------

    async def create(
        self, party: str, operation: Operation = REQUEST_TO_PAY, *, amount: str = AMOUNT
    ) -> str:
        """Create a transaction through the client (it sends X-Callback-Url); its reference id."""
        arguments = {"amount": amount, operation.party: party, "external_id": f"order-{party}"}
        return await self._create(operation, arguments)

    async def settle(self) -> None:
        """Wait until the sandbox sent every due callback and the receiver verified each."""
        sent = await asyncio.to_thread(self.sandbox.flush_callbacks, WAIT_SECONDS)
        assert sent, "the sandbox did not finish sending its callbacks"
        await self._join_receiver()

    async def advance(self, seconds: float) -> None:
        """Let virtual time pass on the sandbox (pending payments settle), then settle()."""
        self.sandbox.clock.advance(seconds)
        await self.settle()

    def url_for(self, reference_id: str, operation: Operation = REQUEST_TO_PAY) -> str:
        return f"{self.callback_base_url}/{operation.product}/{operation.name}/{reference_id}"

    async def send(
        self,
        url: str,
        body: bytes,
        *,
        method: str = "POST",
        headers: Mapping[str, str] = MOMO_CALLBACK_HEADERS,
    ) -> httpx.Response:
        """Send a request of our own (a forgery, garbage) to the receiver, then settle()."""
        response = await self.http.request(method, url, content=body, headers=dict(headers))
        await self.settle()
        return response

    def callbacks_for(self, reference_id: str) -> list[CallbackDelivery]:
        return [cb for cb in self.sandbox.callbacks if cb.reference_id == reference_id]

    def results_for(self, reference_id: str) -> list[CallbackResult]:
        return [r for r in self.sender.results if r.delivery.reference_id == reference_id]

    @property
    @abc.abstractmethod
    def processor(self) -> CallbackProcessor | AsyncCallbackProcessor: ...

    @abc.abstractmethod
    async def reconcile(self, pending: Iterable[PendingTransaction]) -> ReconcileReport: ...

    # -- what each flavour implements ---------------------------------------------------------

    @abc.abstractmethod
    async def _create(self, operation: Operation, arguments: dict[str, str]) -> str: ...

    @abc.abstractmethod
    async def _join_receiver(self) -> None: ...


class SyncStack(Stack):
    flavour = "wsgi"

    def __init__(
        self,
        sandbox: Sandbox,
        sender: HttpCallbackSender,
        server: wsgiref.simple_server.WSGIServer,
        client: MomoClient,
    ) -> None:
        super().__init__(sandbox, sender, f"http://{CALLBACK_HOST}:{server.server_port}")
        self.client = client
        self._processor = CallbackProcessor(
            client,
            self.seen.handler,
            path_prefix=self.callback_base_url,
            clock=self.clock,
            on_outcome=self.seen.on_outcome,
        )
        self.receiver = CallbackWSGIApp(self._processor, workers=2)

    @property
    def processor(self) -> CallbackProcessor:
        return self._processor

    async def reconcile(self, pending: Iterable[PendingTransaction]) -> ReconcileReport:
        # Blocking, as a cron job or a worker thread would run it.
        return reconcile(self._processor, pending)

    async def _create(self, operation: Operation, arguments: dict[str, str]) -> str:
        create = getattr(getattr(self.client, operation.product), operation.name)
        reference_id: str = create(**arguments).reference_id
        return reference_id

    async def _join_receiver(self) -> None:
        assert self.receiver.join(WAIT_SECONDS), "the WSGI receiver did not drain"


class AsyncStack(Stack):
    flavour = "asgi"

    def __init__(
        self,
        sandbox: Sandbox,
        sender: HttpCallbackSender,
        receiver_root: str,
        client: AsyncMomoClient,
    ) -> None:
        super().__init__(sandbox, sender, receiver_root)
        self.client = client
        self._processor = AsyncCallbackProcessor(
            client,
            self.seen.ahandler,
            path_prefix=self.callback_base_url,
            clock=self.clock,
            on_outcome=self.seen.on_outcome,
        )
        self.receiver = CallbackASGIApp(self._processor, workers=2)

    @property
    def processor(self) -> AsyncCallbackProcessor:
        return self._processor

    async def reconcile(self, pending: Iterable[PendingTransaction]) -> ReconcileReport:
        return await areconcile(self._processor, pending)

    async def _create(self, operation: Operation, arguments: dict[str, str]) -> str:
        create = getattr(getattr(self.client, operation.product), operation.name)
        reference_id: str = (await create(**arguments)).reference_id
        return reference_id

    async def _join_receiver(self) -> None:
        await asyncio.wait_for(self.receiver.join(), WAIT_SECONDS)


# --------------------------------------------------------------------------------------------
# Assembly


def _credentials(sandbox: Sandbox, product: str) -> ProductCredentials:
    user = sandbox.provision(product, callback_host=CALLBACK_HOST)
    return ProductCredentials(
        subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
    )


def _config(base_url: str, callback_base_url: str, sandbox: Sandbox) -> MomoConfig:
    return MomoConfig(
        base_url=base_url,
        callback_base_url=callback_base_url,
        collection=_credentials(sandbox, "collection"),
        disbursement=_credentials(sandbox, "disbursement"),
        # MTN's 10 status reads per second would make the client sleep for real; a local
        # sandbox has no such cap.
        status_checks_per_second=10_000,
    )


def _loopback_socket() -> socket.socket:
    # proto=IPPROTO_TCP, or asyncio skips TCP_NODELAY on accepted sockets (+40 ms per answer).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((CALLBACK_HOST, 0))
    return sock


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""


def _not_ready(_environ: object, start_response: Any) -> list[bytes]:
    start_response("503 Service Unavailable", [("Content-Length", "0")])
    return [b""]


@contextlib.asynccontextmanager
async def _served_wsgi() -> AsyncIterator[wsgiref.simple_server.WSGIServer]:
    server = wsgiref.simple_server.make_server(
        CALLBACK_HOST, 0, _not_ready, handler_class=_QuietHandler
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@contextlib.asynccontextmanager
async def _served_asgi(app: CallbackASGIApp, sock: socket.socket) -> AsyncIterator[None]:
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
        server.should_exit = True  # uvicorn's lifespan shutdown drains the receiver
        await task


@contextlib.asynccontextmanager
async def open_stack(flavour: str, sandbox_mode: str) -> AsyncIterator[Stack]:
    """A ready :class:`Stack`: ``flavour`` is "wsgi" or "asgi", ``sandbox_mode`` "served" or
    "in_process"."""
    async with contextlib.AsyncExitStack() as resources:
        sender = HttpCallbackSender(timeout=WAIT_SECONDS)
        sandbox = resources.enter_context(Sandbox(callback_sender=sender))
        served = sandbox_mode == "served"
        base_url = resources.enter_context(serve_sandbox(sandbox)).base_url if served else None
        built: Stack
        if flavour == "wsgi":
            server = await resources.enter_async_context(_served_wsgi())
            root = f"http://{CALLBACK_HOST}:{server.server_port}"
            config = _config(base_url or IN_PROCESS_BASE_URL, root + CALLBACK_PREFIX, sandbox)
            transport = None if served else SandboxTransport(sandbox)
            client = resources.enter_context(MomoClient(config, transport=transport))
            sync_stack = SyncStack(sandbox, sender, server, client)
            server.set_app(sync_stack.receiver)
            resources.callback(sync_stack.receiver.close, WAIT_SECONDS)
            built = sync_stack
        else:
            sock = _loopback_socket()
            resources.callback(sock.close)
            root = f"http://{CALLBACK_HOST}:{sock.getsockname()[1]}"
            config = _config(base_url or IN_PROCESS_BASE_URL, root + CALLBACK_PREFIX, sandbox)
            async_transport = None if served else AsyncSandboxTransport(sandbox)
            client_async = await resources.enter_async_context(
                AsyncMomoClient(config, transport=async_transport)
            )
            async_stack = AsyncStack(sandbox, sender, root, client_async)
            await resources.enter_async_context(_served_asgi(async_stack.receiver, sock))
            built = async_stack
        resources.push_async_callback(built.http.aclose)
        yield built
