"""The in-memory shared token store (:class:`SharedTokenStore`, the protocol every shared token
store follows, lives in the core's ``_tokens``).

A shared token store is both the :class:`~momo_wrapper._tokens.TokenStore` and the
:class:`~momo_wrapper._tokens.TokenLockProvider` of a :class:`~momo_wrapper._tokens.TokenCache`::

    store = open_token_store("redis://cache:6379/0")
    cache = TokenCache(store, lock_provider=store)

The cache takes its in-process lock, then ``store.lock(key)``, re-reads the store, and fetches
only if no other process stored a fresh token meanwhile: one token request per product per
token lifetime across every process sharing the store.
"""

from __future__ import annotations

import contextlib
import logging
from contextlib import AbstractAsyncContextManager, AbstractContextManager

from momo_wrapper._errors import LockTimeoutError
from momo_wrapper._tokens import InMemoryTokenStore, TokenKey

logger = logging.getLogger("momo_wrapper.stores")


class MemoryTokenStore(InMemoryTokenStore):
    """Tokens in this process only. Its lock is a no-op: the :class:`TokenCache` lock already
    serialises refreshes within the process, so share one cache rather than one store."""

    display_url = "memory://"

    def lock(self, key: TokenKey) -> AbstractContextManager[object]:  # noqa: ARG002
        return contextlib.nullcontext()

    def alock(self, key: TokenKey) -> AbstractAsyncContextManager[object]:  # noqa: ARG002
        return contextlib.nullcontext()

    def close(self) -> None:
        """Nothing to release."""

    async def aclose(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return f"MemoryTokenStore(<{len(self)} tokens>)"


def log_unreleased_lock(error: Exception) -> None:
    """A refresh lock whose release failed is not an error for the caller: it ends with its
    lease. Logged with the store and URL only, never a token."""
    logger.warning("token refresh lock not released; it ends with its lease: %s", error)


def lock_timeout_error(store: str, url: str, waited: float, lease: float) -> LockTimeoutError:
    """The error for a refresh lock another process still held after ``waited`` seconds."""
    return LockTimeoutError(
        f"the token refresh lock in {url} was still held by another process "
        f"after {waited:.1f} s (lease {lease:g} s).",
        store=store,
        url=url,
        operation="lock",
    )
