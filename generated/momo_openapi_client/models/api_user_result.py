# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiUserResult")


@_attrs_define
class ApiUserResult:
    """A sandbox API user. Observed: two strings (MTN's export models `targetEnvironment` and `paymentServerUrl` as objects
    with an `apiKey` property, a bug).

    """

    provider_callback_host: str | Unset = UNSET
    """ The callback host, exactly as given at creation. """
    target_environment: str | Unset = UNSET
    """ The user's target environment; always `sandbox`. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider_callback_host = self.provider_callback_host

        target_environment = self.target_environment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if provider_callback_host is not UNSET:
            field_dict["providerCallbackHost"] = provider_callback_host
        if target_environment is not UNSET:
            field_dict["targetEnvironment"] = target_environment

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        provider_callback_host = d.pop("providerCallbackHost", UNSET)

        target_environment = d.pop("targetEnvironment", UNSET)

        api_user_result = cls(
            provider_callback_host=provider_callback_host,
            target_environment=target_environment,
        )

        api_user_result.additional_properties = d
        return api_user_result

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
