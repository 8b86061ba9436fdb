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


T = TypeVar("T", bound="RefundResult")


@_attrs_define
class RefundResult:
    """A refund as MoMo reports it. Observed: request-to-pay field order with a `payee`, either the original payer's MSISDN
    or a PARTY_CODE (UUID).

    """

    financial_transaction_id: str | Unset = UNSET
    """ MoMo's id of the money movement, a numeric string; present once SUCCESSFUL. """
    external_id: str | Unset = UNSET
    """ The `externalId` sent with the request. """
    amount: str | Unset = UNSET
    """ The amount, normalised. """
    currency: str | Unset = UNSET
    """ ISO 4217 currency code. """
    payee: Party | Unset = UNSET
    """ An account holder in MoMo, identified by a typed id. """
    payer_message: str | Unset = UNSET
    """ The `payerMessage` sent with the request (absent from callbacks). """
    payee_note: str | Unset = UNSET
    """ The `payeeNote` sent with the request. """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: PENDING, SUCCESSFUL, FAILED (see `reason`), CREATED (treat
    as not final). """
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

        financial_transaction_id = self.financial_transaction_id

        external_id = self.external_id

        amount = self.amount

        currency = self.currency

        payee: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payee, Unset):
            payee = self.payee.to_dict()

        payer_message = self.payer_message

        payee_note = self.payee_note

        status = self.status

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
        if financial_transaction_id is not UNSET:
            field_dict["financialTransactionId"] = financial_transaction_id
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if payee is not UNSET:
            field_dict["payee"] = payee
        if payer_message is not UNSET:
            field_dict["payerMessage"] = payer_message
        if payee_note is not UNSET:
            field_dict["payeeNote"] = payee_note
        if status is not UNSET:
            field_dict["status"] = status
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_reason import ErrorReason
        from ..models.party import Party

        d = dict(src_dict)
        financial_transaction_id = d.pop("financialTransactionId", UNSET)

        external_id = d.pop("externalId", UNSET)

        amount = d.pop("amount", UNSET)

        currency = d.pop("currency", UNSET)

        _payee = d.pop("payee", UNSET)
        payee: Party | Unset
        if isinstance(_payee, Unset):
            payee = UNSET
        else:
            payee = Party.from_dict(_payee)

        payer_message = d.pop("payerMessage", UNSET)

        payee_note = d.pop("payeeNote", UNSET)

        status = d.pop("status", UNSET)

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

        refund_result = cls(
            financial_transaction_id=financial_transaction_id,
            external_id=external_id,
            amount=amount,
            currency=currency,
            payee=payee,
            payer_message=payer_message,
            payee_note=payee_note,
            status=status,
            reason=reason,
        )

        refund_result.additional_properties = d
        return refund_result

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
