# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.party_id_type import PartyIdType, check_party_id_type

T = TypeVar("T", bound="Party")


@_attrs_define
class Party:
    """An account holder in MoMo, identified by a typed id.

    Example:
        {'partyIdType': 'MSISDN', 'partyId': '46733123453'}

    """

    party_id_type: PartyIdType
    """ How `partyId` identifies the account holder: `MSISDN` (mobile number, ITU-T E.164, digits only), `EMAIL`
    (e-mail address) or `PARTY_CODE` (a UUID). """
    party_id: str
    """ The id, always a JSON string: an MSISDN such as `46733123453` (country code and number; local forms like
    `0248888736` were also accepted by the sandbox), an e-mail address, or a UUID for PARTY_CODE. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        party_id_type: str = self.party_id_type

        party_id = self.party_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partyIdType": party_id_type,
                "partyId": party_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        party_id_type = check_party_id_type(d.pop("partyIdType"))

        party_id = d.pop("partyId")

        party = cls(
            party_id_type=party_id_type,
            party_id=party_id,
        )

        party.additional_properties = d
        return party

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
