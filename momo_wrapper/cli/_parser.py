"""The ``momo`` argument parser: every subcommand, its flags and its handler."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .._product_names import PRODUCTS
from .._version import __version__
from ._exit import EXIT_CODES_HELP, CliError, ExitCode

Handler = Callable[[argparse.Namespace, Any], int]


def _command(module: str, name: str) -> Handler:
    """A command's handler, imported when the command runs: ``momo --help`` (and a usage error)
    then loads none of the client, httpx or the sandbox."""

    def run(args: argparse.Namespace, ctx: Any) -> int:
        handler: Handler = getattr(importlib.import_module(module, __package__), name)
        return handler(args, ctx)

    run.__name__ = run.__qualname__ = name
    return run


run_balance = _command("._commands", "run_balance")
run_status = _command("._commands", "run_status")
run_token = _command("._commands", "run_token")
run_pay = _command("._create", "run_pay")
run_transfer = _command("._create", "run_transfer")
run_demo = _command("._demo", "run_demo")
run_doctor = _command("._doctor", "run_doctor")
run_provision = _command("._provision", "run_provision")
run_serve = _command("._serve", "run_serve")
run_db_sql = _command("._stores", "run_db_sql")
run_db_upgrade = _command("._stores", "run_db_upgrade")
run_outbox = _command("._stores", "run_outbox")


def require_wait_timeout(value: str) -> float:
    """argparse type of ``--timeout``: positive seconds."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return seconds


DESCRIPTION = """\
The MTN MoMo command line: provision sandbox users, check a setup, get tokens, pay, transfer,
read statuses and balances, serve the local sandbox, and run the whole flow with `momo demo`.

Settings come from MOMO_* environment variables (see `momo_wrapper.MomoConfig`); --env-file
lays a .env file over them. Secrets (API keys, subscription keys, tokens) are never printed,
except the .env lines `sandbox provision` prints when asked to (no --env-file) and the local,
throwaway keys `sandbox serve` prints.
"""

EPILOG = f"exit codes:\n{EXIT_CODES_HELP}\n\nstart with:  momo demo"


class _Parser(argparse.ArgumentParser):
    """Reports usage errors as :class:`CliError` (exit code 2, JSON-able) instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise CliError(ExitCode.USAGE, message, f"See `{self.prog} --help`.")


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535 (0: any free port)")
    return port


def _non_negative_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return seconds


def _common(*, env_file_help: str) -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="one JSON document on stdout")
    common.add_argument("--env-file", type=Path, metavar="FILE", help=env_file_help)
    common.add_argument(
        "--base-url", metavar="URL", help="MoMo base URL (default: MOMO_BASE_URL, else sandbox)"
    )
    return common


READ_ENV = "read MOMO_* settings from this .env file (its values win over the environment)"
WRITE_ENV = "read settings from this .env file and write the results into it (created if needed)"


def build_parser() -> argparse.ArgumentParser:
    reading = _common(env_file_help=READ_ENV)
    writing = _common(env_file_help=WRITE_ENV)
    parser = _Parser(
        prog="momo",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"momo {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def add(name: str, help_text: str, parent: _Parser) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            parents=[parent],
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    demo = add("demo", "the whole MoMo flow against a local sandbox, in seconds", reading)
    demo.set_defaults(handler=run_demo)
    demo.add_argument(
        "--interactive",
        action="store_true",
        help="also create a payment that waits for you to approve it in the sandbox's page",
    )
    demo.add_argument(
        "--interactive-timeout",
        type=require_wait_timeout,
        default=300.0,
        metavar="SECONDS",
        help="with --interactive: how long to wait for the approval (default 300)",
    )
    demo.add_argument(
        "--wait-timeout",
        type=require_wait_timeout,
        default=None,
        metavar="SECONDS",
        help="how long to wait for each payment (default: 2 locally, 45 against --base-url)",
    )

    doctor = add("doctor", "check configuration, network, tokens and callbacks", reading)
    doctor.set_defaults(handler=run_doctor)

    token = add("token", "get an access token (shows its expiry, never the token)", reading)
    token.add_argument("--product", choices=PRODUCTS, help="default: every configured product")
    token.set_defaults(handler=run_token)

    pay = add("pay", "ask a payer to pay (collection request to pay)", reading)
    pay.add_argument("--payer", required=True, metavar="MSISDN", help="e.g. 46733123453")
    _add_money_arguments(pay)
    pay.set_defaults(handler=run_pay)

    transfer = add("transfer", "send money to a payee (disbursement or remittance)", reading)
    transfer.add_argument("--payee", required=True, metavar="MSISDN")
    transfer.add_argument(
        "--product", choices=("disbursement", "remittance"), default="disbursement"
    )
    _add_money_arguments(transfer)
    transfer.set_defaults(handler=run_transfer)

    status = add("status", "the status of a transaction", reading)
    status.add_argument("reference_id", metavar="REF", help="the X-Reference-Id of the create")
    status.add_argument("--product", choices=PRODUCTS, default="collection")
    status.add_argument(
        "--operation",
        metavar="OP",
        help="request_to_pay, transfer, deposit, refund, invoice, ... (default: request_to_pay "
        "for collection, transfer otherwise)",
    )
    status.set_defaults(handler=run_status)

    balance = add("balance", "the available balance of each product's account", reading)
    balance.add_argument("--product", choices=PRODUCTS, help="default: every configured product")
    balance.add_argument("--currency", metavar="ISO", help="balance in this currency")
    balance.set_defaults(handler=run_balance)

    sandbox = commands.add_parser("sandbox", help="sandbox users and the local sandbox server")
    sandbox_commands = sandbox.add_subparsers(
        dest="sandbox_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    provision = sandbox_commands.add_parser(
        "provision",
        help="create (or confirm) a sandbox API user and key; prints or writes .env lines",
        description="Create (or confirm) a sandbox API user and key for one product.",
        parents=[writing],
    )
    provision.add_argument("--product", choices=PRODUCTS, required=True)
    provision.add_argument(
        "--callback-host",
        required=True,
        metavar="HOST",
        help="the host MoMo may send callbacks to (providerCallbackHost)",
    )
    provision.add_argument(
        "--api-user", metavar="UUID", help="confirm this existing API user instead of a new one"
    )
    provision.add_argument(
        "--subscription-key",
        metavar="KEY",
        help="default: MOMO_<PRODUCT>_SUBSCRIPTION_KEY, else MOMO_PROVISIONING_SUBSCRIPTION_KEY "
        "(prefer the variables: arguments show in the process list)",
    )
    provision.set_defaults(handler=run_provision, env_file_optional=True)

    serve = sandbox_commands.add_parser(
        "serve",
        help="run the local sandbox on a port, with provisioned demo credentials",
        description="Run the local MoMo sandbox until Ctrl-C.",
        parents=[writing],
    )
    serve.add_argument("--port", type=_port, default=8000, help="default 8000; 0 = any free port")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1")
    serve.add_argument(
        "--callback-host", default="127.0.0.1", help="providerCallbackHost of the demo users"
    )
    serve.add_argument(
        "--ongoing-delay",
        type=_non_negative_seconds,
        default=30.0,
        metavar="SECONDS",
        help="when 46733123453 turns PENDING -> SUCCESSFUL (default 30, like MTN's docs)",
    )
    serve.add_argument("--seed", type=int, help="reproducible ids and keys")
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that is not loopback (prints a warning; the admin API and the page "
        "then need the admin token printed at start)",
    )
    serve.add_argument(
        "--allow-remote-callbacks",
        action="store_true",
        help="send callbacks to any host (default: loopback hosts only; refusals are listed)",
    )
    serve.set_defaults(handler=run_serve, env_file_optional=True)

    db = commands.add_parser("db", help="the PostgreSQL store's schema (ledger, tokens, outbox)")
    db_commands = db.add_subparsers(
        dest="db_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    upgrade = db_commands.add_parser(
        "upgrade",
        help="create or migrate the schema (safe to re-run)",
        description="Create or migrate the store's schema; run it as the schema's owner.",
        parents=[reading],
    )
    upgrade.add_argument(
        "--url",
        metavar="URL",
        help="postgresql://... (default: MOMO_LEDGER, else MOMO_TOKEN_STORE)",
    )
    upgrade.set_defaults(handler=run_db_upgrade)
    sql = db_commands.add_parser(
        "sql",
        help="print the schema's SQL, for teams that run their own migrations",
        description="Print the SQL that `momo db upgrade` runs.",
        parents=[reading],
    )
    sql.add_argument("--schema", default="momo", help="schema name (default momo)")
    sql.add_argument(
        "--from-version", type=int, default=0, metavar="N", help="only the steps after version N"
    )
    sql.set_defaults(handler=run_db_sql)

    outbox = commands.add_parser("outbox", help="the transactional outbox's dispatcher")
    outbox_commands = outbox.add_subparsers(
        dest="outbox_command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    worker = outbox_commands.add_parser(
        "run",
        help="send committed outbox intents until SIGTERM (MOMO_LEDGER must be PostgreSQL)",
        description="Send committed outbox intents, exactly once each, until SIGTERM or Ctrl-C.",
        parents=[reading],
    )
    worker.add_argument(
        "--interval", type=_non_negative_seconds, default=1.0, metavar="SECONDS",
        help="pause when the outbox is empty (default 1)",
    )  # fmt: skip
    worker.add_argument("--batch", type=int, default=50, help="intents per claim (default 50)")
    worker.set_defaults(handler=run_outbox)
    return parser


def _add_money_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--amount", required=True, help="e.g. 10 or 10.50")
    parser.add_argument("--currency", metavar="ISO", help="default: the target environment's")
    parser.add_argument("--external-id", metavar="ID", help="your order id (default: generated)")
    parser.add_argument("--message", metavar="TEXT", help="payer message")
    parser.add_argument("--note", metavar="TEXT", help="payee note")
    parser.add_argument(
        "--reference-id", metavar="UUID", help="X-Reference-Id; reuse one to replay safely"
    )
    parser.add_argument(
        "--idempotency-key",
        metavar="KEY",
        help="the ledger key of this payment (default: <product>:<operation>:<external id>); "
        "the same key never pays twice",
    )
    parser.add_argument(
        "--ledger",
        metavar="URL",
        help="where payments are remembered between runs (default: MOMO_LEDGER, else "
        "sqlite in $MOMO_STATE_DIR, $XDG_STATE_HOME/momo or ~/.local/state/momo; "
        "memory:// remembers nothing between runs)",
    )
    parser.add_argument("--callback-url", metavar="URL", help="default: MOMO_CALLBACK_BASE_URL")
    parser.add_argument("--wait", action="store_true", help="follow the status until final")
    parser.add_argument(
        "--timeout",
        type=require_wait_timeout,
        default=120.0,
        metavar="SECONDS",
        help="with --wait: give up after this long (default 120)",
    )


def parse(argv: Sequence[str]) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))
