"""Code that runs in spawned worker processes (importable by module name, no test fixtures)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

from momo_wrapper._tokens import AccessToken, TokenCache, TokenKey
from momo_wrapper.stores import open_ledger, open_token_store

BASE_URL = "https://sandbox.momodeveloper.mtn.com"
API_USER = "9f1c7d2e-4b1a-4c3e-8a7f-2b6d5e4c3a21"
FETCH_LATENCY = 0.02
"""A token request's round trip, so that racing processes overlap inside the fetch."""


def token_key(product: str) -> TokenKey:
    return TokenKey(BASE_URL, product, API_USER)


def _fetcher(product: str, fetch_log: str) -> Any:
    def fetch() -> AccessToken:
        # One O_APPEND write per fetch: atomic across processes, counted by the test.
        with open(fetch_log, "a", encoding="utf-8") as log:
            log.write(f"{product} {os.getpid()}\n")
        time.sleep(FETCH_LATENCY)
        now = time.time()
        return AccessToken(f"token-{product}-{os.getpid()}", expires_at=now + 3600, issued_at=now)

    return fetch


def token_lookups(
    url: str,
    barrier: threading.Barrier,
    fetch_log: str,
    products: list[str],
    lookups: int,
    mode: str,
) -> dict[str, Any]:
    """``lookups`` token lookups per product through a TokenCache on the shared store."""
    store = open_token_store(url)
    cache = TokenCache(store, lock_provider=store)
    seen: dict[str, set[str]] = {product: set() for product in products}
    barrier.wait(timeout=20)
    try:
        if mode == "sync":
            for _ in range(lookups):
                for product in products:
                    token = cache.get_or_fetch(token_key(product), _fetcher(product, fetch_log))
                    seen[product].add(token.value)
        else:

            async def run() -> None:
                for _ in range(lookups):
                    for product in products:
                        fetch = _fetcher(product, fetch_log)

                        async def afetch(fetch: Any = fetch) -> AccessToken:
                            return await asyncio.to_thread(fetch)

                        token = await cache.aget_or_fetch(token_key(product), afetch)
                        seen[product].add(token.value)
                close = getattr(store, "aclose", None)
                if close is not None:
                    await close()

            asyncio.run(run())
    finally:
        store.close()
    return {"pid": os.getpid(), "seen": {p: sorted(v) for p, v in seen.items()}}


def reserve_once(
    url: str, barrier: threading.Barrier, key: str, fingerprint: str, mode: str
) -> dict[str, Any]:
    ledger = open_ledger(url)
    barrier.wait(timeout=20)
    try:
        if mode == "sync":
            entry = ledger.reserve(key, fingerprint, "disbursement", "transfer")
        else:

            async def run() -> Any:
                try:
                    return await ledger.areserve(key, fingerprint, "disbursement", "transfer")
                finally:
                    await ledger.aclose()

            entry = asyncio.run(run())
    finally:
        ledger.close()
    return {"pid": os.getpid(), "reference_id": entry.reference_id, "new": entry.just_created}


def hold_lock_until_killed(url: str, product: str, locked: Any) -> None:
    """Take the refresh lock, say so, and never let go: the test SIGKILLs this process."""
    store = open_token_store(url)
    with store.lock(token_key(product)):
        locked.set()
        time.sleep(600)
