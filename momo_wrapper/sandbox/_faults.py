"""Deterministic, count-based fault injection.

Each rule matches requests by method, path regex, operationId and product, and is consumed
once per matching request until its `times` runs out (``times=None``: until cleared). Per
request at most one *disposition* rule fires (status, garbage body, refuse, reset, drop,
hang), at most one latency rule, and, for creates, at most one callback rule.
"""

from __future__ import annotations

import enum
import itertools
import re
import threading
from collections.abc import Mapping
from typing import Any

import attrs


class FaultKind(enum.Enum):
    STATUS = "status"  # answer with a status code (and a body), by default without processing
    REFUSE = "refuse"  # connection refused: never processed
    RESET = "reset"  # connection reset before processing
    DROP = "drop"  # processed, then the connection closes without a response
    TIMEOUT = "timeout"  # processed, then no response at all
    LATENCY = "latency"  # delay the answer
    CALLBACKS = "callbacks"  # deliver the callback `copies` times (0 = lost)


MALFORMED_JSON = b'{"message":"An internal error occurred while proc'
BAD_GATEWAY_HTML = (
    b"<!DOCTYPE html>\r\n<html><head><title>502 - Web server received an invalid response"
    b"</title></head>\r\n<body><h1>502 - Web server received an invalid response while acting"
    b" as a gateway or proxy server.</h1></body></html>\r\n"
)


@attrs.define(slots=True, eq=False)
class FaultRule:
    """One injected fault; `remaining` counts down as matching requests consume it."""

    id: int
    kind: FaultKind
    times: int | None
    method: str | None = None
    path: str | None = None
    operation: str | None = None
    product: str | None = None
    status: int = 0
    body: bytes | None = None
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    retry_after: float | None = None
    after_processing: bool = False
    seconds: float = 0.0
    copies: int = 1
    interval: float = 0.0
    fired: int = 0
    _pattern: re.Pattern[str] | None = attrs.field(default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        self._pattern = re.compile(self.path) if self.path else None
        if self.method:
            self.method = self.method.upper()

    @property
    def remaining(self) -> int | None:
        return None if self.times is None else self.times - self.fired

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def matches(self, method: str, path: str, operation: str | None, product: str | None) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.operation is not None and self.operation != operation:
            return False
        if self.product is not None and self.product != product:
            return False
        return self._pattern is None or self._pattern.search(path) is not None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind.value,
            "times": self.times,
            "fired": self.fired,
            "remaining": self.remaining,
        }
        for name in ("method", "path", "operation", "product"):
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        if self.kind is FaultKind.STATUS:
            data["status"] = self.status
            data["after_processing"] = self.after_processing
            if self.retry_after is not None:
                data["retry_after"] = self.retry_after
        elif self.kind is FaultKind.LATENCY:
            data["seconds"] = self.seconds
        elif self.kind is FaultKind.CALLBACKS:
            data["copies"] = self.copies
            data["interval"] = self.interval
        return data


class FaultPlan:
    """The sandbox's fault schedule. Obtain it as `sandbox.faults`."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- adding faults -------------------------------------------------------------------

    def fail(
        self,
        status: int,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        after_processing: bool = False,
    ) -> FaultRule:
        """Answer matching requests with `status`.

        Without `body`: 500 gets MoMo's INTERNAL_PROCESSING_ERROR body, 503 its
        SERVICE_UNAVAILABLE body, 429 the gateway's rate-limit body with ``Retry-After``
        (default 1 s); other codes an empty body. With ``after_processing=True`` the request
        is processed first (a create is really created) and only the answer is replaced.
        """
        return self._add(
            FaultKind.STATUS,
            times,
            method,
            path,
            operation,
            product,
            status=status,
            body=body,
            content_type=content_type,
            headers=tuple((headers or {}).items()),
            retry_after=retry_after,
            after_processing=after_processing,
        )

    def malformed_json(
        self,
        *,
        status: int = 200,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
        after_processing: bool = False,
    ) -> FaultRule:
        """Answer with a truncated JSON body labelled `application/json;charset=utf-8`."""
        return self.fail(
            status,
            times=times,
            method=method,
            path=path,
            operation=operation,
            product=product,
            body=MALFORMED_JSON,
            content_type="application/json;charset=utf-8",
            after_processing=after_processing,
        )

    def html(
        self,
        *,
        status: int = 502,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
        after_processing: bool = False,
    ) -> FaultRule:
        """Answer with a proxy's HTML error page instead of JSON."""
        return self.fail(
            status,
            times=times,
            method=method,
            path=path,
            operation=operation,
            product=product,
            body=BAD_GATEWAY_HTML,
            content_type="text/html",
            after_processing=after_processing,
        )

    def token_outage(
        self, *, status: int = 503, times: int | None = 1, product: str | None = None
    ) -> FaultRule:
        """Make `POST /{product}/token/` fail (every product unless `product` is given)."""
        return self.fail(status, times=times, operation="CreateAccessToken", product=product)

    def refuse(
        self,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """Refuse the connection; the request is never processed."""
        return self._add(FaultKind.REFUSE, times, method, path, operation, product)

    def reset(
        self,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """Reset the connection after the request arrived, before processing it."""
        return self._add(FaultKind.RESET, times, method, path, operation, product)

    def drop(
        self,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """Process the request, then close the connection without answering."""
        return self._add(FaultKind.DROP, times, method, path, operation, product)

    def timeout(
        self,
        *,
        times: int | None = 1,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """Process the request, then never answer (the client's read timeout fires)."""
        return self._add(FaultKind.TIMEOUT, times, method, path, operation, product)

    def latency(
        self,
        seconds: float,
        *,
        times: int | None = None,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """Delay answers by `seconds` (in-process transports: virtual time, never real sleep)."""
        return self._add(
            FaultKind.LATENCY, times, method, path, operation, product, seconds=seconds
        )

    def callbacks(
        self,
        copies: int,
        *,
        times: int | None = 1,
        interval: float = 0.0,
        method: str | None = None,
        path: str | None = None,
        operation: str | None = None,
        product: str | None = None,
    ) -> FaultRule:
        """For the next matching creates, deliver the callback `copies` times (0 = lost),
        `interval` virtual seconds apart."""
        if copies < 0:
            raise ValueError("copies must be >= 0")
        return self._add(
            FaultKind.CALLBACKS,
            times,
            method,
            path,
            operation,
            product,
            copies=copies,
            interval=interval,
        )

    def add_from_dict(self, spec: Mapping[str, Any]) -> FaultRule:
        """Build a rule from the admin endpoint's JSON (keys as in the methods above)."""
        spec = dict(spec)
        shortcut = spec.get("kind")
        if shortcut in ("malformed_json", "html"):
            del spec["kind"]
            maker = self.malformed_json if shortcut == "malformed_json" else self.html
            return maker(**spec)
        kind = FaultKind(spec.pop("kind"))
        match = {k: spec.pop(k) for k in ("method", "path", "operation", "product") if k in spec}
        times = spec.pop("times", None if kind is FaultKind.LATENCY else 1)
        if kind is FaultKind.STATUS:
            body = spec.pop("body", None)
            return self.fail(
                int(spec.pop("status")),
                times=times,
                body=body.encode() if isinstance(body, str) else None,
                content_type=spec.pop("content_type", None),
                headers=spec.pop("headers", None),
                retry_after=spec.pop("retry_after", None),
                after_processing=bool(spec.pop("after_processing", False)),
                **match,
            )
        if kind is FaultKind.LATENCY:
            return self.latency(float(spec.pop("seconds")), times=times, **match)
        if kind is FaultKind.CALLBACKS:
            return self.callbacks(
                int(spec.pop("copies")),
                times=times,
                interval=float(spec.pop("interval", 0.0)),
                **match,
            )
        return self._add(
            kind,
            times,
            match.get("method"),
            match.get("path"),
            match.get("operation"),
            match.get("product"),
        )

    # -- inspection ------------------------------------------------------------------------

    @property
    def rules(self) -> list[FaultRule]:
        """Rules not yet exhausted, in the order they were added."""
        with self._lock:
            return [rule for rule in self._rules if not rule.exhausted]

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self._rules)
            self._rules = [rule for rule in self._rules if rule.id != rule_id]
            return len(self._rules) != before

    # -- consumption (called by the core) --------------------------------------------------

    def take(
        self,
        method: str,
        path: str,
        operation: str | None,
        product: str | None,
    ) -> tuple[FaultRule | None, float]:
        """Consume the first matching disposition rule and latency rule, if any."""
        if not self._rules:  # the hot path: no faults planned
            return None, 0.0
        disposition: FaultRule | None = None
        delay: FaultRule | None = None
        with self._lock:
            for rule in self._rules:
                if rule.kind is FaultKind.CALLBACKS or rule.exhausted:
                    continue
                is_latency = rule.kind is FaultKind.LATENCY
                if (delay if is_latency else disposition) is not None:
                    continue
                if not rule.matches(method, path, operation, product):
                    continue
                rule.fired += 1
                if is_latency:
                    delay = rule
                else:
                    disposition = rule
            self._prune()
        return disposition, 0.0 if delay is None else delay.seconds

    def take_callbacks(
        self, method: str, path: str, operation: str | None, product: str | None
    ) -> FaultRule | None:
        if not self._rules:
            return None
        with self._lock:
            for rule in self._rules:
                if (
                    rule.kind is FaultKind.CALLBACKS
                    and not rule.exhausted
                    and rule.matches(method, path, operation, product)
                ):
                    rule.fired += 1
                    self._prune()
                    return rule
        return None

    def _prune(self) -> None:
        self._rules = [rule for rule in self._rules if not rule.exhausted]

    def _add(
        self,
        kind: FaultKind,
        times: int | None,
        method: str | None,
        path: str | None,
        operation: str | None,
        product: str | None,
        **options: Any,
    ) -> FaultRule:
        if times is not None and times < 1:
            raise ValueError("times must be >= 1 (or None for 'until cleared')")
        with self._lock:
            rule = FaultRule(
                next(self._ids),
                kind,
                times,
                method,
                path,
                operation,
                product,
                **options,
            )
            self._rules.append(rule)
        return rule

    def __repr__(self) -> str:
        return f"FaultPlan({len(self.rules)} active rules)"
