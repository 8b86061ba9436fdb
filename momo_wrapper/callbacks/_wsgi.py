"""A WSGI callback receiver (Flask, Django, any WSGI server): answers at once, verifies in a
small pool of background threads.

Mount it with ``DispatcherMiddleware`` (Flask/Werkzeug) or route to it from a view with
``receiver.accept(CallbackRequest(...))`` (Django). WSGI has no shutdown hook: call
``receiver.close()`` when the process stops (gunicorn ``worker_exit``, ``atexit``) to drain.
"""

from __future__ import annotations

import http
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .._errors import MomoValidationError
from .._validation import validate_positive_number
from ._coalesce import Key
from ._events import DISCARD_LIMIT_BYTES, CallbackRequest, should_read_body
from ._outcomes import CallbackResponse
from ._processor import CallbackProcessor
from ._workers import ThreadWorkers

StartResponse = Callable[..., Any]

DEFAULT_WORKERS = 4
DEFAULT_QUEUE_SIZE = 10_000
DEFAULT_DRAIN_TIMEOUT = 30.0
DEFAULT_RECHECK_INTERVAL = 1.0
_CHUNK_BYTES = 64 * 1024


class CallbackWSGIApp:
    """Receives MoMo callbacks over WSGI and answers at once; ``workers`` threads read
    statuses, within the client's status-check budget. Work is bounded by distinct references,
    as in :class:`~momo_wrapper.callbacks.CallbackASGIApp`; at most ``queue_size`` wait."""

    def __init__(
        self,
        processor: CallbackProcessor,
        *,
        workers: int = DEFAULT_WORKERS,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        drain_timeout: float = DEFAULT_DRAIN_TIMEOUT,
        recheck_interval: float = DEFAULT_RECHECK_INTERVAL,
    ) -> None:
        if not isinstance(processor, CallbackProcessor):
            raise MomoValidationError(
                "processor",
                f"expected a CallbackProcessor, got {type(processor).__name__}.",
                "The WSGI app verifies with a blocking fetcher; for ASGI use CallbackASGIApp.",
            )
        self.processor = processor
        self.drain_timeout = drain_timeout
        self.recheck_interval = validate_positive_number(
            recheck_interval, field="recheck_interval", allow_zero=True
        )
        self._workers: ThreadWorkers[Key] = ThreadWorkers(
            self._verify, workers=workers, capacity=queue_size, name="momo-callbacks"
        )

    def _verify(self, key: Key) -> None:
        self.processor.verify_queued(key, self._recheck)

    def _recheck(self, key: Key) -> None:
        timer = threading.Timer(self.recheck_interval, self._requeue, (key,))
        timer.daemon = True
        timer.start()

    def _requeue(self, key: Key) -> None:
        if not self._workers.submit(key):
            self.processor.requeue_failed(key)

    def __call__(
        self, environ: Mapping[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        response = self.accept(request_from_environ(environ, self.processor.max_body_bytes))
        phrase = http.HTTPStatus(response.status_code).phrase
        start_response(f"{response.status_code} {phrase}", list(response.headers))
        return [response.body]

    def accept(self, request: CallbackRequest) -> CallbackResponse:
        """Queue ``request`` for verification and return the answer (for any framework view)."""
        return self.processor.accept(request, self._workers.submit)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until every accepted callback is verified; False if ``timeout`` passed first."""
        return self._workers.join(timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Stop accepting callbacks and finish the accepted ones; False if ``timeout`` (default
        ``drain_timeout``) passed first."""
        return self._workers.close(self.drain_timeout if timeout is None else timeout)

    @property
    def in_progress(self) -> int:
        """References queued and not yet read (waiting or running)."""
        return self._workers.unfinished

    @property
    def accepting(self) -> bool:
        """False once closing has begun (new callbacks are then answered 503)."""
        return self._workers.accepting


def _wsgi_text(value: str) -> str:
    # WSGI hands paths over as latin-1 decoded bytes (PEP 3333); the URL itself is UTF-8.
    return value.encode("latin-1").decode("utf-8", errors="replace")


def request_from_environ(environ: Mapping[str, Any], max_body_bytes: int) -> CallbackRequest:
    """A :class:`CallbackRequest` from a WSGI environ, reading at most ``max_body_bytes + 1``."""
    headers = {
        name[5:].replace("_", "-").lower(): value
        for name, value in environ.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    }
    for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(name):
            headers[name.replace("_", "-").lower()] = environ[name]
    return CallbackRequest(
        method=environ.get("REQUEST_METHOD", ""),
        path=_wsgi_text(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")),
        body=_read_body(environ, headers, max_body_bytes),
        headers=headers,
        client_host=environ.get("REMOTE_ADDR") or None,
    )


def _read_body(environ: Mapping[str, Any], headers: Mapping[str, str], limit: int) -> bytes:
    """At most ``limit + 1`` bytes; the rest of a body under the discard limit is read and
    dropped. Never reads past ``Content-Length`` (PEP 3333)."""
    stream = environ.get("wsgi.input")
    if stream is None or not should_read_body(headers):
        return b""
    declared = headers.get("content-length")
    if declared is None:
        # Without a length, only input the server marks as terminated may be read to EOF.
        if not environ.get("wsgi.input_terminated"):
            return b""
        remaining = DISCARD_LIMIT_BYTES
    else:
        remaining = int(declared)
    kept = bytearray()
    while remaining > 0:
        chunk: bytes = stream.read(min(remaining, _CHUNK_BYTES))
        if not chunk:
            break
        remaining -= len(chunk)
        if len(kept) <= limit:
            kept.extend(chunk[: limit + 1 - len(kept)])
    return bytes(kept)
