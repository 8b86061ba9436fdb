"""Acting as the payer: approve, decline, fail with a reason, or let a pending request expire.

What a customer does on the phone when MoMo prompts them. The transaction's status changes at
once and its callback (if it asked for one) is sent as MoMo would send it.
"""

from __future__ import annotations

import re
from typing import Any

from ._model import FINAL_STATUSES, Outcome, Transaction
from ._state import SandboxState

#: Requests a payer answers on their phone.
PAYER_KINDS = frozenset({"requesttopay", "requesttowithdraw", "preapproval"})
#: MoMo failure reasons a person can pick in the page (as MoMo writes them in `reason`).
FAILURE_REASONS: tuple[str, ...] = (
    "NOT_ENOUGH_FUNDS",
    "PAYER_LIMIT_REACHED",
    "PAYEE_NOT_ALLOWED_TO_RECEIVE",
    "PAYER_NOT_FOUND",
    "PAYEE_NOT_FOUND",
    "NOT_ALLOWED",
    "COULD_NOT_PERFORM_TRANSACTION",
    "INTERNAL_PROCESSING_ERROR",
    "SERVICE_UNAVAILABLE",
    "TRANSACTION_CANCELED",
)
ACTIONS = ("approve", "decline", "fail", "expire")
_PIN = re.compile(r"\d{4,6}")


class PayerActionError(ValueError):
    """The action cannot apply (unknown transaction, not a payer request, already final)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _outcome(action: str, spec: dict[str, Any]) -> tuple[str, str | None]:
    if action == "approve":
        pin = spec.get("pin")
        if not isinstance(pin, str) or _PIN.fullmatch(pin) is None:
            raise PayerActionError(400, "approve needs a PIN of 4 to 6 digits")
        return "SUCCESSFUL", None
    if action == "decline":
        return "FAILED", "APPROVAL_REJECTED"
    if action == "expire":
        return "FAILED", "EXPIRED"
    if action == "fail":
        reason = spec.get("reason")
        if reason not in FAILURE_REASONS:
            raise PayerActionError(400, f"reason must be one of {', '.join(FAILURE_REASONS)}")
        return "FAILED", str(reason)
    raise PayerActionError(404, f"unknown action {action!r} (one of {', '.join(ACTIONS)})")


def act(
    state: SandboxState, product: str, reference_id: str, action: str, spec: dict[str, Any]
) -> Transaction:
    """Apply the payer's `action` to a pending transaction. The PIN is checked, never kept."""
    status, reason = _outcome(action, spec)
    with state.lock:
        tx = state.transactions.get((product, reference_id.lower()))
        if tx is None:
            raise PayerActionError(404, "no such transaction")
        if tx.kind not in PAYER_KINDS:
            raise PayerActionError(409, f"a payer does not answer a {tx.kind}")
        now = state.clock.now()
        if tx.state(now)[0] in FINAL_STATUSES:
            raise PayerActionError(409, "the transaction is already final")
        tx.outcome = Outcome(status, reason, settle_after=max(0.0, now - tx.created_at))
        tx.extra["decided_at"] = now
        tx.extra["decided_by"] = action
        state.plan_cancel_callbacks(tx)
    return tx
