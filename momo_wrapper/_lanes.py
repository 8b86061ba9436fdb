"""The async client's transport when aiohttp is not installed: httpx's own connections, pooled
without httpcore's shared-pool bookkeeping.

httpcore's async pool re-scans every connection for every waiting request and can hand one idle
connection to several requests at once; all but one then fail over and scan again. With 50
requests in flight that cost AsyncMomoClient four fifths of its throughput (about 100
payments/s instead of about 500 on a 2-core machine, ``python -m benchmarks``). Here each *lane* is
an httpx transport limited to one connection, and a request borrows a free lane (the most
recently used, so warm connections are reused and cold ones expire), waits for one when all
``max_connections`` are busy, and gives it back when its response is closed. Requests never
share a connection, so at most one connection per request in flight is ever opened. With
``proxy=`` every lane sends through that proxy (one transport per proxy route, see ``_proxies``).
"""

from __future__ import annotations

import asyncio
import collections
import ssl
from collections.abc import AsyncIterator

import httpx


class _LaneReturningStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, give_back: _GiveBack) -> None:
        self._stream = stream
        self._give_back = give_back

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            self._give_back()


class _GiveBack:
    """Returns one lane to its pool exactly once."""

    def __init__(self, pool: LaneTransport, lane: httpx.AsyncHTTPTransport) -> None:
        self._pool: LaneTransport | None = pool
        self._lane = lane

    def __call__(self) -> None:
        if self._pool is not None:
            self._pool._release(self._lane)
            self._pool = None


class LaneTransport(httpx.AsyncBaseTransport):
    """At most ``limits.max_connections`` one-connection lanes, borrowed one per request."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits,
        proxy: httpx.Proxy | None = None,
    ) -> None:
        self._verify = verify
        self._proxy = proxy
        self._tls: ssl.SSLContext | None = None
        self._max_lanes = limits.max_connections or 100
        self._lane_limits = httpx.Limits(
            max_connections=1, max_keepalive_connections=1, keepalive_expiry=limits.keepalive_expiry
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lanes: set[httpx.AsyncHTTPTransport] = set()
        self._free: list[httpx.AsyncHTTPTransport] = []
        self._waiting: collections.deque[asyncio.Future[httpx.AsyncHTTPTransport]] = (
            collections.deque()
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        lane = await self._borrow(request)
        give_back = _GiveBack(self, lane)
        try:
            response = await lane.handle_async_request(request)
        except BaseException:
            give_back()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _LaneReturningStream(response.stream, give_back)
        return response

    async def _borrow(self, request: httpx.Request) -> httpx.AsyncHTTPTransport:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            # Connections belong to the loop that opened them; a client reused from a new
            # loop starts afresh (the old loop's sockets went with it).
            self._loop, self._lanes, self._free = loop, set(), []
            self._waiting.clear()
        if self._free:
            return self._free.pop()
        if len(self._lanes) < self._max_lanes:
            lane = httpx.AsyncHTTPTransport(
                verify=self._shared_tls(), limits=self._lane_limits, proxy=self._proxy
            )
            self._lanes.add(lane)
            return lane
        waiter: asyncio.Future[httpx.AsyncHTTPTransport] = loop.create_future()
        self._waiting.append(waiter)
        timeout = (request.extensions.get("timeout") or {}).get("pool")
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except BaseException as exc:
            if waiter.done() and not waiter.cancelled():
                self._release(waiter.result())  # handed over just as we gave up: pass it on
            else:
                waiter.cancel()
            if isinstance(exc, TimeoutError):
                raise httpx.PoolTimeout("no free connection in time", request=request) from None
            raise

    def _shared_tls(self) -> ssl.SSLContext:
        # One context for every lane, made on first use: each would otherwise load the CA bundle
        # (tens of milliseconds).
        if self._tls is None:
            self._tls = httpx.create_ssl_context(verify=self._verify)
        return self._tls

    def _release(self, lane: httpx.AsyncHTTPTransport) -> None:
        if lane not in self._lanes:
            return  # from a previous event loop, or closed
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(lane)
                return
        self._free.append(lane)

    async def aclose(self) -> None:
        lanes, self._lanes, self._free = self._lanes, set(), []
        if self._loop is not asyncio.get_running_loop():
            return  # the old loop's connections cannot be closed from this one
        for lane in lanes:
            await lane.aclose()
