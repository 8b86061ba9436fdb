"""The ASGI receiver over real HTTP (uvicorn on a loopback port) and in-process."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackASGIApp,
    CallbackProcessor,
    CallbackRequest,
    Verdict,
)
from momo_wrapper.callbacks._asgi import Message
from tests.callbacks.callbacks_fakes import (
    FAILED_BODY,
    PATH,
    REF,
    SUCCESS_BODY,
    FakeFetcher,
    Recorder,
    new_ref,
    payment,
)
from tests.callbacks.callbacks_servers import MOMO_HEADERS, serve_asgi


async def until(condition: Any) -> None:
    for _ in range(10_000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never became true")


async def test_post_and_put_callbacks_over_http_deliver_the_verified_status_once(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("FAILED", reason="APPROVAL_REJECTED"))  # the body will claim success
    app = CallbackASGIApp(async_processor)
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        first = await client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        second = await client.put(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        await app.join()
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == {"status": "received"}
    assert first.headers["content-type"] == "application/json"
    [delivered] = handler.calls
    assert str(delivered.status.status) == "FAILED"
    assert delivered.claimed is not None
    assert delivered.claimed.claimed_status == "SUCCESSFUL"
    assert len(fetcher.calls) == 1  # the copy is answered from the final read: no second read


async def test_the_answer_comes_before_verification_finishes(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.async_gate = asyncio.Event()  # MoMo is slow to answer the status read
    app = CallbackASGIApp(async_processor)
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert response.status_code == 200
        await until(lambda: fetcher.active_max == 1)
        assert handler.calls == []
        assert app.in_progress == 1
        fetcher.async_gate.set()
        await app.join()
    assert handler.statuses == ["SUCCESSFUL"]
    assert app.in_progress == 0


async def test_an_unknown_reference_gets_the_same_answer(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    outcomes: list[Verdict] = []
    async_processor.on_outcome = lambda outcome: outcomes.append(outcome.verdict)
    app = CallbackASGIApp(async_processor)
    path = f"/momo/callbacks/collection/request_to_pay/{new_ref()}"
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        response = await client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        await app.join()
    assert response.status_code == 200
    assert response.json() == {"status": "received"}
    assert outcomes == [Verdict.UNKNOWN_REFERENCE]
    assert handler.calls == []


async def test_malformed_requests_over_http_get_4xx_and_the_server_keeps_working(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    app = CallbackASGIApp(async_processor)
    html = {"content-type": "text/html"}
    bad: list[tuple[str, str, bytes, dict[str, str], int]] = [
        ("POST", PATH, b"this is not json", MOMO_HEADERS, 400),
        ("POST", PATH, b"<html><body>Bad Gateway</body></html>", MOMO_HEADERS, 400),
        ("POST", PATH, b"<html><body>Bad Gateway</body></html>", html, 415),
        ("POST", PATH, b'["status", "SUCCESSFUL"]', MOMO_HEADERS, 400),
        ("POST", PATH, b"", MOMO_HEADERS, 400),
        ("POST", PATH, b"[" * 30_000 + b"]" * 30_000, MOMO_HEADERS, 400),
        ("POST", PATH, b'{"status":"' + b"S" * 300_000 + b'"}', MOMO_HEADERS, 413),
        ("POST", f"/momo/callbacks/collection/request_to_pay/{REF}x", b"{}", MOMO_HEADERS, 404),
        ("POST", f"/other/collection/request_to_pay/{REF}", SUCCESS_BODY, MOMO_HEADERS, 404),
        ("POST", "/momo/callbacks", SUCCESS_BODY, MOMO_HEADERS, 404),
        ("GET", PATH, b"", {}, 405),
        ("PATCH", PATH, SUCCESS_BODY, MOMO_HEADERS, 405),
    ]
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        for method, path, body, headers, status in bad:
            response = await client.request(method, path, content=body, headers=headers)
            assert response.status_code == status, (method, path, body[:30])
            assert "error" in response.json()
        good = await client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        await app.join()
    assert good.status_code == 200
    assert handler.statuses == ["SUCCESSFUL"]
    assert fetcher.calls == [("collection", "request_to_pay", REF)]


async def test_a_full_queue_answers_503_and_keeps_the_transaction(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    refs = [new_ref() for _ in range(3)]
    for ref in refs:
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    fetcher.async_gate = asyncio.Event()
    app = CallbackASGIApp(async_processor, workers=1, queue_size=1)
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:

        async def send(ref: str) -> httpx.Response:
            path = f"/momo/callbacks/collection/request_to_pay/{ref}"
            return await client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS)

        assert (await send(refs[0])).status_code == 200
        await until(lambda: fetcher.active_max == 1)  # the one worker is busy with it
        assert (await send(refs[1])).status_code == 200  # waits in the queue
        busy = await send(refs[2])
        assert busy.status_code == 503
        assert [t.reference_id for t in async_processor.unconfirmed.snapshot()] == [refs[2]]
        fetcher.async_gate.set()
        await app.join()
    assert sorted(c.reference_id for c in handler.calls) == sorted(refs[:2])


async def test_aclose_drains_accepted_callbacks_then_refuses_new_ones(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    refs = [new_ref() for _ in range(4)]
    for ref in refs:
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    fetcher.async_gate = asyncio.Event()
    app = CallbackASGIApp(async_processor, workers=2)
    async with serve_asgi(app) as url, httpx.AsyncClient(base_url=url) as client:
        for ref in refs:
            path = f"/momo/callbacks/collection/request_to_pay/{ref}"
            response = await client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS)
            assert response.status_code == 200
        closing = asyncio.create_task(app.aclose(timeout=10))
        await until(lambda: fetcher.active_max == 2 and not app.accepting)
        assert not closing.done()
        late = await client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert late.status_code == 503
        fetcher.async_gate.set()
        assert await closing is True
    assert sorted(c.reference_id for c in handler.calls) == sorted(refs)
    assert fetcher.active_max == 2  # bounded concurrency


async def test_aclose_reports_a_drain_that_timed_out(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.async_gate = asyncio.Event()  # never opened
    app = CallbackASGIApp(async_processor)
    response = await app.accept(_request())
    assert response.status_code == 200
    assert await app.aclose(timeout=0) is False


# --------------------------------------------------------------------------------------------
# In-process ASGI: lifespan, mounting, disconnects


def _request(path: str = PATH) -> CallbackRequest:
    return CallbackRequest(method="POST", path=path, body=FAILED_BODY, headers=MOMO_HEADERS)


def _scope(
    path: str, root_path: str = "", headers: list[tuple[bytes, bytes]] | None = None
) -> Message:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "root_path": root_path,
        "query_string": b"",
        "headers": headers or [(b"content-type", b"application/json")],
        "client": ("196.201.214.1", 40000),
    }


async def _call(app: CallbackASGIApp, scope: Message, messages: list[Message]) -> list[Message]:
    inbox = list(messages)
    sent: list[Message] = []

    async def receive() -> Message:
        return inbox.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def _status(sent: list[Message]) -> int:
    status: int = sent[0]["status"]
    return status


@pytest.mark.parametrize(
    ("path", "root_path"),
    [
        (PATH, "/momo/callbacks"),  # current servers: the mount prefix is in both
        (PATH.removeprefix("/momo/callbacks"), "/momo/callbacks"),  # older routers strip it
        (PATH, ""),  # served at the root, the prefix is just part of the path
    ],
)
async def test_mounted_under_a_prefix(
    async_processor: AsyncCallbackProcessor,
    fetcher: FakeFetcher,
    handler: Recorder,
    path: str,
    root_path: str,
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    app = CallbackASGIApp(async_processor)
    body = {"type": "http.request", "body": SUCCESS_BODY, "more_body": False}
    sent = await _call(app, _scope(path, root_path), [body])
    await app.join()
    assert _status(sent) == 200
    assert json.loads(sent[1]["body"]) == {"status": "received"}
    assert handler.statuses == ["SUCCESSFUL"]


async def test_a_body_in_chunks_is_reassembled(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    app = CallbackASGIApp(async_processor)
    chunks = [SUCCESS_BODY[i : i + 7] for i in range(0, len(SUCCESS_BODY), 7)]
    messages: list[Message] = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent = await _call(app, _scope(PATH), messages)
    await app.join()
    assert _status(sent) == 200
    [delivered] = handler.calls
    assert delivered.claimed is not None
    assert delivered.claimed.claimed_financial_transaction_id == "1884710816"


async def test_a_huge_declared_body_is_refused_without_reading_it(
    async_processor: AsyncCallbackProcessor,
) -> None:
    app = CallbackASGIApp(async_processor)
    headers = [(b"content-type", b"application/json"), (b"content-length", b"1000000000")]
    sent = await _call(app, _scope(PATH, headers=headers), [])  # receive() would fail
    assert _status(sent) == 413


async def test_an_endless_body_is_cut_off(async_processor: AsyncCallbackProcessor) -> None:
    app = CallbackASGIApp(async_processor)
    reads = 0

    async def receive() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 65536, "more_body": True}

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    await app(_scope(PATH), receive, send)
    assert _status(sent) == 413
    assert reads <= 17  # stops after the discard limit (1 MiB)


async def test_a_client_that_goes_away_gets_nothing_and_breaks_nothing(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher
) -> None:
    app = CallbackASGIApp(async_processor)
    sent = await _call(app, _scope(PATH), [{"type": "http.disconnect"}])
    assert sent == []
    assert fetcher.calls == []


async def test_lifespan_shutdown_drains(
    async_processor: AsyncCallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.async_gate = asyncio.Event()
    app = CallbackASGIApp(async_processor)
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    lifespan = asyncio.create_task(app({"type": "lifespan"}, inbox.get, send))
    await inbox.put({"type": "lifespan.startup"})
    await until(lambda: sent == [{"type": "lifespan.startup.complete"}])
    assert (await app.accept(_request())).status_code == 200
    await inbox.put({"type": "lifespan.shutdown"})
    await until(lambda: fetcher.active_max == 1)
    assert not lifespan.done()  # waiting for the accepted callback
    fetcher.async_gate.set()
    await lifespan
    assert sent[-1] == {"type": "lifespan.shutdown.complete"}
    assert handler.statuses == ["SUCCESSFUL"]


async def test_other_scopes_are_ignored(async_processor: AsyncCallbackProcessor) -> None:
    app = CallbackASGIApp(async_processor)
    assert await _call(app, {"type": "websocket", "path": PATH}, []) == []


def test_the_asgi_app_needs_the_async_processor(fetcher: FakeFetcher, handler: Recorder) -> None:
    with pytest.raises(MomoValidationError, match="CallbackWSGIApp"):
        CallbackASGIApp(CallbackProcessor(fetcher, handler))  # type: ignore[arg-type]
    async_processor = AsyncCallbackProcessor(fetcher, handler)
    with pytest.raises(MomoValidationError, match="workers"):
        CallbackASGIApp(async_processor, workers=0)
    with pytest.raises(MomoValidationError, match="queue_size"):
        CallbackASGIApp(async_processor, queue_size=0)
