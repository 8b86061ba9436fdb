"""``momo.disbursement``: pay out, deposit and refund."""

from __future__ import annotations

import uuid
from typing import ClassVar, Unpack

from .._api import Refund
from .._flows import Create
from .._operations import DEPOSIT, REFUND
from .._validation import validate_external_id, validate_reference_id
from ._base import (
    PayoutArgs,
    RefundArgs,
    RunnerT,
    StatusRead,
    WaitFor,
    checked,
    fingerprint,
    operation,
)
from ._payouts import PayoutProduct


class Disbursement(PayoutProduct[RunnerT]):
    """Disbursement: transfer, deposit and refund, plus balance, account-holder checks and KYC."""

    name: ClassVar[str] = "disbursement"

    # -- deposits -----------------------------------------------------------------------------

    def _deposit(self, version: str, args: PayoutArgs) -> Create:
        return self._transfer(
            endpoint=f"deposit_{version}",
            operation="deposit" if version == "v1" else "deposit_v2",
            status=DEPOSIT,
            party_field="payee",
            args=args,
        )

    @operation
    def deposit(self, **args: Unpack[PayoutArgs]) -> Create:
        """Deposit ``amount`` into ``payee``'s account (v1 API; the callback is a POST).

        Same arguments as :meth:`transfer`.
        """
        return self._deposit("v1", args)

    @operation
    def deposit_v2(self, **args: Unpack[PayoutArgs]) -> Create:
        """Deposit ``amount`` into ``payee``'s account (v2 API; the callback is a PUT).

        Same arguments as :meth:`transfer`.
        """
        return self._deposit("v2", args)

    get_deposit_status = StatusRead(DEPOSIT)
    wait_for_deposit = WaitFor(DEPOSIT)
    get_deposit_v2_status = get_deposit_status
    wait_for_deposit_v2 = wait_for_deposit

    # -- refunds ------------------------------------------------------------------------------

    def _refund(self, version: str, args: RefundArgs) -> Create:
        arguments = checked(args, RefundArgs, ("amount", "reference_id_to_refund", "external_id"))
        code = self._currency(arguments.get("currency"))
        wire_amount = self._amount(arguments["amount"], code)
        external = validate_external_id(arguments["external_id"])
        body = Refund(
            amount=wire_amount,
            currency=code,
            external_id=external,
            payer_message=self._note(arguments.get("payer_message"), "payer_message"),
            payee_note=self._note(arguments.get("payee_note"), "payee_note"),
            reference_id_to_refund=uuid.UUID(
                validate_reference_id(
                    arguments["reference_id_to_refund"], field="reference_id_to_refund"
                )
            ),
        )
        return self._create(
            endpoint=f"refund_{version}",
            operation="refund" if version == "v1" else "refund_v2",
            status=REFUND,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=external, party=None
            ),
            reference_id=arguments.get("reference_id"),
            callback_url=arguments.get("callback_url"),
            external_id=external,
            idempotency_key=arguments.get("idempotency_key"),
        )

    @operation
    def refund(self, **args: Unpack[RefundArgs]) -> Create:
        """Refund (part of) an earlier collection, named by its reference id (v1 API).

        Arguments: ``amount``, ``reference_id_to_refund`` (the collection's reference id),
        ``external_id``; optional ``currency``, ``payer_message``, ``payee_note``,
        ``reference_id``, ``callback_url``, ``idempotency_key``.
        """
        return self._refund("v1", args)

    @operation
    def refund_v2(self, **args: Unpack[RefundArgs]) -> Create:
        """Refund (part of) an earlier collection (v2 API; the callback is a PUT).

        Same arguments as :meth:`refund`.
        """
        return self._refund("v2", args)

    get_refund_status = StatusRead(REFUND)
    wait_for_refund = WaitFor(REFUND)
    get_refund_v2_status = get_refund_status
    wait_for_refund_v2 = wait_for_refund
