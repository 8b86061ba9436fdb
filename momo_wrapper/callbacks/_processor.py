"""Verify-then-deliver: the framework-neutral heart of the callback toolkit.

For each callback (or pending transaction) a processor

1. fetches the real status from MoMo through the fetcher (the body is never trusted);
2. stops there unless MoMo says the status is final: a 404 means an unknown reference (nothing
   happens), anything else not final is kept in ``unconfirmed`` for reconciliation;
3. claims ``(product, reference id, final status)`` in the dedup store, and only the first claim
   calls the handler, with the verified status. If the handler raises, the claim is released
   and the transaction kept for reconciliation, so the state is delivered again, not lost.

:class:`CallbackProcessor` (threads, ``StatusFetcher``) and :class:`AsyncCallbackProcessor`
(asyncio, ``AsyncStatusFetcher``) share every decision; only fetching, claiming and calling the
handler differ. ``handle``/``ahandle`` verify *before* answering (for a view in any framework);
the ASGI and WSGI apps answer at once and verify in the background.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable

from .._clock import SYSTEM_CLOCK, Clock
from .._errors import MomoValidationError, NotFoundError
from .._validation import validate_positive_int
from ._dedup import AsyncCallbackDedupStore, CallbackDedupStore, InMemoryDedupStore
from ._events import (
    DEFAULT_MAX_BODY_BYTES,
    CallbackEvent,
    CallbackRejected,
    CallbackRequest,
    SourceCheck,
    parse_callback,
)
from ._fetchers import AsyncStatusFetcher, StatusFetcher, StatusResult
from ._outcomes import (
    CallbackOutcome,
    CallbackResponse,
    Source,
    Verdict,
    VerifiedCallback,
    outcome_for,
)
from ._paths import CallbackPath, path_prefix_of
from ._pending import PendingTransaction, UnconfirmedCallbacks

logger = logging.getLogger("momo_wrapper.callbacks")

CallbackHandler = Callable[[VerifiedCallback], object]
"""Called once per verified final state. Its return value is ignored."""
AsyncCallbackHandler = Callable[[VerifiedCallback], Awaitable[object] | object]
"""A coroutine function, or a plain function (it then runs in the event loop: keep it quick)."""
OutcomeHook = Callable[[CallbackOutcome], object]
"""Called with every outcome (metrics, alerts on forgeries). Exceptions are logged and ignored."""


class _ProcessorCore:
    def __init__(
        self,
        *,
        path_prefix: str | None,
        max_body_bytes: int,
        source_allowed: SourceCheck | None,
        clock: Clock | None,
        on_outcome: OutcomeHook | None,
        unconfirmed: UnconfirmedCallbacks | None,
    ) -> None:
        self.path_prefix = path_prefix_of(path_prefix) if path_prefix is not None else None
        self.max_body_bytes = validate_positive_int(max_body_bytes, field="max_body_bytes")
        self.source_allowed = source_allowed
        self.clock = clock if clock is not None else SYSTEM_CLOCK
        self.on_outcome = on_outcome
        self.unconfirmed = unconfirmed if unconfirmed is not None else UnconfirmedCallbacks()

    def parse(self, request: CallbackRequest) -> CallbackEvent:
        """The event in ``request``, or :class:`CallbackRejected` with the status to answer."""
        return parse_callback(
            request,
            received_at=self.clock.time(),
            prefix=self.path_prefix,
            max_body_bytes=self.max_body_bytes,
            source_allowed=self.source_allowed,
        )

    def accept(
        self, request: CallbackRequest, submit: Callable[[CallbackEvent], bool]
    ) -> CallbackResponse:
        """Parse ``request`` and hand the event to ``submit`` (a background queue); the answer.

        A full queue answers 503 and keeps the transaction in ``unconfirmed``, so reconciliation
        still finds it.
        """
        try:
            event = self.parse(request)
        except CallbackRejected as rejected:
            return CallbackResponse.rejected(rejected)
        if submit(event):
            return CallbackResponse.received()
        self.unconfirmed.keep(_target_of(event), event.received_at)
        logger.warning(
            "callback queue full or closed; %s %s %s kept for reconciliation",
            event.product,
            event.operation,
            event.reference_id,
        )
        return CallbackResponse.busy()

    def _fetch_failed(
        self,
        target: CallbackPath,
        claimed: CallbackEvent | None,
        source: Source,
        error: Exception,
    ) -> CallbackOutcome:
        verdict = (
            Verdict.UNKNOWN_REFERENCE
            if isinstance(error, NotFoundError)
            else Verdict.VERIFICATION_FAILED
        )
        return outcome_for(verdict, target, source, claimed, error=error)

    def _classify(
        self,
        target: CallbackPath,
        claimed: CallbackEvent | None,
        source: Source,
        status: StatusResult,
    ) -> CallbackOutcome | VerifiedCallback:
        if not status.is_final:
            return outcome_for(Verdict.NOT_FINAL, target, source, claimed, status)
        return VerifiedCallback(
            product=target.product,
            operation=target.operation,
            reference_id=target.reference_id,
            status=status,
            source=source,
            claimed=claimed,
        )

    def _finish(self, outcome: CallbackOutcome, claimed: CallbackEvent | None) -> CallbackOutcome:
        target = CallbackPath(outcome.product, outcome.operation, outcome.reference_id)
        if not outcome.needs_recheck:
            self.unconfirmed.discard(outcome.product, outcome.reference_id)
        elif claimed is not None:
            # Only callbacks: a reconciled transaction is already on the caller's own list.
            self.unconfirmed.keep(target, claimed.received_at)
        _log(outcome)
        if self.on_outcome is not None:
            try:
                self.on_outcome(outcome)
            except Exception:
                logger.exception("on_outcome hook raised; ignored")
        return outcome


def _target_of(item: CallbackEvent | PendingTransaction | CallbackPath) -> CallbackPath:
    if isinstance(item, CallbackPath):
        return item
    return CallbackPath(item.product, item.operation, item.reference_id)


_DEDUP_HINT = "Pass an InMemoryDedupStore, or a store with first_time() and forget()."


def _require(value: object, method: str, kind: str, hint: str) -> None:
    if not callable(getattr(value, method, None)):
        raise MomoValidationError(kind, f"has no {method}() method.", hint)


class CallbackProcessor(_ProcessorCore):
    """Verifies callbacks through a blocking :class:`StatusFetcher` (e.g. ``MomoClient``).

    ``path_prefix`` (a path, or the whole ``callback_base_url``) makes only
    ``{prefix}/{product}/{operation}/{reference_id}`` acceptable; use it when the base URL holds
    a secret segment. ``source_allowed`` is an optional allow-list hook on the client address.
    Thread-safe when the fetcher, the handler and the dedup store are.
    """

    def __init__(
        self,
        fetcher: StatusFetcher,
        handler: CallbackHandler,
        *,
        dedup: CallbackDedupStore | None = None,
        path_prefix: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        source_allowed: SourceCheck | None = None,
        clock: Clock | None = None,
        on_outcome: OutcomeHook | None = None,
        unconfirmed: UnconfirmedCallbacks | None = None,
    ) -> None:
        _require(
            fetcher,
            "fetch_status",
            "fetcher",
            "Pass a MomoClient; an AsyncMomoClient goes with AsyncCallbackProcessor.",
        )
        if dedup is not None:
            _require(dedup, "first_time", "dedup", _DEDUP_HINT)
        super().__init__(
            path_prefix=path_prefix,
            max_body_bytes=max_body_bytes,
            source_allowed=source_allowed,
            clock=clock,
            on_outcome=on_outcome,
            unconfirmed=unconfirmed,
        )
        self.fetcher = fetcher
        self.handler = handler
        self.dedup: CallbackDedupStore = dedup if dedup is not None else InMemoryDedupStore()

    def handle(self, request: CallbackRequest) -> CallbackResponse:
        """Parse, verify and deliver, then answer: for a view that may block for a status read."""
        try:
            event = self.parse(request)
        except CallbackRejected as rejected:
            return CallbackResponse.rejected(rejected)
        return CallbackResponse.for_outcome(self.verify(event))

    def verify(self, event: CallbackEvent) -> CallbackOutcome:
        """Check one parsed callback against MoMo and deliver it if final and new."""
        return self._run(_target_of(event), event, Source.CALLBACK)

    def check(self, transaction: PendingTransaction | CallbackPath) -> CallbackOutcome:
        """Check one transaction no callback confirmed (reconciliation) and deliver it if final."""
        return self._run(_target_of(transaction), None, Source.RECONCILE)

    def _run(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> CallbackOutcome:
        try:
            status = self.fetcher.fetch_status(*target)
        except Exception as error:
            return self._finish(self._fetch_failed(target, claimed, source, error), claimed)
        step = self._classify(target, claimed, source, status)
        if isinstance(step, CallbackOutcome):
            return self._finish(step, claimed)
        key = step.dedup_key
        try:
            if not self.dedup.first_time(key):
                return self._finish(_outcome(Verdict.DUPLICATE, step), claimed)
            try:
                self.handler(step)
            except Exception:
                self.dedup.forget(key)
                raise
        except Exception as error:
            return self._finish(_outcome(Verdict.DELIVERY_FAILED, step, error), claimed)
        return self._finish(_outcome(Verdict.DELIVERED, step), claimed)


class AsyncCallbackProcessor(_ProcessorCore):
    """Verifies callbacks through an :class:`AsyncStatusFetcher` (e.g. ``AsyncMomoClient``).

    The handler may be a coroutine function or a plain function. A dedup store with
    ``afirst_time``/``aforget`` is awaited; otherwise its blocking methods are called.
    Same options as :class:`CallbackProcessor`.
    """

    def __init__(
        self,
        fetcher: AsyncStatusFetcher,
        handler: AsyncCallbackHandler,
        *,
        dedup: CallbackDedupStore | AsyncCallbackDedupStore | None = None,
        path_prefix: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        source_allowed: SourceCheck | None = None,
        clock: Clock | None = None,
        on_outcome: OutcomeHook | None = None,
        unconfirmed: UnconfirmedCallbacks | None = None,
    ) -> None:
        _require(
            fetcher,
            "afetch_status",
            "fetcher",
            "Pass an AsyncMomoClient; a MomoClient goes with CallbackProcessor.",
        )
        if dedup is not None and not isinstance(dedup, AsyncCallbackDedupStore):
            _require(dedup, "first_time", "dedup", _DEDUP_HINT)
        super().__init__(
            path_prefix=path_prefix,
            max_body_bytes=max_body_bytes,
            source_allowed=source_allowed,
            clock=clock,
            on_outcome=on_outcome,
            unconfirmed=unconfirmed,
        )
        self.fetcher = fetcher
        self.handler = handler
        self.dedup: CallbackDedupStore | AsyncCallbackDedupStore = (
            dedup if dedup is not None else InMemoryDedupStore()
        )

    async def ahandle(self, request: CallbackRequest) -> CallbackResponse:
        """Parse, verify and deliver, then answer."""
        try:
            event = self.parse(request)
        except CallbackRejected as rejected:
            return CallbackResponse.rejected(rejected)
        return CallbackResponse.for_outcome(await self.averify(event))

    async def averify(self, event: CallbackEvent) -> CallbackOutcome:
        return await self._run(_target_of(event), event, Source.CALLBACK)

    async def acheck(self, transaction: PendingTransaction | CallbackPath) -> CallbackOutcome:
        return await self._run(_target_of(transaction), None, Source.RECONCILE)

    async def _run(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> CallbackOutcome:
        try:
            status = await self.fetcher.afetch_status(*target)
        except Exception as error:
            return self._finish(self._fetch_failed(target, claimed, source, error), claimed)
        step = self._classify(target, claimed, source, status)
        if isinstance(step, CallbackOutcome):
            return self._finish(step, claimed)
        key = step.dedup_key
        try:
            if not await self._claim(key):
                return self._finish(_outcome(Verdict.DUPLICATE, step), claimed)
            try:
                result = self.handler(step)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                await self._release(key)
                raise
        except Exception as error:
            return self._finish(_outcome(Verdict.DELIVERY_FAILED, step, error), claimed)
        return self._finish(_outcome(Verdict.DELIVERED, step), claimed)

    async def _claim(self, key: str) -> bool:
        if isinstance(self.dedup, AsyncCallbackDedupStore):
            return await self.dedup.afirst_time(key)
        return self.dedup.first_time(key)

    async def _release(self, key: str) -> None:
        if isinstance(self.dedup, AsyncCallbackDedupStore):
            await self.dedup.aforget(key)
        else:
            self.dedup.forget(key)


def _outcome(
    verdict: Verdict, step: VerifiedCallback, error: Exception | None = None
) -> CallbackOutcome:
    target = CallbackPath(step.product, step.operation, step.reference_id)
    return outcome_for(verdict, target, step.source, step.claimed, step.status, error)


def _log(outcome: CallbackOutcome) -> None:
    where = f"{outcome.product} {outcome.operation} {outcome.reference_id} ({outcome.source})"
    if outcome.mismatched_fields:
        logger.warning(
            "callback body disagrees with MoMo on %s for %s: possible forgery",
            ", ".join(outcome.mismatched_fields),
            where,
        )
    verdict = outcome.verdict
    if verdict in (Verdict.DELIVERED, Verdict.DUPLICATE):
        logger.info("%s: %s %s", verdict, where, outcome.verified_status)
    elif verdict is Verdict.NOT_FINAL:
        level = logging.WARNING if _claimed_final(outcome) else logging.INFO
        logger.log(
            level,
            "not final: %s claimed %s, MoMo says %s; kept for reconciliation",
            where,
            outcome.claimed_status,
            outcome.verified_status,
        )
    elif verdict is Verdict.UNKNOWN_REFERENCE:
        logger.warning("MoMo does not know %s: forged or misrouted; ignored", where)
    elif verdict is Verdict.VERIFICATION_FAILED:
        logger.warning("could not verify %s: %s; kept for reconciliation", where, outcome.error)
    else:
        logger.error("handler failed for %s: %s; will be delivered again", where, outcome.error)


def _claimed_final(outcome: CallbackOutcome) -> bool:
    return outcome.claimed_status is not None and outcome.claimed_status.is_final
