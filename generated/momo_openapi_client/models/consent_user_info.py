# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="ConsentUserInfo")


@_attrs_define
class ConsentUserInfo:
    """The account holder's data released by consent (`scope=all_info`: every field; with `scope=profile` only the
    BasicUserInfo fields). Observed types: `address` is an object, `credit_score` a number, `updated_at` an integer
    epoch (MTN's export types `address` and `credit_score` as strings and `updated_at` as a number).

    """

    sub: str | Unset = UNSET
    """ Subject, MoMo's identifier for the account holder. """
    name: str | Unset = UNSET
    """ Full name, for display. """
    given_name: str | Unset = UNSET
    """ Given (first) name(s). """
    family_name: str | Unset = UNSET
    """ Family name(s). """
    middle_name: str | Unset = UNSET
    """ Middle name(s). """
    birthdate: str | Unset = UNSET
    """ Date of birth, `YYYY-MM-DD`. """
    locale: str | Unset = UNSET
    """ Locale, e.g. `sv_SE`. """
    status: str | Unset = UNSET
    """ Account-holder status, e.g. `ACTIVE`. """
    gender: str | Unset = UNSET
    """ Gender, e.g. `MALE`, `FEMALE`. """
    email: str | Unset = UNSET
    """ E-mail address. """
    email_verified: bool | Unset = UNSET
    """ Whether the e-mail address has been verified. """
    phone_number: str | Unset = UNSET
    """ Phone number, digits only. """
    phone_number_verified: bool | Unset = UNSET
    """ Whether the phone number has been verified. """
    address: Address | Unset = UNSET
    """ A postal address (OpenID Connect address claim). """
    updated_at: int | Unset = UNSET
    """ When the data last changed, in seconds since the Unix epoch. """
    credit_score: float | str | Unset = UNSET
    """ The account holder's credit score. Observed as a number (`123`); MTN's export says a string, so both are
    accepted. """
    active: bool | Unset = UNSET
    """ Whether the account is active. """
    country_of_birth: str | Unset = UNSET
    """ Country of birth. """
    region_of_birth: str | Unset = UNSET
    """ Region of birth. """
    city_of_birth: str | Unset = UNSET
    """ City of birth. """
    occupation: str | Unset = UNSET
    """ Occupation. """
    employer_name: str | Unset = UNSET
    """ Employer's name. """
    identification_type: str | Unset = UNSET
    """ Type of the (first non-expired) identity document, e.g. `PASS` (see PayerIdentificationType for the known
    codes). """
    identification_value: str | Unset = UNSET
    """ Number of that identity document. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub = self.sub

        name = self.name

        given_name = self.given_name

        family_name = self.family_name

        middle_name = self.middle_name

        birthdate = self.birthdate

        locale = self.locale

        status = self.status

        gender = self.gender

        email = self.email

        email_verified = self.email_verified

        phone_number = self.phone_number

        phone_number_verified = self.phone_number_verified

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        updated_at = self.updated_at

        credit_score: float | str | Unset
        if isinstance(self.credit_score, Unset):
            credit_score = UNSET
        else:
            credit_score = self.credit_score

        active = self.active

        country_of_birth = self.country_of_birth

        region_of_birth = self.region_of_birth

        city_of_birth = self.city_of_birth

        occupation = self.occupation

        employer_name = self.employer_name

        identification_type = self.identification_type

        identification_value = self.identification_value

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
        if middle_name is not UNSET:
            field_dict["middle_name"] = middle_name
        if birthdate is not UNSET:
            field_dict["birthdate"] = birthdate
        if locale is not UNSET:
            field_dict["locale"] = locale
        if status is not UNSET:
            field_dict["status"] = status
        if gender is not UNSET:
            field_dict["gender"] = gender
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if phone_number_verified is not UNSET:
            field_dict["phone_number_verified"] = phone_number_verified
        if address is not UNSET:
            field_dict["address"] = address
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if credit_score is not UNSET:
            field_dict["credit_score"] = credit_score
        if active is not UNSET:
            field_dict["active"] = active
        if country_of_birth is not UNSET:
            field_dict["country_of_birth"] = country_of_birth
        if region_of_birth is not UNSET:
            field_dict["region_of_birth"] = region_of_birth
        if city_of_birth is not UNSET:
            field_dict["city_of_birth"] = city_of_birth
        if occupation is not UNSET:
            field_dict["occupation"] = occupation
        if employer_name is not UNSET:
            field_dict["employer_name"] = employer_name
        if identification_type is not UNSET:
            field_dict["identification_type"] = identification_type
        if identification_value is not UNSET:
            field_dict["identification_value"] = identification_value

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address import Address

        d = dict(src_dict)
        sub = d.pop("sub", UNSET)

        name = d.pop("name", UNSET)

        given_name = d.pop("given_name", UNSET)

        family_name = d.pop("family_name", UNSET)

        middle_name = d.pop("middle_name", UNSET)

        birthdate = d.pop("birthdate", UNSET)

        locale = d.pop("locale", UNSET)

        status = d.pop("status", UNSET)

        gender = d.pop("gender", UNSET)

        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        phone_number = d.pop("phone_number", UNSET)

        phone_number_verified = d.pop("phone_number_verified", UNSET)

        _address = d.pop("address", UNSET)
        address: Address | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Address.from_dict(_address)

        updated_at = d.pop("updated_at", UNSET)

        def _parse_credit_score(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        credit_score = _parse_credit_score(d.pop("credit_score", UNSET))

        active = d.pop("active", UNSET)

        country_of_birth = d.pop("country_of_birth", UNSET)

        region_of_birth = d.pop("region_of_birth", UNSET)

        city_of_birth = d.pop("city_of_birth", UNSET)

        occupation = d.pop("occupation", UNSET)

        employer_name = d.pop("employer_name", UNSET)

        identification_type = d.pop("identification_type", UNSET)

        identification_value = d.pop("identification_value", UNSET)

        consent_user_info = cls(
            sub=sub,
            name=name,
            given_name=given_name,
            family_name=family_name,
            middle_name=middle_name,
            birthdate=birthdate,
            locale=locale,
            status=status,
            gender=gender,
            email=email,
            email_verified=email_verified,
            phone_number=phone_number,
            phone_number_verified=phone_number_verified,
            address=address,
            updated_at=updated_at,
            credit_score=credit_score,
            active=active,
            country_of_birth=country_of_birth,
            region_of_birth=region_of_birth,
            city_of_birth=city_of_birth,
            occupation=occupation,
            employer_name=employer_name,
            identification_type=identification_type,
            identification_value=identification_value,
        )

        consent_user_info.additional_properties = d
        return consent_user_info

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
