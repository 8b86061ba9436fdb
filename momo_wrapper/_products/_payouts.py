"""``transfer``: pay money out to a MoMo account (disbursement and remittance alike)."""

from __future__ import annotations

from .._flows import Create, Query, Wait
from .._results import TransferStatus
from ._accounts import AccountProduct
from ._base import DEFAULT_WAIT_TIMEOUT, AmountLike, RunnerT, operation


class PayoutProduct(AccountProduct[RunnerT]):
    """A product that can transfer money to a payee."""

    @operation
    def transfer(
        self,
        *,
        amount: AmountLike,
        payee: str,
        external_id: str,
        currency: str | None = None,
        payer_message: str | None = None,
        payee_note: str | None = None,
        payee_id_type: str = "MSISDN",
        reference_id: str | None = None,
        callback_url: str | None = None,
    ) -> Create:
        """Send ``amount`` to ``payee``. Retries reuse the reference id: never paid twice."""
        return self._transfer(
            endpoint="transfer",
            operation="transfer",
            status=self._transfer_status,
            party_field="payee",
            party=payee,
            party_id_type=payee_id_type,
            amount=amount,
            currency=currency,
            external_id=external_id,
            payer_message=payer_message,
            payee_note=payee_note,
            reference_id=reference_id,
            callback_url=callback_url,
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
