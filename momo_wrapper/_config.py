"""``MomoConfig``: every setting of a client, validated once, frozen, secrets masked in its repr.

Build it directly (``MomoConfig(collection=ProductCredentials(...))``) or from the environment
(``MomoConfig.from_env()``); keyword arguments given to ``from_env`` win over the environment.
Empty environment variables count as unset.

==================================  ===========================  ==================================
environment variable                setting                      default
==================================  ===========================  ==================================
MOMO_TARGET_ENVIRONMENT             target_environment           ``sandbox``
MOMO_BASE_URL                       base_url (URL or platform    by target environment: sandbox
                                    name: ``sandbox``,           host, else ``mtn-proxy``
                                    ``mtn-proxy``,
                                    ``momo-africa``)
MOMO_CURRENCY                       currency                     the target environment's currency
MOMO_COLLECTION_SUBSCRIPTION_KEY    collection.subscription_key  (unset: product not configured)
MOMO_COLLECTION_API_USER            collection.api_user
MOMO_COLLECTION_API_KEY             collection.api_key
MOMO_DISBURSEMENT_SUBSCRIPTION_KEY  disbursement.subscription_key
MOMO_DISBURSEMENT_API_USER          disbursement.api_user
MOMO_DISBURSEMENT_API_KEY           disbursement.api_key
MOMO_REMITTANCE_SUBSCRIPTION_KEY    remittance.subscription_key
MOMO_REMITTANCE_API_USER            remittance.api_user
MOMO_REMITTANCE_API_KEY             remittance.api_key
MOMO_PROVISIONING_SUBSCRIPTION_KEY  provisioning_subscription_key  (unset) sandbox API-user setup
MOMO_CALLBACK_BASE_URL              callback_base_url            (unset: no callbacks)
MOMO_ALLOW_PRODUCTION               allow_production             false
MOMO_MAX_AMOUNT                     max_amount                   (unset: no limit)
MOMO_TIMEOUT                        total_timeout                120 s per SDK call (all attempts)
MOMO_CONNECT_TIMEOUT                connect_timeout              10 s per attempt
MOMO_READ_TIMEOUT                   read_timeout                 30 s per attempt
MOMO_MAX_ATTEMPTS                   max_attempts                 3 (1 = no retries)
MOMO_MAX_RETRY_SECONDS              max_retry_seconds            60 s: longest single wait honoured
MOMO_BACKOFF_BASE                   backoff_base                 0.5 s
MOMO_BACKOFF_CAP                    backoff_cap                  8 s
MOMO_TOKEN_REFRESH_MARGIN           token_refresh_margin         600 s (MTN: refresh 10 min early)
MOMO_TOKEN_STORE                    token_store (``memory://``,  (unset: tokens in this process)
                                    ``sqlite:///path``,          shared by every process using it:
                                    ``redis://host:6379/0``)     one token request per product
MOMO_LEDGER                         ledger (same URL forms)      (unset: no idempotency ledger)
MOMO_STATUS_CHECKS_PER_SECOND       status_checks_per_second     10 (MTN's cap)
MOMO_POLL_INITIAL_INTERVAL          poll_initial_interval        1 s
MOMO_POLL_MAX_INTERVAL              poll_max_interval            5 s
MOMO_INSECURE_SKIP_TLS_VERIFY       insecure_skip_tls_verify     false (sandbox/localhost only)
MOMO_USER_AGENT                     user_agent                   ``momo-wrapper/<version> ...``
MOMO_PROXY                          proxy (``http://host:port``  (unset: HTTP_PROXY, HTTPS_PROXY,
                                    or ``https://``; may carry   ALL_PROXY and NO_PROXY apply)
                                    ``user:password@``)
==================================  ===========================  ==================================

Store URLs (see :mod:`momo_wrapper.stores` and ``docs/stores.md``) are checked here, by the
backend registered for their scheme (``_store_plugins``), and opened by the client; a password in
them never appears in the repr.

Booleans accept ``1/true/yes/on`` and ``0/false/no/off``. Safety rails: a production target
environment needs ``allow_production=True``; plain ``http://`` base URLs work only for localhost
(the local sandbox); TLS verification can only be switched off with the loudly named
``insecure_skip_tls_verify=True``, and never for a production target.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
import urllib.parse
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Self

import attrs

from ._environments import (
    PLATFORMS,
    TARGET_ENVIRONMENTS,
    TargetEnvironment,
    default_base_url,
    is_loopback_host,
    platform_for_base_url,
)
from ._errors import MomoValidationError
from ._polling import PollSchedule
from ._proxies import check_proxy_url, display_proxy, proxy_secrets
from ._redact import Secrets, mask_identifier, mask_secret
from ._retry import RetryPolicy
from ._store_plugins import store_backend
from ._validation import (
    PRODUCTS,
    format_amount,
    parse_amount,
    require_str,
    validate_base_url,
    validate_bool,
    validate_callback_url,
    validate_currency,
    validate_positive_int,
    validate_positive_number,
    validate_product,
)


def _sdk_version() -> str:
    try:
        return importlib.metadata.version("momo-wrapper")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


DEFAULT_USER_AGENT = (
    f"momo-wrapper/{_sdk_version()} python/{sys.version_info.major}.{sys.version_info.minor}"
)

_TARGET_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{1,63}")
_MAX_ATTEMPTS_LIMIT = 10
_USER_AGENT_MAX_LENGTH = 256


def _credential(value: object, field: str) -> str:
    text = require_str(value, field, "<value from the MoMo portal>")
    if not text.strip():
        raise MomoValidationError(field, "is empty.")
    if text != text.strip() or any(ch.isspace() for ch in text):
        # Never echo the value: it may be a secret.
        raise MomoValidationError(field, "contains whitespace.", "Check for a stray newline.")
    return text


@attrs.frozen(kw_only=True, repr=False)
class ProductCredentials:
    """What one product (collection, disbursement or remittance) needs to get a token.

    ``subscription_key`` is the product's ``Ocp-Apim-Subscription-Key``; ``api_user`` (a UUID in
    the sandbox) and ``api_key`` form the Basic credentials of the token call.
    """

    subscription_key: str
    api_user: str
    api_key: str

    def __attrs_post_init__(self) -> None:
        _credential(self.subscription_key, "subscription_key")
        api_user = _credential(self.api_user, "api_user")
        if ":" in api_user:
            raise MomoValidationError(
                "api_user", "contains ':', which cannot be sent in Basic credentials."
            )
        _credential(self.api_key, "api_key")

    def __repr__(self) -> str:
        return (
            f"ProductCredentials(subscription_key=***, "
            f"api_user={mask_identifier(self.api_user)!r}, api_key=***)"
        )


def _to_max_amount(value: object) -> Decimal | None:
    if value is None:
        return None
    return parse_amount(value, field="max_amount")


def _normalize_target_name(value: object) -> str:
    return require_str(value, "target_environment", "sandbox").strip().lower()


def _default_currency(config: MomoConfig) -> str:
    known = TARGET_ENVIRONMENTS.get(config.target_environment)
    return known.currency if known is not None else ""


def _default_base_url(config: MomoConfig) -> str:
    return default_base_url(config.target_environment)


def _default_verify_tls(config: MomoConfig) -> bool:
    return not config.insecure_skip_tls_verify


def _masked_url(value: str | None) -> str:
    """Scheme and host only: a callback path may carry a shared-secret token."""
    if value is None:
        return "None"
    parts = urllib.parse.urlsplit(value)
    suffix = "/…" if parts.path.strip("/") or parts.query else ""
    return repr(f"{parts.scheme}://{parts.netloc}{suffix}")


def _masked_store_url(value: str | None) -> str:
    """Scheme, host, port and database or file only: no user, password or options."""
    if value is None:
        return "None"
    return repr(store_backend(value, field="store").display_url(value, field="store"))


def _masked_proxy(value: str | None) -> str:
    return "None" if value is None else repr(display_proxy(value))


def _to_proxy_url(value: object) -> str | None:
    return None if value is None else check_proxy_url(value)


def _repr_amount(value: Decimal | None) -> str:
    return "None" if value is None else repr(format_amount(value))


@attrs.frozen(kw_only=True)
class MomoConfig:
    """All settings of a MoMo client. See the module docstring for defaults and variables."""

    target_environment: str = attrs.field(default="sandbox", converter=_normalize_target_name)
    currency: str = attrs.field(default=attrs.Factory(_default_currency, takes_self=True))
    base_url: str = attrs.field(default=attrs.Factory(_default_base_url, takes_self=True))
    collection: ProductCredentials | None = None
    disbursement: ProductCredentials | None = None
    remittance: ProductCredentials | None = None
    provisioning_subscription_key: str | None = attrs.field(default=None, repr=mask_secret)
    callback_base_url: str | None = attrs.field(default=None, repr=_masked_url)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0
    max_attempts: int = 3
    max_retry_seconds: float = 60.0
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    token_refresh_margin: float = 600.0
    token_store: str | None = attrs.field(default=None, repr=_masked_store_url)
    """Where access tokens are shared between processes (a store URL); None: this process."""
    ledger: str | None = attrs.field(default=None, repr=_masked_store_url)
    """The idempotency ledger's store URL; None: no ledger."""
    allow_production: bool = False
    max_amount: Decimal | None = attrs.field(
        default=None, converter=_to_max_amount, repr=_repr_amount
    )
    status_checks_per_second: float = 10.0
    poll_initial_interval: float = 1.0
    poll_max_interval: float = 5.0
    insecure_skip_tls_verify: bool = False
    verify_tls: bool = attrs.field(default=attrs.Factory(_default_verify_tls, takes_self=True))
    user_agent: str = DEFAULT_USER_AGENT
    proxy: str | None = attrs.field(default=None, converter=_to_proxy_url, repr=_masked_proxy)
    """Every request goes through this proxy; None: the standard ``*_PROXY`` variables apply."""
    environment: TargetEnvironment = attrs.field(init=False, eq=False, repr=False)
    """The resolved target environment (registry entry, or one built from ``currency``)."""
    secrets: Secrets = attrs.field(init=False, eq=False, repr=False)
    """Every key in this configuration, for redaction; tokens are added as they are issued."""

    def __attrs_post_init__(self) -> None:
        environment = self._resolve_environment()
        self._set("environment", environment)
        self._set("currency", validate_currency(self.currency, environment=environment))
        self._set("base_url", self._resolve_base_url(environment))
        self._check_credentials()
        if self.callback_base_url is not None:
            self._set(
                "callback_base_url",
                validate_callback_url(
                    self.callback_base_url, environment=environment, field="callback_base_url"
                ),
            )
        self._check_numbers()
        self._check_stores()
        self._check_safety_rails(environment)
        self._set("user_agent", self._checked_user_agent())
        self._set("secrets", Secrets(self._secret_values()))

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)

    # -- normalisation steps ----------------------------------------------------------------

    def _resolve_environment(self) -> TargetEnvironment:
        name = self.target_environment
        known = TARGET_ENVIRONMENTS.get(name)
        if known is not None:
            return known
        if not _TARGET_NAME.fullmatch(name):
            raise MomoValidationError(
                "target_environment",
                f"{name!r} is not a target environment name.",
                f"Use one of {', '.join(TARGET_ENVIRONMENTS)}.",
            )
        if not isinstance(self.currency, str) or not self.currency:
            raise MomoValidationError(
                "target_environment",
                f"{name!r} is not in the registry, so its currency is unknown.",
                f"Use one of {', '.join(TARGET_ENVIRONMENTS)}, or pass currency= "
                "(MOMO_CURRENCY) for a market MTN opened recently.",
            )
        return TargetEnvironment(name, name, validate_currency(self.currency))

    def _resolve_base_url(self, environment: TargetEnvironment) -> str:
        raw = require_str(self.base_url, "base_url", "https://sandbox.momodeveloper.mtn.com")
        platform = PLATFORMS.get(raw.strip().lower())
        url = validate_base_url(platform.base_url if platform else raw)
        host_platform = platform_for_base_url(url)
        if host_platform is not None and host_platform.is_sandbox != environment.is_sandbox:
            if environment.is_sandbox:
                problem = f"{url} is a production host but target_environment is 'sandbox'."
                fix = "Use the sandbox base URL, or set target_environment to your market."
            else:
                problem = (
                    f"{url} is the sandbox host but target_environment is {environment.name!r}."
                )
                fix = "Use a production base URL ('mtn-proxy' or 'momo-africa')."
            raise MomoValidationError("base_url", problem, fix)
        return url

    def _check_credentials(self) -> None:
        for product in PRODUCTS:
            value = getattr(self, product)
            if value is not None and not isinstance(value, ProductCredentials):
                raise MomoValidationError(
                    product,
                    f"expected ProductCredentials, got {type(value).__name__}.",
                    "Pass ProductCredentials(subscription_key=..., api_user=..., api_key=...).",
                )
        if self.provisioning_subscription_key is not None:
            _credential(self.provisioning_subscription_key, "provisioning_subscription_key")

    def _check_numbers(self) -> None:
        for name in ("connect_timeout", "read_timeout", "total_timeout", "backoff_base"):
            self._set(name, validate_positive_number(getattr(self, name), field=name))
        self._set(
            "max_attempts",
            validate_positive_int(
                self.max_attempts, field="max_attempts", maximum=_MAX_ATTEMPTS_LIMIT
            ),
        )
        self._set(
            "max_retry_seconds",
            validate_positive_number(self.max_retry_seconds, field="max_retry_seconds"),
        )
        self._set("backoff_cap", validate_positive_number(self.backoff_cap, field="backoff_cap"))
        if self.backoff_cap < self.backoff_base:
            raise MomoValidationError(
                "backoff_cap", f"({self.backoff_cap:g} s) is below backoff_base."
            )
        self._set(
            "token_refresh_margin",
            validate_positive_number(
                self.token_refresh_margin,
                field="token_refresh_margin",
                allow_zero=True,
                maximum=3000.0,  # MoMo tokens live 3600 s; a larger margin refreshes every call
            ),
        )
        self._set(
            "status_checks_per_second",
            validate_positive_number(
                self.status_checks_per_second, field="status_checks_per_second"
            ),
        )
        for name in ("poll_initial_interval", "poll_max_interval"):
            self._set(name, validate_positive_number(getattr(self, name), field=name))
        if self.poll_max_interval < self.poll_initial_interval:
            raise MomoValidationError(
                "poll_max_interval", "is below poll_initial_interval.", "Raise it or lower that."
            )

    def _check_stores(self) -> None:
        # Only a configured URL loads its backend (and so momo_wrapper.stores).
        if self.token_store is not None:
            backend = store_backend(self.token_store, field="token_store")
            self._set(
                "token_store", backend.check_token_store_url(self.token_store, field="token_store")
            )
        if self.ledger is not None:
            backend = store_backend(self.ledger, field="ledger")
            self._set("ledger", backend.check_ledger_url(self.ledger, field="ledger"))

    def _check_safety_rails(self, environment: TargetEnvironment) -> None:
        allow = validate_bool(self.allow_production, field="allow_production")
        if not environment.is_sandbox and not allow:
            raise MomoValidationError(
                "allow_production",
                f"target_environment {environment.name!r} is production and moves real money.",
                "Set allow_production=True (MOMO_ALLOW_PRODUCTION=1) to confirm.",
            )
        insecure = validate_bool(self.insecure_skip_tls_verify, field="insecure_skip_tls_verify")
        verify = validate_bool(self.verify_tls, field="verify_tls")
        if not verify and not insecure:
            raise MomoValidationError(
                "verify_tls",
                "cannot be switched off on its own.",
                "Set insecure_skip_tls_verify=True if you really mean it (sandbox only).",
            )
        if verify and insecure:
            raise MomoValidationError(
                "verify_tls", "is True but insecure_skip_tls_verify is also True; pick one."
            )
        host = urllib.parse.urlsplit(self.base_url).hostname or ""
        if insecure and not environment.is_sandbox and not is_loopback_host(host):
            raise MomoValidationError(
                "insecure_skip_tls_verify",
                "is refused for a production target environment.",
                "Keep TLS verification on when real money moves.",
            )

    def _checked_user_agent(self) -> str:
        text = require_str(self.user_agent, "user_agent", DEFAULT_USER_AGENT).strip()
        if not text or len(text) > _USER_AGENT_MAX_LENGTH or not text.isprintable():
            raise MomoValidationError(
                "user_agent",
                f"must be 1 to {_USER_AGENT_MAX_LENGTH} printable characters on one line.",
            )
        return text

    def _secret_values(self) -> list[str]:
        values = [self.provisioning_subscription_key]
        for credentials in (self.collection, self.disbursement, self.remittance):
            if credentials is not None:
                values += [credentials.subscription_key, credentials.api_key]
        for url in (self.token_store, self.ledger):
            if url is not None:
                values += store_backend(url, field="store").url_secrets(url)
        if self.proxy is not None:
            values += proxy_secrets(self.proxy)
        return [value for value in values if value]

    # -- derived views ----------------------------------------------------------------------

    @property
    def is_sandbox(self) -> bool:
        return self.environment.is_sandbox

    def credentials_for(self, product: str) -> ProductCredentials:
        """The credentials of ``product``, or a validation error saying how to provide them."""
        name = validate_product(product)
        credentials: ProductCredentials | None = getattr(self, name)
        if credentials is None:
            prefix = f"MOMO_{name.upper()}"
            raise MomoValidationError(
                name,
                "has no credentials configured.",
                f"Pass {name}=ProductCredentials(...) or set {prefix}_SUBSCRIPTION_KEY, "
                f"{prefix}_API_USER and {prefix}_API_KEY.",
            )
        return credentials

    def retry_policy(self) -> RetryPolicy:
        return RetryPolicy(
            max_attempts=self.max_attempts,
            base_delay=self.backoff_base,
            max_delay=self.backoff_cap,
            max_total_seconds=self.total_timeout,
            max_retry_after=self.max_retry_seconds,
        )

    def poll_schedule(self, timeout: float) -> PollSchedule:
        return PollSchedule(
            timeout=timeout,
            initial_interval=self.poll_initial_interval,
            max_interval=self.poll_max_interval,
        )

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` applied and validated again. Settings that were derived
        (currency, base URL, ``verify_tls``) are derived again unless given."""
        _reject_unknown_settings(changes)
        return type(self)(**{**self._explicit_settings(), **changes})

    def _explicit_settings(self) -> dict[str, Any]:
        settings = {
            field.name: getattr(self, field.name)
            for field in attrs.fields(type(self))
            if field.init
        }
        if self.currency == _default_currency(self):
            del settings["currency"]
        if self.base_url == default_base_url(self.target_environment):
            del settings["base_url"]
        if self.verify_tls == _default_verify_tls(self):
            del settings["verify_tls"]
        return settings

    # -- environment ------------------------------------------------------------------------

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Self:
        """Build from ``MOMO_*`` variables (``os.environ`` by default); ``overrides`` win."""
        _reject_unknown_settings(overrides)
        source = os.environ if environ is None else environ
        from_environment: dict[str, tuple[str, Any]] = {}
        for variable, (setting, parse) in _ENVIRONMENT_SETTINGS.items():
            raw = source.get(variable)
            if raw is not None and raw.strip():
                from_environment[setting] = (variable, parse(raw.strip(), variable))
        for product in PRODUCTS:
            credentials = _credentials_from_environment(source, product)
            if credentials is not None:
                from_environment[product] = (f"MOMO_{product.upper()}_*", credentials)
        settings = {name: value for name, (_, value) in from_environment.items()}
        settings.update(overrides)
        try:
            return cls(**settings)
        except MomoValidationError as err:
            origin = from_environment.get(err.field)
            if origin is None or err.field in overrides:
                raise
            raise MomoValidationError(
                f"{err.field} (from {origin[0]})", err.problem, err.fix
            ) from err

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{field.name}={_field_repr(field, getattr(self, field.name))}"
            for field in attrs.fields(type(self))
            if field.repr is not False
        )
        return f"MomoConfig({shown})"


def _field_repr(field: attrs.Attribute[Any], value: Any) -> str:
    if callable(field.repr):
        return str(field.repr(value))
    return repr(value)


def _reject_unknown_settings(settings: Mapping[str, Any]) -> None:
    known = {field.name for field in attrs.fields(MomoConfig) if field.init}
    for name in settings:
        if name not in known:
            raise MomoValidationError(
                name, "is not a MomoConfig setting.", f"Known settings: {', '.join(sorted(known))}."
            )


# --------------------------------------------------------------------------------------------
# Parsing environment variables

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _parse_str(raw: str, _variable: str) -> str:
    return raw


def _parse_bool(raw: str, variable: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise MomoValidationError(
        variable, f"{raw!r} is not a boolean.", "Use 1/true/yes or 0/false/no."
    )


def _parse_float(raw: str, variable: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise MomoValidationError(variable, f"{raw!r} is not a number.") from None


def _parse_int(raw: str, variable: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise MomoValidationError(variable, f"{raw!r} is not a whole number.") from None


_ENVIRONMENT_SETTINGS: Mapping[str, tuple[str, Any]] = {
    "MOMO_TARGET_ENVIRONMENT": ("target_environment", _parse_str),
    "MOMO_BASE_URL": ("base_url", _parse_str),
    "MOMO_CURRENCY": ("currency", _parse_str),
    "MOMO_PROVISIONING_SUBSCRIPTION_KEY": ("provisioning_subscription_key", _parse_str),
    "MOMO_CALLBACK_BASE_URL": ("callback_base_url", _parse_str),
    "MOMO_ALLOW_PRODUCTION": ("allow_production", _parse_bool),
    "MOMO_MAX_AMOUNT": ("max_amount", _parse_str),
    "MOMO_TIMEOUT": ("total_timeout", _parse_float),
    "MOMO_CONNECT_TIMEOUT": ("connect_timeout", _parse_float),
    "MOMO_READ_TIMEOUT": ("read_timeout", _parse_float),
    "MOMO_MAX_ATTEMPTS": ("max_attempts", _parse_int),
    "MOMO_MAX_RETRY_SECONDS": ("max_retry_seconds", _parse_float),
    "MOMO_BACKOFF_BASE": ("backoff_base", _parse_float),
    "MOMO_BACKOFF_CAP": ("backoff_cap", _parse_float),
    "MOMO_TOKEN_REFRESH_MARGIN": ("token_refresh_margin", _parse_float),
    "MOMO_TOKEN_STORE": ("token_store", _parse_str),
    "MOMO_LEDGER": ("ledger", _parse_str),
    "MOMO_STATUS_CHECKS_PER_SECOND": ("status_checks_per_second", _parse_float),
    "MOMO_POLL_INITIAL_INTERVAL": ("poll_initial_interval", _parse_float),
    "MOMO_POLL_MAX_INTERVAL": ("poll_max_interval", _parse_float),
    "MOMO_INSECURE_SKIP_TLS_VERIFY": ("insecure_skip_tls_verify", _parse_bool),
    "MOMO_USER_AGENT": ("user_agent", _parse_str),
    "MOMO_PROXY": ("proxy", _parse_str),
}


def _credentials_from_environment(
    source: Mapping[str, str], product: str
) -> ProductCredentials | None:
    prefix = f"MOMO_{product.upper()}"
    names = {
        "subscription_key": f"{prefix}_SUBSCRIPTION_KEY",
        "api_user": f"{prefix}_API_USER",
        "api_key": f"{prefix}_API_KEY",
    }
    values = {field: (source.get(variable) or "").strip() for field, variable in names.items()}
    if not any(values.values()):
        return None
    missing = [names[field] for field, value in values.items() if not value]
    if missing:
        raise MomoValidationError(
            ", ".join(missing),
            f"is not set, but other {prefix}_* variables are.",
            f"Set all three of {', '.join(names.values())}, or none.",
        )
    try:
        return ProductCredentials(**values)
    except MomoValidationError as err:
        raise MomoValidationError(names[err.field], err.problem, err.fix) from err
