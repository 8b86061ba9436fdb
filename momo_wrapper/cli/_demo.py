"""``momo demo``: the whole MoMo flow in under a minute, against a local sandbox by default.

1. starts the local sandbox on a free port (or uses ``--base-url``, with the subscription keys
   from ``MOMO_<PRODUCT>_SUBSCRIPTION_KEY``) and a callback receiver on another port;
2. provisions an API user per product through the HTTP provisioning API;
3. requests payment from every sandbox test number and shows the final states;
4. proves idempotency: the sandbox processes a request to pay and drops the response, the client
   retries with the same reference id, gets 409 and reports a replay; the sandbox holds one payment;
5. a disbursement and a remittance transfer;
6. the callbacks the sandbox delivered over HTTP, each verified with MoMo by the receiver;
7. balances, then a summary table and the measured runtime.

Locally the "ongoing" number settles after 1.5 s instead of 30 s, so the demo takes seconds.
Against another server, results that differ from MTN's documented test-number table are
warnings, since MTN's own sandbox does not always follow it. The demo only ever targets the
sandbox environment, so it cannot move real money.
"""

from __future__ import annotations

import argparse
import contextlib
import urllib.parse
from typing import Any

from .._client import MomoClient
from .._config import MomoConfig, ProductCredentials
from .._environments import is_loopback_host
from .._errors import MomoValidationError
from ..sandbox import PRODUCTS, Sandbox, VirtualClock, serve_sandbox
from ._context import Context
from ._demo_run import DemoRun, StepResult, guarded
from ._demo_steps import (
    balances,
    callbacks,
    idempotency,
    interactive_approval,
    report_provisioning,
    request_to_pay_numbers,
    transfers,
)
from ._exit import CliError, ExitCode
from ._output import Mark
from ._provision import env_names
from ._receiver import CallbackReceiver
from ._sandbox_admin import SandboxAdmin

LOCAL_ONGOING_DELAY = 1.5
"""Seconds before 46733123453 turns SUCCESSFUL in the demo's own sandbox (MTN: ~30 s)."""
LOCAL_WAIT_TIMEOUT = 5.0
LOCAL_PENDING_WAIT = 1.0
"""How long the demo watches 46733123454, which never settles, before moving on."""
REMOTE_WAIT_TIMEOUT = 45.0
REMOTE_PENDING_WAIT = 10.0
CALLBACK_HOST = "127.0.0.1"

# Quick polls and retries for a server on this machine (MTN allows 10 status reads/s).
_LOCAL_TUNING: dict[str, Any] = {
    "poll_initial_interval": 0.2,
    "poll_max_interval": 0.5,
    "backoff_base": 0.1,
    "backoff_cap": 0.5,
}

_STEPS = (
    ("2. Request to pay: every sandbox test number", "request to pay", request_to_pay_numbers),
    (
        "3. Idempotency: the response is lost, the payment is not doubled",
        "idempotency",
        idempotency,
    ),
    ("4. Transfers: disbursement and remittance", "transfers", transfers),
    ("5. Callbacks: sent by the sandbox over HTTP, verified with MoMo", "callbacks", callbacks),
    ("6. Balances", "balances", balances),
)


_INTERACTIVE = (
    "5. You are the payer: approve a payment in the sandbox's page",
    "approve in the page",
    interactive_approval,
)


def _steps(interactive: bool) -> list[Any]:
    """The steps in order; --interactive adds the page step before the callbacks step."""
    if not interactive:
        return list(_STEPS)
    steps: list[Any] = list(_STEPS[:3])
    steps.append(_INTERACTIVE)
    for title, name, step in _STEPS[3:]:
        number, _, rest = title.partition(". ")
        steps.append((f"{int(number) + 1}. {rest}", name, step))
    return steps


def run_demo(args: argparse.Namespace, ctx: Context) -> int:
    started = ctx.clock.monotonic()
    with contextlib.ExitStack() as stack:
        run, keys = _prepare(args, ctx, stack)
        _banner(run)
        results = [_provision(run, keys, stack)]
        for title, name, step in _steps(getattr(args, "interactive", False)):
            ctx.out.section(title)
            results.append(guarded(name, step, run))
    return _summary(run, results, ctx.clock.monotonic() - started)


def _prepare(
    args: argparse.Namespace, ctx: Context, stack: contextlib.ExitStack
) -> tuple[DemoRun, dict[str, str]]:
    local = args.base_url is None
    if local:
        sandbox = stack.enter_context(
            Sandbox(clock=VirtualClock(follow_real_time=True), ongoing_delay=LOCAL_ONGOING_DELAY)
        )
        base_url = stack.enter_context(serve_sandbox(sandbox)).base_url
        keys = sandbox.subscription_keys
    else:
        base_url = _sandbox_config(args.base_url).base_url
        keys = _keys_from_environment(ctx)
    for key in keys.values():
        ctx.out.protect(key)
    loopback = is_loopback_host(urllib.parse.urlsplit(base_url).hostname or "")
    admin = SandboxAdmin.probe(base_url) if loopback else None
    if admin is not None:
        stack.callback(admin.close)
    receiver = CallbackReceiver(CALLBACK_HOST) if loopback else None
    if receiver is not None:
        stack.callback(receiver.close)
    wait_timeout = args.wait_timeout or (LOCAL_WAIT_TIMEOUT if local else REMOTE_WAIT_TIMEOUT)
    run = DemoRun(
        ctx=ctx,
        base_url=base_url,
        local=local,
        wait_timeout=wait_timeout,
        pending_wait=min(wait_timeout, LOCAL_PENDING_WAIT if local else REMOTE_PENDING_WAIT),
        admin=admin,
        receiver=receiver,
        products=[product for product in PRODUCTS if product in keys],
        page_url=None if admin is None else base_url.rstrip("/") + "/_sandbox/ui/",
        interactive_timeout=getattr(args, "interactive_timeout", 300.0),
    )
    return run, keys


def _keys_from_environment(ctx: Context) -> dict[str, str]:
    keys = {}
    for product in PRODUCTS:
        value = (ctx.environ.get(env_names(product)[0]) or "").strip()
        if value:
            keys[product] = value
    if not keys:
        raise CliError(
            ExitCode.CONFIG,
            "--base-url needs at least one product's subscription key.",
            "Set MOMO_COLLECTION_SUBSCRIPTION_KEY (and the disbursement/remittance ones) to the "
            "primary keys from momodeveloper.mtn.com, or pass --env-file.",
        )
    return keys


def _config(run: DemoRun, **settings: Any) -> MomoConfig:
    tuning = _LOCAL_TUNING if run.local else {}
    return _sandbox_config(run.base_url, **tuning, **settings)


def _sandbox_config(base_url: str, **settings: Any) -> MomoConfig:
    try:
        return MomoConfig(target_environment="sandbox", base_url=base_url, **settings)
    except MomoValidationError as error:
        raise CliError(
            ExitCode.USAGE,
            f"--base-url: {error.problem}",
            "The demo runs against a sandbox only: e.g. https://sandbox.momodeveloper.mtn.com "
            "or a local http://127.0.0.1:PORT.",
        ) from None


def _banner(run: DemoRun) -> None:
    out = run.ctx.out
    out.section("MoMo demo")
    if run.local:
        where = "local sandbox started for this demo (46733123453 settles after "
        where += f"{LOCAL_ONGOING_DELAY:g} s)"
    else:
        where = "the server given by --base-url"
    out.line(f"  server     {run.base_url}  {where}")
    if run.receiver is not None:
        out.line(f"  callbacks  {run.receiver.url}  (CallbackWSGIApp: verifies each with MoMo)")
    faults = "available (sandbox admin API)" if run.admin else "not available on this server"
    out.line(f"  faults     {faults}")
    if run.page_url is not None:
        out.line(f"  page       {run.page_url}  (watch transactions, act as the payer)")


def _provision(run: DemoRun, keys: dict[str, str], stack: contextlib.ExitStack) -> StepResult:
    run.ctx.out.section("1. Provisioning: an API user per product over HTTP")
    run.ctx.out.line("  POST /v1_0/apiuser, POST /v1_0/apiuser/{id}/apikey, GET /v1_0/apiuser/{id}")
    users = {}
    with MomoClient(_config(run), clock=run.ctx.clock) as momo:
        for product in run.products:
            users[product] = momo.provisioning.provision(
                callback_host=CALLBACK_HOST, subscription_key=keys[product]
            )
            run.ctx.out.protect(users[product].api_key)
    credentials = {
        product: ProductCredentials(
            subscription_key=keys[product], api_user=user.api_user, api_key=user.api_key
        )
        for product, user in users.items()
    }
    callback_base_url = None if run.receiver is None else run.receiver.url
    config = _config(run, callback_base_url=callback_base_url, **credentials)
    run.ctx.out.protect(config.secrets)
    run.momo = stack.enter_context(MomoClient(config, clock=run.ctx.clock))
    if run.receiver is not None:
        run.receiver.attach(run.momo)
        # The receiver verifies through this client: close it first (closing twice is fine).
        stack.callback(run.receiver.close)
    return report_provisioning(run, users)


def _summary(run: DemoRun, results: list[StepResult], elapsed: float) -> int:
    out = run.ctx.out
    failed = [result for result in results if result.mark is Mark.FAIL]
    code = failed[0].code if failed else ExitCode.OK
    if out.json_mode:
        out.emit_json(
            {
                "ok": not failed,
                "base_url": run.base_url,
                "local_sandbox": run.local,
                "page_url": run.page_url,
                "elapsed_seconds": round(elapsed, 2),
                "steps": [result.to_dict() for result in results],
            }
        )
        return code
    out.section("Summary")
    out.table(
        ["step", "result", ""],
        [[result.name, result.summary, out.symbol(result.mark)] for result in results],
    )
    verdict = "all steps passed" if not failed else f"{len(failed)} step(s) failed"
    out.line(f"\n  finished in {elapsed:.1f} s: {verdict}")
    return code
