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


T = TypeVar("T", bound="PreApproval")


@_attrs_define
class PreApproval:
    """A request for the payer to pre-approve future debits by the partner."""

    payer: Party
    """ An account holder in MoMo, identified by a typed id. """
    payer_currency: str
    """ ISO 4217 currency code of the payer's account (`EUR` in the sandbox). """
    payer_message: str | Unset = UNSET
    """ The message shown to the payer when approving. At most 160 characters. """
    validity_time: int | Unset = UNSET
    """ How long the pre-approval stays valid once accepted, in seconds. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payer = self.payer.to_dict()

        payer_currency = self.payer_currency

        payer_message = self.payer_message

        validity_time = self.validity_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payer": payer,
                "payerCurrency": payer_currency,
            }
        )
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if validity_time is not UNSET:
            field_dict["validityTime"] = validity_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.party import Party

        d = dict(src_dict)
        payer = Party.from_dict(d.pop("payer"))

        payer_currency = d.pop("payerCurrency")

        payer_message = d.pop("payerMessage", UNSET)

        validity_time = d.pop("validityTime", UNSET)

        pre_approval = cls(
            payer=payer,
            payer_currency=payer_currency,
            payer_message=payer_message,
            validity_time=validity_time,
        )

        pre_approval.additional_properties = d
        return pre_approval

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
