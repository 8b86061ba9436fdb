"""Balance, account-holder status and basic user info (api-behaviour §6, §7)."""

from __future__ import annotations

from ._bodies import basic_user_info
from ._call import Call
from ._state import SandboxState
from ._wire import SandboxResponse, momo_error, momo_json

_ERRORS: dict[str, tuple[int, str, str] | None] = {
    "notfound": (404, "RESOURCE_NOT_FOUND", "Requested resource was not found."),
    "notactive": None,  # answered with {"result":false}
    "notallowed": (500, "NOT_ALLOWED", "Authorization failed. Insufficient permissions."),
    "notallowedtargetenvironment": (
        500,
        "NOT_ALLOWED_TARGET_ENVIRONMENT",
        "Access to target environment is forbidden.",
    ),
    "internalprocessingerror": (
        500,
        "INTERNAL_PROCESSING_ERROR",
        "An internal error occurred while processing.",
    ),
    "serviceunavailable": (
        503,
        "SERVICE_UNAVAILABLE",
        "Service temporarily unavailable, try again later.",
    ),
}
# MTN's sandbox use-case page: AccountHolderActive test MSISDNs and e-mails.
_TEST_HOLDERS = {
    "46733123450": "notfound",
    "46733123451": "notactive",
    "46733123452": "notallowed",
    "46733123453": "notallowedtargetenvironment",
    "46733123454": "internalprocessingerror",
    "46733123455": "serviceunavailable",
    **{f"{name}@email.com": name for name in _ERRORS},
}


def balance(state: SandboxState, call: Call) -> SandboxResponse:
    settings = state.settings
    body = {"availableBalance": settings.balance, "currency": settings.currency}
    return momo_json(200, body, call.now)


def balance_in_currency(state: SandboxState, call: Call) -> SandboxResponse:
    if call.params["currency"].upper() != state.settings.currency:
        return momo_error(500, "INVALID_CURRENCY", "Currency not supported.", call.now)
    return balance(state, call)


def account_holder_active(_state: SandboxState, call: Call) -> SandboxResponse:
    case = _TEST_HOLDERS.get(call.params["holder_id"].lower())
    if case is None:
        return momo_json(200, {"result": True}, call.now)
    error = _ERRORS[case]
    if error is None:
        return momo_json(200, {"result": False}, call.now)
    status, code, message = error
    return momo_error(status, code, message, call.now)


def basic_user_information(_state: SandboxState, call: Call) -> SandboxResponse:
    return momo_json(200, basic_user_info(call.now), call.now)
