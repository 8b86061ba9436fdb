"""Every operation of spec/: path templates, operationIds, auth style and handlers."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from functools import partial
from urllib.parse import unquote

import attrs

from . import _accounts as accounts
from . import _auth as auth
from . import _provisioning as provisioning
from . import _transactions as tx
from ._call import Call
from ._model import PRODUCTS
from ._state import SandboxState
from ._wire import SandboxResponse

Handler = Callable[[SandboxState, Call], SandboxResponse]

UNROUTED_HEADER = "X-Sandbox-Unrouted"
"""Set on the gateway 404 for a MoMo API path no route serves. MoMo's own 404 is documented,
so without it a contract run would count a missing route as a conforming answer."""


class Auth(enum.Enum):
    KEY_ONLY = "key-only"  # provisioning and /token/: the subscription key is all
    BEARER = "bearer"  # access token from /token/
    CONSENT = "consent"  # oauth2 token from /oauth2/token/
    SELF = "self"  # the handler checks Basic/Bearer itself (bc-authorize, oauth2 token)


@attrs.frozen(slots=True)
class Route:
    method: str
    product: str | None
    template: str
    operation: str
    handler: Handler
    auth: Auth
    #: The spec requires X-Target-Environment (everything but provisioning and /token/).
    needs_environment: bool
    regex: re.Pattern[str]


def _compile(prefix: str, template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{(\w+)\}", prefix + template)
    # Even pieces are literal text, odd pieces placeholder names.
    pattern = "".join(
        re.escape(piece) if index % 2 == 0 else f"(?P<{piece}>[^/]+)"
        for index, piece in enumerate(pieces)
    )
    return re.compile(pattern)


def _create(kind: str, version: str, party: str | None, money: str = "flat") -> Handler:
    return partial(tx.create, spec=tx.CreateSpec(kind, version, party, money))


def _status(kind: str) -> Handler:
    return partial(tx.get_status, kind=kind)


_B, _S = Auth.BEARER, Auth.SELF
_SHARED: list[tuple[str, str, str, Handler, Auth]] = [
    ("GET", "v1_0/account/balance", "GetAccountBalance", accounts.balance, _B),
    (
        "GET",
        "v1_0/account/balance/{currency}",
        "GetAccountBalanceInSpecificCurrency",
        accounts.balance_in_currency,
        _B,
    ),
    (
        "GET",
        "v1_0/accountholder/{id_type}/{holder_id}/active",
        "ValidateAccountHolderStatus",
        accounts.account_holder_active,
        _B,
    ),
    ("POST", "v1_0/bc-authorize", "bc-authorize", auth.bc_authorize, _S),
    ("POST", "oauth2/token/", "CreateOauth2Token", auth.create_oauth2_token, _S),
    (
        "GET",
        "oauth2/v1_0/userinfo",
        "GetUserInfoWithConsent",
        auth.user_info_with_consent,
        Auth.CONSENT,
    ),
    ("POST", "token/", "CreateAccessToken", auth.create_access_token, Auth.KEY_ONLY),
    ("POST", "token", "CreateAccessToken", auth.token_without_slash, Auth.KEY_ONLY),
]
_BASIC_INFO_ANY = (
    "GET",
    "v1_0/accountholder/{id_type}/{holder_id}/basicuserinfo",
    "GetBasicUserinfo",
    accounts.basic_user_information,
    _B,
)
_PER_PRODUCT: dict[str, list[tuple[str, str, str, Handler, Auth]]] = {
    "collection": [
        _BASIC_INFO_ANY,
        ("POST", "v1_0/requesttopay", "RequesttoPay", _create("requesttopay", "v1_0", "payer"), _B),
        (
            "GET",
            "v1_0/requesttopay/{ref}",
            "RequesttoPayTransactionStatus",
            _status("requesttopay"),
            _B,
        ),
        (
            "POST",
            "v1_0/requesttopay/{ref}/deliverynotification",
            "RequesttoPayDeliveryNotification",
            tx.delivery_notification,
            _B,
        ),
        (
            "POST",
            "v1_0/requesttowithdraw",
            "RequestToWithdraw-V1",
            _create("requesttowithdraw", "v1_0", "payer"),
            _B,
        ),
        (
            "POST",
            "v2_0/requesttowithdraw",
            "RequestToWithdraw-V2",
            _create("requesttowithdraw", "v2_0", "payer"),
            _B,
        ),
        (
            "GET",
            "v1_0/requesttowithdraw/{ref}",
            "RequestToWithdrawTransactionStatus",
            _status("requesttowithdraw"),
            _B,
        ),
        ("POST", "v2_0/invoice", "CreateInvoice", _create("invoice", "v2_0", "intendedPayer"), _B),
        ("GET", "v2_0/invoice/{ref}", "GetInvoiceStatus", _status("invoice"), _B),
        ("DELETE", "v2_0/invoice/{ref}", "CancelInvoice", tx.cancel_invoice, _B),
        (
            "POST",
            "v2_0/preapproval",
            "PreApproval",
            _create("preapproval", "v2_0", "payer", "none"),
            _B,
        ),
        ("GET", "v2_0/preapproval/{ref}", "GetPreApprovalStatus", _status("preapproval"), _B),
        (
            "GET",
            "v1_0/preapprovals/{id_type}/{holder_id}",
            "GetApprovedPreApprovals",
            tx.list_pre_approvals,
            _B,
        ),
        ("DELETE", "v1_0/preapproval/{ref}", "CancelPreApproval", tx.cancel_pre_approval, _B),
        (
            "POST",
            "v2_0/payment",
            "CreatePayments",
            _create("payment", "v2_0", None, "nested"),
            _B,
        ),
        ("GET", "v2_0/payment/{ref}", "GetPaymentStatus", _status("payment"), _B),
    ],
    "disbursement": [
        _BASIC_INFO_ANY,
        ("POST", "v1_0/transfer", "Transfer", _create("transfer", "v1_0", "payee"), _B),
        ("GET", "v1_0/transfer/{ref}", "GetTransferStatus", _status("transfer"), _B),
        ("POST", "v1_0/deposit", "Deposit-V1", _create("deposit", "v1_0", "payee"), _B),
        ("POST", "v2_0/deposit", "Deposit-V2", _create("deposit", "v2_0", "payee"), _B),
        ("GET", "v1_0/deposit/{ref}", "GetDepositStatus", _status("deposit"), _B),
        ("POST", "v1_0/refund", "Refund-V1", _create("refund", "v1_0", None), _B),
        ("POST", "v2_0/refund", "Refund-V2", _create("refund", "v2_0", None), _B),
        ("GET", "v1_0/refund/{ref}", "GetRefundStatus", _status("refund"), _B),
    ],
    "remittance": [
        (
            "GET",
            "v1_0/accountholder/msisdn/{holder_id}/basicuserinfo",
            "GetBasicUserinfo",
            accounts.basic_user_information,
            _B,
        ),
        ("POST", "v1_0/transfer", "Transfer", _create("transfer", "v1_0", "payee"), _B),
        ("GET", "v1_0/transfer/{ref}", "GetTransferStatus", _status("transfer"), _B),
        (
            "POST",
            "v2_0/cashtransfer",
            "CashTransfer",
            _create("cashtransfer", "v2_0", "payee"),
            _B,
        ),
        ("GET", "v2_0/cashtransfer/{ref}", "GetCashTransferStatus", _status("cashtransfer"), _B),
    ],
}
_PROVISIONING: list[tuple[str, str, str, Handler]] = [
    ("POST", "/v1_0/apiuser", "CreateApiUser", provisioning.create_api_user),
    ("POST", "/v1_0/apiuser/{user_id}/apikey", "CreateApiKey", provisioning.create_api_key),
    ("GET", "/v1_0/apiuser/{user_id}", "GetApiUser", provisioning.get_api_user),
]


def _build() -> dict[str | None, list[Route]]:
    table: dict[str | None, list[Route]] = {}
    for product in PRODUCTS:
        prefix = f"/{product}/"
        table[product] = [
            Route(
                method,
                product,
                prefix + template,
                operation,
                handler,
                style,
                needs_environment=operation != "CreateAccessToken",
                regex=_compile(prefix, template),
            )
            for method, template, operation, handler, style in _SHARED + _PER_PRODUCT[product]
        ]
    table[None] = [
        Route(
            method, None, template, operation, handler, Auth.KEY_ONLY, False, _compile("", template)
        )
        for method, template, operation, handler in _PROVISIONING
    ]
    return table


ROUTES = _build()
#: Every (method, path template, operationId) the sandbox serves.
OPERATIONS: tuple[tuple[str, str, str], ...] = tuple(
    (route.method, route.template, route.operation)
    for routes in ROUTES.values()
    for route in routes
    if not (route.operation == "CreateAccessToken" and route.template.endswith("/token"))
)


def api_of(path: str) -> tuple[bool, str | None]:
    """(is a MoMo API path, product). Provisioning is an API without a product."""
    if path.startswith("/v1_0/apiuser"):
        return True, None
    head = path[1:].partition("/")[0]
    if head in ROUTES and head is not None and path != f"/{head}":
        return True, head
    return False, None


def match(method: str, path: str, product: str | None) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES[product]:
        if route.method != method:
            continue
        found = route.regex.fullmatch(path)
        if found is not None:
            return route, {key: unquote(value) for key, value in found.groupdict().items()}
    return None
