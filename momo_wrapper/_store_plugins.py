"""Store URLs (``MOMO_LEDGER``, ``MOMO_TOKEN_STORE``) without the core importing the stores.

A store backend registers itself per URL scheme in the ``momo_wrapper.stores`` entry-point group
(``[project.entry-points."momo_wrapper.stores"]`` in pyproject.toml; the built-in ones point at
``momo_wrapper.stores._factory:BUILTIN``). The core looks a scheme up only when a store URL is
configured, so a client that configures no store never imports :mod:`momo_wrapper.stores`, and
the dependency stays one way: the stores use the core, never the reverse. Entry points are the
standard Python mechanism for this, so a package of yours can add a scheme the same way. An
already opened store can always be passed instead (``MomoClient(ledger=..., token_store=...)``).
"""

from __future__ import annotations

import functools
import importlib.metadata
import urllib.parse
from typing import Protocol, runtime_checkable

from ._clock import Clock
from ._errors import MomoValidationError
from ._ledger import Ledger
from ._tokens import SharedTokenStore

ENTRY_POINT_GROUP = "momo_wrapper.stores"

EXAMPLES = "memory://, sqlite:///path/to/file.db, redis://host:6379/0 or postgresql://user@host/db"


@runtime_checkable
class StoreBackend(Protocol):
    """What a registered backend offers for the URLs of its schemes. ``field`` names the setting
    in a :class:`MomoValidationError` (e.g. ``"ledger (from MOMO_LEDGER)"``)."""

    def check_token_store_url(self, url: str, *, field: str) -> str:
        """``url`` stripped, if it opens as a token store; else MomoValidationError."""
        ...

    def check_ledger_url(self, url: str, *, field: str) -> str:
        """``url`` stripped, if it opens as a ledger; else MomoValidationError."""
        ...

    def display_url(self, url: str, *, field: str) -> str:
        """What may be shown of ``url``: no user, password or secret option."""
        ...

    def url_secrets(self, url: str) -> list[str]:
        """The passwords ``url`` carries, for redaction."""
        ...

    def open_token_store(self, url: str, *, clock: Clock, field: str) -> SharedTokenStore: ...

    def open_ledger(self, url: str, *, clock: Clock, field: str) -> Ledger: ...


@functools.cache
def _registered() -> dict[str, importlib.metadata.EntryPoint]:
    return {entry.name: entry for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)}


def redact_url(url: str) -> str:
    """``url`` without user name, password and query (which may carry a password)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port is not None else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def store_backend(url: object, *, field: str) -> StoreBackend:
    """The backend registered for ``url``'s scheme (loaded on first use)."""
    if not isinstance(url, str) or not url.strip():
        raise MomoValidationError(field, f"expected a store URL, got {url!r}.", f"Use {EXAMPLES}.")
    text = url.strip()
    scheme, separator, _ = text.partition("://")
    if not separator:
        raise MomoValidationError(field, f"{redact_url(text)!r} is not a URL.", f"Use {EXAMPLES}.")
    registered = _registered()
    entry = registered.get(scheme.lower())
    if entry is None:
        installed = ", ".join(f"{name}://" for name in sorted(registered))
        raise MomoValidationError(
            field,
            f"{redact_url(text)!r} has an unsupported scheme {scheme.lower()!r}.",
            f"Use {EXAMPLES} (installed: {installed})."
            if installed
            else "No store backend is registered: reinstall momo-wrapper (its entry points "
            "register the built-in stores), or pass an opened store (ledger=, token_store=).",
        )
    backend = entry.load()
    if not isinstance(backend, StoreBackend):
        raise MomoValidationError(
            field, f"the backend registered for {scheme.lower()}:// ({entry.value}) is not one."
        )
    return backend


def open_token_store(url: str, *, clock: Clock, field: str = "token_store") -> SharedTokenStore:
    return store_backend(url, field=field).open_token_store(url, clock=clock, field=field)


def open_ledger(url: str, *, clock: Clock, field: str = "ledger") -> Ledger:
    return store_backend(url, field=field).open_ledger(url, clock=clock, field=field)
