# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BcAuthorizeResult")


@_attrs_define
class BcAuthorizeResult:
    """The answer to a consent request."""

    auth_req_id: str
    """ The consent request's id, to exchange at `/{product}/oauth2/token/`. """
    interval: float | Unset = UNSET
    """ Seconds to wait between polls of `/{product}/oauth2/token/`. """
    expires_in: float | Unset = UNSET
    """ Seconds until `auth_req_id` expires. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        auth_req_id = self.auth_req_id

        interval = self.interval

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "auth_req_id": auth_req_id,
            }
        )
        if interval is not UNSET:
            field_dict["interval"] = interval
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        auth_req_id = d.pop("auth_req_id")

        interval = d.pop("interval", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        bc_authorize_result = cls(
            auth_req_id=auth_req_id,
            interval=interval,
            expires_in=expires_in,
        )

        bc_authorize_result.additional_properties = d
        return bc_authorize_result

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
