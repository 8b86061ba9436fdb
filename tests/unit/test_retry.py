from __future__ import annotations

import pytest

from momo_wrapper._errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MomoConnectionError,
    MomoTimeoutError,
    MomoValidationError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TokenConnectionError,
    TransientServerError,
    UnexpectedResponseError,
    WaitTimeoutError,
    error_from_response,
)
from momo_wrapper._retry import GiveUp, RequestKind, Retry, RetryPolicy

READ, CREATE, UNSAFE = RequestKind.READ, RequestKind.CREATE, RequestKind.UNSAFE


def policy(**kwargs) -> RetryPolicy:
    kwargs.setdefault("jitter", lambda: 1.0)  # the ceiling of each backoff step
    return RetryPolicy(**kwargs)


def test_backoff_doubles_up_to_the_cap() -> None:
    steps = [policy(base_delay=0.5, max_delay=8.0).backoff(n) for n in range(1, 8)]
    assert steps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_jitter_stays_in_the_upper_half() -> None:
    low = policy(jitter=lambda: 0.0)
    assert [low.backoff(n) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]
    assert policy(jitter=lambda: 7.0).backoff(1) == 0.5  # out-of-range sources are clamped
    assert policy(jitter=lambda: -1.0).backoff(1) == 0.25


CONNECT_FAILED = MomoConnectionError("refused", maybe_sent=False)
DROPPED = MomoConnectionError("reset", maybe_sent=True)
READ_TIMEOUT = MomoTimeoutError("read timeout", maybe_sent=True)
CONNECT_TIMEOUT = MomoTimeoutError("connect timeout", maybe_sent=False)
RATE_LIMITED = RateLimitedError("slow down", status_code=429)
TRANSIENT = TransientServerError("unavailable", status_code=503, code="SERVICE_UNAVAILABLE")
BUSINESS = ServerError("no funds", status_code=500, code="NOT_ENOUGH_FUNDS")
TOKEN_DOWN = TokenConnectionError("token endpoint unreachable", maybe_sent=False)


@pytest.mark.parametrize(
    ("outcome", "kind", "retried"),
    [
        (CONNECT_FAILED, READ, True),
        (CONNECT_FAILED, CREATE, True),
        (CONNECT_FAILED, UNSAFE, True),
        (DROPPED, READ, True),
        (DROPPED, CREATE, True),
        (DROPPED, UNSAFE, False),
        (READ_TIMEOUT, READ, True),
        (READ_TIMEOUT, CREATE, True),
        (READ_TIMEOUT, UNSAFE, False),
        (CONNECT_TIMEOUT, UNSAFE, True),
        (RATE_LIMITED, READ, True),
        (RATE_LIMITED, CREATE, True),
        (RATE_LIMITED, UNSAFE, True),
        (TRANSIENT, READ, True),
        (TRANSIENT, CREATE, True),
        (TRANSIENT, UNSAFE, False),
        (TOKEN_DOWN, READ, True),
        (BUSINESS, READ, False),
        (BUSINESS, CREATE, False),
        (BadRequestError("bad", status_code=400), READ, False),
        (AuthenticationError("401", status_code=401), READ, False),
        (NotFoundError("404", status_code=404), READ, False),
        (ConflictError("409", status_code=409), CREATE, False),
        (UnexpectedResponseError("302", status_code=302), READ, False),
        (MomoValidationError("amount", "bad."), CREATE, False),
        (WaitTimeoutError("still pending"), READ, False),
        (RuntimeError("not ours"), READ, False),
    ],
)
def test_what_is_retried(outcome: BaseException, kind: RequestKind, retried: bool) -> None:
    decision = policy().decide(1, outcome, kind=kind)
    assert isinstance(decision, Retry) is retried
    if not retried:
        assert isinstance(decision, GiveUp)
        assert decision.reason


def test_the_mapper_and_the_policy_agree_on_server_errors() -> None:
    transient = error_from_response(503, {}, b"", operation="RequesttoPayTransactionStatus")
    business = error_from_response(
        500, {}, b'{"code":"INTERNAL_PROCESSING_ERROR","message":"x"}', operation="RequesttoPay"
    )
    assert isinstance(policy().decide(1, transient, kind=READ), Retry)
    assert isinstance(policy().decide(1, business, kind=CREATE), GiveUp)


def test_attempt_limit() -> None:
    p = policy(max_attempts=3)
    assert isinstance(p.decide(1, TRANSIENT), Retry)
    assert isinstance(p.decide(2, TRANSIENT), Retry)
    decision = p.decide(3, TRANSIENT)
    assert isinstance(decision, GiveUp)
    assert "max_attempts=3" in decision.reason
    assert isinstance(policy(max_attempts=1).decide(1, TRANSIENT), GiveUp)


def test_delays_follow_the_backoff() -> None:
    p = policy(max_attempts=10)
    delays = [p.decide(n, DROPPED) for n in (1, 2, 3)]
    assert delays == [
        Retry(0.5, "no response"),
        Retry(1.0, "no response"),
        Retry(2.0, "no response"),
    ]


def test_retry_after_is_honoured_exactly() -> None:
    outcome = RateLimitedError("slow", status_code=429, retry_after=7.0)
    assert policy().decide(1, outcome) == Retry(7.0, "rate limited")
    zero = RateLimitedError("slow", status_code=429, retry_after=0.0)
    assert policy().decide(1, zero) == Retry(0.0, "rate limited")


def test_retry_after_above_the_cap_gives_up() -> None:
    outcome = RateLimitedError("slow", status_code=429, retry_after=300.0)
    decision = policy(max_retry_after=60.0).decide(1, outcome)
    assert isinstance(decision, GiveUp)
    assert "300" in decision.reason


def test_rate_limit_without_retry_after_uses_backoff() -> None:
    assert policy().decide(2, RATE_LIMITED) == Retry(1.0, "rate limited")


def test_total_budget() -> None:
    p = policy(max_total_seconds=10.0)
    assert isinstance(p.decide(1, TRANSIENT, elapsed=9.5), Retry)  # 0.5 s fits exactly
    decision = p.decide(1, TRANSIENT, elapsed=9.6)
    assert isinstance(decision, GiveUp)
    assert "budget" in decision.reason
    slow = RateLimitedError("slow", status_code=429, retry_after=5.0)
    assert isinstance(p.decide(1, slow, elapsed=6.0), GiveUp)
