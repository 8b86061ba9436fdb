"""The demo's callback receiver: the SDK's :class:`CallbackWSGIApp` on a real local port.

MoMo (here: the sandbox) POSTs callbacks over HTTP to ``{url}/{product}/{operation}/{ref}``;
the app answers at once, then its processor reads the real status from MoMo through the client
and hands each verified final state to the handler once. The demo shows both what arrived
(every outcome, duplicates included) and what was delivered.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from .._client import MomoClient
from ..callbacks import (
    CallbackOutcome,
    CallbackProcessor,
    CallbackWSGIApp,
    Verdict,
    VerifiedCallback,
)

PATH_PREFIX = "/momo/callbacks"


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """The demo prints its own table; no access log on stderr."""


class CallbackReceiver:
    """Listens on ``host`` (a free port) from a daemon thread; call :meth:`attach` with the
    client that verifies callbacks, then :meth:`close`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._lock = threading.Condition()
        self.outcomes: list[CallbackOutcome] = []
        self.delivered: list[VerifiedCallback] = []
        self._app: CallbackWSGIApp | None = None
        self._closed = False
        self._server = make_server(
            host, 0, self._wsgi, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler
        )
        self.url = f"http://{host}:{self._server.server_port}{PATH_PREFIX}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="momo-demo-callbacks", daemon=True
        )
        self._thread.start()

    def attach(self, client: MomoClient) -> None:
        processor = CallbackProcessor(
            client, self._on_delivered, path_prefix=self.url, on_outcome=self._on_outcome
        )
        self._app = CallbackWSGIApp(processor, workers=2)

    def _wsgi(self, environ: Mapping[str, Any], start_response: Any) -> Iterable[bytes]:
        if self._app is None:
            start_response("503 Service Unavailable", [("Content-Length", "0")])
            return [b""]
        return self._app(environ, start_response)

    def _on_delivered(self, callback: VerifiedCallback) -> None:
        with self._lock:
            self.delivered.append(callback)

    def _on_outcome(self, outcome: CallbackOutcome) -> None:
        with self._lock:
            self.outcomes.append(outcome)
            self._lock.notify_all()

    def wait_for(self, references: set[str], timeout: float) -> bool:
        """Wait until a final outcome arrived for every reference id; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            return self._lock.wait_for(
                lambda: references <= self._settled(), max(0.0, deadline - time.monotonic())
            )

    def _settled(self) -> set[str]:
        final = (Verdict.DELIVERED, Verdict.DUPLICATE, Verdict.UNKNOWN_REFERENCE)
        return {o.reference_id for o in self.outcomes if o.verdict in final}

    def close(self) -> None:
        """Stop listening and finish the callbacks being verified; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._server.shutdown()
        self._server.server_close()
        if self._app is not None:
            self._app.close(timeout=5.0)
