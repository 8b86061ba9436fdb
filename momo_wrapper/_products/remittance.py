"""``momo.remittance``: cross-border transfers into MoMo wallets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypedDict, cast

from .._api import (
    PAYER_IDENTIFICATION_TYPE_VALUES,
    UNSET,
    CashTransfer,
    PayerIdentificationType,
    Unset,
)
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
        # The wire name is misspelt by MTN ("orginating"), and so is the model's field.
        country: str | Unset = UNSET
        if originating_country is not None:
            country = require_str(originating_country, "originating_country", "SE")
        original: str | Unset = UNSET
        sent_amount: str | Unset = UNSET
        if original_amount is not None:
            # The sender's currency: any ISO 4217 code, not bound to the target environment.
            original = validate_currency(original_currency or code, field="original_currency")
            sent_amount = self._amount(original_amount, original, "original_amount")
        body = CashTransfer(
            amount=wire_amount,
            currency=code,
            payee=party,
            external_id=external,
            orginating_country=country,
            original_amount=sent_amount,
            original_currency=original,
            payer_message=self._note(payer_message, "payer_message"),
            payee_note=self._note(payee_note, "payee_note"),
            **_payer_fields(payer or {}),
        )
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


class _PayerFields(TypedDict, total=False):
    """The sender's KYC as CashTransfer's keyword arguments."""

    payer_identification_type: PayerIdentificationType
    payer_identification_number: str
    payer_identity: str
    payer_first_name: str
    payer_sur_name: str
    payer_language_code: str
    payer_email: str
    payer_msisdn: str
    payer_gender: str


_PAYER_FIELDS = {
    "payerIdentificationType": "payer_identification_type",
    "payerIdentificationNumber": "payer_identification_number",
    "payerIdentity": "payer_identity",
    "payerFirstName": "payer_first_name",
    "payerSurName": "payer_sur_name",
    "payerLanguageCode": "payer_language_code",
    "payerEmail": "payer_email",
    "payerMsisdn": "payer_msisdn",
    "payerGender": "payer_gender",
}
"""``payer=`` keys (MoMo's wire names, as users know them) -> CashTransfer's field names."""


def _payer_fields(payer: object) -> _PayerFields:
    allowed = tuple(_PAYER_FIELDS)
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
    if kind is not None and kind not in PAYER_IDENTIFICATION_TYPE_VALUES:
        raise MomoValidationError(
            "payer.payerIdentificationType",
            f"{kind!r} is not an identification type.",
            f"Use one of {', '.join(PAYER_IDENTIFICATION_TYPES)}.",
        )
    # Checked above: every key is one of _PAYER_FIELDS and the type is one of the Literal's.
    return cast(_PayerFields, {_PAYER_FIELDS[key]: value for key, value in fields.items()})
