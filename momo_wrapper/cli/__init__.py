"""The ``momo`` command line.

Commands (``momo COMMAND --help`` for every flag; all take ``--json``, ``--env-file FILE`` and
``--base-url URL``)::

    momo demo [--base-url URL] [--wait-timeout S]       the whole flow, local sandbox, < 60 s
    momo doctor                                         config, DNS, TLS, tokens, target, callbacks
    momo token [--product P]                            expiry and fingerprint, never the token
    momo pay --amount A --payer MSISDN [--wait]         collection request to pay
    momo transfer --amount A --payee MSISDN [--product disbursement|remittance] [--wait]
         (both: [--external-id ID] [--idempotency-key KEY] [--reference-id UUID] [--ledger URL])
    momo status REF [--product P] [--operation OP]      a transaction's status
    momo balance [--product P] [--currency C]           available balances
    momo sandbox provision --product P --callback-host HOST [--api-user UUID]
                           [--subscription-key KEY] [--env-file .env]
    momo sandbox serve [--port 8000] [--host 127.0.0.1] [--ongoing-delay S] [--env-file .env]
    momo db upgrade [--url postgresql://...]            create or migrate the PostgreSQL schema
    momo db sql [--schema momo]                         that SQL, to run it yourself
    momo outbox run [--interval S] [--batch N]          send outbox intents until SIGTERM

Exit codes:

===  ==================  ======================================================================
0    ok                  everything worked
1    api                 MoMo answered with an error; or a demo expectation was not met
2    usage               bad command-line input (unknown flag, invalid amount, MSISDN, UUID...)
3    config              missing/invalid settings, or credentials MoMo rejected (401,
                         ``login_failed``); ``doctor``: a configuration check failed
4    network             MoMo unreachable: DNS, TCP, TLS, timeout, dropped connection
5    transaction_failed  ``--wait``: the transaction ended FAILED (or another non-success)
6    still_pending       ``--wait``: not final before ``--timeout``; it may still finish
7    outcome_unknown     ``pay``/``transfer``: sent, but no definite answer (no answer after
                         sending, an unreadable answer, or an earlier run's attempt never
                         settled): it MAY have gone through. Check with the printed ``momo
                         status`` command, or re-run the printed command: it never pays twice
130  interrupted         Ctrl-C (``pay``/``transfer`` still print the reference id and, if it
                         was being sent, the commands to check and to retry)
===  ==================  ======================================================================

With ``--json`` stdout holds exactly one JSON object: ``{"ok": true, ...}`` on success and
``{"ok": false, "exit_code": N, "error": {"type", "message", "fix"}}`` on failure.

``pay`` and ``transfer`` never pay twice: every create is recorded in a ledger (``--ledger URL``,
else ``MOMO_LEDGER``, else SQLite in ``$MOMO_STATE_DIR``, ``$XDG_STATE_HOME/momo`` or
``~/.local/state/momo``, created with mode 0700; ``--ledger memory://`` remembers nothing
between runs) under ``--idempotency-key``, else ``<product>:<operation>:<external id>`` (an
external id is minted when none is given). The reference id is printed before the request is
sent (stdout; with ``--json`` a note on stderr), and their JSON always has ``exit_code``,
``reference_id`` (null until one is chosen), ``external_id``, ``idempotency_key`` and
``outcome`` (``accepted``, ``not_sent``, ``refused``, ``conflict``, ``unknown``), plus
``check_command`` and ``retry_command`` once a reference id exists. Secrets never
appear in any output, error or JSON, with two deliberate exceptions: the ``.env`` lines that
``sandbox provision`` prints when no ``--env-file`` is given, and the local sandbox's throwaway
keys that ``sandbox serve`` prints.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from ._exit import CliError, ExitCode, describe, exit_code_for
from ._output import Output
from ._parser import build_parser

if TYPE_CHECKING:
    from .._clock import Clock

__all__ = ["ExitCode", "main"]


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``momo`` with ``argv`` (default: ``sys.argv[1:]``); returns the exit code.

    ``environ``, ``clock`` and the streams default to the process's; tests inject them.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    out = Output(
        json_mode="--json" in arguments,
        stdout=stdout if stdout is not None else sys.stdout,
        stderr=stderr if stderr is not None else sys.stderr,
    )
    try:
        parser = build_parser()
        with contextlib.redirect_stdout(out.stdout):  # --help goes where output goes
            args = parser.parse_args(arguments)
        if getattr(args, "handler", None) is None:
            parser.print_help(out.stderr)
            return ExitCode.USAGE
        # Imported once a command runs: `momo --help` and usage errors need none of the client.
        from .._clock import SYSTEM_CLOCK
        from ._context import Context, merged_environ

        env_file = args.env_file
        if getattr(args, "env_file_optional", False) and env_file is not None:
            env_file = env_file if env_file.exists() else None
        ctx = Context(
            environ=merged_environ(os.environ if environ is None else environ, env_file),
            clock=clock or SYSTEM_CLOCK,
            out=out,
        )
        return int(args.handler(args, ctx))
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else ExitCode.USAGE
    except (CliError, KeyboardInterrupt) as error:
        return _failed(out, error)
    except Exception as error:
        # Only a command that ran can raise a MomoError, and by then _errors is imported.
        from .._errors import MomoError

        if not isinstance(error, MomoError):
            raise
        return _failed(out, error)


def _failed(out: Output, error: BaseException) -> int:
    code = exit_code_for(error)
    message, fix = describe(error)
    out.error(code, code.label, message, fix, getattr(error, "details", ()))
    return code
