"""In-process httpx transports: no sockets, no real sleeping.

Connection directives surface as the httpx exceptions a real socket would produce:
refuse -> ConnectError, reset -> ReadError, drop -> RemoteProtocolError, hang -> ReadTimeout.
Injected latency advances the sandbox's virtual clock instead of sleeping; if it reaches the
request's read timeout the call fails with ReadTimeout (after the request was processed).
"""

from __future__ import annotations

import asyncio

import httpx

from ._sandbox import Sandbox
from ._wire import ReplyKind, SandboxReply


def _dispatch(sandbox: Sandbox, request: httpx.Request, body: bytes) -> SandboxReply:
    path, _, query = request.url.raw_path.decode("ascii").partition("?")
    headers = [
        (name.decode("latin-1"), value.decode("latin-1")) for name, value in request.headers.raw
    ]
    return sandbox.handle(request.method, path, query, headers, body)


def _answer(sandbox: Sandbox, request: httpx.Request, reply: SandboxReply) -> httpx.Response:
    if reply.latency > 0:
        sandbox.clock.advance(reply.latency)
        timeouts = request.extensions.get("timeout") or {}
        read_timeout = timeouts.get("read")
        if read_timeout is not None and reply.latency >= read_timeout:
            raise httpx.ReadTimeout("timed out", request=request)
    if reply.kind is ReplyKind.REFUSE:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
    if reply.kind is ReplyKind.RESET:
        raise httpx.ReadError("[Errno 104] Connection reset by peer", request=request)
    if reply.kind is ReplyKind.DROP:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    if reply.kind is ReplyKind.HANG:
        raise httpx.ReadTimeout("timed out", request=request)
    response = reply.response
    assert response is not None
    return httpx.Response(
        response.status,
        headers=list(response.headers),
        content=response.body,
        request=request,
        extensions={
            "http_version": b"HTTP/1.1",
            "reason_phrase": response.reason_phrase.encode("ascii"),
        },
    )


class SandboxTransport(httpx.BaseTransport):
    """`httpx.Client(transport=SandboxTransport(sandbox), base_url="https://sandbox.local")`."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        return _answer(self.sandbox, request, _dispatch(self.sandbox, request, body))


class AsyncSandboxTransport(httpx.AsyncBaseTransport):
    """The `httpx.AsyncClient` twin of `SandboxTransport`."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        # Yield once, as a socket round-trip would, so concurrent tasks really interleave.
        await asyncio.sleep(0)
        return _answer(self.sandbox, request, _dispatch(self.sandbox, request, body))
