# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payer_identification_type import (
    PayerIdentificationType,
    check_payer_identification_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.party import Party


T = TypeVar("T", bound="CashTransfer")


@_attrs_define
class CashTransfer:
    """A cross-border cash transfer. Note the wire name `orginatingCountry`: MTN misspells it and the API expects it that
    way.

    """

    amount: str
    """ Amount to credit, a positive decimal number as a string. """
    currency: str
    """ ISO 4217 currency code of `amount` (`EUR` in the sandbox). """
    payee: Party
    """ An account holder in MoMo, identified by a typed id. """
    external_id: str
    """ Your own reference, for reconciliation. Need not be unique. """
    orginating_country: str | Unset = UNSET
    """ Country the money comes from. The wire name is misspelt (`orginating`, not `originating`) in MTN's API; keep
    it. """
    original_amount: str | Unset = UNSET
    """ The amount before currency exchange, as a decimal string. """
    original_currency: str | Unset = UNSET
    """ ISO 4217 currency code of `originalAmount`. """
    payer_message: str | Unset = UNSET
    """ Written to the payer's transaction history. 1–160 characters. """
    payee_note: str | Unset = UNSET
    """ Written to the payee's transaction history. 1–160 characters. """
    payer_identification_type: PayerIdentificationType | Unset = UNSET
    """ The payer's identity document type (ISO 20022 codes): PASS passport, CPFA tax number, SRSSA social security,
    NRIN national registration, OTHR other, DRLC driving licence, SOCS social security card, AREG alien
    registration, IDCD identity card, EMID employer id. """
    payer_identification_number: str | Unset = UNSET
    """ Number of the payer's identity document. """
    payer_identity: str | Unset = UNSET
    """ Identification of the payer. """
    payer_first_name: str | Unset = UNSET
    """ The payer's first name. """
    payer_sur_name: str | Unset = UNSET
    """ The payer's surname. """
    payer_language_code: str | Unset = UNSET
    """ The payer's language (ISO 639-1), e.g. `en`. """
    payer_email: str | Unset = UNSET
    """ The payer's e-mail address. """
    payer_msisdn: str | Unset = UNSET
    """ The payer's mobile number, digits only. """
    payer_gender: str | Unset = UNSET
    """ The payer's gender (ISO 20022 gender code). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        payee = self.payee.to_dict()

        external_id = self.external_id

        orginating_country = self.orginating_country

        original_amount = self.original_amount

        original_currency = self.original_currency

        payer_message = self.payer_message

        payee_note = self.payee_note

        payer_identification_type: str | Unset = UNSET
        if not isinstance(self.payer_identification_type, Unset):
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
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "payee": payee,
                "externalId": external_id,
            }
        )
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
        from ..models.party import Party

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        payee = Party.from_dict(d.pop("payee"))

        external_id = d.pop("externalId")

        orginating_country = d.pop("orginatingCountry", UNSET)

        original_amount = d.pop("originalAmount", UNSET)

        original_currency = d.pop("originalCurrency", UNSET)

        payer_message = d.pop("payerMessage", UNSET)

        payee_note = d.pop("payeeNote", UNSET)

        _payer_identification_type = d.pop("payerIdentificationType", UNSET)
        payer_identification_type: PayerIdentificationType | Unset
        if isinstance(_payer_identification_type, Unset):
            payer_identification_type = UNSET
        else:
            payer_identification_type = check_payer_identification_type(_payer_identification_type)

        payer_identification_number = d.pop("payerIdentificationNumber", UNSET)

        payer_identity = d.pop("payerIdentity", UNSET)

        payer_first_name = d.pop("payerFirstName", UNSET)

        payer_sur_name = d.pop("payerSurName", UNSET)

        payer_language_code = d.pop("payerLanguageCode", UNSET)

        payer_email = d.pop("payerEmail", UNSET)

        payer_msisdn = d.pop("payerMsisdn", UNSET)

        payer_gender = d.pop("payerGender", UNSET)

        cash_transfer = cls(
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

        cash_transfer.additional_properties = d
        return cash_transfer

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
