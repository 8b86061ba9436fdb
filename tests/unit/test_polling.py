from __future__ import annotations

from collections.abc import Iterator

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._polling import FINAL_STATUSES, PENDING_STATUSES, PollSchedule, is_final_status


def delays_until_deadline(schedule: PollSchedule) -> list[float]:
    delays: list[float] = []
    checks, elapsed = 0, 0.0
    while (delay := schedule.next_delay(checks, elapsed)) is not None:
        delays.append(delay)
        elapsed += delay
        checks += 1
    return delays


def test_first_check_is_immediate_then_the_interval_grows_to_the_cap() -> None:
    delays = delays_until_deadline(PollSchedule(timeout=30.0))
    assert delays[:7] == pytest.approx([0.0, 1.0, 1.5, 2.25, 3.375, 5.0, 5.0])


def test_the_last_wait_ends_exactly_at_the_deadline() -> None:
    delays = delays_until_deadline(PollSchedule(timeout=30.0))
    assert sum(delays) == pytest.approx(30.0)
    assert delays[-1] < 5.0


def test_a_spent_deadline_stops_polling() -> None:
    schedule = PollSchedule(timeout=10.0)
    assert schedule.next_delay(3, 10.0) is None
    assert schedule.next_delay(3, 12.0) is None
    assert schedule.next_delay(0, 12.0) == 0.0  # the first check always happens


def test_custom_intervals() -> None:
    schedule = PollSchedule(timeout=100.0, initial_interval=2.0, max_interval=2.0)
    assert delays_until_deadline(schedule)[:4] == [0.0, 2.0, 2.0, 2.0]


def test_not_found_grace() -> None:
    schedule = PollSchedule(not_found_grace=10.0)
    assert schedule.tolerates_not_found(9.9)
    assert not schedule.tolerates_not_found(10.0)
    assert not PollSchedule(not_found_grace=0).tolerates_not_found(0.0)


@pytest.mark.parametrize(
    "field", ["timeout", "initial_interval", "max_interval", "multiplier", "not_found_grace"]
)
def test_invalid_schedule(field: str) -> None:
    with pytest.raises(MomoValidationError):
        PollSchedule(**{field: -1})


@pytest.mark.parametrize(
    ("status", "final"),
    [
        ("SUCCESSFUL", True),
        ("FAILED", True),
        ("successful", True),
        (" FAILED ", True),
        ("REJECTED", True),
        ("EXPIRED", True),
        ("PENDING", False),
        ("CREATED", False),
        ("ONGOING", False),
        ("SOMETHING_NEW", False),
        ("", False),
        (None, False),
    ],
)
def test_terminal_rule(status: str | None, final: bool) -> None:
    assert is_final_status(status) is final


def test_final_and_pending_sets_are_disjoint() -> None:
    assert not FINAL_STATUSES & PENDING_STATUSES


# The waiter loop the clients run, written once here against the pure schedule, to prove the
# schedule composes with a clock: sync and async variants differ only in the sleep call.


def statuses(*values: str) -> Iterator[str]:
    yield from values
    while True:
        yield values[-1]


def wait_sync(schedule: PollSchedule, clock: FakeClock, source: Iterator[str]) -> tuple[str, int]:
    started, checks, status = clock.monotonic(), 0, ""
    while (delay := schedule.next_delay(checks, clock.monotonic() - started)) is not None:
        clock.sleep(delay)
        status, checks = next(source), checks + 1
        if is_final_status(status):
            break
    return status, checks


async def wait_async(
    schedule: PollSchedule, clock: FakeClock, source: Iterator[str]
) -> tuple[str, int]:
    started, checks, status = clock.monotonic(), 0, ""
    while (delay := schedule.next_delay(checks, clock.monotonic() - started)) is not None:
        await clock.asleep(delay)
        status, checks = next(source), checks + 1
        if is_final_status(status):
            break
    return status, checks


def test_sync_waiter_returns_the_final_status() -> None:
    clock = FakeClock(start_monotonic=0.0)
    result = wait_sync(
        PollSchedule(timeout=120), clock, statuses("PENDING", "PENDING", "SUCCESSFUL")
    )
    assert result == ("SUCCESSFUL", 3)
    assert clock.monotonic() == pytest.approx(2.5)


async def test_async_waiter_returns_pending_at_the_deadline() -> None:
    clock = FakeClock(start_monotonic=0.0)
    status, checks = await wait_async(PollSchedule(timeout=20), clock, statuses("CREATED"))
    assert status == "CREATED"
    assert clock.monotonic() == pytest.approx(20.0)
    assert checks == len(delays_until_deadline(PollSchedule(timeout=20)))
