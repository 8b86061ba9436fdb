"""``momo sandbox provision``: an API user and key for one product, as ``.env`` lines.

Safe to re-run: the API user named by ``--api-user`` (or already in the environment / the
``--env-file``) is confirmed instead of created again, it gets a fresh key, and an existing
``.env`` is updated in place.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._client import MomoClient
from .._config import MomoConfig
from .._environments import SANDBOX_BASE_URL
from .._errors import AuthenticationError, MomoValidationError
from .._products.provisioning import ProvisionedUser
from .._redact import mask_identifier
from .._validation import PRODUCTS, validate_reference_id
from ._context import Context, config_error
from ._envfile import update_env_file
from ._exit import CliError, ExitCode
from ._output import Mark

_CREDENTIAL_SUFFIXES = ("_SUBSCRIPTION_KEY", "_API_USER", "_API_KEY")
_PRODUCT_VARIABLES = frozenset(
    f"MOMO_{product.upper()}{suffix}" for product in PRODUCTS for suffix in _CREDENTIAL_SUFFIXES
)


def env_names(product: str) -> tuple[str, str, str]:
    """The (subscription key, API user, API key) variable names of ``product``."""
    prefix = f"MOMO_{product.upper()}"
    return f"{prefix}_SUBSCRIPTION_KEY", f"{prefix}_API_USER", f"{prefix}_API_KEY"


def provisioning_config(environ: Mapping[str, str], base_url: str | None) -> MomoConfig:
    """The settings provisioning needs (base URL, timeouts): product credentials are ignored,
    since before the first run they are incomplete by nature."""
    settings = {k: v for k, v in environ.items() if k not in _PRODUCT_VARIABLES}
    overrides: dict[str, Any] = {} if base_url is None else {"base_url": base_url}
    try:
        config = MomoConfig.from_env(settings, **overrides)
    except MomoValidationError as error:
        raise config_error(error) from None
    if not config.is_sandbox:
        raise CliError(
            ExitCode.CONFIG,
            f"API users can only be provisioned in the sandbox; MOMO_TARGET_ENVIRONMENT is "
            f"{config.target_environment!r}.",
            "Production credentials come from MTN's partner portal. Unset "
            "MOMO_TARGET_ENVIRONMENT to provision sandbox users.",
        )
    return config


def subscription_key_for(product: str, explicit: str | None, environ: Mapping[str, str]) -> str:
    key_name = env_names(product)[0]
    key = explicit or environ.get(key_name) or environ.get("MOMO_PROVISIONING_SUBSCRIPTION_KEY")
    if not key or not key.strip():
        raise CliError(
            ExitCode.CONFIG,
            f"no subscription key for {product}.",
            f"Set {key_name} (the {product} product's primary key on momodeveloper.mtn.com, "
            "Profile > Subscriptions), or pass --subscription-key.",
        )
    return key.strip()


def _existing_api_user(
    product: str, explicit: str | None, environ: Mapping[str, str]
) -> str | None:
    if explicit is not None:
        return validate_reference_id(explicit, field="--api-user")
    name = env_names(product)[1]
    value = (environ.get(name) or "").strip()
    if not value:
        return None
    try:
        return validate_reference_id(value, field=name)
    except MomoValidationError as error:
        raise config_error(error) from None


def run_provision(args: argparse.Namespace, ctx: Context) -> int:
    out = ctx.out
    if out.json_mode and args.env_file is None:
        raise CliError(
            ExitCode.USAGE,
            "--json output never carries secrets, so the new API key needs a file to go to.",
            "Add --env-file .env (it is created, or updated in place).",
        )
    product: str = args.product
    api_user = _existing_api_user(product, args.api_user, ctx.environ)
    key = subscription_key_for(product, args.subscription_key, ctx.environ)
    out.protect(key)
    config = provisioning_config(ctx.environ, args.base_url)
    with MomoClient(config, clock=ctx.clock) as momo:
        try:
            user = momo.provisioning.provision(
                callback_host=args.callback_host, api_user=api_user, subscription_key=key
            )
        except AuthenticationError as error:
            raise CliError(
                ExitCode.CONFIG,
                f"MoMo refused the subscription key ({error.message}).",
                f"Use the {product} product's primary key from momodeveloper.mtn.com "
                f"(Profile > Subscriptions) in {env_names(product)[0]}.",
            ) from None
    out.protect(user.api_key)
    values = _env_values(product, user, key, config, explicit_base_url=args.base_url is not None)
    host_warning = _callback_host_warning(args.callback_host, user)
    if args.env_file is not None:
        existed = update_env_file(args.env_file, values)
        _report_written(ctx, product, user, args.env_file, existed, values, host_warning)
    else:
        _report_printed(ctx, user, values, host_warning)
    return ExitCode.OK


def _env_values(
    product: str, user: ProvisionedUser, key: str, config: MomoConfig, *, explicit_base_url: bool
) -> dict[str, str]:
    key_name, user_name, api_key_name = env_names(product)
    values = {}
    if explicit_base_url and config.base_url != SANDBOX_BASE_URL:
        # Later commands must talk to the server this user was created on.
        values["MOMO_BASE_URL"] = config.base_url
    values.update({user_name: user.api_user, api_key_name: user.api_key, key_name: key})
    return values


def _callback_host_warning(requested: str, user: ProvisionedUser) -> str | None:
    registered = (user.provider_callback_host or "").strip()
    if user.created or registered.lower() == requested.strip().lower():
        return None
    return (
        f"this existing API user keeps providerCallbackHost {registered!r} (not {requested!r}); "
        "callback URLs must use that host. Omit --api-user (and remove the API_USER line) to "
        "create a new user with the new host."
    )


def _user_line(user: ProvisionedUser) -> str:
    who = f"API user {mask_identifier(user.api_user)}"
    how = "created" if user.created else "already existed: confirmed"
    return f"{who} {how}, providerCallbackHost {user.provider_callback_host!r}"


def _report_written(
    ctx: Context,
    product: str,
    user: ProvisionedUser,
    path: Path,
    existed: bool,
    values: Mapping[str, str],
    host_warning: str | None,
) -> None:
    out = ctx.out
    if out.json_mode:
        out.emit_json(
            {
                "ok": True,
                "product": product,
                "api_user": mask_identifier(user.api_user),
                "created": user.created,
                "provider_callback_host": user.provider_callback_host,
                "env_file": str(path),
                "env_file_updated": existed,
                "variables": list(values),
                "warning": host_warning,
            }
        )
        return
    out.check(Mark.OK, product, _user_line(user))
    out.check(Mark.OK, product, "new API key issued; the user verified with GET /v1_0/apiuser")
    how = "updated in place" if existed else "created, mode 600"
    out.check(Mark.OK, str(path), f"{how}: {', '.join(values)}")
    if host_warning:
        out.check(Mark.WARN, "callback host", host_warning)


def _report_printed(
    ctx: Context, user: ProvisionedUser, values: Mapping[str, str], host_warning: str | None
) -> None:
    out = ctx.out
    out.note(f"momo: {_user_line(user)}; new API key issued and verified.")
    if host_warning:
        out.note(f"momo: warning: {host_warning}")
    out.note("momo: the .env lines below hold the API key; keep them out of logs and git.")
    # The one deliberate exception to redaction: these lines are what the user asked for.
    out.reveal("".join(f"{name}={value}\n" for name, value in values.items()))
