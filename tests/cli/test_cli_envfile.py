"""Reading and updating .env files in place."""

from __future__ import annotations

import stat

from momo_wrapper.cli._envfile import parse_env, update_env_file, updated_env_text


def test_parse_env_reads_plain_quoted_and_exported_values():
    text = "\n".join(
        [
            "# a comment",
            "",
            "MOMO_BASE_URL=http://127.0.0.1:8000",
            "export MOMO_CURRENCY = EUR",
            'MOMO_USER_AGENT="shop # 1"',
            "MOMO_COLLECTION_API_USER='abc'",
            "MOMO_TIMEOUT=30 # seconds",
            "not a line",
        ]
    )
    assert parse_env(text) == {
        "MOMO_BASE_URL": "http://127.0.0.1:8000",
        "MOMO_CURRENCY": "EUR",
        "MOMO_USER_AGENT": "shop # 1",
        "MOMO_COLLECTION_API_USER": "abc",
        "MOMO_TIMEOUT": "30",
    }


def test_update_rewrites_in_place_drops_duplicates_and_appends_new_keys():
    text = "# keys\nA=1\nB=2\n# A=commented\nA=3\nC=4\n"
    assert updated_env_text(text, {"A": "new", "D": "5"}) == (
        "# keys\nA=new\nB=2\n# A=commented\nC=4\nD=5\n"
    )


def test_update_of_an_empty_text_writes_the_values():
    assert updated_env_text("", {"A": "1", "B": "2"}) == "A=1\nB=2\n"


def test_a_new_file_is_private_and_an_existing_file_keeps_its_mode(tmp_path):
    path = tmp_path / ".env"
    assert update_env_file(path, {"A": "1"}) is False
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    assert update_env_file(path, {"A": "2", "B": "3"}) is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "A=2\nB=3\n"
    assert [p.name for p in tmp_path.iterdir()] == [".env"]  # no temporary file left behind
