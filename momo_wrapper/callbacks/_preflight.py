"""Checks to run before sending an ``X-Callback-Url``, so a misconfiguration fails at start-up
with a clear message instead of as MoMo's opaque 500 ``INVALID_CALLBACK_URL_HOST`` per payment.

* The callback host must equal the API user's ``providerCallbackHost``. The sandbox stores that
  value verbatim (``"webhook.site"``, ``"https://webhook.site/37b4…"``, ``"127.0.0.1:8000"``), so
  hosts are compared, not strings; case and a trailing dot do not matter, ports and paths are
  ignored.
* Production delivers callbacks over https only (http is accepted for localhost, for local tests).
"""

from __future__ import annotations

import urllib.parse

from .._config import MomoConfig
from .._environments import TargetEnvironment
from .._errors import MomoValidationError
from .._validation import require_str, validate_callback_url, validate_target_environment


def host_of(value: str) -> str | None:
    """The lower-cased host of a URL or of a bare ``host[:port][/path]``, or ``None``."""
    text = value.strip()
    try:
        host = urllib.parse.urlsplit(text if "://" in text else "//" + text).hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".")
    return host or None


def check_callback_host(
    callback_url: str, provider_callback_host: str, *, field: str = "callback_url"
) -> None:
    """Raise :class:`MomoValidationError` unless ``callback_url``'s host is the API user's host."""
    expected = host_of(
        require_str(provider_callback_host, "provider_callback_host", "shop.example")
    )
    if expected is None:
        raise MomoValidationError(
            "provider_callback_host",
            "has no host in it.",
            "Register the host callbacks go to, e.g. 'shop.example'.",
        )
    actual = host_of(require_str(callback_url, field, "https://shop.example/momo/callbacks"))
    if actual != expected:
        raise MomoValidationError(
            field,
            f"its host {actual!r} is not the API user's providerCallbackHost {expected!r}, so "
            "MoMo would reject every request that carries it (INVALID_CALLBACK_URL_HOST).",
            f"Use a callback URL on {expected}, or register {actual} as the API user's "
            "providerCallbackHost (sandbox: create an API user with it; production: ask MTN).",
        )


def check_callback_url(
    callback_url: str,
    *,
    target_environment: str | TargetEnvironment | None = None,
    provider_callback_host: str | None = None,
    field: str = "callback_url",
) -> str:
    """``callback_url`` if MoMo will accept it and can deliver to it; otherwise a validation error.

    ``target_environment`` (a name or a :class:`TargetEnvironment`) enables the https rule for
    production; ``provider_callback_host`` (from ``GET /v1_0/apiuser/{id}`` in the sandbox, or
    what MTN registered in production), when known, enables the host rule.
    """
    environment = (
        validate_target_environment(target_environment)
        if isinstance(target_environment, str)
        else target_environment
    )
    url = validate_callback_url(callback_url, environment=environment, field=field)
    if provider_callback_host is not None:
        check_callback_host(url, provider_callback_host, field=field)
    return url


def check_callback_config(config: MomoConfig, *, provider_callback_host: str | None = None) -> str:
    """Check ``config.callback_base_url`` (set, https in production, host matches); return it."""
    if config.callback_base_url is None:
        raise MomoValidationError(
            "callback_base_url",
            "is not set, so MoMo will send no callbacks.",
            "Set callback_base_url (MOMO_CALLBACK_BASE_URL) to the public URL the callback "
            "receiver is mounted at.",
        )
    return check_callback_url(
        config.callback_base_url,
        target_environment=config.environment,
        provider_callback_host=provider_callback_host,
        field="callback_base_url",
    )
