"""`python -m momo_wrapper.sandbox --port 8000`: serve a local MoMo sandbox in the foreground."""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence

from ._callbacks import is_loopback_host
from ._clock import VirtualClock
from ._model import PRODUCTS
from ._sandbox import Sandbox
from ._server import SandboxServer, check_host


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m momo_wrapper.sandbox", description="Local MTN MoMo sandbox."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    for product in PRODUCTS:
        parser.add_argument(
            f"--{product}-key", help=f"{product} subscription key (default: generated)"
        )
    parser.add_argument(
        "--ongoing-delay",
        type=float,
        default=30.0,
        help="seconds before 46733123453 turns PENDING -> SUCCESSFUL (default 30)",
    )
    parser.add_argument("--seed", type=int, default=None, help="reproducible ids and keys")
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host that is not loopback; the admin API then needs an admin token",
    )
    parser.add_argument(
        "--allow-remote-callbacks",
        action="store_true",
        help="send callbacks to any host (default: loopback hosts only)",
    )
    parser.add_argument(
        "--server",
        choices=("builtin", "uvicorn"),
        default="builtin",
        help="builtin h11 server (real socket faults) or uvicorn (needs the 'server' extra)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    keys = {
        product: key for product in PRODUCTS if (key := getattr(args, f"{product}_key")) is not None
    }
    remote = not is_loopback_host(args.host)
    if remote and not args.allow_remote:
        print(
            f"--host {args.host} is not loopback: the admin API would be open to other machines."
            " Add --allow-remote to do it on purpose (an admin token is then required).",
            file=sys.stderr,
        )
        return 2
    admin_token = secrets.token_urlsafe(24) if remote else None
    sandbox = Sandbox(
        subscription_keys=keys,
        clock=VirtualClock(follow_real_time=True),
        ongoing_delay=args.ongoing_delay,
        seed=args.seed,
        admin_token=admin_token,
        allow_remote_callbacks=args.allow_remote_callbacks,
    )
    check_host(args.host, args.allow_remote, sandbox)

    def announce(base_url: str) -> None:
        page = f"{base_url}/_sandbox/ui/"
        # These keys exist only in this local process; printing them is how users get them.
        print(f"MoMo sandbox on {base_url}", flush=True)
        for product, key in sandbox.subscription_keys.items():
            print(f"  {product} subscription key: {key}", flush=True)
        print("  admin: GET /_sandbox/state, POST /_sandbox/provision", flush=True)
        if admin_token is not None:
            print(
                f"WARNING: serving on {args.host}, reachable from other machines. The admin API "
                "needs the header X-Sandbox-Admin-Token; this token is printed once:",
                flush=True,
            )
            print(f"  admin token: {admin_token}", flush=True)
            print(f"  page: {page}#token={admin_token}", flush=True)
        else:
            print(f"  page: {page}", flush=True)

    try:
        if args.server == "uvicorn":
            try:
                import uvicorn
            except ImportError:
                print(
                    "uvicorn is not installed: pip install 'momo-wrapper[server]'", file=sys.stderr
                )
                return 2
            host = f"[{args.host}]" if ":" in args.host else args.host
            announce(f"http://{host}:{args.port}")
            uvicorn.run(sandbox.asgi_app, host=args.host, port=args.port, log_level="warning")
        else:
            SandboxServer(
                sandbox, host=args.host, port=args.port, allow_remote=args.allow_remote
            ).serve_forever(on_ready=lambda server: announce(server.base_url))
    finally:
        sandbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
