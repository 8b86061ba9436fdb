"""momo sandbox serve: a real port, ready-made credentials, a clean stop."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from momo_wrapper import FakeClock
from momo_wrapper.cli import ExitCode, main
from momo_wrapper.cli._envfile import parse_env
from momo_wrapper.cli._serve import stop_serving
from tests.cli.cli_support import assert_no_secrets, run_cli

ROOT = Path(__file__).resolve().parents[2]


def cli_subprocess(*argv: str) -> subprocess.Popen[str]:
    """``python -m momo_wrapper.cli ...`` as a user would run it (the console path)."""
    path = os.pathsep.join([str(ROOT), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")])
    return subprocess.Popen(
        [sys.executable, "-m", "momo_wrapper.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": path},
    )


def test_serve_prints_working_credentials_and_stops_on_ctrl_c(tmp_path):
    process = cli_subprocess("sandbox", "serve", "--port", "0", "--ongoing-delay", "0")
    watchdog = threading.Timer(30, process.kill)
    watchdog.start()
    try:
        assert process.stdout is not None
        lines = []
        while (line := process.stdout.readline()) and line.strip() != "ready":
            lines.append(line)
        assert line.strip() == "ready", "".join(lines)
        values = parse_env("".join(lines))
        assert values["MOMO_BASE_URL"].startswith("http://127.0.0.1:")
        assert len(values) == 2 + 3 * 3
        result = run_cli(
            ["pay", "--amount", "5", "--payer", "46733123453", "--wait"],
            environ={**values, "MOMO_STATE_DIR": str(tmp_path)},
        )
        assert result.code == ExitCode.OK  # ongoing delay 0: settles at once
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    finally:
        watchdog.cancel()
    assert process.returncode == 0
    assert "sandbox stopped" in stderr


class AnnouncedStringIO(io.StringIO):
    """Sets ``announced`` once the JSON document is complete."""

    def __init__(self) -> None:
        super().__init__()
        self.announced = threading.Event()

    def write(self, text: str) -> int:
        written = super().write(text)
        if self.getvalue().rstrip().endswith("}"):
            self.announced.set()
        return written


def test_serve_writes_an_env_file_and_its_json_has_no_secrets(tmp_path):
    env_file = tmp_path / ".env"
    stdout, stderr = AnnouncedStringIO(), io.StringIO()
    codes: list[int] = []
    argv = ["sandbox", "serve", "--port", "0", "--env-file", str(env_file), "--json"]

    def serve() -> None:
        codes.append(main(argv, environ={}, clock=FakeClock(), stdout=stdout, stderr=stderr))

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        assert stdout.announced.wait(timeout=10)
        balance = run_cli(["balance", "--env-file", str(env_file), "--json"])
        assert balance.code == ExitCode.OK
    finally:
        stop_serving()
        thread.join(timeout=10)
    assert codes == [ExitCode.OK]
    values = parse_env(env_file.read_text())
    text = stdout.getvalue()
    assert '"ok": true' in text
    assert values["MOMO_BASE_URL"] in text
    secrets = [value for name, value in values.items() if name.endswith("_KEY")]
    assert len(secrets) == 6
    assert_no_secrets(text + stderr.getvalue() + balance.output, secrets)


def test_a_port_in_use_is_a_usage_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(["sandbox", "serve", "--port", str(port)])
    assert result.code == ExitCode.USAGE
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr
