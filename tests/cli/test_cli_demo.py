"""momo demo end to end: in-process, as a subprocess (the console path), and against a server
given with --base-url."""

from __future__ import annotations

import io
import time

import pytest

from momo_wrapper import SystemClock
from momo_wrapper.cli import ExitCode, main
from momo_wrapper.sandbox import Sandbox, VirtualClock, serve_sandbox
from tests.cli.cli_support import assert_no_secrets, run_cli
from tests.cli.test_cli_serve import cli_subprocess

STEPS = ["provisioning", "request to pay", "idempotency", "transfers", "callbacks", "balances"]


def test_demo_in_process(capsys):
    started = time.monotonic()
    code = main(["demo"], environ={})
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert code == ExitCode.OK, captured.out + captured.err
    assert elapsed < 60
    out = captured.out
    for title in ("1. Provisioning", "2. Request to pay", "3. Idempotency", "4. Transfers"):
        assert title in out
    assert "5. Callbacks" in out
    assert "6. Balances" in out
    assert "Summary" in out
    assert "409 RESOURCE_ALREADY_EXIST" in out
    assert "drop (no response)" in out
    assert "✓ exactly one payment: client: replayed=True" in out
    assert "8/8 received and verified" in out
    assert "6/6 test numbers as documented" in out
    assert "all steps passed" in out
    assert "✗" not in out
    assert_no_secrets(captured.out + captured.err, [])


def test_demo_as_a_subprocess_with_json():
    started = time.monotonic()
    process = cli_subprocess("demo", "--json")
    stdout, stderr = process.communicate(timeout=90)
    elapsed = time.monotonic() - started
    assert process.returncode == 0, stderr
    assert elapsed < 60
    import json

    data = json.loads(stdout)
    assert data["ok"] is True
    assert data["local_sandbox"] is True
    assert data["elapsed_seconds"] < 60
    assert [step["name"] for step in data["steps"]] == STEPS
    assert {step["status"] for step in data["steps"]} == {"ok"}
    steps = {step["name"]: step for step in data["steps"]}
    payments = steps["request to pay"]["payments"]
    assert [p["payer"] for p in payments] == [
        "46733123450",
        "46733123451",
        "46733123452",
        "46733123453",
        "46733123454",
        "56733123453",
    ]
    assert [p["status"] for p in payments] == [
        "FAILED",
        "FAILED",
        "FAILED",
        "SUCCESSFUL",
        "CREATED",
        "SUCCESSFUL",
    ]
    idempotency = steps["idempotency"]
    assert idempotency["replayed"] is True
    assert idempotency["payments_in_sandbox"] == 1
    assert idempotency["posts_with_reference_id"] == 2
    assert [r["disposition"] for r in idempotency["requests"] if r["status"] != 200] == [
        "drop",
        "respond",
    ]
    assert all(c["delivered_once"] for c in steps["callbacks"]["callbacks"])
    assert len(steps["callbacks"]["callbacks"]) == 8
    assert all(u["api_user"].startswith("…") for u in steps["provisioning"]["users"])
    assert_no_secrets(stdout + stderr, [])


@pytest.fixture
def remote():
    """A sandbox served elsewhere without the admin API (like MTN's: no fault injection)."""
    sandbox = Sandbox(clock=VirtualClock(follow_real_time=True), ongoing_delay=0.5, admin_api=False)
    with sandbox, serve_sandbox(sandbox) as server:
        yield sandbox, server


def test_demo_against_base_url_without_fault_injection(remote):
    sandbox, server = remote
    environ = {
        f"MOMO_{product.upper()}_SUBSCRIPTION_KEY": key
        for product, key in sandbox.subscription_keys.items()
        if product != "remittance"
    }
    argv = ["demo", "--base-url", server.base_url, "--wait-timeout", "2", "--json"]
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, environ=environ, clock=SystemClock(), stdout=stdout, stderr=stderr)
    assert code == ExitCode.OK, stdout.getvalue() + stderr.getvalue()
    data = __import__("json").loads(stdout.getvalue())
    steps = {step["name"]: step for step in data["steps"]}
    assert data["local_sandbox"] is False
    assert steps["idempotency"]["simulated"] is True
    assert steps["idempotency"]["replayed"] is True
    assert [u["product"] for u in steps["provisioning"]["users"]] == ["collection", "disbursement"]
    assert [t["product"] for t in steps["transfers"]["transfers"]] == ["disbursement"]
    assert len(steps["callbacks"]["callbacks"]) == 7  # 5 payments, 1 replayed, 1 transfer
    assert_no_secrets(stdout.getvalue() + stderr.getvalue(), list(environ.values()))


@pytest.mark.parametrize(
    ("argv", "environ", "code", "mentions"),
    [
        (["--base-url", "https://proxy.momoapi.mtn.com"], {}, ExitCode.USAGE, "production host"),
        (["--base-url", "http://example.com"], {}, ExitCode.USAGE, "plain http"),
        (["--base-url", "http://127.0.0.1:9"], {}, ExitCode.CONFIG, "subscription key"),
        (["--wait-timeout", "0"], {}, ExitCode.USAGE, "between 0 and 3600"),
    ],
)
def test_demo_bad_input(argv, environ, code, mentions):
    result = run_cli(["demo", *argv], environ=environ)
    assert result.code == code
    assert mentions in result.stderr
