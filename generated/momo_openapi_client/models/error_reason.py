# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorReason")


@_attrs_define
class ErrorReason:
    """A failure reason as an object, `{code, message}`: the shape MTN's export documents for `reason`. Never seen in a
    recording; the live API sends a plain string (see Reason).

    """

    code: str | Unset = UNSET
    """ Failure code (an open set: accept unknown values). Known values: PAYER_NOT_FOUND, PAYEE_NOT_FOUND,
    NOT_ALLOWED, NOT_ALLOWED_TARGET_ENVIRONMENT, INVALID_CALLBACK_URL_HOST, INVALID_CURRENCY, SERVICE_UNAVAILABLE,
    INTERNAL_PROCESSING_ERROR, NOT_ENOUGH_FUNDS, PAYER_LIMIT_REACHED, PAYEE_NOT_ALLOWED_TO_RECEIVE,
    PAYMENT_NOT_APPROVED, RESOURCE_NOT_FOUND, APPROVAL_REJECTED, EXPIRED, TRANSACTION_CANCELED,
    RESOURCE_ALREADY_EXIST, TRANSACTION_NOT_COMPLETED, TRANSACTION_NOT_FOUND, INFORMATIONAL_SCOPE_INSTRUCTION,
    MISSING_SCOPE_INSTRUCTION, MORE_THAN_ONE_FINANCIAL_SCOPE_NOT_SUPPORTED, UNSUPPORTED_SCOPE_COMBINATION,
    CONSENT_MISMATCH, UNSUPPORTED_SCOPE, NOT_FOUND, COULD_NOT_PERFORM_TRANSACTION. (MTN's Remittance export spells
    `TRANSACTION_CANCELED.` with a stray period.) """
    message: str | Unset = UNSET
    """ Human-readable explanation. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        message = d.pop("message", UNSET)

        error_reason = cls(
            code=code,
            message=message,
        )

        error_reason.additional_properties = d
        return error_reason

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
