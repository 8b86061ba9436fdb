"""A real HTTP/1.1 keep-alive server (asyncio + h11) whose faults act on the socket.

reset/refuse -> TCP RST (SO_LINGER 0), drop -> FIN without a response, hang -> the socket
stays open with no answer until the client gives up. Latency is a real (non-blocking) delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import threading
from collections.abc import Callable

import h11

from ._callbacks import is_loopback_host
from ._clock import VirtualClock
from ._sandbox import Sandbox
from ._wire import ReplyKind, SandboxReply, SandboxResponse, empty

_LOG = logging.getLogger(__name__)
_TICK_SECONDS = 0.25
_RST_ON_CLOSE = struct.pack("ii", 1, 0)


class _Connection(asyncio.Protocol):
    """One client connection; requests are answered in order (no pipelining overlap)."""

    def __init__(self, server: SandboxServer) -> None:
        self._server = server
        self._sandbox = server.sandbox
        self._h11 = h11.Connection(h11.SERVER)
        self._transport: asyncio.Transport | None = None
        self._request: h11.Request | None = None
        self._body = bytearray()
        self._busy = False
        self._pumping = False
        self._closed = False
        self._timer: asyncio.TimerHandle | None = None

    # -- asyncio.Protocol -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:  # noqa: ARG002
        self._closed = True
        self._server.connections.discard(self)
        if self._timer is not None:
            self._timer.cancel()

    def data_received(self, data: bytes) -> None:
        self._h11.receive_data(data)
        if not self._busy:
            self._pump()

    def eof_received(self) -> bool | None:
        self._h11.receive_data(b"")
        if self._busy:
            return True  # keep the socket to finish the answer in progress
        self._pump()
        return None

    # -- request handling ---------------------------------------------------------------------

    def _pump(self) -> None:
        # Re-entered from _respond when a pipelined request is already buffered: let the
        # outer loop carry on instead of recursing once per request.
        if self._pumping:
            return
        self._pumping = True
        try:
            self._pump_events()
        finally:
            self._pumping = False

    def _pump_events(self) -> None:
        while not self._busy and not self._closed:
            try:
                event = self._h11.next_event()
            except h11.RemoteProtocolError:
                self._bad_request()
                return
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return
            if isinstance(event, h11.Request):
                self._request = event
                self._body.clear()
            elif isinstance(event, h11.Data):
                self._body += event.data
            elif isinstance(event, h11.EndOfMessage):
                self._dispatch()
            elif isinstance(event, h11.ConnectionClosed):
                self.close()
                return

    def _dispatch(self) -> None:
        request = self._request
        assert request is not None
        path, _, query = request.target.decode("ascii").partition("?")
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers
        ]
        try:
            reply = self._sandbox.handle(
                request.method.decode("ascii"), path, query, headers, bytes(self._body)
            )
        except Exception:
            _LOG.exception("sandbox failed on %s %s", request.method.decode("ascii"), path)
            self._respond(empty(500, self._sandbox.clock.now()))
            return
        if reply.latency > 0:
            self._busy = True
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(reply.latency, self._carry_out, reply)
        else:
            self._carry_out(reply)

    def _carry_out(self, reply: SandboxReply) -> None:
        self._timer = None
        if self._closed:
            return
        if reply.kind is ReplyKind.RESPOND:
            assert reply.response is not None
            self._respond(reply.response)
        elif reply.kind is ReplyKind.DROP:
            self.close()
        elif reply.kind is ReplyKind.HANG:
            self._busy = True  # never answer; the client's timeout ends it
        else:
            self.abort()

    def _respond(self, response: SandboxResponse) -> None:
        assert self._transport is not None
        assert self._request is not None
        headers = [
            (name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers
        ]
        wire = self._h11.send(
            h11.Response(
                status_code=response.status,
                headers=headers,
                reason=response.reason_phrase.encode("latin-1"),
            )
        )
        if response.body and self._request.method != b"HEAD":
            wire = (wire or b"") + (self._h11.send(h11.Data(data=response.body)) or b"")
        wire = (wire or b"") + (self._h11.send(h11.EndOfMessage()) or b"")
        self._transport.write(wire)
        if self._h11.our_state is h11.DONE and self._h11.their_state is h11.DONE:
            self._h11.start_next_cycle()
            self._busy = False
            self._pump()
        else:
            self.close()

    def _bad_request(self) -> None:
        if self._h11.our_state in (h11.IDLE, h11.SEND_RESPONSE) and self._transport is not None:
            with contextlib.suppress(h11.LocalProtocolError):
                self._transport.write(
                    self._h11.send(h11.Response(status_code=400, headers=[("Content-Length", "0")]))
                    or b""
                )
        self.close()

    def close(self) -> None:
        if self._transport is not None and not self._closed:
            self._closed = True
            self._transport.close()

    def abort(self) -> None:
        """Close with a TCP RST: the client sees "connection reset by peer"."""
        if self._transport is None or self._closed:
            return
        sock = self._transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RST_ON_CLOSE)
        self._closed = True
        self._transport.abort()


def check_host(host: str, allow_remote: bool, sandbox: Sandbox) -> None:
    """Refuse to expose the sandbox off loopback unless asked to, and then only with a token."""
    if is_loopback_host(host):
        return
    if not allow_remote:
        raise ValueError(
            f"host {host!r} is not loopback: the sandbox's admin API would be reachable from "
            "other machines; pass allow_remote=True (--allow-remote) to do it on purpose"
        )
    if not sandbox.requires_admin_token:
        raise ValueError("serving off loopback needs Sandbox(admin_token=...)")


class SandboxServer:
    """Serves a `Sandbox` over HTTP/1.1 on a local port.

    Use `serve_sandbox()` for a background thread, `await start_async()` inside a running
    loop, or `serve_forever()` in the foreground.
    """

    def __init__(
        self,
        sandbox: Sandbox,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        backlog: int = 2048,
        owns_sandbox: bool = False,
        allow_remote: bool = False,
    ) -> None:
        """A host that is not loopback (``0.0.0.0``, a LAN address) needs ``allow_remote=True``
        and a sandbox with an admin token: its admin API hands out credentials."""
        check_host(host, allow_remote, sandbox)
        self.sandbox = sandbox
        self.host = host
        self.port = port
        self._backlog = backlog
        self._owns_sandbox = owns_sandbox
        self.connections: set[_Connection] = set()
        self._server: asyncio.Server | None = None
        self._ticker: asyncio.TimerHandle | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_requested: asyncio.Event | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def page_url(self) -> str:
        """The sandbox's web page (transactions, payer actions, callbacks, faults)."""
        return f"{self.base_url}/_sandbox/ui/"

    # -- inside an event loop -----------------------------------------------------------------

    async def start_async(self) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._server = await loop.create_server(
            lambda: _Connection(self), self.host, self.port, backlog=self._backlog
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._tick()

    async def stop_async(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        if self._server is not None:
            self._server.close()
            for connection in list(self.connections):
                connection.abort()
            await self._server.wait_closed()
            self._server = None
        if self._owns_sandbox:
            self.sandbox.close()

    def _tick(self) -> None:
        # A real-time clock moves by itself: deliver callbacks that became due.
        self.sandbox.run_due()
        assert self._loop is not None
        self._ticker = self._loop.call_later(_TICK_SECONDS, self._tick)

    # -- background thread --------------------------------------------------------------------

    def start(self) -> SandboxServer:
        """Serve from a daemon thread; returns once the port is listening."""
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            try:
                self._stop_requested = asyncio.Event()
                loop.run_until_complete(self.start_async())
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            assert self._stop_requested is not None
            loop.run_until_complete(self._stop_requested.wait())
            loop.run_until_complete(self.stop_async())
            loop.close()

        self._thread = threading.Thread(target=run, name="momo-sandbox-server", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        if self._thread is None or self._loop is None or self._stop_requested is None:
            return
        self._loop.call_soon_threadsafe(self._stop_requested.set)
        self._thread.join(timeout=10)
        self._thread = None

    def __enter__(self) -> SandboxServer:
        if self._thread is None and self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- foreground ----------------------------------------------------------------------------

    def serve_forever(self, on_ready: Callable[[SandboxServer], object] | None = None) -> None:
        """Block serving until interrupted (Ctrl-C); ``on_ready`` is called once the port is
        listening (with port 0, :attr:`port` is then the one the system chose)."""

        async def main() -> None:
            await self.start_async()
            if on_ready is not None:
                on_ready(self)
            try:
                await asyncio.Event().wait()
            finally:
                await self.stop_async()

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(main())

    def __repr__(self) -> str:
        return f"SandboxServer({self.base_url})"


def serve_sandbox(
    sandbox: Sandbox | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    backlog: int = 2048,
    allow_remote: bool = False,
) -> SandboxServer:
    """Start serving `sandbox` (default: a new one on a real-time clock) in a background thread.

    Use as ``with serve_sandbox(sandbox) as server: server.base_url``.
    """
    owns = sandbox is None
    if sandbox is None:
        sandbox = Sandbox(clock=VirtualClock(follow_real_time=True))
    server = SandboxServer(
        sandbox, host=host, port=port, backlog=backlog, owns_sandbox=owns, allow_remote=allow_remote
    )
    return server.start()
