"""The transactional outbox: record a payment in your own database transaction, send it after
commit, exactly once.

Recording (``momo.outbox(connection).collection.request_to_pay(...)``) builds the request with
the same validation as the create itself (bad input raises before anything is written), mints
the reference id, and inserts the ledger entry, PENDING_SUBMIT with its wire request and marked
*queued*, on **your** connection: a psycopg ``Connection`` / ``AsyncConnection``, or an
SQLAlchemy ``Connection`` / ``Session`` (``AsyncConnection`` / ``AsyncSession`` on the async
client). It commits or rolls back with your transaction: an order and its payment intent are
saved together or not at all. The insert is the ledger's own ``reserve`` statement, so the same
business key recorded twice is one intent, and a different request under it raises
:class:`IdempotencyConflictError`.

Dispatching (:class:`Dispatch`: ``momo.dispatch()``, ``await momo.dispatch()``, also run by
``reconcile()`` and by the ``momo outbox run`` worker) claims committed intents with
``SELECT ... FOR UPDATE SKIP LOCKED`` and a lease, and sends each through the normal create flow
under its recorded reference id:

* 202, or 409 confirmed by a status read (an earlier dispatcher whose lease ran out got there
  first) -> ACCEPTED, no longer queued;
* a definite refusal (no attempt may have landed) -> FAILED_TO_SUBMIT, no longer queued;
* anything that may have landed or failed before sending -> the claim is given back, and the
  intent is sent again, under the same reference id, after ``retry_after`` seconds.

MoMo refuses a second transaction under one reference id, and only a lease holder sends, so an
intent is paid at most once however many dispatchers run on however many hosts and whenever one
dies; a dispatcher that dies mid-batch delays its claimed intents by one lease.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Coroutine
from typing import Any, Generic, ParamSpec, TypeVar, overload

import attrs

from ._errors import MomoError, MomoValidationError, RequestError
from ._flows import Call, Flow, FlowEnv
from ._idempotency import CreateFingerprint
from ._ledger import (
    Ledger,
    LedgerEntry,
    LedgerState,
    OutboxLedger,
    error_text,
    new_entry,
    new_owner,
    settle_reservation,
)
from ._ledgered import (
    LedgeredCreate,
    StatusFor,
    _best_effort,
    _required,
    _watched,
    ledger_effect,
    may_exist,
    stored_create,
    wire_request,
)
from ._products._base import Operation
from ._products.collection import Collection
from ._products.disbursement import Disbursement
from ._products.remittance import Remittance
from ._results import Accepted
from ._validation import validate_positive_int, validate_positive_number

P = ParamSpec("P")
ModeT = TypeVar("ModeT", "Recorder", "AsyncRecorder")

logger = logging.getLogger("momo_wrapper.outbox")

DEFAULT_BATCH = 50
"""Intents claimed per round trip."""
DEFAULT_LEASE = 60.0
"""Seconds a claim lasts: longer than sending a batch, retries included."""
DEFAULT_RETRY_AFTER = 30.0
"""Seconds before an intent whose send failed (or may have landed) is sent again."""


@attrs.frozen(kw_only=True)
class OutboxIntent:
    """A payment recorded in the outbox. It is sent after your transaction commits."""

    reference_id: str
    """MoMo's X-Reference-Id for this payment: store it with your order."""
    business_key: str
    product: str
    operation: str
    recorded: bool
    """True if this call recorded it; False if the business key already had this request (then
    ``state`` says how far it got)."""
    state: LedgerState


def outbox_ledger(ledger: Ledger | None) -> OutboxLedger:
    """The client's ledger, if the outbox can use it (today: the PostgreSQL ledger)."""
    if isinstance(ledger, OutboxLedger):
        return ledger
    raise MomoValidationError(
        "ledger",
        "the outbox needs a PostgreSQL ledger (the intent is written in your transaction), "
        f"and this client's is {ledger.display_url if ledger is not None else 'not set'}.",
        "Set MOMO_LEDGER=postgresql://user@host/db (the database your service writes to).",
    )


# --------------------------------------------------------------------------------------------
# Recording on the caller's connection


def _candidate(plan: object, ledger: OutboxLedger) -> tuple[LedgeredCreate, LedgerEntry]:
    if not isinstance(plan, LedgeredCreate):  # pragma: no cover - every recorded op is a create
        raise MomoValidationError("operation", "only creates can be recorded in the outbox.")
    entry = new_entry(
        plan.business_key,
        plan.fingerprint or CreateFingerprint(),
        plan.call.product,
        plan.call.operation,
        now=ledger.clock.time(),
        reference_id=plan.reference_id,
        payload=wire_request(plan.call),
    )
    return plan, entry


def _intent(
    plan: LedgeredCreate, candidate: LedgerEntry, found: tuple[LedgerEntry, bool]
) -> OutboxIntent:
    entry = settle_reservation(candidate, *found)
    if plan.supplied_by_caller and entry.reference_id != plan.reference_id:
        raise plan._reference_conflict(entry)
    return OutboxIntent(
        reference_id=entry.reference_id,
        business_key=entry.business_key,
        product=entry.product,
        operation=entry.operation,
        recorded=entry.just_created,
        state=entry.state,
    )


class Recorder:
    """Records intents on a blocking connection of the caller, through the ledger."""

    def __init__(self, connection: object, ledger: OutboxLedger) -> None:
        self.ledger = ledger
        self._record = ledger.intent_recorder(connection)

    def record(self, plan: object) -> OutboxIntent:
        created, candidate = _candidate(plan, self.ledger)
        return _intent(created, candidate, self._record(candidate))


class AsyncRecorder:
    """Records intents on an asyncio connection of the caller, through the ledger."""

    def __init__(self, connection: object, ledger: OutboxLedger) -> None:
        self.ledger = ledger
        self._record = ledger.async_intent_recorder(connection)

    async def record(self, plan: object) -> OutboxIntent:
        created, candidate = _candidate(plan, self.ledger)
        return _intent(created, candidate, await self._record(candidate))


# --------------------------------------------------------------------------------------------
# The namespaces: momo.outbox(conn).collection.request_to_pay(...)


class Recorded(Generic[P]):
    """A create of a product, recorded instead of sent: same arguments, same validation."""

    def __init__(self, create: Operation[P, Accepted]) -> None:
        self._build = create.build
        self.__doc__ = create.__doc__

    @overload
    def __get__(self, instance: None, owner: Any) -> Recorded[P]: ...
    @overload
    def __get__(
        self, instance: OutboxProduct[Recorder], owner: Any
    ) -> Callable[P, OutboxIntent]: ...
    @overload
    def __get__(
        self, instance: OutboxProduct[AsyncRecorder], owner: Any
    ) -> Callable[P, Coroutine[Any, Any, OutboxIntent]]: ...
    def __get__(self, instance: OutboxProduct[Any] | None, owner: Any) -> Any:
        if instance is None:
            return self
        build, product, recorder = self._build, instance._product, instance._recorder
        if isinstance(recorder, AsyncRecorder):

            async def arecord(*args: Any, **kwargs: Any) -> OutboxIntent:
                intent: OutboxIntent = await recorder.record(build(product, *args, **kwargs))
                return intent

            return arecord

        def record(*args: Any, **kwargs: Any) -> OutboxIntent:
            intent: OutboxIntent = recorder.record(build(product, *args, **kwargs))
            return intent

        return record


class OutboxProduct(Generic[ModeT]):
    def __init__(self, product: Any, recorder: ModeT) -> None:
        self._product: Any = product
        self._recorder: ModeT = recorder

    def __repr__(self) -> str:
        return f"<outbox {self._product.name}>"


class OutboxCollection(OutboxProduct[ModeT]):
    request_to_pay = Recorded(Collection.request_to_pay)
    request_to_withdraw = Recorded(Collection.request_to_withdraw)
    request_to_withdraw_v2 = Recorded(Collection.request_to_withdraw_v2)
    create_invoice = Recorded(Collection.create_invoice)
    create_pre_approval = Recorded(Collection.create_pre_approval)
    create_payment = Recorded(Collection.create_payment)


class OutboxDisbursement(OutboxProduct[ModeT]):
    transfer = Recorded(Disbursement.transfer)
    deposit = Recorded(Disbursement.deposit)
    deposit_v2 = Recorded(Disbursement.deposit_v2)
    refund = Recorded(Disbursement.refund)
    refund_v2 = Recorded(Disbursement.refund_v2)


class OutboxRemittance(OutboxProduct[ModeT]):
    transfer = Recorded(Remittance.transfer)
    cash_transfer = Recorded(Remittance.cash_transfer)


class Outbox(Generic[ModeT]):
    """``momo.outbox(connection)``: the creates of every product, recorded in the transaction
    of ``connection`` instead of sent (see the module docstring)."""

    def __init__(self, client: Any, recorder: ModeT) -> None:
        self.collection: OutboxCollection[ModeT] = OutboxCollection(client.collection, recorder)
        self.disbursement: OutboxDisbursement[ModeT] = OutboxDisbursement(
            client.disbursement, recorder
        )
        self.remittance: OutboxRemittance[ModeT] = OutboxRemittance(client.remittance, recorder)

    def __repr__(self) -> str:
        return "<Outbox>"


# --------------------------------------------------------------------------------------------
# Dispatching


@attrs.frozen(kw_only=True)
class DispatchOutcome:
    """What one dispatch run did with one intent."""

    entry: LedgerEntry
    """The entry as recorded after the send (as claimed, if recording failed)."""
    accepted: Accepted | None = None
    """MoMo's acceptance (``replayed`` if an earlier send had landed)."""
    error: MomoError | None = None
    """Why it was not accepted: FAILED_TO_SUBMIT if refused, else it is sent again later."""

    @property
    def state(self) -> LedgerState:
        return self.entry.state


@attrs.frozen(kw_only=True)
class DispatchReport:
    """One dispatch run: an outcome per intent claimed, oldest first."""

    outcomes: tuple[DispatchOutcome, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """Intents per state after the run, e.g. ``{"ACCEPTED": 40, "FAILED_TO_SUBMIT": 1}``."""
        return dict(Counter(outcome.state.value for outcome in self.outcomes))

    @property
    def accepted(self) -> tuple[DispatchOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.accepted is not None)

    @property
    def retrying(self) -> tuple[DispatchOutcome, ...]:
        """Not settled this run; sent again after ``retry_after``."""
        return tuple(
            outcome
            for outcome in self.outcomes
            if outcome.accepted is None and outcome.state is LedgerState.PENDING_SUBMIT
        )


def _limit(value: object) -> int | None:
    return None if value is None else validate_positive_int(value, field="limit")


def _batch(value: object) -> int:
    return validate_positive_int(value, field="batch")


def _lease(value: object) -> float:
    return validate_positive_number(value, field="lease")


def _retry_after(value: object) -> float:
    return validate_positive_number(value, field="retry_after")


@attrs.frozen(kw_only=True)
class Dispatch:
    """Send committed intents: at most ``limit`` (None: until none is left), ``batch`` per
    claim, each claim held for ``lease`` seconds."""

    ledger: OutboxLedger
    status_for: StatusFor
    limit: int | None = attrs.field(default=None, converter=_limit)
    batch: int = attrs.field(default=DEFAULT_BATCH, converter=_batch)
    lease: float = attrs.field(default=DEFAULT_LEASE, converter=_lease)
    retry_after: float = attrs.field(default=DEFAULT_RETRY_AFTER, converter=_retry_after)

    def flow(self, env: FlowEnv) -> Flow[DispatchReport]:
        owner = new_owner()
        outcomes: list[DispatchOutcome] = []
        while self.limit is None or len(outcomes) < self.limit:
            size = self.batch if self.limit is None else min(self.batch, self.limit - len(outcomes))
            claimed: list[LedgerEntry] = yield from _required(
                self.ledger.claim_intents, self.ledger.aclaim_intents, size, self.lease, owner
            )
            for entry in claimed:
                outcomes.append((yield from self._send(entry, owner, env)))
            if len(claimed) < size:
                break
        return DispatchReport(outcomes=tuple(outcomes))

    def _send(self, entry: LedgerEntry, owner: str, env: FlowEnv) -> Flow[DispatchOutcome]:
        reference_id = entry.reference_id
        try:
            status = self.status_for(entry.product, entry.operation, reference_id)
            create = stored_create(entry, status)
        except MomoValidationError as error:  # e.g. the product is not configured here
            yield from self._give_back(entry, owner, error)
            return DispatchOutcome(entry=entry, error=error)
        sent: list[tuple[Call, object]] = []
        try:
            accepted = yield from _watched(create.flow(env), sent)
        except RequestError as error:
            if not may_exist(env, sent):
                failed = yield from _best_effort(
                    self.ledger.mark_failed, self.ledger.amark_failed, reference_id, error
                )
                return DispatchOutcome(entry=failed or entry, error=error)
            yield from self._give_back(entry, owner, error)
            return DispatchOutcome(entry=entry, error=error)
        recorded = yield from _best_effort(
            self.ledger.mark_accepted, self.ledger.amark_accepted, reference_id
        )
        return DispatchOutcome(entry=recorded or entry, accepted=accepted)

    def _give_back(self, entry: LedgerEntry, owner: str, error: MomoError) -> Flow[None]:
        outcome = yield ledger_effect(
            self.ledger.release_intent,
            self.ledger.arelease_intent,
            entry.reference_id,
            owner,
            self.retry_after,
            error_text(error),
        )
        if isinstance(outcome, MomoError):  # the claim then ends with its lease
            logger.warning("outbox claim of %s not released: %s", entry.reference_id, outcome)
