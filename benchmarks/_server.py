"""The sandbox served from a child process, so its CPU never competes with the client's GIL.

The parent talks to the child over its stdin/stdout, one JSON line per command: provision
credentials, add latency, read connection and token-request counts. Connections are counted
server-side by replacing ``SandboxServer.connections`` (the set every accepted socket joins and
leaves) with a set that also remembers its peak size and how many sockets were ever added.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Self

import attrs

from momo_wrapper.sandbox import Sandbox, SandboxServer, VirtualClock


class CountingSet(set[Any]):
    """A set that records its largest size and the number of additions since ``reset``."""

    def __init__(self) -> None:
        super().__init__()
        self.peak = 0
        self.opened = 0

    def add(self, element: Any) -> None:
        super().add(element)
        self.opened += 1
        self.peak = max(self.peak, len(self))

    def reset(self) -> None:
        self.peak = len(self)
        self.opened = 0


@attrs.frozen
class Credentials:
    product: str
    user_id: str
    api_key: str
    subscription_key: str


@attrs.frozen
class ConnectionStats:
    open: int
    """Connections open right now."""
    peak: int
    """Most connections open at once since the last reset."""
    opened: int
    """Connections accepted since the last reset (a client that keeps none alive opens many)."""


def serve(commands_in: IO[str], answers_out: IO[str]) -> None:
    """Serve a real-time sandbox on a free loopback port; answer commands until ``stop``."""
    sandbox = Sandbox(clock=VirtualClock(follow_real_time=True), request_log_size=1000)
    server = SandboxServer(sandbox, backlog=4096)
    connections = CountingSet()
    server.connections = connections

    def provision(product: str) -> list[str]:
        creds = sandbox.provision(product)
        return [creds.product, creds.user_id, creds.api_key, creds.subscription_key]

    def add_latency(seconds: float) -> None:
        sandbox.faults.latency(seconds, times=None)

    commands: dict[str, Callable[..., Any]] = {
        "provision": provision,
        "latency": add_latency,
        "clear_faults": sandbox.faults.clear,
        "token_requests": sandbox.token_requests,
        "reset_connections": connections.reset,
        "connections": lambda: [len(connections), connections.peak, connections.opened],
    }
    server.start()
    try:
        _answer(answers_out, server.port)
        for line in commands_in:
            name, args = json.loads(line)
            if name == "stop":
                break
            _answer(answers_out, commands[name](*args))
    finally:
        server.stop()
        sandbox.close()


def _answer(out: IO[str], value: object) -> None:
    out.write(json.dumps(value) + "\n")
    out.flush()


class ServedSandbox:
    """A sandbox on ``127.0.0.1`` in a child process; use as a context manager."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._server"],
            cwd=Path(__file__).resolve().parents[1],  # where ``benchmarks`` is importable
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port: int = self._read()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _read(self) -> Any:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox server process exited")
        return json.loads(line)

    def _ask(self, name: str, *args: Any) -> Any:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps([name, args]) + "\n")
        self._process.stdin.flush()
        return self._read()

    def provision(self, product: str) -> Credentials:
        return Credentials(*self._ask("provision", product))

    def add_latency(self, seconds: float) -> None:
        self._ask("latency", seconds)

    def clear_faults(self) -> None:
        self._ask("clear_faults")

    def token_requests(self, product: str) -> int:
        count: int = self._ask("token_requests", product)
        return count

    def reset_connections(self) -> None:
        self._ask("reset_connections")

    def connections(self) -> ConnectionStats:
        return ConnectionStats(*self._ask("connections"))

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._ask_stop()
                self._process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()

    def _ask_stop(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(["stop", []]) + "\n")
        self._process.stdin.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
