"""Bounded memory and no hang: ``_limits`` on its own, wired into the clients, over a real socket.

Peak memory is measured with tracemalloc for 10 MB bodies (declared, chunked, over a socket) and a
gzip bomb that inflates to 10 MB; the body itself is allocated before tracing starts, so the peak
is what the SDK needed to refuse it. Run with ``-s`` to see the numbers.
"""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest

from momo_wrapper import (
    AsyncMomoClient,
    FakeClock,
    MomoClient,
    MomoTimeoutError,
    UnexpectedResponseError,
)
from momo_wrapper._limits import (
    DEFAULT_MAX_BODY_BYTES,
    AsyncLimitedTransport,
    LimitedTransport,
    ResponseDeadlineError,
    ResponseLimits,
    ResponseTooLargeError,
)
from tests.fuzz.fuzz_support import (
    BodyStream,
    RawServer,
    config,
    scripted_clients,
)

TEN_MB = 10 * 1024 * 1024
MEMORY_BOUND = 3 * 1024 * 1024
REFERENCE = "0b3a2c5e-8d4b-4c2a-9e1f-5b6d7c8e9f01"


# -- the transports on their own, with a fake time source --------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class DripStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """One byte per chunk; each chunk costs ``seconds`` of fake time. Counts what was pulled."""

    def __init__(self, time_source: FakeTime, seconds: float, total: int) -> None:
        self._time = time_source
        self._seconds = seconds
        self._total = total
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self._total):
            self._time.now += self._seconds
            self.pulled += 1
            yield b"x"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


class Counting(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Chunks of ``size`` bytes up to ``total``, counting the bytes pulled."""

    def __init__(self, total: int, size: int = 64 * 1024) -> None:
        self._total = total
        self._size = size
        self.pulled = 0

    def __iter__(self) -> Iterator[bytes]:
        block = b"x" * self._size
        while self.pulled < self._total:
            self.pulled += self._size
            yield block

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


class Unreadable(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        raise AssertionError("the body was read although its declared length is over the limit")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        raise AssertionError("the body was read although its declared length is over the limit")
        yield b""  # pragma: no cover


class Fixed(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, make: Callable[[], httpx.Response]) -> None:
        self._make = make

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._make()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._make()


def _read(
    mode: str, make: Callable[[], httpx.Response], limits: ResponseLimits, now: FakeTime
) -> httpx.Response:
    """Send one request through the limited transport of ``mode`` and read the whole body."""
    request = httpx.Request("GET", "https://momo.test/x")
    if mode == "sync":
        response = LimitedTransport(Fixed(make), limits, now=now).handle_request(request)
        response.read()
        return response

    async def run() -> httpx.Response:
        transport = AsyncLimitedTransport(Fixed(make), limits, now=now)
        response = await transport.handle_async_request(request)
        await response.aread()
        return response

    return asyncio.run(run())


MODES = ("sync", "async")


@pytest.mark.parametrize("mode", MODES)
def test_a_drip_ends_at_the_deadline(mode: str) -> None:
    now = FakeTime()
    drip = DripStream(now, seconds=1.0, total=1000)
    with pytest.raises(ResponseDeadlineError):
        _read(
            mode,
            lambda: httpx.Response(200, stream=drip),
            ResponseLimits(max_seconds=5.0),
            now,
        )
    assert drip.pulled <= 6


@pytest.mark.parametrize("mode", MODES)
def test_a_declared_length_over_the_limit_is_refused_unread(mode: str) -> None:
    headers = {"Content-Length": str(TEN_MB)}
    with pytest.raises(ResponseTooLargeError) as raised:
        _read(
            mode,
            lambda: httpx.Response(503, headers=headers, stream=Unreadable()),
            ResponseLimits(),
            FakeTime(),
        )
    assert raised.value.status_code == 503
    assert raised.value.limit == DEFAULT_MAX_BODY_BYTES


@pytest.mark.parametrize("mode", MODES)
def test_an_undeclared_body_stops_being_read_at_the_limit(mode: str) -> None:
    body = Counting(TEN_MB)
    with pytest.raises(ResponseTooLargeError):
        _read(mode, lambda: httpx.Response(200, stream=body), ResponseLimits(), FakeTime())
    assert body.pulled <= DEFAULT_MAX_BODY_BYTES + 64 * 1024


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        ("identity", lambda data: data),
    ],
    ids=["gzip", "zlib-deflate", "raw-deflate", "identity"],
)
def test_compressed_bodies_are_inflated_here(
    mode: str, encoding: str, compress: Callable[[bytes], bytes]
) -> None:
    body = b'{"availableBalance":"1000","currency":"EUR"}'
    headers = {"Content-Encoding": encoding, "Content-Type": "application/json"}
    response = _read(
        mode,
        lambda: httpx.Response(200, headers=headers, stream=BodyStream(compress(body), 7)),
        ResponseLimits(),
        FakeTime(),
    )
    assert response.content == body
    assert response.headers.get("content-type") == "application/json"


@pytest.mark.parametrize("mode", MODES)
def test_a_gzip_bomb_stops_inflating_at_the_limit(mode: str) -> None:
    bomb = gzip.compress(b"\0" * TEN_MB)
    headers = {"Content-Encoding": "gzip"}
    with pytest.raises(ResponseTooLargeError):
        _read(
            mode,
            lambda: httpx.Response(200, headers=headers, stream=BodyStream(bomb)),
            ResponseLimits(),
            FakeTime(),
        )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("encoding", "body"),
    [("gzip", b"\x1f\x8b\x08\x00garbage"), ("br", b"{}"), ("gzip, gzip", b"{}")],
)
def test_corrupt_or_unasked_codings_are_decoding_errors(
    mode: str, encoding: str, body: bytes
) -> None:
    headers = {"Content-Encoding": encoding}
    with pytest.raises(httpx.DecodingError):
        _read(
            mode,
            lambda: httpx.Response(200, headers=headers, stream=BodyStream(body)),
            ResponseLimits(),
            FakeTime(),
        )


# -- wired into the clients (a user's transport: scripted_clients; proxies: tests/proxy) ------


def _oversized(request: httpx.Request) -> httpx.Response:
    return httpx.Response(202, stream=BodyStream(b"x" * (DEFAULT_MAX_BODY_BYTES + 1)))


def test_sync_oversized_answer_is_an_unexpected_response_with_the_reference_id() -> None:
    sync_client, _, recorder = scripted_clients(_oversized)
    with sync_client, pytest.raises(UnexpectedResponseError) as raised:
        sync_client.collection.request_to_pay(
            amount="5", payer="46733123459", external_id="big", reference_id=REFERENCE
        )
    _check_oversized(raised.value, recorder.requests)


async def test_async_oversized_answer_is_an_unexpected_response_with_the_reference_id() -> None:
    _, async_client, recorder = scripted_clients(_oversized)
    async with async_client:
        with pytest.raises(UnexpectedResponseError) as raised:
            await async_client.collection.request_to_pay(
                amount="5", payer="46733123459", external_id="big", reference_id=REFERENCE
            )
    _check_oversized(raised.value, recorder.requests)


def _check_oversized(error: UnexpectedResponseError, requests: list[httpx.Request]) -> None:
    assert error.status_code == 202
    assert error.reference_id == REFERENCE
    assert "larger than 1048576 bytes" in str(error)
    creates = [request for request in requests if request.method == "POST"]
    assert len(creates) == 2  # the token, then one create: an unusable answer is not retried
    assert all(request.headers["Accept-Encoding"] == "identity" for request in requests)


# -- memory ---------------------------------------------------------------------------------------


def _peak(call: Callable[[], Any]) -> int:
    """Peak memory traced while ``call`` refuses a big body (after one warm-up call)."""
    with pytest.raises(UnexpectedResponseError):
        call()  # imports, the token, the connection: not what is measured
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        with pytest.raises(UnexpectedResponseError):
            call()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


async def _apeak(call: Callable[[], Awaitable[Any]]) -> int:
    with pytest.raises(UnexpectedResponseError):
        await call()
    tracemalloc.start()
    try:
        baseline = tracemalloc.get_traced_memory()[0]
        with pytest.raises(UnexpectedResponseError):
            await call()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def _measure(sync_client: MomoClient, async_client: AsyncMomoClient) -> tuple[int, int]:
    with sync_client:
        sync_peak = _peak(sync_client.collection.get_balance)

    async def measure_async() -> int:
        async with async_client:
            return await _apeak(async_client.collection.get_balance)

    return sync_peak, asyncio.run(measure_async())


BOMB = gzip.compress(b"\0" * TEN_MB)
BIG = b"x" * TEN_MB
MEMORY_CASES: dict[str, Callable[[httpx.Request], httpx.Response]] = {
    "10 MB, Content-Length": lambda request: httpx.Response(
        200, headers={"Content-Length": str(TEN_MB)}, stream=BodyStream(BIG)
    ),
    "10 MB, chunked": lambda request: httpx.Response(200, stream=BodyStream(BIG)),
    "gzip bomb, 10 MB inflated": lambda request: httpx.Response(
        200, headers={"Content-Encoding": "gzip"}, stream=BodyStream(BOMB)
    ),
}


@pytest.mark.parametrize("case", MEMORY_CASES, ids=list(MEMORY_CASES))
def test_peak_memory_for_10_mb_bodies_in_process(case: str) -> None:
    sync_client, async_client, _ = scripted_clients(MEMORY_CASES[case], max_attempts=1)
    sync_peak, async_peak = _measure(sync_client, async_client)
    print(f"\npeak memory, {case}: sync {sync_peak >> 10} KiB, async {async_peak >> 10} KiB")
    assert sync_peak < MEMORY_BOUND
    assert async_peak < MEMORY_BOUND


# -- a real socket ------------------------------------------------------------------------------


def _drip_body(connection: Any, stop: threading.Event) -> None:
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
    )
    while not stop.is_set():
        connection.sendall(b" ")
        time.sleep(0.05)


def _drip_head(connection: Any, stop: threading.Event) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\n")
    while not stop.is_set():
        connection.sendall(b"X")
        time.sleep(0.05)


def _ten_mb_chunked(connection: Any, stop: threading.Event) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    block = b"%x\r\n" % (64 * 1024) + b"x" * (64 * 1024) + b"\r\n"
    for _ in range(TEN_MB // (64 * 1024)):
        if stop.is_set():
            return
        connection.sendall(block)
    connection.sendall(b"0\r\n\r\n")


SOCKET_TIMEOUT = 0.25  # connect and read: an attempt may take 0.5 s in total


def _socket_clients(server: RawServer, max_attempts: int) -> tuple[MomoClient, AsyncMomoClient]:
    cfg = config(
        base_url=server.base_url,
        read_timeout=SOCKET_TIMEOUT,
        connect_timeout=SOCKET_TIMEOUT,
        max_attempts=max_attempts,
    )
    return MomoClient(cfg, clock=FakeClock()), AsyncMomoClient(cfg, clock=FakeClock())


@pytest.mark.parametrize("drip", [_drip_body, _drip_head], ids=["body", "head"])
@pytest.mark.parametrize("max_attempts", [1, 3])
def test_sync_drip_over_a_socket_ends_by_the_total_deadline(
    drip: Callable[[Any, threading.Event], None], max_attempts: int
) -> None:
    with RawServer(drip) as server:
        sync_client, _ = _socket_clients(server, max_attempts)
        with sync_client:
            started = time.monotonic()
            with pytest.raises(MomoTimeoutError):
                sync_client.collection.get_balance()
            elapsed = time.monotonic() - started
    # Without the deadline: a body of 400 bytes at 20 per second takes 20 s per attempt; a
    # head that never ends, forever.
    print(f"\nsync {drip.__name__}, {max_attempts} attempt(s): {elapsed:.2f} s")
    assert elapsed < max_attempts * (2 * SOCKET_TIMEOUT + 0.1) + 0.5


@pytest.mark.parametrize("drip", [_drip_body, _drip_head], ids=["body", "head"])
@pytest.mark.parametrize("max_attempts", [1, 3])
async def test_async_drip_over_a_socket_ends_by_the_total_deadline(
    drip: Callable[[Any, threading.Event], None], max_attempts: int
) -> None:
    with RawServer(drip) as server:
        _, async_client = _socket_clients(server, max_attempts)
        async with async_client:
            started = time.monotonic()
            with pytest.raises(MomoTimeoutError):
                await async_client.collection.get_balance()
            elapsed = time.monotonic() - started
    print(f"\nasync {drip.__name__}, {max_attempts} attempt(s): {elapsed:.2f} s")
    assert elapsed < max_attempts * (2 * SOCKET_TIMEOUT + 0.1) + 0.5


def test_peak_memory_for_a_10_mb_body_over_a_socket() -> None:
    with RawServer(_ten_mb_chunked) as server:
        sync_peak, async_peak = _measure(*_socket_clients(server, max_attempts=1))
    print(
        f"\npeak memory, 10 MB chunked over a socket: sync {sync_peak >> 10} KiB, "
        f"async {async_peak >> 10} KiB"
    )
    assert sync_peak < MEMORY_BOUND
    assert async_peak < MEMORY_BOUND
