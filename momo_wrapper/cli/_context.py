"""What every command gets: the environment (with ``--env-file`` applied), a clock and the output;
plus loading the configuration from them."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .._client import MomoClient
from .._clock import Clock
from .._config import MomoConfig, ProductCredentials
from .._errors import MomoValidationError
from .._validation import PRODUCTS
from ._envfile import read_env_file
from ._exit import CliError, ExitCode
from ._output import Output


@attrs.frozen
class Context:
    environ: Mapping[str, str]
    """``os.environ`` with the ``--env-file`` values laid over it (the file wins)."""
    clock: Clock
    out: Output


def merged_environ(environ: Mapping[str, str], env_file: Path | None) -> dict[str, str]:
    merged = dict(environ)
    if env_file is not None:
        merged.update(read_env_file(env_file))
    return merged


def config_error(error: MomoValidationError) -> CliError:
    return CliError(ExitCode.CONFIG, f"{error.field}: {error.problem}", error.fix)


def load_config(ctx: Context, base_url: str | None = None, **overrides: Any) -> MomoConfig:
    """The client configuration from ``MOMO_*`` variables; ``--base-url`` wins over the variable."""
    if base_url is not None:
        overrides["base_url"] = base_url
    try:
        config = MomoConfig.from_env(ctx.environ, **overrides)
    except MomoValidationError as error:
        raise config_error(error) from None
    ctx.out.protect(config.secrets)
    return config


def configured_products(config: MomoConfig) -> list[str]:
    return [product for product in PRODUCTS if getattr(config, product) is not None]


def products_to_use(config: MomoConfig, product: str | None) -> list[str]:
    """``[product]`` if given (it must be configured), else every configured product."""
    if product is not None:
        require_product(config, product)
        return [product]
    products = configured_products(config)
    if not products:
        raise CliError(
            ExitCode.CONFIG,
            "no product is configured.",
            "Set MOMO_<PRODUCT>_SUBSCRIPTION_KEY, _API_USER and _API_KEY (for the sandbox: "
            "`momo sandbox provision --product collection --callback-host HOST --env-file .env`"
            ", then pass --env-file .env).",
        )
    return products


def require_product(config: MomoConfig, product: str) -> ProductCredentials:
    try:
        return config.credentials_for(product)
    except MomoValidationError as error:
        raise config_error(error) from None


def open_client(
    ctx: Context, config: MomoConfig, *, on_reference_id: Callable[[str], object] | None = None
) -> MomoClient:
    return MomoClient(config, clock=ctx.clock, on_reference_id=on_reference_id)


LEDGER_FILE = "ledger.sqlite3"


def state_dir(environ: Mapping[str, str]) -> Path:
    """Where the CLI keeps its ledger: ``$MOMO_STATE_DIR``, else ``$XDG_STATE_HOME/momo``, else
    ``~/.local/state/momo`` (empty variables count as unset)."""
    explicit = (environ.get("MOMO_STATE_DIR") or "").strip()
    if explicit:
        return Path(explicit).expanduser()
    xdg = (environ.get("XDG_STATE_HOME") or "").strip()
    if xdg:
        return Path(xdg).expanduser() / "momo"
    home = (environ.get("HOME") or "").strip()
    return (Path(home) if home else Path.home()) / ".local" / "state" / "momo"


def default_ledger_url(environ: Mapping[str, str]) -> str:
    """``sqlite:////<state dir>/ledger.sqlite3``, creating the state directory (mode 0700)."""
    directory = state_dir(environ).absolute()
    try:
        if not directory.is_dir():
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            directory.chmod(0o700)  # mkdir's mode is filtered through the umask
    except OSError as error:
        raise CliError(
            ExitCode.CONFIG,
            f"cannot create the state directory {directory}: {error.strerror or error}.",
            "Set MOMO_STATE_DIR to a writable directory, or pass --ledger URL (MOMO_LEDGER).",
        ) from None
    path = os.fspath(directory / LEDGER_FILE)
    return "sqlite:///" + urllib.parse.quote(path)


def ledger_url(ctx: Context, explicit: str | None) -> str | None:
    """The ledger ``pay``/``transfer`` use: ``--ledger``, else ``MOMO_LEDGER`` (None: the
    configuration reads it), else the SQLite file in the state directory."""
    if explicit is not None:
        return explicit
    if (ctx.environ.get("MOMO_LEDGER") or "").strip():
        return None
    return default_ledger_url(ctx.environ)
