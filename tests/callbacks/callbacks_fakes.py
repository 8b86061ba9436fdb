"""Fakes shared by the callback tests: MoMo's status endpoint as a table, a recording handler,
and a driver that runs each behaviour test through the sync and the async processor."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from momo_wrapper._clock import FakeClock
from momo_wrapper._errors import NotFoundError
from momo_wrapper._results import RequestToPayStatus, TransferStatus
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackEvent,
    CallbackOutcome,
    CallbackProcessor,
    CallbackRequest,
    CallbackResponse,
    PendingTransaction,
    ReconcileReport,
    VerifiedCallback,
    areconcile,
    reconcile,
)

T = TypeVar("T")

REF = "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
PATH = f"/momo/callbacks/collection/request_to_pay/{REF}"
JSON = {"content-type": "application/json; charset=utf-8"}

# What MoMo really sent (api-behaviour §8, API48 production callbacks).
SUCCESS_BODY = (
    b'{"financialTransactionId":"1884710816","externalId":"20950601","amount":"50",'
    b'"currency":"XAF","payer":{"partyIdType":"MSISDN","partyId":"237683746252"},'
    b'"payeeNote":"string","status":"SUCCESSFUL"}'
)
FAILED_BODY = (
    b'{"financialTransactionId":"1884670102","externalId":"20950173","amount":"20",'
    b'"currency":"XAF","payer":{"partyIdType":"MSISDN","partyId":"237683746252"},'
    b'"payeeNote":"string","status":"FAILED","reason":"INTERNAL_PROCESSING_ERROR"}'
)


def new_ref() -> str:
    return str(uuid.uuid4())


def payment(
    status: str, *, ref: str = REF, reason: str | None = None, **extra: Any
) -> RequestToPayStatus:
    body: dict[str, Any] = {
        "externalId": "20950601",
        "amount": "50",
        "currency": "XAF",
        "payer": {"partyIdType": "MSISDN", "partyId": "237683746252"},
        "status": status,
        **extra,
    }
    if reason is not None:
        body["reason"] = reason
    return RequestToPayStatus.from_wire(body, reference_id=ref, operation="request_to_pay")


def transfer(status: str, *, ref: str) -> TransferStatus:
    body = {"amount": "5", "currency": "EUR", "externalId": "t1", "status": status}
    return TransferStatus.from_wire(body, reference_id=ref, product="disbursement")


def not_found(ref: str = REF) -> NotFoundError:
    return NotFoundError(
        "Requested resource was not found.",
        status_code=404,
        code="RESOURCE_NOT_FOUND",
        reference_id=ref,
    )


def callback_request(
    body: bytes = SUCCESS_BODY,
    *,
    path: str = PATH,
    method: str = "POST",
    headers: dict[str, str] | None = None,
) -> CallbackRequest:
    return CallbackRequest(
        method=method, path=path, body=body, headers=JSON if headers is None else headers
    )


class FakeFetcher:
    """MoMo's status endpoint as a table: (product, reference id) -> result or exception.

    Both protocols at once (`fetch_status` and `afetch_status`). `sync_gate`/`async_gate`, when
    set, hold every fetch until the test opens them. `active_max` records peak concurrency.
    """

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], Any] = {}
        self.calls: list[tuple[str, str, str]] = []
        self.sync_gate: threading.Event | None = None
        self.async_gate: asyncio.Event | None = None
        self.started = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._active = 0
        self.active_max = 0

    def set(self, answer: Any, *, product: str = "collection", ref: str = REF) -> None:
        self.answers[(product, ref)] = answer

    def _answer(self, product: str, operation: str, reference_id: str) -> Any:
        with self._lock:
            self.calls.append((product, operation, reference_id))
        answer = self.answers.get((product, reference_id))
        if answer is None:
            raise not_found(reference_id)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def _enter(self) -> None:
        with self._lock:
            self._active += 1
            self.active_max = max(self.active_max, self._active)
        self.started.release()

    def _leave(self) -> None:
        with self._lock:
            self._active -= 1

    def fetch_status(self, product: str, operation: str, reference_id: str, /) -> Any:
        self._enter()
        try:
            if self.sync_gate is not None:
                assert self.sync_gate.wait(timeout=10), "test never opened the gate"
            return self._answer(product, operation, reference_id)
        finally:
            self._leave()

    async def afetch_status(self, product: str, operation: str, reference_id: str, /) -> Any:
        self._enter()
        try:
            if self.async_gate is not None:
                await asyncio.wait_for(self.async_gate.wait(), timeout=10)
            else:
                await asyncio.sleep(0)  # a real fetch yields to the loop
            return self._answer(product, operation, reference_id)
        finally:
            self._leave()


class Recorder:
    """A handler that records what it was given; `fail_times` makes its first calls raise."""

    def __init__(self, fail_times: int = 0) -> None:
        self.calls: list[VerifiedCallback] = []
        self.fail_times = fail_times
        self._lock = threading.Lock()

    def __call__(self, callback: VerifiedCallback) -> None:
        with self._lock:
            if self.fail_times > 0:
                self.fail_times -= 1
                raise RuntimeError("database is down")
            self.calls.append(callback)

    @property
    def statuses(self) -> list[str]:
        return [str(call.status.status) for call in self.calls]


class Driver:
    """One processor, sync or async, behind one awaitable interface."""

    def __init__(self, mode: str, fetcher: FakeFetcher, handler: Recorder, clock: FakeClock):
        self.mode = mode
        self.fetcher = fetcher
        self.handler = handler
        self.clock = clock
        self.processor: CallbackProcessor | AsyncCallbackProcessor = self.build()

    def build(self, **options: Any) -> CallbackProcessor | AsyncCallbackProcessor:
        options.setdefault("clock", self.clock)
        if self.mode == "sync":
            self.processor = CallbackProcessor(self.fetcher, self.handler, **options)
        else:
            self.processor = AsyncCallbackProcessor(self.fetcher, self.handler, **options)
        return self.processor

    async def _call(self, sync: Callable[[], T], async_: Callable[[], Awaitable[T]]) -> T:
        return sync() if self.mode == "sync" else await async_()

    async def handle(self, request: CallbackRequest) -> CallbackResponse:
        p = self.processor
        return await self._call(
            lambda: p.handle(request),  # type: ignore[union-attr]
            lambda: p.ahandle(request),  # type: ignore[union-attr]
        )

    async def verify(self, event: CallbackEvent) -> CallbackOutcome:
        p = self.processor
        return await self._call(
            lambda: p.verify(event),  # type: ignore[union-attr]
            lambda: p.averify(event),  # type: ignore[union-attr]
        )

    async def reconcile(
        self, pending: Iterable[PendingTransaction] = (), **options: Any
    ) -> ReconcileReport:
        p = self.processor
        return await self._call(
            lambda: reconcile(p, pending, **options),  # type: ignore[arg-type]
            lambda: areconcile(p, pending, **options),  # type: ignore[arg-type]
        )
