"""The idempotency ledger: which payments were sent, under which reference id, and how they ended.

This is the ledger's contract and state machine, in the core because every client runs its
creates through a ledger; :mod:`momo_wrapper.stores` implements it (SQLite, Redis, PostgreSQL)
and re-exports the public names. The core never imports the stores.

Why: a worker that crashes between choosing a reference id and learning MoMo's answer must not
pay twice when the job is retried, possibly on another host. The ledger is written *before* the
POST (write-ahead), keyed by a **business key** (product + operation + your external id, see
:func:`business_key`, or any key of yours)::

    entry = ledger.reserve(business_key("disbursement", "transfer", order.id), fingerprint,
                           "disbursement", "transfer")
    if entry.just_created or entry.state is LedgerState.PENDING_SUBMIT:
        ...POST with entry.reference_id (a resend of the same id is answered 409 and confirmed)
        ledger.mark_accepted(entry.reference_id)
    # MoMo's answers refused it (400, 403, business 500): ledger.mark_failed(ref, error)
    # a final status from polling or a callback: ledger.mark_final(ref, "SUCCESSFUL")

States::

    PENDING_SUBMIT --202--> ACCEPTED --final status--> FINAL (SUCCESSFUL, FAILED, ...)
          |                    ^
          +--refused--> FAILED_TO_SUBMIT --status read: 404, outside the window--> REFUSED

``FAILED_TO_SUBMIT`` is our reading of MoMo's answers, not MoMo's word: MoMo can process a
request and still answer a coded 500 or a 429. So it stays on reconcile's work list
(:data:`OPEN_STATES`) until a status read settles it: found -> ACCEPTED or FINAL, not found after
MoMo's not-yet-visible window -> ``REFUSED``. A later 202 or final status always wins over
FAILED_TO_SUBMIT and REFUSED, and a refusal never overrides an entry MoMo holds.
:meth:`Ledger.reopen` turns FAILED_TO_SUBMIT or REFUSED back into PENDING_SUBMIT before the same
request is sent again (and leaves an entry MoMo holds alone: the caller replays it).
:meth:`Ledger.pending` lists the entries not settled, oldest change first: the work list of a
reconcile job, which asks MoMo for each reference id's status.

``reserve`` is atomic across processes: for one business key, exactly one caller gets a new
entry (``just_created``), every other gets that same entry. A different request under a key
already used (different :func:`request_fingerprint`, product or operation) raises
:class:`IdempotencyConflictError` naming the key and the fields that differ. A reference id is
never shared by two keys: reserving a key with a ``reference_id`` another key holds raises it too.
The optional ``payload`` (the wire request, JSON data without secrets: callback URLs are not
stored, they are built again from the configuration) lets a reconcile job send a request whose
process died before its POST.

Failure: any store failure raises :class:`StoreUnavailableError`. When ``reserve`` raises it, an
entry may or may not have been written; nothing must be sent and no new reference id minted:
calling ``reserve`` again with the same key returns the entry if it exists (see
:class:`StoreUnavailableError`). A ``mark_*`` that raised leaves the entry as it was or changed,
and the change is safe to repeat; an entry left unsettled is found again by
:meth:`Ledger.pending`, so a lost update costs one status check, never a second payment.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import re
import secrets
import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, Self

import attrs

from ._clock import SYSTEM_CLOCK, Clock
from ._errors import IdempotencyConflictError, LedgerTransitionError, MomoValidationError
from ._idempotency import CreateFingerprint
from ._polling import is_final_status
from ._redact import redact_shapes
from ._validation import format_amount, validate_reference_id

BUSINESS_KEY_MAX_LENGTH = 512
ERROR_TEXT_MAX_LENGTH = 1000
FINGERPRINT_VERSION = "v1"
_FINGERPRINT_FIELDS = ("amount", "currency", "external_id", "party")


class LedgerState(enum.StrEnum):
    PENDING_SUBMIT = "PENDING_SUBMIT"
    """Reserved before the POST; the POST may or may not have reached MoMo."""
    ACCEPTED = "ACCEPTED"
    """MoMo answered 202 (or a 409 replay was confirmed); the outcome comes later."""
    FINAL = "FINAL"
    """MoMo reported a final status (``final_status``)."""
    FAILED_TO_SUBMIT = "FAILED_TO_SUBMIT"
    """MoMo's answers refused the create. Only our reading of them: a refusal can arrive after
    MoMo processed the request (a coded 500, a 429), so reconcile asks MoMo once more."""
    REFUSED = "REFUSED"
    """Refused, and a status read after the not-yet-visible window confirmed that MoMo holds
    nothing under the reference id. Settled; the same key may still be created again."""


OPEN_STATES = frozenset(
    {LedgerState.PENDING_SUBMIT, LedgerState.ACCEPTED, LedgerState.FAILED_TO_SUBMIT}
)
"""Not settled: reconcile's work list. Backends filter by this set, never by a list of their own."""
SETTLED_STATES = frozenset({LedgerState.FINAL, LedgerState.REFUSED})
ANSWER_RECORDS = frozenset({"mark_accepted", "mark_final"})
"""Changes that only record an answer MoMo already gave, so a backend may commit them without
waiting for the disk. Losing one to a power cut leaves the entry unsettled (PENDING_SUBMIT or
ACCEPTED), exactly as a crash just after the answer does, and reconcile reads the answer again.
What guards against paying twice is written durably: ``reserve`` and ``reopen`` (before a request
is sent) and the changes that take an entry toward a refusal."""
PAYLOAD_MAX_BYTES = 16_384
RECORD_COLUMNS = (
    "reference_id",
    "business_key",
    "product",
    "operation",
    "fingerprint",
    "state",
    "final_status",
    "reason",
    "last_error",
    "created_at",
    "updated_at",
    "payload",
)
"""The fields of :meth:`LedgerEntry.to_record`, in the order SQL backends keep their columns."""


# Not slotted: every create builds two or three entries, and a frozen slotted instance stores
# each of the thirteen fields through an object.__setattr__ call (see _results.py).
@attrs.frozen(kw_only=True, slots=False)
class LedgerEntry:
    """One reserved create request. Timestamps are epoch seconds of the ledger's clock."""

    business_key: str
    reference_id: str
    product: str
    operation: str
    fingerprint: str
    state: LedgerState
    created_at: float
    updated_at: float
    final_status: str | None = None
    reason: str | None = None
    last_error: str | None = None
    payload: Mapping[str, Any] | None = attrs.field(default=None, repr=False, hash=False)
    """The wire request (endpoint, arguments, body; no secrets), so it can be sent again."""
    just_created: bool = attrs.field(default=False, eq=False)
    """True only on the entry returned by the ``reserve`` call that created it (not stored)."""

    @property
    def is_open(self) -> bool:
        """Not settled (PENDING_SUBMIT, ACCEPTED or FAILED_TO_SUBMIT): reconcile asks MoMo."""
        return self.state in OPEN_STATES

    def to_record(self) -> dict[str, Any]:
        """The stored form: plain strings and numbers, one column or JSON member per field."""
        # Spelled out rather than attrs.asdict (which walks the fields and recurses into the
        # payload only to replace it): the same dict, in the field order, at a tenth the cost.
        return {
            "business_key": self.business_key,
            "reference_id": self.reference_id,
            "product": self.product,
            "operation": self.operation,
            "fingerprint": self.fingerprint,
            "state": self.state.value,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "final_status": self.final_status,
            "reason": self.reason,
            "last_error": self.last_error,
            "payload": encode_payload(self.payload),
        }

    def _evolve(self, **changes: Any) -> LedgerEntry:
        """``attrs.evolve(self, **changes)`` without its per-call walk over the field
        definitions: every create copies an entry two or three times."""
        values: dict[str, Any] = {
            "business_key": self.business_key,
            "reference_id": self.reference_id,
            "product": self.product,
            "operation": self.operation,
            "fingerprint": self.fingerprint,
            "state": self.state,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "final_status": self.final_status,
            "reason": self.reason,
            "last_error": self.last_error,
            "payload": self.payload,
            "just_created": self.just_created,
        }
        values.update(changes)
        return LedgerEntry(**values)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> LedgerEntry:
        return cls(
            business_key=str(record["business_key"]),
            reference_id=str(record["reference_id"]),
            product=str(record["product"]),
            operation=str(record["operation"]),
            fingerprint=str(record["fingerprint"]),
            state=LedgerState(record["state"]),
            created_at=float(record["created_at"]),
            updated_at=float(record["updated_at"]),
            final_status=_optional_text(record.get("final_status")),
            reason=_optional_text(record.get("reason")),
            last_error=_optional_text(record.get("last_error")),
            payload=decode_payload(record.get("payload")),
        )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


# What json.dumps(payload, sort_keys=True, separators=(",", ":")) builds on every call, built
# once. ensure_ascii stays on (the default), so the text's length is its size in bytes.
_PAYLOAD_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


class WirePayload(dict[str, Any]):
    """A payload the SDK built itself (``_ledgered.wire_request``): a fresh dict of JSON values
    that nobody else holds. An entry keeps it as it is, and it is encoded (and checked) only
    when a store writes it: the memory ledger, every client's default, never encodes it."""

    __slots__ = ()


class StoredPayload(Mapping[str, Any]):
    """A payload as the ledger holds it: its stored JSON text, decoded when first read, or a
    :class:`WirePayload`, encoded when first written.

    A create records its payload and seldom reads it back (only to send the request again), so
    the text is kept instead of a decoded copy: no decode per create, and a backend writes the
    same text without encoding it a second time. Reads see the dict ``json.loads(text)`` gives.
    """

    __slots__ = ("_data", "_text")

    def __init__(self, text: str | None, data: WirePayload | None = None) -> None:
        """``text`` as stored, or ``data`` (``text=None``) to encode when it is written."""
        assert (text is None) != (data is None)
        self._text = text
        self._data: dict[str, Any] | None = data

    @property
    def text(self) -> str:
        """The stored form; a :class:`MomoValidationError` if it is not JSON or too large."""
        text = self._text
        if text is None:
            assert self._data is not None
            text = self._text = _payload_text(self._data)
        return text

    def _decoded(self) -> dict[str, Any]:
        data = self._data
        if data is None:
            # Encoded from a dict (the JSON encoder takes no other mapping): a JSON object.
            data = self._data = json.loads(self.text)
        return data

    def __getitem__(self, key: str) -> Any:
        return self._decoded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __repr__(self) -> str:
        # Not the text: it holds phone numbers and notes, which logs must not repeat.
        if self._text is None:
            return "<StoredPayload not yet encoded>"
        return f"<StoredPayload {len(self._text)} bytes>"


def encode_payload(payload: Mapping[str, Any] | None) -> str | None:
    """The stored form of a payload: compact, key-sorted, ASCII-only JSON text."""
    if payload is None:
        return None
    if type(payload) is StoredPayload:
        return payload.text
    return _PAYLOAD_ENCODER.encode(payload)


def decode_payload(stored: object) -> dict[str, Any] | None:
    if stored is None:
        return None
    if isinstance(stored, str):
        data = json.loads(stored)
        # A dict json.loads just built is nobody else's: no copy needed.
        return data if type(data) is dict else None
    return dict(stored) if isinstance(stored, Mapping) else None


def _payload_text(payload: Mapping[str, Any]) -> str:
    try:
        text = _PAYLOAD_ENCODER.encode(payload)
    except (TypeError, ValueError) as exc:
        raise MomoValidationError("payload", f"is not JSON data ({exc}).") from None
    if len(text) > PAYLOAD_MAX_BYTES:  # ASCII-only text: one byte per character
        raise MomoValidationError("payload", f"is over {PAYLOAD_MAX_BYTES} bytes as JSON.")
    return text


def _checked_payload(payload: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if payload is None:
        return None
    if type(payload) is StoredPayload:
        return payload  # checked when it was stored; its text never changes
    if type(payload) is WirePayload:
        return StoredPayload(None, payload)  # checked if and when a store writes it
    if not isinstance(payload, Mapping):
        raise MomoValidationError("payload", f"expected a mapping, got {type(payload).__name__}.")
    # The text, not the caller's mapping: later changes to theirs do not reach the entry.
    return StoredPayload(_payload_text(payload))


# --------------------------------------------------------------------------------------------
# Keys and fingerprints


def business_key(product: str, operation: str, external_id: str) -> str:
    """The default business key: one create per product, operation and external id, as
    ``"<product>:<operation>:<external_id>"`` (``"disbursement:transfer:o-17"``), so a
    disbursement and a remittance transfer of one order are two payments."""
    names = (_nonempty(product, "product"), _nonempty(operation, "operation"))
    return f"{names[0]}:{names[1]}:{_nonempty(external_id, 'external_id')}"


def validate_business_key(value: object, field: str = "business_key") -> str:
    """A usable business key: non-empty text, at most 512 characters, no control characters."""
    return _nonempty(value, field)


def request_fingerprint(request: CreateFingerprint) -> str:
    """A stable fingerprint of a create request's identifying fields, normalised first.

    Amounts compare as numbers (``10.50`` == ``10.5``), currency and party type ignore case.
    Each field is hashed on its own, so a mismatch can name the differing field:
    ``v1;amount=<16 hex>;currency=<16 hex>;external_id=<16 hex>;party=<16 hex>``. The hashes
    are for comparison, not secrecy (an amount is easy to guess from its hash).
    """
    # One expression per field rather than a dict and a loop over it: this runs on every create.
    amount, currency, external_id, party = (
        request.amount,
        request.currency,
        request.external_id,
        request.party,
    )
    return ";".join(
        (
            FINGERPRINT_VERSION,
            "amount="
            + (
                _recurring_field_hash("amount", format_amount(amount))
                if amount is not None
                else "-"
            ),
            "currency="
            + (_recurring_field_hash("currency", currency.strip().upper()) if currency else "-"),
            "external_id="
            + (_field_hash("external_id", external_id) if external_id is not None else "-"),
            "party="
            + (
                _recurring_field_hash("party", f"{party.party_id_type.upper()}:{party.party_id}")
                if party
                else "-"
            ),
        )
    )


def _field_hash(name: str, value: str) -> str:
    return hashlib.sha256(f"{name}\x00{value}".encode()).hexdigest()[:16]


_recurring_field_hash = functools.lru_cache(maxsize=4096)(_field_hash)
"""For the fields that recur from create to create (a currency, an amount, a payer): a SHA-256
costs more than the rest of the fingerprint. An external id is new every time, so it is not
cached and cannot push the others out."""


def fingerprint_differences(expected: str, stored: str) -> tuple[str, ...]:
    """Names of the fields whose hashes differ; ``("fingerprint",)`` for opaque fingerprints."""
    if expected == stored:
        return ()
    mine, theirs = _fingerprint_fields(expected), _fingerprint_fields(stored)
    if mine is None or theirs is None:
        return ("fingerprint",)
    return tuple(name for name in _FINGERPRINT_FIELDS if mine.get(name) != theirs.get(name))


def _fingerprint_fields(fingerprint: str) -> dict[str, str] | None:
    version, _, rest = fingerprint.partition(";")
    if version != FINGERPRINT_VERSION:
        return None
    fields = dict(part.partition("=")[::2] for part in rest.split(";"))
    return fields if set(fields) == set(_FINGERPRINT_FIELDS) else None


def as_fingerprint(fingerprint: str | CreateFingerprint) -> str:
    if isinstance(fingerprint, CreateFingerprint):
        return request_fingerprint(fingerprint)
    return _nonempty(fingerprint, "fingerprint")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _nonempty(value: object, field: str, limit: int = BUSINESS_KEY_MAX_LENGTH) -> str:
    if not isinstance(value, str) or not value.strip():
        raise MomoValidationError(field, f"expected a non-empty string, got {value!r}.")
    if len(value) > limit:
        raise MomoValidationError(field, f"has {len(value)} characters; at most {limit}.")
    if _CONTROL.search(value):  # one C-level scan: keys and fingerprints run to 200+ chars
        raise MomoValidationError(field, "contains control characters.")
    return value


# --------------------------------------------------------------------------------------------
# Pure rules: every backend reads, applies one of these, and writes the result atomically


def new_entry(
    business_key: str,
    fingerprint: str | CreateFingerprint,
    product: str,
    operation: str,
    *,
    now: float,
    reference_id: str | None = None,
    payload: Mapping[str, Any] | None = None,
) -> LedgerEntry:
    """The entry ``reserve`` writes if the key is free: with ``reference_id``, or a fresh UUID4."""
    return LedgerEntry(
        business_key=_nonempty(business_key, "business_key"),
        reference_id=(
            str(uuid.uuid4()) if reference_id is None else validate_reference_id(reference_id)
        ),
        product=_nonempty(product, "product"),
        operation=_nonempty(operation, "operation"),
        fingerprint=as_fingerprint(fingerprint),
        state=LedgerState.PENDING_SUBMIT,
        created_at=now,
        updated_at=now,
        payload=_checked_payload(payload),
    )


def settle_reservation(candidate: LedgerEntry, stored: LedgerEntry, inserted: bool) -> LedgerEntry:
    """What ``reserve`` returns once the backend stored ``candidate`` (``inserted``) or found
    ``stored``: the same request's entry (returned) or another request's (conflict)."""
    if inserted:
        return stored._evolve(just_created=True)
    if stored.business_key != candidate.business_key:
        differing = fingerprint_differences(candidate.fingerprint, stored.fingerprint)
        raise IdempotencyConflictError(
            f"reference id {stored.reference_id} already belongs to business key "
            f"{stored.business_key!r}"
            + (f" (a request that differs in: {', '.join(differing)})" if differing else ""),
            differing_fields=differing or ("reference_id",),
            product=stored.product,
            operation=stored.operation,
            reference_id=stored.reference_id,
            hint="Use a new reference id (or none: one is minted) for a new payment.",
        )
    differing = fingerprint_differences(candidate.fingerprint, stored.fingerprint) + tuple(
        name
        for name in ("product", "operation")
        if getattr(candidate, name) != getattr(stored, name)
    )
    if differing:
        raise IdempotencyConflictError(
            f"business key {stored.business_key!r} is already reserved for a different request "
            f"under reference id {stored.reference_id} (differs in: {', '.join(differing)})",
            differing_fields=differing,
            product=stored.product,
            operation=stored.operation,
            reference_id=stored.reference_id,
            hint="Use a new business key (external id) for a new payment, or resend exactly "
            "the original request.",
        )
    return stored


Change = Callable[[LedgerEntry], LedgerEntry]


# MoMo holding the transaction is a fact; FAILED_TO_SUBMIT and REFUSED were only our reading of
# answers, so a later 202 or final status wins over them, and a refusal never overrides a fact.
_NOT_YET_ACCEPTED = frozenset(
    {LedgerState.PENDING_SUBMIT, LedgerState.FAILED_TO_SUBMIT, LedgerState.REFUSED}
)
REPLAYABLE_STATES = frozenset({LedgerState.ACCEPTED, LedgerState.FINAL})
"""MoMo holds the transaction: a create of the same key replays it instead of sending."""


def accepted(*, now: float) -> Change:
    def change(entry: LedgerEntry) -> LedgerEntry:
        if entry.state in _NOT_YET_ACCEPTED:
            return entry._evolve(state=LedgerState.ACCEPTED, updated_at=now)
        return entry  # already accepted, or a final status arrived first (callback before 202)

    return change


def reopened(*, now: float) -> Change:
    """Before the same request is sent again after a refusal (a new attempt).

    An entry MoMo holds (ACCEPTED or FINAL) is returned unchanged: a concurrent caller's attempt
    landed, and the caller replays it instead of sending.
    """

    def change(entry: LedgerEntry) -> LedgerEntry:
        if entry.state in (LedgerState.FAILED_TO_SUBMIT, LedgerState.REFUSED):
            return entry._evolve(state=LedgerState.PENDING_SUBMIT, updated_at=now)
        return entry

    return change


def finalised(status: str, reason: str | None, *, now: float) -> Change:
    def change(entry: LedgerEntry) -> LedgerEntry:
        if entry.state is not LedgerState.FINAL:
            return entry._evolve(
                state=LedgerState.FINAL,
                final_status=status,
                reason=reason,
                updated_at=now,
            )
        if entry.final_status == status:
            return entry
        raise _contradiction(entry, f"final with status {status}")

    return change


def failed(error: str, *, now: float) -> Change:
    """MoMo's answers refused the create. An entry MoMo holds, or one already settled as
    refused, is returned unchanged (a concurrent caller's attempt may have landed)."""

    def change(entry: LedgerEntry) -> LedgerEntry:
        if entry.state is LedgerState.PENDING_SUBMIT:
            return entry._evolve(
                state=LedgerState.FAILED_TO_SUBMIT, last_error=error, updated_at=now
            )
        return entry

    return change


def confirmed_missing(*, now: float, not_before: float) -> Change:
    """A status read found nothing under a FAILED_TO_SUBMIT entry's reference id, and the entry
    last changed before ``not_before`` (outside MoMo's not-yet-visible window): REFUSED.
    Anything else is left alone: a concurrent create may have reopened it meanwhile."""

    def change(entry: LedgerEntry) -> LedgerEntry:
        if entry.state is LedgerState.FAILED_TO_SUBMIT and entry.updated_at <= not_before:
            return entry._evolve(state=LedgerState.REFUSED, updated_at=now)
        return entry

    return change


def _contradiction(entry: LedgerEntry, wanted: str) -> LedgerTransitionError:
    current = entry.state.value + (f" ({entry.final_status})" if entry.final_status else "")
    return LedgerTransitionError(
        f"ledger entry {entry.reference_id} is {current}; it cannot become {wanted}",
        reference_id=entry.reference_id,
        state=entry.state.value,
    )


def final_status_text(status: object) -> str:
    text = str(status).strip().upper() if isinstance(status, str) else ""
    if not is_final_status(text):
        raise MomoValidationError(
            "status",
            f"{status!r} is not a final transaction status.",
            "Pass SUCCESSFUL, FAILED or another final status; use mark_accepted for PENDING.",
        )
    return text


def error_text(error: str | BaseException) -> str:
    """An error as stored: type and message, secrets scrubbed, length capped."""
    text = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else str(error)
    return redact_shapes(text)[:ERROR_TEXT_MAX_LENGTH]


def reason_text(reason: object) -> str | None:
    return None if reason is None else redact_shapes(str(reason))[:ERROR_TEXT_MAX_LENGTH]


def older_than_cutoff(now: float, older_than_seconds: float) -> float:
    if not isinstance(older_than_seconds, int | float) or older_than_seconds < 0:
        raise MomoValidationError(
            "older_than_seconds", f"must be a number >= 0, got {older_than_seconds!r}."
        )
    return now - float(older_than_seconds)


def validate_limit(limit: int | None) -> int | None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise MomoValidationError("limit", f"must be a positive integer or None, got {limit!r}.")
    return limit


# --------------------------------------------------------------------------------------------
# The public API over four backend primitives, in sync and async form


class Ledger(ABC):
    """The ledger API. Backends implement the ``_insert_or_get``/``_update``/``_pending``/``_get``
    primitives (and their ``_a`` forms); everything else is shared."""

    display_url: str

    def __init__(self, *, clock: Clock = SYSTEM_CLOCK) -> None:
        self._clock = clock

    # -- sync ---------------------------------------------------------------------------------

    def reserve(
        self,
        business_key: str,
        fingerprint: str | CreateFingerprint,
        product: str,
        operation: str,
        *,
        reference_id: str | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> LedgerEntry:
        """The entry for ``business_key``: created now (``just_created``) with ``reference_id``
        (default: a fresh UUID4) and ``payload``, or the existing one, whatever its reference id.
        Raises :class:`IdempotencyConflictError` if the existing entry is for a different
        request or ``reference_id`` belongs to another key, :class:`StoreUnavailableError` if
        the store failed."""
        candidate = self._candidate(
            business_key, fingerprint, product, operation, reference_id, payload
        )
        return settle_reservation(candidate, *self._insert_or_get(candidate))

    def reopen(self, reference_id: str) -> LedgerEntry:
        """FAILED_TO_SUBMIT -> PENDING_SUBMIT, written before the request is sent again."""
        return self._update(reference_id, reopened(now=self._clock.time()), "reopen")

    def mark_accepted(self, reference_id: str) -> LedgerEntry:
        """MoMo accepted the create (202, or a confirmed 409 replay)."""
        return self._update(reference_id, accepted(now=self._clock.time()), "mark_accepted")

    def mark_final(self, reference_id: str, status: str, reason: object = None) -> LedgerEntry:
        """MoMo reported a final ``status``; ``reason`` (a code or :class:`Reason`) if FAILED."""
        change = finalised(final_status_text(status), reason_text(reason), now=self._clock.time())
        return self._update(reference_id, change, "mark_final")

    def mark_failed(self, reference_id: str, error: str | BaseException) -> LedgerEntry:
        """MoMo's answers refused the create (FAILED_TO_SUBMIT until reconcile confirms it)."""
        return self._update(
            reference_id, failed(error_text(error), now=self._clock.time()), "mark_failed"
        )

    def mark_refused(self, reference_id: str, *, visible_after: float) -> LedgerEntry:
        """A status read found nothing under a FAILED_TO_SUBMIT entry last changed at least
        ``visible_after`` seconds ago: REFUSED (settled). Other entries are left as they are."""
        return self._update(reference_id, self._refused(visible_after), "mark_refused")

    def _refused(self, visible_after: float) -> Change:
        now = self._clock.time()
        return confirmed_missing(now=now, not_before=older_than_cutoff(now, visible_after))

    def pending(
        self, older_than_seconds: float = 0.0, *, limit: int | None = None
    ) -> list[LedgerEntry]:
        """Entries not settled (:data:`OPEN_STATES`) whose last change is at least
        ``older_than_seconds`` old, oldest first: what a reconcile job checks with MoMo."""
        cutoff = older_than_cutoff(self._clock.time(), older_than_seconds)
        return self._pending(cutoff, validate_limit(limit))

    def get(self, reference_id: str) -> LedgerEntry | None:
        return self._get(_nonempty(reference_id, "reference_id"))

    @abstractmethod
    def close(self) -> None:
        """Release connections (sync clients; async ones via :meth:`aclose`)."""

    # -- async --------------------------------------------------------------------------------

    async def areserve(
        self,
        business_key: str,
        fingerprint: str | CreateFingerprint,
        product: str,
        operation: str,
        *,
        reference_id: str | None = None,
        payload: Mapping[str, Any] | None = None,
    ) -> LedgerEntry:
        candidate = self._candidate(
            business_key, fingerprint, product, operation, reference_id, payload
        )
        return settle_reservation(candidate, *await self._ainsert_or_get(candidate))

    async def areopen(self, reference_id: str) -> LedgerEntry:
        return await self._aupdate(reference_id, reopened(now=self._clock.time()), "reopen")

    async def amark_accepted(self, reference_id: str) -> LedgerEntry:
        return await self._aupdate(reference_id, accepted(now=self._clock.time()), "mark_accepted")

    async def amark_final(
        self, reference_id: str, status: str, reason: object = None
    ) -> LedgerEntry:
        change = finalised(final_status_text(status), reason_text(reason), now=self._clock.time())
        return await self._aupdate(reference_id, change, "mark_final")

    async def amark_failed(self, reference_id: str, error: str | BaseException) -> LedgerEntry:
        return await self._aupdate(
            reference_id, failed(error_text(error), now=self._clock.time()), "mark_failed"
        )

    async def amark_refused(self, reference_id: str, *, visible_after: float) -> LedgerEntry:
        return await self._aupdate(reference_id, self._refused(visible_after), "mark_refused")

    async def apending(
        self, older_than_seconds: float = 0.0, *, limit: int | None = None
    ) -> list[LedgerEntry]:
        cutoff = older_than_cutoff(self._clock.time(), older_than_seconds)
        return await self._apending(cutoff, validate_limit(limit))

    async def aget(self, reference_id: str) -> LedgerEntry | None:
        return await self._aget(_nonempty(reference_id, "reference_id"))

    async def aclose(self) -> None:
        """Release the running event loop's connections, then the sync ones."""
        self.close()

    def _candidate(
        self,
        business_key: str,
        fingerprint: str | CreateFingerprint,
        product: str,
        operation: str,
        reference_id: str | None,
        payload: Mapping[str, Any] | None,
    ) -> LedgerEntry:
        return new_entry(
            business_key,
            fingerprint,
            product,
            operation,
            now=self._clock.time(),
            reference_id=reference_id,
            payload=payload,
        )

    # -- backend primitives -------------------------------------------------------------------

    @abstractmethod
    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        """Atomically store ``candidate`` unless its business key or its reference id exists.
        Return ``(candidate, True)``, else ``(the entry under the key, or else the one holding
        the reference id, False)``."""

    @abstractmethod
    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        """Atomically apply ``change`` to the entry (write only if it changed); return it.
        Raises :class:`LedgerEntryNotFoundError`."""

    @abstractmethod
    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]: ...

    @abstractmethod
    def _get(self, reference_id: str) -> LedgerEntry | None: ...

    @abstractmethod
    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]: ...

    @abstractmethod
    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry: ...

    @abstractmethod
    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]: ...

    @abstractmethod
    async def _aget(self, reference_id: str) -> LedgerEntry | None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.display_url!r})"


IntentRecorder = Callable[[LedgerEntry], tuple[LedgerEntry, bool]]
"""Stores a candidate entry on the caller's connection unless its key or id exists:
``(candidate, True)`` or ``(the existing entry, False)``, as ``_insert_or_get``."""
AsyncIntentRecorder = Callable[[LedgerEntry], Awaitable[tuple[LedgerEntry, bool]]]


class OutboxLedger(Ledger):
    """A ledger that can also hold the transactional outbox (``momo.outbox(connection)``): it
    records intents inside the caller's own database transaction and leases them to
    dispatchers. The PostgreSQL ledger is one."""

    @property
    def clock(self) -> Clock:
        return self._clock

    @abstractmethod
    def intent_recorder(self, connection: object) -> IntentRecorder:
        """What records an intent on ``connection`` (a blocking connection or session of the
        caller's); raises :class:`MomoValidationError` for a connection it cannot use."""

    @abstractmethod
    def async_intent_recorder(self, connection: object) -> AsyncIntentRecorder:
        """:meth:`intent_recorder` for an asyncio connection or session."""

    @abstractmethod
    def claim_intents(self, limit: int, lease: float, owner: str) -> list[LedgerEntry]:
        """Lease up to ``limit`` committed intents to ``owner`` for ``lease`` seconds."""

    @abstractmethod
    async def aclaim_intents(self, limit: int, lease: float, owner: str) -> list[LedgerEntry]: ...

    @abstractmethod
    def release_intent(self, reference_id: str, owner: str, retry_after: float, error: str) -> bool:
        """Give a claim back, to be sent again after ``retry_after`` seconds."""

    @abstractmethod
    async def arelease_intent(
        self, reference_id: str, owner: str, retry_after: float, error: str
    ) -> bool: ...


def new_owner() -> str:
    """A fencing value no other lock or lease holder will have."""
    return secrets.token_hex(16)
