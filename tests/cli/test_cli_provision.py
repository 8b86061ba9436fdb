"""momo sandbox provision: create or confirm an API user, print or write the .env lines."""

from __future__ import annotations

import stat
import uuid

import pytest

from momo_wrapper.cli import ExitCode
from momo_wrapper.cli._envfile import parse_env
from tests.cli.cli_support import assert_no_secrets, run_cli


@pytest.fixture
def key(sandbox) -> str:
    return sandbox.subscription_keys["collection"]


@pytest.fixture
def base(server, key) -> dict[str, str]:
    """Only what provisioning needs: the server and the collection subscription key."""
    return {"MOMO_BASE_URL": server.base_url, "MOMO_COLLECTION_SUBSCRIPTION_KEY": key}


PROVISION = ["sandbox", "provision", "--product", "collection", "--callback-host", "127.0.0.1"]


def user_ids(sandbox) -> list[str]:
    return [user["user_id"] for user in sandbox.snapshot()["users"]]


def test_without_env_file_prints_the_env_lines_on_stdout_only(base, cli_clock, sandbox, key):
    result = run_cli(PROVISION, environ=base, clock=cli_clock)
    assert result.code == ExitCode.OK
    values = parse_env(result.stdout)
    assert values.keys() == {
        "MOMO_COLLECTION_API_USER",
        "MOMO_COLLECTION_API_KEY",
        "MOMO_COLLECTION_SUBSCRIPTION_KEY",
    }
    assert values["MOMO_COLLECTION_SUBSCRIPTION_KEY"] == key
    assert user_ids(sandbox) == [values["MOMO_COLLECTION_API_USER"]]
    assert "created" in result.stderr
    assert_no_secrets(result.stderr, [key, values["MOMO_COLLECTION_API_KEY"]])
    # The printed lines work: they get a token.
    token = run_cli(["token"], environ={**base, **values}, clock=cli_clock)
    assert token.code == ExitCode.OK


def test_env_file_is_created_private_and_nothing_secret_is_printed(base, cli_clock, tmp_path, key):
    env_file = tmp_path / ".env"
    argv = [*PROVISION, "--base-url", base["MOMO_BASE_URL"], "--env-file", str(env_file)]
    result = run_cli(argv, environ={"MOMO_COLLECTION_SUBSCRIPTION_KEY": key}, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = parse_env(env_file.read_text())
    assert values["MOMO_BASE_URL"] == base["MOMO_BASE_URL"]  # later commands use this server
    assert "created, mode 600" in result.stdout
    assert_no_secrets(result.output, [key, values["MOMO_COLLECTION_API_KEY"]])
    token = run_cli(["token", "--env-file", str(env_file)], clock=cli_clock)
    assert token.code == ExitCode.OK


def test_rerun_confirms_the_user_and_updates_the_file_in_place(base, cli_clock, tmp_path, sandbox):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"# mine\nMOMO_COLLECTION_SUBSCRIPTION_KEY={base['MOMO_COLLECTION_SUBSCRIPTION_KEY']}\n"
    )
    environ = {"MOMO_BASE_URL": base["MOMO_BASE_URL"]}
    argv = [*PROVISION, "--env-file", str(env_file), "--json"]
    first = run_cli(argv, environ=environ, clock=cli_clock)
    first_values = parse_env(env_file.read_text())
    again = run_cli(argv, environ=environ, clock=cli_clock)
    again_values = parse_env(env_file.read_text())
    assert first.code == again.code == ExitCode.OK
    assert first.json["created"] is True
    assert again.json["created"] is False
    assert again.json["env_file_updated"] is True
    assert again_values["MOMO_COLLECTION_API_USER"] == first_values["MOMO_COLLECTION_API_USER"]
    assert again_values["MOMO_COLLECTION_API_KEY"] != first_values["MOMO_COLLECTION_API_KEY"]
    assert len(user_ids(sandbox)) == 1
    lines = env_file.read_text().splitlines()
    assert lines[0] == "# mine"
    assert len(lines) == 4  # comment + three variables, no duplicates
    assert run_cli(["token", "--env-file", str(env_file)], environ=environ).code == 0
    assert_no_secrets(first.output + again.output, list(first_values.values()))


def test_json_output_shape(base, cli_clock, tmp_path):
    env_file = tmp_path / "momo.env"
    result = run_cli([*PROVISION, "--env-file", str(env_file), "--json"], environ=base)
    data = result.json
    assert data["ok"] is True
    assert data["product"] == "collection"
    assert data["api_user"].startswith("…")
    assert len(data["api_user"]) == 5
    assert data["provider_callback_host"] == "127.0.0.1"
    assert data["env_file"] == str(env_file)
    assert data["env_file_updated"] is False
    assert data["variables"] == [
        "MOMO_COLLECTION_API_USER",
        "MOMO_COLLECTION_API_KEY",
        "MOMO_COLLECTION_SUBSCRIPTION_KEY",
    ]
    assert data["warning"] is None


def test_an_explicit_existing_api_user_is_confirmed(base, cli_clock, sandbox):
    existing = sandbox.provision("collection", callback_host="127.0.0.1").user_id
    result = run_cli([*PROVISION, "--api-user", existing], environ=base, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert parse_env(result.stdout)["MOMO_COLLECTION_API_USER"] == existing
    assert "already existed: confirmed" in result.stderr
    assert user_ids(sandbox) == [existing]


def test_a_new_explicit_api_user_id_is_created(base, cli_clock, sandbox):
    chosen = str(uuid.uuid4())
    result = run_cli([*PROVISION, "--api-user", chosen], environ=base, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert user_ids(sandbox) == [chosen]


def test_an_existing_user_with_another_callback_host_gets_a_warning(base, cli_clock, sandbox):
    existing = sandbox.provision("collection", callback_host="shop.example").user_id
    result = run_cli([*PROVISION, "--api-user", existing], environ=base, clock=cli_clock)
    assert result.code == ExitCode.OK
    assert "keeps providerCallbackHost 'shop.example'" in result.stderr


def test_subscription_key_from_the_provisioning_variable_or_the_flag(server, cli_clock, key):
    environ = {"MOMO_BASE_URL": server.base_url, "MOMO_PROVISIONING_SUBSCRIPTION_KEY": key}
    assert run_cli(PROVISION, environ=environ, clock=cli_clock).code == ExitCode.OK
    flag = [*PROVISION, "--subscription-key", key]
    assert run_cli(flag, environ={"MOMO_BASE_URL": server.base_url}).code == ExitCode.OK


@pytest.mark.parametrize(
    ("extra", "environ_changes", "code", "mentions"),
    [
        (["--api-user", "not-a-uuid"], {}, ExitCode.USAGE, "--api-user"),
        ([], {"MOMO_COLLECTION_SUBSCRIPTION_KEY": ""}, ExitCode.CONFIG, "no subscription key"),
        (
            ["--subscription-key", "f" * 32],
            {},
            ExitCode.CONFIG,
            "MoMo refused the subscription key",
        ),
        (
            [],
            {"MOMO_TARGET_ENVIRONMENT": "mtnghana", "MOMO_ALLOW_PRODUCTION": "1"},
            ExitCode.CONFIG,
            "only be provisioned in the sandbox",
        ),
        ([], {"MOMO_COLLECTION_API_USER": "junk"}, ExitCode.CONFIG, "MOMO_COLLECTION_API_USER"),
        (["--json"], {}, ExitCode.USAGE, "--env-file"),
    ],
)
def test_failures_say_what_to_fix(base, cli_clock, sandbox, extra, environ_changes, code, mentions):
    result = run_cli([*PROVISION, *extra], environ={**base, **environ_changes}, clock=cli_clock)
    assert result.code == code
    assert mentions in result.output
    assert user_ids(sandbox) == []
    assert_no_secrets(result.output, [base["MOMO_COLLECTION_SUBSCRIPTION_KEY"], "f" * 32])
