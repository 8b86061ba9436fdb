from __future__ import annotations

import asyncio

import pytest

from momo_wrapper._clock import SYSTEM_CLOCK, Clock, FakeClock, SystemClock


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SYSTEM_CLOCK, Clock)
    assert isinstance(FakeClock(), Clock)


def test_system_clock_reads_time_and_skips_non_positive_sleeps() -> None:
    clock = SystemClock()
    first = clock.monotonic()
    clock.sleep(0)
    clock.sleep(-1)
    assert clock.monotonic() >= first
    assert clock.time() > 1_600_000_000
    assert repr(clock) == "SystemClock()"


async def test_system_clock_asleep_zero_returns() -> None:
    await SYSTEM_CLOCK.asleep(0)
    await SYSTEM_CLOCK.asleep(-5)


def test_fake_clock_sleep_advances_both_clocks_and_records() -> None:
    clock = FakeClock(start_monotonic=10.0, start_time=100.0)
    clock.sleep(2.5)
    clock.sleep(0.5)
    assert clock.monotonic() == 13.0
    assert clock.time() == 103.0
    assert clock.sleeps == [2.5, 0.5]
    assert clock.total_slept == 3.0


def test_fake_clock_refuses_to_go_backwards() -> None:
    with pytest.raises(ValueError, match="backwards"):
        FakeClock().advance(-1)


async def test_fake_clock_asleep_advances_and_lets_other_tasks_run() -> None:
    clock = FakeClock(start_monotonic=0.0)
    ran: list[str] = []

    async def other() -> None:
        ran.append("other")

    task = asyncio.create_task(other())
    await clock.asleep(3.0)
    assert ran == ["other"]
    assert clock.monotonic() == 3.0
    await task
