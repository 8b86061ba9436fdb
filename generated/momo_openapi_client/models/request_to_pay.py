# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.party import Party


T = TypeVar("T", bound="RequestToPay")


@_attrs_define
class RequestToPay:
    """A request for the payer to pay the partner (also the body of a request to withdraw)."""

    amount: str
    """ Amount to debit from the payer, a positive decimal number as a string. MoMo echoes it normalised (`"5.0"`
    comes back as `"5"`): compare amounts as numbers. """
    currency: str
    """ ISO 4217 currency code. Must match the target environment (`EUR` in the sandbox), otherwise 500
    `INVALID_CURRENCY`. """
    external_id: str
    """ Your own reference, for reconciliation; shown in transaction reports. Need not be unique. Also the only way
    to match a callback, which carries no reference id. """
    payer: Party
    """ An account holder in MoMo, identified by a typed id. """
    payer_message: str | Unset = UNSET
    """ Written to the payer's transaction history. 1–160 characters; avoid `&` and `'` (MoMo rejects them); an
    empty string was rejected in production. """
    payee_note: str | Unset = UNSET
    """ Written to the partner's transaction history. Same limits as payerMessage. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        external_id = self.external_id

        payer = self.payer.to_dict()

        payer_message = self.payer_message

        payee_note = self.payee_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "externalId": external_id,
                "payer": payer,
            }
        )
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if payee_note is not UNSET:
            field_dict["payeeNote"] = payee_note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.party import Party

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        external_id = d.pop("externalId")

        payer = Party.from_dict(d.pop("payer"))

        payer_message = d.pop("payerMessage", UNSET)

        payee_note = d.pop("payeeNote", UNSET)

        request_to_pay = cls(
            amount=amount,
            currency=currency,
            external_id=external_id,
            payer=payer,
            payer_message=payer_message,
            payee_note=payee_note,
        )

        request_to_pay.additional_properties = d
        return request_to_pay

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
