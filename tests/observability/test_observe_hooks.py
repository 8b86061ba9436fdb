"""``Hooks``: request, response and retry callbacks on both clients, with secrets redacted."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from momo_wrapper import BadRequestError, Hooks, MomoConfig, RequestEvent, ResponseEvent, RetryEvent
from momo_wrapper.sandbox import Sandbox
from tests.observability.observe_helpers import PAYER, secrets_of, settle


async def test_hooks_see_every_attempt_and_retry(
    make_client: Any, sandbox: Sandbox, config: MomoConfig
) -> None:
    seen: list[RequestEvent | ResponseEvent | RetryEvent] = []
    momo = make_client(
        hooks=Hooks(on_request=seen.append, on_response=seen.append, on_retry=seen.append)
    )
    sandbox.faults.fail(503, path="requesttopay$", after_processing=True)
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="hook-1")
    )
    kinds = [type(event).__name__ for event in seen]
    assert kinds == [
        "RequestEvent", "ResponseEvent", "RetryEvent",  # 503, then wait
        "RequestEvent", "ResponseEvent",  # 409
        "RequestEvent", "ResponseEvent",  # the status read that confirms it
    ]  # fmt: skip
    first, answer, retry = seen[0], seen[1], seen[2]
    assert isinstance(first, RequestEvent)
    assert (first.method, first.url_template, first.attempt) == (
        "POST",
        "/collection/v1_0/requesttopay",
        1,
    )
    assert first.headers["X-Reference-Id"] == accepted.reference_id
    assert isinstance(answer, ResponseEvent)
    assert (answer.status_code, answer.request) == (503, first)
    assert answer.elapsed_ms >= 0
    assert isinstance(retry, RetryEvent)
    assert (retry.attempt, retry.reason, retry.reference_id) == (
        1,
        "transient server error",
        accepted.reference_id,
    )
    assert retry.delay > 0
    second, status_read = seen[3], seen[5]
    assert isinstance(second, RequestEvent)
    assert (second.attempt, seen[4].status_code) == (2, 409)  # type: ignore[union-attr]
    assert isinstance(status_read, RequestEvent)
    assert status_read.method == "GET"
    assert status_read.url_template == "/collection/v1_0/requesttopay/{reference_id}"
    assert status_read.path == f"/collection/v1_0/requesttopay/{accepted.reference_id}"


async def test_no_secret_reaches_a_hook(
    make_client: Any, sandbox: Sandbox, config: MomoConfig
) -> None:
    seen: list[object] = []
    momo = make_client(hooks=Hooks(on_request=seen.append, on_response=seen.append))
    key = config.collection.subscription_key
    # The server echoes a key in a response header and an error body: the hook gets it scrubbed.
    sandbox.faults.fail(
        400,
        path="balance$",
        headers={"X-Echo": f"key={key}", "Authorization": "Bearer abc.def.ghi"},
        body=f'{{"message": "bad key {key}"}}'.encode(),
        content_type="application/json",
    )
    with pytest.raises(BadRequestError):
        await settle(momo.collection.get_balance())
    await settle(momo.collection.get_balance())
    responses = [event for event in seen if isinstance(event, ResponseEvent)]
    assert [event.status_code for event in responses] == [400, 200]
    assert responses[0].headers["x-echo"] == "key=[REDACTED]"
    assert responses[0].headers["authorization"] == "[REDACTED]"
    texts = [repr(event) for event in seen]
    for secret in secrets_of(config):
        assert not [text for text in texts if secret in text]


async def test_a_callback_urls_secret_path_does_not_reach_a_hook(
    make_client: Any, config: MomoConfig
) -> None:
    requests: list[RequestEvent] = []
    secret_path = "https://127.0.0.1/momo/Zq81-shared-secret-segment"
    momo = make_client(
        attrs.evolve(config, callback_base_url=secret_path), hooks=Hooks(on_request=requests.append)
    )
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="hook-cb")
    )
    (create,) = requests
    assert create.headers["X-Callback-Url"] == "https://127.0.0.1/…"
    assert create.headers["X-Reference-Id"] == accepted.reference_id
    assert "Zq81-shared-secret-segment" not in repr(requests)
