from __future__ import annotations

import logging

import pytest

from momo_wrapper._redact import (
    REDACTED,
    RedactingFilter,
    Secrets,
    mask_identifier,
    mask_secret,
    redact_shapes,
)

API_KEY = "de4f4885c9a24c168127cf76e3277876"
SUBSCRIPTION_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.eyJjbGllbnRJZCI6IjEyMyJ9.c2lnbmF0dXJl"
API_USER = "783a8f21-3fc6-4e39-aa76-da8e562fba7e"


def test_known_values_are_replaced_wherever_they_occur() -> None:
    secrets = Secrets(["not-a-shape-but-secret-1234"])
    text = "prefix-not-a-shape-but-secret-1234-suffix and again not-a-shape-but-secret-1234"
    assert secrets.redact(text) == f"prefix-{REDACTED}-suffix and again {REDACTED}"


def test_longer_secret_wins_over_a_secret_it_contains() -> None:
    secrets = Secrets(["secret-value", "secret-value-longer"])
    assert secrets.redact("x secret-value-longer y") == f"x {REDACTED} y"


def test_none_empty_and_short_values_are_ignored() -> None:
    secrets = Secrets([None, "", "abc"])
    assert len(secrets) == 0
    assert secrets.redact("abc stays") == "abc stays"


def test_add_and_discard() -> None:
    secrets = Secrets()
    secrets.add("temporary-token-value")
    assert "temporary-token-value" in secrets
    secrets.discard("temporary-token-value")
    assert "temporary-token-value" not in secrets
    assert secrets.redact("temporary-token-value") == "temporary-token-value"


def test_repr_shows_only_a_count() -> None:
    secrets = Secrets(["a-secret-value-here"])
    assert repr(secrets) == "Secrets(<1 values>)"


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ("Authorization: Basic Nzgz0mRlNGY0ODg1Yzk=", "Nzgz0mRlNGY0ODg1Yzk="),
        ('{"Authorization": "Token custom-scheme-value"}', "custom-scheme-value"),
        ("authorization=Digest abc-digest-value\nnext: line", "abc-digest-value"),
        (f"Authorization: Bearer {JWT}", JWT),
        ("headers={'Authorization': 'bearer abc.def-ghi'}", "abc.def-ghi"),
        (f"Ocp-Apim-Subscription-Key: {SUBSCRIPTION_KEY}", SUBSCRIPTION_KEY),
        ("{'Ocp-Apim-Subscription-Key': 'short-sub-key'}", "short-sub-key"),
        ("GET /collection/v1_0/x?subscription-key=plainvalue&a=1", "plainvalue"),
        ('{"access_token":"opaque-token-value","expires_in":3600}', "opaque-token-value"),
        ('{"apiKey": "not-hex-but-secret"}', "not-hex-but-secret"),
        ("api_key=letmein123", "letmein123"),
        (f"the token is {JWT}.", JWT),
        (f"key {API_KEY} in text", API_KEY),
        (f"KEY {API_KEY.upper()} upper", API_KEY.upper()),
    ],
)
def test_secret_shapes_are_scrubbed_without_knowing_the_value(text: str, leaked: str) -> None:
    scrubbed = redact_shapes(text)
    assert leaked not in scrubbed
    assert REDACTED in scrubbed
    assert Secrets().redact(text) == scrubbed


@pytest.mark.parametrize(
    "text",
    [
        f"reference {API_USER}",
        "amount 10.50 EUR to 46733123454",
        '{"financialTransactionId":"386380485","status":"SUCCESSFUL"}',
    ],
)
def test_ordinary_text_is_untouched(text: str) -> None:
    assert redact_shapes(text) == text


def test_a_word_after_basic_or_bearer_is_scrubbed_on_the_safe_side() -> None:
    # "Basic <word>" cannot be told apart from a credential, so prose loses a word; keys never leak.
    assert redact_shapes("a basic sentence") == f"a basic {REDACTED}"


def test_mask_identifier_keeps_last_four() -> None:
    assert mask_identifier(API_USER) == "…ba7e"
    assert mask_identifier("abc") == "…"
    assert mask_identifier(None) == "<unset>"
    assert mask_identifier("") == "<unset>"


def test_mask_secret_never_shows_any_part() -> None:
    assert mask_secret(API_KEY) == "***"
    assert mask_secret(None) == "<unset>"


def _capture(secrets: Secrets) -> tuple[logging.Logger, list[logging.LogRecord]]:
    records: list[logging.LogRecord] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger(f"test-redact-{id(records)}")
    logger.propagate = False
    handler = ListHandler()
    handler.addFilter(RedactingFilter(secrets))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return logger, records


def test_logging_filter_scrubs_message_and_args() -> None:
    secrets = Secrets(["known-secret-value"])
    logger, records = _capture(secrets)
    logger.info("calling with %s and %s", "known-secret-value", f"Bearer {JWT}")
    (record,) = records
    message = record.getMessage()
    assert "known-secret-value" not in message
    assert JWT not in message
    assert record.args is None


def test_logging_filter_scrubs_exception_text() -> None:
    secrets = Secrets(["known-secret-value"])
    logger, records = _capture(secrets)
    try:
        raise RuntimeError("failed with known-secret-value")
    except RuntimeError:
        logger.exception("boom")
    (record,) = records
    assert record.exc_text is not None
    assert "known-secret-value" not in record.exc_text
    assert "RuntimeError" in record.exc_text
    formatted = logging.Formatter().format(record)
    assert "known-secret-value" not in formatted


def test_logging_filter_survives_a_broken_format_string() -> None:
    logger, records = _capture(Secrets())
    logger.info("%d items", "not-a-number")
    assert records[0].getMessage() == "%d items"
