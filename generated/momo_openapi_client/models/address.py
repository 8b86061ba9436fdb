# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """A postal address (OpenID Connect address claim)."""

    formatted: str | Unset = UNSET
    """ The full address for display; lines separated by newlines. """
    street_address: str | Unset = UNSET
    """ Street, house number, PO box. """
    postal_code: str | Unset = UNSET
    """ Postal code. """
    locality: str | Unset = UNSET
    """ City or locality. """
    region: str | Unset = UNSET
    """ State, province or region. """
    country: str | Unset = UNSET
    """ Country name. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        formatted = self.formatted

        street_address = self.street_address

        postal_code = self.postal_code

        locality = self.locality

        region = self.region

        country = self.country

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if formatted is not UNSET:
            field_dict["formatted"] = formatted
        if street_address is not UNSET:
            field_dict["street_address"] = street_address
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if locality is not UNSET:
            field_dict["locality"] = locality
        if region is not UNSET:
            field_dict["region"] = region
        if country is not UNSET:
            field_dict["country"] = country

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        formatted = d.pop("formatted", UNSET)

        street_address = d.pop("street_address", UNSET)

        postal_code = d.pop("postal_code", UNSET)

        locality = d.pop("locality", UNSET)

        region = d.pop("region", UNSET)

        country = d.pop("country", UNSET)

        address = cls(
            formatted=formatted,
            street_address=street_address,
            postal_code=postal_code,
            locality=locality,
            region=region,
            country=country,
        )

        address.additional_properties = d
        return address

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
