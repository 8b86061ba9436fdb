# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BasicUserInfo")


@_attrs_define
class BasicUserInfo:
    """An account holder's basic information, available without consent. Observed: `sub`, `name`, `given_name`,
    `family_name`, `birthdate`, `locale`, `gender`, `updated_at` (MTN's export adds `status`, not seen live).

    """

    sub: str | Unset = UNSET
    """ Subject, MoMo's identifier for the account holder. """
    name: str | Unset = UNSET
    """ Full name, for display. """
    given_name: str | Unset = UNSET
    """ Given (first) name(s). """
    family_name: str | Unset = UNSET
    """ Family name(s). """
    birthdate: str | Unset = UNSET
    """ Date of birth, `YYYY-MM-DD`. """
    locale: str | Unset = UNSET
    """ Locale, e.g. `sv_SE` (underscore, not BCP 47's dash). """
    gender: str | Unset = UNSET
    """ Gender, e.g. `MALE`, `FEMALE`. """
    updated_at: int | Unset = UNSET
    """ When the data last changed, in seconds since the Unix epoch. """
    status: str | Unset = UNSET
    """ Account-holder status (in MTN's export; not in the observed body). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub = self.sub

        name = self.name

        given_name = self.given_name

        family_name = self.family_name

        birthdate = self.birthdate

        locale = self.locale

        gender = self.gender

        updated_at = self.updated_at

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sub is not UNSET:
            field_dict["sub"] = sub
        if name is not UNSET:
            field_dict["name"] = name
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if birthdate is not UNSET:
            field_dict["birthdate"] = birthdate
        if locale is not UNSET:
            field_dict["locale"] = locale
        if gender is not UNSET:
            field_dict["gender"] = gender
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        sub = d.pop("sub", UNSET)

        name = d.pop("name", UNSET)

        given_name = d.pop("given_name", UNSET)

        family_name = d.pop("family_name", UNSET)

        birthdate = d.pop("birthdate", UNSET)

        locale = d.pop("locale", UNSET)

        gender = d.pop("gender", UNSET)

        updated_at = d.pop("updated_at", UNSET)

        status = d.pop("status", UNSET)

        basic_user_info = cls(
            sub=sub,
            name=name,
            given_name=given_name,
            family_name=family_name,
            birthdate=birthdate,
            locale=locale,
            gender=gender,
            updated_at=updated_at,
            status=status,
        )

        basic_user_info.additional_properties = d
        return basic_user_info

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
