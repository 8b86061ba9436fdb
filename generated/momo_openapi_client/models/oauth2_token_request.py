# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuth2TokenRequest")


@_attrs_define
class OAuth2TokenRequest:
    """A consent-token request, sent form-encoded, e.g. `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`."""

    grant_type: str
    """ `urn:openid:params:grant-type:ciba` with `auth_req_id`, or `refresh_token` with `refresh_token`. """
    auth_req_id: str | Unset = UNSET
    """ The `auth_req_id` from bc-authorize (for the ciba grant). """
    refresh_token: str | Unset = UNSET
    """ A refresh token from an earlier offline consent (for the refresh grant). """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type

        auth_req_id = self.auth_req_id

        refresh_token = self.refresh_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
            }
        )
        if auth_req_id is not UNSET:
            field_dict["auth_req_id"] = auth_req_id
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        grant_type = d.pop("grant_type")

        auth_req_id = d.pop("auth_req_id", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        oauth2_token_request = cls(
            grant_type=grant_type,
            auth_req_id=auth_req_id,
            refresh_token=refresh_token,
        )

        oauth2_token_request.additional_properties = d
        return oauth2_token_request

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
