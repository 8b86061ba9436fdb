"""A pure ASGI 3 callback receiver: answers at once, verifies in background tasks.

Mount it anywhere (``app.mount("/momo/callbacks", receiver)`` in Starlette/FastAPI) or serve it
directly (``uvicorn module:receiver``). Mounted apps get no lifespan events, so stop it from
your own lifespan with ``await receiver.aclose()``; served directly, it drains on shutdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .._errors import MomoValidationError
from .._validation import validate_positive_number
from ._coalesce import Key
from ._events import DISCARD_LIMIT_BYTES, CallbackRequest, should_read_body
from ._outcomes import CallbackResponse
from ._processor import AsyncCallbackProcessor
from ._workers import AsyncWorkers

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DEFAULT_WORKERS = 4
DEFAULT_QUEUE_SIZE = 10_000
DEFAULT_DRAIN_TIMEOUT = 30.0
DEFAULT_RECHECK_INTERVAL = 1.0
"""Seconds before a reference read as not final, with a newer callback, is read again."""


class CallbackASGIApp:
    """Receives MoMo callbacks over ASGI and answers at once; ``workers`` status reads run at
    once, within the client's status-check budget.

    Work is bounded by distinct references, not requests: a reference this service did not
    create is never read, and callbacks for one already queued or being read are folded into
    that read (see :class:`~momo_wrapper.callbacks.CallbackProcessor`). At most ``queue_size``
    distinct references wait; past that (or once closing) a callback is answered 503 and its
    transaction kept for reconciliation.
    """

    def __init__(
        self,
        processor: AsyncCallbackProcessor,
        *,
        workers: int = DEFAULT_WORKERS,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        drain_timeout: float = DEFAULT_DRAIN_TIMEOUT,
        recheck_interval: float = DEFAULT_RECHECK_INTERVAL,
    ) -> None:
        if not isinstance(processor, AsyncCallbackProcessor):
            raise MomoValidationError(
                "processor",
                f"expected an AsyncCallbackProcessor, got {type(processor).__name__}.",
                "The ASGI app verifies with an async fetcher; for WSGI use CallbackWSGIApp.",
            )
        self.processor = processor
        self.drain_timeout = drain_timeout
        self.recheck_interval = validate_positive_number(
            recheck_interval, field="recheck_interval", allow_zero=True
        )
        self._workers: AsyncWorkers[Key] = AsyncWorkers(
            self._verify, workers=workers, capacity=queue_size
        )

    async def _verify(self, key: Key) -> None:
        await self.processor.averify_queued(key, self._recheck)

    def _recheck(self, key: Key) -> None:
        asyncio.get_running_loop().call_later(self.recheck_interval, self._requeue, key)

    def _requeue(self, key: Key) -> None:
        if not self._workers.submit(key):
            self.processor.requeue_failed(key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            request = await _read_request(scope, receive, self.processor.max_body_bytes)
            if request is not None:  # None: the client went away
                await _send_response(send, await self.accept(request))

    async def accept(self, request: CallbackRequest) -> CallbackResponse:
        """Queue ``request`` for verification and return the answer (usable from any framework
        view running in this event loop)."""
        return await self.processor.aaccept(request, self._workers.submit)

    async def join(self) -> None:
        """Wait until every accepted callback has been verified (and delivered if final)."""
        await self._workers.join()

    async def aclose(self, timeout: float | None = None) -> bool:
        """Stop accepting callbacks and finish the accepted ones; False if ``timeout`` (default
        ``drain_timeout``) passed first."""
        return await self._workers.aclose(self.drain_timeout if timeout is None else timeout)

    @property
    def in_progress(self) -> int:
        """References queued and not yet read (waiting or running)."""
        return self._workers.unfinished

    @property
    def accepting(self) -> bool:
        """False once closing has begun (new callbacks are then answered 503)."""
        return self._workers.accepting

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _full_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    # ASGI servers now put the mount prefix in both; older routers strip it from ``path``.
    return path if not root or path.startswith(root) else root + path


async def _read_request(
    scope: Scope, receive: Receive, max_body_bytes: int
) -> CallbackRequest | None:
    headers = {
        bytes(name).decode("latin-1").lower(): bytes(value).decode("latin-1")
        for name, value in scope.get("headers", [])
    }
    body = await _read_body(receive, max_body_bytes) if should_read_body(headers) else b""
    if body is None:
        return None
    client = scope.get("client")
    return CallbackRequest(
        method=scope.get("method", ""),
        path=_full_path(scope),
        body=body,
        headers=headers,
        client_host=client[0] if client else None,
    )


async def _read_body(receive: Receive, max_body_bytes: int) -> bytes | None:
    """At most ``max_body_bytes + 1`` bytes (enough to see it is too large); the rest of a body
    under the discard limit is read and dropped. ``None`` if the client disconnected."""
    kept = bytearray()
    seen = 0
    while seen <= DISCARD_LIMIT_BYTES:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk: bytes = message.get("body", b"")
        seen += len(chunk)
        if len(kept) <= max_body_bytes:
            kept.extend(chunk[: max_body_bytes + 1 - len(kept)])
        if not message.get("more_body", False):
            break
    return bytes(kept)


async def _send_response(send: Send, response: CallbackResponse) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": response.status_code,
            "headers": [
                (name.encode("latin-1"), value.encode("latin-1"))
                for name, value in response.headers
            ],
        }
    )
    await send({"type": "http.response.body", "body": response.body})
