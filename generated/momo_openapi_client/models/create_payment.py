# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.money import Money


T = TypeVar("T", bound="CreatePayment")


@_attrs_define
class CreatePayment:
    """A payment through the partner gateway (an external bill, an airtime top-up)."""

    external_transaction_id: str
    """ Your own reference for the payment. """
    money: Money
    """ An amount in a currency. """
    customer_reference: str
    """ The customer's reference at the service provider, e.g. `+46070911111`. """
    service_provider_user_name: str
    """ The service provider's name, e.g. `Electricity Inc.`. """
    coupon_id: str | Unset = UNSET
    """ A coupon whose reward is used in this payment. """
    product_id: str | Unset = UNSET
    """ The product paid for. """
    product_offering_id: str | Unset = UNSET
    """ The product offering paid for. """
    receiver_message: str | Unset = UNSET
    """ Note for the receiver's transaction history. """
    sender_note: str | Unset = UNSET
    """ Note for the sender's transaction history. """
    max_number_of_retries: int | Unset = UNSET
    """ How many times MoMo may retry the payment. """
    include_sender_charges: bool | Unset = UNSET
    """ `true`: the sender's fees and taxes are taken out of `money.amount`; `false` (the default): they are charged
    on top. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_transaction_id = self.external_transaction_id

        money = self.money.to_dict()

        customer_reference = self.customer_reference

        service_provider_user_name = self.service_provider_user_name

        coupon_id = self.coupon_id

        product_id = self.product_id

        product_offering_id = self.product_offering_id

        receiver_message = self.receiver_message

        sender_note = self.sender_note

        max_number_of_retries = self.max_number_of_retries

        include_sender_charges = self.include_sender_charges

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "externalTransactionId": external_transaction_id,
                "money": money,
                "customerReference": customer_reference,
                "serviceProviderUserName": service_provider_user_name,
            }
        )
        if coupon_id is not UNSET:
            field_dict["couponId"] = coupon_id
        if product_id is not UNSET:
            field_dict["productId"] = product_id
        if product_offering_id is not UNSET:
            field_dict["productOfferingId"] = product_offering_id
        if receiver_message is not UNSET:
            field_dict["receiverMessage"] = receiver_message
        if sender_note is not UNSET:
            field_dict["senderNote"] = sender_note
        if max_number_of_retries is not UNSET:
            field_dict["maxNumberOfRetries"] = max_number_of_retries
        if include_sender_charges is not UNSET:
            field_dict["includeSenderCharges"] = include_sender_charges

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.money import Money

        d = dict(src_dict)
        external_transaction_id = d.pop("externalTransactionId")

        money = Money.from_dict(d.pop("money"))

        customer_reference = d.pop("customerReference")

        service_provider_user_name = d.pop("serviceProviderUserName")

        coupon_id = d.pop("couponId", UNSET)

        product_id = d.pop("productId", UNSET)

        product_offering_id = d.pop("productOfferingId", UNSET)

        receiver_message = d.pop("receiverMessage", UNSET)

        sender_note = d.pop("senderNote", UNSET)

        max_number_of_retries = d.pop("maxNumberOfRetries", UNSET)

        include_sender_charges = d.pop("includeSenderCharges", UNSET)

        create_payment = cls(
            external_transaction_id=external_transaction_id,
            money=money,
            customer_reference=customer_reference,
            service_provider_user_name=service_provider_user_name,
            coupon_id=coupon_id,
            product_id=product_id,
            product_offering_id=product_offering_id,
            receiver_message=receiver_message,
            sender_note=sender_note,
            max_number_of_retries=max_number_of_retries,
            include_sender_charges=include_sender_charges,
        )

        create_payment.additional_properties = d
        return create_payment

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
