"""Rule 3: reference ids are minted (UUID4) or validated before anything is sent, reused on every
attempt, and handed to ``on_reference_id`` before the request leaves; a raising hook stops it."""

from __future__ import annotations

import gc
import uuid
import warnings

import pytest

from momo_wrapper import MomoValidationError
from tests.client.client_harness import CREATE_OPERATIONS, Harness, create_calls, run


def _sent_reference_ids(h: Harness, operation: str) -> list[str]:
    return [r.headers["x-reference-id"] for r in h.sent_to(operation)]


@pytest.mark.parametrize("operation", CREATE_OPERATIONS)
async def test_a_minted_reference_id_is_a_uuid4_sent_as_x_reference_id(
    h: Harness, operation: str
) -> None:
    accepted = await run(create_calls(h.momo)[operation]())
    assert uuid.UUID(accepted.reference_id).version == 4
    assert str(uuid.UUID(accepted.reference_id)) == accepted.reference_id
    assert _sent_reference_ids(h, operation) == [accepted.reference_id]
    assert accepted.replayed is False


async def test_the_reference_id_is_minted_once_and_reused_on_every_attempt(h: Harness) -> None:
    h.sandbox.faults.reset(operation="RequesttoPay", times=2)  # never processed: retried
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"]())
    assert _sent_reference_ids(h, "collection_request_to_pay") == [accepted.reference_id] * 3
    assert accepted.replayed is False


async def test_the_callers_reference_id_is_used_normalised(h: Harness) -> None:
    chosen = str(uuid.uuid4())
    accepted = await run(create_calls(h.momo)["disbursement_transfer"](reference_id=chosen.upper()))
    assert accepted.reference_id == chosen
    assert _sent_reference_ids(h, "disbursement_transfer") == [chosen]
    record = h.sandbox.resource("disbursement", chosen)
    assert record is not None
    assert record.post_count == 1


async def test_a_uuid4_object_is_accepted_as_the_reference_id(h: Harness) -> None:
    chosen = uuid.uuid4()
    accepted = await run(create_calls(h.momo)["collection_request_to_pay"](reference_id=chosen))
    assert accepted.reference_id == str(chosen)
    assert _sent_reference_ids(h, "collection_request_to_pay") == [str(chosen)]


@pytest.mark.parametrize(
    "bad",
    [
        "not-a-uuid",
        # Fixed values: test ids must be the same in every pytest-xdist worker.
        "c232ab00-9414-11ec-b3c8-9f6bdeced846",  # a UUID, but version 1
        "5f0c8d8e3c1b4a539d0e2b7e6f1a9c44",  # a version 4 UUID without hyphens
        "",
        uuid.UUID("c232ab00-9414-11ec-b3c8-9f6bdeced846"),  # a UUID object, but version 1
        42,
    ],
)
async def test_a_bad_reference_id_is_refused_before_any_request(h: Harness, bad: object) -> None:
    hooked: list[str] = []
    momo = h.client(on_reference_id=hooked.append)
    with pytest.raises(MomoValidationError) as caught:
        await run(create_calls(momo)["collection_request_to_pay"](reference_id=bad))
    assert caught.value.field == "reference_id"
    assert hooked == []
    assert h.sent == []
    assert h.sandbox.requests == []


@pytest.mark.parametrize("operation", CREATE_OPERATIONS)
async def test_the_hook_sees_the_reference_id_before_the_request_is_sent(
    h: Harness, operation: str
) -> None:
    seen: list[tuple[str, int]] = []

    def persist(reference_id: str) -> None:
        seen.append((reference_id, len(h.sent)))

    momo = h.client(on_reference_id=persist)
    h.sandbox.faults.reset(path=r"/(requesttopay|transfer|apiuser)$", times=1)
    accepted = await run(create_calls(momo)[operation]())
    # Called once per logical create, with nothing sent yet, even though some were retried.
    assert seen == [(accepted.reference_id, 0)]


async def test_an_async_hook_is_awaited_before_the_request_is_sent(async_h: Harness) -> None:
    seen: list[tuple[str, int]] = []

    async def persist(reference_id: str) -> None:
        await run(None)  # a real suspension point, as a database write would have
        seen.append((reference_id, len(async_h.sent)))

    momo = async_h.client(on_reference_id=persist)
    accepted = await run(create_calls(momo)["remittance_cash_transfer"]())
    assert seen == [(accepted.reference_id, 0)]


async def test_the_sync_client_refuses_an_async_hook_cleanly(sync_h: Harness) -> None:
    async def persist(reference_id: str) -> None:  # pragma: no cover - must never run
        raise AssertionError(reference_id)

    momo = sync_h.client(on_reference_id=persist)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(MomoValidationError, match="on_reference_id"):
            await run(create_calls(momo)["collection_request_to_pay"]())
        gc.collect()
    assert [w for w in caught if "never awaited" in str(w.message)] == []
    assert sync_h.sent == []


class _DatabaseDown(Exception):
    pass


def _refuse(reference_id: str) -> None:
    raise _DatabaseDown(reference_id)


async def _arefuse(reference_id: str) -> None:
    raise _DatabaseDown(reference_id)


async def _assert_every_create_is_stopped(h: Harness, hook: object) -> None:
    momo = h.client(on_reference_id=hook)
    for call in create_calls(momo).values():
        with pytest.raises(_DatabaseDown):
            await run(call())
    assert h.sent == []
    assert h.sandbox.requests == []
    assert h.sandbox.resources() == []


async def test_a_raising_hook_sends_nothing(h: Harness) -> None:
    await _assert_every_create_is_stopped(h, _refuse)


async def test_a_raising_async_hook_sends_nothing(async_h: Harness) -> None:
    await _assert_every_create_is_stopped(async_h, _arefuse)
