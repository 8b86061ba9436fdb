"""Creates, waits and reconciliation through the idempotency ledger.

Every client has a ledger: ``MOMO_LEDGER`` / ``ledger=`` (SQLite for one host, Redis for many),
else a process-local memory ledger. Every transaction create runs as :class:`LedgeredCreate`:

1. ``reserve`` the business key (the ``idempotency_key`` argument, else product + operation +
   external id) *before* anything is sent, with the reference id and the wire request
   (write-ahead). A store failure raises :class:`StoreUnavailableError` and nothing is sent.
2. The entry decides: ACCEPTED or FINAL -> ``Accepted(replayed=True)`` without a POST;
   FAILED_TO_SUBMIT or REFUSED -> ``reopen`` (which replays instead if a concurrent caller's
   attempt landed meanwhile), then as PENDING_SUBMIT; PENDING_SUBMIT -> POST with the entry's
   reference id, treated as caller-supplied, so a first-attempt 409 (an earlier call, process or
   a concurrent worker got there first) is confirmed by a status read instead of raised.
3. Afterwards ``mark_accepted``. ``mark_failed`` (FAILED_TO_SUBMIT) only if nothing may have
   reached MoMo: no attempt of *this* call may have landed, and the entry was not already
   PENDING_SUBMIT when the call started (an earlier call or process may have landed it). An
   entry that may have landed stays PENDING_SUBMIT, and a refusal that ends such a call is first
   checked with a status read. A ledger write that fails *after* MoMo answered is logged, not
   raised: the entry stays unsettled and the next create or reconcile repairs it.

One business key maps to one reference id forever, and MoMo refuses a second transaction under
a reference id, so whatever crashes, retries or runs concurrently, a key is paid at most once.

:class:`Reconcile` walks the unsettled entries older than ``older_than`` seconds and reads each
status once: found -> recorded (ACCEPTED or FINAL, whatever the entry said); not found -> a
PENDING_SUBMIT entry never landed, so its stored request is sent again under the same reference
id; a FAILED_TO_SUBMIT entry outside MoMo's not-yet-visible window is settled as REFUSED; an
ACCEPTED one is reported as needing a person. :class:`RecordedWait` records the final status a
``wait_for_*`` call saw.

The ledger I/O is yielded as :class:`Effect` actions, so the sync and the async client run
this same code (``ledger.reserve`` vs ``await ledger.areserve``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

import attrs

from ._api import ENDPOINTS
from ._errors import (
    ConflictError,
    IdempotencyConflictError,
    LedgerEntryNotFoundError,
    MomoError,
    MomoValidationError,
    NotFoundError,
    RequestError,
)
from ._flows import Call, Create, Effect, Flow, FlowEnv, Query, Reply, Wait, may_have_landed
from ._idempotency import CreateFingerprint
from ._ledger import (
    REPLAYABLE_STATES,
    Ledger,
    LedgerEntry,
    LedgerState,
    WirePayload,
    business_key,
    validate_business_key,
)
from ._results import Accepted, TransactionResult
from ._retry import RequestKind
from ._validation import validate_positive_int, validate_positive_number

if TYPE_CHECKING:
    from ._outbox import DispatchReport

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")
P = ParamSpec("P")

logger = logging.getLogger("momo_wrapper.ledger")

DEFAULT_RECONCILE_AFTER = 300.0
"""Seconds since an entry's last change before reconcile checks it (MTN: about 5 minutes)."""
PAYLOAD_VERSION = 1
NOT_YET_VISIBLE_SECONDS = 10.0
"""MoMo can answer 404 for a reference id it accepted this long ago: a 404 for an entry changed
more recently proves nothing, so reconcile leaves it for a later run."""


# --------------------------------------------------------------------------------------------
# Ledger calls as flow actions


def ledger_effect(
    run: Callable[P, R], arun: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs
) -> Effect:
    """``run(...)`` for the sync runner, ``await arun(...)`` for the async one. ``run`` and
    ``arun`` are a ledger method and its ``a`` twin, bound (``ledger.reserve, ledger.areserve``),
    so the arguments are checked against both signatures."""
    return Effect(f"ledger.{run.__name__}", run, arun, args, kwargs)


def _required(
    run: Callable[P, R], arun: Callable[P, Awaitable[R]], *args: P.args, **kwargs: P.kwargs
) -> Flow[R]:
    """A ledger call whose failure ends the operation (nothing has been sent yet)."""
    outcome = yield ledger_effect(run, arun, *args, **kwargs)
    if isinstance(outcome, MomoError):
        raise outcome
    result: R = outcome
    return result


def _best_effort(
    run: Callable[Concatenate[str, P], LedgerEntry],
    arun: Callable[Concatenate[str, P], Awaitable[LedgerEntry]],
    reference_id: str,
    *args: P.args,
    **kwargs: P.kwargs,
) -> Flow[LedgerEntry | None]:
    """A ledger update after MoMo answered: its failure must not hide MoMo's answer.

    The entry then stays as it was (open), so reconcile or the next create of the same key
    finds it again; logged with the store's redacted message, never a secret.
    """
    outcome = yield ledger_effect(run, arun, reference_id, *args, **kwargs)
    if isinstance(outcome, LedgerEntry):
        return outcome
    if not isinstance(outcome, LedgerEntryNotFoundError):
        logger.warning(
            "ledger %s for reference id %s was not recorded (reconcile or the next create "
            "of its key settles the entry): %s",
            run.__name__,
            reference_id,
            outcome,
        )
    return None


# --------------------------------------------------------------------------------------------
# Keys and the stored request


def create_business_key(
    product: str,
    operation: str,
    *,
    external_id: str | None,
    idempotency_key: object | None,
    reference_id: str,
) -> str:
    """The caller's ``idempotency_key`` as given, else ``<product>:<operation>:<external_id>``.
    A create without an external id (a pre-approval) is keyed by its reference id
    (``<product>:<operation>:reference:<id>``): pass ``reference_id`` (or an
    ``idempotency_key``) to make its retries find it."""
    if idempotency_key is not None:
        return validate_business_key(idempotency_key, "idempotency_key")
    if external_id is not None:
        return business_key(product, operation, external_id)
    return business_key(product, operation, f"reference:{reference_id}")


_NOT_STORED = frozenset({"x_reference_id", "x_callback_url"})
"""The reference id lives in the entry; a callback URL may carry a secret path, so it is built
again from the configuration when the request is sent again."""

CallbackFor = Callable[[str, str, str], str | None]
"""``(product, operation, reference_id)`` -> the callback URL the configuration gives, or None."""


def wire_request(call: Call) -> WirePayload:
    """What is stored to send ``call`` again: endpoint, arguments (the target environment) and
    body. Keys and tokens are never in a Call's arguments (the auth layer adds them), and callback
    URLs are left out, so nothing secret is stored."""
    return WirePayload(
        {
            "v": PAYLOAD_VERSION,
            "endpoint": call.endpoint,
            "args": {name: value for name, value in call.args.items() if name not in _NOT_STORED},
            "body": call.body.to_dict() if call.body is not None else {},
        }
    )


def stored_create(
    entry: LedgerEntry, status: Query[Any], callback_url: str | None = None
) -> Create:
    """The create an entry recorded, to send again under its reference id (with the callback URL
    the configuration gives now, if any)."""
    payload = entry.payload
    if payload is None or payload.get("v") != PAYLOAD_VERSION:
        raise MomoValidationError(
            "payload",
            f"ledger entry {entry.reference_id} has no stored request to send again.",
            "Create it again with the same business key, or check it by hand.",
        )
    args = {**payload["args"], "x_reference_id": entry.reference_id}
    args.pop("x_callback_url", None)  # entries written before callback URLs were left out
    if callback_url:
        args["x_callback_url"] = callback_url
    endpoint = ENDPOINTS.get(str(payload["endpoint"]))
    if endpoint is None:
        raise MomoValidationError(
            "payload",
            f"ledger entry {entry.reference_id} names an operation this SDK version does not "
            f"have ({payload['endpoint']!r}).",
            "Send it again with the SDK version that created it, or check it by hand.",
        )
    call = Call(
        endpoint=endpoint.name,
        product=entry.product,
        operation=entry.operation,
        args=args,
        # Stored as the model's to_dict(): read back through the same model.
        body=endpoint.body_from_dict(payload["body"]),
        reference_id=entry.reference_id,
        kind=RequestKind.CREATE,
    )
    # The reference id is the ledger's: whatever MoMo holds under it is this request.
    return Create(
        call=call,
        status=lambda: status,
        fingerprint=None,
        supplied_by_caller=True,
        landed_earlier=True,
    )


# --------------------------------------------------------------------------------------------
# Did any attempt reach MoMo?


def _watched(flow: Flow[T], sent: list[tuple[Call, object]]) -> Flow[T]:
    """Run ``flow``, noting every create attempt and its outcome in ``sent``."""
    outcome: Any = None
    while True:
        try:
            action = flow.send(outcome)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        outcome = yield action
        if isinstance(action, Call) and action.kind is RequestKind.CREATE:
            sent.append((action, outcome))


def may_exist(env: FlowEnv, sent: list[tuple[Call, object]]) -> bool:
    """Whether MoMo may hold a transaction after these attempts: any 2xx, any 409 (something is
    stored under the id) or any failure that may have landed. Only "no" allows FAILED_TO_SUBMIT."""
    for call, outcome in sent:
        error = outcome
        if isinstance(outcome, Reply):
            if outcome.ok:
                return True
            error = env.error_for(call, outcome)
        if not isinstance(error, RequestError):
            return True
        if isinstance(error, ConflictError) or may_have_landed(error):
            return True
    return False


# --------------------------------------------------------------------------------------------
# Creates and waits


@attrs.frozen(kw_only=True)
class LedgeredCreate(Create):
    """A :class:`Create` that reserves its business key in the ledger first (see the module
    docstring). ``call`` and ``status`` are the request as it is sent if the key is new;
    ``rebind`` builds the same request under an existing entry's reference id."""

    ledger: Ledger = attrs.field(repr=False, eq=False)
    business_key: str
    rebind: Callable[[str], Create] = attrs.field(repr=False, eq=False)

    def flow(self, env: FlowEnv) -> Flow[Accepted]:
        entry: LedgerEntry = yield from _required(
            self.ledger.reserve,
            self.ledger.areserve,
            self.business_key,
            self.fingerprint or CreateFingerprint(),
            self.call.product,
            self.call.operation,
            reference_id=self.reference_id,
            payload=wire_request(self.call),
        )
        reference_id = entry.reference_id
        if self.supplied_by_caller and reference_id != self.reference_id:
            raise self._reference_conflict(entry)
        # Reserved before this call and never settled: an earlier call or process may have
        # landed it, whatever this call's attempts hear.
        landed_earlier = entry.state is LedgerState.PENDING_SUBMIT and not entry.just_created
        if entry.state in (LedgerState.FAILED_TO_SUBMIT, LedgerState.REFUSED):
            entry = yield from _required(self.ledger.reopen, self.ledger.areopen, reference_id)
        if entry.state in REPLAYABLE_STATES:
            return _replay(entry)
        sent: list[tuple[Call, object]] = []
        try:
            accepted = yield from _watched(self._sent_as(reference_id, env, landed_earlier), sent)
        except RequestError as error:
            if landed_earlier or may_exist(env, sent):
                raise  # the entry stays PENDING_SUBMIT: reconcile settles it
            recorded = yield from _best_effort(
                self.ledger.mark_failed, self.ledger.amark_failed, reference_id, error
            )
            if recorded is not None and recorded.state in REPLAYABLE_STATES:
                return _replay(recorded)  # a concurrent caller's attempt landed
            raise
        yield from _best_effort(self.ledger.mark_accepted, self.ledger.amark_accepted, reference_id)
        return accepted

    def _sent_as(self, reference_id: str, env: FlowEnv, landed_earlier: bool) -> Flow[Accepted]:
        """The plain create sent under the entry's ``reference_id``, always as caller-supplied
        (the ledger chose it, so a 409 is confirmed, not raised)."""
        if reference_id != self.reference_id:
            return attrs.evolve(self.rebind(reference_id), landed_earlier=landed_earlier).flow(env)
        # The usual case, a new key reserved under this call's own id: ``call`` and ``status``
        # already are that request, so it is neither built again nor copied.
        return self.sent(env, supplied_by_caller=True, landed_earlier=landed_earlier)

    def _reference_conflict(self, entry: LedgerEntry) -> IdempotencyConflictError:
        return IdempotencyConflictError(
            f"business key {entry.business_key!r} is already recorded under reference id "
            f"{entry.reference_id}, not {self.reference_id}",
            differing_fields=("reference_id",),
            product=entry.product,
            operation=entry.operation,
            reference_id=entry.reference_id,
            hint="Omit reference_id (the ledger's is used), pass the recorded one, or use a "
            "new idempotency key / external id for a new payment.",
        )


def _replay(entry: LedgerEntry) -> Accepted:
    return Accepted(
        reference_id=entry.reference_id,
        replayed=True,
        product=entry.product,
        operation=entry.operation,
    )


def ledgered_create(
    plan: Create,
    *,
    ledger: Ledger,
    external_id: str | None,
    idempotency_key: object | None,
    rebind: Callable[[str], Create],
) -> LedgeredCreate:
    key = create_business_key(
        plan.call.product,
        plan.call.operation,
        external_id=external_id,
        idempotency_key=idempotency_key,
        reference_id=plan.reference_id,
    )
    return LedgeredCreate(
        call=plan.call,
        status=plan.status,
        fingerprint=plan.fingerprint,
        supplied_by_caller=plan.supplied_by_caller,
        ledger=ledger,
        business_key=key,
        rebind=rebind,
    )


def _record_final(ledger: Ledger, reference_id: str, result: TransactionResult) -> Flow[Any]:
    return _best_effort(
        ledger.mark_final, ledger.amark_final, reference_id, str(result.status), result.reason
    )


@attrs.frozen(kw_only=True)
class RecordedWait(Wait[S]):
    """A :class:`Wait` that records the final status in the ledger if the reference id is in it
    (a reference id the ledger does not know is left alone)."""

    ledger: Ledger = attrs.field(repr=False, eq=False)

    def flow(self, env: FlowEnv) -> Flow[S]:
        result = yield from Wait.flow(self, env)
        reference_id = self.status.call.reference_id
        if isinstance(result, TransactionResult) and result.is_final and reference_id:
            yield from _record_final(self.ledger, reference_id, result)
        return result


def recorded_wait(wait: Wait[S], ledger: Ledger | None) -> Wait[S]:
    if ledger is None:
        return wait
    return RecordedWait(
        status=wait.status, schedule=wait.schedule, is_final=wait.is_final, ledger=ledger
    )


# --------------------------------------------------------------------------------------------
# Reconcile


@attrs.frozen(kw_only=True)
class LedgerReconcileOutcome:
    """What reconcile did with one unsettled entry."""

    entry: LedgerEntry
    """The entry as recorded after this run (as found, if recording failed)."""
    resent: bool = False
    """MoMo did not know the reference id (the POST never landed): the stored request was sent."""
    status: TransactionResult | None = None
    """The status MoMo reported, if it was read."""
    error: MomoError | None = None
    """Why the entry could not be settled this run (it stays unsettled and is checked again)."""
    needs_attention: str | None = None
    """Why no later run can settle it by itself: a person must look (the entry stays listed)."""

    @property
    def state(self) -> LedgerState:
        return self.entry.state

    @property
    def settled(self) -> bool:
        """The entry is FINAL or REFUSED: nothing is left to find out."""
        return not self.entry.is_open


@attrs.frozen(kw_only=True)
class LedgerReconcileReport:
    """One reconcile run: an outcome per unsettled entry checked, oldest first."""

    outcomes: tuple[LedgerReconcileOutcome, ...]
    dispatched: DispatchReport | None = None
    """With a PostgreSQL ledger: the outbox intents this run sent first (see ``_outbox``)."""

    @property
    def counts(self) -> dict[str, int]:
        """Entries per state after the run, e.g. ``{"FINAL": 3, "ACCEPTED": 1}``."""
        return dict(Counter(outcome.state.value for outcome in self.outcomes))

    @property
    def resent(self) -> tuple[LedgerReconcileOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.resent)

    @property
    def settled(self) -> tuple[LedgerReconcileOutcome, ...]:
        """Entries this run settled (FINAL or REFUSED)."""
        return tuple(outcome for outcome in self.outcomes if outcome.settled)

    @property
    def unresolved(self) -> tuple[LedgerReconcileOutcome, ...]:
        """Entries still unsettled after this run, for whatever reason (checked again)."""
        return tuple(outcome for outcome in self.outcomes if not outcome.settled)

    @property
    def needs_attention(self) -> tuple[LedgerReconcileOutcome, ...]:
        """Entries a person must look at (see :attr:`LedgerReconcileOutcome.needs_attention`)."""
        return tuple(outcome for outcome in self.outcomes if outcome.needs_attention)


def _older_than(value: object) -> float:
    return validate_positive_number(value, field="older_than", allow_zero=True)


def _limit(value: object) -> int | None:
    return None if value is None else validate_positive_int(value, field="limit")


StatusFor = Callable[[str, str, str], Query[Any]]
"""``(product, operation, reference_id)`` -> the status read of that create."""


def _no_callback(_product: str, _operation: str, _reference_id: str) -> str | None:
    return None


@attrs.frozen(kw_only=True)
class Reconcile:
    """Settle the ledger's unsettled entries older than ``older_than`` seconds (at most
    ``limit``), one status read each (see the module docstring)."""

    ledger: Ledger
    status_for: StatusFor
    older_than: float = attrs.field(converter=_older_than)
    limit: int | None = attrs.field(converter=_limit)
    callback_for: CallbackFor = _no_callback

    def flow(self, env: FlowEnv) -> Flow[LedgerReconcileReport]:
        entries: list[LedgerEntry] = yield from _required(
            self.ledger.pending, self.ledger.apending, self.older_than, limit=self.limit
        )
        outcomes = []
        for entry in entries:
            outcomes.append((yield from self._settle(entry, env)))
        return LedgerReconcileReport(outcomes=tuple(outcomes))

    def _settle(self, entry: LedgerEntry, env: FlowEnv) -> Flow[LedgerReconcileOutcome]:
        try:
            status = self.status_for(entry.product, entry.operation, entry.reference_id)
        except MomoValidationError as error:
            return LedgerReconcileOutcome(
                entry=entry, error=error, needs_attention=f"its status cannot be read: {error}"
            )
        try:
            result = yield from status.flow(env)
        except NotFoundError as missing:
            return (yield from self._not_found(entry, status, missing, env))
        except RequestError as error:
            return LedgerReconcileOutcome(entry=entry, error=error)
        return (yield from self._record(entry, result, resent=False))

    def _not_found(
        self, entry: LedgerEntry, status: Query[Any], missing: NotFoundError, env: FlowEnv
    ) -> Flow[LedgerReconcileOutcome]:
        if entry.state is LedgerState.PENDING_SUBMIT:
            return (yield from self._send_again(entry, status, env))
        if entry.state is LedgerState.FAILED_TO_SUBMIT:
            outcome = yield ledger_effect(
                self.ledger.mark_refused,
                self.ledger.amark_refused,
                entry.reference_id,
                visible_after=NOT_YET_VISIBLE_SECONDS,
            )
            if isinstance(outcome, LedgerEntry):
                # Still FAILED_TO_SUBMIT if it changed inside MoMo's not-yet-visible window.
                return LedgerReconcileOutcome(
                    entry=outcome, error=None if outcome.state is LedgerState.REFUSED else missing
                )
            return LedgerReconcileOutcome(entry=entry, error=_as_error(outcome, missing))
        # MoMo answered 202 for it once: a 404 now is MoMo's problem, not a lost POST.
        return LedgerReconcileOutcome(
            entry=entry,
            error=missing,
            needs_attention="MoMo accepted this create but now answers 404 for its reference id",
        )

    def _send_again(
        self, entry: LedgerEntry, status: Query[Any], env: FlowEnv
    ) -> Flow[LedgerReconcileOutcome]:
        try:
            create = stored_create(
                entry,
                status,
                self.callback_for(entry.product, entry.operation, entry.reference_id),
            )
        except MomoValidationError as error:
            return LedgerReconcileOutcome(
                entry=entry, error=error, needs_attention="no stored request to send again"
            )
        sent: list[tuple[Call, object]] = []
        try:
            yield from _watched(create.flow(env), sent)
        except IdempotencyConflictError as error:
            return LedgerReconcileOutcome(
                entry=entry,
                resent=True,
                error=error,
                needs_attention="MoMo holds a different transaction under this reference id",
            )
        except RequestError as error:
            if not may_exist(env, sent):
                failed = yield from _best_effort(
                    self.ledger.mark_failed, self.ledger.amark_failed, entry.reference_id, error
                )
                entry = failed or entry
            return LedgerReconcileOutcome(entry=entry, resent=True, error=error)
        try:
            result = yield from status.flow(env)
        except RequestError:
            result = None  # accepted; its final status is read on a later run
        return (yield from self._record(entry, result, resent=True))

    def _record(
        self, entry: LedgerEntry, result: TransactionResult | None, *, resent: bool
    ) -> Flow[LedgerReconcileOutcome]:
        if result is not None and result.is_final:
            effect = ledger_effect(
                self.ledger.mark_final,
                self.ledger.amark_final,
                entry.reference_id,
                str(result.status),
                result.reason,
            )
        else:
            effect = ledger_effect(
                self.ledger.mark_accepted, self.ledger.amark_accepted, entry.reference_id
            )
        recorded = yield effect
        if isinstance(recorded, LedgerEntry):
            return LedgerReconcileOutcome(entry=recorded, resent=resent, status=result)
        error = recorded if isinstance(recorded, MomoError) else None
        return LedgerReconcileOutcome(entry=entry, resent=resent, status=result, error=error)


def _as_error(outcome: object, fallback: MomoError) -> MomoError:
    return outcome if isinstance(outcome, MomoError) else fallback
