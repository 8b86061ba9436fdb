"""Typed results built from MoMo's JSON by pure, tolerant ``from_wire`` constructors.

Live MoMo differs from its spec in small ways, so every ``from_wire``:

* accepts a mapping, or the raw body as ``bytes``/``str``;
* tolerates missing fields (``None``) and recoverable types: amounts as strings *or* numbers
  (always ``Decimal``), ids as numbers (always ``str``), ``reason`` as a plain string (what the live
  API sends) or ``{code, message}`` (what the spec says), status in any case and unknown statuses
  (kept as they are, see :class:`TransactionStatus`);
* keeps the whole body in ``raw`` for fields the SDK does not model;
* raises :class:`UnexpectedResponseError` only when the body is unusable: not a JSON object, or
  missing the one field the result is about (``status``, ``availableBalance``, ``apiKey``).
"""

from __future__ import annotations

import datetime
import enum
import functools
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Protocol, Self, TypeVar

import attrs

from ._api import Unset
from ._errors import UnexpectedResponseError, body_excerpt
from ._polling import is_final_status
from ._redact import mask_identifier
from ._response import RawResponse


def _json_ready(value: object) -> object:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, datetime.date):  # the generated models parse date-times
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return str(value)
    if attrs.has(type(value)):
        return _fields_dict(value)
    if isinstance(value, Mapping):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(item) for item in value]
    return value


_SECRET_FIELDS = frozenset({"api_key", "access_token", "refresh_token"})
"""Masked in ``to_dict()`` as in the reprs: sandbox API keys and consent tokens."""


def _fields_dict(instance: Any) -> dict[str, object]:
    # Fields hidden from repr (raw bodies) are left out too.
    return {
        field.name: "***"
        if field.name in _SECRET_FIELDS
        else _json_ready(getattr(instance, field.name))
        for field in attrs.fields(type(instance))
        if field.repr is not False and field.init
    }


# The result classes are frozen attrs classes without __slots__ (slots=False): a frozen slotted
# instance stores each field through an object.__setattr__ call, a dict-backed one with a dict
# store, about 450 instructions less per field, and every status read builds a dozen fields.
class _ToDict:
    """``to_dict()``: the result as JSON-ready data (amounts and statuses as strings)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, object]:
        return _fields_dict(self)


RawBody = Mapping[str, Any]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


def with_response(result: T, response: RawResponse) -> T:
    """``result`` (or each result of a list) with the answer it was read from, in its
    ``response`` field: left out of equality, repr and ``to_dict()``; ``None`` when no answer
    was read for it (an ``Accepted`` a ledger answered)."""
    if isinstance(result, list):
        return [with_response(item, response) for item in result]  # type: ignore[return-value]
    kind = type(result)
    if attrs.has(kind) and hasattr(result, "response"):
        if _holds_secret(kind):
            response = response.scrubbed()
        return attrs.evolve(result, response=response)  # type: ignore[misc]
    return result


@functools.cache
def _holds_secret(kind: type) -> bool:
    return bool(_SECRET_FIELDS.intersection(attrs.fields_dict(kind)))


class TransactionStatus(enum.StrEnum):
    """A transaction's status. Known values match in any case; unknown values are kept as they
    are instead of failing::

    >>> TransactionStatus("EXPIRED") == "EXPIRED"
    True
    """

    PENDING = "PENDING"
    SUCCESSFUL = "SUCCESSFUL"
    FAILED = "FAILED"
    CREATED = "CREATED"

    @classmethod
    def _missing_(cls, value: object) -> TransactionStatus | None:
        if not isinstance(value, str):
            return None
        known = cls.__members__.get(value.strip().upper())
        if known is not None:  # "successful", " PENDING "
            return known
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        # Cache, so each unknown status is one object (and `is` works as for known members).
        return cls._value2member_map_.setdefault(value, member)  # type: ignore[return-value]

    @property
    def is_known(self) -> bool:
        return self.value in {"PENDING", "SUCCESSFUL", "FAILED", "CREATED"}

    @property
    def is_final(self) -> bool:
        return is_final_status(self.value)


_STATUS_BY_VALUE: dict[str, TransactionStatus] = {
    status.value: status for status in TransactionStatus
}


# --------------------------------------------------------------------------------------------
# Tolerant field readers


def _load(body: object, what: str, product: str | None, operation: str | None) -> RawBody:
    if type(body) is dict:  # the generated client's decoded JSON object: the usual case
        return body
    data = body
    if isinstance(body, bytes | bytearray | str):
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None
    # A decoded JSON object is a dict: checked first, as the ABC check costs more.
    if type(data) is dict or isinstance(data, Mapping):
        return data
    raise UnexpectedResponseError(
        f"expected a JSON object for {what}, got {_describe(data, body)}",
        product=product,
        operation=operation,
        body_excerpt=_excerpt(body),
    )


def _describe(data: object, body: object) -> str:
    if isinstance(body, bytes | bytearray | str) and data is None:
        return "an empty body" if not body else "a body that is not JSON"
    return type(data).__name__


def _excerpt(body: object) -> str:
    if isinstance(body, bytes | str):
        return body_excerpt(body)
    if isinstance(body, bytearray):
        return body_excerpt(bytes(body))
    try:
        return body_excerpt(json.dumps(body, default=str))
    except (TypeError, ValueError):
        return body_excerpt(repr(body))


def _unusable(
    data: RawBody, missing: str, what: str, product: str | None, operation: str | None
) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        f"{what} has no usable {missing!r}",
        product=product,
        operation=operation,
        body_excerpt=_excerpt(dict(data)),
    )


def _text(data: RawBody, key: str) -> str | None:
    value = data.get(key)
    if type(value) is str:  # the usual case, ahead of the checks for every other JSON type
        return value.strip() or None
    if isinstance(value, bool) or value is None or isinstance(value, Mapping | list):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _decimal(data: RawBody, key: str) -> Decimal | None:
    value = data.get(key)
    if type(value) is not str:  # MoMo's amounts are strings: the other types are checked after
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            return None
        value = repr(value) if isinstance(value, float) else str(value)
    try:
        amount = Decimal(value.strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _int(data: RawBody, key: str) -> int | None:
    value = data.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _bool(data: RawBody, key: str) -> bool | None:
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def _status(data: RawBody) -> TransactionStatus | None:
    text = _text(data, "status")
    if not text:
        return None
    # The members as MoMo spells them, found without the enum's own lookup; any other
    # spelling or value goes through it (case folding, unknown statuses kept).
    return _STATUS_BY_VALUE.get(text) or TransactionStatus(text)


# --------------------------------------------------------------------------------------------
# Building blocks


@attrs.frozen(slots=False)
class Party(_ToDict):
    """Who pays or gets paid: ``party_id_type`` is ``MSISDN``, ``EMAIL`` or ``PARTY_CODE``."""

    party_id_type: str
    party_id: str

    @classmethod
    def from_wire(cls, value: object) -> Party | None:
        if type(value) is not dict and not isinstance(value, Mapping):
            return None
        party_id = _text(value, "partyId")
        if party_id is None:
            return None
        party_id_type = (_text(value, "partyIdType") or "MSISDN").upper()
        return cls(party_id_type=party_id_type, party_id=party_id)


@attrs.frozen(slots=False)
class Reason(_ToDict):
    """Why a transaction failed: MoMo sends a bare code string, the spec an object."""

    code: str
    message: str | None = None

    @classmethod
    def parse(cls, value: object) -> Reason | None:
        if value is None:  # the usual case, ahead of the ABC check below
            return None
        if isinstance(value, str):
            return cls(code=value.strip()) if value.strip() else None
        if isinstance(value, Mapping):
            code = _text(value, "code")
            message = _text(value, "message")
            if code is None and message is None:
                return None
            return cls(code=code or "UNKNOWN", message=message)
        return None

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.message else self.code


@attrs.frozen(slots=False)
class Accepted(_ToDict):
    """MoMo accepted a create (HTTP 202). The outcome comes later, from status or a callback.

    ``replayed`` is True when the transaction already existed under this reference id (an earlier
    attempt or call created it) and was confirmed to match this request.
    """

    reference_id: str
    replayed: bool
    product: str
    operation: str
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)


# --------------------------------------------------------------------------------------------
# Transaction statuses


@attrs.frozen(kw_only=True, slots=False)
class TransactionResult(_ToDict):
    """What every transaction status has; subclasses add their own fields in ``_fields``."""

    _what: ClassVar[str] = "a transaction status"
    _product: ClassVar[str | None] = None

    reference_id: str | None
    status: TransactionStatus
    reason: Reason | None = None
    financial_transaction_id: str | None = None
    external_id: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @property
    def is_final(self) -> bool:
        """The status will not change any more (see ``momo_wrapper._polling``)."""
        return self.status.is_final

    @property
    def is_successful(self) -> bool:
        return self.status == TransactionStatus.SUCCESSFUL

    @property
    def is_failed(self) -> bool:
        return self.status == TransactionStatus.FAILED

    @property
    def is_pending(self) -> bool:
        return not self.is_final

    @classmethod
    def from_wire(
        cls,
        body: object,
        *,
        reference_id: str | None = None,
        product: str | None = None,
        operation: str | None = None,
        response: RawResponse | None = None,
    ) -> Self:
        """Parse a status body (or a callback body); raises only if it has no status at all.
        ``response`` is the answer it came in, kept on the result."""
        product = product or cls._product
        data = _load(body, cls._what, product, operation)
        status = _status(data)
        if status is None:
            raise _unusable(data, "status", cls._what, product, operation)
        return cls(
            reference_id=_text(data, "referenceId") or reference_id,
            status=status,
            reason=Reason.parse(data.get("reason")),
            financial_transaction_id=_text(data, "financialTransactionId"),
            external_id=_text(data, "externalId"),
            amount=_decimal(data, "amount"),
            currency=_upper(_text(data, "currency")),
            raw=data,
            response=response,
            **cls._fields(data),
        )

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:  # noqa: ARG003 (subclasses read it)
        """The subclass's own fields, read from the body."""
        return {}


def _upper(value: str | None) -> str | None:
    return value.upper() if value else value


@attrs.frozen(kw_only=True, slots=False)
class RequestToPayStatus(TransactionResult):
    """Status of a request-to-pay or a request-to-withdraw (collection)."""

    _what: ClassVar[str] = "a payment status"
    _product: ClassVar[str | None] = "collection"

    payer: Party | None = None
    payer_message: str | None = None
    payee_note: str | None = None

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:
        return {
            "payer": Party.from_wire(data.get("payer")),
            "payer_message": _text(data, "payerMessage"),
            "payee_note": _text(data, "payeeNote"),
        }


@attrs.frozen(kw_only=True, slots=False)
class TransferStatus(TransactionResult):
    """Status of a transfer (disbursement, remittance), deposit or refund."""

    _what: ClassVar[str] = "a transfer status"

    payee: Party | None = None
    payer_message: str | None = None
    payee_note: str | None = None

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:
        return {
            "payee": Party.from_wire(data.get("payee")),
            "payer_message": _text(data, "payerMessage"),
            "payee_note": _text(data, "payeeNote"),
        }


_CASH_TRANSFER_PAYER_FIELDS = {
    "payer_identification_type": "payerIdentificationType",
    "payer_identification_number": "payerIdentificationNumber",
    "payer_identity": "payerIdentity",
    "payer_first_name": "payerFirstName",
    "payer_surname": "payerSurName",
    "payer_language_code": "payerLanguageCode",
    "payer_email": "payerEmail",
    "payer_msisdn": "payerMsisdn",
    "payer_gender": "payerGender",
}


@attrs.frozen(kw_only=True, slots=False)
class CashTransferStatus(TransferStatus):
    """Status of a remittance cash transfer (its ``reason`` is always a plain string)."""

    _what: ClassVar[str] = "a cash transfer status"
    _product: ClassVar[str | None] = "remittance"

    originating_country: str | None = None
    original_amount: Decimal | None = None
    original_currency: str | None = None
    payer_identification_type: str | None = None
    payer_identification_number: str | None = None
    payer_identity: str | None = None
    payer_first_name: str | None = None
    payer_surname: str | None = None
    payer_language_code: str | None = None
    payer_email: str | None = None
    payer_msisdn: str | None = None
    payer_gender: str | None = None

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:
        return {
            **super()._fields(data),
            # "orginatingCountry" is the spec's spelling; accept the correct one too.
            "originating_country": _text(data, "orginatingCountry")
            or _text(data, "originatingCountry"),
            "original_amount": _decimal(data, "originalAmount"),
            "original_currency": _upper(_text(data, "originalCurrency")),
            **{name: _text(data, key) for name, key in _CASH_TRANSFER_PAYER_FIELDS.items()},
        }


@attrs.frozen(kw_only=True, slots=False)
class InvoiceStatus(TransactionResult):
    """Status of an invoice (collection v2). ``reason`` may come from ``errorReason``."""

    _what: ClassVar[str] = "an invoice status"
    _product: ClassVar[str | None] = "collection"

    payment_reference: str | None = None
    invoice_id: str | None = None
    expiry_date_time: str | None = None
    intended_payer: Party | None = None
    payee: Party | None = None
    description: str | None = None
    payee_first_name: str | None = None
    payee_last_name: str | None = None

    @classmethod
    def from_wire(
        cls,
        body: object,
        *,
        reference_id: str | None = None,
        product: str | None = None,
        operation: str | None = None,
        response: RawResponse | None = None,
    ) -> Self:
        result = super().from_wire(
            body,
            reference_id=reference_id,
            product=product,
            operation=operation,
            response=response,
        )
        if result.reason is not None:
            return result
        return attrs.evolve(result, reason=Reason.parse(result.raw.get("errorReason")))

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:
        return {
            "payment_reference": _text(data, "paymentReference"),
            "invoice_id": _text(data, "invoiceId"),
            "expiry_date_time": _text(data, "expiryDateTime"),
            "intended_payer": Party.from_wire(data.get("intendedPayer")),
            "payee": Party.from_wire(data.get("payee")),
            "description": _text(data, "description"),
            "payee_first_name": _text(data, "payeeFirstName"),
            "payee_last_name": _text(data, "payeeLastName"),
        }


@attrs.frozen(kw_only=True, slots=False)
class PreApprovalStatus(TransactionResult):
    """Status of a pre-approval request (collection v2)."""

    _what: ClassVar[str] = "a pre-approval status"
    _product: ClassVar[str | None] = "collection"

    payer: Party | None = None
    payer_currency: str | None = None
    payer_message: str | None = None
    expiration_date_time: str | None = None
    validity_time: int | None = None

    @classmethod
    def _fields(cls, data: RawBody) -> dict[str, Any]:
        return {
            "payer": Party.from_wire(data.get("payer")),
            "payer_currency": _upper(_text(data, "payerCurrency")),
            "payer_message": _text(data, "payerMessage"),
            "expiration_date_time": _text(data, "expirationDateTime"),
            "validity_time": _int(data, "validityTime"),
        }


@attrs.frozen(kw_only=True, slots=False)
class PaymentStatus(TransactionResult):
    """Status of a payment (collection v2 ``/payment``)."""

    _what: ClassVar[str] = "a payment status"
    _product: ClassVar[str | None] = "collection"


# --------------------------------------------------------------------------------------------
# Accounts and users


@attrs.frozen(kw_only=True, slots=False)
class Balance(_ToDict):
    """An account balance: ``{"availableBalance": "1000", "currency": "EUR"}``."""

    available_balance: Decimal
    currency: str | None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "a balance", product, operation)
        available = _decimal(data, "availableBalance")
        if available is None:
            raise _unusable(data, "availableBalance", "the balance", product, operation)
        return cls(available_balance=available, currency=_upper(_text(data, "currency")), raw=data)


@attrs.frozen(kw_only=True, slots=False)
class AccountHolderStatus(_ToDict):
    """Whether an account holder is active: ``{"result": true}``. ``None`` if MoMo did not say
    (an empty 200 body has been seen)."""

    active: bool | None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        if body is None or body in (b"", ""):
            return cls(active=None, raw={})
        if isinstance(body, bool):
            return cls(active=body, raw={"result": body})
        data = _load(body, "an account holder status", product, operation)
        return cls(active=_bool(data, "result"), raw=data)


_BASIC_USER_FIELDS = (
    "sub",
    "name",
    "given_name",
    "family_name",
    "birthdate",
    "locale",
    "gender",
    "status",
)


@attrs.frozen(kw_only=True, slots=False)
class BasicUserInfo(_ToDict):
    """Basic KYC data of an account holder (no consent needed)."""

    sub: str | None = None
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    birthdate: str | None = None
    locale: str | None = None
    gender: str | None = None
    status: str | None = None
    updated_at: int | None = None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "user info", product, operation)
        values: dict[str, Any] = {name: _text(data, name) for name in _BASIC_USER_FIELDS}
        return cls(**values, updated_at=_int(data, "updated_at"), raw=data)


@attrs.frozen(kw_only=True, slots=False)
class Address(_ToDict):
    formatted: str | None = None
    street_address: str | None = None
    locality: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None

    @classmethod
    def from_wire(cls, value: object) -> Address | None:
        if isinstance(value, str):  # the spec's shape; the sandbox sends an object
            return cls(formatted=value.strip()) if value.strip() else None
        if not isinstance(value, Mapping):
            return None
        return cls(
            formatted=_text(value, "formatted"),
            street_address=_text(value, "street_address"),
            locality=_text(value, "locality"),
            region=_text(value, "region"),
            postal_code=_text(value, "postal_code"),
            country=_text(value, "country"),
        )


_CONSENT_TEXT_FIELDS = (
    "middle_name",
    "email",
    "phone_number",
    "credit_score",
    "country_of_birth",
    "region_of_birth",
    "city_of_birth",
    "occupation",
    "employer_name",
    "identification_type",
    "identification_value",
)


@attrs.frozen(kw_only=True, slots=False)
class ConsentUserInfo(BasicUserInfo):
    """Full KYC data returned after the account holder consented (``/oauth2/v1_0/userinfo``)."""

    middle_name: str | None = None
    email: str | None = None
    email_verified: bool | None = None
    phone_number: str | None = None
    phone_number_verified: bool | None = None
    address: Address | None = None
    credit_score: str | None = None
    active: bool | None = None
    country_of_birth: str | None = None
    region_of_birth: str | None = None
    city_of_birth: str | None = None
    occupation: str | None = None
    employer_name: str | None = None
    identification_type: str | None = None
    identification_value: str | None = None

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "user info", product, operation)
        values: dict[str, Any] = {
            name: _text(data, name) for name in _BASIC_USER_FIELDS + _CONSENT_TEXT_FIELDS
        }
        return cls(
            **values,
            updated_at=_int(data, "updated_at"),
            email_verified=_bool(data, "email_verified"),
            phone_number_verified=_bool(data, "phone_number_verified"),
            active=_bool(data, "active"),
            address=Address.from_wire(data.get("address")),
            raw=data,
        )


@attrs.frozen(kw_only=True, slots=False)
class ApprovedPreApproval(_ToDict):
    """One entry of the list of pre-approvals an account holder granted."""

    pre_approval_id: str | None = None
    status: str | None = None
    from_fri: str | None = None
    to_fri: str | None = None
    from_currency: str | None = None
    max_debit_amount: Decimal | None = None
    frequency: str | None = None
    created_time: str | None = None
    approved_time: str | None = None
    expiry_time: str | None = None
    start_date: str | None = None
    last_used_date: str | None = None
    offer: str | None = None
    external_id: str | None = None
    message: str | None = None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "a pre-approval", product, operation)
        return cls(
            pre_approval_id=_text(data, "preApprovalId"),
            status=_upper(_text(data, "status")),
            from_fri=_text(data, "fromFri"),
            to_fri=_text(data, "toFri"),
            from_currency=_upper(_text(data, "fromCurrency")),
            max_debit_amount=_decimal(data, "maxDebitAmount"),
            frequency=_upper(_text(data, "frequency")),
            created_time=_text(data, "createdTime"),
            approved_time=_text(data, "approvedTime"),
            expiry_time=_text(data, "expiryTime"),
            start_date=_text(data, "startDate"),
            last_used_date=_text(data, "lastUsedDate"),
            offer=_text(data, "offer"),
            external_id=_text(data, "externalId"),
            message=_text(data, "message"),
            raw=data,
        )


class FromWire(Protocol[T_co]):
    """A result class: ``from_wire`` reads the body MoMo sent."""

    def from_wire(
        self, body: object, *, product: str | None = ..., operation: str | None = ...
    ) -> T_co: ...


def list_of(
    result: FromWire[T], body: object, *, product: str | None, operation: str | None
) -> list[T]:
    """A JSON array of ``result`` objects; entries that are not objects are skipped."""
    items: object = body
    if isinstance(body, bytes | bytearray | str):
        try:
            items = json.loads(body) if body else []
        except ValueError:
            items = None
    if not isinstance(items, list):
        raise UnexpectedResponseError(
            "expected a JSON array",
            product=product,
            operation=operation,
            body_excerpt=_excerpt(body),
        )
    return [
        result.from_wire(item, product=product, operation=operation)
        for item in items
        if isinstance(item, Mapping)
    ]


@attrs.frozen(kw_only=True, slots=False)
class BcAuthorization(_ToDict):
    """Answer to ``bc-authorize``: the consent request id to exchange for a consent token."""

    auth_req_id: str
    interval: float | None = None
    expires_in: float | None = None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = "bc-authorize"
    ) -> Self:
        data = _load(body, "a bc-authorize answer", product, operation)
        auth_req_id = _text(data, "auth_req_id")
        if auth_req_id is None:
            raise _unusable(data, "auth_req_id", "the bc-authorize answer", product, operation)
        interval = _decimal(data, "interval")
        expires_in = _decimal(data, "expires_in")
        return cls(
            auth_req_id=auth_req_id,
            interval=float(interval) if interval is not None else None,
            expires_in=float(expires_in) if expires_in is not None else None,
            raw=data,
        )


# --------------------------------------------------------------------------------------------
# Sandbox provisioning


@attrs.frozen(kw_only=True, slots=False)
class ApiUser(_ToDict):
    """A sandbox API user: ``{"providerCallbackHost": ..., "targetEnvironment": "sandbox"}``."""

    api_user: str | None
    provider_callback_host: str | None = None
    target_environment: str | None = None
    raw: RawBody = attrs.field(factory=dict, eq=False, repr=False)
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls,
        body: object,
        *,
        api_user: str | None = None,
        product: str | None = None,
        operation: str | None = None,
    ) -> Self:
        data = _load(body, "an API user", product, operation)
        return cls(
            api_user=api_user,
            provider_callback_host=_text(data, "providerCallbackHost"),
            target_environment=_text(data, "targetEnvironment"),
            raw=data,
        )

    def __repr__(self) -> str:
        return (
            f"ApiUser(api_user={mask_identifier(self.api_user)!r}, "
            f"provider_callback_host={self.provider_callback_host!r}, "
            f"target_environment={self.target_environment!r})"
        )


@attrs.frozen(kw_only=True, repr=False, slots=False)
class ApiKey(_ToDict):
    """A sandbox API key (``{"apiKey": "..."}``). Never shown in its repr."""

    api_key: str
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "an API key", product, operation)
        api_key = _text(data, "apiKey")
        if api_key is None:
            # Never echo the body: if the key is there under another name, it is a secret.
            raise UnexpectedResponseError(
                "the API key answer has no usable 'apiKey'", product=product, operation=operation
            )
        return cls(api_key=api_key)

    def __repr__(self) -> str:
        return "ApiKey(api_key=***)"


@attrs.frozen(kw_only=True, repr=False, slots=False)
class ConsentToken(_ToDict):
    """The consent (oauth2) token that reads ``get_user_info_with_consent``. Masked in its repr."""

    access_token: str
    token_type: str | None = None
    expires_in: float | None = None
    scope: str | None = None
    refresh_token: str | None = None
    response: RawResponse | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)

    @classmethod
    def from_wire(
        cls, body: object, *, product: str | None = None, operation: str | None = None
    ) -> Self:
        data = _load(body, "a consent token", product, operation)
        token = _text(data, "access_token")
        if token is None:
            raise _unusable(data, "access_token", "the consent token answer", product, operation)
        expires_in = _decimal(data, "expires_in")
        return cls(
            access_token=token,
            token_type=_text(data, "token_type"),
            expires_in=float(expires_in) if expires_in is not None else None,
            scope=_text(data, "scope"),
            refresh_token=_text(data, "refresh_token"),
        )

    def __repr__(self) -> str:
        return f"ConsentToken(access_token=***, scope={self.scope!r}, expires_in={self.expires_in})"


# --------------------------------------------------------------------------------------------
# Operations without a dedicated result


def _record_value(value: object) -> object:
    """A generated model's attribute as a record value: absent -> None, nested model -> Record."""
    if isinstance(value, Unset):
        return None
    if isinstance(value, list):
        return [_record_value(item) for item in value]
    if attrs.has(type(value)):
        return Record.of_model(value)
    return value


@attrs.frozen(kw_only=True, repr=False, slots=False)
class Record:
    """The answer of an operation the SDK has no dedicated result class for.

    Its fields are the generated model's, by their snake_case names (``record.pre_approval_id``,
    or ``record.fields`` for all of them); a field MoMo left out is ``None``. ``raw`` is the JSON
    exactly as MoMo sent it, and ``response`` the answer it came in. A nested object is a
    ``Record`` too. A read added to spec/ gets one of these until it earns a typed result.
    """

    fields: Mapping[str, object]
    raw: Any = attrs.field(factory=dict, eq=False)
    """The JSON as MoMo sent it: an object, or a list for an array body."""
    response: RawResponse | None = attrs.field(default=None, eq=False)

    @classmethod
    def of_model(
        cls, model: object, *, raw: object = None, response: RawResponse | None = None
    ) -> Record:
        """The record of a generated model (``None``: an answer with no body)."""
        if model is None:
            return cls(fields={}, raw={} if raw is None else raw, response=response)
        if isinstance(model, list):
            wire = [item.to_dict() for item in model] if raw is None else raw
            return cls(fields={"items": _record_value(model)}, raw=wire, response=response)
        kind = type(model)
        if not attrs.has(kind):
            raise TypeError(f"not a generated model: {kind.__name__}")
        names = [field.name for field in attrs.fields(kind)]
        values = {
            name: _record_value(getattr(model, name))
            for name in names
            if name != "additional_properties"
        }
        wire = model.to_dict() if raw is None and hasattr(model, "to_dict") else raw
        if response is not None and _SECRET_FIELDS.intersection(values):
            response = response.scrubbed()  # as for every result that holds a key or token
        return cls(fields=values, raw={} if wire is None else wire, response=response)

    def __getattr__(self, name: str) -> object:
        # Only reached for names that are not attributes of the class: the model's fields.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.fields[name]
        except KeyError:
            known = ", ".join(self.fields) or "none"
            raise AttributeError(f"this record has no field {name!r} (fields: {known})") from None

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.fields})

    def to_dict(self) -> dict[str, object]:
        """The fields as JSON-ready data, secrets masked as in the repr."""
        return {
            name: "***" if name in _SECRET_FIELDS else _json_ready(value)
            for name, value in self.fields.items()
        }

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{name}=***" if name in _SECRET_FIELDS else f"{name}={value!r}"
            for name, value in self.fields.items()
        )
        return f"Record({shown})"
