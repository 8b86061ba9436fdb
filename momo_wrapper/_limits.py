"""Bounds on one HTTP response: how big its body may be and how long receiving it may take.

MoMo's bodies are under 2 KiB. A misbehaving gateway or a hostile endpoint can still answer with a
10 MB page, a small gzip body that inflates to gigabytes, or one byte a second: each byte arrives
within the read timeout (which httpx applies per read), so without a total bound the call never
ends. :class:`LimitedTransport` and :class:`AsyncLimitedTransport` wrap any httpx transport (the
SDK's own, a proxy's, or one the user passes in) and enforce :class:`ResponseLimits`:

* **Size.** A body over ``max_body_bytes`` (1 MiB by default) stops being read and raises
  :class:`ResponseTooLargeError`, before it is buffered: a declared ``Content-Length`` over the
  limit is refused without reading at all. gzip and deflate bodies are inflated here,
  incrementally, and the limit applies to the inflated size; the SDK asks for ``identity`` anyway,
  and any other content coding is refused (:class:`httpx.DecodingError`).
* **Time.** Sending the request and receiving the whole response may take ``max_seconds`` in
  total; past that, :class:`ResponseDeadlineError` (a :class:`httpx.ReadTimeout`). The async
  transport enforces it exactly, around the wait for the response head and around every body
  read. A blocking read cannot be interrupted, so the sync transport checks after the head and
  after every chunk, and on the SDK's own sync transport (its sockets come from
  :class:`DeadlineBackend`) every socket read also waits at most until the deadline, so even a
  server that drips the response head byte by byte is cut off in time. On another sync
  transport (the caller's, or the user's ``http_client``) a dripped body ends at most one read
  timeout after the deadline, and a dripped head only by that transport's own timeouts.

How the runner reports them (``_outcomes.reply_after``): an oversized or undecodable body becomes
:class:`~momo_wrapper.UnexpectedResponseError` with the status code (MoMo answered; the body is
unusable), which is not retried; the deadline becomes
:class:`~momo_wrapper.MomoTimeoutError` (``maybe_sent=True``), retried like any read timeout.
"""

from __future__ import annotations

import ssl
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

import attrs
import httpcore
import httpx

T = TypeVar("T")

DEFAULT_MAX_BODY_BYTES = 1024 * 1024

_IDENTITY = frozenset({"", "identity"})
_GZIP = frozenset({"gzip", "x-gzip"})
_DEFLATE = "deflate"
# Bytes of compressed input inflated per step: bounds what one step can allocate.
_INFLATE_STEP = 64 * 1024


class ResponseTooLargeError(httpx.DecodingError):
    """The response body is larger than the limit (after inflating it, if it was compressed)."""

    def __init__(self, limit: int, status_code: int, *, request: httpx.Request) -> None:
        self.limit = limit
        self.status_code = status_code
        super().__init__(
            f"the HTTP {status_code} response body is larger than {limit} bytes", request=request
        )


class ResponseDeadlineError(httpx.ReadTimeout):
    """Receiving the response took longer than the total time allowed."""

    def __init__(self, seconds: float, *, request: httpx.Request) -> None:
        self.seconds = seconds
        super().__init__(f"the response took longer than {seconds:g} s in total", request=request)


@attrs.frozen(kw_only=True)
class ResponseLimits:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_seconds: float | None = None
    """Total time to send the request and receive all of the response; None: no bound."""


# -- the pure part, shared by both transports ------------------------------------------------------


class _Inflater:
    """Inflates gzip or deflate one bounded step at a time, so a bomb is stopped early."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in _GZIP
        self._decoder = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self._decoder.decompress(data, _INFLATE_STEP)
            except zlib.error as exc:
                if self._gzip or self._started:
                    raise httpx.DecodingError(f"corrupt compressed body: {exc}") from exc
                # Servers disagree on what "deflate" means: zlib-wrapped or raw (as httpx does).
                self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                continue
            self._started = True
            data = self._decoder.unconsumed_tail
            if out:
                yield out

    def flush(self) -> bytes:
        tail = self._decoder.flush()
        if not self._decoder.eof:
            raise httpx.DecodingError("the compressed body is truncated")
        return tail


class _Budget:
    """One response's allowance of bytes and time; raises as soon as either is spent."""

    __slots__ = (
        "_deadline",
        "_inflater",
        "_limits",
        "_now",
        "_received",
        "_request",
        "_status_code",
    )

    def __init__(
        self, limits: ResponseLimits, request: httpx.Request, now: Callable[[], float]
    ) -> None:
        self._limits = limits
        self._request = request
        self._now = now
        self._deadline = None if limits.max_seconds is None else now() + limits.max_seconds
        self._received = 0
        self._status_code = 0
        self._inflater: _Inflater | None = None

    def bounds(self) -> tuple[float | None, float | None]:
        """The longest the response head, and one body read, can take on a transport that
        enforces the request's timeouts (None: unbounded or unknown)."""
        timeouts = self._request.extensions.get("timeout") or {}
        read = timeouts.get("read")
        pool, connect, write = timeouts.get("pool"), timeouts.get("connect"), timeouts.get("write")
        if pool is None or connect is None or write is None or read is None:
            return None, read
        return pool + connect + write + read, read

    def remaining(self) -> float | None:
        return None if self._deadline is None else self._deadline - self._now()

    def check_time(self) -> None:
        left = self.remaining()
        if left is not None and left <= 0:
            raise self.deadline_error()

    def deadline_error(self) -> ResponseDeadlineError:
        assert self._limits.max_seconds is not None
        return ResponseDeadlineError(self._limits.max_seconds, request=self._request)

    def accept_head(self, response: httpx.Response) -> list[tuple[bytes, bytes]] | None:
        """Check the response head; the headers to pass on without a coding we undo here, or
        None when the head stays as it is."""
        self._status_code = response.status_code
        self.check_time()
        encoding, declared = _coding_and_length(response.headers.raw)
        if encoding not in _IDENTITY and encoding not in _GZIP and encoding != _DEFLATE:
            raise httpx.DecodingError(
                f"content encoding {encoding!r} is not accepted", request=self._request
            )
        if declared.isdigit() and int(declared) > self._limits.max_body_bytes:
            raise self._too_large()
        if encoding in _IDENTITY:
            return None
        self._inflater = _Inflater(encoding)
        dropped = {b"content-encoding", b"content-length"}
        return [
            (name, value) for name, value in response.headers.raw if name.lower() not in dropped
        ]

    def accept(self, chunk: bytes) -> Iterable[bytes]:
        """The body bytes ``chunk`` stands for, once they are known to fit."""
        self.check_time()
        if self._inflater is None:
            # The usual, uncompressed body: no generator per chunk.
            self._count(chunk)
            return (chunk,)
        return self._inflated(chunk, self._inflater)

    def _inflated(self, chunk: bytes, inflater: _Inflater) -> Iterator[bytes]:
        for piece in inflater.feed(chunk):
            self._count(piece)
            yield piece

    def finish(self) -> Iterable[bytes]:
        """What is left once the body has ended: a compressed body's tail, if any (a tuple, not
        a generator: the usual, uncompressed body has none)."""
        if self._inflater is None:
            return ()
        tail = self._inflater.flush()
        if not tail:
            return ()
        self._count(tail)
        return (tail,)

    def _count(self, piece: bytes) -> None:
        self._received += len(piece)
        if self._received > self._limits.max_body_bytes:
            raise self._too_large()

    def _too_large(self) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            self._limits.max_body_bytes, self._status_code, request=self._request
        )


def _coding_and_length(raw: list[tuple[bytes, bytes]]) -> tuple[str, str]:
    """The Content-Encoding and Content-Length values as ``Headers.get`` gives them (lower
    case and stripped; repeated headers joined by ``", "``), from one pass over the raw list:
    two ``get`` calls cost more than the rest of the check."""
    encodings: list[str] = []
    lengths: list[str] = []
    for name, value in raw:
        lowered = name.lower()
        if lowered == b"content-encoding":
            encodings.append(value.decode("latin-1"))
        elif lowered == b"content-length":
            lengths.append(value.decode("latin-1"))
    return ", ".join(encodings).strip().lower(), ", ".join(lengths)


def _limited_response(
    response: httpx.Response,
    headers: list[tuple[bytes, bytes]] | None,
    stream: httpx.SyncByteStream | httpx.AsyncByteStream,
) -> httpx.Response:
    if headers is None:
        # The common case (an uncompressed body): only the stream changes, no new Response.
        response.stream = stream
        return response
    return httpx.Response(
        response.status_code, headers=headers, stream=stream, extensions=response.extensions
    )


# -- sync ------------------------------------------------------------------------------------------

_REMAINING: ContextVar[Callable[[], float | None] | None] = ContextVar(
    "momo_response_remaining", default=None
)
"""The seconds left for the response being received in this thread, for the socket reads.
Set and reset around each inner call directly: a context manager per read cost more than the read
on a canned transport."""


def _bounded(timeout: float | None, expired: type[httpcore.TimeoutException]) -> float | None:
    """``timeout``, shortened to what is left of the current response's time, if any."""
    remaining = _REMAINING.get()
    left = None if remaining is None else remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise expired("the response took longer than allowed in total")
    return left if timeout is None else min(timeout, left)


class _DeadlineNetworkStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineNetworkStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sockets, each wait shortened to the current response's deadline: given to an
    httpcore pool through its public ``network_backend=`` (``_sync_transport.SocketTransport``)."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _DeadlineNetworkStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return _DeadlineNetworkStream(
            self._inner.connect_unix_socket(path, bounded, socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _SyncStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, budget: _Budget) -> None:
        self._inner = inner
        self._budget = budget

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        budget = self._budget
        remaining = budget.remaining  # one bound method for every read of this body
        try:
            while True:
                token = _REMAINING.set(remaining)
                try:
                    chunk = next(chunks, None)
                finally:
                    _REMAINING.reset(token)
                if chunk is None:
                    break
                yield from budget.accept(chunk)
            yield from budget.finish()
        except BaseException:
            self._inner.close()
            raise

    def close(self) -> None:
        self._inner.close()


class LimitedTransport(httpx.BaseTransport):
    """Wraps a sync transport so every response respects ``limits``."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        limits: ResponseLimits,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.limits = limits
        self._now = now

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        budget = _Budget(self.limits, request, self._now)
        token = _REMAINING.set(budget.remaining)
        try:
            response = self.inner.handle_request(request)
        finally:
            _REMAINING.reset(token)
        try:
            headers = budget.accept_head(response)
        except BaseException:
            response.close()
            raise
        assert isinstance(response.stream, httpx.SyncByteStream)
        return _limited_response(response, headers, _SyncStream(response.stream, budget))

    def close(self) -> None:
        self.inner.close()


# -- async -----------------------------------------------------------------------------------------


async def _within(budget: _Budget, step: Awaitable[T], bound: float | None) -> T:
    """Await ``step``, cancelling it when the budget's time runs out.

    ``bound`` is the longest the step can take by the inner transport's own timeouts (None:
    unknown). While more time is left than that, the transport ends the step first, and the
    cost of an asyncio timeout (a timer per step) is skipped.
    """
    left = budget.remaining()
    if left is None or (bound is not None and left > bound):
        return await step
    # Imported here: the sync path never loads asyncio, and inside a coroutine it is loaded.
    import asyncio

    scope = asyncio.timeout(left)
    try:
        async with scope:
            return await step
    except TimeoutError:
        if scope.expired():
            raise budget.deadline_error() from None
        raise


class _AsyncStream(httpx.AsyncByteStream):
    def __init__(
        self, inner: httpx.AsyncByteStream, budget: _Budget, read_bound: float | None
    ) -> None:
        self._inner = inner
        self._budget = budget
        self._read_bound = read_bound

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = aiter(self._inner)
        try:
            while True:
                try:
                    chunk = await _within(self._budget, anext(chunks), self._read_bound)
                except StopAsyncIteration:
                    break
                for piece in self._budget.accept(chunk):
                    yield piece
            for piece in self._budget.finish():
                yield piece
        except BaseException:
            await self._inner.aclose()
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


class AsyncLimitedTransport(httpx.AsyncBaseTransport):
    """Wraps an async transport so every response respects ``limits``."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        limits: ResponseLimits,
        *,
        now: Callable[[], float] = time.monotonic,
        enforces_timeouts: bool = False,
    ) -> None:
        self.inner = inner
        self.limits = limits
        self._now = now
        self._enforces_timeouts = enforces_timeouts
        """True when ``inner`` applies the request's connect/read/write/pool timeouts itself
        (httpx's and the SDK's transports): then a step is only timed here near the deadline."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        budget = _Budget(self.limits, request, self._now)
        head_bound, read_bound = budget.bounds() if self._enforces_timeouts else (None, None)
        response = await _within(budget, self.inner.handle_async_request(request), head_bound)
        try:
            headers = budget.accept_head(response)
        except BaseException:
            await response.aclose()
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        stream = _AsyncStream(response.stream, budget, read_bound)
        return _limited_response(response, headers, stream)

    async def aclose(self) -> None:
        await self.inner.aclose()
