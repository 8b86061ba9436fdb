"""``momo token``, ``status`` and ``balance`` (``pay`` and ``transfer``: ``_create``)."""

from __future__ import annotations

import argparse
from typing import Any

from .._client import MomoClient
from .._errors import RequestError
from ._context import Context, load_config, open_client, products_to_use, require_product
from ._exit import ExitCode, describe, exit_code_for
from ._present import balance_fields, status_fields, token_fields

DEFAULT_OPERATION = {"collection": "request_to_pay", "disbursement": "transfer"}
"""``momo status`` without ``--operation``: the product's everyday create."""


def run_token(args: argparse.Namespace, ctx: Context) -> int:
    config = load_config(ctx, args.base_url)
    products = products_to_use(config, args.product)
    rows: list[dict[str, Any]] = []
    with open_client(ctx, config) as momo:
        for product in products:
            token = getattr(momo, product).create_access_token()
            ctx.out.protect(token.value)
            rows.append(token_fields(product, token, now=ctx.clock.time()))
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": True, "tokens": rows})
        return ExitCode.OK
    ctx.out.table(
        ["product", "expires at (UTC)", "expires in", "fingerprint"],
        [
            [
                row["product"],
                row["expires_at"],
                f"{row['expires_in_seconds']} s",
                row["fingerprint"],
            ]
            for row in rows
        ],
    )
    ctx.out.line("  (the token itself is never shown; the fingerprint tells tokens apart)")
    return ExitCode.OK


def run_status(args: argparse.Namespace, ctx: Context) -> int:
    operation = args.operation or DEFAULT_OPERATION.get(args.product, "transfer")
    config = load_config(ctx, args.base_url)
    require_product(config, args.product)
    with open_client(ctx, config) as momo:
        result = momo.fetch_status(args.product, operation, args.reference_id)
    fields = status_fields(result)
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": True, "product": args.product, "operation": operation, **fields})
        return ExitCode.OK
    ctx.out.table(["field", "value"], [[name, value] for name, value in fields.items()])
    return ExitCode.OK


def run_balance(args: argparse.Namespace, ctx: Context) -> int:
    config = load_config(ctx, args.base_url)
    products = products_to_use(config, args.product)
    rows: list[dict[str, Any]] = []
    first_error: BaseException | None = None
    with open_client(ctx, config) as momo:
        for product in products:
            try:
                rows.append(balance_fields(product, _balance(momo, product, args.currency)))
            except RequestError as error:
                first_error = first_error or error
                message, fix = describe(error)
                rows.append({"product": product, "error": {"message": message, "fix": fix}})
    code = ExitCode.OK if first_error is None else exit_code_for(first_error)
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": first_error is None, "balances": rows})
        return code
    ctx.out.table(
        ["product", "available", "currency"],
        [
            [row["product"], row.get("available_balance", "error"), row.get("currency")]
            for row in rows
        ],
    )
    for row in rows:
        if "error" in row:
            ctx.out.note(f"momo: {row['product']}: {row['error']['message']}")
    return code


def _balance(momo: MomoClient, product: str, currency: str | None) -> Any:
    namespace = getattr(momo, product)
    if currency is None:
        return namespace.get_balance()
    return namespace.get_balance_in_currency(currency)
