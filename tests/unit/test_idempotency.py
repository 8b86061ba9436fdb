from __future__ import annotations

from decimal import Decimal

import pytest

from momo_wrapper._errors import (
    ConflictError,
    IdempotencyConflictError,
    MomoError,
    ServerError,
    error_from_response,
)
from momo_wrapper._idempotency import (
    ConflictAction,
    CreateFingerprint,
    check_replay,
    differing_fields,
    on_conflict,
)
from momo_wrapper._results import Party, RequestToPayStatus, TransferStatus

REF = "5c8a3f52-6b1e-4d8e-9b1a-2f4e6a7c8d90"
DUPLICATE = error_from_response(
    409,
    {},
    b'{"message":"Duplicated reference id. Creation of resource failed.",'
    b'"code":"RESOURCE_ALREADY_EXIST"}',
    operation="RequesttoPay",
    reference_id=REF,
)
STORED = RequestToPayStatus.from_wire(
    {
        "amount": "10.5",
        "currency": "EUR",
        "externalId": "order-17",
        "status": "PENDING",
        "payer": {"partyIdType": "MSISDN", "partyId": "46733123454"},
    },
    reference_id=REF,
)
REQUEST = CreateFingerprint(
    amount=Decimal("10.50"),
    currency="EUR",
    external_id="order-17",
    party=Party("MSISDN", "46733123454"),
)


@pytest.mark.parametrize(
    ("error", "attempt", "supplied", "action"),
    [
        (DUPLICATE, 2, False, ConflictAction.CONFIRM),
        (DUPLICATE, 3, True, ConflictAction.CONFIRM),
        (DUPLICATE, 1, True, ConflictAction.CONFIRM),
        (DUPLICATE, 1, False, ConflictAction.RAISE),
        (ConflictError("409", status_code=409), 2, False, ConflictAction.CONFIRM),
        (
            ConflictError("409", status_code=409, code="SOMETHING_ELSE"),
            2,
            False,
            ConflictAction.RAISE,
        ),
        (
            IdempotencyConflictError("x", differing_fields=("amount",)),
            2,
            True,
            ConflictAction.RAISE,
        ),
        (ServerError("500", status_code=500), 2, True, ConflictAction.RAISE),
    ],
)
def test_what_a_409_means(error: MomoError, attempt: int, supplied: bool, action) -> None:
    assert on_conflict(error, attempt=attempt, supplied_by_caller=supplied) is action


def test_the_same_request_matches_despite_amount_formatting() -> None:
    assert differing_fields(REQUEST, STORED) == ()


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"amount": Decimal("11")}, ("amount",)),
        ({"currency": "eur"}, ()),
        ({"currency": "UGX"}, ("currency",)),
        ({"external_id": "order-18"}, ("external_id",)),
        ({"party": Party("MSISDN", "46733123450")}, ("payer",)),
        ({"party": Party("msisdn", "46733123454")}, ()),
        ({"amount": Decimal("1"), "external_id": "x"}, ("amount", "external_id")),
        ({"amount": None, "currency": None, "external_id": None, "party": None}, ()),
    ],
)
def test_differing_fields(change: dict[str, object], fields: tuple[str, ...]) -> None:
    values: dict[str, object] = {
        "amount": REQUEST.amount,
        "currency": REQUEST.currency,
        "external_id": REQUEST.external_id,
        "party": REQUEST.party,
    }
    values.update(change)
    assert differing_fields(CreateFingerprint(**values), STORED) == fields  # type: ignore[arg-type]


def test_fields_missing_from_the_stored_transaction_are_not_compared() -> None:
    sparse = RequestToPayStatus.from_wire({"status": "PENDING"})
    assert differing_fields(REQUEST, sparse) == ()


def test_transfers_compare_the_payee() -> None:
    stored = TransferStatus.from_wire(
        {"status": "SUCCESSFUL", "payee": {"partyIdType": "MSISDN", "partyId": "111111111"}}
    )
    assert differing_fields(REQUEST, stored) == ("payee",)


def test_check_replay_raises_with_the_differing_fields() -> None:
    check_replay(REQUEST, STORED, product="collection", operation="RequesttoPay", reference_id=REF)
    other = CreateFingerprint(amount=Decimal("99"), currency="EUR")
    with pytest.raises(IdempotencyConflictError) as info:
        check_replay(
            other, STORED, product="collection", operation="RequesttoPay", reference_id=REF
        )
    error = info.value
    assert error.differing_fields == ("amount",)
    assert (error.product, error.operation, error.reference_id) == (
        "collection",
        "RequesttoPay",
        REF,
    )
    assert error.status_code == 409
    assert "amount" in str(error)
    assert isinstance(error, ConflictError)


def test_a_pre_approval_is_compared_on_its_payer_currency() -> None:
    from momo_wrapper._results import PreApprovalStatus

    stored = PreApprovalStatus.from_wire(
        {"payerCurrency": "EUR", "status": "PENDING", "payer": {"partyId": "46733123454"}},
        reference_id=REF,
    )
    assert differing_fields(CreateFingerprint(currency="EUR"), stored) == ()
    assert differing_fields(CreateFingerprint(currency="UGX"), stored) == ("currency",)
