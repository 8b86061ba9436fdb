"""The SDK's request logic as sans-I/O generators, shared by the sync and the async client.

A flow yields *actions* and receives their outcomes: :class:`Call` (one generated operation; the
outcome is a :class:`Reply`, or the :class:`MomoAPIError` or :class:`MomoConnectionError` of
the attempt), :class:`Sleep`,
:class:`Persist` (hand a reference id to the caller's hook) and :class:`Effect` (other I/O, such
as a ledger write; see ``_ledgered.py``). ``_runner.py`` performs them with
blocking or with awaiting I/O; that is the only difference between the two clients. Flows never
read a socket or sleep themselves, so tests drive them with a fake clock and no waiting.

* :func:`send` — one logical request with retries (backoff, ``Retry-After``, a time budget).
* :func:`create` — an idempotent create: the same reference id on every attempt, and a 409
  ``RESOURCE_ALREADY_EXIST`` confirmed by a status read (``replayed=True``) or rejected as an
  :class:`IdempotencyConflictError` when the stored transaction differs.
* :func:`wait` — poll a status until it is final or the deadline passes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Mapping
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, TypeVar

import attrs

from ._api import WireBody
from ._clock import Clock
from ._errors import (
    TOKEN_OPERATIONS,
    IdempotencyConflictError,
    MomoAPIError,
    MomoConnectionError,
    MomoError,
    NotFoundError,
    RequestError,
    TransientServerError,
    UnexpectedResponseError,
    WaitTimeoutError,
    error_from_response,
)
from ._idempotency import ConflictAction, CreateFingerprint, check_replay, on_conflict
from ._observe import GaveUp as GaveUpNotice
from ._observe import Notice, Polled, Replay
from ._polling import PollSchedule
from ._redact import Secrets
from ._response import RawResponse
from ._results import Accepted, TransactionResult
from ._retry import GiveUp, RequestKind, RetryPolicy, is_retryable

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
S = TypeVar("S")


_NO_ARGUMENTS: Mapping[str, Any] = MappingProxyType({})


class Call(NamedTuple):
    """Send one generated operation (``endpoint`` is its operationId) through ``product``'s client.

    ``args`` are the generated function's keyword arguments, except ``body``: the generated
    request-body model, built through its typed constructor.

    A named tuple, not an attrs class: every request builds one, and a frozen attrs instance
    costs a ``object.__setattr__`` call per field (18k instructions for these eleven; the
    tuple about 2k). Copies are ``call._replace(...)``.
    """

    endpoint: str
    product: str
    operation: str
    args: Mapping[str, Any] = _NO_ARGUMENTS
    body: WireBody | None = None
    reference_id: str | None = None
    kind: RequestKind = RequestKind.READ
    throttled: bool = False
    """Counts against the client-wide status-check limit (MTN caps status reads at 10/s)."""
    consent_token: str | None = None
    subscription_key: str | None = None
    """Overrides the client's subscription key for this call (sandbox provisioning)."""
    attempt: int = 1
    """Which attempt of :func:`send` this is (1-based), for logs, spans and hooks."""

    def __repr__(self) -> str:
        # The consent token and the subscription key are secrets: never in a repr.
        return (
            f"Call(endpoint={self.endpoint!r}, product={self.product!r}, "
            f"operation={self.operation!r}, args={self.args!r}, body={self.body!r}, "
            f"reference_id={self.reference_id!r}, kind={self.kind!r}, "
            f"throttled={self.throttled!r}, attempt={self.attempt!r})"
        )


@attrs.frozen
class Sleep:
    """Wait; ``call`` is set when this is the pause before sending it again (a retry)."""

    seconds: float
    reason: str | None = attrs.field(default=None, kw_only=True)
    call: Call | None = attrs.field(default=None, kw_only=True, eq=False)
    error: RequestError | None = attrs.field(default=None, kw_only=True, eq=False)


@attrs.frozen
class Persist:
    """Give the reference id to the caller's ``on_reference_id`` hook before anything is sent."""

    reference_id: str


class Reply(NamedTuple):
    """An HTTP answer: status, headers, raw body and the generated client's parsed model (a
    named tuple, as :class:`Call`: one per answer)."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes
    parsed: Any = None
    body: Any = None
    """The JSON value the generated client decoded ``content`` to (a 2xx JSON body), else None."""

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def response(self) -> RawResponse:
        return RawResponse.received(self.status_code, self.headers, self.content)

    def __repr__(self) -> str:
        # Not the body: it can carry phone numbers and names, which logs must not repeat.
        return f"Reply(status_code={self.status_code}, {len(self.content)} bytes)"


class Effect(NamedTuple):
    """I/O that is not an HTTP call (a ledger read or write): the sync runner calls
    ``run(*args, **kwargs)``, the async runner awaits ``arun(*args, **kwargs)``. The outcome is
    the result or the :class:`MomoError` raised, so the flow decides what a failure means (a
    ledger write that failed after MoMo accepted a payment must not turn the payment into an
    error). A named tuple, as :class:`Call`: a create yields two."""

    name: str
    run: Callable[..., object]
    arun: Callable[..., Awaitable[object]]
    args: tuple[Any, ...] = ()
    """Passed to ``run`` or ``arun``: kept here rather than bound into two partials, which
    every ledger write of every create would otherwise build."""
    kwargs: Mapping[str, Any] = _NO_ARGUMENTS

    def perform(self) -> object:
        try:
            return self.run(*self.args, **self.kwargs)
        except MomoError as error:
            return error

    async def aperform(self) -> object:
        try:
            return await self.arun(*self.args, **self.kwargs)
        except MomoError as error:
            return error

    def __repr__(self) -> str:
        # Not the arguments: a ledger write carries the whole request.
        return f"Effect(name={self.name!r})"


Action = Call | Sleep | Persist | Effect | Notice
Flow = Generator[Action, Any, T]


@attrs.frozen(kw_only=True)
class FlowEnv:
    """What every flow needs besides its request: retry rules, a clock, and error context."""

    policy: RetryPolicy
    clock: Clock
    base_url: str
    secrets: Secrets

    def error_for(self, call: Call, reply: Reply) -> MomoAPIError:
        return error_from_response(
            reply.status_code,
            reply.headers,
            reply.content,
            product=call.product,
            operation=call.operation,
            reference_id=call.reference_id,
            base_url=self.base_url,
            secrets=self.secrets,
            now=self.clock.time(),
        )


@attrs.define
class Attempts:
    """How many attempts :func:`send` made; a 409's meaning depends on it."""

    count: int = 0
    maybe_landed: RequestError | None = None
    """The last failed attempt of a create that MoMo may nevertheless have processed."""


def may_have_landed(error: RequestError) -> bool:
    """Whether the create attempt that failed with ``error`` may still have been processed.

    No answer after sending, a 5xx without a business code and an unreadable answer leave it
    open; a token failure means the create itself was never sent, and 4xx, 429 or a coded 5xx
    are MoMo refusing it.
    """
    if error.operation in TOKEN_OPERATIONS:
        return False
    if isinstance(error, MomoConnectionError):
        return error.maybe_sent
    return isinstance(error, TransientServerError | UnexpectedResponseError)


def send(call: Call, env: FlowEnv, attempts: Attempts | None = None) -> Flow[Reply]:
    """Send ``call`` until it succeeds (2xx) or the retry policy gives up, then raise."""
    attempts = attempts if attempts is not None else Attempts()
    started = env.clock.monotonic()
    while True:
        attempts.count += 1
        # The first attempt is the call as built: no copy on the path every request takes.
        attempt = call if attempts.count == 1 else call._replace(attempt=attempts.count)
        outcome: Reply | RequestError = yield attempt
        if isinstance(outcome, Reply):
            if outcome.ok:
                return outcome
            outcome = env.error_for(call, outcome)
        if call.kind is RequestKind.CREATE and may_have_landed(outcome):
            attempts.maybe_landed = outcome
        elapsed = env.clock.monotonic() - started
        decision = env.policy.decide(attempts.count, outcome, kind=call.kind, elapsed=elapsed)
        if isinstance(decision, GiveUp):
            yield Notice(
                GaveUpNotice(
                    call=attempt,
                    attempt=attempts.count,
                    reason=decision.reason,
                    error=outcome,
                    retryable=is_retryable(outcome, call.kind),
                )
            )
            raise outcome
        yield Sleep(decision.delay, reason=decision.reason, call=attempt, error=outcome)


@attrs.frozen(kw_only=True)
class Query(Generic[T_co]):
    """A read (or a non-idempotent action) and how to turn its reply into a result."""

    call: Call
    parse: Callable[[Reply], T_co]

    def flow(self, env: FlowEnv) -> Flow[T_co]:
        reply = yield from send(self.call, env)
        return self.parse(reply)


@attrs.frozen(kw_only=True)
class Create:
    """An idempotent create and the status read that confirms a replay."""

    call: Call
    status: Callable[[], Query[object]]
    """Builds the status read that confirms a replay: most creates never need it, so it is
    built only then."""
    fingerprint: CreateFingerprint | None
    """What the stored transaction must match on a replay; None: any existing resource does."""
    supplied_by_caller: bool
    landed_earlier: bool = False
    """An earlier call or process may already have landed this reference id (a ledger entry
    that was never settled): a refusal that ends this call is checked with a status read."""

    @property
    def reference_id(self) -> str:
        assert self.call.reference_id is not None
        return self.call.reference_id

    def flow(self, env: FlowEnv) -> Flow[Accepted]:
        return self.sent(
            env, supplied_by_caller=self.supplied_by_caller, landed_earlier=self.landed_earlier
        )

    def sent(
        self, env: FlowEnv, *, supplied_by_caller: bool, landed_earlier: bool
    ) -> Flow[Accepted]:
        """The create's flow with those two facts given rather than read off this plan, so a
        ledgered create can send its own call without copying itself into a plain one."""
        yield Persist(self.reference_id)
        attempts = Attempts()
        try:
            reply = yield from send(self.call, env, attempts)
        except RequestError as error:
            action = on_conflict(
                error, attempt=attempts.count, supplied_by_caller=supplied_by_caller
            )
            if action is ConflictAction.CONFIRM:
                try:
                    yield from self._confirm(env)
                except IdempotencyConflictError:
                    yield Notice(Replay(call=self.call, replayed=False))
                    raise
                except NotFoundError:
                    # MoMo says the id is taken but cannot show it yet: MoMo's word on the
                    # create is what the caller must act on.
                    error.add_note(
                        f"Reference id {self.reference_id} is taken at MoMo but its status is "
                        "not visible yet; read it again later (a ledger keeps it pending)."
                    )
                    raise error from None
                yield Notice(Replay(call=self.call, replayed=True))
                return self._accepted(replayed=True, response=error.response)
            landed = attempts.maybe_landed
            if (landed is None and not landed_earlier) or may_have_landed(error):
                raise
            # The last answer says "refused" (e.g. 429), but an earlier attempt may have been
            # processed: raising it would make the caller believe nothing was created.
            yield from self._confirm_after_refusal(env, refusal=error, maybe_landed=landed)
            return self._accepted(replayed=True, response=error.response)
        return self._accepted(replayed=False, response=reply.response)

    def _confirm(self, env: FlowEnv) -> Flow[None]:
        """Read the stored transaction and check it is this request (else a conflict)."""
        stored = yield from self.status().flow(env)
        if self.fingerprint is not None and isinstance(stored, TransactionResult):
            check_replay(
                self.fingerprint,
                stored,
                product=self.call.product,
                operation=self.call.operation,
                reference_id=self.reference_id,
            )

    def _confirm_after_refusal(
        self, env: FlowEnv, *, refusal: RequestError, maybe_landed: RequestError | None
    ) -> Flow[None]:
        """Return if MoMo holds the transaction; raise ``refusal`` if it does not, else the
        earlier "maybe sent" error, which is what the caller must act on (the refusal, noted,
        when that attempt was in an earlier call)."""
        try:
            yield from self._confirm(env)
        except IdempotencyConflictError:
            raise
        except NotFoundError:
            raise refusal from None
        except RequestError as unknown:
            if maybe_landed is not None:
                raise maybe_landed from unknown
            refusal.add_note(
                f"An earlier call may have created reference id {self.reference_id}, and its "
                "status could not be read; the ledger keeps it pending for reconcile."
            )
            raise refusal from unknown

    def _accepted(self, *, replayed: bool, response: RawResponse | None) -> Accepted:
        """``response``: MoMo's 202, or the 409 (or refusal) a replay was confirmed after."""
        return Accepted(
            reference_id=self.reference_id,
            replayed=replayed,
            product=self.call.product,
            operation=self.call.operation,
            response=response,
        )


@attrs.frozen(kw_only=True)
class Wait(Generic[S]):
    """Poll ``status`` until its result is final, on ``schedule``."""

    status: Query[S]
    schedule: PollSchedule
    is_final: Callable[[S], bool]

    def flow(self, env: FlowEnv) -> Flow[S]:
        started = env.clock.monotonic()
        checks = 0
        last: S | None = None
        while (
            delay := self.schedule.next_delay(checks, env.clock.monotonic() - started)
        ) is not None:
            if delay > 0:
                yield Sleep(delay)
            checks += 1
            try:
                last = yield from self.status.flow(env)
            except NotFoundError:
                # MoMo can briefly answer 404 for a reference id it has just accepted.
                if self.schedule.tolerates_not_found(env.clock.monotonic() - started):
                    yield Notice(
                        Polled(call=self.status.call, check=checks, result=None, final=False)
                    )
                    continue
                raise
            final = self.is_final(last)
            yield Notice(Polled(call=self.status.call, check=checks, result=last, final=final))
            if final:
                return last
        call = self.status.call
        raise WaitTimeoutError(
            f"still not final after {self.schedule.timeout:g} s",
            product=call.product,
            operation=call.operation,
            reference_id=call.reference_id,
            last_status=last,
        )
