"""Performing a flow's actions: the only code that differs between the sync and async clients.

A runner owns the generated clients (one per product, plus one for sandbox provisioning), the
client-wide status-check limiter and the caller's ``on_reference_id`` hook.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from contextvars import Token
from typing import Any, TypeVar

from ._api import ENDPOINTS, AuthenticatedClient
from ._auth import REQUEST_CONSENT_TOKEN, REQUEST_SUBSCRIPTION_KEY
from ._errors import MomoAPIError, MomoValidationError
from ._flows import Action, Call, Effect, Flow, FlowEnv, Persist, Reply, Sleep
from ._outcomes import reply_after, reply_from
from ._ratelimit import RateLimiter
from ._reference import _close_unawaited

T = TypeVar("T")

ReferenceIdHook = Callable[[str], object]


class _Runner:
    def __init__(
        self,
        *,
        env: FlowEnv,
        clients: Mapping[str, AuthenticatedClient],
        limiter: RateLimiter,
        on_reference_id: ReferenceIdHook | None,
    ) -> None:
        self.env = env
        self._clients = clients
        self._limiter = limiter
        self._on_reference_id = on_reference_id

    def _client(self, call: Call) -> AuthenticatedClient:
        try:
            return self._clients[call.product]
        except KeyError:
            raise MomoValidationError(
                call.product,
                "has no credentials in this client's MomoConfig.",
                f"Set MOMO_{call.product.upper()}_SUBSCRIPTION_KEY, _API_USER and _API_KEY.",
            ) from None

    def _arguments(self, call: Call) -> dict[str, Any]:
        return ENDPOINTS[call.endpoint].arguments(call.args, call.body)

    def _enter(self, call: Call) -> tuple[Token[str | None], Token[str | None]]:
        return REQUEST_CONSENT_TOKEN.set(call.consent_token), REQUEST_SUBSCRIPTION_KEY.set(
            call.subscription_key
        )

    def _exit(self, tokens: tuple[Token[str | None], Token[str | None]]) -> None:
        REQUEST_CONSENT_TOKEN.reset(tokens[0])
        REQUEST_SUBSCRIPTION_KEY.reset(tokens[1])

    def _outcome_after(self, exc: Exception, call: Call) -> Reply | MomoAPIError:
        try:
            return reply_after(
                exc,
                product=call.product,
                operation=call.operation,
                reference_id=call.reference_id,
                base_url=self.env.base_url,
            )
        except MomoAPIError as error:
            if error.reference_id is None:
                error.reference_id = call.reference_id
            return error


class SyncRunner(_Runner):
    def run(self, flow: Flow[T]) -> T:
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = self._perform(action)

    def _perform(self, action: Action) -> Any:
        if isinstance(action, Sleep):
            self.env.clock.sleep(action.seconds)
            return None
        if isinstance(action, Effect):
            return action.perform()
        if isinstance(action, Persist):
            if self._on_reference_id is not None:
                result = self._on_reference_id(action.reference_id)
                if inspect.isawaitable(result):
                    # Closed, so no "coroutine was never awaited" warning buries this error.
                    _close_unawaited(result)
                    raise MomoValidationError(
                        "on_reference_id",
                        "returned an awaitable, which MomoClient cannot wait for.",
                        "Use a plain function, or AsyncMomoClient for an async hook.",
                    )
            return None
        if action.throttled:
            self._limiter.acquire()
        endpoint = ENDPOINTS[action.endpoint]
        client, arguments = self._client(action), self._arguments(action)
        tokens = self._enter(action)
        try:
            return reply_from(endpoint.sync(client=client, **arguments))
        except Exception as exc:
            return self._outcome_after(exc, action)
        finally:
            self._exit(tokens)


class AsyncRunner(_Runner):
    async def run(self, flow: Flow[T]) -> T:
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            outcome = await self._perform(action)

    async def _perform(self, action: Action) -> Any:
        if isinstance(action, Sleep):
            await self.env.clock.asleep(action.seconds)
            return None
        if isinstance(action, Effect):
            return await action.aperform()
        if isinstance(action, Persist):
            if self._on_reference_id is not None:
                result = self._on_reference_id(action.reference_id)
                if inspect.isawaitable(result):
                    await result
            return None
        if action.throttled:
            await self._limiter.aacquire()
        endpoint = ENDPOINTS[action.endpoint]
        client, arguments = self._client(action), self._arguments(action)
        tokens = self._enter(action)
        try:
            return reply_from(await endpoint.asyncio(client=client, **arguments))
        except Exception as exc:
            return self._outcome_after(exc, action)
        finally:
            self._exit(tokens)
