"""The one module that imports the generated client (``momo_openapi_client``).

Everything else in momo_wrapper reaches MoMo through :data:`ENDPOINTS`, keyed by operationId, so a
regeneration that renames or drops an operation or a body model breaks here, at import time.
The wrapper calls only the ``*_detailed`` functions: they return the status code, headers and
raw body next to the parsed model, which the wrapper needs to map errors itself (a 202 and an
undocumented status both parse to ``None``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from types import ModuleType
from typing import Any, Protocol

import attrs
import httpx
from momo_openapi_client import AuthenticatedClient
from momo_openapi_client.api.collection import (
    collection_bc_authorize,
    collection_cancel_invoice,
    collection_cancel_pre_approval,
    collection_create_access_token,
    collection_create_invoice,
    collection_create_oauth2_token,
    collection_create_payment,
    collection_create_pre_approval,
    collection_get_account_balance,
    collection_get_account_balance_in_currency,
    collection_get_approved_pre_approvals,
    collection_get_basic_user_info,
    collection_get_invoice_status,
    collection_get_payment_status,
    collection_get_pre_approval_status,
    collection_get_request_to_pay_status,
    collection_get_request_to_withdraw_status,
    collection_get_user_info_with_consent,
    collection_request_to_pay,
    collection_request_to_pay_delivery_notification,
    collection_request_to_withdraw_v1,
    collection_request_to_withdraw_v2,
    collection_validate_account_holder_status,
)
from momo_openapi_client.api.disbursement import (
    disbursement_bc_authorize,
    disbursement_create_access_token,
    disbursement_create_oauth2_token,
    disbursement_deposit_v1,
    disbursement_deposit_v2,
    disbursement_get_account_balance,
    disbursement_get_account_balance_in_currency,
    disbursement_get_basic_user_info,
    disbursement_get_deposit_status,
    disbursement_get_refund_status,
    disbursement_get_transfer_status,
    disbursement_get_user_info_with_consent,
    disbursement_refund_v1,
    disbursement_refund_v2,
    disbursement_transfer,
    disbursement_validate_account_holder_status,
)
from momo_openapi_client.api.remittance import (
    remittance_bc_authorize,
    remittance_cash_transfer,
    remittance_create_access_token,
    remittance_create_oauth2_token,
    remittance_get_account_balance,
    remittance_get_account_balance_in_currency,
    remittance_get_basic_user_info,
    remittance_get_cash_transfer_status,
    remittance_get_transfer_status,
    remittance_get_user_info_with_consent,
    remittance_transfer,
    remittance_validate_account_holder_status,
)
from momo_openapi_client.api.sandbox_provisioning import (
    sandbox_create_api_key,
    sandbox_create_api_user,
    sandbox_get_api_user,
)
from momo_openapi_client.models import (
    ApiUser,
    BcAuthorizeRequest,
    CancelInvoice,
    CashTransfer,
    CreateInvoice,
    CreatePayment,
    DeliveryNotification,
    OAuth2TokenRequest,
    PreApproval,
    Refund,
    RequestToPay,
    Transfer,
)

__all__ = [
    "ENDPOINTS",
    "OPERATIONS",
    "AuthenticatedClient",
    "DetailedResponse",
    "Endpoint",
    "generated_client",
]


class _WireModel(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Any: ...


class DetailedResponse(Protocol):
    """What every generated ``*_detailed`` function returns."""

    status_code: int
    content: bytes
    headers: Any
    parsed: Any


@attrs.frozen
class Endpoint:
    """One generated operation: its two detailed functions and its request-body model."""

    name: str
    sync: Callable[..., DetailedResponse]
    asyncio: Callable[..., Awaitable[DetailedResponse]]
    body_model: type[_WireModel] | None = None

    def arguments(self, args: Mapping[str, Any], body: Mapping[str, Any] | None) -> dict[str, Any]:
        """Keyword arguments for the generated function: the body dict becomes its model."""
        kwargs = dict(args)
        if self.body_model is not None:
            kwargs["body"] = self.body_model.from_dict(body or {})
        return kwargs


def _endpoint(module: ModuleType, body_model: type[_WireModel] | None = None) -> Endpoint:
    return Endpoint(
        name=module.__name__.rsplit(".", 1)[-1],
        sync=module.sync_detailed,
        asyncio=module.asyncio_detailed,
        body_model=body_model,
    )


ENDPOINTS: Mapping[str, Endpoint] = {
    endpoint.name: endpoint
    for endpoint in (
        # Collection
        _endpoint(collection_get_account_balance),
        _endpoint(collection_get_account_balance_in_currency),
        _endpoint(collection_validate_account_holder_status),
        _endpoint(collection_get_basic_user_info),
        _endpoint(collection_bc_authorize, BcAuthorizeRequest),
        _endpoint(collection_create_oauth2_token, OAuth2TokenRequest),
        _endpoint(collection_get_user_info_with_consent),
        _endpoint(collection_create_access_token),
        _endpoint(collection_request_to_pay, RequestToPay),
        _endpoint(collection_get_request_to_pay_status),
        _endpoint(collection_request_to_pay_delivery_notification, DeliveryNotification),
        _endpoint(collection_request_to_withdraw_v1, RequestToPay),
        _endpoint(collection_request_to_withdraw_v2, RequestToPay),
        _endpoint(collection_get_request_to_withdraw_status),
        _endpoint(collection_create_invoice, CreateInvoice),
        _endpoint(collection_get_invoice_status),
        _endpoint(collection_cancel_invoice, CancelInvoice),
        _endpoint(collection_create_pre_approval, PreApproval),
        _endpoint(collection_get_pre_approval_status),
        _endpoint(collection_get_approved_pre_approvals),
        _endpoint(collection_cancel_pre_approval),
        _endpoint(collection_create_payment, CreatePayment),
        _endpoint(collection_get_payment_status),
        # Disbursement
        _endpoint(disbursement_get_account_balance),
        _endpoint(disbursement_get_account_balance_in_currency),
        _endpoint(disbursement_validate_account_holder_status),
        _endpoint(disbursement_get_basic_user_info),
        _endpoint(disbursement_bc_authorize, BcAuthorizeRequest),
        _endpoint(disbursement_create_oauth2_token, OAuth2TokenRequest),
        _endpoint(disbursement_get_user_info_with_consent),
        _endpoint(disbursement_create_access_token),
        _endpoint(disbursement_transfer, Transfer),
        _endpoint(disbursement_get_transfer_status),
        _endpoint(disbursement_deposit_v1, Transfer),
        _endpoint(disbursement_deposit_v2, Transfer),
        _endpoint(disbursement_get_deposit_status),
        _endpoint(disbursement_refund_v1, Refund),
        _endpoint(disbursement_refund_v2, Refund),
        _endpoint(disbursement_get_refund_status),
        # Remittance
        _endpoint(remittance_get_account_balance),
        _endpoint(remittance_get_account_balance_in_currency),
        _endpoint(remittance_validate_account_holder_status),
        _endpoint(remittance_get_basic_user_info),
        _endpoint(remittance_bc_authorize, BcAuthorizeRequest),
        _endpoint(remittance_create_oauth2_token, OAuth2TokenRequest),
        _endpoint(remittance_get_user_info_with_consent),
        _endpoint(remittance_create_access_token),
        _endpoint(remittance_transfer, Transfer),
        _endpoint(remittance_get_transfer_status),
        _endpoint(remittance_cash_transfer, CashTransfer),
        _endpoint(remittance_get_cash_transfer_status),
        # Sandbox user provisioning
        _endpoint(sandbox_create_api_user, ApiUser),
        _endpoint(sandbox_create_api_key),
        _endpoint(sandbox_get_api_user),
    )
}

OPERATIONS: tuple[str, ...] = tuple(sorted(ENDPOINTS))
"""The operationId of every operation of the API the wrapper reaches, sorted."""


def generated_client(
    base_url: str,
    *,
    httpx_client: httpx.Client | None = None,
    async_httpx_client: httpx.AsyncClient | None = None,
) -> AuthenticatedClient:
    """A generated client that sends through the wrapper's own httpx clients.

    The generated ``AuthenticatedClient`` would bake one static bearer token into its headers;
    the wrapper's clients carry an auth flow instead, so the token given here is never sent.
    """
    client = AuthenticatedClient(base_url=base_url, token="")
    if httpx_client is not None:
        client.set_httpx_client(httpx_client)
    if async_httpx_client is not None:
        client.set_async_httpx_client(async_httpx_client)
    return client
