"""What became of a callback (or a reconciliation check), and what the sender is answered.

Shared by the sync and async processors: everything here is pure.
"""

from __future__ import annotations

import enum
import json
from decimal import Decimal

import attrs

from .._redact import redact_shapes
from .._results import TransactionStatus
from ._dedup import dedup_key
from ._events import CallbackEvent, CallbackRejected
from ._fetchers import StatusResult
from ._paths import CallbackPath


class Verdict(enum.StrEnum):
    DELIVERED = "delivered"
    """MoMo confirmed a final status, seen for the first time: the handler ran."""
    DUPLICATE = "duplicate"
    """MoMo confirmed a final status that was already delivered: the handler did not run."""
    NOT_FINAL = "not_final"
    """MoMo says the transaction is still pending; kept for reconciliation."""
    UNKNOWN_REFERENCE = "unknown_reference"
    """MoMo does not know the reference (HTTP 404): forged, or sent to the wrong receiver."""
    VERIFICATION_FAILED = "verification_failed"
    """MoMo could not be asked (network, 5xx, ...); kept for reconciliation."""
    DELIVERY_FAILED = "delivery_failed"
    """The handler (or the dedup store) raised; the state will be delivered again later."""


class Source(enum.StrEnum):
    CALLBACK = "callback"
    RECONCILE = "reconcile"


def mismatched_fields(claimed: CallbackEvent | None, verified: StatusResult) -> tuple[str, ...]:
    """The fields where the callback body disagrees with MoMo (a forgery, or a stale body)."""
    if claimed is None:
        return ()
    pairs: tuple[tuple[str, object, object], ...] = (
        ("status", claimed.claimed_status, verified.status),
        ("amount", claimed.claimed_amount, verified.amount),
        ("currency", claimed.claimed_currency, verified.currency),
        ("external_id", claimed.claimed_external_id, verified.external_id),
        (
            "financial_transaction_id",
            claimed.claimed_financial_transaction_id,
            verified.financial_transaction_id,
        ),
    )
    return tuple(
        name
        for name, said, true in pairs
        if said is not None and true is not None and _normal(said) != _normal(true)
    )


def _normal(value: object) -> object:
    if isinstance(value, Decimal):
        return value.normalize()
    return str(value).upper() if isinstance(value, str) else value


@attrs.frozen(kw_only=True)
class VerifiedCallback:
    """What the handler receives: a final status MoMo itself confirmed.

    ``status`` is the fetched result (a ``RequestToPayStatus``, ``TransferStatus``, ... as the
    client returns it); ``claimed`` is the callback that triggered the check, for logs (``None``
    when reconciliation found the state).
    """

    product: str
    operation: str
    reference_id: str
    status: StatusResult
    source: Source
    claimed: CallbackEvent | None = None

    @property
    def is_successful(self) -> bool:
        return self.status.status == TransactionStatus.SUCCESSFUL

    @property
    def dedup_key(self) -> str:
        return dedup_key(self.product, self.reference_id, self.status.status.value)

    @property
    def mismatched_fields(self) -> tuple[str, ...]:
        return mismatched_fields(self.claimed, self.status)


@attrs.frozen(kw_only=True)
class CallbackOutcome:
    """The result of checking one callback or one pending transaction."""

    verdict: Verdict
    product: str
    operation: str
    reference_id: str
    source: Source
    verified_status: TransactionStatus | None = None
    claimed_status: TransactionStatus | None = None
    mismatched_fields: tuple[str, ...] = ()
    error: str | None = None
    """``"ExceptionType: message"`` when fetching or handling failed."""

    @property
    def delivered(self) -> bool:
        return self.verdict is Verdict.DELIVERED

    @property
    def needs_recheck(self) -> bool:
        """Whether the transaction should be checked again later."""
        return self.verdict in (
            Verdict.NOT_FINAL,
            Verdict.VERIFICATION_FAILED,
            Verdict.DELIVERY_FAILED,
        )


def outcome_for(
    verdict: Verdict,
    target: CallbackPath,
    source: Source,
    claimed: CallbackEvent | None,
    verified: StatusResult | None = None,
    error: BaseException | None = None,
) -> CallbackOutcome:
    return CallbackOutcome(
        verdict=verdict,
        product=target.product,
        operation=target.operation,
        reference_id=target.reference_id,
        source=source,
        verified_status=verified.status if verified is not None else None,
        claimed_status=claimed.claimed_status if claimed is not None else None,
        mismatched_fields=mismatched_fields(claimed, verified) if verified is not None else (),
        error=_describe(error) if error is not None else None,
    )


def _describe(error: BaseException) -> str:
    # SDK errors are already scrubbed; a handler's own exception text may not be.
    return redact_shapes(f"{type(error).__name__}: {error}")[:500]


# --------------------------------------------------------------------------------------------
# Answers to the sender


@attrs.frozen
class CallbackResponse:
    """An HTTP answer, framework-neutral: ``status_code``, ``headers`` and a small JSON ``body``."""

    status_code: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def json(cls, status_code: int, payload: dict[str, str], **extra: str) -> CallbackResponse:
        body = json.dumps(payload, separators=(",", ":")).encode()
        headers = (
            ("content-type", "application/json"),
            ("content-length", str(len(body))),
            *((name.replace("_", "-"), value) for name, value in extra.items()),
        )
        return cls(status_code, body, headers)

    @classmethod
    def received(cls) -> CallbackResponse:
        # The same answer whatever verification finds, so a forger learns nothing from it.
        return cls.json(200, {"status": "received"})

    @classmethod
    def rejected(cls, error: CallbackRejected) -> CallbackResponse:
        if error.status_code == 405:
            return cls.json(405, {"error": error.problem}, allow="POST, PUT")
        return cls.json(error.status_code, {"error": error.problem})

    @classmethod
    def busy(cls) -> CallbackResponse:
        return cls.json(503, {"error": "too many callbacks in progress; it will be re-checked"})

    @classmethod
    def for_outcome(cls, outcome: CallbackOutcome) -> CallbackResponse:
        """The answer of an inline (verify-before-answering) receiver."""
        if outcome.verdict is Verdict.VERIFICATION_FAILED:
            return cls.json(503, {"error": "the callback could not be verified yet"})
        if outcome.verdict is Verdict.DELIVERY_FAILED:
            return cls.json(500, {"error": "the callback could not be processed"})
        return cls.received()
