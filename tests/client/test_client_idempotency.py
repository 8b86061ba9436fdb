"""Rule 4: creates are retried with the same reference id, within bounds, and a 409 is resolved
by reading the stored transaction; refusals are never retried; reads are."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx
import pytest

from momo_wrapper import (
    ConflictError,
    IdempotencyConflictError,
    MomoConnectionError,
    RateLimitedError,
    ServerError,
    TransientServerError,
)
from momo_wrapper.sandbox import FaultPlan
from momo_wrapper.stores import LedgerState
from tests.client.client_harness import (
    CREATE_OPERATIONS,
    ONGOING_PARTY,
    SUCCESS_PARTY,
    Harness,
    create_calls,
    run,
    spec_operation_id,
)
from tests.contract.spec_validation import spec_operations
from tests.fixtures import fixture


def _post_path(operation: str) -> str:
    """A fault filter matching exactly the POST of one create operation."""
    return re.escape(spec_operations()[operation].path) + "$"


def _product(operation: str) -> str:
    return operation.split("_", 1)[0]


def _posts(h: Harness, operation: str) -> list[str]:
    """The X-Reference-Id of every POST of ``operation`` the client sent."""
    return [r.headers["x-reference-id"] for r in h.sent_to(operation)]


def _stored_count(h: Harness, operation: str, reference_id: str) -> int:
    """How many resources exist under ``reference_id`` (transactions, or sandbox API users)."""
    if operation.startswith("sandbox_"):
        users = h.sandbox.snapshot()["users"]
        return sum(user["user_id"] == reference_id for user in users)
    return sum(r.reference_id == reference_id for r in h.sandbox.resources(_product(operation)))


RTP = _post_path("collection_request_to_pay")

FaultSetup = Callable[[FaultPlan, str], object]
# (how the first attempt fails, whether the sandbox processed it anyway)
FIRST_ATTEMPT_FAILURES: dict[str, tuple[FaultSetup, bool]] = {
    "refused": (lambda faults, path: faults.refuse(method="POST", path=path), False),
    "reset": (lambda faults, path: faults.reset(method="POST", path=path), False),
    "dropped after processing": (lambda faults, path: faults.drop(method="POST", path=path), True),
    "timed out after processing": (
        lambda faults, path: faults.timeout(method="POST", path=path),
        True,
    ),
    "429 Retry-After": (
        lambda faults, path: faults.fail(429, retry_after=2, method="POST", path=path),
        False,
    ),
    "503": (lambda faults, path: faults.fail(503, method="POST", path=path), False),
    "503 after processing": (
        lambda faults, path: faults.fail(503, method="POST", path=path, after_processing=True),
        True,
    ),
    "502 HTML page": (
        lambda faults, path: faults.html(status=502, method="POST", path=path),
        False,
    ),
    "500 without a code": (
        lambda faults, path: faults.fail(500, body=b"", method="POST", path=path),
        False,
    ),
}


@pytest.mark.parametrize("failure", list(FIRST_ATTEMPT_FAILURES))
async def test_a_create_is_retried_with_the_same_reference_id(h: Harness, failure: str) -> None:
    setup, processed = FIRST_ATTEMPT_FAILURES[failure]
    operation = "collection_request_to_pay"
    setup(h.sandbox.faults, _post_path(operation))
    accepted = await run(create_calls(h.momo)[operation]())
    assert _posts(h, operation) == [accepted.reference_id] * 2
    # Processed-then-lost: the retry meets 409 and a status read confirms the replay.
    assert accepted.replayed is processed
    assert _stored_count(h, operation, accepted.reference_id) == 1
    record = h.sandbox.resource("collection", accepted.reference_id)
    assert record is not None
    assert record.post_count == (2 if processed else 1)
    statuses = h.sent_to("collection_get_request_to_pay_status")
    assert len(statuses) == (1 if processed else 0)
    if failure == "429 Retry-After":
        assert h.clock.sleeps == [2.0]
    else:
        (delay,) = h.clock.sleeps  # backoff after attempt 1: 0.5 s with equal jitter
        assert 0.25 <= delay <= 0.5


@pytest.mark.parametrize("operation", CREATE_OPERATIONS)
async def test_processed_then_dropped_leaves_exactly_one_resource(
    h: Harness, operation: str
) -> None:
    h.sandbox.faults.drop(method="POST", path=_post_path(operation))
    accepted = await run(create_calls(h.momo)[operation]())
    assert accepted.replayed is True
    assert _posts(h, operation) == [accepted.reference_id] * 2
    assert _stored_count(h, operation, accepted.reference_id) == 1
    # The confirming status read came after the 409, for the same reference id.
    last = h.sent[-1]
    assert last.method == "GET"
    assert accepted.reference_id in last.url.path
    assert spec_operation_id("POST", h.sent[-2].url.path) == operation


async def test_attempts_are_bounded(h: Harness) -> None:
    momo = h.client(h.config(max_attempts=4))
    h.sandbox.faults.fail(503, times=None, method="POST", path=_post_path("disbursement_transfer"))
    with pytest.raises(TransientServerError) as caught:
        await run(create_calls(momo)["disbursement_transfer"]())
    posts = _posts(h, "disbursement_transfer")
    assert len(posts) == 4
    assert len(set(posts)) == 1
    assert caught.value.reference_id == posts[0]
    assert len(h.clock.sleeps) == 3
    assert h.sandbox.resources() == []


async def test_total_retry_time_is_bounded(h: Harness) -> None:
    momo = h.client(h.config(max_attempts=10, total_timeout=5))
    h.sandbox.faults.fail(429, retry_after=3, times=None, method="POST", path=RTP)
    with pytest.raises(RateLimitedError) as caught:
        await run(create_calls(momo)["collection_request_to_pay"]())
    assert caught.value.retry_after == 3.0
    # Waited 3 s once; a second 3 s wait would end past the 5 s budget.
    assert h.clock.sleeps == [3.0]
    assert len(_posts(h, "collection_request_to_pay")) == 2


async def test_a_retry_after_beyond_the_limit_is_not_waited_for(h: Harness) -> None:
    h.sandbox.faults.fail(429, retry_after=120, method="POST", path=RTP)
    with pytest.raises(RateLimitedError) as caught:
        await run(create_calls(h.momo)["collection_request_to_pay"]())
    assert caught.value.retry_after == 120.0
    assert h.clock.sleeps == []
    assert len(_posts(h, "collection_request_to_pay")) == 1


# ---- first-attempt 409 with the caller's reference id -------------------------------------------


async def test_a_callers_replay_of_the_same_transaction_is_confirmed(h: Harness) -> None:
    reference_id = str(uuid.uuid4())
    request_to_pay = h.momo.collection.request_to_pay
    first = await run(
        request_to_pay(
            amount="10.50", payer=SUCCESS_PARTY, external_id="o-1", reference_id=reference_id
        )
    )
    # The amount compares as a number: 10.50 == 10.500 == 10.5 (MoMo echoes "10.5"). Another
    # process (its own memory ledger) sends it again: MoMo's 409 is confirmed by a status read.
    again = await run(
        h.client().collection.request_to_pay(
            amount=Decimal("10.500"),
            payer=f"+{SUCCESS_PARTY}",
            external_id="o-1",
            currency="eur",
            reference_id=reference_id,
        )
    )
    assert (first.replayed, again.replayed) == (False, True)
    assert again.reference_id == reference_id
    record = h.sandbox.resource("collection", reference_id)
    assert record is not None
    assert record.post_count == 2
    assert len(h.sent_to("collection_get_request_to_pay_status")) == 1


@pytest.mark.parametrize(
    ("changes", "differing"),
    [
        ({"amount": "11"}, ("amount",)),
        ({"external_id": "o-2"}, ("external_id",)),
        ({"payee": ONGOING_PARTY}, ("payee",)),
        (
            {"amount": "1", "external_id": "o-2", "payee": ONGOING_PARTY},
            ("amount", "external_id", "payee"),
        ),
    ],
)
async def test_a_callers_reused_id_for_another_transaction_is_a_conflict(
    h: Harness, changes: dict[str, str], differing: tuple[str, ...]
) -> None:
    reference_id = str(uuid.uuid4())
    original = {"amount": "10.50", "payee": SUCCESS_PARTY, "external_id": "o-1"}
    await run(h.momo.disbursement.transfer(**original, reference_id=reference_id))
    # Another process (its own memory ledger): MoMo's copy is compared.
    with pytest.raises(IdempotencyConflictError) as caught:
        await run(
            h.client().disbursement.transfer(**{**original, **changes}, reference_id=reference_id)
        )
    error = caught.value
    assert error.differing_fields == differing
    for field in differing:
        assert field in str(error)
    assert (error.product, error.operation, error.reference_id) == (
        "disbursement",
        "transfer",
        reference_id,
    )
    assert len(h.sandbox.resources("disbursement")) == 1


def _momo_with_a_stored_transaction(
    stored: dict[str, Any],
) -> Callable[[httpx.Request], httpx.Response]:
    """A fake MoMo where every create meets 409 and the status read returns ``stored``."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token/"):
            return fixture("access_token").to_httpx(request)
        if request.method == "POST":
            return fixture("momo_409_resource_already_exist").to_httpx(request)
        return httpx.Response(200, json=stored, request=request)

    return answer


@pytest.mark.parametrize(
    ("stored_changes", "differing"),
    [
        ({}, ()),
        ({"amount": "10.5000"}, ()),
        ({"currency": "USD"}, ("currency",)),
        ({"amount": "12"}, ("amount",)),
        ({"externalId": "other"}, ("external_id",)),
        ({"payer": {"partyIdType": "MSISDN", "partyId": "46700000000"}}, ("payer",)),
        ({"payer": {"partyIdType": "EMAIL", "partyId": SUCCESS_PARTY}}, ("payer",)),
    ],
)
async def test_every_fingerprint_field_is_compared(
    h: Harness, stored_changes: dict[str, Any], differing: tuple[str, ...]
) -> None:
    stored = {
        "amount": "10.5",
        "currency": "EUR",
        "externalId": "o-1",
        "payer": {"partyIdType": "MSISDN", "partyId": SUCCESS_PARTY},
        "status": "PENDING",
        **stored_changes,
    }
    transport = httpx.MockTransport(_momo_with_a_stored_transaction(stored))
    momo = h.client(transport=transport)
    reference_id = str(uuid.uuid4())

    def replay() -> Any:  # the sync client runs on the call itself, so call inside raises()
        return momo.collection.request_to_pay(
            amount="10.50", payer=SUCCESS_PARTY, external_id="o-1", reference_id=reference_id
        )

    if not differing:
        assert (await run(replay())).replayed is True
        return
    with pytest.raises(IdempotencyConflictError) as caught:
        await run(replay())
    assert caught.value.differing_fields == differing


async def test_a_409_on_the_first_attempt_that_momo_cannot_show_is_raised(h: Harness) -> None:
    """Every create goes through a ledger, where another worker may have sent the same entry
    first, so a first-attempt 409 is checked once; when MoMo cannot show the transaction, its
    409 is what the caller gets, and the entry stays pending for reconcile."""
    conflict = fixture("momo_409_resource_already_exist")
    h.sandbox.faults.fail(
        409, method="POST", path=RTP, body=conflict.body, content_type=conflict.content_type
    )
    with pytest.raises(ConflictError) as caught:
        await run(create_calls(h.momo)["collection_request_to_pay"]())
    assert not isinstance(caught.value, IdempotencyConflictError)
    assert caught.value.code == "RESOURCE_ALREADY_EXIST"
    assert len(_posts(h, "collection_request_to_pay")) == 1
    assert len(h.sent_to("collection_get_request_to_pay_status")) == 1
    entry = h.momo.ledger.get(caught.value.reference_id)
    assert entry is not None
    assert entry.state is LedgerState.PENDING_SUBMIT


# ---- what is never retried, and what is ---------------------------------------------------------

NON_TRANSIENT_CODES = (
    "NOT_ALLOWED",
    "NOT_ALLOWED_TARGET_ENVIRONMENT",
    "INVALID_CALLBACK_URL_HOST",
    "INVALID_CURRENCY",
    "INTERNAL_PROCESSING_ERROR",
    "NOT_ENOUGH_FUNDS",
    "PAYER_NOT_FOUND",
    "PAYEE_NOT_FOUND",
    "COULD_NOT_PERFORM_TRANSACTION",
    "A_CODE_MOMO_ADDS_LATER",
)


@pytest.mark.parametrize("code", NON_TRANSIENT_CODES)
async def test_a_coded_500_refusal_is_never_retried(h: Harness, code: str) -> None:
    body = json.dumps({"code": code, "message": "refused"}).encode()
    h.sandbox.faults.fail(500, method="POST", path=RTP, body=body, content_type="application/json")
    with pytest.raises(ServerError) as caught:
        await run(create_calls(h.momo)["collection_request_to_pay"]())
    assert not isinstance(caught.value, TransientServerError)
    assert caught.value.code == code
    assert len(_posts(h, "collection_request_to_pay")) == 1
    assert h.clock.sleeps == []


async def test_service_unavailable_500_is_retried(h: Harness) -> None:
    body = b'{"code":"SERVICE_UNAVAILABLE","message":"try later"}'
    h.sandbox.faults.fail(500, method="POST", path=RTP, body=body, content_type="application/json")
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    assert _posts(h, "collection_request_to_pay") == [accepted.reference_id] * 2


async def test_a_real_callback_host_refusal_is_not_retried(h: Harness) -> None:
    with pytest.raises(ServerError) as caught:
        await run(
            create_calls(h.momo)["collection_request_to_pay"](
                callback_url="https://elsewhere.example.com/momo"
            )
        )
    assert caught.value.code == "INVALID_CALLBACK_URL_HOST"
    assert caught.value.hint is not None
    assert "providerCallbackHost" in caught.value.hint
    assert len(_posts(h, "collection_request_to_pay")) == 1
    assert h.sandbox.resources() == []


READ_FAILURES: dict[str, FaultSetup] = {
    "503": lambda faults, path: faults.fail(503, method="GET", path=path),
    "reset": lambda faults, path: faults.reset(method="GET", path=path),
    "timeout": lambda faults, path: faults.timeout(method="GET", path=path),
    "429": lambda faults, path: faults.fail(429, retry_after=1, method="GET", path=path),
    "HTML 504": lambda faults, path: faults.html(status=504, method="GET", path=path),
}


@pytest.mark.parametrize("failure", list(READ_FAILURES))
async def test_reads_are_retried_on_transient_failures(h: Harness, failure: str) -> None:
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    READ_FAILURES[failure](h.sandbox.faults, "requesttopay/")
    status = await run(h.momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert status.is_successful
    assert len(h.sent_to("collection_get_request_to_pay_status")) == 2
    READ_FAILURES[failure](h.sandbox.faults, "balance$")
    assert (await run(h.momo.remittance.get_balance())).available_balance == Decimal("1000")
    assert len(h.sent_to("remittance_get_account_balance")) == 2


async def test_an_unsafe_post_that_may_have_landed_is_not_retried(h: Harness) -> None:
    h.sandbox.faults.drop(method="POST", path="bc-authorize")
    with pytest.raises(MomoConnectionError) as caught:
        await run(h.momo.collection.bc_authorize(SUCCESS_PARTY))
    assert caught.value.maybe_sent is True
    assert len(h.sent_to("collection_bc_authorize")) == 1


async def test_provisioning_an_existing_api_user_is_safe_to_rerun(h: Harness) -> None:
    first = await run(h.momo.provisioning.provision(callback_host="shop.example.com"))
    again = await run(
        h.momo.provisioning.provision(callback_host="shop.example.com", api_user=first.api_user)
    )
    assert (first.created, again.created) == (True, False)
    assert again.api_user == first.api_user
    assert again.api_key != first.api_key
    users = [u for u in h.sandbox.snapshot()["users"] if u["user_id"] == first.api_user]
    assert len(users) == 1


@pytest.mark.parametrize("processed", [True, False])
async def test_a_refusal_after_an_attempt_that_may_have_landed_is_checked(
    h: Harness, processed: bool
) -> None:
    # Attempt 1 gets no answer (processed or not); attempt 2 is refused with a wait too long to
    # honour. Raising the 429 alone would tell the caller nothing was created.
    if processed:
        h.sandbox.faults.drop(method="POST", path=RTP)
    else:
        h.sandbox.faults.reset(method="POST", path=RTP)
    h.sandbox.faults.fail(429, retry_after=120, method="POST", path=RTP)
    call = create_calls(h.momo)["collection_request_to_pay"]
    if processed:
        accepted = await run(call())
        assert accepted.replayed is True
        assert _stored_count(h, "collection_request_to_pay", accepted.reference_id) == 1
    else:
        with pytest.raises(RateLimitedError):
            await run(call())
        assert h.sandbox.resources() == []
    assert len(_posts(h, "collection_request_to_pay")) == 2
    assert len(h.sent_to("collection_get_request_to_pay_status")) == 1
