"""Exit codes of the ``momo`` command and the mapping from an exception to one of them."""

from __future__ import annotations

import enum
from collections.abc import Sequence


class ExitCode(enum.IntEnum):
    """The documented exit codes of ``momo`` (also in ``momo --help``)."""

    OK = 0
    API = 1
    USAGE = 2
    CONFIG = 3
    NETWORK = 4
    TRANSACTION_FAILED = 5
    STILL_PENDING = 6
    OUTCOME_UNKNOWN = 7
    INTERRUPTED = 130

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.OK: "everything worked",
    ExitCode.API: "MoMo answered with an error; or a demo expectation was not met",
    ExitCode.USAGE: "bad input: unknown flag, invalid amount, MSISDN, UUID, port...",
    ExitCode.CONFIG: "missing or invalid settings, or credentials MoMo rejected (401)",
    ExitCode.NETWORK: "MoMo unreachable: DNS, TCP, TLS, timeout, dropped connection",
    ExitCode.TRANSACTION_FAILED: "--wait: the transaction ended FAILED",
    ExitCode.STILL_PENDING: "--wait: not final before --timeout (it may still finish)",
    ExitCode.OUTCOME_UNKNOWN: "pay/transfer: sent, no definite answer: it MAY have gone through;"
    " check, or re-run the printed command (it never pays twice)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}

EXIT_CODES_HELP = "\n".join(
    f"  {code.value:<4} {code.label:<19} {code.meaning}" for code in ExitCode
)


class CliError(Exception):
    """A failure the CLI reports as one message (plus a fix) and an exit code.

    ``details`` are extra ``(label, text)`` lines of the human output (the reference id, the
    command to check, the command to retry); JSON carries the same facts as top-level fields.
    """

    def __init__(
        self,
        code: ExitCode,
        message: str,
        fix: str | None = None,
        *,
        details: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.code = code
        self.message = message
        self.fix = fix
        self.details = tuple(details)
        super().__init__(message)


def exit_code_for(error: BaseException) -> ExitCode:
    """The exit code a failure maps to (see :class:`ExitCode`)."""
    # The SDK's errors are imported here, not at the top: the parser needs ExitCode and
    # CliError, and `momo --help` should not load the client's modules (and httpx) for them.
    from .._errors import (
        AuthenticationError,
        MomoConnectionError,
        MomoError,
        MomoValidationError,
        StoreUnavailableError,
        WaitTimeoutError,
    )

    if isinstance(error, CliError):
        return error.code
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    if isinstance(error, MomoConnectionError):  # the token endpoint's too
        return ExitCode.NETWORK
    if isinstance(error, AuthenticationError):
        return ExitCode.CONFIG
    if isinstance(error, WaitTimeoutError):
        return ExitCode.STILL_PENDING
    if isinstance(error, MomoValidationError):
        return ExitCode.USAGE
    if isinstance(error, StoreUnavailableError):
        return ExitCode.CONFIG  # the ledger or token store named by the settings is unusable
    if isinstance(error, MomoError):
        return ExitCode.API
    raise TypeError(f"not a CLI failure: {type(error).__name__}")


def describe(error: BaseException) -> tuple[str, str | None]:
    """(message, fix) for a failure; the message of a MoMo error already has its hint."""
    from .._errors import MomoValidationError  # see exit_code_for

    if isinstance(error, CliError):
        return error.message, error.fix
    if isinstance(error, MomoValidationError):
        message = f"{error.field}: {error.problem}"
        return message, error.fix
    if isinstance(error, KeyboardInterrupt):
        return "interrupted", None
    return str(error), _GENERIC_FIXES.get(exit_code_for(error))


_GENERIC_FIXES = {
    ExitCode.NETWORK: "Check the network and MOMO_BASE_URL; `momo doctor` tests DNS, TCP and TLS.",
    ExitCode.CONFIG: "Check the subscription key, API user and API key; `momo doctor` says which.",
}
