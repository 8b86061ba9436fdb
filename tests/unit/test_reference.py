from __future__ import annotations

import uuid

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper._reference import ReferenceIdChoice, choose_reference_id, new_reference_id


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
