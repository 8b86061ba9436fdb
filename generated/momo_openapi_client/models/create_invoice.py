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


T = TypeVar("T", bound="CreateInvoice")


@_attrs_define
class CreateInvoice:
    """An invoice for the intended payer to pay later."""

    external_id: str
    """ Your own reference, for reconciliation. Need not be unique. """
    amount: str
    """ The amount to pay, a positive decimal number as a string. """
    currency: str
    """ ISO 4217 currency code (`EUR` in the sandbox). """
    validity_duration: str
    """ How long the invoice stays payable, in seconds, as a string. """
    intended_payer: Party
    """ An account holder in MoMo, identified by a typed id. """
    payee: Party
    """ An account holder in MoMo, identified by a typed id. """
    description: str | Unset = UNSET
    """ Optional description of the invoice, shown to the payer. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id = self.external_id

        amount = self.amount

        currency = self.currency

        validity_duration = self.validity_duration

        intended_payer = self.intended_payer.to_dict()

        payee = self.payee.to_dict()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "externalId": external_id,
                "amount": amount,
                "currency": currency,
                "validityDuration": validity_duration,
                "intendedPayer": intended_payer,
                "payee": payee,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.party import Party

        d = dict(src_dict)
        external_id = d.pop("externalId")

        amount = d.pop("amount")

        currency = d.pop("currency")

        validity_duration = d.pop("validityDuration")

        intended_payer = Party.from_dict(d.pop("intendedPayer"))

        payee = Party.from_dict(d.pop("payee"))

        description = d.pop("description", UNSET)

        create_invoice = cls(
            external_id=external_id,
            amount=amount,
            currency=currency,
            validity_duration=validity_duration,
            intended_payer=intended_payer,
            payee=payee,
            description=description,
        )

        create_invoice.additional_properties = d
        return create_invoice

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
