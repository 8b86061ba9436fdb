"""Pre-flight validation: catch what MoMo would reject (often as an opaque 400 or 500) up front.

Every validator takes ``object`` (callers pass anything), returns the normalised value to put on
the wire, and raises :class:`MomoValidationError` naming the field and what to fix, never
``TypeError``. Messages do not repeat phone numbers or note texts (they end up in logs).

Decisions worth knowing:

* **Amounts** accept ``str``, ``int`` and ``Decimal``. ``float`` is rejected: binary floating point
  cannot hold most decimal amounts exactly (``0.1 + 0.2``), and a payment SDK must not round
  silently. ``bool`` is rejected although it is an ``int``. Strings must be plain decimals
  (``"10"``, ``"10.50"``): no sign, exponent, spaces inside or thousands separators. The value
  must be positive, have no more decimal places than the currency allows (trailing zeros do not
  count: ``"10.500"`` is fine for EUR) and at most 15 integer digits. The wire form is the shortest
  plain decimal (``"10.50"`` -> ``"10.5"``), which is also how MoMo echoes amounts back.
* **MSISDNs** lose ``+``, spaces and dashes and must then be 8 to 15 ASCII digits. No country code
  is added or required, so sandbox numbers such as ``46733123454`` pass unchanged.
* **Notes** (``payer_message``, ``payee_note``) may not be empty: production answers 500 to empty
  notes while the sandbox accepts them, so the SDK refuses them everywhere. At most 160 characters,
  and none of ``& ' < >`` or control/format characters (MTN rejects those downstream).
* **Currency** is three ASCII letters, upper-cased; the sandbox takes only EUR and a production
  market only its own currency.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
import uuid
from decimal import Decimal, InvalidOperation

from ._environments import TARGET_ENVIRONMENTS, TargetEnvironment, currency_scale, is_loopback_host
from ._errors import MomoValidationError
from ._product_names import PRODUCTS as PRODUCTS  # re-exported: its home imports nothing

PARTY_ID_TYPES = ("MSISDN", "EMAIL", "PARTY_CODE")

MSISDN_MIN_DIGITS = 8
MSISDN_MAX_DIGITS = 15  # E.164
NOTE_MAX_LENGTH = 160
EXTERNAL_ID_MAX_LENGTH = 128
PARTY_CODE_MAX_LENGTH = 128
EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 2048
AMOUNT_MAX_INTEGER_DIGITS = 15
FORBIDDEN_TEXT_CHARACTERS = "&'<>"

_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_CURRENCY = re.compile(r"[A-Za-z]{3}")
_UUID_CANONICAL = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_UUID4_LOWER = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
"""A UUID4 already in the canonical form validate_reference_id returns: no parse needed."""
_MSISDN_SEPARATORS = re.compile(r"[\s\-]+")


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def require_str(value: object, field: str, example: str) -> str:
    """``value`` if it is a ``str``; otherwise a validation error showing an example."""
    if isinstance(value, str):
        return value
    raise MomoValidationError(
        field, f"expected a string, got {_type_name(value)}.", f"Pass a string such as {example!r}."
    )


def _has_control_characters(text: str) -> bool:
    # Printable text has no character of category C (isprintable is False for all of them);
    # only text that is not printable needs the per-character scan.
    if text.isprintable():
        return False
    return any(unicodedata.category(ch).startswith("C") for ch in text)


# --------------------------------------------------------------------------------------------
# Parties


def validate_msisdn(value: object, *, field: str = "msisdn") -> str:
    """A phone number as MoMo wants it: digits only, no ``+``, no separators."""
    text = require_str(value, field, "46733123454")
    if text.isdigit() and text.isascii():
        cleaned = text  # the usual form: nothing for the separator pattern to remove
    else:
        cleaned = _MSISDN_SEPARATORS.sub("", text)
        if cleaned.startswith("+"):
            cleaned = cleaned[1:]
    if not cleaned:
        raise MomoValidationError(field, "is empty.", "Pass the phone number, e.g. '256772123456'.")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise MomoValidationError(
            field,
            "must contain only digits (a leading '+', spaces and dashes are removed).",
            "Remove letters and other punctuation.",
        )
    if not MSISDN_MIN_DIGITS <= len(cleaned) <= MSISDN_MAX_DIGITS:
        raise MomoValidationError(
            field,
            f"has {len(cleaned)} digits; a phone number has "
            f"{MSISDN_MIN_DIGITS} to {MSISDN_MAX_DIGITS}.",
            "Use the full number, normally with the country code (e.g. '256772123456').",
        )
    return cleaned


def validate_party_id_type(value: object, *, field: str = "party_id_type") -> str:
    """``MSISDN``, ``EMAIL`` or ``PARTY_CODE`` (any case in, upper case out)."""
    text = require_str(value, field, "MSISDN").strip().upper()
    if text not in PARTY_ID_TYPES:
        raise MomoValidationError(
            field, f"{text!r} is not a party id type.", f"Use one of {', '.join(PARTY_ID_TYPES)}."
        )
    return text


def validate_party_id(party_id_type: object, party_id: object, *, field: str = "party") -> str:
    """The party id, normalised for its (already validated or raw) type."""
    kind = validate_party_id_type(party_id_type, field=f"{field}.party_id_type")
    if kind == "MSISDN":
        return validate_msisdn(party_id, field=field)
    if kind == "EMAIL":
        text = require_str(party_id, field, "payer@example.com").strip()
        local, at, domain = text.partition("@")
        if (
            not at
            or not local
            or "." not in domain
            or "@" in domain
            or len(text) > EMAIL_MAX_LENGTH
            or any(ch.isspace() for ch in text)
            or _has_control_characters(text)
        ):
            raise MomoValidationError(
                field, "is not an e-mail address.", "Use the form 'name@example.com'."
            )
        return text
    text = require_str(party_id, field, "a-party-code").strip()
    if not text or len(text) > PARTY_CODE_MAX_LENGTH or any(ch.isspace() for ch in text):
        raise MomoValidationError(
            field,
            f"a PARTY_CODE must be 1 to {PARTY_CODE_MAX_LENGTH} characters without spaces.",
        )
    if _has_control_characters(text):
        raise MomoValidationError(field, "contains control characters.")
    return text


# --------------------------------------------------------------------------------------------
# Money


def parse_amount(value: object, *, field: str = "amount") -> Decimal:
    """A positive, finite ``Decimal`` from ``str``/``int``/``Decimal`` input (see module notes)."""
    amount: Decimal
    if isinstance(value, bool) or value is None:
        raise MomoValidationError(
            field, f"expected an amount, got {_type_name(value)}.", "Pass a string such as '10.50'."
        )
    if isinstance(value, float):
        raise MomoValidationError(
            field,
            "floats are not accepted: binary floating point cannot hold most amounts exactly.",
            f"Pass a string or Decimal instead, e.g. {format(Decimal(repr(value)), 'f')!r}.",
        )
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise MomoValidationError(field, f"{value} is not a finite amount.")
        amount = value
    elif isinstance(value, str):
        text = value.strip()
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise MomoValidationError(
                field,
                f"{value!r} is not a plain decimal amount.",
                "Use digits with an optional '.' and fraction, e.g. '10' or '10.50' "
                "(no sign, exponent or thousands separator).",
            )
        try:
            amount = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees a decimal
            raise MomoValidationError(field, f"{value!r} is not a decimal amount.") from None
    else:
        raise MomoValidationError(
            field,
            f"expected str, int or Decimal, got {_type_name(value)}.",
            "Pass a string such as '10.50'.",
        )
    if amount <= 0:
        raise MomoValidationError(field, f"must be greater than zero, got {amount}.")
    integer_digits = amount.adjusted() + 1
    if integer_digits > AMOUNT_MAX_INTEGER_DIGITS:
        raise MomoValidationError(
            field, f"has {integer_digits} integer digits; at most {AMOUNT_MAX_INTEGER_DIGITS}."
        )
    return amount


def _places(wire: str) -> int:
    """Decimal places of a wire amount: ``'10.5'`` -> 1, ``'100'`` -> 0."""
    point = wire.find(".")
    return 0 if point < 0 else len(wire) - point - 1


def format_amount(amount: Decimal) -> str:
    """The shortest plain decimal for the wire, exactly equal to ``amount``:
    ``Decimal('10.50')`` -> ``'10.5'``."""
    # "f" writes every digit the Decimal holds and never rounds (no precision given, so the
    # context's does not apply); only the zeros that end a fraction are dropped. normalize()
    # would round to the context's 28 digits, and building a tuple of digits costs more.
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def validate_amount(
    value: object,
    *,
    currency: str,
    max_amount: Decimal | None = None,
    field: str = "amount",
) -> str:
    """An amount valid for ``currency``, as its wire string."""
    amount = parse_amount(value, field=field)
    scale = currency_scale(currency)
    wire = format_amount(amount)
    places = _places(wire)
    if places > scale:
        allowed = "no decimal places" if scale == 0 else f"at most {scale} decimal places"
        raise MomoValidationError(
            field,
            f"{wire} has {places} decimal places; {currency} allows {allowed}.",
        )
    if max_amount is not None and amount > max_amount:
        raise MomoValidationError(
            field,
            f"{wire} is above the configured max_amount of {format_amount(max_amount)}.",
            "Raise MomoConfig.max_amount (MOMO_MAX_AMOUNT) if this amount is intended.",
        )
    return wire


def validate_currency(
    value: object, *, environment: TargetEnvironment | None = None, field: str = "currency"
) -> str:
    """An ISO 4217 code, upper-cased, that the target environment accepts."""
    text = require_str(value, field, "EUR").strip()
    if not _CURRENCY.fullmatch(text):
        raise MomoValidationError(
            field, f"{text!r} is not an ISO 4217 currency code.", "Use three letters, e.g. 'EUR'."
        )
    code = text.upper()
    if environment is not None and code != environment.currency:
        if environment.is_sandbox:
            raise MomoValidationError(
                field, f"the sandbox accepts only EUR, got {code}.", "Use currency='EUR'."
            )
        raise MomoValidationError(
            field,
            f"{environment.name} ({environment.market}) accepts only {environment.currency}, "
            f"got {code}.",
            f"Use currency={environment.currency!r}.",
        )
    return code


# --------------------------------------------------------------------------------------------
# Free text and identifiers


def _check_text_characters(text: str, field: str) -> None:
    for ch in FORBIDDEN_TEXT_CHARACTERS:
        if ch in text:
            raise MomoValidationError(
                field,
                f"contains {ch!r}, which MoMo rejects.",
                f"Remove the characters {' '.join(FORBIDDEN_TEXT_CHARACTERS)}.",
            )
    if _has_control_characters(text):
        raise MomoValidationError(
            field,
            "contains control or invisible formatting characters (e.g. a newline).",
            "Use a single line of visible characters.",
        )


def validate_note(value: object, *, field: str = "payer_message") -> str:
    """``payer_message``, ``payee_note`` or a delivery notification: 1-160 visible characters."""
    text = require_str(value, field, "Order 17").strip()
    if not text:
        raise MomoValidationError(
            field,
            "is empty; MoMo production answers HTTP 500 to empty notes.",
            "Give a short text such as 'Order 17'.",
        )
    if len(text) > NOTE_MAX_LENGTH:
        raise MomoValidationError(
            field, f"has {len(text)} characters; MoMo allows at most {NOTE_MAX_LENGTH}."
        )
    _check_text_characters(text, field)
    return text


def validate_external_id(value: object, *, field: str = "external_id") -> str:
    """Your own id for the transaction (order number, invoice id): 1-128 visible characters."""
    text = require_str(value, field, "order-17")
    if not text.strip():
        raise MomoValidationError(
            field, "is empty.", "Pass your own identifier for this transaction, e.g. 'order-17'."
        )
    if text != text.strip():
        raise MomoValidationError(field, "has leading or trailing spaces.", "Remove them.")
    if len(text) > EXTERNAL_ID_MAX_LENGTH:
        raise MomoValidationError(
            field, f"has {len(text)} characters; at most {EXTERNAL_ID_MAX_LENGTH}."
        )
    _check_text_characters(text, field)
    return text


def validate_reference_id(value: object, *, field: str = "reference_id") -> str:
    """A UUID version 4 in canonical hyphenated form, lower-cased (MoMo's ``X-Reference-Id``).

    A ``uuid.UUID`` object is accepted as well as its string form.
    """
    if isinstance(value, uuid.UUID):
        value = str(value)
    text = require_str(value, field, "3f2a6c1e-8d4b-4c2a-9e1f-5b6d7c8e9f01")
    if _UUID4_LOWER.fullmatch(text):
        return text
    if not _UUID_CANONICAL.fullmatch(text):
        raise MomoValidationError(
            field,
            "is not a UUID in the form xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx.",
            "Generate one with uuid.uuid4() or let the SDK create it.",
        )
    parsed = uuid.UUID(text)
    if parsed.version != 4 or parsed.variant != uuid.RFC_4122:
        raise MomoValidationError(
            field,
            f"is a UUID version {parsed.version}; MoMo requires version 4.",
            "Generate one with uuid.uuid4() or let the SDK create it.",
        )
    return str(parsed)


# --------------------------------------------------------------------------------------------
# URLs, products and environments


def _split_url(value: object, field: str, example: str) -> tuple[str, urllib.parse.SplitResult]:
    text = require_str(value, field, example).strip()
    if not text or len(text) > URL_MAX_LENGTH or any(ch.isspace() for ch in text):
        raise MomoValidationError(
            field, f"must be an absolute URL of at most {URL_MAX_LENGTH} characters without spaces."
        )
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as err:
        raise MomoValidationError(field, f"is not a valid URL ({err}).") from None
    if parts.scheme not in ("http", "https") or not host:
        raise MomoValidationError(
            field, "must be an absolute http(s) URL with a host.", f"For example {example!r}."
        )
    if parts.username is not None or parts.password is not None:
        raise MomoValidationError(
            field, "must not contain credentials (user:password@).", "Remove them from the URL."
        )
    if parts.fragment:
        raise MomoValidationError(field, "must not contain a '#fragment'.")
    return text, parts


def validate_base_url(value: object, *, field: str = "base_url") -> str:
    """An https origin (optionally with a path prefix); http only for localhost/loopback."""
    text, parts = _split_url(value, field, "https://sandbox.momodeveloper.mtn.com")
    if parts.query:
        raise MomoValidationError(field, "must not contain a query string.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname or ""):
        raise MomoValidationError(
            field,
            "uses plain http, which would send credentials unencrypted.",
            "Use https; http is allowed only for localhost/127.0.0.1/::1 (a local sandbox).",
        )
    return text.rstrip("/")


def validate_callback_url(
    value: object, *, environment: TargetEnvironment | None = None, field: str = "callback_url"
) -> str:
    """Where MoMo sends the callback: absolute; https outside the sandbox and localhost."""
    text, parts = _split_url(value, field, "https://shop.example.com/momo/callback")
    sandbox = environment is None or environment.is_sandbox
    if parts.scheme == "http" and not sandbox and not is_loopback_host(parts.hostname or ""):
        raise MomoValidationError(
            field,
            f"uses plain http; MoMo production ({environment.name if environment else ''}) "
            "delivers callbacks over https only.",
            "Use an https URL with a certificate from a CA that MTN accepts.",
        )
    return text


def validate_product(value: object, *, field: str = "product") -> str:
    """``collection``, ``disbursement`` or ``remittance``."""
    text = require_str(value, field, "collection").strip().lower()
    if text not in PRODUCTS:
        raise MomoValidationError(
            field, f"{text!r} is not a MoMo product.", f"Use one of {', '.join(PRODUCTS)}."
        )
    return text


def validate_target_environment(
    value: object, *, field: str = "target_environment"
) -> TargetEnvironment:
    """A registered target environment (``sandbox``, ``mtnuganda``, ...), case-insensitive."""
    text = require_str(value, field, "sandbox").strip().lower()
    environment = TARGET_ENVIRONMENTS.get(text)
    if environment is None:
        raise MomoValidationError(
            field,
            f"{text!r} is not a known target environment.",
            f"Use one of {', '.join(TARGET_ENVIRONMENTS)} (or pass currency= for a new market).",
        )
    return environment


# --------------------------------------------------------------------------------------------
# Numbers and flags (configuration)


def validate_positive_number(
    value: object, *, field: str, allow_zero: bool = False, maximum: float | None = None
) -> float:
    """A finite ``int``/``float`` > 0 (or >= 0 with ``allow_zero``), optionally bounded."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MomoValidationError(field, f"expected a number, got {_type_name(value)}.")
    number = float(value)
    if number != number or number in (float("inf"), float("-inf")):
        raise MomoValidationError(field, "must be a finite number.")
    if number < 0 or (number == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise MomoValidationError(field, f"must be {bound}, got {value}.")
    if maximum is not None and number > maximum:
        raise MomoValidationError(field, f"must be at most {maximum}, got {value}.")
    return number


def validate_positive_int(value: object, *, field: str, maximum: int | None = None) -> int:
    """An ``int`` >= 1, optionally bounded."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise MomoValidationError(field, f"expected a whole number, got {_type_name(value)}.")
    if value < 1:
        raise MomoValidationError(field, f"must be at least 1, got {value}.")
    if maximum is not None and value > maximum:
        raise MomoValidationError(field, f"must be at most {maximum}, got {value}.")
    return value


def validate_bool(value: object, *, field: str) -> bool:
    """A real ``bool`` (``1``/``"yes"`` are not accepted here; ``from_env`` parses strings)."""
    if not isinstance(value, bool):
        raise MomoValidationError(field, f"expected True or False, got {_type_name(value)}.")
    return value
