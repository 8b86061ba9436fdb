"""No secret ever leaves the SDK: not in logs, reprs, error messages nor CLI output.

The demo flow and the error paths run with every logger at DEBUG (httpx and httpcore included);
everything they print, log, return or raise is collected as text, and no subscription key, API
key, access token or Basic credential handed out by the sandbox may appear in it.
"""

from __future__ import annotations

import contextlib
import io
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from momo_wrapper import MomoClient, MomoConfig, MomoError, ProductCredentials
from momo_wrapper.cli import main
from momo_wrapper.sandbox import Sandbox, serve_sandbox

NUMBERS = ["46733123450", "46733123451", "46733123452", "46733123453", "46733123454", "56733123453"]


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        # Arguments are formatted lazily by handlers: check them raw too.
        self.lines.append(repr(record.args))


@contextlib.contextmanager
def _debug_logs() -> Iterator[_Collector]:
    collector = _Collector()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(collector)
    root.setLevel(logging.DEBUG)
    try:
        yield collector
    finally:
        root.removeHandler(collector)
        root.setLevel(previous)


def _seen(value: Any, into: list[str]) -> Any:
    into.append(str(value))
    into.append(repr(value))
    if isinstance(value, MomoError):
        into.append(str(vars(value)))
    return value


def _assert_clean(texts: list[str], secrets: list[str]) -> None:
    blob = "\n".join(texts)
    handed_out = len(secrets)  # a bare count: assertion rewriting must not print the secrets
    assert handed_out >= 6, "the sandbox handed out too few secrets for a meaningful check"
    leaked = sum(1 for secret in secrets if secret and secret in blob)
    assert leaked == 0, f"{leaked} secret(s) leaked"


def _config(sandbox: Sandbox, base_url: str, **overrides: Any) -> MomoConfig:
    users = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in ("collection",)}
    users["disbursement"] = sandbox.provision("disbursement", callback_host="127.0.0.1")
    settings: dict[str, Any] = {
        product: ProductCredentials(
            subscription_key=user.subscription_key, api_user=user.user_id, api_key=user.api_key
        )
        for product, user in users.items()
    }
    settings.update(overrides)
    return MomoConfig(base_url=base_url, max_attempts=2, backoff_base=0.01, **settings)


def test_the_demo_flow_and_its_failures_leak_no_secret() -> None:
    texts: list[str] = []
    sandbox = Sandbox(ongoing_delay=0.5)
    with serve_sandbox(sandbox) as server, _debug_logs() as logs:
        config = _config(sandbox, server.base_url)
        _seen(config, texts)
        with MomoClient(config) as momo:
            _seen(momo, texts)
            for number in NUMBERS:
                accepted = _seen(
                    momo.collection.request_to_pay(amount="5", payer=number, external_id=number),
                    texts,
                )
                _seen(momo.collection.get_request_to_pay_status(accepted.reference_id), texts)
            sandbox.faults.drop(operation="RequesttoPay")
            _seen(
                momo.collection.request_to_pay(amount="7", payer=NUMBERS[-1], external_id="d"),
                texts,
            )
            _seen(momo.disbursement.transfer(amount="5", payee=NUMBERS[-1], external_id="t"), texts)
            _seen(momo.collection.get_balance(), texts)
            _seen(momo.collection.create_access_token(), texts)
            _seen(momo.collection.bc_authorize(NUMBERS[-1]), texts)
            sandbox.revoke_tokens()  # the next call gets a 401 and refreshes
            _seen(momo.collection.get_balance(), texts)
            sandbox.faults.fail(500, operation="RequesttoPay", times=None)
            with pytest.raises(MomoError) as refused:
                momo.collection.request_to_pay(amount="5", payer=NUMBERS[-1], external_id="x")
            _seen(refused.value, texts)
            sandbox.faults.clear()

        wrong_key = config.replace(
            collection=ProductCredentials(
                subscription_key=config.credentials_for("collection").subscription_key,
                api_user=config.credentials_for("collection").api_user,
                api_key="0" * 32,
            )
        )
        with MomoClient(wrong_key) as momo, pytest.raises(MomoError) as bad_login:
            momo.collection.get_balance()
        _seen(bad_login.value, texts)

        other_product_key = config.replace(
            collection=ProductCredentials(
                subscription_key=config.credentials_for("disbursement").subscription_key,
                api_user=config.credentials_for("collection").api_user,
                api_key=config.credentials_for("collection").api_key,
            )
        )
        with MomoClient(other_product_key) as momo, pytest.raises(MomoError) as bad_key:
            momo.collection.get_balance()
        _seen(bad_key.value, texts)
    texts += logs.lines
    assert any("HTTP Request" in line for line in logs.lines), "httpx did not log at DEBUG"
    assert sandbox.token_requests() >= 3
    _assert_clean(texts, sandbox.secrets())


def test_the_cli_demo_and_commands_leak_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    created: list[Sandbox] = []
    original_init = Sandbox.__init__

    def recording_init(self: Sandbox, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        created.append(self)

    monkeypatch.setattr(Sandbox, "__init__", recording_init)
    out, err = io.StringIO(), io.StringIO()
    with _debug_logs() as logs:
        assert main(["demo"], stdout=out, stderr=err) == 0
        sandbox = Sandbox()
        with serve_sandbox(sandbox) as server:
            user = sandbox.provision("collection", callback_host="127.0.0.1")
            environ = {
                "MOMO_BASE_URL": server.base_url,
                "MOMO_COLLECTION_SUBSCRIPTION_KEY": user.subscription_key,
                "MOMO_COLLECTION_API_USER": user.user_id,
                "MOMO_COLLECTION_API_KEY": user.api_key,
            }
            for argv in (
                ["token"],
                ["token", "--json"],
                ["pay", "--amount", "5", "--payer", NUMBERS[0], "--wait", "--json"],
                ["balance"],
                ["doctor"],
            ):
                main(argv, environ=environ, stdout=out, stderr=err)
            bad = {**environ, "MOMO_COLLECTION_API_KEY": "f" * 32}
            assert main(["token"], environ=bad, stdout=out, stderr=err) != 0
    assert created, "the demo did not build a sandbox"
    secrets = [secret for box in created for secret in box.secrets()]
    _assert_clean([out.getvalue(), err.getvalue(), *logs.lines], secrets)


def test_the_check_fails_when_a_secret_is_printed() -> None:
    sandbox = Sandbox()
    sandbox.provision("collection")
    sandbox.provision("disbursement")
    secrets = sandbox.secrets()
    with pytest.raises(AssertionError, match="1 secret"):
        _assert_clean(["a log line", f"Authorization: Basic {secrets[-1]}"], secrets)
