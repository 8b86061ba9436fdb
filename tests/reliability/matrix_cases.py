"""The matrix's axes: every create operation of the SDK, and every fault aimed at it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from tests.reliability.matrix_world import World

Arguments = Callable[[str, str, str], dict[str, Any]]
"""(tag, party, reference id of a payment to refund) -> a create's keyword arguments."""


@attrs.frozen
class CreateOp:
    """One create method and what the matrix needs to know about it."""

    product: str
    method: str
    status: str  # the status name: get_<status>_status, wait_for_<status>
    operation_id: str  # the sandbox's operationId, to aim faults at this create only
    path: str  # the create's path after the product
    kind: str  # the sandbox's resource kind
    short: str  # the column title in the printed table
    arguments: Arguments
    tag_field: str
    """The request-body field that carries the logical operation's unique tag."""

    @property
    def name(self) -> str:
        return f"{self.product}.{self.method}"

    @property
    def path_pattern(self) -> str:
        return f"^/{self.product}{self.path}$"


def _payer(tag: str, party: str, _target: str) -> dict[str, Any]:
    return {"amount": "12.50", "payer": party, "external_id": tag}


def _payee(tag: str, party: str, _target: str) -> dict[str, Any]:
    return {"amount": "12.50", "payee": party, "external_id": tag}


def _refund(tag: str, _party: str, target: str) -> dict[str, Any]:
    return {"amount": "3", "reference_id_to_refund": target, "external_id": tag}


def _invoice(tag: str, party: str, _target: str) -> dict[str, Any]:
    return {"amount": "7", "intended_payer": party, "payee": "56733123450", "external_id": tag}


def _pre_approval(tag: str, party: str, _target: str) -> dict[str, Any]:
    return {"payer": party, "payer_message": tag}


def _payment(tag: str, party: str, _target: str) -> dict[str, Any]:
    return {
        "amount": "9",
        "external_transaction_id": tag,
        "customer_reference": party,
        "service_provider_user_name": "utility",
    }


# The operations without an externalId carry their tag elsewhere.
_TAG_FIELDS = {"create_pre_approval": "payerMessage", "create_payment": "externalTransactionId"}

_ROWS: tuple[tuple[str, str, str, str, str, str, str, Arguments], ...] = (
    # product, method, status, operationId, path, kind, short, arguments
    ("collection", "request_to_pay", "request_to_pay", "RequesttoPay",
     "/v1_0/requesttopay", "requesttopay", "c.rtp", _payer),
    ("collection", "request_to_withdraw", "request_to_withdraw", "RequestToWithdraw-V1",
     "/v1_0/requesttowithdraw", "requesttowithdraw", "c.rtw", _payer),
    ("collection", "request_to_withdraw_v2", "request_to_withdraw", "RequestToWithdraw-V2",
     "/v2_0/requesttowithdraw", "requesttowithdraw", "c.rtw2", _payer),
    ("collection", "create_invoice", "invoice", "CreateInvoice",
     "/v2_0/invoice", "invoice", "c.invoice", _invoice),
    ("collection", "create_pre_approval", "pre_approval", "PreApproval",
     "/v2_0/preapproval", "preapproval", "c.preappr", _pre_approval),
    ("collection", "create_payment", "payment", "CreatePayments",
     "/v2_0/payment", "payment", "c.payment", _payment),
    ("disbursement", "transfer", "transfer", "Transfer",
     "/v1_0/transfer", "transfer", "d.transfer", _payee),
    ("disbursement", "deposit", "deposit", "Deposit-V1",
     "/v1_0/deposit", "deposit", "d.deposit", _payee),
    ("disbursement", "deposit_v2", "deposit", "Deposit-V2",
     "/v2_0/deposit", "deposit", "d.deposit2", _payee),
    ("disbursement", "refund", "refund", "Refund-V1",
     "/v1_0/refund", "refund", "d.refund", _refund),
    ("disbursement", "refund_v2", "refund", "Refund-V2",
     "/v2_0/refund", "refund", "d.refund2", _refund),
    ("remittance", "transfer", "transfer", "Transfer",
     "/v1_0/transfer", "transfer", "r.transfer", _payee),
    ("remittance", "cash_transfer", "cash_transfer", "CashTransfer",
     "/v2_0/cashtransfer", "cashtransfer", "r.cash", _payee),
)  # fmt: skip

CREATE_OPS: tuple[CreateOp, ...] = tuple(
    CreateOp(*row, tag_field=_TAG_FIELDS.get(row[1], "externalId")) for row in _ROWS
)


# -- faults --------------------------------------------------------------------------------------

Install = Callable[[World, CreateOp, int, int], None]
"""(world, op, index of the logical operation, how many attempts to hit) -> None."""


@attrs.frozen
class FaultSpec:
    name: str
    install: Install
    socket_level: bool = False
    """Acts on the connection itself: also run over a real port."""


def _aim(op: CreateOp) -> dict[str, Any]:
    return {"operation": op.operation_id, "product": op.product}


def _timeout_before(world: World, op: CreateOp, _index: int, times: int) -> None:
    world.tap.timeout_before_processing(op.path_pattern, times=times)


def _connection(kind: str) -> Install:
    """refuse / reset (before processing), drop / timeout (after processing)."""

    def install(world: World, op: CreateOp, _index: int, times: int) -> None:
        if times:
            getattr(world.sandbox.faults, kind)(times=times, **_aim(op))

    return install


def _status(code: int, **options: Any) -> Install:
    def install(world: World, op: CreateOp, index: int, times: int) -> None:
        if times:
            # A 500 for every other operation comes after the work was done (a gateway that
            # gave up on a backend which did not).
            after = code == 500 and index % 2 == 1
            world.sandbox.faults.fail(
                code, times=times, after_processing=after, **options, **_aim(op)
            )

    return install


def _rate_limited(world: World, op: CreateOp, index: int, times: int) -> None:
    if times:
        # Every tenth operation is asked to wait longer than max_retry_seconds: no retry.
        retry_after = 90.0 if index % 10 == 9 else 2.0
        world.sandbox.faults.fail(429, times=times, retry_after=retry_after, **_aim(op))


def _token_outage(world: World, op: CreateOp, _index: int, times: int) -> None:
    world.sandbox.clock.advance(3600)  # the cached token expires: this operation needs a new one
    if times:
        world.sandbox.faults.token_outage(status=503, times=times, product=op.product)


def _slow(world: World, op: CreateOp, index: int, times: int) -> None:
    if times:
        # In time for even operations, slower than the read timeout for odd ones.
        seconds = world.config.read_timeout * (0.6 if index % 2 == 0 else 1.2)
        world.sandbox.faults.latency(seconds, times=times, **_aim(op))


def _html_gateway(world: World, op: CreateOp, index: int, times: int) -> None:
    if times:
        after = index % 2 == 1
        world.sandbox.faults.html(status=502, times=times, after_processing=after, **_aim(op))


def _dropped_then(then: Install) -> Install:
    """The first attempt is processed and its answer lost; the next ones meet ``then``."""

    def install(world: World, op: CreateOp, index: int, times: int) -> None:
        if times:
            world.sandbox.faults.drop(times=1, **_aim(op))
            then(world, op, index, times - 1)

    return install


FAULTS: tuple[FaultSpec, ...] = (
    FaultSpec("timeout before processing", _timeout_before),
    FaultSpec("timeout after processing", _connection("timeout"), socket_level=True),
    FaultSpec("connection reset", _connection("reset"), socket_level=True),
    FaultSpec("connection refused", _connection("refuse")),
    FaultSpec("response dropped", _connection("drop"), socket_level=True),
    FaultSpec("500 empty body", _status(500, body=b"")),
    FaultSpec("503", _status(503)),
    FaultSpec("429 Retry-After", _rate_limited),
    FaultSpec("token outage", _token_outage),
    FaultSpec("slow responses", _slow, socket_level=True),
    FaultSpec("502 HTML page", _html_gateway),
    FaultSpec("dropped, then 429", _dropped_then(_rate_limited)),
    FaultSpec("dropped, then 503", _dropped_then(_status(503))),
)
