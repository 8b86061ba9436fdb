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
from .._memory_ledger import MemoryLedger
from .._validation import validate_positive_int
from ._coalesce import Coalescer, Key, key_of
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
KnownReferences = Callable[[str, str], bool]
"""``known(product, reference_id)``: did this service create that transaction?"""
AsyncKnownReferences = Callable[[str, str], Awaitable[bool] | bool]
Submit = Callable[[Key], bool]
"""Queue a reference for a background read; False when the queue is full or closed."""
Recheck = Callable[[Key], None]
"""Queue a reference again later (after the receiver's re-check interval)."""


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
        fetcher: object,
        known_references: object,
    ) -> None:
        self.path_prefix = path_prefix_of(path_prefix) if path_prefix is not None else None
        self.max_body_bytes = validate_positive_int(max_body_bytes, field="max_body_bytes")
        self.source_allowed = source_allowed
        self.clock = clock if clock is not None else SYSTEM_CLOCK
        self.on_outcome = on_outcome
        self.unconfirmed = unconfirmed if unconfirmed is not None else UnconfirmedCallbacks()
        self.coalescer = Coalescer()
        """References queued or being read by a receiver, and final states already read."""
        if known_references is not None and not callable(known_references):
            raise MomoValidationError(
                "known_references",
                f"expected a callable (product, reference_id) -> bool, got "
                f"{type(known_references).__name__}.",
            )
        self._ledger = _ledger_of(fetcher) if known_references is None else None
        self._known = known_references
        if known_references is None and self._ledger is None:
            logger.warning(
                "no known_references and the fetcher has no ledger: every callback's reference "
                "is read at MoMo (coalesced, within the status-check budget)"
            )
        elif known_references is None and isinstance(self._ledger, MemoryLedger):
            logger.warning(
                "callbacks are checked against this process's memory ledger: a callback for a "
                "payment created by another process is ignored (reconcile in that process still "
                "settles it). Share MOMO_LEDGER (sqlite://, redis://, postgresql://) between the "
                "creators and this receiver, or pass known_references="
            )

    def parse(self, request: CallbackRequest) -> CallbackEvent:
        """The event in ``request``, or :class:`CallbackRejected` with the status to answer."""
        return parse_callback(
            request,
            received_at=self.clock.time(),
            prefix=self.path_prefix,
            max_body_bytes=self.max_body_bytes,
            source_allowed=self.source_allowed,
        )

    def _parsed(self, request: CallbackRequest) -> CallbackEvent | CallbackResponse:
        try:
            return self.parse(request)
        except CallbackRejected as rejected:
            return CallbackResponse.rejected(rejected)

    def _answered_at_once(self, event: CallbackEvent) -> bool:
        """Fold ``event`` into a queued read, or answer it from a final state read before."""
        if self.coalescer.join_active(event):
            return True
        final = self.coalescer.final(event)
        if final is None:
            return False
        self._finish(
            outcome_for(Verdict.DUPLICATE, _target_of(event), Source.CALLBACK, event, final), event
        )
        return True

    def requeue_failed(self, key: Key) -> None:
        """A re-check could not be queued (closing, full): reconciliation keeps it."""
        event = self.coalescer.forget(key)
        if event is not None:
            self.unconfirmed.keep(_target_of(event), event.received_at)

    def _not_ours(self, event: CallbackEvent) -> CallbackResponse:
        outcome = outcome_for(Verdict.UNKNOWN_REFERENCE, _target_of(event), Source.CALLBACK, event)
        self._finish(outcome, event)
        return CallbackResponse.received()

    def _queue(self, event: CallbackEvent, submit: Submit) -> CallbackResponse:
        if not self.coalescer.start(event):
            return CallbackResponse.received()
        if submit(key_of(event)):
            return CallbackResponse.received()
        self.coalescer.drop(event)
        self.unconfirmed.keep(_target_of(event), event.received_at)
        logger.warning(
            "callback receiver full or closed; %s %s %s kept for reconciliation",
            event.product,
            event.operation,
            event.reference_id,
        )
        return CallbackResponse.busy()

    def _ended(self, key: Key, final: StatusResult | None, recheck: Recheck) -> None:
        again, folded, newest = self.coalescer.end_read(key, final)
        if again:
            recheck(key)  # a newer callback came during a read that said "not final"
            return
        if folded and final is not None:
            # The callbacks that arrived for it meanwhile are answered by this read.
            duplicate = outcome_for(
                Verdict.DUPLICATE, _target_of(newest), Source.CALLBACK, newest, final
            )
            self._finish(duplicate, newest)

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


def _ledger_of(fetcher: object) -> object | None:
    ledger = getattr(fetcher, "ledger", None)
    return ledger if callable(getattr(ledger, "get", None)) else None


def _is_ours(entry: object, product: str) -> bool:
    return entry is not None and getattr(entry, "product", None) == product


def _lookup_failed(event: CallbackEvent) -> bool:
    logger.exception(
        "could not look up %s %s in the ledger; reading it at MoMo",
        event.product,
        event.reference_id,
    )
    return True


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
        known_references: KnownReferences | None = None,
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
            fetcher=fetcher,
            known_references=known_references,
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

    def accept(self, request: CallbackRequest, submit: Submit) -> CallbackResponse:
        """Parse ``request`` and queue its reference for a background read (``submit``); the
        answer, at once. A reference this service did not create is never read; one already
        queued or being read is not queued again; one already read as final is answered from it.
        """
        event = self._parsed(request)
        if isinstance(event, CallbackResponse):
            return event
        if self._answered_at_once(event):
            return CallbackResponse.received()
        if not self.is_known(event):
            return self._not_ours(event)
        return self._queue(event, submit)

    def is_known(self, event: CallbackEvent) -> bool:
        """Whether this service created the transaction (no source: assume it did)."""
        try:
            if self._known is not None:
                return bool(self._known(event.product, event.reference_id))
            if self._ledger is not None:
                return _is_ours(self._ledger.get(event.reference_id), event.product)  # type: ignore[attr-defined]
        except Exception:
            return _lookup_failed(event)
        return True

    def verify_queued(self, key: Key, recheck: Recheck) -> None:
        """Read a queued reference (a receiver's background work); see :meth:`accept`."""
        event = self.coalescer.begin_read(key)
        _, final = self._read_and_deliver(_target_of(event), event, Source.CALLBACK)
        self._ended(key, final, recheck)

    def verify(self, event: CallbackEvent) -> CallbackOutcome:
        """Check one parsed callback against MoMo and deliver it if final and new."""
        return self._run(_target_of(event), event, Source.CALLBACK)

    def check(self, transaction: PendingTransaction | CallbackPath) -> CallbackOutcome:
        """Check one transaction no callback confirmed (reconciliation) and deliver it if final."""
        return self._run(_target_of(transaction), None, Source.RECONCILE)

    def _run(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> CallbackOutcome:
        return self._read_and_deliver(target, claimed, source)[0]

    def _read_and_deliver(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> tuple[CallbackOutcome, StatusResult | None]:
        """The outcome, and the status when it is final and was delivered (now or before)."""
        read = getattr(self.fetcher, "fetch_status_throttled", None) or self.fetcher.fetch_status
        try:
            status = read(*target)
        except Exception as error:
            return self._finish(self._fetch_failed(target, claimed, source, error), claimed), None
        step = self._classify(target, claimed, source, status)
        if isinstance(step, CallbackOutcome):
            return self._finish(step, claimed), None
        key = step.dedup_key
        try:
            if not self.dedup.first_time(key):
                return self._finish(_outcome(Verdict.DUPLICATE, step), claimed), status
            try:
                self.handler(step)
            except Exception:
                self.dedup.forget(key)
                raise
        except Exception as error:
            return self._finish(_outcome(Verdict.DELIVERY_FAILED, step, error), claimed), None
        return self._finish(_outcome(Verdict.DELIVERED, step), claimed), status


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
        known_references: AsyncKnownReferences | None = None,
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
            fetcher=fetcher,
            known_references=known_references,
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

    async def aaccept(self, request: CallbackRequest, submit: Submit) -> CallbackResponse:
        """:meth:`CallbackProcessor.accept` for asyncio (the ledger is awaited)."""
        event = self._parsed(request)
        if isinstance(event, CallbackResponse):
            return event
        if self._answered_at_once(event):
            return CallbackResponse.received()
        if not await self.ais_known(event):
            return self._not_ours(event)
        return self._queue(event, submit)

    async def ais_known(self, event: CallbackEvent) -> bool:
        """Whether this service created the transaction (no source: assume it did)."""
        try:
            if self._known is not None:
                answer = self._known(event.product, event.reference_id)
                return bool(await answer if inspect.isawaitable(answer) else answer)
            if self._ledger is not None:
                entry = await self._ledger.aget(event.reference_id)  # type: ignore[attr-defined]
                return _is_ours(entry, event.product)
        except Exception:
            return _lookup_failed(event)
        return True

    async def averify_queued(self, key: Key, recheck: Recheck) -> None:
        """Read a queued reference (the ASGI receiver's background work)."""
        event = self.coalescer.begin_read(key)
        _, final = await self._read_and_deliver(_target_of(event), event, Source.CALLBACK)
        self._ended(key, final, recheck)

    async def averify(self, event: CallbackEvent) -> CallbackOutcome:
        return await self._run(_target_of(event), event, Source.CALLBACK)

    async def acheck(self, transaction: PendingTransaction | CallbackPath) -> CallbackOutcome:
        return await self._run(_target_of(transaction), None, Source.RECONCILE)

    async def _run(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> CallbackOutcome:
        return (await self._read_and_deliver(target, claimed, source))[0]

    async def _read_and_deliver(
        self, target: CallbackPath, claimed: CallbackEvent | None, source: Source
    ) -> tuple[CallbackOutcome, StatusResult | None]:
        fetcher = self.fetcher
        read = getattr(fetcher, "afetch_status_throttled", None) or fetcher.afetch_status
        try:
            status = await read(*target)
        except Exception as error:
            return self._finish(self._fetch_failed(target, claimed, source, error), claimed), None
        step = self._classify(target, claimed, source, status)
        if isinstance(step, CallbackOutcome):
            return self._finish(step, claimed), None
        key = step.dedup_key
        try:
            if not await self._claim(key):
                return self._finish(_outcome(Verdict.DUPLICATE, step), claimed), status
            try:
                result = self.handler(step)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                await self._release(key)
                raise
        except Exception as error:
            return self._finish(_outcome(Verdict.DELIVERY_FAILED, step, error), claimed), None
        return self._finish(_outcome(Verdict.DELIVERED, step), claimed), status

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
        # A duplicate changes nothing (already delivered): INFO, or a forged flood floods logs.
        logger.log(
            logging.INFO if outcome.verdict is Verdict.DUPLICATE else logging.WARNING,
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
    elif verdict is Verdict.UNKNOWN_REFERENCE and outcome.error is None:
        # Not created by this service: never read at MoMo. INFO, or a flood floods the logs.
        logger.info("%s was not created by this service: forged or misrouted; ignored", where)
    elif verdict is Verdict.UNKNOWN_REFERENCE:
        logger.warning("MoMo does not know %s: forged or misrouted; ignored", where)
    elif verdict is Verdict.VERIFICATION_FAILED:
        logger.warning("could not verify %s: %s; kept for reconciliation", where, outcome.error)
    else:
        logger.error("handler failed for %s: %s; will be delivered again", where, outcome.error)


def _claimed_final(outcome: CallbackOutcome) -> bool:
    return outcome.claimed_status is not None and outcome.claimed_status.is_final
