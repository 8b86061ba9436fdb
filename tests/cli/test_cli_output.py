"""Human output: tables, check marks, the live status line, redaction."""

from __future__ import annotations

import io

from momo_wrapper._redact import Secrets
from momo_wrapper.cli._output import Mark, Output, render_table
from tests.cli.cli_support import TTYStringIO


class AsciiStream(io.StringIO):
    encoding = "ascii"


def output(stream: io.StringIO | None = None, *, json_mode: bool = False) -> Output:
    return Output(json_mode=json_mode, stdout=stream or io.StringIO(), stderr=io.StringIO())


def test_table_columns_are_aligned():
    text = render_table(["product", "balance"], [["collection", 1000], ["remittance", None]])
    assert text.splitlines() == [
        "  product     balance",
        "  ----------  -------",
        "  collection  1000",
        "  remittance  -",
    ]


def test_check_lines_show_mark_detail_and_fix_only_on_failure():
    out = output()
    out.check(Mark.OK, "DNS", "resolves", "ignored")
    out.check(Mark.FAIL, "token", "login_failed", "Check the API key.")
    assert out.stdout.getvalue() == (
        "✓ DNS: resolves\n✗ token: login_failed\n    fix: Check the API key.\n"
    )


def test_marks_fall_back_to_ascii_when_the_terminal_cannot_show_them():
    out = output(AsciiStream())
    out.check(Mark.WARN, "balance", "unavailable")
    out.check(Mark.SKIP, "callbacks", "not set")
    assert out.stdout.getvalue() == "warn balance: unavailable\n- callbacks: not set\n"


def test_live_line_rewrites_itself_on_a_terminal():
    out = output(TTYStringIO())
    live = out.live()
    live.update("PENDING", "ref: PENDING (0.0 s)")
    live.update("PENDING", "ref: PENDING (1.0 s)")
    live.update("SUCCESSFUL", "ref: OK")
    live.finish()
    assert out.stdout.getvalue() == (
        "\rref: PENDING (0.0 s)\rref: PENDING (1.0 s)\rref: OK" + " " * 13 + "\n"
    )


def test_live_line_prints_plain_lines_only_when_the_status_changes_off_a_terminal():
    out = output()
    live = out.live()
    for key, text in [("PENDING", "a"), ("PENDING", "b"), ("SUCCESSFUL", "c")]:
        live.update(key, text)
    live.finish()
    assert out.stdout.getvalue() == "a\nc\n"


def test_json_mode_writes_only_the_json_document():
    out = output(json_mode=True)
    out.section("title")
    out.line("text")
    out.check(Mark.OK, "x", "y")
    out.table(["a"], [["b"]])
    out.live().update("PENDING", "z")
    out.emit_json({"ok": True})
    assert out.stdout.getvalue() == '{\n  "ok": true\n}\n'


def test_everything_written_is_redacted_including_secrets_added_later():
    out = output()
    config_secrets = Secrets(["subscription-key-0001"])
    out.protect(config_secrets, "api-key-value-0002", None)
    config_secrets.add("token-issued-later-0003")
    out.line("subscription-key-0001 api-key-value-0002 token-issued-later-0003")
    out.note("Authorization: Bearer abc.def")
    out.error(1, "api", "failed with api-key-value-0002", None)
    written = out.stdout.getvalue() + out.stderr.getvalue()
    for secret in ("subscription-key-0001", "api-key-value-0002", "token-issued-later-0003"):
        assert secret not in written
    assert "abc.def" not in written
    assert written.count("[REDACTED]") == 5


def test_reveal_is_the_one_unredacted_path():
    out = output()
    out.protect("api-key-value-0002")
    out.reveal("MOMO_COLLECTION_API_KEY=api-key-value-0002\n")
    assert out.stdout.getvalue() == "MOMO_COLLECTION_API_KEY=api-key-value-0002\n"
