"""Receivers bound their work by distinct known references: unknown ones are never read,
duplicates are folded into one read, final states are answered from the read that found them.
Each test runs on the WSGI receiver (threads) and the ASGI receiver (asyncio)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from momo_wrapper._clock import FakeClock
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackASGIApp,
    CallbackOutcome,
    CallbackProcessor,
    CallbackResponse,
    CallbackWSGIApp,
    Verdict,
)
from tests.callbacks.callbacks_fakes import (
    PATH,
    REF,
    FakeFetcher,
    Recorder,
    callback_request,
    new_ref,
    payment,
)


class Receiver:
    """A WSGI or ASGI receiver behind one awaitable interface."""

    def __init__(self, flavour: str, fetcher: FakeFetcher, handler: Recorder, **options: Any):
        self.mode = flavour
        self.fetcher = fetcher
        self.outcomes: list[CallbackOutcome] = []
        common: dict[str, Any] = {
            "clock": FakeClock(),
            "on_outcome": self.outcomes.append,
            **options.pop("processor", {}),
        }
        if flavour == "wsgi":
            self.processor: Any = CallbackProcessor(fetcher, handler, **common)
            self.app: Any = CallbackWSGIApp(self.processor, **options)
        else:
            self.processor = AsyncCallbackProcessor(fetcher, handler, **common)
            self.app = CallbackASGIApp(self.processor, **options)

    async def send(self, path: str = PATH) -> CallbackResponse:
        request = callback_request(path=path)
        if self.mode == "wsgi":
            response: CallbackResponse = self.app.accept(request)
        else:
            response = await self.app.accept(request)
        return response

    def gate(self) -> None:
        if self.mode == "wsgi":
            self.fetcher.sync_gate = threading.Event()
        else:
            self.fetcher.async_gate = asyncio.Event()

    def open_gate(self) -> None:
        if self.mode == "wsgi":
            assert self.fetcher.sync_gate is not None
            self.fetcher.sync_gate.set()
        else:
            assert self.fetcher.async_gate is not None
            self.fetcher.async_gate.set()

    async def reads_started(self, count: int) -> None:
        for _ in range(count):
            if self.mode == "wsgi":
                assert await asyncio.to_thread(self.fetcher.started.acquire, True, 10)
            else:
                for _ in range(10_000):
                    if self.fetcher.started.acquire(blocking=False):
                        break
                    await asyncio.sleep(0)
                else:
                    raise AssertionError("the read never started")

    async def join(self) -> None:
        if self.mode == "wsgi":
            assert await asyncio.to_thread(self.app.join, 10)
        else:
            await asyncio.wait_for(self.app.join(), 10)

    async def until(self, condition: Any) -> None:
        for _ in range(2_000):
            if condition():
                return
            await asyncio.sleep(0.005)
        raise AssertionError("condition never became true")

    async def close(self) -> None:
        if self.mode == "wsgi":
            assert await asyncio.to_thread(self.app.close, 10)
        else:
            assert await self.app.aclose(10)

    def verdicts(self) -> list[Verdict]:
        return [outcome.verdict for outcome in self.outcomes]


@pytest.fixture(params=["wsgi", "asgi"])
def flavour(request: pytest.FixtureRequest) -> str:
    flavour: str = request.param
    return flavour


def path_for(ref: str) -> str:
    return f"/momo/callbacks/collection/request_to_pay/{ref}"


async def test_unknown_references_are_answered_without_a_read(
    flavour: str, fetcher: FakeFetcher, handler: Recorder
) -> None:
    ours = {REF}
    asked: list[tuple[str, str]] = []

    def known(product: str, reference_id: str) -> bool:
        asked.append((product, reference_id))
        return reference_id in ours

    fetcher.set(payment("SUCCESSFUL"))
    receiver = Receiver(flavour, fetcher, handler, processor={"known_references": known})
    strangers = [new_ref() for _ in range(50)]
    for ref in strangers:
        assert (await receiver.send(path_for(ref))).status_code == 200
    assert (await receiver.send()).status_code == 200
    await receiver.join()
    assert fetcher.calls == [("collection", "request_to_pay", REF)]  # ours only
    assert receiver.verdicts().count(Verdict.UNKNOWN_REFERENCE) == 50
    assert Verdict.DELIVERED in receiver.verdicts()
    assert all(o.error is None for o in receiver.outcomes)
    assert handler.statuses == ["SUCCESSFUL"]
    assert len(receiver.processor.unconfirmed) == 0  # strangers never fill it
    assert ("collection", strangers[0]) in asked
    await receiver.close()


async def test_callbacks_during_a_read_are_folded_into_it(
    flavour: str, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    receiver = Receiver(flavour, fetcher, handler)
    receiver.gate()
    assert (await receiver.send()).status_code == 200
    await receiver.reads_started(1)
    for _ in range(100):  # a flood on the one reference while its read is in flight
        assert (await receiver.send()).status_code == 200
    assert receiver.processor.coalescer.active == 1
    assert receiver.app.in_progress == 1
    receiver.open_gate()
    await receiver.join()
    assert len(fetcher.calls) == 1
    assert handler.statuses == ["SUCCESSFUL"]
    assert receiver.verdicts() == [Verdict.DELIVERED, Verdict.DUPLICATE]
    # Later copies are answered from the final read: no more reads.
    assert (await receiver.send()).status_code == 200
    assert len(fetcher.calls) == 1
    assert receiver.verdicts()[-1] is Verdict.DUPLICATE
    assert receiver.processor.coalescer.active == 0
    await receiver.close()


async def test_a_stale_pending_read_is_checked_again_when_a_callback_came_meanwhile(
    flavour: str, fetcher: FakeFetcher, handler: Recorder
) -> None:
    # A forged callback starts a read; MoMo says PENDING; the genuine callback arrives during
    # that read, and MoMo has the final status by then.
    fetcher.set(payment("PENDING"))
    receiver = Receiver(flavour, fetcher, handler, recheck_interval=0.3)
    receiver.gate()
    assert (await receiver.send()).status_code == 200
    await receiver.reads_started(1)
    assert (await receiver.send()).status_code == 200  # the genuine one
    receiver.open_gate()
    await receiver.until(lambda: receiver.verdicts() == [Verdict.NOT_FINAL])
    fetcher.set(payment("SUCCESSFUL"))  # MoMo's state when the genuine callback was sent
    assert handler.calls == []
    await receiver.until(lambda: handler.statuses == ["SUCCESSFUL"])
    await receiver.join()
    assert len(fetcher.calls) == 2
    assert Verdict.DELIVERED in receiver.verdicts()
    assert len(receiver.processor.unconfirmed) == 0
    await receiver.close()


async def test_a_pending_reference_without_newer_callbacks_is_left_to_reconciliation(
    flavour: str, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("PENDING"))
    receiver = Receiver(flavour, fetcher, handler, recheck_interval=0)
    assert (await receiver.send()).status_code == 200
    await receiver.join()
    assert len(fetcher.calls) == 1
    assert receiver.verdicts() == [Verdict.NOT_FINAL]
    assert [t.reference_id for t in receiver.processor.unconfirmed.snapshot()] == [REF]
    assert receiver.processor.coalescer.active == 0
    await receiver.close()


async def test_reads_use_the_clients_throttled_status_read(flavour: str, handler: Recorder) -> None:
    class Budgeted(FakeFetcher):
        def __init__(self) -> None:
            super().__init__()
            self.throttled: list[str] = []

        def fetch_status_throttled(self, product: str, operation: str, ref: str) -> Any:
            self.throttled.append(ref)
            return self.fetch_status(product, operation, ref)

        async def afetch_status_throttled(self, product: str, operation: str, ref: str) -> Any:
            self.throttled.append(ref)
            return await self.afetch_status(product, operation, ref)

    fetcher = Budgeted()
    fetcher.set(payment("SUCCESSFUL"))
    receiver = Receiver(flavour, fetcher, handler)
    await receiver.send()
    await receiver.join()
    assert fetcher.throttled == [REF]
    assert handler.statuses == ["SUCCESSFUL"]
    await receiver.close()


async def test_a_failing_known_references_source_reads_rather_than_drops(
    flavour: str, fetcher: FakeFetcher, handler: Recorder
) -> None:
    def broken(product: str, reference_id: str) -> bool:
        raise ConnectionError("ledger down")

    fetcher.set(payment("SUCCESSFUL"))
    receiver = Receiver(flavour, fetcher, handler, processor={"known_references": broken})
    assert (await receiver.send()).status_code == 200
    await receiver.join()
    assert handler.statuses == ["SUCCESSFUL"]
    await receiver.close()
