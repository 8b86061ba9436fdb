"""The ``momo_wrapper.*`` loggers: one record per event, fields in ``extra``, never a secret."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from momo_wrapper import IdempotencyConflictError, MomoConfig, TokenKey, TransientServerError
from momo_wrapper.sandbox import PRODUCTS, Sandbox
from tests.observability.observe_helpers import PAYER, secrets_of, settle

ROOT = Path(__file__).resolve().parents[2]


def _records(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == name]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="momo_wrapper")
    return caplog


async def test_a_retried_replayed_and_awaited_payment_logs_each_step(
    make_client: Any, sandbox: Sandbox, debug_logs: pytest.LogCaptureFixture
) -> None:
    momo = make_client()
    # Created at MoMo, then answered 503: the retry meets a 409 that a status read confirms.
    sandbox.faults.fail(503, path="requesttopay$", after_processing=True)
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="log-1")
    )
    assert accepted.replayed
    final = await settle(momo.collection.wait_for_request_to_pay(accepted.reference_id))
    reference = accepted.reference_id

    attempts = _records(debug_logs, "momo_wrapper.http")
    creates = [r for r in attempts if r.endpoint == "collection_request_to_pay"]
    assert [(r.attempt, r.status_code) for r in creates] == [(1, 503), (2, 409)]
    for record in attempts:
        assert (record.product, record.operation, record.reference_id) == (
            "collection",
            "request_to_pay",
            reference,
        )
        assert record.elapsed_ms >= 0
        assert record.outcome == ("ok" if record.status_code < 300 else "error")
    assert len(attempts) == 4  # two creates, the status read confirming the 409, one poll

    (retry,) = _records(debug_logs, "momo_wrapper.retry")[:1]
    assert (retry.attempt, retry.status_code, retry.reason) == (1, 503, "transient server error")
    assert retry.delay > 0
    assert retry.levelno == logging.INFO

    (replay,) = _records(debug_logs, "momo_wrapper.create")
    assert (replay.outcome, replay.status_code, replay.reference_id) == ("replayed", 409, reference)

    (token,) = _records(debug_logs, "momo_wrapper.auth")
    assert (token.product, token.outcome, token.status_code) == ("collection", "ok", 200)

    (poll,) = _records(debug_logs, "momo_wrapper.wait")
    assert (poll.status, poll.outcome, poll.attempt) == (str(final.status), "final", 1)

    ledger = [(r.outcome, r.state) for r in _records(debug_logs, "momo_wrapper.ledger")]
    assert ledger == [
        ("reserve", "PENDING_SUBMIT"),
        ("mark_accepted", "ACCEPTED"),
        ("mark_final", "FINAL"),
    ]


async def test_a_give_up_is_a_warning_with_its_reason(
    make_client: Any, sandbox: Sandbox, debug_logs: pytest.LogCaptureFixture
) -> None:
    momo = make_client()
    sandbox.faults.fail(503, path="balance$", times=None)
    with pytest.raises(TransientServerError):
        await settle(momo.collection.get_balance())
    retries = _records(debug_logs, "momo_wrapper.retry")
    assert [r.levelno for r in retries] == [logging.INFO, logging.INFO, logging.WARNING]
    gave_up = retries[-1]
    assert gave_up.outcome == "gave_up"
    assert gave_up.attempt == 3
    assert "max_attempts=3" in gave_up.reason
    assert "gave up" in gave_up.getMessage()


async def test_a_409_for_a_different_transaction_is_logged_as_a_conflict(
    make_client: Any, debug_logs: pytest.LogCaptureFixture
) -> None:
    reference = "2b5c3c3e-6a8e-4c8e-9a51-0f6c1f6a2d11"
    await settle(
        make_client().collection.request_to_pay(
            amount="5", payer=PAYER, external_id="first", reference_id=reference
        )
    )
    # Another client (its own ledger) sends a different payment under the same reference id.
    with pytest.raises(IdempotencyConflictError):
        await settle(
            make_client().collection.request_to_pay(
                amount="7", payer=PAYER, external_id="second", reference_id=reference
            )
        )
    (conflict,) = _records(debug_logs, "momo_wrapper.create")
    assert (conflict.outcome, conflict.levelno, conflict.reference_id) == (
        "conflict",
        logging.WARNING,
        reference,
    )


def _tokens(momo: Any, config: MomoConfig) -> list[str]:
    found = []
    for product in PRODUCTS:
        key = TokenKey(config.base_url, product, getattr(config, product).api_user)
        token = momo.token_cache.store.get(key)
        if token is not None:
            found.append(token.value)
    return found


async def test_no_secret_reaches_a_record_at_debug(
    make_client: Any, sandbox: Sandbox, config: MomoConfig, debug_logs: pytest.LogCaptureFixture
) -> None:
    momo = make_client()
    sandbox.faults.fail(401, path="requesttopay/", times=1)  # a token refresh after a 401
    await settle(momo.collection.get_balance())
    await settle(momo.disbursement.get_balance())
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="secret-1")
    )
    await settle(momo.collection.get_request_to_pay_status(accepted.reference_id))
    tokens = _tokens(momo, config)
    assert len(tokens) == 2
    secrets = [*secrets_of(config), *tokens]
    texts = [f"{record.getMessage()} {record.__dict__!r}" for record in debug_logs.records]
    assert any("refreshed after a 401" in text for text in texts)
    assert len(texts) >= 9  # every kind of record: tokens, attempts, ledger writes
    for secret in secrets:
        assert not [text for text in texts if secret in text]


async def test_the_sdk_loggers_scrub_a_clients_secrets_whatever_the_handler(
    make_client: Any, config: MomoConfig, debug_logs: pytest.LogCaptureFixture
) -> None:
    make_client()
    key = config.collection.api_key
    logging.getLogger("momo_wrapper.retry").warning("sent with %s", key)
    (record,) = _records(debug_logs, "momo_wrapper.retry")
    assert record.getMessage() == "sent with [REDACTED]"


SCRIPT = textwrap.dedent(
    """
    from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
    from momo_wrapper.sandbox import Sandbox, SandboxTransport

    sandbox = Sandbox(seed=1)
    c = sandbox.provision("collection", callback_host="127.0.0.1")
    config = MomoConfig(
        base_url="https://sandbox.momodeveloper.mtn.com",
        collection=ProductCredentials(
            subscription_key=c.subscription_key, api_user=c.user_id, api_key=c.api_key
        ),
    )
    with MomoClient(config, transport=SandboxTransport(sandbox)) as momo:
        momo.collection.get_balance()
    """
)


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("debug", ["DEBUG momo_wrapper.http", "INFO momo_wrapper.auth"]),
        ("info", ["INFO momo_wrapper.auth"]),
        ("warning", []),
        ("", []),
    ],
)
def test_momo_log_installs_a_stderr_handler_at_its_level(level: str, expected: list[str]) -> None:
    env = {**os.environ, "MOMO_LOG": level, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'generated'}"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    for prefix in expected:
        assert any(prefix in line for line in lines), (prefix, lines)
    if not expected:
        assert lines == []
    if level == "info":
        assert not any("DEBUG" in line for line in lines)
