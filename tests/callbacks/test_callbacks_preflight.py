from __future__ import annotations

import pytest

from momo_wrapper._config import MomoConfig
from momo_wrapper._environments import SANDBOX
from momo_wrapper._errors import MomoValidationError
from momo_wrapper.callbacks import (
    check_callback_config,
    check_callback_host,
    check_callback_url,
    host_of,
)


@pytest.mark.parametrize(
    ("stored", "host"),
    [
        ("webhook.site", "webhook.site"),
        # The sandbox stores providerCallbackHost verbatim, scheme and path included.
        ("https://webhook.site/37b4b85e-8c15-4fe5-9076-b7de3071b85d", "webhook.site"),
        ("127.0.0.1:8000", "127.0.0.1"),
        ("HTTPS://Shop.Example./momo", "shop.example"),
        (" shop.example ", "shop.example"),
        ("[::1]:8080", "::1"),
        ("", None),
        ("https://", None),
        ("http://[bad", None),
    ],
)
def test_host_of(stored: str, host: str | None) -> None:
    assert host_of(stored) == host


def test_a_callback_on_the_registered_host_passes_whatever_the_stored_form() -> None:
    url = "https://webhook.site/momo/collection/request_to_pay/x"
    check_callback_host(url, "https://webhook.site/37b4b85e-8c15-4fe5-9076-b7de3071b85d")
    check_callback_host(url, "WEBHOOK.SITE")


def test_another_host_is_refused_with_the_fix() -> None:
    with pytest.raises(MomoValidationError) as caught:
        check_callback_host("https://shop.example/momo", "webhook.site")
    message = str(caught.value)
    assert caught.value.field == "callback_url"
    assert "'shop.example' is not the API user's providerCallbackHost 'webhook.site'" in message
    assert "INVALID_CALLBACK_URL_HOST" in message
    assert "Use a callback URL on webhook.site" in message
    assert "register shop.example as the API user's providerCallbackHost" in message


def test_a_registered_value_without_a_host_is_reported_as_such() -> None:
    with pytest.raises(MomoValidationError, match="provider_callback_host: has no host"):
        check_callback_host("https://shop.example/momo", "https://")


def test_production_needs_https() -> None:
    with pytest.raises(MomoValidationError, match="https only"):
        check_callback_url("http://shop.example/momo", target_environment="mtnuganda")
    assert check_callback_url("https://shop.example/momo", target_environment="mtnuganda")
    # The sandbox delivers over http too, and localhost is fine for local tests.
    assert check_callback_url("http://shop.example/momo", target_environment=SANDBOX)
    assert check_callback_url("http://127.0.0.1:8000/cb", target_environment="mtnghana")


def test_unknown_target_environment_names_are_refused() -> None:
    with pytest.raises(MomoValidationError, match="target_environment"):
        check_callback_url("https://shop.example/momo", target_environment="mars")


def test_host_rule_applies_when_the_registered_host_is_known() -> None:
    url = "https://shop.example/momo"
    assert check_callback_url(url, provider_callback_host="shop.example") == url
    with pytest.raises(MomoValidationError, match="INVALID_CALLBACK_URL_HOST"):
        check_callback_url(url, provider_callback_host="other.example")


def test_config_without_a_callback_base_url_is_reported() -> None:
    with pytest.raises(MomoValidationError) as caught:
        check_callback_config(MomoConfig())
    assert caught.value.field == "callback_base_url"
    assert "MOMO_CALLBACK_BASE_URL" in str(caught.value)


def test_config_checks_name_the_setting() -> None:
    config = MomoConfig(
        target_environment="mtnuganda",
        allow_production=True,
        callback_base_url="https://shop.example/momo/callbacks",
    )
    assert check_callback_config(config, provider_callback_host="shop.example") == (
        "https://shop.example/momo/callbacks"
    )
    with pytest.raises(MomoValidationError) as caught:
        check_callback_config(config, provider_callback_host="https://webhook.site/abc")
    assert caught.value.field == "callback_base_url"
