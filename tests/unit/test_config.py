from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest

from momo_wrapper import _config
from momo_wrapper._config import DEFAULT_USER_AGENT, MomoConfig, ProductCredentials
from momo_wrapper._environments import TARGET_ENVIRONMENTS
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._polling import PollSchedule
from momo_wrapper._retry import RetryPolicy

SUB_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
API_USER = "783a8f21-3fc6-4e39-aa76-da8e562fba7e"
API_KEY = "de4f4885c9a24c168127cf76e3277876"
CREDENTIALS = ProductCredentials(subscription_key=SUB_KEY, api_user=API_USER, api_key=API_KEY)


def production(**kwargs) -> MomoConfig:
    return MomoConfig(target_environment="mtnuganda", allow_production=True, **kwargs)


# --- defaults ------------------------------------------------------------------------------------


def test_defaults() -> None:
    config = MomoConfig()
    assert config.target_environment == "sandbox"
    assert config.is_sandbox
    assert config.environment is TARGET_ENVIRONMENTS["sandbox"]
    assert config.currency == "EUR"
    assert config.base_url == "https://sandbox.momodeveloper.mtn.com"
    assert (config.collection, config.disbursement, config.remittance) == (None, None, None)
    assert (config.connect_timeout, config.read_timeout, config.total_timeout) == (10, 30, 120)
    assert (config.max_attempts, config.max_retry_seconds) == (3, 60)
    assert (config.backoff_base, config.backoff_cap) == (0.5, 8)
    assert config.token_refresh_margin == 600
    assert config.allow_production is False
    assert config.max_amount is None
    assert config.status_checks_per_second == 10
    assert (config.poll_initial_interval, config.poll_max_interval) == (1, 5)
    assert config.verify_tls is True
    assert config.insecure_skip_tls_verify is False
    assert config.user_agent == DEFAULT_USER_AGENT
    assert config.user_agent.startswith("momo-wrapper/")


def test_config_is_frozen_and_comparable() -> None:
    config = MomoConfig(collection=CREDENTIALS)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.base_url = "https://evil.example.com"  # type: ignore[misc]
    assert config == MomoConfig(collection=CREDENTIALS)
    assert hash(config) == hash(MomoConfig(collection=CREDENTIALS))
    assert config != MomoConfig()


def test_target_environment_is_normalised() -> None:
    assert MomoConfig(target_environment=" SANDBOX ").target_environment == "sandbox"


# --- production opt-in, environments, currency ---------------------------------------------------


def test_production_needs_explicit_opt_in() -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig(target_environment="mtnuganda")
    error = info.value
    assert error.field == "allow_production"
    assert "allow_production=True" in str(error)
    assert "MOMO_ALLOW_PRODUCTION" in str(error)


def test_production_defaults() -> None:
    config = production()
    assert not config.is_sandbox
    assert config.currency == "UGX"
    assert config.base_url == "https://proxy.momoapi.mtn.com"


def test_platform_names_are_accepted_as_base_urls() -> None:
    assert production(base_url="momo-africa").base_url == "https://momoapi.momo.africa"
    assert production(base_url="MTN-PROXY").base_url == "https://proxy.momoapi.mtn.com"
    assert MomoConfig(base_url="sandbox").base_url == "https://sandbox.momodeveloper.mtn.com"


def test_sandbox_and_production_hosts_cannot_be_mixed_up() -> None:
    with pytest.raises(MomoValidationError, match="production host but target_environment"):
        MomoConfig(base_url="https://proxy.momoapi.mtn.com")
    with pytest.raises(MomoValidationError, match="sandbox host"):
        production(base_url="https://sandbox.momodeveloper.mtn.com")


def test_local_sandbox_over_http() -> None:
    config = MomoConfig(base_url="http://127.0.0.1:8765/")
    assert config.base_url == "http://127.0.0.1:8765"
    assert MomoConfig(base_url="http://localhost:9000").base_url == "http://localhost:9000"


def test_plain_http_elsewhere_is_refused_with_a_clear_error() -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig(base_url="http://momo.example.com")
    assert info.value.field == "base_url"
    assert "plain http" in str(info.value)
    assert "localhost" in str(info.value)


def test_currency_must_match_the_environment() -> None:
    with pytest.raises(MomoValidationError, match="sandbox accepts only EUR"):
        MomoConfig(currency="UGX")
    with pytest.raises(MomoValidationError, match="accepts only UGX"):
        production(currency="EUR")
    assert production(currency="ugx").currency == "UGX"


def test_a_new_market_needs_its_currency() -> None:
    with pytest.raises(MomoValidationError, match="currency") as info:
        MomoConfig(target_environment="mtnmalawi", allow_production=True)
    assert info.value.field == "target_environment"
    config = MomoConfig(target_environment="mtnmalawi", currency="mwk", allow_production=True)
    assert config.environment.currency == "MWK"
    assert config.environment.name == "mtnmalawi"
    assert not config.is_sandbox
    assert config.base_url == "https://proxy.momoapi.mtn.com"


def test_a_malformed_environment_name_is_refused() -> None:
    with pytest.raises(MomoValidationError, match="not a target environment name"):
        MomoConfig(target_environment="mtn uganda", currency="UGX", allow_production=True)


def test_callback_base_url() -> None:
    assert MomoConfig(callback_base_url="http://cb.example.com/momo").callback_base_url
    with pytest.raises(MomoValidationError, match="https only") as info:
        production(callback_base_url="http://cb.example.com/momo")
    assert info.value.field == "callback_base_url"
    assert production(callback_base_url="https://cb.example.com/momo").callback_base_url


def test_max_amount() -> None:
    assert MomoConfig(max_amount="100.50").max_amount == Decimal("100.50")
    assert MomoConfig(max_amount=100).max_amount == Decimal("100")
    for bad in (100.5, "lots", "-1", 0):
        with pytest.raises(MomoValidationError, match="max_amount"):
            MomoConfig(max_amount=bad)


# --- credentials ---------------------------------------------------------------------------------


def test_credentials_for() -> None:
    config = MomoConfig(collection=CREDENTIALS)
    assert config.credentials_for("collection") is CREDENTIALS
    assert config.credentials_for("Collection") is CREDENTIALS
    with pytest.raises(MomoValidationError) as info:
        config.credentials_for("disbursement")
    assert "MOMO_DISBURSEMENT_SUBSCRIPTION_KEY" in str(info.value)
    assert "MOMO_DISBURSEMENT_API_USER" in str(info.value)
    with pytest.raises(MomoValidationError, match="not a MoMo product"):
        config.credentials_for("payments")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"subscription_key": ""}, "subscription_key"),
        ({"subscription_key": " " + SUB_KEY}, "subscription_key"),
        ({"api_key": API_KEY + "\n"}, "api_key"),
        ({"api_user": "user:name"}, "api_user"),
        ({"api_user": None}, "api_user"),
        ({"api_key": 12345}, "api_key"),
    ],
)
def test_bad_credentials(kwargs: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "subscription_key": SUB_KEY,
        "api_user": API_USER,
        "api_key": API_KEY,
    }
    values.update(kwargs)
    with pytest.raises(MomoValidationError) as info:
        ProductCredentials(**values)  # type: ignore[arg-type]
    assert info.value.field == field
    assert API_KEY not in str(info.value)
    assert SUB_KEY not in str(info.value)


def test_credentials_must_be_product_credentials() -> None:
    with pytest.raises(MomoValidationError, match="expected ProductCredentials, got dict"):
        MomoConfig(collection={"subscription_key": SUB_KEY})  # type: ignore[arg-type]
    with pytest.raises(MomoValidationError, match="provisioning_subscription_key"):
        MomoConfig(provisioning_subscription_key="")


# --- secrets never shown -------------------------------------------------------------------------


def test_repr_masks_every_secret() -> None:
    config = MomoConfig(
        collection=CREDENTIALS,
        remittance=CREDENTIALS,
        provisioning_subscription_key="provisioning-key-123456",
        callback_base_url="https://cb.example.com/momo/secret-path-token",
    )
    for text in (repr(config), str(config), repr(CREDENTIALS)):
        assert SUB_KEY not in text
        assert API_KEY not in text
        assert API_USER not in text
        assert "provisioning-key-123456" not in text
        assert "secret-path-token" not in text
    assert "…ba7e" in repr(config)
    assert "'https://cb.example.com/…'" in repr(config)
    assert "provisioning_subscription_key=***" in repr(config)


def test_the_secrets_registry_holds_every_key() -> None:
    config = MomoConfig(collection=CREDENTIALS, provisioning_subscription_key="prov-key-12345678")
    text = f"key={SUB_KEY} apikey {API_KEY} prov prov-key-12345678 user {API_USER}"
    scrubbed = config.secrets.redact(text)
    assert SUB_KEY not in scrubbed
    assert API_KEY not in scrubbed
    assert "prov-key-12345678" not in scrubbed
    assert API_USER in scrubbed  # ids are masked in reprs, not scrubbed from messages


# --- numbers, flags, TLS, user agent -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("connect_timeout", 0),
        ("read_timeout", -1),
        ("total_timeout", float("nan")),
        ("backoff_base", 0),
        ("backoff_cap", -1),
        ("max_retry_seconds", 0),
        ("max_attempts", 0),
        ("max_attempts", 11),
        ("max_attempts", 2.5),
        ("token_refresh_margin", -1),
        ("token_refresh_margin", 3601),
        ("status_checks_per_second", 0),
        ("poll_initial_interval", 0),
        ("poll_max_interval", -1),
        ("allow_production", "yes"),
        ("insecure_skip_tls_verify", 1),
        ("connect_timeout", "10"),
    ],
)
def test_bad_settings_name_their_field(field: str, value: object) -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig(**{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_related_limits() -> None:
    with pytest.raises(MomoValidationError, match="below backoff_base"):
        MomoConfig(backoff_base=5, backoff_cap=1)
    with pytest.raises(MomoValidationError, match="below poll_initial_interval"):
        MomoConfig(poll_initial_interval=5, poll_max_interval=1)


def test_tls_verification_needs_the_loud_flag_to_turn_off() -> None:
    with pytest.raises(MomoValidationError, match="insecure_skip_tls_verify=True"):
        MomoConfig(verify_tls=False)
    config = MomoConfig(insecure_skip_tls_verify=True)
    assert config.verify_tls is False
    with pytest.raises(MomoValidationError, match="pick one"):
        MomoConfig(insecure_skip_tls_verify=True, verify_tls=True)


def test_tls_verification_stays_on_in_production() -> None:
    with pytest.raises(MomoValidationError, match="refused for a production"):
        production(insecure_skip_tls_verify=True)
    # Against a local stand-in, even a production-market config may skip verification.
    local = production(base_url="http://127.0.0.1:9000", insecure_skip_tls_verify=True)
    assert local.verify_tls is False


@pytest.mark.parametrize("agent", ["", "bad\nagent", "x" * 257, 42])
def test_bad_user_agents(agent: object) -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig(user_agent=agent)  # type: ignore[arg-type]
    assert info.value.field == "user_agent"


def test_wrong_types_are_validation_errors() -> None:
    with pytest.raises(MomoValidationError):
        MomoConfig(target_environment=None)
    with pytest.raises(MomoValidationError):
        MomoConfig(base_url=b"https://x")  # type: ignore[arg-type]


# --- derived objects and replace -----------------------------------------------------------------


def test_retry_policy_and_poll_schedule() -> None:
    config = MomoConfig(
        max_attempts=5,
        backoff_base=1,
        backoff_cap=4,
        total_timeout=50,
        max_retry_seconds=20,
        poll_initial_interval=2,
        poll_max_interval=3,
    )
    assert config.retry_policy() == RetryPolicy(
        max_attempts=5, base_delay=1, max_delay=4, max_total_seconds=50, max_retry_after=20
    )
    assert config.poll_schedule(90) == PollSchedule(timeout=90, initial_interval=2, max_interval=3)


def test_replace_rederives_what_was_derived() -> None:
    config = MomoConfig(collection=CREDENTIALS)
    moved = config.replace(target_environment="mtnghana", allow_production=True)
    assert moved.currency == "GHS"
    assert moved.base_url == "https://proxy.momoapi.mtn.com"
    assert moved.collection is CREDENTIALS
    local = MomoConfig(base_url="http://127.0.0.1:9000")
    assert local.replace(max_attempts=1).base_url == "http://127.0.0.1:9000"
    insecure = config.replace(insecure_skip_tls_verify=True)
    assert insecure.verify_tls is False
    assert insecure.replace(insecure_skip_tls_verify=False).verify_tls is True


def test_replace_validates_again() -> None:
    with pytest.raises(MomoValidationError, match="allow_production"):
        MomoConfig().replace(target_environment="mtnghana")
    with pytest.raises(MomoValidationError, match="not a MomoConfig setting"):
        MomoConfig().replace(timeout=3)


# --- from_env ------------------------------------------------------------------------------------


FULL_ENV = {
    "MOMO_TOKEN_STORE": "redis://cache:6379/0",
    "MOMO_LEDGER": "sqlite:///momo-ledger.db",
    "MOMO_TARGET_ENVIRONMENT": "mtncameroon",
    "MOMO_BASE_URL": "momo-africa",
    "MOMO_CURRENCY": "XAF",
    "MOMO_COLLECTION_SUBSCRIPTION_KEY": SUB_KEY,
    "MOMO_COLLECTION_API_USER": API_USER,
    "MOMO_COLLECTION_API_KEY": API_KEY,
    "MOMO_DISBURSEMENT_SUBSCRIPTION_KEY": "d" * 32,
    "MOMO_DISBURSEMENT_API_USER": "disb-user",
    "MOMO_DISBURSEMENT_API_KEY": "e" * 32,
    "MOMO_PROVISIONING_SUBSCRIPTION_KEY": "f" * 32,
    "MOMO_CALLBACK_BASE_URL": "https://shop.example.cm/momo",
    "MOMO_ALLOW_PRODUCTION": "yes",
    "MOMO_MAX_AMOUNT": "500000",
    "MOMO_TIMEOUT": "90",
    "MOMO_CONNECT_TIMEOUT": "5",
    "MOMO_READ_TIMEOUT": "20",
    "MOMO_MAX_ATTEMPTS": "4",
    "MOMO_MAX_RETRY_SECONDS": "30",
    "MOMO_BACKOFF_BASE": "0.25",
    "MOMO_BACKOFF_CAP": "4",
    "MOMO_TOKEN_REFRESH_MARGIN": "300",
    "MOMO_STATUS_CHECKS_PER_SECOND": "5",
    "MOMO_POLL_INITIAL_INTERVAL": "2",
    "MOMO_POLL_MAX_INTERVAL": "8",
    "MOMO_INSECURE_SKIP_TLS_VERIFY": "false",
    "MOMO_USER_AGENT": "shop/1.0",
    "MOMO_PROXY": "http://egress.shop.example.cm:3128",
}


def test_from_env_reads_every_variable() -> None:
    config = MomoConfig.from_env(FULL_ENV)
    assert config.target_environment == "mtncameroon"
    assert config.base_url == "https://momoapi.momo.africa"
    assert config.currency == "XAF"
    assert config.collection == CREDENTIALS
    assert config.disbursement == ProductCredentials(
        subscription_key="d" * 32, api_user="disb-user", api_key="e" * 32
    )
    assert config.remittance is None
    assert config.provisioning_subscription_key == "f" * 32
    assert config.callback_base_url == "https://shop.example.cm/momo"
    assert config.allow_production is True
    assert config.max_amount == Decimal("500000")
    assert (config.total_timeout, config.connect_timeout, config.read_timeout) == (90, 5, 20)
    assert (config.max_attempts, config.max_retry_seconds) == (4, 30)
    assert (config.backoff_base, config.backoff_cap) == (0.25, 4)
    assert config.token_refresh_margin == 300
    assert config.status_checks_per_second == 5
    assert (config.poll_initial_interval, config.poll_max_interval) == (2, 8)
    assert config.insecure_skip_tls_verify is False
    assert config.user_agent == "shop/1.0"
    assert config.proxy == "http://egress.shop.example.cm:3128"


def test_every_variable_is_documented_and_read() -> None:
    documented = set(re.findall(r"\bMOMO_[A-Z_]+\b", _config.__doc__ or ""))
    per_product = {
        f"MOMO_{p}_{f}"
        for p in ("COLLECTION", "DISBURSEMENT", "REMITTANCE")
        for f in ("SUBSCRIPTION_KEY", "API_USER", "API_KEY")
    }
    read = set(_config._ENVIRONMENT_SETTINGS) | per_product
    assert documented == read
    assert set(FULL_ENV) | {v for v in per_product if "REMITTANCE" in v} == read


def test_explicit_arguments_win_over_the_environment() -> None:
    config = MomoConfig.from_env(FULL_ENV, max_attempts=1, callback_base_url=None, collection=None)
    assert config.max_attempts == 1
    assert config.callback_base_url is None
    assert config.collection is None


def test_empty_variables_count_as_unset() -> None:
    config = MomoConfig.from_env(
        {"MOMO_TARGET_ENVIRONMENT": "", "MOMO_TIMEOUT": "  ", "MOMO_COLLECTION_API_KEY": ""}
    )
    assert config == MomoConfig()


def test_from_env_uses_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(_config._ENVIRONMENT_SETTINGS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MOMO_MAX_ATTEMPTS", "2")
    assert MomoConfig.from_env().max_attempts == 2


def test_partial_product_credentials_name_the_missing_variables() -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig.from_env({"MOMO_REMITTANCE_API_USER": API_USER})
    assert "MOMO_REMITTANCE_SUBSCRIPTION_KEY" in info.value.field
    assert "MOMO_REMITTANCE_API_KEY" in info.value.field


def test_bad_product_credential_names_its_variable() -> None:
    env = {
        "MOMO_COLLECTION_SUBSCRIPTION_KEY": SUB_KEY,
        "MOMO_COLLECTION_API_USER": "a:b",
        "MOMO_COLLECTION_API_KEY": API_KEY,
    }
    with pytest.raises(MomoValidationError) as info:
        MomoConfig.from_env(env)
    assert info.value.field == "MOMO_COLLECTION_API_USER"


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("MOMO_ALLOW_PRODUCTION", "maybe", "not a boolean"),
        ("MOMO_TIMEOUT", "fast", "not a number"),
        ("MOMO_MAX_ATTEMPTS", "3.5", "not a whole number"),
    ],
)
def test_unparseable_variables_are_named(variable: str, value: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem) as info:
        MomoConfig.from_env({variable: value})
    assert info.value.field == variable


def test_invalid_values_from_the_environment_name_their_variable() -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig.from_env({"MOMO_TIMEOUT": "-5"})
    assert info.value.field == "total_timeout (from MOMO_TIMEOUT)"
    with pytest.raises(MomoValidationError) as info:
        MomoConfig.from_env({"MOMO_TARGET_ENVIRONMENT": "mtnghana"})
    assert info.value.field == "allow_production"  # the flag that is missing, not the variable


def test_invalid_overrides_keep_their_own_name() -> None:
    with pytest.raises(MomoValidationError) as info:
        MomoConfig.from_env({"MOMO_TIMEOUT": "5"}, total_timeout=-1)
    assert info.value.field == "total_timeout"
    with pytest.raises(MomoValidationError, match="not a MomoConfig setting"):
        MomoConfig.from_env({}, max_retries=2)
