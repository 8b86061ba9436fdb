"""OpenTelemetry spans and metrics (the ``otel`` extra: ``pip install momo-wrapper[otel]``).

Only the OpenTelemetry API is used; the application installs and configures the SDK. Imported
only when ``opentelemetry-api`` is installed (:func:`load`), so without the extra nothing of
OpenTelemetry is loaded.

Spans:

* one INTERNAL span per SDK operation, ``momo collection.request_to_pay``, with ``momo.product``,
  ``momo.operation``, ``momo.reference_id``, ``momo.target_environment``, ``momo.outcome``
  (accepted, replayed, conflict, refused, maybe_sent, timeout, error, ok) and ``momo.attempts``;
* under it one CLIENT span per HTTP attempt, named by method and URL template
  (``GET /collection/v1_0/requesttopay/{reference_id}``, never the raw path), with
  ``url.template``, ``http.request.method``, ``http.response.status_code`` and ``momo.attempt``;
  an access-token request gets one too.

The SDK's client spans replace opentelemetry-instrumentation-httpx's for its own requests: while
one is current, HTTP instrumentation is suppressed (as the botocore instrumentation does), so an
instrumented application sees one client span per attempt, named by template, not two.

Metrics (meter ``momo_wrapper``): ``momo.operation.duration`` (s), ``momo.attempts`` and
``momo.retries`` (by ``momo.retry.reason``), ``momo.transaction.final`` (the final statuses
``wait_for_*`` saw, by ``momo.status`` and ``momo.reason``) and ``momo.transaction.time_to_final``
(s, from an accepted create to the final status, when both happened in this process).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from opentelemetry import context, metrics, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from ._version import __version__

if TYPE_CHECKING:
    from ._flows import Call
    from ._observe import OperationScope, RequestEvent


@functools.cache
def _suppressor() -> Callable[[], AbstractContextManager[None]]:
    """opentelemetry-instrumentation's ``suppress_http_instrumentation``: installed whenever an
    HTTP instrumentation is (opentelemetry-instrumentation-httpx depends on it); without it
    nothing instruments httpx, so there is nothing to suppress. Not a dependency of [otel].

    Looked up at the first client span, not at import: that module pulls in wrapt and asyncio,
    which a client whose spans are never recorded should not pay for."""
    try:
        utils = importlib.import_module("opentelemetry.instrumentation.utils")
    except ImportError:
        return contextlib.nullcontext
    suppress: Callable[[], AbstractContextManager[None]] = utils.suppress_http_instrumentation
    return suppress


CREATED_REMEMBERED = 10_000
"""Accepted creates whose start time is kept for ``time_to_final`` (oldest forgotten first)."""


class Telemetry:
    """The OpenTelemetry consumer of the observer's events, for one client."""

    def __init__(
        self,
        *,
        target_environment: str,
        server: str,
        tracer_provider: trace.TracerProvider | None = None,
        meter_provider: metrics.MeterProvider | None = None,
    ) -> None:
        self.target_environment = target_environment
        self.server = server
        self._own_provider = tracer_provider is not None
        self._tracer = trace.get_tracer("momo_wrapper", __version__, tracer_provider)
        meter = metrics.get_meter("momo_wrapper", __version__, meter_provider=meter_provider)
        self._duration = meter.create_histogram(
            "momo.operation.duration", unit="s", description="SDK operations, end to end"
        )
        self._attempts = meter.create_counter(
            "momo.attempts", unit="{attempt}", description="HTTP attempts made by SDK operations"
        )
        self._retries = meter.create_counter(
            "momo.retries", unit="{retry}", description="Attempts sent again after a failure"
        )
        self._final = meter.create_counter(
            "momo.transaction.final",
            unit="{transaction}",
            description="Final statuses seen by wait_for_*",
        )
        self._time_to_final = meter.create_histogram(
            "momo.transaction.time_to_final",
            unit="s",
            description="From the accepted create to the final status",
        )
        self._created: OrderedDict[str, float] = OrderedDict()

    def tracing(self) -> bool:
        """Whether spans are recorded: a provider was given, or the application configured the
        global one (until then it is a proxy to no-ops, and the SDK skips building spans)."""
        return self._own_provider or _global_tracing()

    # -- operations ---------------------------------------------------------------------------

    def start_operation(self, scope: OperationScope) -> Any:
        if not self.tracing():
            return None
        attributes = {
            "momo.product": scope.product,
            "momo.operation": scope.name,
            "momo.target_environment": self.target_environment,
        }
        if scope.reference_id:
            attributes["momo.reference_id"] = scope.reference_id
        span = self._tracer.start_span(
            f"momo {scope.product}.{scope.name}", kind=SpanKind.INTERNAL, attributes=attributes
        )
        return span, context.attach(trace.set_span_in_context(span))

    def end_operation(
        self,
        scope: OperationScope,
        started: Any,
        outcome: str,
        error: BaseException | None,
        seconds: float,
    ) -> None:
        labels = {"momo.product": scope.product, "momo.operation": scope.name}
        self._duration.record(seconds, {**labels, "momo.outcome": outcome})
        if scope.attempts:
            self._attempts.add(scope.attempts, labels)
        if started is None:
            return
        span, token = started
        context.detach(token)
        if scope.reference_id:
            span.set_attribute("momo.reference_id", scope.reference_id)
        span.set_attribute("momo.outcome", outcome)
        span.set_attribute("momo.attempts", scope.attempts)
        if error is not None and outcome not in ("replayed", "accepted"):
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        span.end()

    # -- attempts -----------------------------------------------------------------------------

    def start_attempt(self, call: Call, request: RequestEvent) -> Any:
        attributes: dict[str, Any] = {
            "http.request.method": request.method,
            "url.template": request.url_template,
            "server.address": self.server,
            "momo.product": call.product,
            "momo.operation": call.operation,
            "momo.attempt": call.attempt,
        }
        if call.reference_id:
            attributes["momo.reference_id"] = call.reference_id
        return self._client_span(f"{request.method} {request.url_template}", attributes)

    def end_attempt(self, started: Any, status: int | None, error: BaseException | None) -> None:
        span, exits = started
        if status is not None:
            span.set_attribute("http.response.status_code", status)
        if error is not None or (status is not None and status >= 400):
            kind = type(error).__name__ if error is not None else str(status)
            span.set_attribute("error.type", kind)
            span.set_status(Status(StatusCode.ERROR))
        exits.close()
        span.end()

    def start_token(self, product: str) -> Any:
        template = f"/{product}/token/"
        return self._client_span(
            f"POST {template}",
            {
                "http.request.method": "POST",
                "url.template": template,
                "server.address": self.server,
                "momo.product": product,
                "momo.operation": "create_access_token",
            },
        )

    def end_token(self, started: Any, error: BaseException | None) -> None:
        self.end_attempt(started, None if error is not None else 200, error)

    def _client_span(self, name: str, attributes: dict[str, Any]) -> Any:
        span = self._tracer.start_span(name, kind=SpanKind.CLIENT, attributes=attributes)
        exits = contextlib.ExitStack()
        exits.enter_context(trace.use_span(span, end_on_exit=False))
        exits.enter_context(_suppressor()())
        return span, exits

    # -- retries and final statuses -----------------------------------------------------------

    def retry(self, call: Call, reason: str) -> None:
        self._retries.add(
            1,
            {
                "momo.product": call.product,
                "momo.operation": call.operation,
                "momo.retry.reason": reason,
            },
        )

    def created(self, reference_id: str) -> None:
        created = self._created
        created.setdefault(reference_id, time.monotonic())
        while len(created) > CREATED_REMEMBERED:
            created.popitem(last=False)

    def final(self, call: Call, result: object) -> None:
        status = str(getattr(result, "status", "UNKNOWN"))
        reason = getattr(result, "reason", None)
        labels = {
            "momo.product": call.product,
            "momo.operation": call.operation,
            "momo.status": status,
            "momo.reason": getattr(reason, "code", None) or "",
        }
        self._final.add(1, labels)
        started = self._created.pop(call.reference_id, None) if call.reference_id else None
        if started is not None:
            self._time_to_final.record(time.monotonic() - started, labels)


_GLOBAL_CHECK_EVERY = 1.0
_global: list[float] = [-_GLOBAL_CHECK_EVERY, 0.0]
"""When the global tracer provider was last looked up, and whether it was a real one."""


def _global_tracing() -> bool:
    """Whether the global tracer provider is set. Looking it up reads the environment, about
    1 us per call, so a "no" is kept for a second; a "yes" for good (it is set only once)."""
    checked, real = _global
    if real:
        return True
    now = time.monotonic()
    if now - checked < _GLOBAL_CHECK_EVERY:
        return False
    real = not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
    _global[:] = [now, 1.0 if real else 0.0]
    return real


def load(
    *, target_environment: str, base_url: str, tracer_provider: Any, meter_provider: Any
) -> Telemetry:
    return Telemetry(
        target_environment=target_environment,
        server=_host(base_url),
        tracer_provider=tracer_provider,
        meter_provider=meter_provider,
    )


def _host(base_url: str) -> str:
    return base_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
