"""``momo db upgrade``, ``momo db sql`` and ``momo outbox run``: the PostgreSQL store's schema and
the outbox dispatcher worker."""

from __future__ import annotations

import argparse
import signal
import threading
from collections import Counter
from types import FrameType
from typing import Any

from .._errors import MomoValidationError
from ..stores import open_ledger
from ..stores._urls import StoreKind, parse_store_url
from ._context import Context, load_config, open_client
from ._exit import CliError, ExitCode


def _postgres_url(ctx: Context, explicit: str | None) -> str:
    url = explicit or ctx.environ.get("MOMO_LEDGER") or ctx.environ.get("MOMO_TOKEN_STORE")
    fix = "Pass --url postgresql://user@host/db, or set MOMO_LEDGER to one."
    if not url:
        raise CliError(ExitCode.CONFIG, "no PostgreSQL store URL.", fix)
    try:
        location = parse_store_url(url, field="--url", own_options=frozenset())
    except MomoValidationError as error:
        raise CliError(ExitCode.CONFIG, f"{error.field}: {error.problem}", error.fix) from None
    if location.kind is not StoreKind.POSTGRES:
        raise CliError(ExitCode.CONFIG, f"{location.display_url} is not a PostgreSQL URL.", fix)
    return url


def run_db_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    url = _postgres_url(ctx, args.url)
    with open_ledger(url) as ledger:
        version = ledger.upgrade()  # type: ignore[attr-defined]
        schema, shown = ledger.schema, ledger.display_url  # type: ignore[attr-defined]
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": True, "url": shown, "schema": schema, "version": version})
    else:
        ctx.out.line(f"schema {schema} at {shown} is at version {version} (up to date)")
    return ExitCode.OK


def _postgres_schema() -> Any:
    """The schema module; it needs psycopg (``momo-wrapper[postgres]``), loaded on demand."""
    try:
        from ..stores import _postgres
    except ImportError:
        raise CliError(
            ExitCode.CONFIG,
            "the PostgreSQL store needs the psycopg package, which is not installed.",
            "Install it with: pip install 'momo-wrapper[postgres]'.",
        ) from None
    return _postgres


def run_db_sql(args: argparse.Namespace, ctx: Context) -> int:
    schema = _postgres_schema()
    text = schema.schema_sql(args.schema, from_version=args.from_version)
    if ctx.out.json_mode:
        ctx.out.emit_json(
            {"ok": True, "schema": args.schema, "version": schema.SCHEMA_VERSION, "sql": text}
        )
    else:
        ctx.out.write(text)
    return ExitCode.OK


def run_outbox(args: argparse.Namespace, ctx: Context) -> int:
    """Dispatch committed intents until SIGTERM or Ctrl-C; the batch in hand is finished first."""
    config = load_config(ctx, args.base_url)
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        ctx.out.note(f"{signal.Signals(signum).name}: finishing the batch in hand, then stopping")
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    totals: Counter[str] = Counter()
    try:
        with open_client(ctx, config) as momo:
            ctx.out.note(
                f"outbox worker: dispatching from {momo.ledger!r} every {args.interval:g} s"
            )
            while not stop.is_set():
                report = momo.dispatch(limit=args.batch, batch=args.batch)
                totals.update(report.counts)
                if report.outcomes:
                    counts = ", ".join(f"{k} {v}" for k, v in sorted(report.counts.items()))
                    ctx.out.line(f"dispatched {len(report.outcomes)}: {counts}")
                if len(report.outcomes) < args.batch:
                    stop.wait(args.interval)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": True, "dispatched": dict(totals)})
    else:
        ctx.out.line(f"stopped; dispatched in all: {dict(totals) or 'nothing'}")
    return ExitCode.OK
