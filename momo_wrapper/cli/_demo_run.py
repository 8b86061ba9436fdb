"""What the steps of ``momo demo`` share: the run's state and each step's result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import httpx

from .._client import MomoClient
from .._errors import RequestError, WaitTimeoutError
from ._context import Context
from ._exit import ExitCode, describe, exit_code_for
from ._output import Mark
from ._receiver import CallbackReceiver
from ._sandbox_admin import SandboxAdmin


@attrs.frozen
class StepResult:
    name: str
    mark: Mark
    summary: str
    details: dict[str, Any] = attrs.field(factory=dict)
    code: ExitCode = ExitCode.OK
    """The exit code a failure of this step maps to."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.mark.status,
            "summary": self.summary,
            **self.details,
        }


@attrs.define
class DemoRun:
    """What the steps share."""

    ctx: Context
    base_url: str
    local: bool
    """True when the demo started the sandbox itself: every expectation must then hold."""
    wait_timeout: float
    pending_wait: float
    admin: SandboxAdmin | None
    receiver: CallbackReceiver | None
    momo: MomoClient | None = None
    products: list[str] = attrs.Factory(list)
    page_url: str | None = None
    """The sandbox's web page, when the server has one (a local sandbox)."""
    interactive_timeout: float = 300.0
    callback_references: dict[str, str] = attrs.Factory(dict)
    """reference id -> what it was, for every final transaction that carried a callback URL."""

    @property
    def client(self) -> MomoClient:
        assert self.momo is not None, "provisioning runs first"
        return self.momo

    def mismatch(self) -> Mark:
        """A result that differs from the documented behaviour: a failure locally, a warning
        against another server (MTN's sandbox does not always follow its own table)."""
        return Mark.FAIL if self.local else Mark.WARN

    def expect_callback(self, reference_id: str, what: str) -> None:
        if self.receiver is not None:
            self.callback_references[reference_id] = what

    def elapsed_since(self, started: float) -> str:
        return f"{self.ctx.clock.monotonic() - started:.1f} s"


def guarded(name: str, step: Callable[[DemoRun], StepResult], run: DemoRun) -> StepResult:
    """Run a step; a MoMo error ends that step (as a failure), not the demo."""
    try:
        return step(run)
    except RequestError as error:
        message, fix = describe(error)
        # A slow server is a mismatch (a warning against MTN's sandbox), anything else a failure.
        mark = run.mismatch() if isinstance(error, WaitTimeoutError) else Mark.FAIL
        run.ctx.out.check(mark, name, message, fix)
        code = exit_code_for(error) if mark is Mark.FAIL else ExitCode.OK
        return StepResult(name, mark, message, code=code)
    except httpx.HTTPError as error:  # the sandbox's admin API
        message = f"sandbox admin API: {type(error).__name__}: {error}"
        run.ctx.out.check(Mark.FAIL, name, message)
        return StepResult(name, Mark.FAIL, message, code=ExitCode.NETWORK)


def short_reference(reference_id: str) -> str:
    return reference_id[:8]


def failure_code(mark: Mark) -> ExitCode:
    """A failed expectation is exit code 1; a warning or success fails nothing."""
    return ExitCode.API if mark is Mark.FAIL else ExitCode.OK
