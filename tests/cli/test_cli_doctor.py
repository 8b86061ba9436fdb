"""momo doctor: one line per check, the fix on failures, the exit code of the first failure."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator

import pytest

from momo_wrapper.cli import ExitCode, _doctor
from tests.cli.cli_support import assert_no_secrets, run_cli


def lines_by_check(stdout: str) -> dict[str, str]:
    checks = {}
    for line in stdout.splitlines():
        if line[:2] in ("✓ ", "✗ ", "⚠ ", "\u2013 "):
            name, _, detail = line[2:].partition(": ")
            checks[name] = line[0] + " " + detail
    return checks


def test_a_healthy_setup_passes_every_check(environ, cli_clock, secrets):
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    checks = lines_by_check(result.stdout)
    assert list(checks) == [
        "configuration",
        "target environment",
        "DNS",
        "reachability",
        "token collection",
        "token disbursement",
        "token remittance",
        "target environment collection",
        "target environment disbursement",
        "target environment remittance",
        "callbacks",
    ]
    assert checks["target environment"].startswith("✓ sandbox (MTN MoMo sandbox), currency EUR")
    assert checks["reachability"].startswith("✓ TCP 127.0.0.1")
    assert checks["callbacks"].startswith("\u2013 MOMO_CALLBACK_BASE_URL is not set")
    assert "all checks passed" in result.stdout
    assert_no_secrets(result.output, secrets())


def test_json_lists_every_check(environ, cli_clock, secrets):
    result = run_cli(["doctor", "--json"], environ=environ, clock=cli_clock)
    data = result.json
    assert data["ok"] is True
    assert len(data["checks"]) == 11
    assert all(c.keys() == {"name", "status", "detail", "fix"} for c in data["checks"])
    assert {c["status"] for c in data["checks"]} == {"ok", "skip"}
    assert_no_secrets(result.output, secrets())


def test_invalid_configuration_fails_first_with_exit_3(cli_clock):
    result = run_cli(["doctor"], environ={"MOMO_COLLECTION_API_KEY": "k"}, clock=cli_clock)
    assert result.code == ExitCode.CONFIG
    checks = lines_by_check(result.stdout)
    assert list(checks) == ["configuration"]
    assert checks["configuration"].startswith("✗ MOMO_COLLECTION_SUBSCRIPTION_KEY")


def test_no_product_fails_configuration_but_still_checks_the_network(server, cli_clock):
    result = run_cli(["doctor", "--json"], environ={"MOMO_BASE_URL": server.base_url})
    assert result.code == ExitCode.CONFIG
    statuses = {c["name"]: c["status"] for c in result.json["checks"]}
    assert statuses == {
        "configuration": "fail",
        "target environment": "ok",
        "DNS": "ok",
        "reachability": "ok",
    }


def test_a_name_that_does_not_resolve_is_a_network_failure(environ, cli_clock, monkeypatch):
    def no_dns(host: str, port: int) -> list[str]:
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(_doctor, "system_resolver", no_dns)
    environ["MOMO_BASE_URL"] = "https://momo.invalid"
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.NETWORK
    dns = lines_by_check(result.stdout)["DNS"]
    assert dns == "✗ momo.invalid does not resolve (Name or service not known)."
    assert "fix: Check the host name" in result.stdout


def test_a_closed_port_is_a_network_failure(environ, cli_clock):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ["MOMO_BASE_URL"] = f"http://127.0.0.1:{port}"
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.NETWORK
    assert lines_by_check(result.stdout)["reachability"].startswith(
        f"✗ cannot connect to 127.0.0.1:{port}"
    )


@pytest.fixture
def tls_server(tmp_path) -> Iterator[int]:
    """A TLS server with a self-signed certificate for 'localhost'."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                with context.wrap_socket(connection, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    listener.close()


def test_an_untrusted_certificate_is_a_network_failure(environ, cli_clock, tls_server):
    environ["MOMO_BASE_URL"] = f"https://localhost:{tls_server}"
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.NETWORK
    reach = lines_by_check(result.stdout)["reachability"]
    assert reach.startswith(f"✗ TLS to localhost:{tls_server}: certificate not trusted")
    assert "fix: If a proxy inspects TLS" in result.stdout


def test_skipping_verification_is_only_a_warning_for_the_tls_check(environ, cli_clock, tls_server):
    environ["MOMO_BASE_URL"] = f"https://localhost:{tls_server}"
    environ["MOMO_INSECURE_SKIP_TLS_VERIFY"] = "1"
    result = run_cli(["doctor", "--json"], environ=environ, clock=cli_clock)
    reach = next(c for c in result.json["checks"] if c["name"] == "reachability")
    assert reach["status"] == "warn"
    assert "certificate NOT verified" in reach["detail"]


def test_wrong_api_key_fails_the_token_check_with_the_fix(environ, cli_clock, secrets):
    environ["MOMO_DISBURSEMENT_API_KEY"] = "0" * 32
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.CONFIG
    checks = lines_by_check(result.stdout)
    assert checks["token disbursement"].startswith("✗ ")
    assert "login_failed" in checks["token disbursement"]
    assert "momo sandbox provision --product disbursement" in result.stdout
    assert "target environment disbursement" not in checks  # skipped without a token
    assert checks["token collection"].startswith("✓ ")
    assert_no_secrets(result.output, [*secrets(), "0" * 32])


def test_a_refused_target_environment_fails(environ, cli_clock, sandbox):
    sandbox.faults.fail(
        500,
        path="balance",
        product="collection",
        body=b'{"message":"Access to target environment is forbidden.",'
        b'"code":"NOT_ALLOWED_TARGET_ENVIRONMENT"}',
        content_type="application/json",
    )
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.API
    check = lines_by_check(result.stdout)["target environment collection"]
    assert check.startswith("✗ ")
    assert "NOT_ALLOWED_TARGET_ENVIRONMENT" in check


def test_an_unavailable_balance_is_only_a_warning(environ, cli_clock, sandbox):
    sandbox.faults.fail(500, path="balance", product="remittance")
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.OK
    check = lines_by_check(result.stdout)["target environment remittance"]
    assert check.startswith("⚠ could not be confirmed")


def test_the_callback_host_must_be_the_api_users_host(environ, cli_clock):
    environ["MOMO_CALLBACK_BASE_URL"] = "http://127.0.0.1:9/momo"
    good = run_cli(["doctor", "--json"], environ=environ, clock=cli_clock)
    assert good.code == ExitCode.OK
    callbacks = [c for c in good.json["checks"] if c["name"].startswith("callback host")]
    assert [c["status"] for c in callbacks] == ["ok"] * 4

    environ["MOMO_CALLBACK_BASE_URL"] = "http://localhost:9/momo"
    bad = run_cli(["doctor"], environ=environ, clock=cli_clock)
    assert bad.code == ExitCode.CONFIG
    check = lines_by_check(bad.stdout)["callback host collection"]
    assert check.startswith("✗ ")
    assert "INVALID_CALLBACK_URL_HOST" in check
    assert "--callback-host localhost" in bad.stdout
