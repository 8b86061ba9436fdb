# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_reason import ErrorReason


T = TypeVar("T", bound="PaymentResult")


@_attrs_define
class PaymentResult:
    """A payment as MoMo reports it (not observed live; fields from MTN's export)."""

    reference_id: str | Unset = UNSET
    """ The payment's reference id (the `X-Reference-Id` of its creation). """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: CREATED, PENDING, SUCCESSFUL, FAILED (see `reason`). """
    financial_transaction_id: str | Unset = UNSET
    """ MoMo's id of the money movement, a numeric string. """
    reason: ErrorReason | str | Unset = UNSET
    """ Why a transaction FAILED. Observed: always a plain string such as `"APPROVAL_REJECTED"`,
    `"EXPIRED"`, `"INTERNAL_PROCESSING_ERROR"` or `"NOT_ENOUGH_FUNDS"` (MTN's export says an
    ErrorReason object `{code, message}`); both shapes are accepted.

    Sandbox test numbers: 46733123450 → INTERNAL_PROCESSING_ERROR, 46733123451 →
    APPROVAL_REJECTED, 46733123452 → EXPIRED. In production, insufficient funds mostly
    arrive as INTERNAL_PROCESSING_ERROR, and a PIN not entered within 5 minutes as
    COULD_NOT_PERFORM_TRANSACTION.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_reason import ErrorReason

        reference_id = self.reference_id

        status = self.status

        financial_transaction_id = self.financial_transaction_id

        reason: dict[str, Any] | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        elif isinstance(self.reason, ErrorReason):
            reason = self.reason.to_dict()
        else:
            reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reference_id is not UNSET:
            field_dict["referenceId"] = reference_id
        if status is not UNSET:
            field_dict["status"] = status
        if financial_transaction_id is not UNSET:
            field_dict["financialTransactionId"] = financial_transaction_id
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_reason import ErrorReason

        d = dict(src_dict)
        reference_id = d.pop("referenceId", UNSET)

        status = d.pop("status", UNSET)

        financial_transaction_id = d.pop("financialTransactionId", UNSET)

        def _parse_reason(data: object) -> ErrorReason | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_reason_type_1 = ErrorReason.from_dict(data)

                return componentsschemas_reason_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ErrorReason | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        payment_result = cls(
            reference_id=reference_id,
            status=status,
            financial_transaction_id=financial_transaction_id,
            reason=reason,
        )

        payment_result.additional_properties = d
        return payment_result

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
