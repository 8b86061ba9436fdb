"""``momo.remittance``: cross-border transfers into MoMo wallets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from .._errors import MomoValidationError
from .._flows import Create
from .._operations import CASH_TRANSFER
from .._validation import (
    require_str,
    validate_currency,
    validate_external_id,
    validate_msisdn,
)
from ._base import AmountLike, RunnerT, StatusRead, WaitFor, fingerprint, operation
from ._payouts import PayoutProduct

PAYER_IDENTIFICATION_TYPES = (
    "PASS",
    "CPFA",
    "SRSSA",
    "NRIN",
    "OTHR",
    "DRLC",
    "SOCS",
    "AREG",
    "IDCD",
    "EMID",
)


class Remittance(PayoutProduct[RunnerT]):
    """Remittance: transfer and cash transfer, plus balance, account-holder checks and KYC."""

    name: ClassVar[str] = "remittance"

    def _basic_user_info_path(self, party_id: object, party_id_type: object) -> dict[str, Any]:
        if str(party_id_type).upper() != "MSISDN":
            raise MomoValidationError(
                "party_id_type", "remittance looks up basic user info by MSISDN only."
            )
        return {"account_holder_msisdn": validate_msisdn(party_id, field="party_id")}

    @operation
    def cash_transfer(
        self,
        *,
        amount: AmountLike,
        payee: str,
        external_id: str,
        currency: str | None = None,
        originating_country: str | None = None,
        original_amount: AmountLike | None = None,
        original_currency: str | None = None,
        payer_message: str | None = None,
        payee_note: str | None = None,
        payee_id_type: str = "MSISDN",
        payer: dict[str, str] | None = None,
        reference_id: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> Create:
        """Send a cross-border cash transfer to ``payee`` (v2 ``cashtransfer``).

        ``payer`` carries the sender's KYC as MoMo names it (``payerIdentificationType`` one of
        PASS, CPFA, SRSSA, NRIN, OTHR, DRLC, SOCS, AREG, IDCD, EMID; ``payerFirstName``,
        ``payerSurName``, ``payerEmail``, ``payerMsisdn``, ...).
        """
        code = self._currency(currency)
        wire_amount = self._amount(amount, code)
        party = self._party(payee, payee_id_type, "payee")
        external = validate_external_id(external_id)
        body: dict[str, Any] = {
            "amount": wire_amount,
            "currency": code,
            "payee": party,
            "externalId": external,
            "payerMessage": self._note(payer_message, "payer_message"),
            "payeeNote": self._note(payee_note, "payee_note"),
        }
        if originating_country is not None:
            # The wire name is misspelt by MTN ("orginating"): keep it.
            body["orginatingCountry"] = require_str(
                originating_country, "originating_country", "SE"
            )
        if original_amount is not None:
            # The sender's currency: any ISO 4217 code, not bound to the target environment.
            original = validate_currency(original_currency or code, field="original_currency")
            body["originalAmount"] = self._amount(original_amount, original, "original_amount")
            body["originalCurrency"] = original
        body.update(_payer_fields(payer or {}))
        return self._create(
            endpoint="cash_transfer",
            operation="cash_transfer",
            status=CASH_TRANSFER,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=external, party=party
            ),
            reference_id=reference_id,
            callback_url=callback_url,
            external_id=external,
            idempotency_key=idempotency_key,
        )

    get_cash_transfer_status = StatusRead(CASH_TRANSFER)
    wait_for_cash_transfer = WaitFor(CASH_TRANSFER)


def _payer_fields(payer: object) -> dict[str, str]:
    allowed = (
        "payerIdentificationType",
        "payerIdentificationNumber",
        "payerIdentity",
        "payerFirstName",
        "payerSurName",
        "payerLanguageCode",
        "payerEmail",
        "payerMsisdn",
        "payerGender",
    )
    if not isinstance(payer, Mapping):
        raise MomoValidationError(
            "payer", "must be a dict of the sender's KYC fields.", f"Use keys {', '.join(allowed)}."
        )
    unknown = sorted(set(payer) - set(allowed))
    if unknown:
        raise MomoValidationError(
            "payer", f"unknown field(s) {', '.join(unknown)}.", f"Use {', '.join(allowed)}."
        )
    fields = {key: require_str(value, f"payer.{key}", "value") for key, value in payer.items()}
    kind = fields.get("payerIdentificationType")
    if kind is not None and kind not in PAYER_IDENTIFICATION_TYPES:
        raise MomoValidationError(
            "payer.payerIdentificationType",
            f"{kind!r} is not an identification type.",
            f"Use one of {', '.join(PAYER_IDENTIFICATION_TYPES)}.",
        )
    return fields
