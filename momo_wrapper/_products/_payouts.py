"""``transfer``: pay money out to a MoMo account (disbursement and remittance alike)."""

from __future__ import annotations

from typing import Unpack

from .._flows import Create
from .._operations import TRANSFER
from ._accounts import AccountProduct
from ._base import PayoutArgs, RunnerT, StatusRead, WaitFor, operation


class PayoutProduct(AccountProduct[RunnerT]):
    """A product that can transfer money to a payee."""

    @operation
    def transfer(self, **args: Unpack[PayoutArgs]) -> Create:
        """Send ``amount`` to ``payee``. Retries reuse the reference id: never paid twice.

        Arguments: ``amount``, ``payee`` (an MSISDN unless ``payee_id_type`` says EMAIL or
        PARTY_CODE), ``external_id``; optional ``currency``, ``payer_message``, ``payee_note``,
        ``reference_id``, ``callback_url``, ``idempotency_key`` (with a ledger; default key
        ``transfer:<external_id>``).
        """
        return self._transfer(
            endpoint="transfer",
            operation="transfer",
            status=TRANSFER,
            party_field="payee",
            args=args,
        )

    get_transfer_status = StatusRead(TRANSFER)
    wait_for_transfer = WaitFor(TRANSFER)
