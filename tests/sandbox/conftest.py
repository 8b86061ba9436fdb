"""Drive the sandbox with plain httpx four ways: sync/async x in-process/real port.

Every test that takes `api` runs once per mode. Sync modes call the blocking httpx.Client
inside the async test; that is fine because the served sandbox lives in its own thread.
`sandbox`, `creds` and `callback_sender` (which the callback tests override with a real HTTP
sender) come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from momo_wrapper.sandbox import (
    AsyncSandboxTransport,
    Sandbox,
    SandboxCredentials,
    SandboxTransport,
    serve_sandbox,
)
from tests.sandbox.sandbox_helpers import SANDBOX_HOST, Api, CallbackReceiver

MODES = ("sync-inprocess", "async-inprocess", "sync-server", "async-server")


@pytest.fixture(params=MODES)
async def api(
    request: pytest.FixtureRequest, sandbox: Sandbox, creds: dict[str, SandboxCredentials]
) -> AsyncIterator[Api]:
    mode: str = request.param
    if mode.endswith("server"):
        with serve_sandbox(sandbox) as server:
            async with _clients(mode, sandbox, creds, server.base_url, None) as api:
                yield api
    else:
        async with _clients(mode, sandbox, creds, SANDBOX_HOST, sandbox) as api:
            yield api


class _clients:
    def __init__(
        self,
        mode: str,
        sandbox: Sandbox,
        creds: dict[str, SandboxCredentials],
        base_url: str,
        in_process: Sandbox | None,
    ) -> None:
        self.api = Api(mode, sandbox, creds)
        self.base_url = base_url
        self.in_process = in_process

    async def __aenter__(self) -> Api:
        timeout = httpx.Timeout(5.0)
        if self.api.is_async:
            transport = None if self.in_process is None else AsyncSandboxTransport(self.in_process)
            # verify=False: plain http on loopback; skips loading the CA bundle (~20 ms).
            self.api.async_client = httpx.AsyncClient(
                base_url=self.base_url, transport=transport, timeout=timeout, verify=False
            )
        else:
            sync_transport = None if self.in_process is None else SandboxTransport(self.in_process)
            self.api.sync_client = httpx.Client(
                base_url=self.base_url, transport=sync_transport, timeout=timeout, verify=False
            )
        return self.api

    async def __aexit__(self, *exc_info: object) -> None:
        if self.api.async_client is not None:
            await self.api.async_client.aclose()
        if self.api.sync_client is not None:
            self.api.sync_client.close()


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    receiver = CallbackReceiver()
    yield receiver
    receiver.close()
