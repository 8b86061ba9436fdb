"""One observer of what the SDK does, shared by the sync and the async runner.

The runners tell the :class:`Observer` about each SDK operation, each HTTP attempt, each wait
between attempts and each ledger write; the flows tell it, through :class:`Notice` actions, what
only they know (a give-up and its reason, a 409 replay or conflict, a status check of
``wait_for_*``); the auth layer tells it about token fetches. Three consumers read the same
events: the ``momo_wrapper.*`` loggers (``_logging``), OpenTelemetry when the ``otel`` extra is
installed (``_otel``), and the caller's :class:`Hooks`.

When nobody listens (loggers below DEBUG/INFO, no tracer provider, no hooks) an attempt costs one
check and no object: :meth:`Observer.attempt` returns ``None``.
"""

from __future__ import annotations

import functools
import inspect
import sys
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs

from . import _logging as log
from ._errors import IdempotencyConflictError, MomoError, RequestError, WaitTimeoutError
from ._redact import REDACTED, Secrets, mask_url_path

if TYPE_CHECKING:
    from ._api import Endpoint
    from ._flows import Call, Reply
    from ._otel import Telemetry


# --------------------------------------------------------------------------------------------
# What hooks receive


@attrs.frozen(kw_only=True)
class RequestEvent:
    """One HTTP attempt, before it is sent.

    ``headers`` are the ones this operation sets (target environment, reference id, callback
    URL), secrets redacted; the credentials (``Authorization``, ``Ocp-Apim-Subscription-Key``)
    are added afterwards by the auth layer and never reach a hook.
    """

    product: str
    operation: str
    method: str
    url_template: str
    """The path with its parameters unfilled: ``/collection/v1_0/requesttopay/{reference_id}``."""
    path: str
    reference_id: str | None
    attempt: int
    headers: Mapping[str, str]


@attrs.frozen(kw_only=True)
class ResponseEvent:
    """How an attempt ended: an HTTP status, or ``error`` when no usable answer came back."""

    request: RequestEvent
    status_code: int | None
    headers: Mapping[str, str]
    elapsed_ms: float
    error: MomoError | None = None


@attrs.frozen(kw_only=True)
class RetryEvent:
    """The SDK is about to wait ``delay`` seconds and send the same request again."""

    product: str
    operation: str
    reference_id: str | None
    attempt: int
    """The attempt that failed (1-based); the next one is ``attempt + 1``."""
    delay: float
    reason: str
    error: MomoError | None = None


@attrs.frozen(kw_only=True)
class Hooks:
    """Callbacks for services with telemetry of their own:
    ``MomoClient(config, hooks=Hooks(on_request=..., on_response=..., on_retry=...))``.

    Each is called inline, on the caller's thread or task, so keep them quick; an exception in a
    hook propagates to the caller. Async clients call them the same way (plain functions).
    """

    on_request: Callable[[RequestEvent], object] | None = None
    on_response: Callable[[ResponseEvent], object] | None = None
    on_retry: Callable[[RetryEvent], object] | None = None


# --------------------------------------------------------------------------------------------
# What flows tell the observer


@attrs.frozen(kw_only=True)
class GaveUp:
    call: Call
    attempt: int
    reason: str
    error: RequestError
    retryable: bool
    """False: the error is never retried (a 4xx), so "giving up" is just the answer."""


@attrs.frozen(kw_only=True)
class Replay:
    """A 409 on a create was checked with a status read: the same request (``replayed``) or a
    different transaction under the reference id (``conflict``)."""

    call: Call
    replayed: bool


@attrs.frozen(kw_only=True)
class Polled:
    """One status check of ``wait_for_*`` (``result`` is None after a tolerated 404)."""

    call: Call
    check: int
    result: object | None
    final: bool


Event = GaveUp | Replay | Polled


@attrs.frozen
class Notice:
    """A flow action that only informs: the runners hand ``event`` to the observer."""

    event: Event


# --------------------------------------------------------------------------------------------
# Request shapes (for hooks and spans)

_PARAM = "momoparam"


@functools.cache
def _path_params(endpoint: Endpoint) -> tuple[str, ...]:
    """The generated function's path parameters: the ones before its ``*``."""
    parameters = inspect.signature(endpoint.sync).parameters.values()
    return tuple(p.name for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD)


def _kwargs_builder(endpoint: Endpoint) -> Callable[..., dict[str, Any]]:
    # The generated module builds method, URL and headers in one function; calling it is the only
    # way to name a request by its template without a second copy of every path.
    module = sys.modules[endpoint.sync.__module__]
    builder: Callable[..., dict[str, Any]] = module._get_kwargs
    return builder


_TEMPLATES: dict[str, tuple[str, str]] = {}


def request_line(endpoint: Endpoint, arguments: Mapping[str, Any]) -> tuple[str, str]:
    """``(METHOD, url template)`` of ``endpoint``, e.g. ``("GET", "/collection/v1_0/...")``."""
    known = _TEMPLATES.get(endpoint.name)
    if known is not None:
        return known
    names = _path_params(endpoint)
    placeholders = {**arguments, **{name: f"{_PARAM}{i}" for i, name in enumerate(names)}}
    try:
        built = _kwargs_builder(endpoint)(**placeholders)
        template = str(built["url"])
        for i, name in enumerate(names):
            template = template.replace(f"{_PARAM}{i}", "{" + name + "}")
        line = (str(built["method"]).upper(), template)
    except Exception:  # an unexpected generated shape must not break the request
        line = ("POST" if "body" in arguments else "GET", f"/{endpoint.name}")
    _TEMPLATES[endpoint.name] = line
    return line


def _request_event(
    call: Call, endpoint: Endpoint, arguments: Mapping[str, Any], secrets: Secrets
) -> RequestEvent:
    method, template = request_line(endpoint, arguments)
    try:
        built = _kwargs_builder(endpoint)(**arguments)
        path, headers = str(built["url"]), dict(built.get("headers") or {})
    except Exception:
        path, headers = template, {}
    return RequestEvent(
        product=call.product,
        operation=call.operation,
        method=method,
        url_template=template,
        path=path,
        reference_id=call.reference_id,
        attempt=call.attempt,
        headers=redact_headers(headers, secrets),
    )


_SECRET_HEADERS = frozenset({"authorization", "ocp-apim-subscription-key", "cookie", "set-cookie"})


def redact_headers(headers: Mapping[str, Any], secrets: Secrets) -> dict[str, str]:
    """Headers fit for a hook or a log: credentials replaced whole, a callback URL cut to its
    origin (its path may hold a secret), every other value scrubbed."""
    return {
        str(name): _header_value(str(name), str(value), secrets) for name, value in headers.items()
    }


def _header_value(name: str, value: str, secrets: Secrets) -> str:
    lowered = name.lower()
    if lowered in _SECRET_HEADERS:
        return REDACTED
    if lowered == "x-callback-url":
        return mask_url_path(value)
    return secrets.redact(value)


# --------------------------------------------------------------------------------------------
# Outcomes


def outcome_of(result: object = None, error: BaseException | None = None) -> str:
    """One word for how an operation ended: accepted, replayed, conflict, refused, maybe_sent,
    timeout, error (the SDK refused it before sending), or ok (a read)."""
    if error is None:
        replayed = getattr(result, "replayed", None)
        if replayed is None:
            return "ok"
        return "replayed" if replayed else "accepted"
    if isinstance(error, IdempotencyConflictError):
        return "conflict"
    if isinstance(error, WaitTimeoutError):
        return "timeout"
    if isinstance(error, RequestError):
        from ._flows import may_have_landed

        return "maybe_sent" if may_have_landed(error) else "refused"
    return "error"


def _status_code(outcome: object) -> int | None:
    code = getattr(outcome, "status_code", None)
    return code if isinstance(code, int) else None


# --------------------------------------------------------------------------------------------
# The observer

_NO_OTEL: list[bool] = []


def load_telemetry(
    target_environment: str,
    base_url: str,
    *,
    tracer_provider: object | None = None,
    meter_provider: object | None = None,
) -> Telemetry | None:
    """The OpenTelemetry consumer when the ``otel`` extra is installed, else None (and nothing of
    OpenTelemetry is imported). Without providers it uses the global ones."""
    if _NO_OTEL:
        if tracer_provider is not None or meter_provider is not None:
            raise _otel_missing()
        return None
    try:
        from . import _otel
    except ImportError:
        _NO_OTEL.append(True)
        return load_telemetry(
            target_environment,
            base_url,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
        )
    return _otel.load(
        target_environment=target_environment,
        base_url=base_url,
        tracer_provider=tracer_provider,
        meter_provider=meter_provider,
    )


def _otel_missing() -> MomoError:
    from ._errors import MomoValidationError

    return MomoValidationError(
        "tracer_provider",
        "needs the OpenTelemetry API, which is not installed.",
        "pip install 'momo-wrapper[otel]'",
    )


class Observer:
    """Turns the runners' and flows' events into log records, spans, metrics and hook calls."""

    def __init__(
        self,
        *,
        secrets: Secrets,
        target_environment: str,
        base_url: str,
        hooks: Hooks | None = None,
        telemetry: Telemetry | None = None,
    ) -> None:
        self.secrets = secrets
        self.target_environment = target_environment
        self.base_url = base_url
        self.hooks = hooks or Hooks()
        self.telemetry = telemetry
        log.guard(secrets)

    # -- operations ---------------------------------------------------------------------------

    @property
    def scopes_operations(self) -> bool:
        """Whether :meth:`operation` opens a scope (only with telemetry)."""
        return self.telemetry is not None

    def operation(self, product: str, name: str, reference_id: str | None) -> OperationScope | None:
        if not self.scopes_operations:
            return None
        return OperationScope(self, product, name, reference_id)

    # -- attempts ------------------------------------------------------------------------------

    def attempt(
        self, call: Call, endpoint: Endpoint, arguments: Mapping[str, Any]
    ) -> AttemptScope | None:
        hooks = self.hooks
        tracing = self.telemetry is not None and self.telemetry.tracing()
        logging_ = log.HTTP.isEnabledFor(log.DEBUG)
        if not (tracing or logging_ or hooks.on_request or hooks.on_response):
            return None
        return AttemptScope(self, call, endpoint, arguments, tracing=tracing)

    # -- waits, notices, effects --------------------------------------------------------------

    def retry(self, call: Call, attempt: int, delay: float, reason: str, error: object) -> None:
        failure = error if isinstance(error, MomoError) else None
        log.retry(call, attempt, delay, reason, _status_code(error))
        if self.telemetry is not None:
            self.telemetry.retry(call, reason)
        if self.hooks.on_retry is not None:
            self.hooks.on_retry(
                RetryEvent(
                    product=call.product,
                    operation=call.operation,
                    reference_id=call.reference_id,
                    attempt=attempt,
                    delay=delay,
                    reason=reason,
                    error=failure,
                )
            )

    def notice(self, event: Event) -> None:
        if isinstance(event, GaveUp):
            log.gave_up(event.call, event.attempt, event.reason, event.error, event.retryable)
        elif isinstance(event, Replay):
            log.replay(event.call, event.replayed)
        else:
            log.polled(event.call, event.check, event.result, event.final)
            if event.final and self.telemetry is not None:
                self.telemetry.final(event.call, event.result)

    def effect(self, name: str, outcome: object) -> None:
        """A ledger call ended: one record per transition (the entry's new state)."""
        log.ledger(name, outcome)

    # -- tokens --------------------------------------------------------------------------------

    def token(self, product: str | None, *, refresh: bool) -> TokenScope:
        return TokenScope(self, product or "sandbox", refresh=refresh)


class OperationScope:
    """One SDK operation (``momo collection.request_to_pay``): its span and its metrics."""

    def __init__(
        self, observer: Observer, product: str, name: str, reference_id: str | None
    ) -> None:
        self.observer = observer
        self.product = product
        self.name = name
        self.reference_id = reference_id
        self.attempts = 0
        """HTTP attempts so far, counted by the runner."""
        self.started = time.perf_counter()
        assert observer.telemetry is not None
        self._span = observer.telemetry.start_operation(self)

    def finish(self, result: object = None, error: BaseException | None = None) -> None:
        outcome = outcome_of(result, error)
        reference_id = getattr(result, "reference_id", None) or self.reference_id
        if isinstance(reference_id, str):
            self.reference_id = reference_id
        telemetry = self.observer.telemetry
        assert telemetry is not None
        if outcome in ("accepted", "replayed") and self.reference_id:
            telemetry.created(self.reference_id)
        telemetry.end_operation(
            self, self._span, outcome, error, time.perf_counter() - self.started
        )


class AttemptScope:
    """One HTTP attempt: its log record, client span and hook calls."""

    def __init__(
        self,
        observer: Observer,
        call: Call,
        endpoint: Endpoint,
        arguments: Mapping[str, Any],
        *,
        tracing: bool,
    ) -> None:
        self.observer = observer
        self.call = call
        hooks = observer.hooks
        self.request = (
            _request_event(call, endpoint, arguments, observer.secrets)
            if hooks.on_request or hooks.on_response or tracing
            else None
        )
        self._span = (
            observer.telemetry.start_attempt(call, self.request)
            if tracing and observer.telemetry is not None and self.request is not None
            else None
        )
        if hooks.on_request is not None and self.request is not None:
            hooks.on_request(self.request)
        self.started = time.perf_counter()

    def close(self, outcome: Reply | RequestError | None) -> None:
        """The attempt is over: ``outcome`` is its reply, its error, or None (something else was
        raised, e.g. a cancellation)."""
        elapsed_ms = (time.perf_counter() - self.started) * 1000.0
        status = _status_code(outcome)
        error = outcome if isinstance(outcome, MomoError) else None
        log.attempt(self.call, status, elapsed_ms, error)
        if self._span is not None and self.observer.telemetry is not None:
            self.observer.telemetry.end_attempt(self._span, status, error)
        on_response = self.observer.hooks.on_response
        if on_response is not None and self.request is not None:
            headers = getattr(outcome, "headers", None) or {}
            on_response(
                ResponseEvent(
                    request=self.request,
                    status_code=status,
                    headers=redact_headers(headers, self.observer.secrets),
                    elapsed_ms=elapsed_ms,
                    error=error,
                )
            )


class TokenScope:
    """One access-token request: a record (never the token) and, with OTel, a client span."""

    def __init__(self, observer: Observer, product: str, *, refresh: bool) -> None:
        self.observer = observer
        self.product = product
        self.refresh = refresh
        telemetry = observer.telemetry
        self._span = (
            telemetry.start_token(product)
            if telemetry is not None and telemetry.tracing()
            else None
        )
        self.started = time.perf_counter()

    def __enter__(self) -> TokenScope:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        elapsed_ms = (time.perf_counter() - self.started) * 1000.0
        log.token(self.product, self.refresh, elapsed_ms, exc)
        if self._span is not None and self.observer.telemetry is not None:
            self.observer.telemetry.end_token(self._span, exc)
