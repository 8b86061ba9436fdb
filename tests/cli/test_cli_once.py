"""``momo pay`` / ``momo transfer`` never pay twice: the reference id on every exit path, exit 7
when the outcome is unknown, and the printed command replays instead of paying again, against
the sandbox served on a real loopback port (in-process and as a real ``python -m`` subprocess)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import socket
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from momo_wrapper.cli import ExitCode
from momo_wrapper.cli._context import state_dir
from tests.cli.cli_support import assert_no_secrets, run_cli

REPO = Path(__file__).resolve().parents[2]
PATHS = {"collection": r"/v1_0/requesttopay$", "disbursement": r"/v1_0/transfer$"}
PATHS["remittance"] = PATHS["disbursement"]


def lose_every_answer(sandbox, product: str) -> None:
    """MoMo processes the create, the answer never comes: both attempts (MOMO_MAX_ATTEMPTS=2)
    hit the read timeout."""
    sandbox.faults.timeout(times=2, method="POST", path=PATHS[product], product=product)


def created(sandbox, product: str, external_id: str) -> list:
    """The transactions MoMo holds for this external id: the double-payment count."""
    return [r for r in sandbox.resources(product) if r.external_id == external_id]


def posts(sandbox, product: str) -> int:
    return sum(
        1
        for record in sandbox.requests
        if record.method == "POST" and record.product == product and record.reference_id
    )


def argv_of(command: str) -> list[str]:
    words = shlex.split(command)
    assert words[0] == "momo"
    return words[1:]


@pytest.fixture
def lossy(environ):
    """One-second read timeouts, two attempts: a lost answer costs about 2 s of real time."""
    return {**environ, "MOMO_READ_TIMEOUT": "1", "MOMO_MAX_ATTEMPTS": "2"}


# -- the lost answer, then the printed command -----------------------------------------------


def test_pay_lost_answer_exits_7_and_the_printed_command_replays(
    lossy, cli_clock, sandbox, secrets
):
    lose_every_answer(sandbox, "collection")
    argv = ["pay", "--amount", "10", "--payer", "46733123499", "--json"]
    first = run_cli(argv, environ=lossy, clock=cli_clock)

    assert first.code == ExitCode.OUTCOME_UNKNOWN == 7
    data = first.json
    assert data["ok"] is False
    assert data["exit_code"] == 7
    assert data["outcome"] == "unknown"
    assert data["error"]["type"] == "outcome_unknown"
    assert "MAY HAVE GONE THROUGH" in data["error"]["message"]
    reference_id = data["reference_id"]
    assert f"sending collection request_to_pay, reference id {reference_id}" in first.stderr
    external_id = data["external_id"]  # minted: none was given
    assert external_id.startswith("momo-cli-")
    assert data["idempotency_key"] == f"collection:request_to_pay:{external_id}"
    # MoMo did process it: the check command says so.
    (payment,) = created(sandbox, "collection", external_id)
    assert payment.reference_id == reference_id
    check = run_cli(argv_of(data["check_command"]), environ=lossy, clock=cli_clock)
    assert check.code == ExitCode.OK
    assert check.json["status"] == "SUCCESSFUL"

    again = run_cli(argv_of(data["retry_command"]), environ=lossy, clock=cli_clock)
    assert again.code == ExitCode.OK
    assert again.json["reference_id"] == reference_id
    assert again.json["accepted"] == {
        "product": "collection",
        "operation": "request_to_pay",
        "reference_id": reference_id,
        "replayed": True,
    }
    assert len(created(sandbox, "collection", external_id)) == 1  # paid once
    assert_no_secrets(first.output + check.output + again.output, secrets())


@pytest.mark.parametrize("product", ["disbursement", "remittance"])
def test_transfer_lost_answer_then_the_printed_command_in_human_mode(
    lossy, cli_clock, sandbox, secrets, product
):
    lose_every_answer(sandbox, product)
    argv = ["transfer", "--product", product, "--amount", "5", "--payee", "56733123499"]
    argv += ["--external-id", f"payout-{product}"]
    first = run_cli(argv, environ=lossy, clock=cli_clock)

    assert first.code == ExitCode.OUTCOME_UNKNOWN
    sending = first.stdout.splitlines()[0]
    assert sending.startswith(f"sending: {product} transfer, reference id ")
    reference_id = sending.split("reference id ")[1].split(",")[0]
    assert "MAY HAVE GONE THROUGH" in first.stderr
    lines = {
        line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip()
        for line in first.stderr.splitlines()
        if line.startswith("  ") and ":" in line
    }
    assert lines["reference id"] == reference_id
    assert lines["check"].startswith(f"momo status {reference_id} --product {product}")
    retry = lines["retry safely"]
    assert f"--reference-id {reference_id}" in retry
    assert f"--external-id payout-{product}" in retry
    posts_before = posts(sandbox, product)

    again = run_cli(argv_of(retry), environ=lossy, clock=cli_clock)
    assert again.code == ExitCode.OK
    assert f"accepted: {product} transfer, reference id {reference_id} (sent earlier" in (
        again.stdout
    )
    # And the original command again (same external id, no reference id): the ledger's id,
    # without even a POST.
    original = run_cli(argv, environ=lossy, clock=cli_clock)
    assert original.code == ExitCode.OK
    assert f"reference id {reference_id} (sent earlier" in original.stdout
    assert posts(sandbox, product) == posts_before + 1  # the retry's POST only (409, confirmed)
    assert len(created(sandbox, product, f"payout-{product}")) == 1
    assert_no_secrets(first.output + again.output + original.output, secrets())


def _cli_process(argv: list[str], environ: dict[str, str], **kwargs) -> subprocess.Popen:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **environ}
    return subprocess.Popen(
        [sys.executable, "-m", "momo_wrapper.cli", *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _run_process(argv: list[str], environ: dict[str, str]) -> tuple[int, dict, str]:
    process = _cli_process(argv, environ)
    stdout, stderr = process.communicate(timeout=60)
    return process.returncode, json.loads(stdout), stderr


def test_pay_as_a_real_process_never_pays_twice(lossy, sandbox, secrets):
    environ = {**lossy, "MOMO_BACKOFF_BASE": "0.05", "MOMO_BACKOFF_CAP": "0.1"}
    lose_every_answer(sandbox, "collection")
    argv = ["pay", "--amount", "7", "--payer", "46733123499", "--external-id", "order-proc"]
    code, first, stderr = _run_process([*argv, "--json"], environ)
    assert code == 7
    assert first["exit_code"] == 7
    assert first["outcome"] == "unknown"
    reference_id = first["reference_id"]
    assert reference_id in stderr  # printed before sending

    code, again, stderr_again = _run_process(argv_of(first["retry_command"]), environ)
    assert code == 0
    assert again["reference_id"] == reference_id
    assert again["accepted"]["replayed"] is True
    (payment,) = created(sandbox, "collection", "order-proc")
    assert payment.reference_id == reference_id
    assert_no_secrets(json.dumps(first) + stderr + json.dumps(again) + stderr_again, secrets())


def test_ctrl_c_during_wait_json_prints_the_reference_id(environ, sandbox):
    # 46733123454 never settles; SIGINT arrives while the CLI polls.
    environ = {**environ, "MOMO_POLL_INITIAL_INTERVAL": "0.2", "MOMO_POLL_MAX_INTERVAL": "0.2"}
    argv = ["pay", "--amount", "3", "--payer", "46733123454", "--wait", "--json"]
    process = _cli_process(argv, environ)
    assert process.stderr is not None
    line = process.stderr.readline()  # "momo: sending ..., reference id R"
    assert "reference id" in line
    reference_id = line.rsplit(" ", 1)[1].strip()
    deadline = time.monotonic() + 30
    while not [r for r in sandbox.requests if r.method == "GET" and r.reference_id]:
        assert process.poll() is None, "the CLI ended before it polled"
        assert time.monotonic() < deadline, "the CLI never polled"
        time.sleep(0.02)  # polling has not begun yet
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=30)
    assert process.returncode == 130
    data = json.loads(stdout)
    assert data["exit_code"] == 130
    assert data["reference_id"] == reference_id
    assert data["outcome"] == "accepted"
    assert data["check_command"].startswith(f"momo status {reference_id}")


# -- every exit path carries the reference id ---------------------------------------------------


class InterruptingClock:
    """Ctrl-C at the first sleep (the --wait poll), in-process."""

    def __init__(self, cli_clock) -> None:
        self._clock = cli_clock

    def __getattr__(self, name):
        return getattr(self._clock, name)

    def sleep(self, seconds: float) -> None:
        raise KeyboardInterrupt


def test_ctrl_c_while_sending_says_it_may_have_gone_through_and_the_retry_replays(
    lossy, cli_clock, sandbox
):
    # The first attempt's answer is lost; Ctrl-C lands during the backoff before the second.
    sandbox.faults.timeout(times=1, method="POST", path=PATHS["collection"])
    argv = ["pay", "--amount", "10", "--payer", "46733123499", "--json"]
    result = run_cli(argv, environ=lossy, clock=InterruptingClock(cli_clock))
    assert result.code == ExitCode.INTERRUPTED
    data = result.json
    assert data["exit_code"] == 130
    assert data["outcome"] == "unknown"
    assert "MAY HAVE GONE THROUGH" in data["error"]["message"]
    again = run_cli(argv_of(data["retry_command"]), environ=lossy, clock=cli_clock)
    assert again.code == ExitCode.OK
    assert again.json["reference_id"] == data["reference_id"]
    assert again.json["accepted"]["replayed"] is True
    assert len(created(sandbox, "collection", data["external_id"])) == 1


def test_every_exit_path_of_pay_json_carries_exit_code_and_reference_id(
    environ, cli_clock, sandbox, tmp_path
):
    def pay(*extra: str, env=environ, use_clock=cli_clock):
        argv = ["pay", "--amount", "10", "--json", *extra]
        if "--payer" not in extra:
            argv += ["--payer", "46733123499"]
        return run_cli(argv, environ=env, clock=use_clock)

    results = {}
    results[0] = pay()
    sandbox.faults.fail(400, method="POST", path=PATHS["collection"])
    results[1] = pay()
    given = str(uuid.uuid4())
    results[2] = pay("--currency", "USD", "--reference-id", given)
    results[3] = pay(env={**environ, "MOMO_COLLECTION_API_KEY": "0" * 32})
    results[5] = pay("--payer", "46733123451", "--wait")
    results[6] = pay("--payer", "46733123454", "--wait", "--timeout", "2")
    results[130] = pay("--wait", use_clock=InterruptingClock(cli_clock))

    for code, result in results.items():
        assert result.code == code, (code, result.output)
        data = result.json
        assert data["exit_code"] == code
        assert "reference_id" in data
        assert "external_id" in data
        assert "outcome" in data
        if code != 2:
            uuid.UUID(data["reference_id"])
            assert data["check_command"].startswith(f"momo status {data['reference_id']} ")
    assert results[2].json["reference_id"] == given
    assert results[2].json["outcome"] == "not_sent"
    assert results[1].json["outcome"] == "refused"
    assert results[3].json["outcome"] == "not_sent"  # the token was refused: no create sent
    assert results[130].json["outcome"] == "accepted"


def test_network_failure_before_sending_keeps_exit_4_and_says_nothing_was_sent(
    environ, cli_clock, sandbox, server
):
    # Nothing listens: the token request fails to connect, so the create never leaves.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    argv = ["pay", "--amount", "10", "--payer", "46733123499", "--json"]
    result = run_cli([*argv, "--base-url", closed], environ=environ, clock=cli_clock)
    assert result.code == ExitCode.NETWORK
    assert result.json["outcome"] == "not_sent"
    assert "Nothing was sent" in result.json["error"]["message"]
    reference_id = result.json["reference_id"]
    uuid.UUID(reference_id)
    retry = argv_of(result.json["retry_command"])
    assert retry[retry.index("--base-url") + 1] == closed
    retry[retry.index("--base-url") + 1] = server.base_url  # the network is back
    again = run_cli(retry, environ=environ, clock=cli_clock)
    assert again.code == ExitCode.OK
    assert again.json["reference_id"] == reference_id
    assert len(sandbox.resources("collection")) == 1


def test_a_key_reused_for_a_different_payment_is_refused_before_sending(
    environ, cli_clock, sandbox
):
    argv = ["pay", "--payer", "46733123499", "--idempotency-key", "order-9/try-1", "--json"]
    first = run_cli([*argv, "--amount", "10"], environ=environ, clock=cli_clock)
    assert first.code == ExitCode.OK
    assert first.json["idempotency_key"] == "order-9/try-1"
    other = run_cli([*argv, "--amount", "11"], environ=environ, clock=cli_clock)
    assert other.code == ExitCode.API
    assert other.json["outcome"] == "conflict"
    assert other.json["reference_id"] == first.json["reference_id"]
    assert len(sandbox.resources("collection")) == 1


# -- the ledger at rest -------------------------------------------------------------------------


def test_the_default_ledger_lives_in_a_private_state_dir_without_secrets(
    lossy, cli_clock, sandbox, secrets
):
    lossy["MOMO_CALLBACK_BASE_URL"] = "https://127.0.0.1/momo/cb-9f2c4e7a1b3d"
    lose_every_answer(sandbox, "collection")
    argv = ["pay", "--amount", "10", "--payer", "46733123499", "--json"]
    first = run_cli(argv, environ=lossy, clock=cli_clock)
    assert first.code == ExitCode.OUTCOME_UNKNOWN
    again = run_cli(argv_of(first.json["retry_command"]), environ=lossy, clock=cli_clock)
    assert again.code == ExitCode.OK

    directory = Path(lossy["MOMO_STATE_DIR"])
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    ledger = directory / "ledger.sqlite3"
    assert stat.S_IMODE(ledger.stat().st_mode) == 0o600
    at_rest = b"".join(path.read_bytes() for path in directory.iterdir() if path.is_file())
    assert first.json["reference_id"].encode() in at_rest  # it is the ledger
    text = at_rest.decode("latin-1")
    assert_no_secrets(text, secrets())
    assert "cb-9f2c4e7a1b3d" not in text


def test_ledger_memory_remembers_nothing_between_runs(environ, cli_clock, sandbox):
    argv = ["pay", "--amount", "10", "--payer", "46733123499", "--external-id", "o-mem"]
    argv += ["--ledger", "memory://", "--json"]
    first = run_cli(argv, environ=environ, clock=cli_clock)
    second = run_cli(argv, environ=environ, clock=cli_clock)
    assert first.code == second.code == ExitCode.OK
    assert not Path(environ["MOMO_STATE_DIR"]).exists()
    # Nothing remembered the key: a new reference id, a second payment. That is what opting
    # out means, and why the default is the SQLite ledger.
    assert first.json["reference_id"] != second.json["reference_id"]
    assert len(created(sandbox, "collection", "o-mem")) == 2


def test_state_dir_order(tmp_path):
    assert state_dir({"MOMO_STATE_DIR": "/a", "XDG_STATE_HOME": "/b", "HOME": "/c"}) == Path("/a")
    assert state_dir({"XDG_STATE_HOME": "/b", "HOME": "/c"}) == Path("/b/momo")
    assert state_dir({"MOMO_STATE_DIR": " ", "HOME": "/c"}) == Path("/c/.local/state/momo")


def test_an_unusable_state_dir_is_a_config_error_before_sending(
    environ, cli_clock, sandbox, tmp_path
):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    environ["MOMO_STATE_DIR"] = str(blocker / "state")
    result = run_cli(
        ["pay", "--amount", "10", "--payer", "46733123499", "--json"],
        environ=environ,
        clock=cli_clock,
    )
    assert result.code == ExitCode.CONFIG
    assert "MOMO_STATE_DIR" in result.json["error"]["fix"]
    assert sandbox.resources() == []
