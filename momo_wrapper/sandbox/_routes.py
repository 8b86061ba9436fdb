"""The sandbox's routes: the spec's operations (``_spec_routes``, generated) and their handlers.

Adding an operation to the spec and regenerating gives it a route as soon as :data:`HANDLERS`
has an entry for it; a test names every spec operation without a handler and every handler
no spec operation reaches.
"""

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
from ._spec_routes import SPEC_ROUTES
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
    #: The spec's operationId ("" for the undocumented /token alias).
    operation_id: str


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


@attrs.frozen(slots=True)
class Handling:
    """How the sandbox serves one spec operation."""

    #: MTN's own operation name: what fault rules, the request log and the admin API use.
    name: str
    handler: Handler
    auth: Auth


_B, _S = Auth.BEARER, Auth.SELF
#: Keyed by the spec's operationId without its product prefix (``collection_transfer`` and
#: ``remittance_transfer`` are both ``transfer``): the spec decides which products have it.
HANDLERS: dict[str, Handling] = {
    "get_account_balance": Handling("GetAccountBalance", accounts.balance, _B),
    "get_account_balance_in_currency": Handling(
        "GetAccountBalanceInSpecificCurrency", accounts.balance_in_currency, _B
    ),
    "validate_account_holder_status": Handling(
        "ValidateAccountHolderStatus", accounts.account_holder_active, _B
    ),
    "get_basic_user_info": Handling("GetBasicUserinfo", accounts.basic_user_information, _B),
    "bc_authorize": Handling("bc-authorize", auth.bc_authorize, _S),
    "create_oauth2_token": Handling("CreateOauth2Token", auth.create_oauth2_token, _S),
    "get_user_info_with_consent": Handling(
        "GetUserInfoWithConsent", auth.user_info_with_consent, Auth.CONSENT
    ),
    "create_access_token": Handling("CreateAccessToken", auth.create_access_token, Auth.KEY_ONLY),
    "request_to_pay": Handling("RequesttoPay", _create("requesttopay", "v1_0", "payer"), _B),
    "get_request_to_pay_status": Handling(
        "RequesttoPayTransactionStatus", _status("requesttopay"), _B
    ),
    "request_to_pay_delivery_notification": Handling(
        "RequesttoPayDeliveryNotification", tx.delivery_notification, _B
    ),
    "request_to_withdraw_v1": Handling(
        "RequestToWithdraw-V1", _create("requesttowithdraw", "v1_0", "payer"), _B
    ),
    "request_to_withdraw_v2": Handling(
        "RequestToWithdraw-V2", _create("requesttowithdraw", "v2_0", "payer"), _B
    ),
    "get_request_to_withdraw_status": Handling(
        "RequestToWithdrawTransactionStatus", _status("requesttowithdraw"), _B
    ),
    "create_invoice": Handling("CreateInvoice", _create("invoice", "v2_0", "intendedPayer"), _B),
    "get_invoice_status": Handling("GetInvoiceStatus", _status("invoice"), _B),
    "cancel_invoice": Handling("CancelInvoice", tx.cancel_invoice, _B),
    "create_pre_approval": Handling(
        "PreApproval", _create("preapproval", "v2_0", "payer", "none"), _B
    ),
    "get_pre_approval_status": Handling("GetPreApprovalStatus", _status("preapproval"), _B),
    "get_approved_pre_approvals": Handling("GetApprovedPreApprovals", tx.list_pre_approvals, _B),
    "cancel_pre_approval": Handling("CancelPreApproval", tx.cancel_pre_approval, _B),
    "create_payment": Handling("CreatePayments", _create("payment", "v2_0", None, "nested"), _B),
    "get_payment_status": Handling("GetPaymentStatus", _status("payment"), _B),
    "transfer": Handling("Transfer", _create("transfer", "v1_0", "payee"), _B),
    "get_transfer_status": Handling("GetTransferStatus", _status("transfer"), _B),
    "deposit_v1": Handling("Deposit-V1", _create("deposit", "v1_0", "payee"), _B),
    "deposit_v2": Handling("Deposit-V2", _create("deposit", "v2_0", "payee"), _B),
    "get_deposit_status": Handling("GetDepositStatus", _status("deposit"), _B),
    "refund_v1": Handling("Refund-V1", _create("refund", "v1_0", None), _B),
    "refund_v2": Handling("Refund-V2", _create("refund", "v2_0", None), _B),
    "get_refund_status": Handling("GetRefundStatus", _status("refund"), _B),
    "cash_transfer": Handling("CashTransfer", _create("cashtransfer", "v2_0", "payee"), _B),
    "get_cash_transfer_status": Handling("GetCashTransferStatus", _status("cashtransfer"), _B),
    "create_api_user": Handling("CreateApiUser", provisioning.create_api_user, Auth.KEY_ONLY),
    "create_api_key": Handling("CreateApiKey", provisioning.create_api_key, Auth.KEY_ONLY),
    "get_api_user": Handling("GetApiUser", provisioning.get_api_user, Auth.KEY_ONLY),
}
_PROVISIONING_PREFIX = "sandbox_"
#: The handlers' names for the spec's path parameters.
_PARAMETERS = {
    "referenceId": "ref",
    "preApprovalId": "ref",
    "accountHolderIdType": "id_type",
    "accountHolderId": "holder_id",
    "accountHolderMsisdn": "holder_id",
}
_PROVISIONING_PARAMETERS = {"referenceId": "user_id"}


def handler_key(operation_id: str, product: str | None) -> str:
    """The :data:`HANDLERS` key of a spec operationId."""
    return operation_id.removeprefix(f"{product}_" if product else _PROVISIONING_PREFIX)


def _template(path: str, product: str | None) -> str:
    names = _PROVISIONING_PARAMETERS if product is None else _PARAMETERS
    return re.sub(r"\{(\w+)\}", lambda found: "{" + names.get(found[1], found[1]) + "}", path)


def unhandled() -> list[str]:
    """Spec operations with no handler (a handler's absence would otherwise be a gateway 404)."""
    return [
        operation_id
        for operation_id, (_, _, product) in SPEC_ROUTES.items()
        if handler_key(operation_id, product) not in HANDLERS
    ]


def unused_handlers() -> list[str]:
    """Handlers no spec operation reaches (left behind when an operation is retired)."""
    used = {
        handler_key(operation_id, product) for operation_id, (_, _, product) in SPEC_ROUTES.items()
    }
    return sorted(set(HANDLERS) - used)


def _route(
    operation_id: str, method: str, template: str, product: str | None, how: Handling
) -> Route:
    return Route(
        method,
        product,
        template,
        how.name,
        how.handler,
        how.auth,
        needs_environment=product is not None and how.name != "CreateAccessToken",
        regex=_compile("", template),
        operation_id=operation_id,
    )


def _build() -> dict[str | None, list[Route]]:
    table: dict[str | None, list[Route]] = {product: [] for product in (*PRODUCTS, None)}
    for operation_id, (method, path, product) in SPEC_ROUTES.items():
        how = HANDLERS.get(handler_key(operation_id, product))
        if how is None:
            # unhandled() names it in a test; the gateway answers it with the unrouted 404.
            continue
        table[product].append(_route(operation_id, method, _template(path, product), product, how))
    for product in PRODUCTS:
        # MoMo also answers /token without the slash (not in the spec, which documents /token/).
        how = Handling("CreateAccessToken", auth.token_without_slash, Auth.KEY_ONLY)
        table[product].append(_route("", "POST", f"/{product}/token", product, how))
    return table


ROUTES = _build()
#: Every (method, path template, operationId) the sandbox serves.
OPERATIONS: tuple[tuple[str, str, str], ...] = tuple(
    (route.method, route.template, route.operation)
    for routes in ROUTES.values()
    for route in routes
    if route.operation_id
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
