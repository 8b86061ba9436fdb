"""Running ``momo`` in-process against a served sandbox, and checking output for secrets."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from momo_wrapper import FakeClock
from momo_wrapper.cli import main
from momo_wrapper.sandbox import Sandbox

# The shapes of secrets: 32-hex keys (MoMo API and subscription keys) and JWT-like tokens.
_SECRET_SHAPES = (re.compile(r"(?<![0-9a-f-])[0-9a-f]{32}(?![0-9a-f-])"), re.compile(r"eyJ\w+"))


class SandboxClock(FakeClock):
    """The CLI's clock: sleeping moves the sandbox's virtual clock too, so a PENDING payment
    settles while the CLI waits, and nothing really sleeps."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self._sandbox = sandbox

    def sleep(self, seconds: float) -> None:
        super().sleep(seconds)
        if seconds > 0:
            self._sandbox.clock.advance(seconds)


@attrs.frozen
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def json(self) -> Any:
        return json.loads(self.stdout)


class TTYStringIO(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_cli(
    argv: list[str],
    *,
    environ: Mapping[str, str] | None = None,
    clock: FakeClock | None = None,
    tty: bool = False,
) -> Result:
    stdout = TTYStringIO() if tty else io.StringIO()
    stderr = io.StringIO()
    code = main(
        argv, environ=environ or {}, clock=clock or FakeClock(), stdout=stdout, stderr=stderr
    )
    return Result(code, stdout.getvalue(), stderr.getvalue())


def issued_tokens(sandbox: Sandbox) -> list[str]:
    """Every access token the sandbox has issued (the sandbox keeps them only internally)."""
    return list(sandbox._state.tokens)


def assert_no_secrets(text: str, secrets: Iterable[str]) -> None:
    for secret in secrets:
        assert secret not in text, "a secret value appeared in the output"
    for shape in _SECRET_SHAPES:
        assert not shape.search(text), f"a secret-shaped value appeared: {shape.pattern}"
