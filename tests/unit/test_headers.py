from __future__ import annotations

import email.utils

import pytest

from momo_wrapper._headers import header_value, parse_retry_after

NOW = 1_700_000_000.0


def test_header_lookup_is_case_insensitive_for_plain_dicts() -> None:
    headers = {"Retry-After": "5", "content-type": "text/html"}
    assert header_value(headers, "retry-after") == "5"
    assert header_value(headers, "Content-Type") == "text/html"
    assert header_value(headers, "x-missing") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        (" 2 ", 2.0),
        ("1.5", 1.5),
        ("0", 0.0),
        ("-1", None),
        ("inf", None),
        ("nan", None),
        ("soon", None),
        ("", None),
        (None, None),
        (email.utils.formatdate(NOW + 30, usegmt=True), 30.0),
        (email.utils.formatdate(NOW - 30, usegmt=True), 0.0),
        ("Wed, 21 Oct 2015 07:28:00", None),  # no zone: not an HTTP-date
    ],
)
def test_retry_after_forms(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected
