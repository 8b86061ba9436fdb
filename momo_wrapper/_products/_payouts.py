"""``transfer``: pay money out to a MoMo account (disbursement and remittance alike)."""

from __future__ import annotations

from typing import Unpack

from .._flows import Create, Query, Wait
from .._results import TransferStatus
from ._accounts import AccountProduct
from ._base import DEFAULT_WAIT_TIMEOUT, PayoutArgs, RunnerT, operation


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
            status=self._transfer_status,
            party_field="payee",
            args=args,
        )

    def _transfer_status(self, reference_id: str) -> Query[TransferStatus]:
        return self._status(
            "get_transfer_status", "transfer", TransferStatus.from_wire, reference_id
        )

    @operation
    def get_transfer_status(self, reference_id: str) -> Query[TransferStatus]:
        """The status of a transfer."""
        return self._transfer_status(reference_id)

    @operation
    def wait_for_transfer(
        self, reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Wait[TransferStatus]:
        """Poll until the transfer is final."""
        return self._wait(self._transfer_status(reference_id), timeout)
