from __future__ import annotations

import decimal
import uuid
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momo_wrapper._environments import TARGET_ENVIRONMENTS
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._validation import (
    NOTE_MAX_LENGTH,
    validate_amount,
    validate_base_url,
    validate_bool,
    validate_callback_url,
    validate_currency,
    validate_external_id,
    validate_msisdn,
    validate_note,
    validate_party_id,
    validate_party_id_type,
    validate_positive_int,
    validate_positive_number,
    validate_product,
    validate_reference_id,
    validate_target_environment,
)

SANDBOX = TARGET_ENVIRONMENTS["sandbox"]
UGANDA = TARGET_ENVIRONMENTS["mtnuganda"]

# --- wrong types never give TypeError ---------------------------------------------------------

VALIDATORS: list[tuple[str, Callable[[object], object]]] = [
    ("msisdn", validate_msisdn),
    ("party_id_type", validate_party_id_type),
    ("party_id", lambda v: validate_party_id("MSISDN", v)),
    ("amount", lambda v: validate_amount(v, currency="EUR")),
    ("currency", validate_currency),
    ("note", validate_note),
    ("external_id", validate_external_id),
    ("reference_id", validate_reference_id),
    ("base_url", validate_base_url),
    ("callback_url", validate_callback_url),
    ("product", validate_product),
    ("target_environment", validate_target_environment),
    ("positive_number", lambda v: validate_positive_number(v, field="n")),
    ("positive_int", lambda v: validate_positive_int(v, field="n")),
    ("bool", lambda v: validate_bool(v, field="flag")),
]
WRONG_TYPES = [None, b"bytes", 1.5, [], {}, object()]


WRONG_TYPE_CASES = [
    pytest.param(validator, value, id=f"{name}-{type(value).__name__}")
    for name, validator in VALIDATORS
    for value in WRONG_TYPES
    if not (name == "positive_number" and isinstance(value, float))  # a float is a number
]


@pytest.mark.parametrize(("validator", "value"), WRONG_TYPE_CASES)
def test_wrong_types_raise_validation_errors(validator, value) -> None:
    with pytest.raises(MomoValidationError) as info:
        validator(value)
    assert isinstance(info.value, ValueError)


def test_int_where_a_string_is_expected_says_so() -> None:
    with pytest.raises(MomoValidationError, match="expected a string, got int") as info:
        validate_msisdn(46733123454)
    assert info.value.field == "msisdn"
    assert info.value.fix
    assert "46733123454" in info.value.fix


# --- MSISDN and parties --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("46733123454", "46733123454"),
        ("+256 772 123-456", "256772123456"),
        ("0248888736", "0248888736"),
        ("  +233-24-888-8736 ", "233248888736"),
        ("56733123453", "56733123453"),
    ],
)
def test_msisdn_normalisation(raw: str, clean: str) -> None:
    assert validate_msisdn(raw) == clean


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("", "empty"),
        ("+", "empty"),
        ("1234567", "7 digits"),
        ("1234567890123456", "16 digits"),
        ("0772abc123", "only digits"),
        ("(0772) 123456", "only digits"),
        ("٠٧٧٢١٢٣٤٥٦", "only digits"),  # Arabic-Indic digits are not ASCII
        ("++46733123454", "only digits"),
    ],
)
def test_msisdn_rejections(raw: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem) as info:
        validate_msisdn(raw, field="payer")
    assert info.value.field == "payer"


def test_msisdn_errors_do_not_repeat_the_number() -> None:
    with pytest.raises(MomoValidationError) as info:
        validate_msisdn("2567721234x")
    assert "2567721234" not in str(info.value)


@pytest.mark.parametrize(
    ("raw", "kind"), [("msisdn", "MSISDN"), (" Email ", "EMAIL"), ("PARTY_CODE", "PARTY_CODE")]
)
def test_party_id_types(raw: str, kind: str) -> None:
    assert validate_party_id_type(raw) == kind


def test_unknown_party_id_type() -> None:
    with pytest.raises(MomoValidationError, match="MSISDN, EMAIL, PARTY_CODE"):
        validate_party_id_type("ALIAS")


def test_party_ids_by_type() -> None:
    assert validate_party_id("msisdn", "+46 733 123 454") == "46733123454"
    assert validate_party_id("EMAIL", " payer@example.com ") == "payer@example.com"
    code = "783a8f21-3fc6-4e39-aa76-da8e562fba7e"
    assert validate_party_id("PARTY_CODE", code) == code


@pytest.mark.parametrize(
    "email",
    [
        "no-at-sign",
        "@example.com",
        "a@b",
        "a@@b.com",
        "a b@c.com",
        "a@b\n.com",
        "x" * 250 + "@b.com",
    ],
)
def test_bad_emails(email: str) -> None:
    with pytest.raises(MomoValidationError, match="e-mail"):
        validate_party_id("EMAIL", email)


@pytest.mark.parametrize("code", ["", "   ", "has space", "x" * 129, "ctl\x00x"])
def test_bad_party_codes(code: str) -> None:
    with pytest.raises(MomoValidationError):
        validate_party_id("PARTY_CODE", code)


# --- amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency", "wire"),
    [
        ("10.50", "EUR", "10.5"),
        ("10", "EUR", "10"),
        (" 5 ", "EUR", "5"),
        ("0.01", "EUR", "0.01"),
        ("10.500", "EUR", "10.5"),
        ("5.0", "EUR", "5"),
        (10, "EUR", "10"),
        (Decimal("12.34"), "EUR", "12.34"),
        (Decimal("1E+2"), "EUR", "100"),
        ("1000.00", "UGX", "1000"),
        (5000, "XAF", "5000"),
        ("999999999999999", "UGX", "999999999999999"),
    ],
)
def test_valid_amounts_and_their_wire_form(value: object, currency: str, wire: str) -> None:
    assert validate_amount(value, currency=currency) == wire


@pytest.mark.parametrize(
    ("value", "currency", "problem"),
    [
        (10.5, "EUR", "floats are not accepted"),
        (True, "EUR", "expected an amount, got bool"),
        (None, "EUR", "expected an amount, got None"),
        (b"10", "EUR", "expected str, int or Decimal"),
        ("1e3", "EUR", "not a plain decimal"),
        ("-1", "EUR", "not a plain decimal"),
        ("+5", "EUR", "not a plain decimal"),
        ("1,000", "EUR", "not a plain decimal"),
        (".5", "EUR", "not a plain decimal"),
        ("5.", "EUR", "not a plain decimal"),
        ("NaN", "EUR", "not a plain decimal"),
        ("", "EUR", "not a plain decimal"),
        ("\u0661\u0660", "EUR", "not a plain decimal"),  # Arabic-Indic digits
        ("0", "EUR", "greater than zero"),
        ("0.00", "EUR", "greater than zero"),
        (0, "EUR", "greater than zero"),
        (-3, "EUR", "greater than zero"),
        (Decimal("-1"), "EUR", "greater than zero"),
        (Decimal("NaN"), "EUR", "not a finite"),
        (Decimal("Infinity"), "EUR", "not a finite"),
        ("10.001", "EUR", "3 decimal places; EUR allows at most 2"),
        ("10.5", "UGX", "UGX allows no decimal places"),
        ("1000000000000000", "UGX", "16 integer digits"),
    ],
)
def test_invalid_amounts(value: object, currency: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem) as info:
        validate_amount(value, currency=currency)
    assert info.value.field == "amount"


def test_float_rejection_suggests_the_exact_string() -> None:
    with pytest.raises(MomoValidationError, match=r"'10\.5'"):
        validate_amount(10.5, currency="EUR")


def test_max_amount_guard() -> None:
    assert validate_amount("100", currency="EUR", max_amount=Decimal("100")) == "100"
    with pytest.raises(MomoValidationError, match="max_amount") as info:
        validate_amount("100.01", currency="EUR", max_amount=Decimal("100"))
    assert info.value.fix
    assert "MOMO_MAX_AMOUNT" in info.value.fix


@given(
    st.decimals(
        min_value=Decimal("0.01"),
        max_value=Decimal("1e12"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_amount_round_trips_exactly(amount: Decimal) -> None:
    wire = validate_amount(amount, currency="EUR")
    assert Decimal(wire) == amount
    assert "E" not in wire
    assert "e" not in wire
    assert validate_amount(wire, currency="EUR") == wire  # idempotent
    if "." in wire:
        assert not wire.endswith("0")


@pytest.mark.parametrize(
    ("value", "currency"),
    [
        ("1.0000000000000000000000000004", "EUR"),  # 29 digits: the default context rounds
        ("100000000000000.0000000000000001", "EUR"),
        ("5.00000000000000000000000000001", "UGX"),
        (Decimal("1.0000000000000000000000000004"), "EUR"),
    ],
)
def test_an_amount_that_would_be_rounded_is_refused(value: object, currency: str) -> None:
    with pytest.raises(MomoValidationError, match="decimal places"):
        validate_amount(value, currency=currency)


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=15),
    st.text(alphabet="0123456789", min_size=0, max_size=40),
)
def test_whatever_is_accepted_is_sent_exactly(integer: str, fraction: str) -> None:
    text = f"{integer}.{fraction}" if fraction else integer
    try:
        wire = validate_amount(text, currency="EUR")
    except MomoValidationError:
        return
    assert Decimal(wire) == Decimal(text)


@given(
    st.decimals(
        min_value=Decimal("0.0001"),
        max_value=Decimal("999999999999999.9999"),
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_the_wire_form_ignores_the_callers_decimal_context(amount: Decimal) -> None:
    """A service that set a 5-digit context still sends every digit, and no trailing zero."""
    expected = validate_amount(amount, currency="EUR") if _places_ok(amount) else None
    with decimal.localcontext() as narrow:
        narrow.prec = 5
        if expected is None:
            with pytest.raises(MomoValidationError, match="decimal places"):
                validate_amount(amount, currency="EUR")
            return
        assert validate_amount(amount, currency="EUR") == expected
    assert Decimal(expected) == amount


def _places_ok(amount: Decimal) -> bool:
    return amount == amount.quantize(Decimal("0.01"), context=decimal.Context(prec=50))


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_integer_amounts_are_valid_in_zero_scale_currencies(amount: int) -> None:
    assert validate_amount(amount, currency="UGX") == str(amount)


# --- currency -----------------------------------------------------------------------------------


def test_currency_is_upper_cased() -> None:
    assert validate_currency(" eur ") == "EUR"
    assert validate_currency("UGX", environment=UGANDA) == "UGX"


@pytest.mark.parametrize("value", ["EU", "EURO", "E1R", "", "€UR"])
def test_currency_format(value: str) -> None:
    with pytest.raises(MomoValidationError, match="ISO 4217"):
        validate_currency(value)


def test_sandbox_accepts_only_eur() -> None:
    with pytest.raises(MomoValidationError, match="sandbox accepts only EUR") as info:
        validate_currency("UGX", environment=SANDBOX)
    assert info.value.fix == "Use currency='EUR'."


def test_production_market_accepts_only_its_currency() -> None:
    with pytest.raises(MomoValidationError, match=r"mtnuganda \(Uganda\) accepts only UGX"):
        validate_currency("EUR", environment=UGANDA)


# --- notes and external ids --------------------------------------------------------------------


def test_valid_note_is_stripped() -> None:
    assert validate_note("  Order 17  ") == "Order 17"
    assert validate_note("é" * NOTE_MAX_LENGTH) == "é" * NOTE_MAX_LENGTH


@pytest.mark.parametrize(
    ("note", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (NOTE_MAX_LENGTH + 1), "161 characters"),
        ("Fish & chips", "'&'"),
        ("Tom's order", '"\'"'),
        ("<b>", "'<'"),
        ("a > b", "'>'"),
        ("line\nbreak", "control"),
        ("tab\there", "control"),
        ("zero\u200bwidth", "control"),
    ],
)
def test_note_rejections(note: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem) as info:
        validate_note(note, field="payee_note")
    assert info.value.field == "payee_note"


def test_note_errors_do_not_repeat_the_note() -> None:
    with pytest.raises(MomoValidationError) as info:
        validate_note("Secret gift for Alice & Bob")
    assert "Alice" not in str(info.value)


def test_external_id() -> None:
    assert validate_external_id("order-17") == "order-17"
    assert validate_external_id("order 17") == "order 17"
    for bad, problem in [
        ("", "empty"),
        ("  ", "empty"),
        (" order", "leading or trailing"),
        ("x" * 129, "129 characters"),
        ("a&b", "'&'"),
        ("a\nb", "control"),
    ]:
        with pytest.raises(MomoValidationError, match=problem):
            validate_external_id(bad)


# --- reference ids -----------------------------------------------------------------------------

VERSION_1 = "c232ab00-9414-11ec-b3c8-9f6bdeced846"
VERSION_4 = "5f0c8d8e-3c1b-4a53-9d0e-2b7e6f1a9c44"


def test_reference_id_is_lower_cased() -> None:
    value = str(uuid.uuid4())
    assert validate_reference_id(value.upper()) == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        # Fixed values, not fresh uuid1()/uuid4() calls: test ids must be the same in every
        # process (pytest-xdist workers compare their collections).
        (VERSION_1, "version 1"),
        ("00000000-0000-0000-0000-000000000000", "version"),
        (VERSION_4.replace("-", ""), "not a UUID"),
        ("{" + VERSION_4 + "}", "not a UUID"),
        ("urn:uuid:" + VERSION_4, "not a UUID"),
        (VERSION_4 + "0", "not a UUID"),
        ("not-a-uuid", "not a UUID"),
        # version nibble 4 but the variant is Microsoft's, not RFC 4122
        ("3f2a6c1e-8d4b-4c2a-cf1f-5b6d7c8e9f01", "version"),
    ],
)
def test_reference_id_rejections(value: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem):
        validate_reference_id(value)


# --- URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://sandbox.momodeveloper.mtn.com/", "https://sandbox.momodeveloper.mtn.com"),
        ("https://proxy.example.com/momo/", "https://proxy.example.com/momo"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://localhost:9000/", "http://localhost:9000"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_base_urls(raw: str, clean: str) -> None:
    assert validate_base_url(raw) == clean


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("http://sandbox.momodeveloper.mtn.com", "plain http"),
        ("http://10.0.0.5:8080", "plain http"),
        ("ftp://example.com", "absolute http"),
        ("sandbox.momodeveloper.mtn.com", "absolute http"),
        ("https://", "absolute http"),
        ("https://example.com?x=1", "query string"),
        ("https://user:pw@example.com", "credentials"),
        ("https://example.com/#frag", "fragment"),
        ("https://example.com:99999", "not a valid URL"),
        ("https://exa mple.com", "without spaces"),
        ("", "absolute URL"),
    ],
)
def test_base_url_rejections(raw: str, problem: str) -> None:
    with pytest.raises(MomoValidationError, match=problem):
        validate_base_url(raw)


def test_plain_http_error_explains_the_localhost_exception() -> None:
    with pytest.raises(MomoValidationError) as info:
        validate_base_url("http://example.com")
    assert info.value.fix
    assert "localhost/127.0.0.1/::1" in info.value.fix


def test_callback_urls() -> None:
    assert validate_callback_url("http://webhook.example.com/cb", environment=SANDBOX)
    assert validate_callback_url("https://shop.example.com/cb", environment=UGANDA)
    assert validate_callback_url("http://localhost:8000/cb", environment=UGANDA)
    with pytest.raises(MomoValidationError, match="https only"):
        validate_callback_url("http://shop.example.com/cb", environment=UGANDA)
    with pytest.raises(MomoValidationError, match="absolute"):
        validate_callback_url("/relative/path", environment=SANDBOX)


# --- products, environments, numbers -------------------------------------------------------


def test_products() -> None:
    assert validate_product(" Collection ") == "collection"
    with pytest.raises(MomoValidationError, match="collection, disbursement, remittance"):
        validate_product("payments")


def test_target_environments() -> None:
    assert validate_target_environment("MTNUganda") is UGANDA
    with pytest.raises(MomoValidationError, match="not a known target environment") as info:
        validate_target_environment("mtnmars")
    assert info.value.fix
    assert "mtnghana" in info.value.fix


@pytest.mark.parametrize(
    ("value", "kwargs", "problem"),
    [
        (True, {}, "expected a number"),
        ("5", {}, "expected a number"),
        (float("nan"), {}, "finite"),
        (float("inf"), {}, "finite"),
        (-1, {}, "greater than zero"),
        (0, {}, "greater than zero"),
        (-1, {"allow_zero": True}, "zero or more"),
        (11, {"maximum": 10}, "at most 10"),
    ],
)
def test_positive_number_rejections(value, kwargs, problem) -> None:
    with pytest.raises(MomoValidationError, match=problem):
        validate_positive_number(value, field="n", **kwargs)


def test_positive_numbers_accepted() -> None:
    assert validate_positive_number(3, field="n") == 3.0
    assert validate_positive_number(0, field="n", allow_zero=True) == 0.0
    assert validate_positive_int(3, field="n", maximum=3) == 3
    assert validate_bool(False, field="flag") is False


@pytest.mark.parametrize(
    ("value", "problem"),
    [(True, "whole number"), (2.0, "whole number"), (0, "at least 1"), (11, "at most 10")],
)
def test_positive_int_rejections(value, problem) -> None:
    with pytest.raises(MomoValidationError, match=problem):
        validate_positive_int(value, field="n", maximum=10)


def test_bool_rejects_truthy_values() -> None:
    with pytest.raises(MomoValidationError, match="True or False"):
        validate_bool(1, field="flag")


def test_a_uuid_object_is_accepted_as_a_reference_id() -> None:
    import uuid

    from momo_wrapper._validation import validate_reference_id

    value = uuid.uuid4()
    assert validate_reference_id(value) == str(value)
    with pytest.raises(MomoValidationError):
        validate_reference_id(uuid.uuid1())
