"""When to try a failed request again, and after how long. Pure: the caller owns the loop and clock.

``RetryPolicy.decide(attempt, outcome, kind=..., elapsed=...)`` returns :class:`Retry` (with the
delay to wait) or :class:`GiveUp` (with the reason). ``outcome`` is the :class:`MomoError` the
attempt produced; map transport exceptions and error responses to one first.

What is retried, by request kind:

==============================  ==========  ==========  ===========================================
outcome                         READ        CREATE      UNSAFE
==============================  ==========  ==========  ===========================================
MomoConnectionError / timeout   yes         yes         only if certainly not sent (``maybe_sent``)
RateLimitedError (429)          yes         yes         yes (MoMo refused it before processing)
TransientServerError            yes         yes         no
anything else                   no          no          no
==============================  ==========  ==========  ===========================================

* ``READ``: GETs and the access-token call; repeating them changes nothing.
* ``CREATE``: POSTs carrying ``X-Reference-Id``. A repeat is safe **only because the same reference
  id is sent again**: if an earlier attempt landed, MoMo answers 409 ``RESOURCE_ALREADY_EXIST``
  instead of creating a second transaction (see :mod:`momo_wrapper._idempotency`).
* ``UNSAFE``: POSTs without a reference id (``bc-authorize``, delivery notifications, the consent
  token): a repeat could act twice.

Delays: exponential backoff ``base_delay * 2**(attempt-1)`` capped at ``max_delay``, with "equal
jitter" (uniform in the upper half, so delays never collapse to zero). A 429's ``Retry-After`` is
honoured as given; if it asks for more than ``max_retry_after`` the policy gives up (the error
carries ``retry_after`` for the caller) rather than hammering early. No retry is scheduled if it
would end past ``max_total_seconds`` since the first attempt started.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Callable

import attrs

from ._errors import MomoConnectionError, RateLimitedError, TransientServerError


class RequestKind(enum.StrEnum):
    READ = "read"
    CREATE = "create"
    UNSAFE = "unsafe"


@attrs.frozen
class Retry:
    """Wait ``delay`` seconds, then send the same request again (same reference id)."""

    delay: float
    reason: str


@attrs.frozen
class GiveUp:
    """Stop and raise the last error."""

    reason: str


RetryDecision = Retry | GiveUp


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Retry limits; see the module docstring for the rules."""

    max_attempts: int = 3
    """Attempts in total, the first included (1 disables retries)."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_total_seconds: float = 120.0
    """No retry may be scheduled to end later than this after the first attempt started."""
    max_retry_after: float = 60.0
    """The longest server-requested wait (``Retry-After``) the policy will honour."""
    jitter: Callable[[], float] = attrs.field(default=random.random, eq=False, repr=False)
    """Returns a float in [0, 1); inject a constant for deterministic tests."""

    def backoff(self, attempt: int) -> float:
        """The jittered delay after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** max(0, attempt - 1))
        fraction = min(max(self.jitter(), 0.0), 1.0)
        return ceiling * (0.5 + 0.5 * fraction)

    def decide(
        self,
        attempt: int,
        outcome: BaseException,
        *,
        kind: RequestKind = RequestKind.READ,
        elapsed: float = 0.0,
    ) -> RetryDecision:
        """Whether to retry after attempt number ``attempt`` (1-based) failed with ``outcome``.

        ``elapsed`` is the time since the first attempt started, in seconds.
        """
        reason = _retry_reason(outcome, kind)
        if reason is None:
            return GiveUp(f"{type(outcome).__name__} is not retried for {kind} requests")
        if attempt >= self.max_attempts:
            return GiveUp(f"gave up after {attempt} attempt(s) (max_attempts={self.max_attempts})")
        delay = self.backoff(attempt)
        if isinstance(outcome, RateLimitedError) and outcome.retry_after is not None:
            if outcome.retry_after > self.max_retry_after:
                return GiveUp(
                    f"the server asked to wait {outcome.retry_after:g} s, more than "
                    f"max_retry_after={self.max_retry_after:g} s"
                )
            delay = outcome.retry_after
        if elapsed + delay > self.max_total_seconds:
            return GiveUp(
                f"a retry in {delay:.2f} s would exceed the {self.max_total_seconds:g} s budget"
            )
        return Retry(delay, reason)


def is_retryable(outcome: BaseException, kind: RequestKind) -> bool:
    """Whether ``outcome`` is retried at all for ``kind`` (a give-up then means a limit)."""
    return _retry_reason(outcome, kind) is not None


def _retry_reason(outcome: BaseException, kind: RequestKind) -> str | None:
    if isinstance(outcome, RateLimitedError):
        return "rate limited"
    if isinstance(outcome, MomoConnectionError):
        if kind is RequestKind.UNSAFE and outcome.maybe_sent:
            return None
        return "connection failed" if not outcome.maybe_sent else "no response"
    if isinstance(outcome, TransientServerError):
        return None if kind is RequestKind.UNSAFE else "transient server error"
    return None
