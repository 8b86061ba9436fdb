"""Real loopback servers for the receivers: uvicorn in the test's own event loop (so the test
can await the app's queue), and wsgiref in a background thread."""

from __future__ import annotations

import asyncio
import socket
import threading
import wsgiref.simple_server
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import uvicorn

# What the sandbox sends with a callback (api-behaviour §8).
MOMO_HEADERS = {
    "User-Agent": "LWAC Http Client 1.0",
    "Content-Type": "application/json; charset=utf-8",
    "Accept-Encoding": "gzip",
}


def _loopback_socket() -> socket.socket:
    # proto=IPPROTO_TCP, or asyncio skips TCP_NODELAY on accepted sockets (+40 ms per answer).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def serve_asgi(app: Any) -> AsyncIterator[str]:
    sock = _loopback_socket()
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()  # startup failed: raise its error
        await asyncio.sleep(0)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_wsgi(app: Any) -> Iterator[str]:
    server = wsgiref.simple_server.make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
