"""ASGI 3 adapter. Latency is a real `asyncio.sleep` here.

ASGI cannot touch the socket, so connection faults are approximated: refuse/reset/drop start
a response and then abort (servers such as uvicorn close the connection mid-response, which
the client sees as a protocol error); hang waits until the client disconnects. For faithful
socket behaviour use `serve_sandbox()`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from ._wire import ReplyKind

if TYPE_CHECKING:
    from ._sandbox import Sandbox

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class SandboxConnectionAbort(Exception):
    """Raised inside the ASGI app to make the server abort the connection."""


class SandboxASGIApp:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                break
        path = scope.get("raw_path") or scope["path"].encode()
        path_text = bytes(path).decode("ascii")
        root = scope.get("root_path", "")
        if root and path_text.startswith(root):
            path_text = path_text[len(root) :]
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        ]
        reply = self.sandbox.handle(
            scope["method"],
            path_text,
            scope.get("query_string", b"").decode("latin-1"),
            headers,
            bytes(body),
        )
        if reply.latency > 0:
            await asyncio.sleep(reply.latency)
        if reply.kind is ReplyKind.HANG:
            while (await receive())["type"] != "http.disconnect":
                pass
            return
        if reply.kind is not ReplyKind.RESPOND:
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise SandboxConnectionAbort(reply.kind.value)
        response = reply.response
        assert response is not None
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                # The server adds its own Date header.
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in response.headers
                    if name != "Date"
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
