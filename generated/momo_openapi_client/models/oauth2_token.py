# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuth2Token")


@_attrs_define
class OAuth2Token:
    """A consent token, for `/{product}/oauth2/v1_0/userinfo`."""

    access_token: str
    """ The consent token (a JWT; 3600 s by default). Treat it as secret. """
    token_type: str | Unset = UNSET
    """ Token type; MTN documents `Bearer`. """
    expires_in: float | Unset = UNSET
    """ Lifetime in seconds. """
    scope: str | Unset = UNSET
    """ The scopes the consent covers. """
    refresh_token: str | Unset = UNSET
    """ Refresh token (offline consents only). Treat it as secret. """
    refresh_token_expired_in: int | Unset = UNSET
    """ Seconds until the consent can no longer be refreshed. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        scope = self.scope

        refresh_token = self.refresh_token

        refresh_token_expired_in = self.refresh_token_expired_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
            }
        )
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if scope is not UNSET:
            field_dict["scope"] = scope
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if refresh_token_expired_in is not UNSET:
            field_dict["refresh_token_expired_in"] = refresh_token_expired_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        scope = d.pop("scope", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        refresh_token_expired_in = d.pop("refresh_token_expired_in", UNSET)

        oauth2_token = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
            scope=scope,
            refresh_token=refresh_token,
            refresh_token_expired_in=refresh_token_expired_in,
        )

        oauth2_token.additional_properties = d
        return oauth2_token

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
