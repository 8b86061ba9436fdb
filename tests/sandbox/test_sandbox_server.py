"""The real HTTP/1.1 server, the ASGI app, the CLI and the core entry point."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from momo_wrapper.sandbox import (
    ReplyKind,
    Sandbox,
    SandboxConnectionAbort,
    SandboxServer,
    serve_sandbox,
)
from tests.sandbox.sandbox_helpers import basic

REPO = Path(__file__).resolve().parents[2]


def token_request(sandbox: Sandbox) -> dict[str, str]:
    creds = sandbox.provision("collection")
    return {
        "Authorization": basic(creds.user_id, creds.api_key),
        "Ocp-Apim-Subscription-Key": creds.subscription_key,
    }


def test_core_entry_point_returns_responses_and_directives() -> None:
    sandbox = Sandbox()
    headers = token_request(sandbox)
    reply = sandbox.handle("POST", "/collection/token/", "", headers | {"Content-Length": "0"})
    assert reply.kind is ReplyKind.RESPOND
    assert reply.response is not None
    assert reply.response.status == 200
    assert reply.response.header("content-type") == "application/json;charset=utf-8"
    sandbox.faults.drop()
    sandbox.faults.latency(2.5, times=1)
    dropped = sandbox.handle("GET", "/collection/v1_0/account/balance")
    assert (dropped.kind, dropped.response, dropped.latency) == (ReplyKind.DROP, None, 2.5)


def test_keep_alive_reuses_one_connection() -> None:
    sandbox = Sandbox()
    headers = token_request(sandbox)
    with serve_sandbox(sandbox) as server, httpx.Client(base_url=server.base_url) as client:
        for _ in range(5):
            assert client.post("/collection/token/", headers=headers).status_code == 200
        assert len(server.connections) == 1
    assert sandbox.token_requests() == 5


async def _keep_alive_client(port: int, request: bytes, count: int) -> list[bytes]:
    """A minimal HTTP/1.1 client: httpx's pool gets slow past ~100 connections."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    statuses = []
    for _ in range(count):
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        statuses.append(head.split(b" ", 2)[1])
        length = re.search(rb"Content-Length: (\d+)", head)
        assert length is not None
        await reader.readexactly(int(length.group(1)))
    writer.close()
    await writer.wait_closed()
    return statuses


async def test_hundreds_of_concurrent_keep_alive_connections() -> None:
    sandbox = Sandbox()
    headers = token_request(sandbox)
    request = (
        "POST /collection/token/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
        + "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        + "\r\n"
    ).encode()
    peak = 0

    async def watch(server: SandboxServer) -> None:
        nonlocal peak
        while True:
            peak = max(peak, len(server.connections))
            await asyncio.sleep(0.01)

    with serve_sandbox(sandbox) as server:
        sandbox.faults.latency(0.2, times=300)  # holds the first round of requests open
        watcher = asyncio.create_task(watch(server))
        results = await asyncio.gather(
            *(_keep_alive_client(server.port, request, 3) for _ in range(300))
        )
        watcher.cancel()
    assert peak == 300
    assert {status for statuses in results for status in statuses} == {b"200"}
    assert sandbox.tokens_issued() == 900


def test_pipelined_requests_are_answered_in_order() -> None:
    sandbox = Sandbox()
    with (
        serve_sandbox(sandbox) as server,
        socket.create_connection(("127.0.0.1", server.port)) as conn,
    ):
        conn.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" * 2 + b"GET /x HTTP/1.1\r\n\r\n")
        conn.settimeout(2)
        data = b""
        while data.count(b"HTTP/1.1 ") < 3:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", data)
    assert statuses == [b"404", b"404", b"400"]  # the third has no Host header


def test_garbage_gets_400_and_the_socket_closes() -> None:
    with (
        serve_sandbox(Sandbox()) as server,
        socket.create_connection(("127.0.0.1", server.port)) as conn,
    ):
        conn.sendall(b"NOT HTTP\r\n\r\n")
        conn.settimeout(2)
        data = conn.recv(4096)
        assert data.startswith(b"HTTP/1.1 400")
        assert conn.recv(4096) == b""


def test_serve_sandbox_without_a_sandbox_owns_a_real_time_one() -> None:
    with serve_sandbox() as server:
        assert server.sandbox.clock.follows_real_time
        response = httpx.get(server.base_url + "/_sandbox/state")
        assert response.status_code == 200
        assert repr(server).startswith("SandboxServer(http://127.0.0.1:")
    server.stop()  # idempotent


def test_port_in_use_is_reported() -> None:
    with serve_sandbox(Sandbox()) as server, pytest.raises(OSError):
        serve_sandbox(Sandbox(), port=server.port)


async def test_start_async_inside_a_running_loop() -> None:
    server = SandboxServer(Sandbox())
    await server.start_async()
    try:
        async with httpx.AsyncClient(base_url=server.base_url) as client:
            assert (await client.get("/_sandbox/state")).status_code == 200
    finally:
        await server.stop_async()


async def test_asgi_app_in_process() -> None:
    sandbox = Sandbox()
    headers = token_request(sandbox)
    transport = httpx.ASGITransport(app=sandbox.asgi_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://asgi") as client:
        response = await client.post("/collection/token/", headers=headers)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        sandbox.faults.reset()
        with pytest.raises(SandboxConnectionAbort):
            await client.post("/collection/token/", headers=headers)
    assert sandbox.asgi_app is sandbox.asgi_app


def test_asgi_app_under_uvicorn() -> None:
    uvicorn = pytest.importorskip("uvicorn")
    sandbox = Sandbox()
    headers = token_request(sandbox)
    config = uvicorn.Config(sandbox.asgi_app, host="127.0.0.1", port=0, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 5
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            ok = client.post("/collection/token/", headers=headers)
            assert ok.status_code == 200
            assert len(ok.headers.get_list("date")) == 1
            sandbox.faults.drop()
            with pytest.raises(httpx.RemoteProtocolError):
                client.post("/collection/token/", headers=headers)
            sandbox.faults.latency(0.05, times=1)
            assert client.post("/collection/token/", headers=headers).status_code == 200
    finally:
        server.should_exit = True
        thread.join(5)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_command_line_serves_in_the_foreground() -> None:
    """With ``--port 0`` the banner names the port the system chose, printed once listening."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "momo_wrapper.sandbox",
            "--port",
            "0",
            "--collection-key",
            "c0ffee",
            "--seed",
            "1",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline().strip()
        prefix = "MoMo sandbox on http://127.0.0.1:"
        assert banner.startswith(prefix), banner
        port = int(banner.removeprefix(prefix))
        assert port != 0
        assert "collection subscription key: c0ffee" in process.stdout.readline()
        response = httpx.post(
            f"http://127.0.0.1:{port}/_sandbox/provision", json={"product": "collection"}
        )
        assert response.json()["subscription_key"] == "c0ffee"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        if process.stdout is not None:
            process.stdout.close()


def test_a_failing_handler_answers_500_and_keeps_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox = Sandbox()
    original = sandbox.handle
    calls = iter([RuntimeError("boom")])

    def flaky(*args: object, **kwargs: object) -> object:
        failure = next(calls, None)
        if failure is not None:
            raise failure
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sandbox, "handle", flaky)
    with serve_sandbox(sandbox) as server, httpx.Client(base_url=server.base_url) as client:
        assert client.get("/_sandbox/state").status_code == 500
        assert client.get("/_sandbox/state").status_code == 200


def test_many_pipelined_requests_do_not_recurse() -> None:
    with (
        serve_sandbox(Sandbox()) as server,
        socket.create_connection(("127.0.0.1", server.port)) as conn,
    ):
        conn.sendall(b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" * 2000)
        conn.settimeout(5)
        data = b""
        while data.count(b"HTTP/1.1 404") < 2000:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    assert data.count(b"HTTP/1.1 404") == 2000
