# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .access_type import AccessType
from .account_holder_active import AccountHolderActive
from .address import Address
from .api_key_result import ApiKeyResult
from .api_user import ApiUser
from .api_user_result import ApiUserResult
from .balance import Balance
from .basic_user_info import BasicUserInfo
from .bc_authorize_request import BcAuthorizeRequest
from .bc_authorize_result import BcAuthorizeResult
from .cancel_invoice import CancelInvoice
from .cash_transfer import CashTransfer
from .cash_transfer_result import CashTransferResult
from .consent_user_info import ConsentUserInfo
from .create_invoice import CreateInvoice
from .create_payment import CreatePayment
from .delivery_notification import DeliveryNotification
from .deposit_result import DepositResult
from .error_reason import ErrorReason
from .gateway_error import GatewayError
from .invoice_result import InvoiceResult
from .momo_error import MomoError
from .money import Money
from .oauth2_token import OAuth2Token
from .oauth2_token_request import OAuth2TokenRequest
from .party import Party
from .party_id_type import PartyIdType
from .payer_identification_type import PayerIdentificationType
from .payment_result import PaymentResult
from .pre_approval import PreApproval
from .pre_approval_details import PreApprovalDetails
from .pre_approval_result import PreApprovalResult
from .refund import Refund
from .refund_result import RefundResult
from .request_to_pay import RequestToPay
from .request_to_pay_result import RequestToPayResult
from .token_error import TokenError
from .transfer import Transfer
from .transfer_result import TransferResult

__all__ = (
    "AccessToken",
    "AccessType",
    "AccountHolderActive",
    "Address",
    "ApiKeyResult",
    "ApiUser",
    "ApiUserResult",
    "Balance",
    "BasicUserInfo",
    "BcAuthorizeRequest",
    "BcAuthorizeResult",
    "CancelInvoice",
    "CashTransfer",
    "CashTransferResult",
    "ConsentUserInfo",
    "CreateInvoice",
    "CreatePayment",
    "DeliveryNotification",
    "DepositResult",
    "ErrorReason",
    "GatewayError",
    "InvoiceResult",
    "MomoError",
    "Money",
    "OAuth2Token",
    "OAuth2TokenRequest",
    "Party",
    "PartyIdType",
    "PayerIdentificationType",
    "PaymentResult",
    "PreApproval",
    "PreApprovalDetails",
    "PreApprovalResult",
    "Refund",
    "RefundResult",
    "RequestToPay",
    "RequestToPayResult",
    "TokenError",
    "Transfer",
    "TransferResult",
)
