"""The sandbox page from the command line: serve and demo print its URL, --interactive waits
for a person's approval in it, --host off loopback needs --allow-remote, doctor says when it
looks a host up in DNS."""

from __future__ import annotations

import json
import re
import signal
import threading
import time

import httpx

from momo_wrapper.cli import ExitCode
from tests.cli.cli_support import run_cli
from tests.cli.test_cli_serve import cli_subprocess

WATCHDOG = 90


def _lines_until(process, marker: str, limit: int = 200) -> list[str]:
    lines = []
    assert process.stdout is not None
    while len(lines) < limit and (line := process.stdout.readline()):
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"{marker!r} never printed:\n{''.join(lines)}")


def _stop(process) -> str:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=15)
    return stderr


def test_serve_prints_the_page_url_and_the_page_answers():
    process = cli_subprocess("sandbox", "serve", "--port", "0")
    watchdog = threading.Timer(WATCHDOG, process.kill)
    watchdog.start()
    try:
        lines = _lines_until(process, "ready")
        (page,) = [line.split()[1] for line in lines if line.strip().startswith("page:")]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/_sandbox/ui/", page)
        assert httpx.get(page).status_code == 200
        assert httpx.get(page.replace("/ui/", "/page")).json()["users"]  # no token on loopback
        assert any("loopback hosts only" in line for line in lines)
        _stop(process)
    finally:
        watchdog.cancel()


def test_serve_off_loopback_needs_allow_remote():
    result = run_cli(["sandbox", "serve", "--host", "0.0.0.0", "--port", "0"])
    assert result.code == ExitCode.USAGE
    assert "--allow-remote" in result.output


def test_serve_with_allow_remote_warns_and_guards_the_admin_api_with_a_token():
    process = cli_subprocess(
        "sandbox", "serve", "--host", "0.0.0.0", "--port", "0", "--allow-remote"
    )
    watchdog = threading.Timer(WATCHDOG, process.kill)
    watchdog.start()
    try:
        lines = _lines_until(process, "ready")
        text = "".join(lines)
        (token,) = re.findall(r"admin token \(header X-Sandbox-Admin-Token\): (\S+)", text)
        port = re.search(r"MoMo sandbox on http://0\.0\.0\.0:(\d+)", text)
        assert port is not None
        base = f"http://127.0.0.1:{port.group(1)}"  # only ever reached over loopback here
        assert httpx.get(base + "/_sandbox/page").status_code == 401
        assert httpx.post(base + "/_sandbox/provision", json={}).status_code == 401
        guarded = httpx.get(base + "/_sandbox/page", headers={"X-Sandbox-Admin-Token": token})
        assert guarded.status_code == 200
        assert f"#token={token}" in text
        stderr = _stop(process)
    finally:
        watchdog.cancel()
    assert "WARNING" in stderr
    assert "reachable from other machines" in stderr
    assert token not in stderr


def test_demo_interactive_waits_for_an_approval_in_the_page():
    process = cli_subprocess("demo", "--interactive", "--interactive-timeout", "60")
    watchdog = threading.Timer(WATCHDOG, process.kill)
    watchdog.start()
    try:
        lines = _lines_until(process, "/_sandbox/ui/, press")
        page = re.search(r"open (http://\S+/_sandbox/ui/)", lines[-1])
        assert page is not None
        api = page.group(1).replace("/ui/", "")
        pending = []
        deadline = time.monotonic() + 20
        while not pending and time.monotonic() < deadline:
            state = httpx.get(api + "/page").json()
            pending = [
                tx
                for tx in state["transactions"]
                if tx["payer_actionable"] and (tx["external_id"] or "").startswith("demo-inter")
            ]
            time.sleep(0.2)
        (tx,) = pending
        time.sleep(1.0)  # the demo is waiting: nothing ends the payment but the payer
        assert process.poll() is None
        approved = httpx.post(
            f"{api}/transactions/collection/{tx['reference_id']}/approve", json={"pin": "1234"}
        )
        assert approved.status_code == 200
        stdout, stderr = process.communicate(timeout=60)
    finally:
        watchdog.cancel()
    output = "".join(lines) + stdout
    assert process.returncode == 0, output + stderr
    banner = re.search(r"^  page       (http://\S+/_sandbox/ui/)  ", output, re.MULTILINE)
    assert banner is not None, output  # `momo demo` prints the page's URL
    assert banner.group(1) == page.group(1)
    assert re.search(r"approve in the page: SUCCESSFUL", output), output
    assert "all steps passed" in output


def test_doctor_says_before_it_looks_a_host_up(environ, cli_clock):
    result = run_cli(["doctor"], environ=environ, clock=cli_clock)
    lines = result.stdout.splitlines()
    host = "127.0.0.1"
    looked = next(i for i, line in enumerate(lines) if f"looking up {host} in DNS" in line)
    dns = next(i for i, line in enumerate(lines) if line.startswith("✓ DNS"))
    assert looked < dns


def test_doctor_json_stays_one_document(environ, cli_clock):
    result = run_cli(["doctor", "--json"], environ=environ, clock=cli_clock)
    assert json.loads(result.stdout)["checks"]
