"""``momo.collection``: take payments from customers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, Unpack

from .._api import (
    UNSET,
    CancelInvoice,
    CreateInvoice,
    CreatePayment,
    DeliveryNotification,
    Money,
    Unset,
)
from .._api import PreApproval as PreApprovalBody
from .._flows import Create, Query
from .._operations import INVOICE, PAYMENT, PRE_APPROVAL, REQUEST_TO_PAY, REQUEST_TO_WITHDRAW
from .._reference import new_reference_id
from .._results import (
    ApprovedPreApproval,
)
from .._retry import RequestKind
from .._validation import (
    require_str,
    validate_bool,
    validate_external_id,
    validate_note,
    validate_positive_int,
    validate_reference_id,
)
from ._accounts import AccountProduct
from ._base import (
    AmountLike,
    CollectArgs,
    RunnerT,
    StatusRead,
    WaitFor,
    fingerprint,
    operation,
)
from ._reads import Read, account_holder

T = TypeVar("T")


class Collection(AccountProduct[RunnerT]):
    """Collection: request payments (request to pay, withdraw, invoices, pre-approvals,
    payments), plus balance, account-holder checks and consent KYC."""

    name: ClassVar[str] = "collection"

    # -- request to pay -----------------------------------------------------------------------

    @operation
    def request_to_pay(self, **args: Unpack[CollectArgs]) -> Create:
        """Ask ``payer`` to approve a payment of ``amount`` on their phone.

        Arguments: ``amount``, ``payer`` (an MSISDN unless ``payer_id_type`` says EMAIL or
        PARTY_CODE), ``external_id`` (your order id); optional ``currency`` (default: the target
        environment's, EUR in the sandbox), ``payer_message``, ``payee_note``, ``reference_id``,
        ``callback_url``, ``idempotency_key`` (with a ledger; default key
        ``request_to_pay:<external_id>``).

        Returns :class:`Accepted` once MoMo has the request (HTTP 202): the payment is not done
        yet. Its reference id is minted before the first attempt (or taken from
        ``reference_id``) and reused on every retry, so a retry never charges twice. Follow up
        with :meth:`get_request_to_pay_status`, :meth:`wait_for_request_to_pay` or a callback.
        """
        return self._transfer(
            endpoint="request_to_pay",
            operation="request_to_pay",
            status=REQUEST_TO_PAY,
            party_field="payer",
            args=args,
        )

    get_request_to_pay_status = StatusRead(REQUEST_TO_PAY)
    wait_for_request_to_pay = WaitFor(REQUEST_TO_PAY)

    @operation
    def send_delivery_notification(
        self,
        reference_id: str,
        message: str,
        *,
        language: str | None = None,
        timeout: float | None = None,
    ) -> Query[None]:
        """Send the payer a text about a request to pay (``deliverynotification``)."""
        args: dict[str, Any] = {"reference_id": validate_reference_id(reference_id)}
        if language is not None:
            args["language"] = require_str(language, "language", "en")
        return self._query(
            "request_to_pay_delivery_notification",
            "send_delivery_notification",
            lambda _body: None,
            args=args,
            body=DeliveryNotification(notification_message=validate_note(message, field="message")),
            kind=RequestKind.UNSAFE,
        )

    # -- request to withdraw --------------------------------------------------------------

    def _withdraw(self, version: str, args: CollectArgs) -> Create:
        return self._transfer(
            endpoint=f"request_to_withdraw_{version}",
            operation="request_to_withdraw" if version == "v1" else "request_to_withdraw_v2",
            status=REQUEST_TO_WITHDRAW,
            party_field="payer",
            args=args,
        )

    @operation
    def request_to_withdraw(self, **args: Unpack[CollectArgs]) -> Create:
        """Ask ``payer`` to approve a withdrawal (v1 API; the callback is a POST).

        Same arguments as :meth:`request_to_pay`.
        """
        return self._withdraw("v1", args)

    @operation
    def request_to_withdraw_v2(self, **args: Unpack[CollectArgs]) -> Create:
        """Ask ``payer`` to approve a withdrawal (v2 API; the callback is a PUT).

        Same arguments as :meth:`request_to_pay`.
        """
        return self._withdraw("v2", args)

    get_request_to_withdraw_status = StatusRead(REQUEST_TO_WITHDRAW)
    wait_for_request_to_withdraw = WaitFor(REQUEST_TO_WITHDRAW)
    get_request_to_withdraw_v2_status = get_request_to_withdraw_status
    wait_for_request_to_withdraw_v2 = wait_for_request_to_withdraw

    # -- invoices ---------------------------------------------------------------------------

    @operation
    def create_invoice(
        self,
        *,
        amount: AmountLike,
        intended_payer: str,
        payee: str,
        external_id: str,
        currency: str | None = None,
        validity_duration: int = 3600,
        description: str | None = None,
        intended_payer_id_type: str = "MSISDN",
        payee_id_type: str = "MSISDN",
        reference_id: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> Create:
        """Issue an invoice that ``intended_payer`` can pay within ``validity_duration`` s.

        ``idempotency_key`` (with a ledger) overrides the business key ``invoice:<external_id>``.
        """
        code = self._currency(currency)
        wire_amount = self._amount(amount, code)
        payer = self._party(intended_payer, intended_payer_id_type, "intended_payer")
        external = validate_external_id(external_id)
        body = CreateInvoice(
            external_id=external,
            amount=wire_amount,
            currency=code,
            validity_duration=str(
                validate_positive_int(validity_duration, field="validity_duration")
            ),
            intended_payer=payer,
            payee=self._party(payee, payee_id_type, "payee"),
            description=UNSET
            if description is None
            else validate_note(description, field="description"),
        )
        return self._create(
            endpoint="create_invoice",
            operation="invoice",
            status=INVOICE,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=external, party=payer
            ),
            reference_id=reference_id,
            callback_url=callback_url,
            external_id=external,
            idempotency_key=idempotency_key,
        )

    get_invoice_status = StatusRead(INVOICE)
    wait_for_invoice = WaitFor(INVOICE)

    @operation
    def cancel_invoice(
        self,
        reference_id: str,
        *,
        external_id: str,
        cancel_reference_id: str | None = None,
        callback_url: str | None = None,
        timeout: float | None = None,
    ) -> Query[None]:
        """Cancel an unpaid invoice. ``cancel_reference_id`` identifies the cancel request."""
        invoice = validate_reference_id(reference_id)
        cancel = (
            validate_reference_id(cancel_reference_id, field="cancel_reference_id")
            if cancel_reference_id is not None
            else None
        )
        args: dict[str, Any] = {"reference_id": invoice}
        args["x_reference_id"] = cancel or new_reference_id()
        url = self._callback_url(callback_url, "invoice", invoice)
        if url:
            args["x_callback_url"] = url
        return self._query(
            "cancel_invoice",
            "cancel_invoice",
            lambda _body: None,
            args=args,
            body=CancelInvoice(external_id=validate_external_id(external_id)),
            kind=RequestKind.CREATE,
        )

    # -- pre-approvals ----------------------------------------------------------------------

    @operation
    def create_pre_approval(
        self,
        *,
        payer: str,
        currency: str | None = None,
        payer_message: str | None = None,
        validity_time: int = 3600,
        payer_id_type: str = "MSISDN",
        reference_id: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> Create:
        """Ask ``payer`` to pre-approve future debits for ``validity_time`` seconds.

        A pre-approval has no external id: with a ledger, pass ``idempotency_key`` (or your own
        ``reference_id``) so that a retry after a crash finds the first request.
        """
        code = self._currency(currency)
        party = self._party(payer, payer_id_type, "payer")
        body = PreApprovalBody(
            payer=party,
            payer_currency=code,
            payer_message=self._note(payer_message, "payer_message"),
            validity_time=validate_positive_int(validity_time, field="validity_time"),
        )
        return self._create(
            endpoint="create_pre_approval",
            operation="pre_approval",
            status=PRE_APPROVAL,
            body=body,
            fingerprint=fingerprint(amount=None, currency=code, external_id=None, party=party),
            reference_id=reference_id,
            callback_url=callback_url,
            external_id=None,
            idempotency_key=idempotency_key,
        )

    get_pre_approval_status = StatusRead(PRE_APPROVAL)
    wait_for_pre_approval = WaitFor(PRE_APPROVAL)

    get_approved_pre_approvals = Read(
        "get_approved_pre_approvals",
        account_holder,
        ApprovedPreApproval,
        many=True,
        doc="The pre-approvals an account holder has granted.",
    )

    @operation
    def cancel_pre_approval(
        self, pre_approval_id: str, *, timeout: float | None = None
    ) -> Query[None]:
        """Cancel a granted pre-approval."""
        return self._query(
            "cancel_pre_approval",
            "cancel_pre_approval",
            lambda _body: None,
            args={
                "pre_approval_id": validate_reference_id(pre_approval_id, field="pre_approval_id")
            },
            kind=RequestKind.CREATE,
        )

    # -- payments -----------------------------------------------------------------------------

    @operation
    def create_payment(
        self,
        *,
        amount: AmountLike,
        external_transaction_id: str,
        customer_reference: str,
        service_provider_user_name: str,
        currency: str | None = None,
        receiver_message: str | None = None,
        sender_note: str | None = None,
        coupon_id: str | None = None,
        product_id: str | None = None,
        product_offering_id: str | None = None,
        max_number_of_retries: int | None = None,
        include_sender_charges: bool | None = None,
        reference_id: str | None = None,
        callback_url: str | None = None,
        idempotency_key: str | None = None,
        timeout: float | None = None,
    ) -> Create:
        """Pay a service provider (bill payment, v2 ``payment``).

        With a ledger the business key is ``payment:<external_transaction_id>`` unless
        ``idempotency_key`` is given.
        """
        code = self._currency(currency)
        wire_amount = self._amount(amount, code)
        external = validate_external_id(external_transaction_id, field="external_transaction_id")
        body = CreatePayment(
            external_transaction_id=external,
            money=Money(amount=wire_amount, currency=code),
            customer_reference=validate_external_id(customer_reference, field="customer_reference"),
            service_provider_user_name=validate_external_id(
                service_provider_user_name, field="service_provider_user_name"
            ),
            receiver_message=_optional(receiver_message, _note, "receiver_message"),
            sender_note=_optional(sender_note, _note, "sender_note"),
            coupon_id=_optional(coupon_id, _identifier, "coupon_id"),
            product_id=_optional(product_id, _identifier, "product_id"),
            product_offering_id=_optional(product_offering_id, _identifier, "product_offering_id"),
            max_number_of_retries=_optional(max_number_of_retries, _count, "max_number_of_retries"),
            include_sender_charges=_optional(
                include_sender_charges, _flag, "include_sender_charges"
            ),
        )
        return self._create(
            endpoint="create_payment",
            operation="payment",
            status=PAYMENT,
            body=body,
            fingerprint=fingerprint(
                amount=wire_amount, currency=code, external_id=None, party=None
            ),
            reference_id=reference_id,
            callback_url=callback_url,
            external_id=external,
            idempotency_key=idempotency_key,
        )

    get_payment_status = StatusRead(PAYMENT)
    wait_for_payment = WaitFor(PAYMENT)


def _note(value: object, field: str) -> str:
    return validate_note(value, field=field)


def _identifier(value: object, field: str) -> str:
    return validate_external_id(value, field=field)


def _count(value: object, field: str) -> int:
    return validate_positive_int(value, field=field)


def _flag(value: object, field: str) -> bool:
    return validate_bool(value, field=field)


def _optional(value: object | None, check: Callable[[object, str], T], field: str) -> T | Unset:
    """An optional body field: left out (UNSET) when not given, else checked."""
    return UNSET if value is None else check(value, field)
