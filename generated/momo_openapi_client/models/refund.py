# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Refund")


@_attrs_define
class Refund:
    """A refund of (part of) an earlier request to pay."""

    amount: str
    """ Amount to refund, a positive decimal number as a string. """
    currency: str
    """ ISO 4217 currency code (`EUR` in the sandbox). """
    external_id: str
    """ Your own reference, for reconciliation. Need not be unique. """
    reference_id_to_refund: UUID
    """ The `X-Reference-Id` of the request to pay being refunded. """
    payer_message: str | Unset = UNSET
    """ Written to the partner's transaction history. 1–160 characters. """
    payee_note: str | Unset = UNSET
    """ Written to the refunded customer's transaction history. 1–160 characters. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        external_id = self.external_id

        reference_id_to_refund = str(self.reference_id_to_refund)

        payer_message = self.payer_message

        payee_note = self.payee_note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "externalId": external_id,
                "referenceIdToRefund": reference_id_to_refund,
            }
        )
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if payee_note is not UNSET:
            field_dict["payeeNote"] = payee_note

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        external_id = d.pop("externalId")

        reference_id_to_refund = UUID(d.pop("referenceIdToRefund"))

        payer_message = d.pop("payerMessage", UNSET)

        payee_note = d.pop("payeeNote", UNSET)

        refund = cls(
            amount=amount,
            currency=currency,
            external_id=external_id,
            reference_id_to_refund=reference_id_to_refund,
            payer_message=payer_message,
            payee_note=payee_note,
        )

        refund.additional_properties = d
        return refund

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
