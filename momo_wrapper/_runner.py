"""Performing a flow's actions: the only code that differs between the sync and async clients.

A runner owns the generated clients (one per product, plus one for sandbox provisioning), the
client-wide status-check limiter and the caller's ``on_reference_id`` hook.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Mapping
from contextvars import Token
from typing import Any, Protocol, Self, TypeVar

from ._api import ENDPOINTS, AuthenticatedClient
from ._auth import NO_OPTIONS, REQUEST_OPTIONS, RequestOptions
from ._errors import MomoValidationError, RequestError
from ._flows import Action, Call, Effect, Flow, FlowEnv, Persist, Reply, Sleep
from ._observe import Notice, Observer, OperationScope
from ._outcomes import reply_after, reply_from
from ._ratelimit import RateLimiter
from ._reference import ReferenceIdHook, _close_unawaited

T = TypeVar("T")

T_co = TypeVar("T_co", covariant=True)


class Plan(Protocol[T_co]):
    def flow(self, env: FlowEnv) -> Flow[T_co]: ...


class _Runner:
    def __init__(
        self,
        *,
        env: FlowEnv,
        clients: Mapping[str, AuthenticatedClient],
        limiter: RateLimiter,
        on_reference_id: ReferenceIdHook | None,
        observer: Observer,
        timeout: float | None = None,
    ) -> None:
        self.env = env
        self._clients = clients
        self._limiter = limiter
        self._on_reference_id = on_reference_id
        self.observer = observer
        self.timeout = timeout
        """Bounds each HTTP attempt instead of the config's connect/read timeouts (None: those)."""

    def _operation(self, product: str, name: str, plan: object) -> OperationScope | None:
        if not self.observer.scopes_operations:
            return None  # the usual client, without telemetry: no reference id to look up
        call = getattr(plan, "call", None) or getattr(getattr(plan, "status", None), "call", None)
        return self.observer.operation(product, name, getattr(call, "reference_id", None))

    def _observed(self, action: Sleep | Notice | Effect, outcome: object = None) -> None:
        """What the observer learns from an action that is not an HTTP call."""
        if isinstance(action, Notice):
            self.observer.notice(action.event)
        elif isinstance(action, Effect):
            self.observer.effect(action.name, outcome)
        elif action.call is not None and action.reason is not None:
            self.observer.retry(
                action.call, action.call.attempt, action.seconds, action.reason, action.error
            )

    def with_options(self, *, env: FlowEnv | None = None, timeout: float | None = None) -> Self:
        """This runner with other retry rules or attempt timeout, sharing the generated clients
        (their connection pools), the status-check limiter and the ``on_reference_id`` hook."""
        derived = copy.copy(self)
        derived.env = env if env is not None else self.env
        derived.timeout = timeout if timeout is not None else self.timeout
        return derived

    def with_timeout(self, timeout: float) -> Self:
        return self.with_options(timeout=timeout)

    def _client(self, call: Call) -> AuthenticatedClient:
        try:
            return self._clients[call.product]
        except KeyError:
            raise MomoValidationError(
                call.product,
                "has no credentials in this client's MomoConfig.",
                f"Set MOMO_{call.product.upper()}_SUBSCRIPTION_KEY, _API_USER and _API_KEY.",
            ) from None

    def _enter(self, call: Call) -> Token[RequestOptions]:
        if call.consent_token is None and call.subscription_key is None and self.timeout is None:
            return REQUEST_OPTIONS.set(NO_OPTIONS)  # the usual call: no tuple to build
        return REQUEST_OPTIONS.set(
            RequestOptions(call.consent_token, call.subscription_key, self.timeout)
        )

    def _exit(self, token: Token[RequestOptions]) -> None:
        REQUEST_OPTIONS.reset(token)

    def _outcome_after(self, exc: Exception, call: Call) -> Reply | RequestError:
        try:
            return reply_after(
                exc,
                product=call.product,
                operation=call.operation,
                reference_id=call.reference_id,
                base_url=self.env.base_url,
            )
        except RequestError as error:
            if error.reference_id is None:
                error.reference_id = call.reference_id
            return error


class SyncRunner(_Runner):
    def execute(self, product: str, name: str, plan: Plan[T]) -> T:
        """Run an SDK operation's plan, observed as one operation."""
        scope = self._operation(product, name, plan)
        if scope is None:
            return self.run(plan.flow(self.env))
        try:
            result = self.run(plan.flow(self.env), scope)
        except BaseException as error:
            scope.finish(error=error)
            raise
        scope.finish(result)
        return result

    def run(self, flow: Flow[T], scope: OperationScope | None = None) -> T:
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if scope is not None and isinstance(action, Call):
                scope.attempts += 1
            outcome = self._perform(action)

    def _perform(self, action: Action) -> Any:
        if isinstance(action, Sleep):
            self._observed(action)
            self.env.clock.sleep(action.seconds)
            return None
        if isinstance(action, Notice):
            self._observed(action)
            return None
        if isinstance(action, Effect):
            outcome = action.perform()
            self._observed(action, outcome)
            return outcome
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
        endpoint = ENDPOINTS[action.endpoint]  # once per attempt: it also builds the arguments
        client, arguments = self._client(action), endpoint.arguments(action.args, action.body)
        watch = self.observer.attempt(action, endpoint, arguments)
        token = self._enter(action)
        outcome = None
        try:
            outcome = reply_from(endpoint.sync(client=client, **arguments))
        except Exception as exc:
            outcome = self._outcome_after(exc, action)
        finally:
            self._exit(token)
            if watch is not None:
                watch.close(outcome)
        return outcome


class AsyncRunner(_Runner):
    async def execute(self, product: str, name: str, plan: Plan[T]) -> T:
        """Run an SDK operation's plan, observed as one operation."""
        scope = self._operation(product, name, plan)
        if scope is None:
            return await self.run(plan.flow(self.env))
        try:
            result = await self.run(plan.flow(self.env), scope)
        except BaseException as error:
            scope.finish(error=error)
            raise
        scope.finish(result)
        return result

    async def run(self, flow: Flow[T], scope: OperationScope | None = None) -> T:
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if scope is not None and isinstance(action, Call):
                scope.attempts += 1
            outcome = await self._perform(action)

    async def _perform(self, action: Action) -> Any:
        if isinstance(action, Sleep):
            self._observed(action)
            await self.env.clock.asleep(action.seconds)
            return None
        if isinstance(action, Notice):
            self._observed(action)
            return None
        if isinstance(action, Effect):
            outcome = await action.aperform()
            self._observed(action, outcome)
            return outcome
        if isinstance(action, Persist):
            if self._on_reference_id is not None:
                result = self._on_reference_id(action.reference_id)
                if inspect.isawaitable(result):
                    await result
            return None
        if action.throttled:
            await self._limiter.aacquire()
        endpoint = ENDPOINTS[action.endpoint]  # once per attempt: it also builds the arguments
        client, arguments = self._client(action), endpoint.arguments(action.args, action.body)
        watch = self.observer.attempt(action, endpoint, arguments)
        token = self._enter(action)
        outcome = None
        try:
            outcome = reply_from(await endpoint.asyncio(client=client, **arguments))
        except Exception as exc:
            outcome = self._outcome_after(exc, action)
        finally:
            self._exit(token)
            if watch is not None:
                watch.close(outcome)
        return outcome
