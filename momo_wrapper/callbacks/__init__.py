"""Callbacks that cannot be forged: receive, verify with MoMo, deliver once, reconcile.

MoMo's callbacks are unsigned, carry no ``referenceId``, come as POST or PUT, sometimes twice and
sometimes never (api-behaviour §8). So this package never trusts a callback body: the URL path says
which transaction it is about (the client builds it with :func:`callback_url`), the real status
is fetched from MoMo, and your handler runs once per *verified* final state.

ASGI (Starlette, FastAPI, or uvicorn directly)::

    from momo_wrapper.callbacks import AsyncCallbackProcessor, CallbackASGIApp

    async def on_final(callback):          # a VerifiedCallback
        await orders.settle(callback.reference_id, callback.status)

    receiver = CallbackASGIApp(AsyncCallbackProcessor(async_client, on_final))
    app.mount("/momo/callbacks", receiver)  # callback_base_url=https://shop.example/momo/callbacks
    # in your lifespan's shutdown: await receiver.aclose()

WSGI (Flask, Django) takes a ``CallbackProcessor(client, on_final)`` and ``CallbackWSGIApp``.
Callbacks that never come: ``reconcile(processor, pending_rows)`` / ``await areconcile(...)``
every minute or so. Before sending: ``check_callback_config(config, provider_callback_host=...)``.
"""

from ._asgi import CallbackASGIApp
from ._dedup import AsyncCallbackDedupStore, CallbackDedupStore, InMemoryDedupStore, dedup_key
from ._events import (
    ACCEPTED_METHODS,
    DEFAULT_MAX_BODY_BYTES,
    CallbackEvent,
    CallbackRejected,
    CallbackRequest,
    parse_callback,
)
from ._fetchers import AsyncStatusFetcher, StatusFetcher, StatusResult
from ._outcomes import CallbackOutcome, CallbackResponse, Source, Verdict, VerifiedCallback
from ._paths import CALLBACK_OPERATIONS, CallbackPath, callback_url, parse_callback_path
from ._pending import PendingTransaction, UnconfirmedCallbacks
from ._preflight import check_callback_config, check_callback_host, check_callback_url, host_of
from ._processor import (
    AsyncCallbackHandler,
    AsyncCallbackProcessor,
    CallbackHandler,
    CallbackProcessor,
)
from ._reconcile import (
    DEFAULT_RECONCILE_AFTER,
    ReconcileReport,
    areconcile,
    reconcile,
    select_due,
)
from ._wsgi import CallbackWSGIApp

__all__ = [
    "ACCEPTED_METHODS",
    "CALLBACK_OPERATIONS",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_RECONCILE_AFTER",
    "AsyncCallbackDedupStore",
    "AsyncCallbackHandler",
    "AsyncCallbackProcessor",
    "AsyncStatusFetcher",
    "CallbackASGIApp",
    "CallbackDedupStore",
    "CallbackEvent",
    "CallbackHandler",
    "CallbackOutcome",
    "CallbackPath",
    "CallbackProcessor",
    "CallbackRejected",
    "CallbackRequest",
    "CallbackResponse",
    "CallbackWSGIApp",
    "InMemoryDedupStore",
    "PendingTransaction",
    "ReconcileReport",
    "Source",
    "StatusFetcher",
    "StatusResult",
    "UnconfirmedCallbacks",
    "Verdict",
    "VerifiedCallback",
    "areconcile",
    "callback_url",
    "check_callback_config",
    "check_callback_host",
    "check_callback_url",
    "dedup_key",
    "host_of",
    "parse_callback",
    "parse_callback_path",
    "reconcile",
    "select_due",
]
