"""``momo.disbursement``: pay out, deposit and refund."""

from __future__ import annotations

from typing import Any, ClassVar

from .._flows import Create, Query, Wait
from .._results import TransferStatus
from .._validation import validate_external_id, validate_reference_id
from ._base import DEFAULT_WAIT_TIMEOUT, AmountLike, RunnerT, fingerprint, operation
from ._payouts import PayoutProduct


class Disbursement(PayoutProduct[RunnerT]):
    """Disbursement: transfer, deposit and refund, plus balance, account-holder checks and KYC."""

    name: ClassVar[str] = "disbursement"

    # -- deposits -----------------------------------------------------------------------------

    def _deposit(self, version: str, **arguments: Any) -> Create:
        return self._transfer(
            endpoint=f"deposit_{version}",
            operation="deposit" if version == "v1" else "deposit_v2",
            status=self._deposit_status,
            party_field="payee",
            **arguments,
        )

    @operation
    def deposit(
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
        """Deposit ``amount`` into ``payee``'s account (v1 API; the callback is a POST)."""
        return self._deposit(
            "v1",
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

    @operation
    def deposit_v2(
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
        """Deposit ``amount`` into ``payee``'s account (v2 API; the callback is a PUT)."""
        return self._deposit(
            "v2",
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

    def _deposit_status(self, reference_id: str) -> Query[TransferStatus]:
        return self._status("get_deposit_status", "deposit", TransferStatus.from_wire, reference_id)

    @operation
    def get_deposit_status(self, reference_id: str) -> Query[TransferStatus]:
        """The status of a deposit (v1 or v2). MoMo sends no financialTransactionId here."""
        return self._deposit_status(reference_id)

    @operation
    def wait_for_deposit(
        self, reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Wait[TransferStatus]:
        """Poll until the deposit (v1 or v2) is final."""
        return self._wait(self._deposit_status(reference_id), timeout)

    get_deposit_v2_status = get_deposit_status
    wait_for_deposit_v2 = wait_for_deposit

    # -- refunds ------------------------------------------------------------------------------

    def _refund(
        self,
        version: str,
        *,
        amount: AmountLike,
        reference_id_to_refund: str,
        external_id: str,
        currency: str | None,
        payer_message: str | None,
        payee_note: str | None,
        reference_id: str | None,
        callback_url: str | None,
    ) -> Create:
        code = self._currency(currency)
        wire_amount = self._amount(amount, code)
        external = validate_external_id(external_id)
        body = {
            "amount": wire_amount,
            "currency": code,
            "externalId": external,
            "payerMessage": self._note(payer_message, "payer_message"),
            "payeeNote": self._note(payee_note, "payee_note"),
            "referenceIdToRefund": validate_reference_id(
                reference_id_to_refund, field="reference_id_to_refund"
            ),
        }
        return self._create(
            endpoint=f"refund_{version}",
            operation="refund" if version == "v1" else "refund_v2",
            status=self._refund_status,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=external, party=None
            ),
            reference_id=reference_id,
            callback_url=callback_url,
        )

    @operation
    def refund(
        self,
        *,
        amount: AmountLike,
        reference_id_to_refund: str,
        external_id: str,
        currency: str | None = None,
        payer_message: str | None = None,
        payee_note: str | None = None,
        reference_id: str | None = None,
        callback_url: str | None = None,
    ) -> Create:
        """Refund (part of) an earlier collection, named by its reference id (v1 API)."""
        return self._refund(
            "v1",
            amount=amount,
            reference_id_to_refund=reference_id_to_refund,
            external_id=external_id,
            currency=currency,
            payer_message=payer_message,
            payee_note=payee_note,
            reference_id=reference_id,
            callback_url=callback_url,
        )

    @operation
    def refund_v2(
        self,
        *,
        amount: AmountLike,
        reference_id_to_refund: str,
        external_id: str,
        currency: str | None = None,
        payer_message: str | None = None,
        payee_note: str | None = None,
        reference_id: str | None = None,
        callback_url: str | None = None,
    ) -> Create:
        """Refund (part of) an earlier collection (v2 API; the callback is a PUT)."""
        return self._refund(
            "v2",
            amount=amount,
            reference_id_to_refund=reference_id_to_refund,
            external_id=external_id,
            currency=currency,
            payer_message=payer_message,
            payee_note=payee_note,
            reference_id=reference_id,
            callback_url=callback_url,
        )

    def _refund_status(self, reference_id: str) -> Query[TransferStatus]:
        return self._status("get_refund_status", "refund", TransferStatus.from_wire, reference_id)

    @operation
    def get_refund_status(self, reference_id: str) -> Query[TransferStatus]:
        """The status of a refund (v1 or v2)."""
        return self._refund_status(reference_id)

    @operation
    def wait_for_refund(
        self, reference_id: str, *, timeout: float = DEFAULT_WAIT_TIMEOUT
    ) -> Wait[TransferStatus]:
        """Poll until the refund (v1 or v2) is final."""
        return self._wait(self._refund_status(reference_id), timeout)

    get_refund_v2_status = get_refund_status
    wait_for_refund_v2 = wait_for_refund
