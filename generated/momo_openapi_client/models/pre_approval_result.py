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
    from ..models.party import Party


T = TypeVar("T", bound="PreApprovalResult")


@_attrs_define
class PreApprovalResult:
    """A pre-approval as MoMo reports it (not observed live; fields from MTN's export)."""

    payer: Party | Unset = UNSET
    """ An account holder in MoMo, identified by a typed id. """
    payer_currency: str | Unset = UNSET
    """ ISO 4217 currency code of the payer's account. """
    payer_message: str | Unset = UNSET
    """ The message shown to the payer. """
    validity_time: int | Unset = UNSET
    """ Validity after acceptance, in seconds. """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: PENDING, SUCCESSFUL, FAILED (see `reason`). """
    expiration_date_time: int | str | Unset = UNSET
    """ When the pre-approval expires. MTN's export contradicts itself (type integer, described as `YYYY-MM-
    DDTHH:mm:SS`), so both are accepted. """
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

        payer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payer, Unset):
            payer = self.payer.to_dict()

        payer_currency = self.payer_currency

        payer_message = self.payer_message

        validity_time = self.validity_time

        status = self.status

        expiration_date_time: int | str | Unset
        if isinstance(self.expiration_date_time, Unset):
            expiration_date_time = UNSET
        else:
            expiration_date_time = self.expiration_date_time

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
        if payer is not UNSET:
            field_dict["payer"] = payer
        if payer_currency is not UNSET:
            field_dict["payerCurrency"] = payer_currency
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if validity_time is not UNSET:
            field_dict["validityTime"] = validity_time
        if status is not UNSET:
            field_dict["status"] = status
        if expiration_date_time is not UNSET:
            field_dict["expirationDateTime"] = expiration_date_time
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_reason import ErrorReason
        from ..models.party import Party

        d = dict(src_dict)
        _payer = d.pop("payer", UNSET)
        payer: Party | Unset
        if isinstance(_payer, Unset):
            payer = UNSET
        else:
            payer = Party.from_dict(_payer)

        payer_currency = d.pop("payerCurrency", UNSET)

        payer_message = d.pop("payerMessage", UNSET)

        validity_time = d.pop("validityTime", UNSET)

        status = d.pop("status", UNSET)

        def _parse_expiration_date_time(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        expiration_date_time = _parse_expiration_date_time(d.pop("expirationDateTime", UNSET))

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

        pre_approval_result = cls(
            payer=payer,
            payer_currency=payer_currency,
            payer_message=payer_message,
            validity_time=validity_time,
            status=status,
            expiration_date_time=expiration_date_time,
            reason=reason,
        )

        pre_approval_result.additional_properties = d
        return pre_approval_result

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
