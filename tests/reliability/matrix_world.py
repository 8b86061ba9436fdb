"""A sandbox, a configuration for it and clients under test, on a clock nobody waits for.

In-process, the clients send through the sandbox's transports with a :class:`Tap` in front that
counts every request and injects the one fault the sandbox cannot: a timeout before the server
processed the request. Over a real port they use the SDK's own default transport, and attempts
are counted from the sandbox's request log.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from typing import Any

import attrs
import httpx

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.sandbox import (
    PRODUCTS,
    AsyncSandboxTransport,
    RecordingCallbackSender,
    Sandbox,
    SandboxTransport,
    VirtualClock,
)

SANDBOX_URL = "https://sandbox.momodeveloper.mtn.com"
MAX_ATTEMPTS = 3
READ_TIMEOUT = 5.0


class SandboxLinkedClock:
    """The SDK's clock, driven by the sandbox's virtual clock.

    A backoff or poll sleep advances sandbox time (so pending transactions settle and tokens
    expire) and injected latency advances the SDK's retry budget: nothing really sleeps.
    """

    def __init__(self, virtual: VirtualClock) -> None:
        self._virtual = virtual

    def monotonic(self) -> float:
        return self._virtual.now()

    def time(self) -> float:
        return self._virtual.now()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._virtual.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


# The timeouts a request can meet before the server processes it: connecting, sending, or
# waiting in a queue in front of a server that has not looked at it yet.
_EARLY_TIMEOUTS: tuple[type[httpx.TimeoutException], ...] = (
    httpx.ConnectTimeout,
    httpx.WriteTimeout,
    httpx.ReadTimeout,
)


@attrs.define
class _EarlyTimeout:
    path: re.Pattern[str]
    remaining: int
    fired: int = 0


class Tap:
    """Counts the requests that leave the client; fails some with an early timeout."""

    def __init__(self) -> None:
        self.sent: Counter[tuple[str, str]] = Counter()
        self._early: list[_EarlyTimeout] = []

    def timeout_before_processing(self, path: str, *, times: int) -> None:
        if times > 0:
            self._early.append(_EarlyTimeout(re.compile(path), times))

    def clear(self) -> None:
        self._early.clear()

    def count(self, method: str, path_pattern: str) -> int:
        pattern = re.compile(path_pattern)
        return sum(n for (m, p), n in self.sent.items() if m == method and pattern.search(p))

    def before_sending(self, request: httpx.Request) -> None:
        path = request.url.path
        self.sent[(request.method, path)] += 1
        for rule in self._early:
            if rule.remaining > 0 and rule.path.search(path):
                rule.remaining -= 1
                rule.fired += 1
                kind = _EARLY_TIMEOUTS[rule.fired % len(_EARLY_TIMEOUTS)]
                raise kind("timed out before the server saw the request", request=request)


class TappedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, tap: Tap) -> None:
        self._inner = inner
        self._tap = tap

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._tap.before_sending(request)
        return self._inner.handle_request(request)


class AsyncTappedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, tap: Tap) -> None:
        self._inner = inner
        self._tap = tap

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._tap.before_sending(request)
        return await self._inner.handle_async_request(request)


@attrs.define
class World:
    sandbox: Sandbox
    config: MomoConfig
    tap: Tap
    clock: SandboxLinkedClock
    over_network: bool = False
    persisted: list[str] = attrs.Factory(list)
    """Every reference id the clients handed to ``on_reference_id``, in order."""

    def sync_client(self) -> MomoClient:
        transport = None if self.over_network else SandboxTransport(self.sandbox)
        return MomoClient(
            self.config,
            transport=None if transport is None else TappedTransport(transport, self.tap),
            clock=self.clock,
            on_reference_id=self.persisted.append,
        )

    def async_client(self) -> AsyncMomoClient:
        transport = None if self.over_network else AsyncSandboxTransport(self.sandbox)
        return AsyncMomoClient(
            self.config,
            transport=None if transport is None else AsyncTappedTransport(transport, self.tap),
            clock=self.clock,
            on_reference_id=self.persisted.append,
        )

    def posts(self, path_pattern: str) -> int:
        """POSTs to a path matching ``path_pattern`` that left the clients so far."""
        if not self.over_network:
            return self.tap.count("POST", path_pattern)
        pattern = re.compile(path_pattern)
        return sum(
            1
            for request in self.sandbox.requests
            if request.method == "POST" and pattern.search(request.path)
        )


def make_world(
    base_url: str = SANDBOX_URL,
    *,
    read_timeout: float = READ_TIMEOUT,
    sandbox: Sandbox | None = None,
) -> World:
    """A fresh sandbox (unless given) with one API user per product, and a config for it.

    A ``base_url`` other than the sandbox host means a real port: the clients then use the
    SDK's own transport.
    """
    sandbox = sandbox or Sandbox(callback_sender=RecordingCallbackSender(), seed=11)
    credentials: dict[str, Any] = {
        product: ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        )
        for product in PRODUCTS
        for user in (sandbox.provision(product, callback_host="127.0.0.1"),)
    }
    config = MomoConfig(
        base_url=base_url,
        max_attempts=MAX_ATTEMPTS,
        read_timeout=read_timeout,
        connect_timeout=read_timeout,
        **credentials,
    )
    clock = SandboxLinkedClock(sandbox.clock)
    return World(sandbox, config, Tap(), clock, over_network=base_url != SANDBOX_URL)
