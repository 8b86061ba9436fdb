"""The ``momo`` entry point: help, usage errors, exit codes and their documentation."""

from __future__ import annotations

import pytest

import momo_wrapper.cli as cli
from momo_wrapper import (
    AuthenticationError,
    BadRequestError,
    MomoConnectionError,
    MomoTimeoutError,
    MomoValidationError,
    NotFoundError,
    ServerError,
    TokenConnectionError,
    TokenError,
    TokenFailure,
    WaitTimeoutError,
)
from momo_wrapper.cli import ExitCode
from momo_wrapper.cli._exit import CliError, describe, exit_code_for
from tests.cli.cli_support import run_cli

COMMANDS = ("demo", "doctor", "token", "pay", "transfer", "status", "balance", "sandbox")


def test_help_lists_every_command_and_exit_code():
    result = run_cli(["--help"])
    assert result.code == 0
    for command in COMMANDS:
        assert command in result.stdout
    for code in ExitCode:
        assert f"{code.value:<4} {code.label}" in result.stdout


def test_every_exit_code_is_documented_in_the_module_docstring():
    assert cli.__doc__ is not None
    for code in ExitCode:
        assert f"{code.value:<4} {code.label}" in cli.__doc__


@pytest.mark.parametrize("command", [*COMMANDS[:-1], "sandbox provision", "sandbox serve"])
def test_every_command_has_help(command):
    result = run_cli([*command.split(), "--help"])
    assert result.code == 0
    assert "--json" in result.stdout


def test_no_command_prints_usage_and_exits_2():
    result = run_cli([])
    assert result.code == ExitCode.USAGE
    assert "usage: momo" in result.stderr


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["fly"], "invalid choice: 'fly'"),
        (["pay", "--amount", "5"], "--payer"),
        (["token", "--product", "savings"], "invalid choice: 'savings'"),
        (["sandbox"], "required"),
        (["sandbox", "serve", "--port", "70000"], "between 0 and 65535"),
        (["pay", "--amount", "5", "--payer", "4673", "--wait", "--timeout", "soon"], "seconds"),
        (["balance", "--verbose"], "unrecognized arguments: --verbose"),
    ],
)
def test_bad_usage_says_what_is_wrong_and_exits_2(argv, mentions):
    result = run_cli(argv)
    assert result.code == ExitCode.USAGE
    assert mentions in result.stderr
    assert "fix: See `momo" in result.stderr
    assert result.stdout == ""


def test_usage_errors_are_json_with_json():
    result = run_cli(["pay", "--json", "--amount", "5"])
    assert result.code == ExitCode.USAGE
    assert result.json == {
        "ok": False,
        "exit_code": 2,
        "error": {
            "type": "usage",
            "message": "the following arguments are required: --payer",
            "fix": "See `momo pay --help`.",
        },
    }


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (CliError(ExitCode.STILL_PENDING, "x"), ExitCode.STILL_PENDING),
        (MomoValidationError("amount", "is negative."), ExitCode.USAGE),
        (MomoConnectionError("no answer"), ExitCode.NETWORK),
        (MomoTimeoutError("slow"), ExitCode.NETWORK),
        (TokenConnectionError("no token"), ExitCode.NETWORK),
        (TokenError("login_failed", failure=TokenFailure.API_CREDENTIALS), ExitCode.CONFIG),
        (AuthenticationError("401"), ExitCode.CONFIG),
        (WaitTimeoutError("still pending"), ExitCode.STILL_PENDING),
        (NotFoundError("404"), ExitCode.API),
        (BadRequestError("400"), ExitCode.API),
        (ServerError("500", code="NOT_ENOUGH_FUNDS"), ExitCode.API),
        (KeyboardInterrupt(), ExitCode.INTERRUPTED),
    ],
)
def test_exit_code_for_each_failure(error, code):
    assert exit_code_for(error) is code


def test_exit_code_for_rejects_non_cli_failures():
    with pytest.raises(TypeError):
        exit_code_for(RuntimeError("bug"))


def test_describe_gives_a_fix_for_network_and_credential_failures():
    assert "momo doctor" in (describe(MomoConnectionError("no answer"))[1] or "")
    assert "momo doctor" in (describe(AuthenticationError("401"))[1] or "")
    assert describe(MomoValidationError("payer", "is empty.", "Pass one.")) == (
        "payer: is empty.",
        "Pass one.",
    )


def test_missing_env_file_is_a_config_error(tmp_path):
    result = run_cli(["balance", "--env-file", str(tmp_path / "absent.env")])
    assert result.code == ExitCode.CONFIG
    assert "no such file" in result.stderr


def test_invalid_settings_are_config_errors_naming_the_variable():
    result = run_cli(["balance", "--json"], environ={"MOMO_MAX_ATTEMPTS": "many"})
    assert result.code == ExitCode.CONFIG
    assert result.json["error"]["type"] == "config"
    assert "MOMO_MAX_ATTEMPTS" in result.json["error"]["message"]


def test_partial_credentials_are_a_config_error_with_the_fix():
    result = run_cli(["token"], environ={"MOMO_COLLECTION_API_USER": "x"})
    assert result.code == ExitCode.CONFIG
    assert "MOMO_COLLECTION_SUBSCRIPTION_KEY" in result.stderr


def test_no_product_configured_is_a_config_error():
    result = run_cli(["balance"])
    assert result.code == ExitCode.CONFIG
    assert "momo sandbox provision" in result.stderr
