"""Callback deliveries (what MoMo sends to `X-Callback-Url`) and pluggable senders."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any, Protocol, runtime_checkable

import attrs
import httpx

# As received from the sandbox in 2026 (api-behaviour §8): note the space before `charset`,
# unlike MoMo's response bodies, and no signature or credential header.
CALLBACK_HEADERS: tuple[tuple[str, str], ...] = (
    ("User-Agent", "LWAC Http Client 1.0"),
    ("Content-Type", "application/json; charset=utf-8"),
    ("Accept-Encoding", "gzip"),
)


@attrs.frozen(slots=True)
class CallbackDelivery:
    """One callback the sandbox hands (or, if `lost`, deliberately does not hand) to a sender."""

    product: str
    operation: str
    reference_id: str
    url: str
    method: str
    body: bytes
    copy: int
    scheduled_at: float
    lost: bool = False
    headers: tuple[tuple[str, str], ...] = CALLBACK_HEADERS

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.frozen(slots=True)
class CallbackResult:
    """What happened when `HttpCallbackSender` delivered one callback."""

    delivery: CallbackDelivery
    status_code: int | None
    error: str | None = None


@runtime_checkable
class CallbackSender(Protocol):
    """Delivers callbacks. `send` must not block the API response."""

    def send(self, delivery: CallbackDelivery) -> None: ...

    def flush(self, timeout: float) -> bool:
        """Wait until every delivery handed so far was attempted; False on timeout."""
        ...

    def close(self) -> None: ...


class RecordingCallbackSender:
    """Keeps deliveries in memory and sends nothing: for tests that need no network."""

    def __init__(self) -> None:
        self.deliveries: list[CallbackDelivery] = []
        self._lock = threading.Lock()

    def send(self, delivery: CallbackDelivery) -> None:
        with self._lock:
            self.deliveries.append(delivery)

    def flush(self, timeout: float) -> bool:  # noqa: ARG002 - nothing to wait for
        return True

    def close(self) -> None:
        return None


class HttpCallbackSender:
    """Sends each callback once over real HTTP from a background worker thread.

    No retry on failure, as MTN documents; duplicates come only from the fault plan.
    """

    def __init__(
        self, *, timeout: float = 5.0, transport: httpx.BaseTransport | None = None
    ) -> None:
        self._timeout = timeout
        self._transport = transport
        self._queue: queue.Queue[CallbackDelivery | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Condition(self._lock)
        self._closed = False
        self.results: list[CallbackResult] = []

    def send(self, delivery: CallbackDelivery) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("callback sender is closed")
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="momo-sandbox-callbacks", daemon=True
                )
                self._thread.start()
        self._queue.put(delivery)

    def flush(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=self._timeout + 1.0)

    def _run(self) -> None:
        with httpx.Client(timeout=self._timeout, transport=self._transport) as client:
            while (delivery := self._queue.get()) is not None:
                self._deliver(client, delivery)

    def _deliver(self, client: httpx.Client, delivery: CallbackDelivery) -> None:
        try:
            response = client.request(
                delivery.method, delivery.url, content=delivery.body, headers=delivery.headers
            )
            result = CallbackResult(delivery, response.status_code)
        except httpx.HTTPError as exc:
            result = CallbackResult(delivery, None, f"{type(exc).__name__}: {exc}")
        with self._idle:
            self.results.append(result)
            self._pending -= 1
            self._idle.notify_all()
