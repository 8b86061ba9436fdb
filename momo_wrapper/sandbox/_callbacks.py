"""Callback deliveries (what MoMo sends to `X-Callback-Url`) and pluggable senders."""

from __future__ import annotations

import ipaddress
import json
import queue
import threading
import time
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

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
    #: Why it was not sent ("dropped", a callbacks fault) or that it is a redelivery.
    note: str | None = None

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.frozen(slots=True)
class CallbackResult:
    """What happened when `HttpCallbackSender` delivered one callback."""

    delivery: CallbackDelivery
    status_code: int | None
    error: str | None = None
    #: Seconds from sending to the receiver's answer (None when nothing was sent).
    latency: float | None = None
    #: Why the sandbox did not send it (a host that is not loopback), else None.
    refused: str | None = None


def is_loopback_host(host: str | None) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def refusal_reason(url: str, allow_remote: bool) -> str | None:
    """Why a callback to `url` must not be sent, or None when it may go."""
    if allow_remote:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if is_loopback_host(host):
        return None
    return (
        f"refused: {host or url!r} is not a loopback host; the sandbox sends callbacks only to "
        "loopback hosts unless started with allow_remote_callbacks (--allow-remote-callbacks)"
    )


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
        self,
        *,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
        allow_remote: bool = False,
    ) -> None:
        """`allow_remote=False` (the default) sends only to loopback hosts; a callback to any
        other host is not sent and is recorded in `results` with the reason."""
        self._timeout = timeout
        self._allow_remote = allow_remote
        self._transport = transport
        self._queue: queue.Queue[CallbackDelivery | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Condition(self._lock)
        self._closed = False
        self.results: list[CallbackResult] = []

    def send(self, delivery: CallbackDelivery) -> None:
        refused = refusal_reason(delivery.url, self._allow_remote)
        if refused is not None:
            with self._idle:
                self.results.append(CallbackResult(delivery, None, refused, None, refused))
            return
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
        started = time.monotonic()
        try:
            response = client.request(
                delivery.method, delivery.url, content=delivery.body, headers=delivery.headers
            )
            result = CallbackResult(
                delivery, response.status_code, latency=time.monotonic() - started
            )
        except httpx.HTTPError as exc:
            result = CallbackResult(
                delivery, None, f"{type(exc).__name__}: {exc}", time.monotonic() - started
            )
        with self._idle:
            self.results.append(result)
            self._pending -= 1
            self._idle.notify_all()
