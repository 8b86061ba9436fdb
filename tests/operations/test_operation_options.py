"""Per-call ``timeout=`` and ``momo.with_options(...)``, over a real socket to the local sandbox.

The sandbox answers the balance read only after a real delay; a timeout shorter than that delay
fails the call with MomoTimeoutError, the client's own (longer) timeouts let it through. The
derived client shares the token cache: one token serves both.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from momo_wrapper import (
    AsyncMomoClient,
    Balance,
    FakeClock,
    MomoClient,
    MomoConfig,
    MomoTimeoutError,
    ProductCredentials,
    TransientServerError,
)
from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, SandboxServer, serve_sandbox

DELAY = 1.0  # real seconds the sandbox waits before answering the balance read
SHORT = 0.2


async def _settled(outcome: Any) -> Any:
    return await outcome if inspect.isawaitable(outcome) else outcome


@pytest.fixture
def served() -> Iterator[tuple[Sandbox, SandboxServer]]:
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=5) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        yield sandbox, server


@pytest.fixture(params=["sync", "async"])
async def momo(
    request: pytest.FixtureRequest, served: tuple[Sandbox, SandboxServer]
) -> AsyncIterator[MomoClient | AsyncMomoClient]:
    sandbox, server = served
    user = sandbox.provision("collection")
    config = MomoConfig(
        base_url=server.base_url,
        collection=ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        ),
        max_attempts=3,
    )
    if request.param == "sync":
        with MomoClient(config, clock=FakeClock()) as client:
            yield client
    else:
        async with AsyncMomoClient(config, clock=FakeClock()) as aclient:
            yield aclient


async def test_a_per_call_timeout_bounds_the_attempt(
    momo: MomoClient | AsyncMomoClient, served: tuple[Sandbox, SandboxServer]
) -> None:
    sandbox, _ = served
    sandbox.faults.latency(DELAY, operation="GetAccountBalance")
    one_try = momo.with_options(max_attempts=1)
    with pytest.raises(MomoTimeoutError) as caught:
        await _settled(one_try.collection.get_balance(timeout=SHORT))
    assert caught.value.operation == "get_balance"
    # The same call without it waits the delay out under the configured 30 s read timeout.
    balance = await _settled(momo.collection.get_balance())
    assert isinstance(balance, Balance)


async def test_with_options_timeout_applies_to_every_call_and_shares_the_token(
    momo: MomoClient | AsyncMomoClient, served: tuple[Sandbox, SandboxServer]
) -> None:
    sandbox, _ = served
    assert isinstance(await _settled(momo.collection.get_balance()), Balance)
    impatient = momo.with_options(timeout=SHORT, max_attempts=1)
    assert impatient.token_cache is momo.token_cache
    assert impatient.ledger is momo.ledger
    sandbox.faults.latency(DELAY, operation="GetAccountBalance")
    with pytest.raises(MomoTimeoutError):
        await _settled(impatient.collection.get_balance())
    # A per-call timeout wins over the derived client's.
    balance = await _settled(impatient.collection.get_balance(timeout=30))
    assert isinstance(balance, Balance)
    assert sandbox.tokens_issued("collection") == 1


async def test_with_options_max_attempts_replaces_the_retry_limit(
    momo: MomoClient | AsyncMomoClient, served: tuple[Sandbox, SandboxServer]
) -> None:
    sandbox, _ = served
    sandbox.faults.fail(503, times=1, operation="GetAccountBalance")
    with pytest.raises(TransientServerError):
        await _settled(momo.with_options(max_attempts=1).collection.get_balance())
    sandbox.faults.fail(503, times=1, operation="GetAccountBalance")
    assert isinstance(await _settled(momo.collection.get_balance()), Balance)
    # The parent's settings are untouched by the derived client.
    assert momo.config.max_attempts == 3


async def test_closing_a_derived_client_leaves_the_shared_pool_open(
    momo: MomoClient | AsyncMomoClient,
) -> None:
    derived = momo.with_options(timeout=5)
    if isinstance(derived, AsyncMomoClient):
        await derived.aclose()
    else:
        derived.close()
    assert isinstance(await _settled(momo.collection.get_balance()), Balance)
    assert isinstance(await _settled(derived.collection.get_balance()), Balance)
