"""Where MoMo lives: base URLs (platforms) and target environments (markets) with their currency.

Platforms (``MOMO_BASE_URL`` accepts either a URL or one of these names):

===========  =====================================  ==============================================
name         base URL                               notes
===========  =====================================  ==============================================
sandbox      https://sandbox.momodeveloper.mtn.com  target environment ``sandbox``, EUR only
mtn-proxy    https://proxy.momoapi.mtn.com          production (the long-standing host); default
                                                    for every production target environment
momo-africa  https://momoapi.momo.africa            the new production platform (2026 migration);
                                                    a transaction is readable only on the
                                                    platform that created it
===========  =====================================  ==============================================

Target environments (the ``X-Target-Environment`` header) and their currency: ``sandbox`` EUR;
the markets on MTN's common-errors page (``mtnuganda`` UGX, ``mtnghana`` GHS, ``mtnivorycoast``
XOF, ``mtnzambia`` ZMW, ``mtncameroon`` XAF, ``mtnbenin`` XOF, ``mtncongo`` XAF, ``mtnswaziland``
SZL, ``mtnguineaconakry`` GNF, ``mtnsouthafrica`` ZAR, ``mtnliberia`` LRD) and three that only
community lists mention (``mtnrwanda`` RWF, ``mtnsouthsudan`` SSP, ``mtnnigeria`` NGN), flagged
``community_reported``. Minor-unit scales are ISO 4217's.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from types import MappingProxyType

import attrs


@attrs.frozen
class Platform:
    """A MoMo deployment reachable at one base URL."""

    name: str
    base_url: str
    is_sandbox: bool
    description: str


SANDBOX_BASE_URL = "https://sandbox.momodeveloper.mtn.com"
MTN_PROXY_BASE_URL = "https://proxy.momoapi.mtn.com"
MOMO_AFRICA_BASE_URL = "https://momoapi.momo.africa"

PLATFORMS: Mapping[str, Platform] = MappingProxyType(
    {
        "sandbox": Platform("sandbox", SANDBOX_BASE_URL, True, "MTN MoMo developer sandbox"),
        "mtn-proxy": Platform(
            "mtn-proxy", MTN_PROXY_BASE_URL, False, "MTN MoMo production (proxy.momoapi.mtn.com)"
        ),
        "momo-africa": Platform(
            "momo-africa", MOMO_AFRICA_BASE_URL, False, "MoMo production, new platform"
        ),
    }
)

DEFAULT_PRODUCTION_PLATFORM = "mtn-proxy"


@attrs.frozen
class TargetEnvironment:
    """A value of ``X-Target-Environment``: the sandbox or one MTN market."""

    name: str
    market: str
    currency: str
    is_sandbox: bool = False
    community_reported: bool = False
    """True when only third-party lists name this market; check with MTN before relying on it."""


def _market(name: str, market: str, currency: str, *, community: bool = False) -> TargetEnvironment:
    return TargetEnvironment(name, market, currency, is_sandbox=False, community_reported=community)


SANDBOX = TargetEnvironment("sandbox", "MTN MoMo sandbox", "EUR", is_sandbox=True)

TARGET_ENVIRONMENTS: Mapping[str, TargetEnvironment] = MappingProxyType(
    {
        env.name: env
        for env in (
            SANDBOX,
            _market("mtnuganda", "Uganda", "UGX"),
            _market("mtnghana", "Ghana", "GHS"),
            _market("mtnivorycoast", "Côte d'Ivoire", "XOF"),
            _market("mtnzambia", "Zambia", "ZMW"),
            _market("mtncameroon", "Cameroon", "XAF"),
            _market("mtnbenin", "Benin", "XOF"),
            _market("mtncongo", "Republic of the Congo", "XAF"),
            _market("mtnswaziland", "Eswatini", "SZL"),
            _market("mtnguineaconakry", "Guinea", "GNF"),
            _market("mtnsouthafrica", "South Africa", "ZAR"),
            _market("mtnliberia", "Liberia", "LRD"),
            _market("mtnrwanda", "Rwanda", "RWF", community=True),
            _market("mtnsouthsudan", "South Sudan", "SSP", community=True),
            _market("mtnnigeria", "Nigeria", "NGN", community=True),
        )
    }
)

# ISO 4217 minor units of every currency in the registry.
CURRENCY_SCALES: Mapping[str, int] = MappingProxyType(
    {
        "EUR": 2,
        "UGX": 0,
        "GHS": 2,
        "XOF": 0,
        "ZMW": 2,
        "XAF": 0,
        "SZL": 2,
        "GNF": 0,
        "ZAR": 2,
        "LRD": 2,
        "RWF": 0,
        "SSP": 2,
        "NGN": 2,
    }
)

# ISO 4217's most common scale; only reached for a currency outside the registry.
DEFAULT_CURRENCY_SCALE = 2


def currency_scale(currency: str) -> int:
    """Number of decimal places the currency allows (ISO 4217 minor units; 2 if unknown)."""
    return CURRENCY_SCALES.get(currency.upper(), DEFAULT_CURRENCY_SCALE)


def default_base_url(target_environment: str) -> str:
    """The base URL a target environment uses unless the caller picks another one."""
    if target_environment == SANDBOX.name:
        return SANDBOX_BASE_URL
    return PLATFORMS[DEFAULT_PRODUCTION_PLATFORM].base_url


def platform_for_base_url(base_url: str) -> Platform | None:
    """The registered platform a base URL points at, if any (exact host match)."""
    normalized = base_url.rstrip("/").lower()
    for platform in PLATFORMS.values():
        if normalized == platform.base_url:
            return platform
    return None


def is_loopback_host(host: str) -> bool:
    """``localhost`` or a loopback IP address (``127.0.0.0/8``, ``::1``): the local sandbox."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
