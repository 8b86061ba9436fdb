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

# Everything but the version is imported at its first use (PEP 562 ``__getattr__`` below), so
# ``import momo_wrapper`` (and so ``momo --help``) costs no httpx, generated client or asyncio,
# and a program pays only for the parts it touches. The imports under TYPE_CHECKING are what
# mypy and IDEs see; tests/packaging/test_public_names.py checks that they, ``_HOMES`` and
# ``__all__`` name the same things from the same modules.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
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

_HOMES: dict[str, tuple[str, ...]] = {
    "._api": ("OPERATIONS",),
    "._client": (
        "AsyncMomoClient",
        "MomoClient",
    ),
    "._clock": (
        "Clock",
        "FakeClock",
        "SystemClock",
    ),
    "._config": (
        "MomoConfig",
        "ProductCredentials",
    ),
    "._errors": (
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "IdempotencyConflictError",
        "MomoAPIError",
        "MomoConnectionError",
        "MomoError",
        "MomoTimeoutError",
        "MomoValidationError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitedError",
        "ServerError",
        "StoreUnavailableError",
        "TokenConnectionError",
        "TokenError",
        "TokenFailure",
        "TransientServerError",
        "UnexpectedResponseError",
        "WaitTimeoutError",
    ),
    "._ledgered": (
        "LedgerReconcileOutcome",
        "LedgerReconcileReport",
    ),
    "._observe": (
        "Hooks",
        "RequestEvent",
        "ResponseEvent",
        "RetryEvent",
    ),
    "._outbox": (
        "DispatchReport",
        "OutboxIntent",
    ),
    "._products.collection": ("Collection",),
    "._products.disbursement": ("Disbursement",),
    "._products.provisioning": (
        "ProvisionedUser",
        "SandboxProvisioning",
    ),
    "._products.remittance": ("Remittance",),
    "._redact": ("RedactingFilter",),
    "._response": ("RawResponse",),
    "._results": (
        "Accepted",
        "AccountHolderStatus",
        "Address",
        "ApiKey",
        "ApiUser",
        "ApprovedPreApproval",
        "Balance",
        "BasicUserInfo",
        "BcAuthorization",
        "CashTransferStatus",
        "ConsentToken",
        "ConsentUserInfo",
        "InvoiceStatus",
        "Party",
        "PaymentStatus",
        "PreApprovalStatus",
        "Reason",
        "Record",
        "RequestToPayStatus",
        "TransactionResult",
        "TransactionStatus",
        "TransferStatus",
    ),
    "._tokens": (
        "AccessToken",
        "InMemoryTokenStore",
        "TokenKey",
        "TokenStore",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next lookup is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
