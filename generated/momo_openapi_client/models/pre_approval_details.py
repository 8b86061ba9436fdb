# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PreApprovalDetails")


@_attrs_define
class PreApprovalDetails:
    """An approved pre-approval, as listed by `collection_get_approved_pre_approvals`."""

    pre_approval_id: str | Unset = UNSET
    """ The pre-approval's id; pass it to `collection_cancel_pre_approval`. """
    to_fri: str | Unset = UNSET
    """ Financial Resource Identifier of the receiving account. """
    from_fri: str | Unset = UNSET
    """ Financial Resource Identifier of the paying account. """
    from_currency: str | Unset = UNSET
    """ ISO 4217 currency code of the paying account. """
    created_time: str | Unset = UNSET
    """ When the pre-approval was created (ISO 8601). """
    approved_time: str | Unset = UNSET
    """ When the pre-approval was approved (ISO 8601). """
    expiry_time: str | Unset = UNSET
    """ When the pre-approval expires (ISO 8601). """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: APPROVED, CANCELLED, EXPIRED, REJECTED, PENDING. """
    message: str | Unset = UNSET
    """ The message shown when it was approved. """
    frequency: str | Unset = UNSET
    """ How often it may be used. An open set: accept unknown values. Known values: DAILY, WEEKLY, MONTHLY. """
    start_date: str | Unset = UNSET
    """ First day it may be used (ISO 8601 date). """
    last_used_date: str | Unset = UNSET
    """ When it was last used (ISO 8601). """
    offer: str | Unset = UNSET
    """ Description of the offer. """
    external_id: str | Unset = UNSET
    """ External reference. """
    max_debit_amount: str | Unset = UNSET
    """ The largest amount one debit may take, as a decimal string. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pre_approval_id = self.pre_approval_id

        to_fri = self.to_fri

        from_fri = self.from_fri

        from_currency = self.from_currency

        created_time = self.created_time

        approved_time = self.approved_time

        expiry_time = self.expiry_time

        status = self.status

        message = self.message

        frequency = self.frequency

        start_date = self.start_date

        last_used_date = self.last_used_date

        offer = self.offer

        external_id = self.external_id

        max_debit_amount = self.max_debit_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if pre_approval_id is not UNSET:
            field_dict["preApprovalId"] = pre_approval_id
        if to_fri is not UNSET:
            field_dict["toFri"] = to_fri
        if from_fri is not UNSET:
            field_dict["fromFri"] = from_fri
        if from_currency is not UNSET:
            field_dict["fromCurrency"] = from_currency
        if created_time is not UNSET:
            field_dict["createdTime"] = created_time
        if approved_time is not UNSET:
            field_dict["approvedTime"] = approved_time
        if expiry_time is not UNSET:
            field_dict["expiryTime"] = expiry_time
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if frequency is not UNSET:
            field_dict["frequency"] = frequency
        if start_date is not UNSET:
            field_dict["startDate"] = start_date
        if last_used_date is not UNSET:
            field_dict["lastUsedDate"] = last_used_date
        if offer is not UNSET:
            field_dict["offer"] = offer
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if max_debit_amount is not UNSET:
            field_dict["maxDebitAmount"] = max_debit_amount

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        pre_approval_id = d.pop("preApprovalId", UNSET)

        to_fri = d.pop("toFri", UNSET)

        from_fri = d.pop("fromFri", UNSET)

        from_currency = d.pop("fromCurrency", UNSET)

        created_time = d.pop("createdTime", UNSET)

        approved_time = d.pop("approvedTime", UNSET)

        expiry_time = d.pop("expiryTime", UNSET)

        status = d.pop("status", UNSET)

        message = d.pop("message", UNSET)

        frequency = d.pop("frequency", UNSET)

        start_date = d.pop("startDate", UNSET)

        last_used_date = d.pop("lastUsedDate", UNSET)

        offer = d.pop("offer", UNSET)

        external_id = d.pop("externalId", UNSET)

        max_debit_amount = d.pop("maxDebitAmount", UNSET)

        pre_approval_details = cls(
            pre_approval_id=pre_approval_id,
            to_fri=to_fri,
            from_fri=from_fri,
            from_currency=from_currency,
            created_time=created_time,
            approved_time=approved_time,
            expiry_time=expiry_time,
            status=status,
            message=message,
            frequency=frequency,
            start_date=start_date,
            last_used_date=last_used_date,
            offer=offer,
            external_id=external_id,
            max_debit_amount=max_debit_amount,
        )

        pre_approval_details.additional_properties = d
        return pre_approval_details

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
