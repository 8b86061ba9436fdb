"""The ``momo_wrapper`` logger hierarchy, ``MOMO_LOG``, and the filter that guards it.

=============================  =======  ====================================================
logger                         level    one record per
=============================  =======  ====================================================
``momo_wrapper.http``          DEBUG    HTTP attempt (status code, elapsed time)
``momo_wrapper.retry``         INFO     retry (reason, delay); WARNING: a give-up and why
                                        (DEBUG when the error is never retried, e.g. a 404)
``momo_wrapper.auth``          INFO     access-token fetch or refresh (never the token)
``momo_wrapper.create``        INFO     409 on a create: replayed, or WARNING: conflict
``momo_wrapper.wait``          DEBUG    status check of ``wait_for_*``; INFO: the final one
``momo_wrapper.ledger``        DEBUG    ledger transition (the entry's new state)
=============================  =======  ====================================================

Every record carries its fields in ``extra`` (``record.product``, ``record.operation``,
``record.reference_id``, ``record.attempt``, ``record.status_code``, ``record.elapsed_ms``,
``record.outcome`` where they apply), for JSON formatters.

``MOMO_LOG=debug|info|warning`` (read when ``momo_wrapper`` is imported) adds a stderr handler to
the ``momo_wrapper`` logger at that level, like ``OPENAI_LOG``. Whatever handlers the application
adds, the SDK's loggers carry a :class:`~momo_wrapper.RedactingFilter` that knows the secrets of
every configuration in the process, so a record is scrubbed before any handler sees it.
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import TYPE_CHECKING, Any

from ._redact import RedactingFilter, Secrets

if TYPE_CHECKING:
    from ._flows import Call

DEBUG, INFO, WARNING = logging.DEBUG, logging.INFO, logging.WARNING

ROOT = logging.getLogger("momo_wrapper")
HTTP = logging.getLogger("momo_wrapper.http")
RETRY = logging.getLogger("momo_wrapper.retry")
AUTH = logging.getLogger("momo_wrapper.auth")
CREATE = logging.getLogger("momo_wrapper.create")
WAIT = logging.getLogger("momo_wrapper.wait")
LEDGER = logging.getLogger("momo_wrapper.ledger")

GUARDED: tuple[str, ...] = (
    *("", ".http", ".retry", ".auth", ".create", ".wait", ".ledger"),
    *(".outbox", ".stores", ".callbacks"),
)
"""The SDK's loggers: a logger's filters see only the records logged on it, so each has one."""

LEVELS = {"debug": DEBUG, "info": INFO, "warning": WARNING}


class _KnownSecrets(Secrets):
    """Every configuration's secrets at once: the filter redacts with each live registry."""

    def __init__(self) -> None:
        super().__init__()
        self._registries: weakref.WeakSet[Secrets] = weakref.WeakSet()

    def register(self, secrets: Secrets) -> None:
        self._registries.add(secrets)

    def redact(self, text: str) -> str:
        for registry in list(self._registries):
            text = registry.redact_known(text)
        return super().redact(text)


KNOWN_SECRETS = _KnownSecrets()
FILTER = RedactingFilter(KNOWN_SECRETS)


def guard(secrets: Secrets) -> None:
    """Scrub ``secrets`` (a client's keys, and its tokens as they are issued) from SDK records."""
    KNOWN_SECRETS.register(secrets)


def _install_filters() -> None:
    for suffix in GUARDED:
        logger = logging.getLogger("momo_wrapper" + suffix)
        if FILTER not in logger.filters:
            logger.addFilter(FILTER)


class _MomoLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``MOMO_LOG`` installs (one, however often it is set up)."""


def setup_from_env(environ: Any = None) -> logging.Handler | None:
    """Install the ``MOMO_LOG`` handler if the variable names a level; return it."""
    value = (os.environ if environ is None else environ).get("MOMO_LOG", "").strip().lower()
    level = LEVELS.get(value)
    if level is None:
        return None
    handler = next((h for h in ROOT.handlers if isinstance(h, _MomoLogHandler)), None)
    if handler is None:
        handler = _MomoLogHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        ROOT.addHandler(handler)
    handler.setLevel(level)
    ROOT.setLevel(level)
    return handler


_install_filters()
setup_from_env()


# --------------------------------------------------------------------------------------------
# The records


def _fields(call: Call, **more: object) -> dict[str, object]:
    return {
        "product": call.product,
        "operation": call.operation,
        "reference_id": call.reference_id,
        **more,
    }


def _ref(call: Call) -> str:
    return f" [{call.reference_id}]" if call.reference_id else ""


def attempt(call: Call, status: int | None, elapsed_ms: float, error: object) -> None:
    if not HTTP.isEnabledFor(DEBUG):
        return
    answer = str(status) if status is not None else type(error).__name__
    HTTP.debug(
        "%s%s attempt %d: %s in %.1f ms",
        call.endpoint,
        _ref(call),
        call.attempt,
        answer,
        elapsed_ms,
        extra=_fields(
            call,
            endpoint=call.endpoint,
            attempt=call.attempt,
            status_code=status,
            elapsed_ms=round(elapsed_ms, 3),
            outcome="ok" if status is not None and 200 <= status < 300 else "error",
        ),
    )


def retry(call: Call, attempt: int, delay: float, reason: str, status: int | None) -> None:
    if not RETRY.isEnabledFor(INFO):
        return
    RETRY.info(
        "%s.%s%s attempt %d failed (%s): retrying in %.2f s",
        call.product,
        call.operation,
        _ref(call),
        attempt,
        reason,
        delay,
        extra=_fields(
            call, attempt=attempt, status_code=status, delay=delay, reason=reason, outcome="retry"
        ),
    )


def gave_up(call: Call, attempt: int, reason: str, error: Any, retryable: bool) -> None:
    level = WARNING if retryable else DEBUG
    if not RETRY.isEnabledFor(level):
        return
    RETRY.log(
        level,
        "%s.%s%s gave up: %s (%s)",
        call.product,
        call.operation,
        _ref(call),
        reason,
        type(error).__name__,
        extra=_fields(
            call,
            attempt=attempt,
            status_code=getattr(error, "status_code", None),
            reason=reason,
            outcome="gave_up",
        ),
    )


def replay(call: Call, replayed: bool) -> None:
    level = INFO if replayed else WARNING
    if not CREATE.isEnabledFor(level):
        return
    what = (
        "409: the stored transaction is this request (replayed)"
        if replayed
        else "409: a different transaction holds this reference id (conflict)"
    )
    CREATE.log(
        level,
        "%s.%s%s %s",
        call.product,
        call.operation,
        _ref(call),
        what,
        extra=_fields(call, status_code=409, outcome="replayed" if replayed else "conflict"),
    )


def polled(call: Call, check: int, result: object, final: bool) -> None:
    level = INFO if final else DEBUG
    if not WAIT.isEnabledFor(level):
        return
    status = getattr(result, "status", None)
    shown = "not found yet" if result is None else str(status)
    WAIT.log(
        level,
        "%s.%s%s check %d: %s%s",
        call.product,
        call.operation,
        _ref(call),
        check,
        shown,
        " (final)" if final else "",
        extra=_fields(
            call,
            attempt=check,
            status=None if status is None else str(status),
            outcome="final" if final else "pending",
        ),
    )


def ledger(name: str, outcome: object) -> None:
    if not LEDGER.isEnabledFor(DEBUG):
        return
    state = getattr(outcome, "state", None)
    if state is None:  # a read that found nothing, a list, or a failure (logged where handled)
        return
    LEDGER.debug(
        "%s %s -> %s",
        name,
        getattr(outcome, "reference_id", ""),
        getattr(state, "value", state),
        extra={
            "product": getattr(outcome, "product", None),
            "operation": getattr(outcome, "operation", None),
            "reference_id": getattr(outcome, "reference_id", None),
            "state": str(getattr(state, "value", state)),
            "outcome": name.removeprefix("ledger."),
        },
    )


def token(product: str, refresh: bool, elapsed_ms: float, error: BaseException | None) -> None:
    level = INFO if error is None else WARNING
    if not AUTH.isEnabledFor(level):
        return
    what = "refreshed after a 401" if refresh else "fetched"
    args: tuple[object, ...]
    if error is None:
        message, args = "%s access token %s in %.1f ms", (product, what, elapsed_ms)
    else:
        message = "%s access token could not be %s: %s"
        args = (product, what, type(error).__name__)
    AUTH.log(
        level,
        message,
        *args,
        extra={
            "product": product,
            "operation": "create_access_token",
            "elapsed_ms": round(elapsed_ms, 3),
            "status_code": getattr(error, "status_code", None) if error else 200,
            "outcome": "ok" if error is None else "error",
        },
    )
