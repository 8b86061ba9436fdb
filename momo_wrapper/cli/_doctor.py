"""``momo doctor``: is this machine ready to talk to MoMo? One line per check, with the fix.

Checks, in order (a failed step skips the ones that need it):

1. configuration: the ``MOMO_*`` settings load and validate;
2. target environment and currency;
3. DNS: the base URL's host resolves;
4. reachability: TCP connect, plus the TLS handshake and certificate for https;
5. a token per configured product;
6. per product, a balance read: MoMo accepts the target environment, in the expected currency;
7. callbacks: the callback host resolves, is public outside the sandbox, and in the sandbox
   equals each API user's ``providerCallbackHost``.

The exit code is the one of the first failed check (3 configuration, 4 network, 1 API).
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs
import httpx

from .._client import MomoClient
from .._config import MomoConfig
from .._environments import PLATFORMS, platform_for_base_url
from .._errors import (
    MomoError,
    MomoValidationError,
    RequestError,
    ServerError,
    TokenError,
    TokenFailure,
)
from ..callbacks import check_callback_host
from ._context import Context, configured_products, load_config, open_client
from ._exit import CliError, ExitCode, describe, exit_code_for
from ._output import Mark
from ._present import iso_time, token_fingerprint

Resolver = Callable[[str, int], Sequence[str]]
"""host, port -> IP addresses (raises ``OSError`` when the name does not resolve)."""


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@attrs.frozen
class Check:
    name: str
    mark: Mark
    detail: str
    fix: str | None = None
    code: ExitCode = ExitCode.OK
    """The exit code a failure of this check maps to."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.mark.status,
            "detail": self.detail,
            "fix": self.fix,
        }


def _failed(name: str, error: BaseException, fix: str | None = None) -> Check:
    message, default_fix = describe(error)
    return Check(name, Mark.FAIL, message, fix or default_fix, exit_code_for(error))


def announcing(resolver: Resolver, ctx: Context) -> Resolver:
    """`resolver`, saying on the output which host it looks up in DNS, before the lookup."""
    said: set[str] = set()

    def resolve(host: str, port: int) -> Sequence[str]:
        if host not in said:
            said.add(host)
            ctx.out.line(f"  looking up {host} in DNS...")
        return resolver(host, port)

    return resolve


def run_doctor(args: argparse.Namespace, ctx: Context) -> int:
    checks: list[Check] = []
    for check in _checks(args, ctx, announcing(system_resolver, ctx)):
        checks.append(check)
        ctx.out.check(check.mark, check.name, check.detail, check.fix)
    failure = next((check for check in checks if check.mark is Mark.FAIL), None)
    code = ExitCode.OK if failure is None else failure.code
    if ctx.out.json_mode:
        ctx.out.emit_json({"ok": failure is None, "checks": [check.to_dict() for check in checks]})
    elif failure is None:
        ctx.out.line("\nall checks passed")
    else:
        ctx.out.line(f"\n{sum(c.mark is Mark.FAIL for c in checks)} check(s) failed")
    return code


def _checks(args: argparse.Namespace, ctx: Context, resolver: Resolver) -> Iterator[Check]:
    try:
        config = load_config(ctx, args.base_url)
    except CliError as error:
        yield Check("configuration", Mark.FAIL, error.message, error.fix, error.code)
        return
    products = configured_products(config)
    yield _configuration(products)
    yield _environment(config)
    parts = urllib.parse.urlsplit(config.base_url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    dns = _dns("DNS", host, port, resolver)
    yield dns
    if dns.mark is Mark.FAIL:
        return
    reach = _reachability(config, host, port)
    yield reach
    if reach.mark is Mark.FAIL or not products:
        return
    with open_client(ctx, config) as momo:
        ready = []
        for product in products:
            check = _token(ctx, momo, product)
            yield check
            if check.mark is Mark.OK:
                ready.append(product)
        for product in ready:
            yield _target_environment(config, momo, product)
        yield from _callbacks(config, momo, ready, resolver)


def _configuration(products: list[str]) -> Check:
    if not products:
        return Check(
            "configuration",
            Mark.FAIL,
            "no product has credentials.",
            "Set MOMO_<PRODUCT>_SUBSCRIPTION_KEY, _API_USER and _API_KEY (sandbox: "
            "`momo sandbox provision --product collection --callback-host HOST --env-file .env`"
            " and pass --env-file .env).",
            ExitCode.CONFIG,
        )
    return Check("configuration", Mark.OK, f"products configured: {', '.join(products)}")


def _environment(config: MomoConfig) -> Check:
    environment = config.environment
    platform = platform_for_base_url(config.base_url)
    where = f"{config.base_url} ({platform.name if platform else 'custom base URL'})"
    detail = (
        f"{environment.name} ({environment.market}), currency {config.currency}, base URL {where}"
    )
    if environment.community_reported:
        return Check(
            "target environment",
            Mark.WARN,
            detail,
            f"Only community lists name {environment.name!r}; confirm it with MTN.",
        )
    if platform is None and not config.is_sandbox:
        known = ", ".join(p.name for p in PLATFORMS.values() if not p.is_sandbox)
        return Check("target environment", Mark.WARN, detail, f"Production platforms: {known}.")
    return Check("target environment", Mark.OK, detail)


def _dns(name: str, host: str, port: int, resolver: Resolver) -> Check:
    try:
        addresses = list(resolver(host, port))
    except OSError as error:
        return Check(
            name,
            Mark.FAIL,
            f"{host} does not resolve ({error.strerror or error}).",
            "Check the host name in the URL, your DNS settings and the network connection.",
            ExitCode.NETWORK,
        )
    if not addresses:
        return Check(name, Mark.FAIL, f"{host} has no address.", None, ExitCode.NETWORK)
    shown = ", ".join(addresses[:3]) + (" ..." if len(addresses) > 3 else "")
    return Check(name, Mark.OK, f"{host} -> {shown}")


def _reachability(config: MomoConfig, host: str, port: int) -> Check:
    timeout = config.connect_timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            if urllib.parse.urlsplit(config.base_url).scheme != "https":
                return Check("reachability", Mark.OK, f"TCP {host}:{port} (plain http, local)")
            context = httpx.create_ssl_context(verify=config.verify_tls)
            with context.wrap_socket(raw, server_hostname=host) as tls:
                version = tls.version()
                certificate = tls.getpeercert()
    except ssl.SSLCertVerificationError as error:
        return Check(
            "reachability",
            Mark.FAIL,
            f"TLS to {host}:{port}: certificate not trusted ({error.verify_message}).",
            "If a proxy inspects TLS, point SSL_CERT_FILE at its CA bundle; otherwise the "
            "host is not the MoMo API.",
            ExitCode.NETWORK,
        )
    except (OSError, ssl.SSLError) as error:
        return Check(
            "reachability",
            Mark.FAIL,
            f"cannot connect to {host}:{port} ({_os_error_text(error)}).",
            "Check the network, firewalls and proxies (MoMo production also needs your public "
            "IP on MTN's allow-list).",
            ExitCode.NETWORK,
        )
    detail = f"{version} to {host}:{port}"
    if certificate and "notAfter" in certificate:
        expires = ssl.cert_time_to_seconds(str(certificate["notAfter"]))
        detail += f", certificate valid until {iso_time(expires)[:10]}"
    elif not config.verify_tls:
        return Check(
            "reachability",
            Mark.WARN,
            detail + ", certificate NOT verified",
            "Unset MOMO_INSECURE_SKIP_TLS_VERIFY once the sandbox certificate is trusted.",
        )
    return Check("reachability", Mark.OK, detail)


def _os_error_text(error: BaseException) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


_TOKEN_FIXES = {
    TokenFailure.SUBSCRIPTION_KEY: (
        "Check {key}: it must be the {product} product's own primary key (each product has one)."
    ),
    TokenFailure.API_CREDENTIALS: (
        "Check {user} and {api_key}. In the sandbox, make new ones: `momo sandbox provision "
        "--product {product} --callback-host HOST --env-file .env`."
    ),
    TokenFailure.TOKEN_PATH: "Check MOMO_BASE_URL: the token URL was redirected.",
    TokenFailure.TARGET_ENVIRONMENT: (
        "Check MOMO_TARGET_ENVIRONMENT against the market these credentials belong to."
    ),
}


def _token(ctx: Context, momo: MomoClient, product: str) -> Check:
    name = f"token {product}"
    try:
        token = getattr(momo, product).create_access_token()
    except TokenError as error:
        prefix = f"MOMO_{product.upper()}"
        template = _TOKEN_FIXES.get(error.failure)
        fix = None
        if template is not None:
            fix = template.format(
                key=f"{prefix}_SUBSCRIPTION_KEY",
                user=f"{prefix}_API_USER",
                api_key=f"{prefix}_API_KEY",
                product=product,
            )
        return _failed(name, error, fix)
    except MomoError as error:
        return _failed(name, error)
    ctx.out.protect(token.value)
    minutes = max(0, round((token.expires_at - ctx.clock.time()) / 60))
    return Check(
        name, Mark.OK, f"issued, expires in {minutes} min ({token_fingerprint(token.value)})"
    )


def _target_environment(config: MomoConfig, momo: MomoClient, product: str) -> Check:
    name = f"target environment {product}"
    try:
        balance = getattr(momo, product).get_balance()
    except ServerError as error:
        if error.code == "NOT_ALLOWED_TARGET_ENVIRONMENT":
            return _failed(name, error)
        # The sandbox often refuses balance reads (INTERNAL_PROCESSING_ERROR, 503).
        return Check(
            name,
            Mark.WARN,
            f"could not be confirmed: the balance read failed ({error.code or error.status_code})",
            "MoMo's sandbox often refuses balance reads; try `momo balance` later.",
        )
    except RequestError as error:
        return _failed(name, error)
    currency = balance.currency
    if currency is not None and currency.upper() != config.currency:
        return Check(
            name,
            Mark.FAIL,
            f"MoMo keeps this account in {currency}, but the configured currency is "
            f"{config.currency}.",
            f"Set MOMO_CURRENCY={currency} (or fix MOMO_TARGET_ENVIRONMENT).",
            ExitCode.CONFIG,
        )
    return Check(
        name, Mark.OK, f"{config.target_environment!r} accepted, balance in {currency or '?'}"
    )


def _callbacks(
    config: MomoConfig, momo: MomoClient, products: list[str], resolver: Resolver
) -> Iterator[Check]:
    url = config.callback_base_url
    if url is None:
        yield Check(
            "callbacks",
            Mark.SKIP,
            "MOMO_CALLBACK_BASE_URL is not set: transactions are followed by polling.",
        )
        return
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    dns = _dns("callback host", host, parts.port or 443, resolver)
    if dns.mark is Mark.FAIL:
        yield attrs.evolve(dns, fix="MoMo must resolve this host to deliver callbacks.")
        return
    if not config.is_sandbox:
        private = [a for a in resolver(host, parts.port or 443) if _is_private(a)]
        if private:
            yield Check(
                "callback host",
                Mark.FAIL,
                f"{host} resolves to a private address ({private[0]}): MoMo cannot reach it.",
                "Use a public https host for MOMO_CALLBACK_BASE_URL.",
                ExitCode.CONFIG,
            )
            return
    yield dns
    if not config.is_sandbox:
        return
    for product in products:
        yield _provider_callback_host(config, momo, product, url, host)


def _provider_callback_host(
    config: MomoConfig, momo: MomoClient, product: str, url: str, host: str
) -> Check:
    name = f"callback host {product}"
    credentials = config.credentials_for(product)
    try:
        user = momo.provisioning.get_api_user(
            credentials.api_user, subscription_key=credentials.subscription_key
        )
    except RequestError as error:
        return _failed(name, error)
    registered = user.provider_callback_host or ""
    try:
        check_callback_host(url, registered, field="MOMO_CALLBACK_BASE_URL")
    except MomoValidationError as error:
        return Check(
            name,
            Mark.FAIL,
            f"{error.field}: {error.problem}",
            f"Provision a user for {host}: `momo sandbox provision --product {product} "
            f"--callback-host {host} --env-file .env` (remove the old API_USER line first).",
            ExitCode.CONFIG,
        )
    return Check(name, Mark.OK, f"matches the API user's providerCallbackHost {registered!r}")


def _is_private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local
