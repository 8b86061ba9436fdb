"""What a 409 ``RESOURCE_ALREADY_EXIST`` on a create means; does the stored transaction match?

MoMo answers 409 when a reference id was already used. Whether that is success or a conflict
depends on who chose the id and on which attempt it came:

* a **retry** (attempt > 1) got 409: an earlier attempt of this very call landed -> confirm;
* the **first** attempt got 409 with a **caller-supplied** id: the caller may be replaying its own
  earlier call (e.g. after a crash) -> confirm;
* the first attempt got 409 with an id the SDK just minted: a fresh UUID4 cannot collide, so
  something else is wrong -> raise the :class:`ConflictError` as is.

"Confirm" means: GET the status, compare it with the request (:func:`differing_fields`), return
``Accepted(replayed=True)`` if it matches and raise :class:`IdempotencyConflictError` if not.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from ._errors import ConflictError, IdempotencyConflictError, MomoError
from ._results import Party, RequestToPayStatus, TransactionResult

DUPLICATE_REFERENCE_CODE = "RESOURCE_ALREADY_EXIST"


class ConflictAction(enum.StrEnum):
    CONFIRM = "confirm"
    RAISE = "raise"


def on_conflict(error: MomoError, *, attempt: int, supplied_by_caller: bool) -> ConflictAction:
    """What to do when attempt number ``attempt`` (1-based) of a create failed with ``error``."""
    if not isinstance(error, ConflictError) or isinstance(error, IdempotencyConflictError):
        return ConflictAction.RAISE
    if error.code not in (None, DUPLICATE_REFERENCE_CODE):
        return ConflictAction.RAISE
    if attempt > 1 or supplied_by_caller:
        return ConflictAction.CONFIRM
    return ConflictAction.RAISE


@attrs.frozen(kw_only=True)
class CreateFingerprint:
    """The parts of a create request that identify the transaction, normalised as validated."""

    amount: Decimal | None = None
    currency: str | None = None
    external_id: str | None = None
    party: Party | None = None
    """The payer (request-to-pay, withdraw) or the payee (transfer, deposit, refund)."""


def differing_fields(expected: CreateFingerprint, stored: TransactionResult) -> tuple[str, ...]:
    """Names of the fields whose stored value differs from the request.

    A field MoMo did not return cannot be compared and is not reported. Amounts compare as
    numbers (MoMo echoes ``"10.50"`` as ``"10.5"``); currency and party type ignore case.
    """
    party_field, stored_party = _stored_party(stored)
    comparisons: tuple[tuple[str, object, object], ...] = (
        ("amount", expected.amount, stored.amount),
        # Pre-approvals store their currency as payerCurrency.
        ("currency", _upper(expected.currency), _upper(_stored_currency(stored))),
        ("external_id", expected.external_id, stored.external_id),
        (party_field, _party_key(expected.party), _party_key(stored_party)),
    )
    return tuple(
        name
        for name, wanted, found in comparisons
        if wanted is not None and found is not None and wanted != found
    )


def _stored_currency(stored: TransactionResult) -> str | None:
    return stored.currency or getattr(stored, "payer_currency", None)


def _stored_party(stored: TransactionResult) -> tuple[str, Party | None]:
    """The counterparty a create names: the payer of collections, the payee of payouts."""
    for name in ("payer", "payee", "intended_payer"):
        party = getattr(stored, name, None)
        if isinstance(party, Party):
            return name, party
    return "payer" if isinstance(stored, RequestToPayStatus) else "payee", None


def _upper(value: str | None) -> str | None:
    return value.upper() if value is not None else None


def _party_key(party: Party | None) -> tuple[str, str] | None:
    return (party.party_id_type.upper(), party.party_id) if party is not None else None


def check_replay(
    expected: CreateFingerprint,
    stored: TransactionResult,
    *,
    product: str,
    operation: str,
    reference_id: str,
) -> None:
    """Raise :class:`IdempotencyConflictError` if the stored transaction is not this request."""
    fields = differing_fields(expected, stored)
    if fields:
        raise IdempotencyConflictError(
            f"reference id {reference_id} already belongs to a different transaction "
            f"(differs in: {', '.join(fields)})",
            differing_fields=fields,
            status_code=409,
            code=DUPLICATE_REFERENCE_CODE,
            product=product,
            operation=operation,
            reference_id=reference_id,
            hint="Use a new reference id for a new transaction.",
        )
