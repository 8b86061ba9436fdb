"""``momo sandbox serve``: the local MoMo sandbox on a port, with ready-made credentials.

The sandbox runs in this process on a real-time clock; one API user per product is provisioned
at start and printed as ``.env`` lines (or written to ``--env-file``). Those keys exist only in
this process and die with it, which is why printing them is acceptable here.
"""

from __future__ import annotations

import argparse
import secrets
import signal
import threading
from types import FrameType

from .._environments import is_loopback_host
from ..sandbox import PRODUCTS, Sandbox, SandboxCredentials, VirtualClock, serve_sandbox
from ._context import Context
from ._envfile import update_env_file
from ._exit import CliError, ExitCode
from ._provision import env_names

_STOP = threading.Event()
"""Set by SIGTERM (and by tests) to stop a running ``sandbox serve``."""


def demo_env_values(base_url: str, credentials: dict[str, SandboxCredentials]) -> dict[str, str]:
    values = {"MOMO_BASE_URL": base_url, "MOMO_TARGET_ENVIRONMENT": "sandbox"}
    for product, creds in credentials.items():
        key_name, user_name, api_key_name = env_names(product)
        values.update(
            {
                user_name: creds.user_id,
                api_key_name: creds.api_key,
                key_name: creds.subscription_key,
            }
        )
    return values


def run_serve(args: argparse.Namespace, ctx: Context) -> int:
    out = ctx.out
    _STOP.clear()  # before announcing: a stop requested once "ready" is shown must hold
    remote = not is_loopback_host(args.host)
    if remote and not args.allow_remote:
        raise CliError(
            ExitCode.USAGE,
            f"--host {args.host} is not loopback: the sandbox's admin API (which hands out "
            "credentials) would be reachable from other machines.",
            "Add --allow-remote to do it on purpose; the admin API then needs an admin token.",
        )
    admin_token = secrets.token_urlsafe(24) if remote else None
    if admin_token is not None:
        out.protect(admin_token)
    sandbox = Sandbox(
        clock=VirtualClock(follow_real_time=True),
        ongoing_delay=args.ongoing_delay,
        seed=args.seed,
        admin_token=admin_token,
        allow_remote_callbacks=args.allow_remote_callbacks,
    )
    try:
        server = serve_sandbox(
            sandbox, host=args.host, port=args.port, allow_remote=args.allow_remote
        )
    except OSError as error:
        sandbox.close()
        raise CliError(
            ExitCode.USAGE,
            f"cannot listen on {args.host}:{args.port} ({error.strerror or error}).",
            "Pick a free port with --port (0 picks one for you).",
        ) from None
    try:
        credentials = {
            product: sandbox.provision(product, callback_host=args.callback_host)
            for product in PRODUCTS
        }
        values = demo_env_values(server.base_url, credentials)
        for creds in credentials.values():
            out.protect(creds.api_key, creds.subscription_key)
        _announce(args, ctx, server.base_url, values, server.page_url, admin_token)
        _wait_for_stop()
    finally:
        server.stop()
        sandbox.close()
    out.note("momo: sandbox stopped")
    return ExitCode.OK


def _announce(
    args: argparse.Namespace,
    ctx: Context,
    base_url: str,
    values: dict[str, str],
    page_url: str,
    admin_token: str | None,
) -> None:
    out = ctx.out
    if admin_token is not None:
        out.note(
            f"momo: WARNING: serving on {args.host}, reachable from other machines; the admin "
            "API and the page need the admin token below (printed once, never logged)"
        )
    if args.env_file is not None:
        update_env_file(args.env_file, values)
    if out.json_mode:
        out.emit_json(
            {
                "ok": True,
                "base_url": base_url,
                "callback_host": args.callback_host,
                "ongoing_delay_seconds": args.ongoing_delay,
                "env_file": None if args.env_file is None else str(args.env_file),
                "variables": list(values),
                "page_url": page_url,
                "admin_token_required": admin_token is not None,
                "callbacks_to": "any host" if args.allow_remote_callbacks else "loopback only",
            }
        )
        if admin_token is not None:
            out.reveal(f"admin token: {admin_token}\n")
        return
    out.line(f"MoMo sandbox on {base_url} (Ctrl-C to stop)")
    out.line(
        f"  test numbers: 46733123450..54 (see `momo demo`); 46733123453 settles after "
        f"{args.ongoing_delay:g} s"
    )
    out.line(f"  page: {page_url}  (transactions, act as the payer, callbacks, faults)")
    if admin_token is not None:
        out.reveal(f"  admin token (header X-Sandbox-Admin-Token): {admin_token}\n")
        out.reveal(f"  page with the token: {page_url}#token={admin_token}\n")
    out.line("  admin: GET /_sandbox/state, POST /_sandbox/faults, POST /_sandbox/provision")
    if not args.allow_remote_callbacks:
        out.line("  callbacks: sent to loopback hosts only (--allow-remote-callbacks for any)")
    if args.env_file is not None:
        out.line(f"  demo credentials written to {args.env_file}; use --env-file {args.env_file}")
    else:
        out.line("  demo credentials (local to this process; gone when it stops):")
        out.reveal("".join(f"{name}={value}\n" for name, value in values.items()))
    out.line("ready")


def _wait_for_stop() -> None:
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        while not _STOP.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass


def _on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    _STOP.set()


def stop_serving() -> None:
    """Stop a ``sandbox serve`` running in this process (another thread)."""
    _STOP.set()
