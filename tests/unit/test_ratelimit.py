from __future__ import annotations

import threading

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import MomoValidationError
from momo_wrapper._ratelimit import RateLimiter


def test_default_spacing_is_one_tenth_of_a_second() -> None:
    clock = FakeClock(start_monotonic=0.0)
    limiter = RateLimiter(10, clock=clock)
    waits = [limiter.acquire() for _ in range(25)]
    assert waits[0] == 0.0
    assert waits[1:] == pytest.approx([0.1] * 24)
    assert clock.monotonic() == pytest.approx(2.4)  # 25 calls need 2.4 s at 10/s


async def test_async_acquire_has_the_same_spacing() -> None:
    clock = FakeClock(start_monotonic=0.0)
    limiter = RateLimiter(10, clock=clock)
    waits = [await limiter.aacquire() for _ in range(25)]
    assert waits[0] == 0.0
    assert waits[1:] == pytest.approx([0.1] * 24)
    assert clock.sleeps == pytest.approx([0.1] * 24)


def test_a_burst_passes_at_once_then_the_rate_applies() -> None:
    clock = FakeClock(start_monotonic=0.0)
    limiter = RateLimiter(10, burst=5, clock=clock)
    waits = [limiter.acquire() for _ in range(8)]
    assert waits[:5] == [0.0] * 5
    assert waits[5:] == pytest.approx([0.1] * 3)


def test_idle_time_refills_up_to_the_burst_only() -> None:
    clock = FakeClock(start_monotonic=0.0)
    limiter = RateLimiter(10, burst=2, clock=clock)
    clock.advance(60)
    assert [limiter.acquire() for _ in range(3)] == pytest.approx([0.0, 0.0, 0.1])


def test_concurrent_reservations_are_evenly_spaced() -> None:
    clock = FakeClock(start_monotonic=0.0)  # frozen: nobody sleeps in this test
    limiter = RateLimiter(10, clock=clock)
    waits: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(50)

    def worker() -> None:
        barrier.wait()
        wait = limiter.reserve()
        with lock:
            waits.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([n / 10 for n in range(50)])


@pytest.mark.parametrize(("rate", "burst"), [(0, None), (-1, None), (10, 0), ("10", None)])
def test_invalid_settings(rate, burst) -> None:
    with pytest.raises(MomoValidationError):
        RateLimiter(rate, burst=burst)


def test_repr() -> None:
    assert repr(RateLimiter(10)) == "RateLimiter(rate=10/s, burst=1)"
