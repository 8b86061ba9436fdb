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


T = TypeVar("T", bound="RequestToPayResult")


@_attrs_define
class RequestToPayResult:
    """A request to pay (or to withdraw) as MoMo reports it: the body of the status GET and of the callback. Fields come
    and go with the status: PENDING and CREATED carry no `financialTransactionId` and no `reason`; the callback has no
    `payerMessage`.

    """

    financial_transaction_id: str | Unset = UNSET
    """ MoMo's id of the money movement, a numeric string (6–10 digits seen); present once the transaction is
    SUCCESSFUL (sometimes on FAILED callbacks). """
    external_id: str | Unset = UNSET
    """ The `externalId` sent with the request. """
    amount: str | Unset = UNSET
    """ The amount, normalised (`"5.0"` comes back as `"5"`). """
    currency: str | Unset = UNSET
    """ ISO 4217 currency code. """
    payer: Party | Unset = UNSET
    """ An account holder in MoMo, identified by a typed id. """
    payer_message: str | Unset = UNSET
    """ The `payerMessage` sent with the request (absent from callbacks). """
    payee_note: str | Unset = UNSET
    """ The `payeeNote` sent with the request. """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: PENDING (waiting for the payer), SUCCESSFUL, FAILED (see
    `reason`) and CREATED (observed in the sandbox, not in MTN's export; treat as not final). """
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

        payer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.payer, Unset):
            payer = self.payer.to_dict()

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
        if payer is not UNSET:
            field_dict["payer"] = payer
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

        _payer = d.pop("payer", UNSET)
        payer: Party | Unset
        if isinstance(_payer, Unset):
            payer = UNSET
        else:
            payer = Party.from_dict(_payer)

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

        request_to_pay_result = cls(
            financial_transaction_id=financial_transaction_id,
            external_id=external_id,
            amount=amount,
            currency=currency,
            payer=payer,
            payer_message=payer_message,
            payee_note=payee_note,
            status=status,
            reason=reason,
        )

        request_to_pay_result.additional_properties = d
        return request_to_pay_result

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
