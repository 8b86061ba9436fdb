"""token, pay, transfer, status and balance against the sandbox on a loopback port."""

from __future__ import annotations

import socket
import uuid

import pytest

from momo_wrapper.cli import ExitCode
from tests.cli.cli_support import assert_no_secrets, run_cli


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- token ------------------------------------------------------------------------------------


def test_token_shows_expiry_and_fingerprint_never_the_token(environ, cli_clock, secrets, sandbox):
    result = run_cli(["token"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert sandbox.tokens_issued() == 3
    for product in ("collection", "disbursement", "remittance"):
        assert product in result.stdout
    assert "3600 s" in result.stdout
    assert result.stdout.count("sha256:") == 3
    assert_no_secrets(result.output, secrets())


def test_token_json_for_one_product(environ, cli_clock, secrets):
    result = run_cli(
        ["token", "--product", "remittance", "--json"], environ=environ, clock=cli_clock
    )
    assert result.code == ExitCode.OK
    (token,) = result.json["tokens"]
    assert token.keys() == {"product", "expires_at", "expires_in_seconds", "fingerprint"}
    assert token["product"] == "remittance"
    assert token["expires_in_seconds"] == 3600
    assert_no_secrets(result.output, secrets())


def test_token_with_a_wrong_api_key_is_a_config_error(environ, cli_clock, secrets):
    environ["MOMO_COLLECTION_API_KEY"] = "0" * 32
    result = run_cli(["token", "--product", "collection"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.CONFIG
    assert "login_failed" in result.stderr
    assert_no_secrets(result.output, secrets())


def test_token_for_an_unconfigured_product_is_a_config_error(environ, cli_clock):
    for suffix in ("SUBSCRIPTION_KEY", "API_USER", "API_KEY"):
        del environ[f"MOMO_REMITTANCE_{suffix}"]
    result = run_cli(
        ["token", "--product", "remittance", "--json"], environ=environ, clock=cli_clock
    )
    assert result.code == ExitCode.CONFIG
    assert "MOMO_REMITTANCE_SUBSCRIPTION_KEY" in result.json["error"]["fix"]


def test_an_unreachable_server_is_a_network_error(environ, cli_clock, secrets):
    environ["MOMO_BASE_URL"] = f"http://127.0.0.1:{closed_port()}"
    result = run_cli(["token", "--product", "collection"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.NETWORK
    assert "momo doctor" in result.stderr
    assert cli_clock.total_slept > 0  # retried with backoff, on the injected clock
    assert_no_secrets(result.output, secrets())


# -- pay --------------------------------------------------------------------------------------


def test_pay_without_wait_reports_the_reference_id(environ, cli_clock, sandbox, secrets):
    result = run_cli(
        ["pay", "--amount", "10", "--payer", "46733123453", "--external-id", "order-1"],
        environ=environ,
        clock=cli_clock,
    )
    assert result.code == ExitCode.OK
    (payment,) = sandbox.resources("collection")
    assert payment.reference_id in result.stdout
    assert payment.external_id == "order-1"
    assert_no_secrets(result.output, secrets())


def test_pay_wait_follows_pending_to_successful(environ, cli_clock, secrets):
    argv = ["pay", "--amount", "10", "--payer", "46733123453", "--wait"]
    result = run_cli(argv, environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    lines = result.stdout.splitlines()
    assert lines[0].startswith("sending: collection request_to_pay, reference id ")
    reference_id = lines[0].split("reference id ")[1].split(",")[0]
    assert lines[1] == f"accepted: collection request_to_pay, reference id {reference_id}"
    assert ": PENDING (" in lines[2]
    assert ": SUCCESSFUL (" in lines[3]
    assert lines[4] == "final: SUCCESSFUL"
    assert 5 <= cli_clock.total_slept < 10  # the sandbox settles it after 5 virtual seconds
    assert_no_secrets(result.output, secrets())


def test_pay_wait_on_a_terminal_rewrites_one_status_line(environ, cli_clock):
    argv = ["pay", "--amount", "10", "--payer", "46733123453", "--wait"]
    result = run_cli(argv, environ=environ, clock=cli_clock, tty=True)
    assert result.code == ExitCode.OK
    status_line = result.stdout.split("\n")[2]
    assert status_line.count("\r") >= 3  # PENDING, PENDING..., SUCCESSFUL on one line


def test_pay_wait_json_reports_a_failed_payment_with_exit_5(environ, cli_clock, secrets):
    argv = ["pay", "--amount", "10", "--payer", "46733123451", "--wait", "--json"]
    result = run_cli(argv, environ=environ, clock=cli_clock)
    assert result.code == ExitCode.TRANSACTION_FAILED
    data = result.json
    assert data["ok"] is False
    assert data["accepted"]["product"] == "collection"
    assert data["accepted"]["replayed"] is False
    assert data["status"]["status"] == "FAILED"
    assert data["status"]["reason"] == "APPROVAL_REJECTED"
    assert data["status"]["party"] == "MSISDN:46733123451"
    assert data["status"].keys() == {
        "reference_id",
        "status",
        "final",
        "reason",
        "financial_transaction_id",
        "external_id",
        "amount",
        "currency",
        "party",
    }
    assert_no_secrets(result.output, secrets())


def test_pay_wait_that_never_settles_exits_6_with_how_to_check_later(environ, cli_clock):
    argv = ["pay", "--amount", "10", "--payer", "46733123454", "--wait", "--timeout", "3"]
    result = run_cli(argv, environ=environ, clock=cli_clock)
    assert result.code == ExitCode.STILL_PENDING
    assert "still not final" in result.stdout
    assert "momo status " in result.stderr
    assert cli_clock.total_slept == pytest.approx(3)


def test_pay_again_with_the_same_reference_id_is_a_replay(environ, cli_clock, sandbox):
    reference_id = str(uuid.uuid4())
    argv = ["pay", "--amount", "10", "--payer", "46733123450", "--external-id", "order-7"]
    argv += ["--reference-id", reference_id, "--json"]
    first = run_cli(argv, environ=environ, clock=cli_clock)
    again = run_cli(argv, environ=environ, clock=cli_clock)
    assert first.json["accepted"]["replayed"] is False
    assert again.json["accepted"]["replayed"] is True
    assert len(sandbox.resources("collection")) == 1


@pytest.mark.parametrize(
    ("argv", "field"),
    [
        (["--amount", "-5", "--payer", "46733123450"], "amount"),
        (["--amount", "ten", "--payer", "46733123450"], "amount"),
        (["--amount", "5", "--payer", "call me"], "payer"),
        (["--amount", "5", "--payer", "46733123450", "--reference-id", "123"], "reference_id"),
        (["--amount", "5", "--payer", "46733123450", "--currency", "USD"], "currency"),
    ],
)
def test_pay_with_bad_input_exits_2_naming_the_field(environ, cli_clock, sandbox, argv, field):
    result = run_cli(["pay", *argv], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.USAGE
    assert result.stderr.startswith(f"momo: error: {field}")
    assert sandbox.resources() == []  # nothing was sent


# -- transfer ---------------------------------------------------------------------------------


@pytest.mark.parametrize("product", ["disbursement", "remittance"])
def test_transfer_wait_json(environ, cli_clock, secrets, product):
    argv = ["transfer", "--product", product, "--amount", "5", "--payee", "56733123453"]
    result = run_cli([*argv, "--wait", "--json"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert result.json["ok"] is True
    assert result.json["accepted"]["product"] == product
    assert result.json["accepted"]["operation"] == "transfer"
    assert result.json["status"]["status"] == "SUCCESSFUL"
    assert result.json["status"]["financial_transaction_id"]
    assert_no_secrets(result.output, secrets())


def test_transfer_defaults_to_disbursement(environ, cli_clock, sandbox):
    result = run_cli(["transfer", "--amount", "5", "--payee", "56733123453"], environ=environ)
    assert result.code == ExitCode.OK
    assert [r.product for r in sandbox.resources()] == ["disbursement"]


# -- status -----------------------------------------------------------------------------------


def test_status_of_a_payment(environ, cli_clock, secrets):
    paid = run_cli(
        ["pay", "--amount", "12.50", "--payer", "46733123452", "--json"],
        environ=environ,
        clock=cli_clock,
    )
    reference_id = paid.json["accepted"]["reference_id"]
    result = run_cli(["status", reference_id, "--json"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert result.json["product"] == "collection"
    assert result.json["operation"] == "request_to_pay"
    assert result.json["status"] == "FAILED"
    assert result.json["reason"] == "EXPIRED"
    assert result.json["amount"] == "12.5"
    human = run_cli(["status", reference_id], environ=environ, clock=cli_clock)
    assert "EXPIRED" in human.stdout
    assert_no_secrets(result.output + human.output, secrets())


def test_status_of_a_transfer_with_explicit_operation(environ, cli_clock):
    sent = run_cli(
        [
            "transfer",
            "--product",
            "remittance",
            "--amount",
            "5",
            "--payee",
            "56733123453",
            "--json",
        ],
        environ=environ,
        clock=cli_clock,
    )
    reference_id = sent.json["accepted"]["reference_id"]
    argv = ["status", reference_id, "--product", "remittance", "--operation", "transfer"]
    result = run_cli([*argv, "--json"], environ=environ, clock=cli_clock)
    assert result.json["status"] == "SUCCESSFUL"


def test_status_of_an_unknown_reference_is_an_api_error(environ, cli_clock):
    result = run_cli(["status", str(uuid.uuid4()), "--json"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.API
    assert "RESOURCE_NOT_FOUND" in result.json["error"]["message"]


@pytest.mark.parametrize(
    "argv",
    [["not-a-uuid"], [str(uuid.uuid4()), "--product", "collection", "--operation", "teleport"]],
)
def test_status_with_bad_input_exits_2(environ, cli_clock, argv):
    assert run_cli(["status", *argv], environ=environ, clock=cli_clock).code == ExitCode.USAGE


# -- balance ----------------------------------------------------------------------------------


def test_balance_of_every_product(environ, cli_clock, secrets):
    result = run_cli(["balance"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert result.stdout.count("1000") == 3
    assert_no_secrets(result.output, secrets())


def test_balance_json_for_one_product_in_a_currency(environ, cli_clock):
    argv = ["balance", "--product", "disbursement", "--currency", "EUR", "--json"]
    result = run_cli(argv, environ=environ, clock=cli_clock)
    assert result.json == {
        "ok": True,
        "balances": [{"product": "disbursement", "available_balance": "1000", "currency": "EUR"}],
    }


def test_balance_reports_a_refused_product_and_exits_1(environ, cli_clock, sandbox):
    sandbox.faults.fail(500, path="balance", product="remittance")
    result = run_cli(["balance", "--json"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.API
    assert result.json["ok"] is False
    by_product = {row["product"]: row for row in result.json["balances"]}
    assert by_product["collection"]["available_balance"] == "1000"
    assert "INTERNAL_PROCESSING_ERROR" in by_product["remittance"]["error"]["message"]
    human = run_cli(["balance"], environ=environ, clock=cli_clock)
    assert human.code == ExitCode.OK  # the fault fired once
