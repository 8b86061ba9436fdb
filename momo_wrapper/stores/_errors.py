"""Errors of the shared stores: the store could not answer, or the ledger was asked the impossible.

Hierarchy (all :class:`~momo_wrapper._errors.MomoError`)::

    StoreUnavailableError           the token store or ledger could not be reached or used
    ├── LockTimeoutError            the token refresh lock stayed taken past acquire_timeout
    └── StoreSchemaError            the database schema is missing, behind or not ours to change
    LedgerEntryNotFoundError        no ledger entry has this reference id (also a LookupError)
    LedgerTransitionError           a state change the ledger refuses (also a ValueError)

A fingerprint mismatch in :meth:`Ledger.reserve` raises the SDK's
:class:`~momo_wrapper._errors.IdempotencyConflictError`.
"""

from __future__ import annotations

from momo_wrapper._errors import MomoError


class StoreUnavailableError(MomoError):
    """A token store or ledger did not answer (server down, timeout, locked or broken file).

    ``store`` says which (``"redis ledger"``, ``"sqlite token store"``), ``url`` where, without
    credentials, ``operation`` what was being done (``"reserve"``, ``"get"``, ``"lock"``).

    ``outcome_unknown`` is True for writes: the request may have reached the store before the
    failure, so the change may or may not be saved. For :meth:`Ledger.reserve` that means an
    entry may exist: do **not** send the payment and do **not** mint a new reference id; call
    ``reserve`` again with the same business key once the store is back. It is atomic and
    idempotent, so it returns the entry that was written, or creates it.
    """

    def __init__(
        self,
        message: str,
        *,
        store: str,
        url: str,
        operation: str,
        outcome_unknown: bool = False,
    ) -> None:
        self.store = store
        self.url = url
        self.operation = operation
        self.outcome_unknown = outcome_unknown
        super().__init__(message)


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


class LockTimeoutError(StoreUnavailableError):
    """The cross-process token refresh lock was still held by others after ``acquire_timeout``.

    A holder that died stops blocking when its lease ends, so this means holders that are alive
    but slower than the timeout, or a timeout shorter than the lease.
    """


class StoreSchemaError(StoreUnavailableError):
    """The store's database schema cannot be used as it is: not created or behind while the URL
    says ``migrate=false``, newer than this SDK, or owned by a role that does not let us create
    tables in it. The message names the schema, the roles and the fix (``momo db upgrade``)."""


class LedgerEntryNotFoundError(MomoError, LookupError):
    """No ledger entry has this reference id."""

    def __init__(self, reference_id: str, *, store: str) -> None:
        self.reference_id = reference_id
        self.store = store
        super().__init__(f"the {store} has no entry with reference id {reference_id}")


class LedgerTransitionError(MomoError, ValueError):
    """A state change that contradicts what the ledger already knows, e.g. marking an entry
    FAILED_TO_SUBMIT after MoMo accepted it, or changing a final status."""

    def __init__(self, message: str, *, reference_id: str, state: str) -> None:
        self.reference_id = reference_id
        self.state = state
        super().__init__(message)
