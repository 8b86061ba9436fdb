"""What the fuzz tests share: the hypothesis settings, the public method catalogue, transports.

The settings are fixed (derandomized, a bounded number of examples, no example database) so a
CI run always tries the same inputs and takes the same time. They are applied per test, not as a
global profile, so they do not change other suites' hypothesis tests. ``FUZZ_EXAMPLES=300``
in the environment runs a deeper (slower) search.
"""

from __future__ import annotations

import inspect
import json
import os
import socket
import threading
import typing
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs
import h11
import httpx
from hypothesis import HealthCheck, settings

from momo_wrapper import AsyncMomoClient, FakeClock, MomoClient, MomoConfig, ProductCredentials

FUZZ = settings(
    derandomize=True,
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SANDBOX_URL = "https://sandbox.momodeveloper.mtn.com"
NAMESPACES = ("collection", "disbursement", "remittance", "provisioning")
TOKEN_BODY = json.dumps(
    {
        "access_token": "eyJ0eXAiOiJKV1Qi.fuzz.token",
        "token_type": "access_token",
        "expires_in": 3600,
    }
).encode()


@attrs.frozen
class Method:
    """A public method of a client namespace and its parameters."""

    namespace: str
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    keyword_only: frozenset[str]

    @property
    def qualified(self) -> str:
        return f"{self.namespace}.{self.name}"


def _parameters(function: Callable[..., Any]) -> tuple[list[str], list[str], set[str]]:
    """(required, optional, keyword-only) parameter names, ``**args: Unpack[...]`` expanded."""
    required: list[str] = []
    optional: list[str] = []
    keyword_only: set[str] = set()
    builder = inspect.unwrap(function)
    for parameter in list(inspect.signature(builder).parameters.values())[1:]:  # not self
        if parameter.kind is parameter.VAR_KEYWORD:
            hints = typing.get_type_hints(builder, include_extras=True)
            (schema,) = typing.get_args(hints[parameter.name])
            required += sorted(schema.__required_keys__)
            optional += sorted(schema.__optional_keys__)
            keyword_only |= set(schema.__annotations__)
            continue
        target = optional if parameter.default is not parameter.empty else required
        target.append(parameter.name)
        if parameter.kind is parameter.KEYWORD_ONLY:
            keyword_only.add(parameter.name)
    return required, optional, keyword_only


def public_methods(client: MomoClient | AsyncMomoClient) -> list[Method]:
    """Every public method of the four namespaces, as the client exposes them."""
    methods = []
    for namespace in NAMESPACES:
        holder = getattr(client, namespace)
        for name in sorted(dir(holder)):
            attribute = getattr(holder, name)
            if name.startswith("_") or not callable(attribute):
                continue
            required, optional, keyword_only = _parameters(attribute)
            methods.append(
                Method(namespace, name, tuple(required), tuple(optional), frozenset(keyword_only))
            )
    return methods


def valid_arguments(refund_target: str) -> dict[str, Callable[[], Any]]:
    """A valid value for every required parameter, by name."""
    return {
        "amount": lambda: "10.5",
        "payer": lambda: "46733123459",
        "payee": lambda: "56733123459",
        "intended_payer": lambda: "46733123459",
        "party_id": lambda: "46733123459",
        "external_id": lambda: "order-17",
        "external_transaction_id": lambda: "tx-17",
        "customer_reference": lambda: "customer-1",
        "service_provider_user_name": lambda: "utility",
        "reference_id_to_refund": lambda: refund_target,
        "reference_id": lambda: str(uuid.uuid4()),
        "message": lambda: "Your payment",
        "pre_approval_id": lambda: str(uuid.uuid4()),
        "currency": lambda: "EUR",
        "auth_req_id": lambda: "auth-request-1",
        "consent_token": lambda: "consent-token",
        "callback_host": lambda: "127.0.0.1",
        "api_user": lambda: str(uuid.uuid4()),
    }


def pass_arguments(method: Method, values: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Positional and keyword arguments for ``values`` (parameter name -> value), in the
    method's parameter order: keyword-only ones (and any after them) by keyword."""
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for name in (*method.required, *method.optional):
        if name not in values:
            continue
        if name in method.keyword_only or keywords or name not in method.required:
            keywords[name] = values[name]
        else:
            positional.append(values[name])
    return positional, keywords


# -- configuration and clients -------------------------------------------------------------------


def credentials(product: str) -> ProductCredentials:
    return ProductCredentials(
        subscription_key=f"{product}-subscription-key",
        api_user="6f9619ff-8b86-4d01-b42d-00cf4fc964ff",
        api_key=f"{product}-api-key",
    )


def config(**overrides: Any) -> MomoConfig:
    settings_: dict[str, Any] = {
        "base_url": SANDBOX_URL,
        "collection": credentials("collection"),
        "disbursement": credentials("disbursement"),
        "remittance": credentials("remittance"),
        "provisioning_subscription_key": "provisioning-subscription-key",
        "max_attempts": 2,
    }
    settings_.update(overrides)
    return MomoConfig(**settings_)


class Recorder:
    """Counts the requests that reach a transport (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: list[httpx.Request] = []

    def add(self, request: httpx.Request) -> None:
        with self._lock:
            self.requests.append(request)

    def __len__(self) -> int:
        with self._lock:
            return len(self.requests)


Answer = Callable[[httpx.Request], httpx.Response]


class ScriptedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers token requests with a token and everything else with ``answer(request)``."""

    def __init__(self, answer: Answer, recorder: Recorder | None = None) -> None:
        self.answer = answer
        self.recorder = Recorder() if recorder is None else recorder

    def _respond(self, request: httpx.Request) -> httpx.Response:
        self.recorder.add(request)
        if request.url.path.endswith("/token/"):
            return httpx.Response(
                200, content=TOKEN_BODY, headers={"Content-Type": "application/json"}
            )
        return self.answer(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._respond(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._respond(request)


def scripted_clients(
    answer: Answer, **overrides: Any
) -> tuple[MomoClient, AsyncMomoClient, Recorder]:
    recorder = Recorder()
    transport = ScriptedTransport(answer, recorder)
    cfg = config(**overrides)
    return (
        MomoClient(cfg, transport=transport, clock=FakeClock()),
        AsyncMomoClient(cfg, transport=transport, clock=FakeClock()),
        recorder,
    )


def run_with_watchdog(call: Callable[[], Any], seconds: float) -> Any:
    """Run ``call`` in a thread; fail if it is still running after ``seconds`` (a hang)."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise AssertionError(f"still running after {seconds} s: the call hangs")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def chunks(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def check_like_a_socket(request: httpx.Request) -> None:
    """Refuse what h11 would refuse to write (a line break in a header value, ...), as a real
    connection does: in-process transports accept any header."""
    try:
        h11.Request(
            method=request.method, target=request.url.raw_path, headers=list(request.headers.raw)
        )
    except h11.LocalProtocolError as exc:
        raise httpx.LocalProtocolError(str(exc), request=request) from exc


class RecordingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Passes requests on to ``inner`` (a sync or an async transport), recording each one that
    would really have left (see :func:`check_like_a_socket`)."""

    def __init__(
        self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport, recorder: Recorder
    ) -> None:
        self.inner = inner
        self.recorder = recorder

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_like_a_socket(request)
        self.recorder.add(request)
        assert isinstance(self.inner, httpx.BaseTransport)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        check_like_a_socket(request)
        self.recorder.add(request)
        assert isinstance(self.inner, httpx.AsyncBaseTransport)
        return await self.inner.handle_async_request(request)


class BodyStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body as a transport delivers it, in chunks, not yet read (``httpx.ByteStream`` would be
    read, and decoded, as soon as the response is built)."""

    def __init__(self, body: bytes, chunk_size: int = 64 * 1024) -> None:
        self._body = body
        self._chunk_size = chunk_size

    def __iter__(self) -> Iterator[bytes]:
        yield from chunks(self._body, self._chunk_size)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in chunks(self._body, self._chunk_size):
            yield chunk


# -- a loopback server that misbehaves on the socket -------------------------------------------


class RawServer:
    """A loopback HTTP/1.1 server: token requests get a token, every other request is handed to
    ``misbehave(connection, stop)``. One request per connection (``Connection: close``)."""

    def __init__(self, misbehave: Callable[[socket.socket, threading.Event], None]) -> None:
        self._misbehave = misbehave
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> RawServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._acceptor.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _accept(self) -> None:
        self._listener.settimeout(0.05)  # so a stop request is noticed
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(None)
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            try:
                head = self._read_request(connection)
                if b"/token/ " in head.split(b"\r\n", 1)[0]:
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Connection: close\r\nContent-Length: %d\r\n\r\n"
                        % len(TOKEN_BODY)
                        + TOKEN_BODY
                    )
                    return
                self._misbehave(connection, self._stop)
            except OSError:
                return  # the client gave up: that is the point

    @staticmethod
    def _read_request(connection: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                raise OSError("closed")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                remaining = int(value) - len(body)
                while remaining > 0:
                    chunk = connection.recv(remaining)
                    if not chunk:
                        break
                    remaining -= len(chunk)
        return head
