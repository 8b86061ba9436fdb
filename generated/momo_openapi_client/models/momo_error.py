# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MomoError")


@_attrs_define
class MomoError:
    """MoMo's own error body, `{"message": "...", "code": "..."}` (message first on the wire), Content-Type
    `application/json;charset=utf-8`. Used for 404, 409, 500 and 503. One sandbox 409 was recorded with `code` alone.

    """

    code: str
    """ Machine-readable error code (an open set: accept unknown values). Known values: RESOURCE_ALREADY_EXIST,
    RESOURCE_NOT_FOUND, NOT_ALLOWED, NOT_ALLOWED_TARGET_ENVIRONMENT, INVALID_CALLBACK_URL_HOST, INVALID_CURRENCY,
    INTERNAL_PROCESSING_ERROR, SERVICE_UNAVAILABLE, PAYER_NOT_FOUND, PAYEE_NOT_FOUND, NOT_ENOUGH_FUNDS,
    PAYER_LIMIT_REACHED, PAYEE_NOT_ALLOWED_TO_RECEIVE, COULD_NOT_PERFORM_TRANSACTION. """
    message: str | Unset = UNSET
    """ Human-readable explanation. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message", UNSET)

        momo_error = cls(
            code=code,
            message=message,
        )

        momo_error.additional_properties = d
        return momo_error

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
