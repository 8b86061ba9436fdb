from __future__ import annotations

import uuid
import warnings

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper._reference import (
    ReferenceIdChoice,
    aprepare_reference_id,
    choose_reference_id,
    new_reference_id,
    prepare_reference_id,
)


def test_new_reference_ids_are_distinct_uuid4_strings() -> None:
    ids = {new_reference_id() for _ in range(1000)}
    assert len(ids) == 1000
    for value in list(ids)[:20]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4
        assert str(parsed) == value


def test_choose_mints_when_none_given() -> None:
    choice = choose_reference_id()
    assert choice.supplied_by_caller is False
    assert uuid.UUID(choice.value).version == 4


def test_choose_validates_and_normalises_the_callers_id() -> None:
    value = str(uuid.uuid4())
    assert choose_reference_id(value.upper()) == ReferenceIdChoice(value, supplied_by_caller=True)
    with pytest.raises(MomoValidationError, match="reference_id"):
        choose_reference_id("order-17")
    as_object = uuid.uuid4()
    assert choose_reference_id(as_object).value == str(as_object)
    with pytest.raises(MomoValidationError, match="expected a string"):
        choose_reference_id(12345)


def test_sync_hook_sees_the_id_before_anything_else() -> None:
    seen: list[str] = []
    choice = prepare_reference_id(on_reference_id=seen.append)
    assert seen == [choice.value]


def test_a_failing_hook_aborts() -> None:
    def refuse(_: str) -> None:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        prepare_reference_id(on_reference_id=refuse)


def test_an_invalid_id_never_reaches_the_hook() -> None:
    seen: list[str] = []
    with pytest.raises(MomoValidationError):
        prepare_reference_id("bad", on_reference_id=seen.append)
    assert seen == []


def test_sync_preparation_refuses_an_async_hook_cleanly() -> None:
    async def persist(_: str) -> None:
        raise AssertionError("must not run")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "coroutine was never awaited" would fail the test
        with pytest.raises(MomoValidationError, match="AsyncMomoClient"):
            prepare_reference_id(on_reference_id=persist)


async def test_async_preparation_awaits_an_async_hook() -> None:
    seen: list[str] = []

    async def persist(value: str) -> None:
        seen.append(value)

    value = str(uuid.uuid4())
    choice = await aprepare_reference_id(value, on_reference_id=persist)
    assert seen == [value]
    assert choice.supplied_by_caller is True


async def test_async_preparation_accepts_a_sync_hook_and_no_hook() -> None:
    seen: list[str] = []
    choice = await aprepare_reference_id(on_reference_id=seen.append)
    assert seen == [choice.value]
    assert (await aprepare_reference_id()).supplied_by_caller is False
