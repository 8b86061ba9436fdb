"""The async client's transports (aiohttp-based and httpcore lanes) over real loopback sockets.

Both must behave like httpx's own transport: the same responses, the same exception types for
the same socket failures, no hidden retries, cookies and content codings left to httpx, and never
more connections than requests in flight. Each test runs once per transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import shutil
import socket
import ssl
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from momo_wrapper import AsyncMomoClient, MomoConfig, ProductCredentials
from momo_wrapper._http import default_async_transport, limits
from momo_wrapper._lanes import LaneTransport
from momo_wrapper.sandbox import Sandbox, SandboxCredentials, SandboxServer
from tests.sandboxes import recording_sandbox

try:
    from momo_wrapper._aio_transport import AiohttpTransport
except ImportError:  # the aiohttp extra is not installed: only the lanes are tested
    AiohttpTransport = None  # type: ignore[assignment,misc]

needs_aiohttp = pytest.mark.skipif(AiohttpTransport is None, reason="aiohttp is not installed")

MakeTransport = Callable[..., httpx.AsyncBaseTransport]
TRANSPORTS: dict[str, MakeTransport | None] = {"aiohttp": AiohttpTransport, "lanes": LaneTransport}
PAYER = "46733123459"


class CountingSet(set[Any]):
    """Stands in for ``SandboxServer.connections``: remembers the peak and every accept."""

    def __init__(self) -> None:
        super().__init__()
        self.peak = 0
        self.opened = 0

    def add(self, element: Any) -> None:
        super().add(element)
        self.opened += 1
        self.peak = max(self.peak, len(self))


class Served:
    def __init__(self, sandbox: Sandbox, server: SandboxServer, connections: CountingSet) -> None:
        self.sandbox = sandbox
        self.server = server
        self.connections = connections
        self.creds: SandboxCredentials = sandbox.provision("collection")

    def requests_to(self, path_part: str) -> int:
        return sum(1 for record in self.sandbox.requests if path_part in record.path)


@pytest.fixture
def counted_server() -> Iterator[Served]:
    """A fresh sandbox on a real port that counts the connections it accepts."""
    with recording_sandbox() as sandbox:
        server = SandboxServer(sandbox)
        connections = CountingSet()
        server.connections = connections
        with server.start():
            yield Served(sandbox, server, connections)


@pytest.fixture(
    params=[pytest.param("aiohttp", marks=needs_aiohttp), pytest.param("lanes")],
)
def make_transport(request: pytest.FixtureRequest) -> MakeTransport:
    make = TRANSPORTS[request.param]
    assert make is not None
    return make


def _client(
    counted_server: Served, transport: httpx.AsyncBaseTransport, **settings: Any
) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=counted_server.server.base_url, transport=transport, **settings
    )


async def _token(client: httpx.AsyncClient, creds: SandboxCredentials) -> str:
    response = await client.post(
        "/collection/token/",
        auth=(creds.user_id, creds.api_key),
        headers={"Ocp-Apim-Subscription-Key": creds.subscription_key},
    )
    assert response.status_code == 200
    token: str = response.json()["access_token"]
    return token


def _headers(token: str, creds: SandboxCredentials) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Ocp-Apim-Subscription-Key": creds.subscription_key,
        "X-Target-Environment": "sandbox",
    }


BALANCE = "/collection/v1_0/account/balance"


# -- what a response looks like ------------------------------------------------------------------


async def test_a_payment_round_trip_reads_like_httpx(
    make_transport: MakeTransport, counted_server: Served
) -> None:
    async with _client(counted_server, make_transport(limits=limits())) as client:
        token = await _token(client, counted_server.creds)
        headers = _headers(token, counted_server.creds)
        reference_id = "0b6fc7b4-52c1-4d3c-9a5e-0d4bbf3d1c11"
        created = await client.post(
            "/collection/v1_0/requesttopay",
            headers={**headers, "X-Reference-Id": reference_id},
            json={
                "amount": "5",
                "currency": "EUR",
                "externalId": "t1",
                "payer": {"partyIdType": "MSISDN", "partyId": PAYER},
                "payerMessage": "hi",
                "payeeNote": "hi",
            },
        )
        status = await client.get(f"/collection/v1_0/requesttopay/{reference_id}", headers=headers)

    assert (created.status_code, created.content, created.reason_phrase) == (202, b"", "Accepted")
    assert created.http_version == "HTTP/1.1"
    assert status.status_code == 200
    assert status.headers["content-type"].startswith("application/json")
    assert status.json()["status"] == "SUCCESSFUL"
    assert counted_server.sandbox.resource("collection", reference_id) is not None


async def test_sequential_requests_reuse_one_connection(
    make_transport: MakeTransport, counted_server: Served
) -> None:
    async with _client(counted_server, make_transport(limits=limits())) as client:
        for _ in range(5):
            assert (await client.get(BALANCE)).status_code == 401

    assert counted_server.connections.opened == 1


@pytest.mark.parametrize(("max_connections", "in_flight"), [(4, 20), (100, 10)])
async def test_never_more_connections_than_the_limit_or_the_requests_in_flight(
    make_transport: MakeTransport, counted_server: Served, max_connections: int, in_flight: int
) -> None:
    counted_server.sandbox.faults.latency(0.02, times=None)  # keeps the requests overlapping
    pool = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    async with _client(counted_server, make_transport(limits=pool)) as client:
        responses = await asyncio.gather(*(client.get(BALANCE) for _ in range(in_flight)))

    assert [r.status_code for r in responses] == [401] * in_flight
    assert counted_server.connections.peak == min(max_connections, in_flight)
    assert counted_server.connections.opened == min(max_connections, in_flight)


# -- failures are httpx's, and nothing is retried behind the caller's back -------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    ("fault", "expected"),
    [("reset", httpx.ReadError), ("drop", httpx.RemoteProtocolError)],
)
async def test_socket_faults_raise_the_httpx_error_and_are_not_retried(
    make_transport: MakeTransport,
    counted_server: Served,
    fault: str,
    expected: type[Exception],
    method: str,
) -> None:
    """A GET goes through the resend guard; a POST, which aiohttp never resends, without it:
    either way the error is httpx's and the request went out once."""
    async with _client(counted_server, make_transport(limits=limits())) as client:
        answered = (await client.request(method, BALANCE)).status_code  # a kept-alive connection
        getattr(counted_server.sandbox.faults, fault)(times=1)
        with pytest.raises(expected):
            await client.request(method, BALANCE)
        assert (await client.request(method, BALANCE)).status_code == answered

    # aiohttp alone would have resent the GET once on a fresh connection: 4 requests, not 3.
    assert counted_server.requests_to("/account/balance") == 3


async def test_no_answer_in_time_is_a_read_timeout(
    make_transport: MakeTransport, counted_server: Served
) -> None:
    counted_server.sandbox.faults.timeout(times=1)
    async with _client(
        counted_server, make_transport(limits=limits()), timeout=httpx.Timeout(0.2)
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(BALANCE)


async def test_a_closed_port_is_a_connect_error(make_transport: MakeTransport) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with httpx.AsyncClient(transport=make_transport(limits=limits())) as client:
        with pytest.raises(httpx.ConnectError):
            await client.get(f"http://127.0.0.1:{port}/")


async def test_waiting_too_long_for_a_free_connection_means_never_sent(
    make_transport: MakeTransport, counted_server: Served
) -> None:
    counted_server.sandbox.faults.timeout(times=1)  # the first request gets no answer
    one = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with _client(counted_server, make_transport(limits=one)) as client:
        hanging = asyncio.create_task(client.get(BALANCE))
        while counted_server.requests_to("/account/balance") == 0:
            await asyncio.sleep(0)  # until the only connection is taken
        with pytest.raises((httpx.PoolTimeout, httpx.ConnectTimeout)):
            await client.get(BALANCE, timeout=httpx.Timeout(5, pool=0.05))
        hanging.cancel()
        with pytest.raises(asyncio.CancelledError):
            await hanging
        assert (await client.get(BALANCE)).status_code == 401  # the pool recovered

    assert counted_server.requests_to("/account/balance") == 2


def test_a_transport_keeps_working_from_a_new_event_loop(
    make_transport: MakeTransport, counted_server: Served
) -> None:
    transport = make_transport(limits=limits())

    async def one_request() -> int:
        client = _client(counted_server, transport)
        return (await client.get(BALANCE)).status_code

    assert asyncio.run(one_request()) == 401
    assert asyncio.run(one_request()) == 401


# -- cookies and content codings stay httpx's business ---------------------------------------------


@contextlib.asynccontextmanager
async def _plain_server(tls: ssl.SSLContext | None = None) -> AsyncIterator[str]:
    """A tiny keep-alive HTTP/1.1 server: ``/cookie`` sets one, ``/echo-cookie`` returns the
    Cookie header it got, ``/gzip`` answers a gzip-encoded body, anything else an empty 200."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                cookies = [
                    line.split(":", 1)[1].strip()
                    for line in lines
                    if line.lower().startswith("cookie:")
                ]
                extra, body = b"", b""
                if path == "/cookie":
                    extra = b"Set-Cookie: session=abc; Path=/\r\n"
                elif path == "/echo-cookie":
                    body = "|".join(cookies).encode()
                elif path == "/gzip":
                    extra, body = b"Content-Encoding: gzip\r\n", gzip.compress(b"unzipped")
                writer.write(
                    b"HTTP/1.1 200 OK\r\n"
                    + extra
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=tls)
    scheme = "https" if tls else "http"
    async with server:
        yield f"{scheme}://127.0.0.1:{server.sockets[0].getsockname()[1]}"


@pytest.fixture
async def plain_server() -> AsyncIterator[str]:
    async with _plain_server() as base_url:
        yield base_url


async def test_cookies_are_kept_and_sent_once_by_httpx(
    make_transport: MakeTransport, plain_server: str
) -> None:
    async with httpx.AsyncClient(
        base_url=plain_server, transport=make_transport(limits=limits())
    ) as client:
        await client.get("/cookie")
        echoed = await client.get("/echo-cookie")

    assert echoed.text == "session=abc"


async def test_compressed_bodies_reach_httpx_compressed_and_are_decoded_once(
    make_transport: MakeTransport, plain_server: str
) -> None:
    async with httpx.AsyncClient(
        base_url=plain_server, transport=make_transport(limits=limits())
    ) as client:
        response = await client.get("/gzip")

    assert response.headers["content-encoding"] == "gzip"
    assert response.text == "unzipped"


# -- which transport AsyncMomoClient uses ----------------------------------------------------------


def _config(counted_server: Served) -> MomoConfig:
    creds = counted_server.creds
    return MomoConfig(
        base_url=counted_server.server.base_url,
        collection=ProductCredentials(
            subscription_key=creds.subscription_key, api_user=creds.user_id, api_key=creds.api_key
        ),
    )


@needs_aiohttp
def test_the_default_is_aiohttp_when_installed(counted_server: Served) -> None:
    assert AiohttpTransport is not None
    assert isinstance(default_async_transport(_config(counted_server)), AiohttpTransport)


def test_the_default_is_lanes_without_aiohttp(
    counted_server: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "momo_wrapper._aio_transport", None)  # import fails
    assert isinstance(default_async_transport(_config(counted_server)), LaneTransport)


@pytest.mark.parametrize("choice", ["default", "lanes"])
async def test_concurrent_payments_open_no_more_connections_than_in_flight(
    counted_server: Served, choice: str
) -> None:
    counted_server.sandbox.faults.latency(0.01, times=None)
    transport = None if choice == "default" else LaneTransport(limits=limits())
    async with AsyncMomoClient(_config(counted_server), transport=transport) as momo:

        async def pay() -> str:
            accepted = await momo.collection.request_to_pay(
                amount="5", payer=PAYER, external_id="t"
            )
            status = await momo.collection.get_request_to_pay_status(accepted.reference_id)
            return status.status.value

        statuses = await asyncio.gather(*(pay() for _ in range(30)))

    assert statuses == ["SUCCESSFUL"] * 30
    assert counted_server.connections.peak <= 30
    assert counted_server.sandbox.token_requests("collection") == 1


# -- TLS follows ``verify`` as httpx's own transport does -----------------------------------------


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no CA vouches for, and its key."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize(
    ("verify", "reachable"),
    [("default", False), ("trusting the certificate", True), ("off", True)],
)
async def test_tls_verification_follows_verify(
    make_transport: MakeTransport, self_signed: tuple[Path, Path], verify: str, reachable: bool
) -> None:
    cert, key = self_signed
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    settings: dict[str, ssl.SSLContext | bool] = {
        "default": True,
        "trusting the certificate": ssl.create_default_context(cafile=str(cert)),
        "off": False,
    }
    setting = settings[verify]
    async with (
        _plain_server(server_tls) as base_url,
        httpx.AsyncClient(transport=make_transport(verify=setting, limits=limits())) as client,
    ):
        if reachable:
            assert (await client.get(f"{base_url}/")).status_code == 200
        else:
            with pytest.raises(httpx.ConnectError):
                await client.get(f"{base_url}/")
