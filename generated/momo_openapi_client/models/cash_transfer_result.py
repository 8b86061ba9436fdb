# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_reason import ErrorReason
    from ..models.party import Party


T = TypeVar("T", bound="CashTransferResult")


@_attrs_define
class CashTransferResult:
    """A cash transfer as MoMo reports it (not observed live; fields from MTN's export, all optional). Keeps the misspelt
    wire name `orginatingCountry`.

    """

    financial_transaction_id: str | Unset = UNSET
    """ MoMo's id of the money movement, a numeric string; present once SUCCESSFUL. """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: PENDING, SUCCESSFUL, FAILED (see `reason`), CREATED (treat
    as not final). """
    reason: ErrorReason | str | Unset = UNSET
    """ Why a transaction FAILED. Observed: always a plain string such as `"APPROVAL_REJECTED"`,
    `"EXPIRED"`, `"INTERNAL_PROCESSING_ERROR"` or `"NOT_ENOUGH_FUNDS"` (MTN's export says an
    ErrorReason object `{code, message}`); both shapes are accepted.

    Sandbox test numbers: 46733123450 → INTERNAL_PROCESSING_ERROR, 46733123451 →
    APPROVAL_REJECTED, 46733123452 → EXPIRED. In production, insufficient funds mostly
    arrive as INTERNAL_PROCESSING_ERROR, and a PIN not entered within 5 minutes as
    COULD_NOT_PERFORM_TRANSACTION.
     """
    amount: str | Unset = UNSET
    """ The amount, normalised. """
    currency: str | Unset = UNSET
    """ ISO 4217 currency code. """
    payee: Party | Unset = UNSET
    """ An account holder in MoMo, identified by a typed id. """
    external_id: str | Unset = UNSET
    """ The `externalId` sent with the request. """
    orginating_country: str | Unset = UNSET
    """ Country the money came from (misspelt wire name, kept as MTN sends it). """
    original_amount: str | Unset = UNSET
    """ The amount before currency exchange. """
    original_currency: str | Unset = UNSET
    """ ISO 4217 currency code of `originalAmount`. """
    payer_message: str | Unset = UNSET
    """ The `payerMessage` sent with the request. """
    payee_note: str | Unset = UNSET
    """ The `payeeNote` sent with the request. """
    payer_identification_type: str | Unset = UNSET
    """ The payer's identity document type as sent (see PayerIdentificationType); an open string here so that an
    unknown code cannot break reading the result. """
    payer_identification_number: str | Unset = UNSET
    """ Number of the payer's identity document. """
    payer_identity: str | Unset = UNSET
    """ Identification of the payer. """
    payer_first_name: str | Unset = UNSET
    """ The payer's first name. """
    payer_sur_name: str | Unset = UNSET
    """ The payer's surname. """
    payer_language_code: str | Unset = UNSET
    """ The payer's language. """
    payer_email: str | Unset = UNSET
    """ The payer's e-mail address. """
    payer_msisdn: str | Unset = UNSET
    """ The payer's mobile number. """
    payer_gender: str | Unset = UNSET
    """ The payer's gender. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_reason import ErrorReason

        financial_transaction_id = self.financial_transaction_id

        status = self.status

        reason: dict[str, Any] | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, ErrorReason):
            reason = self.reason.to_dict()
        else:
            reason = self.reason

        amount = self.amount

        currency = self.currency

        payee: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payee, Unset):
            payee = self.payee.to_dict()

        external_id = self.external_id

        orginating_country = self.orginating_country

        original_amount = self.original_amount

        original_currency = self.original_currency

        payer_message = self.payer_message

        payee_note = self.payee_note

        payer_identification_type = self.payer_identification_type

        payer_identification_number = self.payer_identification_number

        payer_identity = self.payer_identity

        payer_first_name = self.payer_first_name

        payer_sur_name = self.payer_sur_name

        payer_language_code = self.payer_language_code

        payer_email = self.payer_email

        payer_msisdn = self.payer_msisdn

        payer_gender = self.payer_gender

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if financial_transaction_id is not UNSET:
            field_dict["financialTransactionId"] = financial_transaction_id
        if status is not UNSET:
            field_dict["status"] = status
        if reason is not UNSET:
            field_dict["reason"] = reason
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if payee is not UNSET:
            field_dict["payee"] = payee
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if orginating_country is not UNSET:
            field_dict["orginatingCountry"] = orginating_country
        if original_amount is not UNSET:
            field_dict["originalAmount"] = original_amount
        if original_currency is not UNSET:
            field_dict["originalCurrency"] = original_currency
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if payee_note is not UNSET:
            field_dict["payeeNote"] = payee_note
        if payer_identification_type is not UNSET:
            field_dict["payerIdentificationType"] = payer_identification_type
        if payer_identification_number is not UNSET:
            field_dict["payerIdentificationNumber"] = payer_identification_number
        if payer_identity is not UNSET:
            field_dict["payerIdentity"] = payer_identity
        if payer_first_name is not UNSET:
            field_dict["payerFirstName"] = payer_first_name
        if payer_sur_name is not UNSET:
            field_dict["payerSurName"] = payer_sur_name
        if payer_language_code is not UNSET:
            field_dict["payerLanguageCode"] = payer_language_code
        if payer_email is not UNSET:
            field_dict["payerEmail"] = payer_email
        if payer_msisdn is not UNSET:
            field_dict["payerMsisdn"] = payer_msisdn
        if payer_gender is not UNSET:
            field_dict["payerGender"] = payer_gender

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_reason import ErrorReason
        from ..models.party import Party

        d = dict(src_dict)
        financial_transaction_id = d.pop("financialTransactionId", UNSET)

        status = d.pop("status", UNSET)

        def _parse_reason(data: object) -> ErrorReason | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_reason_type_1 = ErrorReason.from_dict(data)

                return componentsschemas_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorReason | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        amount = d.pop("amount", UNSET)

        currency = d.pop("currency", UNSET)

        _payee = d.pop("payee", UNSET)
        payee: Party | Unset
        if isinstance(_payee, Unset):
            payee = UNSET
        else:
            payee = Party.from_dict(_payee)

        external_id = d.pop("externalId", UNSET)

        orginating_country = d.pop("orginatingCountry", UNSET)

        original_amount = d.pop("originalAmount", UNSET)

        original_currency = d.pop("originalCurrency", UNSET)

        payer_message = d.pop("payerMessage", UNSET)

        payee_note = d.pop("payeeNote", UNSET)

        payer_identification_type = d.pop("payerIdentificationType", UNSET)

        payer_identification_number = d.pop("payerIdentificationNumber", UNSET)

        payer_identity = d.pop("payerIdentity", UNSET)

        payer_first_name = d.pop("payerFirstName", UNSET)

        payer_sur_name = d.pop("payerSurName", UNSET)

        payer_language_code = d.pop("payerLanguageCode", UNSET)

        payer_email = d.pop("payerEmail", UNSET)

        payer_msisdn = d.pop("payerMsisdn", UNSET)

        payer_gender = d.pop("payerGender", UNSET)

        cash_transfer_result = cls(
            financial_transaction_id=financial_transaction_id,
            status=status,
            reason=reason,
            amount=amount,
            currency=currency,
            payee=payee,
            external_id=external_id,
            orginating_country=orginating_country,
            original_amount=original_amount,
            original_currency=original_currency,
            payer_message=payer_message,
            payee_note=payee_note,
            payer_identification_type=payer_identification_type,
            payer_identification_number=payer_identification_number,
            payer_identity=payer_identity,
            payer_first_name=payer_first_name,
            payer_sur_name=payer_sur_name,
            payer_language_code=payer_language_code,
            payer_email=payer_email,
            payer_msisdn=payer_msisdn,
            payer_gender=payer_gender,
        )

        cash_transfer_result.additional_properties = d
        return cash_transfer_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
