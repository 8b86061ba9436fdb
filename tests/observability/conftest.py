"""Fixtures of the observability tests: a fresh in-process sandbox and clients of either kind.

Every test taking ``kind`` runs twice, with ``MomoClient`` and with ``AsyncMomoClient``; both
talk to the sandbox through its in-process transport and a fake clock, so retries and polling
play out without real waiting.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from momo_wrapper import AsyncMomoClient, FakeClock, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import PRODUCTS, AsyncSandboxTransport, Sandbox, SandboxTransport

SANDBOX_URL = "https://sandbox.momodeveloper.mtn.com"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=5) as sandbox:
        yield sandbox


@pytest.fixture
def config(sandbox: Sandbox) -> MomoConfig:
    credentials = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
    return MomoConfig(
        base_url=SANDBOX_URL,
        provisioning_subscription_key=sandbox.subscription_keys["collection"],
        **{
            p: ProductCredentials(
                subscription_key=c.subscription_key, api_user=c.user_id, api_key=c.api_key
            )
            for p, c in credentials.items()
        },
    )


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make_client(
    kind: str, sandbox: Sandbox, config: MomoConfig
) -> AsyncIterator[Callable[..., Any]]:
    """``make_client(config, **options)``: a client of this test's kind on the sandbox (with
    ``config``, default the fixture's), closed after the test."""
    made: list[MomoClient | AsyncMomoClient] = []

    def make(settings: MomoConfig = config, **options: Any) -> MomoClient | AsyncMomoClient:
        options.setdefault("clock", FakeClock())
        client: MomoClient | AsyncMomoClient
        if kind == "sync":
            client = MomoClient(settings, transport=SandboxTransport(sandbox), **options)
        else:
            client = AsyncMomoClient(settings, transport=AsyncSandboxTransport(sandbox), **options)
        made.append(client)
        return client

    yield make
    for client in made:
        if isinstance(client, AsyncMomoClient):
            await client.aclose()
        else:
            client.close()
