"""Rule 1: configuration is frozen, loads from the environment, and never shows a secret."""

from __future__ import annotations

import attrs
import pytest

from momo_wrapper import (
    AsyncMomoClient,
    MomoClient,
    MomoConfig,
    MomoValidationError,
    ProductCredentials,
)
from tests.client.client_harness import SUCCESS_PARTY, Harness, run

SUBSCRIPTION_KEY = "0123456789abcdef0123456789abcdef"
API_KEY = "f1db798c98df4bcf83b538175893bbf0"
API_USER = "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
PROVISIONING_KEY = "fedcba9876543210fedcba9876543210"


def _environment(**extra: str) -> dict[str, str]:
    return {
        "MOMO_COLLECTION_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY,
        "MOMO_COLLECTION_API_USER": API_USER,
        "MOMO_COLLECTION_API_KEY": API_KEY,
        "MOMO_PROVISIONING_SUBSCRIPTION_KEY": PROVISIONING_KEY,
        **extra,
    }


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_config_and_credentials_are_frozen() -> None:
    config = MomoConfig.from_env(_environment())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.max_attempts = 5  # type: ignore[misc]
    assert config.collection is not None
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.collection.api_key = "other"  # type: ignore[misc]
    changed = config.replace(max_attempts=5)
    assert (config.max_attempts, changed.max_attempts) == (3, 5)


def test_from_env_reads_every_setting_and_overrides_win() -> None:
    environment = _environment(
        MOMO_MAX_ATTEMPTS="4",
        MOMO_TOKEN_REFRESH_MARGIN="120",
        MOMO_MAX_AMOUNT="500.50",
        MOMO_CALLBACK_BASE_URL="https://shop.example.com/momo",
        MOMO_STATUS_CHECKS_PER_SECOND="5",
        MOMO_DISBURSEMENT_SUBSCRIPTION_KEY="",  # empty counts as unset
    )
    config = MomoConfig.from_env(environment, max_attempts=2)
    assert config.max_attempts == 2  # the keyword wins over MOMO_MAX_ATTEMPTS
    assert config.token_refresh_margin == 120.0
    assert str(config.max_amount) == "500.50"
    assert config.callback_base_url == "https://shop.example.com/momo"
    assert config.status_checks_per_second == 5.0
    assert config.collection is not None
    assert config.collection.api_user == API_USER
    assert config.disbursement is None
    assert (config.target_environment, config.currency) == ("sandbox", "EUR")
    assert config.base_url == "https://sandbox.momodeveloper.mtn.com"


def test_from_env_names_the_variable_of_a_bad_value() -> None:
    with pytest.raises(MomoValidationError) as caught:
        MomoConfig.from_env(_environment(MOMO_TARGET_ENVIRONMENT="mtnuganda"))
    assert "allow_production" in str(caught.value)
    with pytest.raises(MomoValidationError, match="MOMO_MAX_ATTEMPTS"):
        MomoConfig.from_env(_environment(MOMO_MAX_ATTEMPTS="0"))


def test_config_repr_masks_every_secret() -> None:
    config = MomoConfig.from_env(_environment())
    text = repr(config)
    _assert_no_secret(text, SUBSCRIPTION_KEY, API_KEY, PROVISIONING_KEY, API_USER)
    assert "…3c4d" in text  # the API user id only by its last four characters
    assert config.collection is not None
    _assert_no_secret(repr(config.collection), SUBSCRIPTION_KEY, API_KEY, API_USER)
    assert SUBSCRIPTION_KEY in config.secrets
    assert API_KEY in config.secrets


async def test_clients_and_their_results_never_show_a_secret(h: Harness) -> None:
    momo = h.momo
    credentials = h.credentials["collection"]
    secrets = (credentials.subscription_key, credentials.api_key)
    assert isinstance(momo, MomoClient if h.kind == "sync" else AsyncMomoClient)
    for shown in (momo, momo.config, momo.collection, momo.token_cache):
        _assert_no_secret(repr(shown), *secrets)

    token = await run(momo.collection.create_access_token())
    consent = await run(
        momo.collection.create_oauth2_token(
            (await run(momo.collection.bc_authorize(SUCCESS_PARTY))).auth_req_id
        )
    )
    user = await run(
        momo.provisioning.provision(
            callback_host="shop.example.com",
            subscription_key=h.sandbox.subscription_keys["collection"],
        )
    )
    api_key = await run(momo.provisioning.create_api_key(user.api_user))
    for result, secret in (
        (token, token.value),
        (consent, consent.access_token),
        (user, user.api_key),
        (api_key, api_key.api_key),
    ):
        assert "***" in repr(result)
        _assert_no_secret(repr(result) + str(result), secret, *secrets)
    assert user.api_user not in repr(api_key)


def test_credentials_are_checked_without_echoing_them() -> None:
    # from_env strips a stray newline from a variable; a value passed in code is refused.
    assert MomoConfig.from_env(_environment(MOMO_COLLECTION_API_KEY=API_KEY + "\n")).collection
    with pytest.raises(MomoValidationError) as caught:
        ProductCredentials(subscription_key=SUBSCRIPTION_KEY, api_user=API_USER, api_key="a b" * 9)
    assert "a b" not in str(caught.value)
    assert "whitespace" in str(caught.value)
