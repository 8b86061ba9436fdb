"""How a store failure is reported: the message says what the caller should do about it.

The store errors themselves are part of the SDK's one error tree (:mod:`momo_wrapper._errors`).
"""

from __future__ import annotations

from momo_wrapper._errors import StoreUnavailableError


def unavailable_error(
    *, store: str, url: str, operation: str, reason: str, outcome_unknown: bool
) -> StoreUnavailableError:
    """The error for a failed store call, with what the caller should do about it."""
    message = f"the {store} at {url} failed during {operation}: {reason.rstrip('.')}."
    if outcome_unknown and operation == "reserve":
        message += (
            " An entry may have been written: do not send the request and do not use a new "
            "reference id; call reserve() again with the same business key once the store is "
            "back, it returns the entry if one exists."
        )
    elif outcome_unknown:
        message += " The change may or may not have been saved; it is safe to repeat."
    return StoreUnavailableError(
        message, store=store, url=url, operation=operation, outcome_unknown=outcome_unknown
    )
