"""Turning SDK results into JSON-ready dicts and short human strings (never a secret)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from .._results import Accepted, Balance, Party, TransactionResult
from .._tokens import AccessToken


def token_fingerprint(value: str) -> str:
    """A short hash that tells two tokens apart without revealing either."""
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:12]


def iso_time(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, UTC).isoformat(timespec="seconds")


def token_fields(product: str, token: AccessToken, *, now: float) -> dict[str, Any]:
    return {
        "product": product,
        "expires_at": iso_time(token.expires_at),
        "expires_in_seconds": max(0, round(token.expires_at - now)),
        "fingerprint": token_fingerprint(token.value),
    }


def amount_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def party_text(party: Party | None) -> str | None:
    return None if party is None else f"{party.party_id_type}:{party.party_id}"


def status_fields(result: TransactionResult) -> dict[str, Any]:
    party = getattr(result, "payer", None) or getattr(result, "payee", None)
    return {
        "reference_id": result.reference_id,
        "status": result.status.value,
        "final": result.is_final,
        "reason": None if result.reason is None else result.reason.code,
        "financial_transaction_id": result.financial_transaction_id,
        "external_id": result.external_id,
        "amount": amount_text(result.amount),
        "currency": result.currency,
        "party": party_text(party if isinstance(party, Party) else None),
    }


def accepted_fields(accepted: Accepted) -> dict[str, Any]:
    return {
        "product": accepted.product,
        "operation": accepted.operation,
        "reference_id": accepted.reference_id,
        "replayed": accepted.replayed,
    }


def balance_fields(product: str, balance: Balance) -> dict[str, Any]:
    return {
        "product": product,
        "available_balance": amount_text(balance.available_balance),
        "currency": balance.currency,
    }


def status_summary(result: TransactionResult) -> str:
    """``SUCCESSFUL`` or ``FAILED (APPROVAL_REJECTED)``."""
    if result.reason is None:
        return result.status.value
    return f"{result.status.value} ({result.reason.code})"
