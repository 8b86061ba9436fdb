"""The transactions of the API in one table: what varies between the 13 creates is data.

A create (``request_to_pay``, ``transfer``, ...) starts a transaction that MoMo settles later;
its status is read with one GET. Each :class:`Transaction` row below gives a product namespace its
``get_<name>_status`` and ``wait_for_<name>`` methods (see ``_products/_base.py``), tells the
ledger and the callback verifier which status read settles a create of that name, and names the
result class that parses the read. Adding a create means one row here and its builder method.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

import attrs

from ._errors import MomoValidationError
from ._results import (
    CashTransferStatus,
    InvoiceStatus,
    PaymentStatus,
    PreApprovalStatus,
    RequestToPayStatus,
    TransactionResult,
    TransferStatus,
)

ResultT = TypeVar("ResultT", bound=TransactionResult)


@attrs.frozen
class Transaction(Generic[ResultT]):
    """A kind of transaction: the creates that start it and the status read that follows it."""

    products: tuple[str, ...]
    name: str
    """The operation name creates record (ledger, callbacks, errors) and the method suffix."""
    status_endpoint: str
    """The generated status operation, without its product prefix."""
    result: type[ResultT]
    aliases: tuple[str, ...] = ()
    """Other create names settled by the same read (a v2 create: ``deposit_v2``)."""

    @property
    def status_method(self) -> str:
        return f"get_{self.name}_status"

    @property
    def wait_method(self) -> str:
        return f"wait_for_{self.name}"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


REQUEST_TO_PAY = Transaction(
    ("collection",), "request_to_pay", "get_request_to_pay_status", RequestToPayStatus
)
REQUEST_TO_WITHDRAW = Transaction(
    ("collection",),
    "request_to_withdraw",
    "get_request_to_withdraw_status",
    RequestToPayStatus,
    aliases=("request_to_withdraw_v2",),
)
INVOICE = Transaction(("collection",), "invoice", "get_invoice_status", InvoiceStatus)
PRE_APPROVAL = Transaction(
    ("collection",), "pre_approval", "get_pre_approval_status", PreApprovalStatus
)
PAYMENT = Transaction(("collection",), "payment", "get_payment_status", PaymentStatus)
TRANSFER = Transaction(
    ("disbursement", "remittance"), "transfer", "get_transfer_status", TransferStatus
)
DEPOSIT = Transaction(
    ("disbursement",), "deposit", "get_deposit_status", TransferStatus, aliases=("deposit_v2",)
)
REFUND = Transaction(
    ("disbursement",), "refund", "get_refund_status", TransferStatus, aliases=("refund_v2",)
)
CASH_TRANSFER = Transaction(
    ("remittance",), "cash_transfer", "get_cash_transfer_status", CashTransferStatus
)

TRANSACTIONS: tuple[Transaction[Any], ...] = (
    REQUEST_TO_PAY,
    REQUEST_TO_WITHDRAW,
    INVOICE,
    PRE_APPROVAL,
    PAYMENT,
    TRANSFER,
    DEPOSIT,
    REFUND,
    CASH_TRANSFER,
)

_BY_NAME: dict[tuple[str, str], Transaction[Any]] = {
    (product, name): row for row in TRANSACTIONS for product in row.products for name in row.names
}


def transaction(product: str, operation: str) -> Transaction[Any]:
    """The row whose status read settles ``operation`` of ``product``; a clear error if none."""
    try:
        return _BY_NAME[(product, operation)]
    except (KeyError, TypeError):  # TypeError: an unhashable value from an untyped caller
        known = sorted(name for (owner, name) in _BY_NAME if owner == product)
        raise MomoValidationError(
            "operation",
            f"{product}/{operation} is not a MoMo transaction with a status.",
            f"Use one of {', '.join(known)}." if known else None,
        ) from None
