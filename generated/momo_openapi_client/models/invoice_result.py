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


T = TypeVar("T", bound="InvoiceResult")


@_attrs_define
class InvoiceResult:
    """An invoice as MoMo reports it. Observed: referenceId, externalId, amount, currency, status, paymentReference,
    invoiceId, expiryDateTime, intendedPayer, description.

    """

    reference_id: str | Unset = UNSET
    """ The invoice's reference id (the `X-Reference-Id` of its creation). """
    external_id: str | Unset = UNSET
    """ The `externalId` sent with the invoice. """
    amount: str | Unset = UNSET
    """ The amount, normalised. """
    currency: str | Unset = UNSET
    """ ISO 4217 currency code. """
    status: str | Unset = UNSET
    """ An open set: accept unknown values. Known values: CREATED, PENDING, SUCCESSFUL, FAILED (see `errorReason`).
    """
    payment_reference: str | Unset = UNSET
    """ The reference the payer uses to pay the invoice. """
    invoice_id: str | Unset = UNSET
    """ MoMo's id for the invoice. """
    expiry_date_time: str | Unset = UNSET
    """ When the invoice expires. Observed zone-less, e.g. `2024-11-10T17:36:25.698`, so it is a plain string here,
    not `date-time`. """
    payee_first_name: str | Unset = UNSET
    """ First name of the payee. """
    payee_last_name: str | Unset = UNSET
    """ Last name of the payee. """
    error_reason: ErrorReason | str | Unset = UNSET
    """ Why a transaction FAILED. Observed: always a plain string such as `"APPROVAL_REJECTED"`,
    `"EXPIRED"`, `"INTERNAL_PROCESSING_ERROR"` or `"NOT_ENOUGH_FUNDS"` (MTN's export says an
    ErrorReason object `{code, message}`); both shapes are accepted.

    Sandbox test numbers: 46733123450 → INTERNAL_PROCESSING_ERROR, 46733123451 →
    APPROVAL_REJECTED, 46733123452 → EXPIRED. In production, insufficient funds mostly
    arrive as INTERNAL_PROCESSING_ERROR, and a PIN not entered within 5 minutes as
    COULD_NOT_PERFORM_TRANSACTION.
     """
    intended_payer: Party | Unset = UNSET
    """ An account holder in MoMo, identified by a typed id. """
    description: str | Unset = UNSET
    """ The invoice's description. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.error_reason import ErrorReason

        reference_id = self.reference_id

        external_id = self.external_id

        amount = self.amount

        currency = self.currency

        status = self.status

        payment_reference = self.payment_reference

        invoice_id = self.invoice_id

        expiry_date_time = self.expiry_date_time

        payee_first_name = self.payee_first_name

        payee_last_name = self.payee_last_name

        error_reason: dict[str, Any] | str | Unset
        if isinstance(self.error_reason, Unset):
            error_reason = UNSET
        elif isinstance(self.error_reason, ErrorReason):
            error_reason = self.error_reason.to_dict()
        else:
            error_reason = self.error_reason

        intended_payer: dict[str, Any] | Unset = UNSET
        if not isinstance(self.intended_payer, Unset):
            intended_payer = self.intended_payer.to_dict()

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if reference_id is not UNSET:
            field_dict["referenceId"] = reference_id
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if amount is not UNSET:
            field_dict["amount"] = amount
        if currency is not UNSET:
            field_dict["currency"] = currency
        if status is not UNSET:
            field_dict["status"] = status
        if payment_reference is not UNSET:
            field_dict["paymentReference"] = payment_reference
        if invoice_id is not UNSET:
            field_dict["invoiceId"] = invoice_id
        if expiry_date_time is not UNSET:
            field_dict["expiryDateTime"] = expiry_date_time
        if payee_first_name is not UNSET:
            field_dict["payeeFirstName"] = payee_first_name
        if payee_last_name is not UNSET:
            field_dict["payeeLastName"] = payee_last_name
        if error_reason is not UNSET:
            field_dict["errorReason"] = error_reason
        if intended_payer is not UNSET:
            field_dict["intendedPayer"] = intended_payer
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.error_reason import ErrorReason
        from ..models.party import Party

        d = dict(src_dict)
        reference_id = d.pop("referenceId", UNSET)

        external_id = d.pop("externalId", UNSET)

        amount = d.pop("amount", UNSET)

        currency = d.pop("currency", UNSET)

        status = d.pop("status", UNSET)

        payment_reference = d.pop("paymentReference", UNSET)

        invoice_id = d.pop("invoiceId", UNSET)

        expiry_date_time = d.pop("expiryDateTime", UNSET)

        payee_first_name = d.pop("payeeFirstName", UNSET)

        payee_last_name = d.pop("payeeLastName", UNSET)

        def _parse_error_reason(data: object) -> ErrorReason | str | Unset:
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

        error_reason = _parse_error_reason(d.pop("errorReason", UNSET))

        _intended_payer = d.pop("intendedPayer", UNSET)
        intended_payer: Party | Unset
        if isinstance(_intended_payer, Unset):
            intended_payer = UNSET
        else:
            intended_payer = Party.from_dict(_intended_payer)

        description = d.pop("description", UNSET)

        invoice_result = cls(
            reference_id=reference_id,
            external_id=external_id,
            amount=amount,
            currency=currency,
            status=status,
            payment_reference=payment_reference,
            invoice_id=invoice_id,
            expiry_date_time=expiry_date_time,
            payee_first_name=payee_first_name,
            payee_last_name=payee_last_name,
            error_reason=error_reason,
            intended_payer=intended_payer,
            description=description,
        )

        invoice_result.additional_properties = d
        return invoice_result

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
