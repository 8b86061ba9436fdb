"""State records held by the sandbox, and the immutable snapshots it hands to tests."""

from __future__ import annotations

import math
from typing import Any

import attrs

PRODUCTS: tuple[str, ...] = ("collection", "disbursement", "remittance")
FINAL_STATUSES = frozenset({"SUCCESSFUL", "FAILED"})


@attrs.frozen(slots=True)
class Outcome:
    """How a transaction for a given party id evolves.

    `status` is where it ends (SUCCESSFUL/FAILED with `reason`), or, if it is not a final
    status (CREATED, PENDING), where it stays forever. Before `settle_after` virtual seconds
    have passed it shows `interim_status`.
    """

    status: str
    reason: str | None = None
    interim_status: str = "PENDING"
    settle_after: float = 0.0

    @property
    def settles(self) -> bool:
        return self.status in FINAL_STATUSES

    def at(self, elapsed: float) -> tuple[str, str | None]:
        """(status, reason) `elapsed` seconds after creation."""
        if not self.settles:
            return self.status, None
        if elapsed < self.settle_after:
            return self.interim_status, None
        return self.status, self.reason


#: api-behaviour §6 / OPERATIONS live §9. 46733123453 follows the documented "ongoing" label.
DEFAULT_TEST_OUTCOMES: dict[str, Outcome] = {
    "46733123450": Outcome("FAILED", "INTERNAL_PROCESSING_ERROR"),
    "46733123451": Outcome("FAILED", "APPROVAL_REJECTED"),
    "46733123452": Outcome("FAILED", "EXPIRED"),
    "46733123453": Outcome("SUCCESSFUL", settle_after=30.0),
    "46733123454": Outcome("CREATED"),
}
SUCCESS = Outcome("SUCCESSFUL")


@attrs.frozen(slots=True)
class SandboxCredentials:
    """A provisioned sandbox API user, ready for a client. Secrets are hidden from repr."""

    product: str
    user_id: str
    api_key: str = attrs.field(repr=False)
    subscription_key: str = attrs.field(repr=False)
    callback_host: str


@attrs.define(slots=True)
class ApiUser:
    user_id: str
    callback_host: str
    #: The product whose subscription key created the user (OPERATIONS live §11).
    provisioned_with: str
    api_key: str | None = None


@attrs.define(slots=True)
class IssuedToken:
    product: str
    user_id: str
    expires_at: float
    #: "access" from /token/, "oauth2" from /oauth2/token/ (consent flow).
    kind: str = "access"
    scope: str = ""
    msisdn: str = ""


@attrs.define(slots=True)
class Transaction:
    """A resource created by a POST with an X-Reference-Id."""

    product: str
    operation: str
    kind: str
    version: str
    reference_id: str
    body: dict[str, Any]
    user_id: str
    created_at: float
    outcome: Outcome
    callback_url: str | None
    financial_transaction_id: str
    extra: dict[str, Any] = attrs.Factory(dict)
    post_count: int = 1
    cancelled_at: float | None = None

    def state(self, now: float) -> tuple[str, str | None]:
        if self.cancelled_at is not None and now >= self.cancelled_at:
            return "FAILED", "TRANSACTION_CANCELED"
        return self.outcome.at(now - self.created_at)

    @property
    def settles_at(self) -> float:
        if not self.outcome.settles:
            return math.inf
        return self.created_at + self.outcome.settle_after


@attrs.frozen(slots=True)
class ResourceRecord:
    """Snapshot of one created resource, for assertions."""

    product: str
    kind: str
    operation: str
    reference_id: str
    external_id: str | None
    request_body: dict[str, Any]
    status: str
    reason: str | None
    financial_transaction_id: str | None
    created_at: float
    callback_url: str | None
    #: Every POST that arrived with this reference id: the accepted one plus duplicates.
    post_count: int

    @property
    def duplicate_posts(self) -> int:
        """POSTs rejected with 409 because this reference id was already taken."""
        return self.post_count - 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "product": self.product,
            "kind": self.kind,
            "operation": self.operation,
            "reference_id": self.reference_id,
            "external_id": self.external_id,
            "status": self.status,
            "reason": self.reason,
            "financial_transaction_id": self.financial_transaction_id,
            "created_at": self.created_at,
            "callback_url": self.callback_url,
            "post_count": self.post_count,
            "duplicate_posts": self.duplicate_posts,
            "request_body": self.request_body,
        }


@attrs.frozen(slots=True)
class RequestRecord:
    """One request that reached the sandbox, without any secret."""

    seq: int
    at: float
    method: str
    path: str
    product: str | None
    operation: str | None
    reference_id: str | None
    #: Status sent, or None when the connection was refused/reset/dropped/hung.
    status: int | None
    #: "respond", "refuse", "reset", "drop" or "hang".
    disposition: str
    #: Id of the fault rule that changed the answer, if any.
    fault_id: int | None = None
    latency: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)
