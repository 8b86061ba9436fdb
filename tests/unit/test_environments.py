from __future__ import annotations

import pytest

from momo_wrapper._environments import (
    CURRENCY_SCALES,
    MOMO_AFRICA_BASE_URL,
    MTN_PROXY_BASE_URL,
    PLATFORMS,
    SANDBOX_BASE_URL,
    TARGET_ENVIRONMENTS,
    currency_scale,
    default_base_url,
    is_loopback_host,
    platform_for_base_url,
)

EXPECTED_CURRENCIES = {
    "sandbox": "EUR",
    "mtnuganda": "UGX",
    "mtnghana": "GHS",
    "mtnivorycoast": "XOF",
    "mtnzambia": "ZMW",
    "mtncameroon": "XAF",
    "mtnbenin": "XOF",
    "mtncongo": "XAF",
    "mtnswaziland": "SZL",
    "mtnguineaconakry": "GNF",
    "mtnsouthafrica": "ZAR",
    "mtnliberia": "LRD",
    "mtnrwanda": "RWF",
    "mtnsouthsudan": "SSP",
    "mtnnigeria": "NGN",
}


def test_every_target_environment_has_its_currency() -> None:
    assert {name: env.currency for name, env in TARGET_ENVIRONMENTS.items()} == EXPECTED_CURRENCIES


def test_only_the_sandbox_is_a_sandbox() -> None:
    assert [name for name, env in TARGET_ENVIRONMENTS.items() if env.is_sandbox] == ["sandbox"]


def test_community_reported_markets_are_flagged() -> None:
    flagged = {name for name, env in TARGET_ENVIRONMENTS.items() if env.community_reported}
    assert flagged == {"mtnrwanda", "mtnsouthsudan", "mtnnigeria"}


def test_every_registered_currency_has_a_scale() -> None:
    assert {env.currency for env in TARGET_ENVIRONMENTS.values()} <= set(CURRENCY_SCALES)


@pytest.mark.parametrize(
    ("currency", "scale"),
    [
        ("EUR", 2),
        ("eur", 2),
        ("UGX", 0),
        ("XAF", 0),
        ("XOF", 0),
        ("GNF", 0),
        ("RWF", 0),
        ("GHS", 2),
        ("ZAR", 2),
        ("USD", 2),
    ],
)
def test_currency_scales(currency: str, scale: int) -> None:
    assert currency_scale(currency) == scale


def test_platforms_and_default_base_urls() -> None:
    assert (
        PLATFORMS["sandbox"].base_url == SANDBOX_BASE_URL == "https://sandbox.momodeveloper.mtn.com"
    )
    assert PLATFORMS["mtn-proxy"].base_url == MTN_PROXY_BASE_URL == "https://proxy.momoapi.mtn.com"
    assert (
        PLATFORMS["momo-africa"].base_url == MOMO_AFRICA_BASE_URL == "https://momoapi.momo.africa"
    )
    assert default_base_url("sandbox") == SANDBOX_BASE_URL
    assert default_base_url("mtnghana") == MTN_PROXY_BASE_URL


def test_platform_for_base_url() -> None:
    assert platform_for_base_url("https://momoapi.momo.africa/") == PLATFORMS["momo-africa"]
    assert platform_for_base_url("HTTPS://SANDBOX.MOMODEVELOPER.MTN.COM") == PLATFORMS["sandbox"]
    assert platform_for_base_url("http://127.0.0.1:8080") is None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST", True),
        ("api.localhost", True),
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback
