# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.access_type import AccessType, check_access_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="BcAuthorizeRequest")


@_attrs_define
class BcAuthorizeRequest:
    """A consent request, sent form-encoded, e.g. `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`."""

    scope: str
    """ Space-separated scopes. Observed: `all_info` (full KYC record) and `profile` (basic information). """
    login_hint: str
    """ The account holder, as `ID:<id>/<TYPE>`, e.g. `ID:46733123453/MSISDN`. """
    access_type: AccessType | Unset = UNSET
    """ `online`: the consent is used now; `offline`: it may be refreshed later (the token answer then carries a
    `refresh_token`). """
    consent_valid_in: int | Unset = UNSET
    """ How long the consent stays valid, in seconds (only with `offline`). """
    client_notification_token: str | Unset = UNSET
    """ Needed when the client uses CIBA ping or push mode. """
    scope_instruction: str | Unset = UNSET
    """ Base64-encoded instruction of the financial transaction. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope

        login_hint = self.login_hint

        access_type: str | Unset = UNSET
        if not isinstance(self.access_type, Unset):
            access_type = self.access_type

        consent_valid_in = self.consent_valid_in

        client_notification_token = self.client_notification_token

        scope_instruction = self.scope_instruction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scope": scope,
                "login_hint": login_hint,
            }
        )
        if access_type is not UNSET:
            field_dict["access_type"] = access_type
        if consent_valid_in is not UNSET:
            field_dict["consent_valid_in"] = consent_valid_in
        if client_notification_token is not UNSET:
            field_dict["client_notification_token"] = client_notification_token
        if scope_instruction is not UNSET:
            field_dict["scope_instruction"] = scope_instruction

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        scope = d.pop("scope")

        login_hint = d.pop("login_hint")

        _access_type = d.pop("access_type", UNSET)
        access_type: AccessType | Unset
        if isinstance(_access_type, Unset):
            access_type = UNSET
        else:
            access_type = check_access_type(_access_type)

        consent_valid_in = d.pop("consent_valid_in", UNSET)

        client_notification_token = d.pop("client_notification_token", UNSET)

        scope_instruction = d.pop("scope_instruction", UNSET)

        bc_authorize_request = cls(
            scope=scope,
            login_hint=login_hint,
            access_type=access_type,
            consent_valid_in=consent_valid_in,
            client_notification_token=client_notification_token,
            scope_instruction=scope_instruction,
        )

        bc_authorize_request.additional_properties = d
        return bc_authorize_request

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
