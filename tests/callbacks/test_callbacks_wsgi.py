"""The WSGI receiver over real HTTP (wsgiref on a loopback port) and in-process."""

from __future__ import annotations

import io
import threading
import time
from typing import Any

import httpx
import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper.callbacks import (
    AsyncCallbackProcessor,
    CallbackProcessor,
    CallbackWSGIApp,
    Verdict,
)
from momo_wrapper.callbacks._wsgi import request_from_environ
from tests.callbacks.callbacks_fakes import (
    PATH,
    REF,
    SUCCESS_BODY,
    FakeFetcher,
    Recorder,
    new_ref,
    payment,
)
from tests.callbacks.callbacks_servers import MOMO_HEADERS, serve_wsgi


def wait_started(fetcher: FakeFetcher, count: int = 1) -> None:
    for _ in range(count):
        assert fetcher.started.acquire(timeout=10), "the fetch never started"


def test_post_and_put_callbacks_over_http_deliver_the_verified_status_once(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("FAILED", reason="APPROVAL_REJECTED"))  # the body will claim success
    app = CallbackWSGIApp(sync_processor)
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:
        first = client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        second = client.put(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert app.join(timeout=10)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == {"status": "received"}
    [delivered] = handler.calls
    assert str(delivered.status.status) == "FAILED"
    assert delivered.claimed is not None
    assert delivered.claimed.claimed_status == "SUCCESSFUL"
    assert len(fetcher.calls) == 1  # the copy is answered from the final read: no second read
    assert app.close(timeout=10)


def test_the_answer_comes_before_verification_finishes(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.sync_gate = threading.Event()  # MoMo is slow to answer the status read
    app = CallbackWSGIApp(sync_processor)
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:
        response = client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert response.status_code == 200
        wait_started(fetcher)
        assert handler.calls == []
        assert app.in_progress == 1
        fetcher.sync_gate.set()
        assert app.join(timeout=10)
    assert handler.statuses == ["SUCCESSFUL"]
    assert app.close(timeout=10)


def test_an_unknown_reference_gets_the_same_answer(
    sync_processor: CallbackProcessor, handler: Recorder
) -> None:
    outcomes: list[Verdict] = []
    sync_processor.on_outcome = lambda outcome: outcomes.append(outcome.verdict)
    app = CallbackWSGIApp(sync_processor)
    path = f"/momo/callbacks/collection/request_to_pay/{new_ref()}"
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:
        response = client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert app.join(timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "received"}
    assert outcomes == [Verdict.UNKNOWN_REFERENCE]
    assert handler.calls == []


def test_malformed_requests_over_http_get_4xx_and_the_server_keeps_working(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    app = CallbackWSGIApp(sync_processor)
    html = {"content-type": "text/html"}
    bad: list[tuple[str, str, bytes, dict[str, str], int]] = [
        ("POST", PATH, b"this is not json", MOMO_HEADERS, 400),
        ("POST", PATH, b"<html><body>Bad Gateway</body></html>", MOMO_HEADERS, 400),
        ("POST", PATH, b"<html><body>Bad Gateway</body></html>", html, 415),
        ("POST", PATH, b'{"status": 7, "amount": ["x"]', MOMO_HEADERS, 400),
        ("POST", PATH, b"42", MOMO_HEADERS, 400),
        ("POST", PATH, b"", MOMO_HEADERS, 400),
        ("POST", PATH, b"[" * 30_000 + b"]" * 30_000, MOMO_HEADERS, 400),
        ("POST", PATH, b'{"status":"' + b"S" * 300_000 + b'"}', MOMO_HEADERS, 413),
        ("POST", f"/momo/callbacks/collection/request_to_pay/{REF}x", b"{}", MOMO_HEADERS, 404),
        ("PUT", f"/other/collection/request_to_pay/{REF}", SUCCESS_BODY, MOMO_HEADERS, 404),
        ("GET", PATH, b"", {}, 405),
    ]
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:
        for method, path, body, headers, status in bad:
            response = client.request(method, path, content=body, headers=headers)
            assert response.status_code == status, (method, path, body[:30])
            assert "error" in response.json()
            if status == 405:
                assert response.headers["allow"] == "POST, PUT"
        good = client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS)
        assert app.join(timeout=10)
    assert good.status_code == 200
    assert handler.statuses == ["SUCCESSFUL"]
    assert fetcher.calls == [("collection", "request_to_pay", REF)]


def test_a_full_queue_answers_503_and_keeps_the_transaction(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    refs = [new_ref() for _ in range(3)]
    for ref in refs:
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    fetcher.sync_gate = threading.Event()
    app = CallbackWSGIApp(sync_processor, workers=1, queue_size=1)
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:

        def send(ref: str) -> httpx.Response:
            path = f"/momo/callbacks/collection/request_to_pay/{ref}"
            return client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS)

        assert send(refs[0]).status_code == 200
        wait_started(fetcher)  # the one worker is busy with it
        assert send(refs[1]).status_code == 200  # waits in the queue
        assert send(refs[2]).status_code == 503
        assert [t.reference_id for t in sync_processor.unconfirmed.snapshot()] == [refs[2]]
        fetcher.sync_gate.set()
        assert app.join(timeout=10)
    assert sorted(c.reference_id for c in handler.calls) == sorted(refs[:2])
    assert app.close(timeout=10)


def test_close_drains_accepted_callbacks_then_refuses_new_ones(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    refs = [new_ref() for _ in range(5)]
    for ref in refs:
        fetcher.set(payment("SUCCESSFUL", ref=ref), ref=ref)
    fetcher.sync_gate = threading.Event()
    app = CallbackWSGIApp(sync_processor, workers=2)
    with serve_wsgi(app) as url, httpx.Client(base_url=url) as client:
        for ref in refs:
            path = f"/momo/callbacks/collection/request_to_pay/{ref}"
            assert client.post(path, content=SUCCESS_BODY, headers=MOMO_HEADERS).status_code == 200
        wait_started(fetcher, 2)
        result: list[bool] = []
        closing = threading.Thread(target=lambda: result.append(app.close(timeout=10)))
        closing.start()
        while app.accepting:
            time.sleep(0)  # yield to the closing thread
        assert client.post(PATH, content=SUCCESS_BODY, headers=MOMO_HEADERS).status_code == 503
        assert result == []  # still draining
        fetcher.sync_gate.set()
        closing.join()
    assert result == [True]
    assert sorted(c.reference_id for c in handler.calls) == sorted(refs)
    assert fetcher.active_max == 2  # bounded concurrency


def test_close_reports_a_drain_that_timed_out(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    fetcher.sync_gate = threading.Event()
    app = CallbackWSGIApp(sync_processor)
    environ = _environ(SUCCESS_BODY)
    assert _call(app, environ)[0].startswith("200")
    wait_started(fetcher)
    assert app.close(timeout=0) is False
    fetcher.sync_gate.set()
    assert app.join(timeout=10)


# --------------------------------------------------------------------------------------------
# In-process WSGI: environ details


def _environ(body: bytes, **extra: Any) -> dict[str, Any]:
    environ = {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": PATH,
        "CONTENT_TYPE": "application/json; charset=utf-8",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "196.201.214.1",
        "HTTP_USER_AGENT": "LWAC Http Client 1.0",
        "wsgi.input": io.BytesIO(body),
    }
    environ.update(extra)
    return environ


def _call(
    app: CallbackWSGIApp, environ: dict[str, Any]
) -> tuple[str, list[tuple[str, str]], bytes]:
    started: list[Any] = []
    body = b"".join(app(environ, lambda status, headers: started.extend((status, headers))))
    return started[0], started[1], body


class NoRead(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body must not be read")


def test_environ_to_request() -> None:
    environ = _environ(
        SUCCESS_BODY,
        SCRIPT_NAME="/momo",
        PATH_INFO="/callbacks/collection/request_to_pay/" + REF,
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    request = request_from_environ(environ, 1024)
    assert request.path == PATH  # mount prefix (SCRIPT_NAME) + PATH_INFO
    assert request.body == SUCCESS_BODY
    assert request.client_host == "196.201.214.1"
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["user-agent"] == "LWAC Http Client 1.0"
    assert request.headers["x-forwarded-for"] == "1.2.3.4"


def test_a_utf8_path_is_decoded_as_pep_3333_says() -> None:
    wire = "/momo/é/collection/request_to_pay/" + REF
    environ = _environ(b"{}", PATH_INFO=wire.encode().decode("latin-1"))
    assert request_from_environ(environ, 1024).path == wire


def test_a_huge_declared_body_is_refused_without_reading_it(
    sync_processor: CallbackProcessor,
) -> None:
    app = CallbackWSGIApp(sync_processor)
    environ = _environ(b"", CONTENT_LENGTH=str(10**9), **{"wsgi.input": NoRead()})
    status, headers, body = _call(app, environ)
    assert status == "413 Request Entity Too Large"
    assert ("content-type", "application/json") in headers
    assert b"larger than" in body


def test_a_bad_content_length_is_refused_without_reading(sync_processor: CallbackProcessor) -> None:
    app = CallbackWSGIApp(sync_processor)
    environ = _environ(b"", CONTENT_LENGTH="lots", **{"wsgi.input": NoRead()})
    assert _call(app, environ)[0] == "400 Bad Request"


def test_no_content_length_reads_nothing_unless_the_input_is_terminated(
    sync_processor: CallbackProcessor, fetcher: FakeFetcher, handler: Recorder
) -> None:
    fetcher.set(payment("SUCCESSFUL"))
    app = CallbackWSGIApp(sync_processor)
    environ = _environ(SUCCESS_BODY)
    del environ["CONTENT_LENGTH"]
    assert _call(app, {**environ, "wsgi.input": NoRead()})[0] == "400 Bad Request"
    terminated = {**environ, "wsgi.input": io.BytesIO(SUCCESS_BODY), "wsgi.input_terminated": True}
    assert _call(app, terminated)[0] == "200 OK"
    assert app.join(timeout=10)
    assert handler.statuses == ["SUCCESSFUL"]


def test_never_reads_past_the_declared_length(sync_processor: CallbackProcessor) -> None:
    stream = io.BytesIO(SUCCESS_BODY + b"NEXT REQUEST")
    request = request_from_environ(
        _environ(b"", CONTENT_LENGTH=str(len(SUCCESS_BODY)), **{"wsgi.input": stream}), 1024
    )
    assert request.body == SUCCESS_BODY
    assert stream.read() == b"NEXT REQUEST"


def test_the_wsgi_app_needs_the_sync_processor(fetcher: FakeFetcher, handler: Recorder) -> None:
    with pytest.raises(MomoValidationError, match="CallbackASGIApp"):
        CallbackWSGIApp(AsyncCallbackProcessor(fetcher, handler))  # type: ignore[arg-type]
    with pytest.raises(MomoValidationError, match="workers"):
        CallbackWSGIApp(CallbackProcessor(fetcher, handler), workers=1000)
