"""A typed, idempotent, sync and async SDK for the MTN Mobile Money (MoMo) Open API.

    from momo_wrapper import MomoClient, MomoConfig

    with MomoClient(MomoConfig.from_env()) as momo:
        accepted = momo.collection.request_to_pay(
            amount="5", payer="46733123459", external_id="order-17"
        )
        final = momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=30)

Everything importable from here is public; modules with a leading underscore are not.
The local sandbox lives in :mod:`momo_wrapper.sandbox`.
"""

from ._api import OPERATIONS
from ._client import AsyncMomoClient, MomoClient
from ._clock import Clock, FakeClock, SystemClock
from ._config import MomoConfig, ProductCredentials
from ._errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    IdempotencyConflictError,
    MomoAPIError,
    MomoConnectionError,
    MomoError,
    MomoTimeoutError,
    MomoValidationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    StoreUnavailableError,
    TokenConnectionError,
    TokenError,
    TokenFailure,
    TransientServerError,
    UnexpectedResponseError,
    WaitTimeoutError,
)
from ._ledgered import LedgerReconcileOutcome, LedgerReconcileReport
from ._observe import Hooks, RequestEvent, ResponseEvent, RetryEvent
from ._outbox import DispatchReport, OutboxIntent
from ._products.collection import Collection
from ._products.disbursement import Disbursement
from ._products.provisioning import ProvisionedUser, SandboxProvisioning
from ._products.remittance import Remittance
from ._redact import RedactingFilter
from ._response import RawResponse
from ._results import (
    Accepted,
    AccountHolderStatus,
    Address,
    ApiKey,
    ApiUser,
    ApprovedPreApproval,
    Balance,
    BasicUserInfo,
    BcAuthorization,
    CashTransferStatus,
    ConsentToken,
    ConsentUserInfo,
    InvoiceStatus,
    Party,
    PaymentStatus,
    PreApprovalStatus,
    Reason,
    Record,
    RequestToPayStatus,
    TransactionResult,
    TransactionStatus,
    TransferStatus,
)
from ._tokens import AccessToken, InMemoryTokenStore, TokenKey, TokenStore
from ._version import __version__

__all__ = [
    "OPERATIONS",
    "Accepted",
    "AccessToken",
    "AccountHolderStatus",
    "Address",
    "ApiKey",
    "ApiUser",
    "ApprovedPreApproval",
    "AsyncMomoClient",
    "AuthenticationError",
    "BadRequestError",
    "Balance",
    "BasicUserInfo",
    "BcAuthorization",
    "CashTransferStatus",
    "Clock",
    "Collection",
    "ConflictError",
    "ConsentToken",
    "ConsentUserInfo",
    "Disbursement",
    "DispatchReport",
    "FakeClock",
    "Hooks",
    "IdempotencyConflictError",
    "InMemoryTokenStore",
    "InvoiceStatus",
    "LedgerReconcileOutcome",
    "LedgerReconcileReport",
    "MomoAPIError",
    "MomoClient",
    "MomoConfig",
    "MomoConnectionError",
    "MomoError",
    "MomoTimeoutError",
    "MomoValidationError",
    "NotFoundError",
    "OutboxIntent",
    "Party",
    "PaymentStatus",
    "PermissionDeniedError",
    "PreApprovalStatus",
    "ProductCredentials",
    "ProvisionedUser",
    "RateLimitedError",
    "RawResponse",
    "Reason",
    "Record",
    "RedactingFilter",
    "Remittance",
    "RequestEvent",
    "RequestToPayStatus",
    "ResponseEvent",
    "RetryEvent",
    "SandboxProvisioning",
    "ServerError",
    "StoreUnavailableError",
    "SystemClock",
    "TokenConnectionError",
    "TokenError",
    "TokenFailure",
    "TokenKey",
    "TokenStore",
    "TransactionResult",
    "TransactionStatus",
    "TransferStatus",
    "TransientServerError",
    "UnexpectedResponseError",
    "WaitTimeoutError",
    "__version__",
]
