from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from momo_wrapper._results import Reason, TransactionStatus
from momo_wrapper.callbacks import (
    DEFAULT_MAX_BODY_BYTES,
    CallbackEvent,
    CallbackRejected,
    CallbackRequest,
    CallbackResponse,
    parse_callback,
)
from tests.callbacks.callbacks_fakes import (
    FAILED_BODY,
    JSON,
    PATH,
    REF,
    SUCCESS_BODY,
    callback_request,
)


def parse(request: CallbackRequest, **options: Any) -> CallbackEvent:
    return parse_callback(request, received_at=1_700_000_000.0, **options)


def rejection(request: CallbackRequest, **options: Any) -> CallbackRejected:
    with pytest.raises(CallbackRejected) as caught:
        parse(request, **options)
    return caught.value


def test_a_real_successful_callback() -> None:
    event = parse(callback_request(SUCCESS_BODY))
    assert (event.product, event.operation, event.reference_id) == (
        "collection",
        "request_to_pay",
        REF,
    )
    assert event.method == "POST"
    assert event.received_at == 1_700_000_000.0
    assert event.claimed_status is TransactionStatus.SUCCESSFUL
    assert event.claims_final
    assert event.claimed_amount == Decimal("50")
    assert event.claimed_currency == "XAF"
    assert event.claimed_external_id == "20950601"
    assert event.claimed_financial_transaction_id == "1884710816"
    assert event.claimed_reason is None
    assert event.body["payeeNote"] == "string"
    assert "237683746252" not in repr(event)  # the payer's number stays out of reprs


def test_a_real_failed_callback_with_a_string_reason_sent_as_put() -> None:
    event = parse(callback_request(FAILED_BODY, method="put"))
    assert event.method == "PUT"
    assert event.claimed_status is TransactionStatus.FAILED
    assert event.claimed_reason == Reason("INTERNAL_PROCESSING_ERROR")


def test_a_reason_object_as_the_spec_describes() -> None:
    body = {"status": "FAILED", "reason": {"code": "PAYER_NOT_FOUND", "message": "no payer"}}
    event = parse(callback_request(json.dumps(body).encode()))
    assert event.claimed_reason == Reason("PAYER_NOT_FOUND", "no payer")


def test_missing_fields_are_tolerated() -> None:
    event = parse(callback_request(b"{}"))
    assert event.claimed_status is None
    assert not event.claims_final
    assert event.claimed_amount is None
    assert event.claimed_reason is None


def test_mistyped_fields_become_none_instead_of_losing_the_callback() -> None:
    body = {"status": 123, "amount": [1], "currency": {"x": 1}, "reason": 5, "externalId": None}
    event = parse(callback_request(json.dumps(body).encode()))
    assert event.claimed_status is None
    assert event.claimed_amount is None
    assert event.claimed_currency is None
    assert event.claimed_reason is None
    assert event.claimed_external_id is None


def test_status_words_match_in_any_case_and_only_momos_own_words_are_claims() -> None:
    assert parse(callback_request(b'{"status":"successful"}')).claimed_status == "SUCCESSFUL"
    assert parse(callback_request(b'{"status":"EXPIRED"}')).claimed_status == "EXPIRED"
    before = len(TransactionStatus._value2member_map_)
    for index in range(50):
        body = json.dumps({"status": f"FORGED_{index}"}).encode()
        assert parse(callback_request(body)).claimed_status is None
    assert len(TransactionStatus._value2member_map_) == before


def test_no_content_type_is_accepted_as_json() -> None:
    event = parse(callback_request(SUCCESS_BODY, headers={}))
    assert event.claimed_status is TransactionStatus.SUCCESSFUL


def test_json_variants_of_the_content_type_are_accepted() -> None:
    for content_type in ("application/json", "APPLICATION/JSON;charset=UTF-8", "a/vnd+json"):
        request = callback_request(SUCCESS_BODY, headers={"Content-Type": content_type})
        assert parse(request).claimed_status is TransactionStatus.SUCCESSFUL


@pytest.mark.parametrize(
    ("request_", "status", "words"),
    [
        (callback_request(method="GET"), 405, "POST or PUT"),
        (callback_request(method="DELETE"), 405, "POST or PUT"),
        (callback_request(path="/wp-login.php"), 404, "not a callback URL"),
        (callback_request(path=f"/x/collection/transfer/{REF}"), 404, "operation segment"),
        (callback_request(path="/x/collection/request_to_pay/123"), 404, "reference_id"),
        (callback_request(b"x" * (DEFAULT_MAX_BODY_BYTES + 1)), 413, "larger than"),
        (
            callback_request(headers={**JSON, "content-length": str(10**9)}),
            413,
            "larger than",
        ),
        (callback_request(headers={**JSON, "content-length": "12abc"}), 400, "Content-Length"),
        (
            callback_request(
                b"<html><body>hi</body></html>", headers={"content-type": "text/html"}
            ),
            415,
            "must be JSON",
        ),
        (
            callback_request(headers={"content-type": "application/x-www-form-urlencoded"}),
            415,
            "must be JSON",
        ),
        (callback_request(headers={**JSON, "content-encoding": "gzip"}), 415, "compressed"),
        (callback_request(b"<html><body>502 Bad Gateway</body></html>"), 400, "not valid JSON"),
        (callback_request(b"status=SUCCESSFUL"), 400, "not valid JSON"),
        (callback_request(b""), 400, "empty"),
        (callback_request(b"   \r\n"), 400, "empty"),
        (callback_request(b'["SUCCESSFUL"]'), 400, "JSON object"),
        (callback_request(b'"SUCCESSFUL"'), 400, "JSON object"),
        (callback_request(b"null"), 400, "JSON object"),
        (callback_request(b"42"), 400, "JSON object"),
        (callback_request(b'{"status": "SUCC'), 400, "not valid JSON"),
        (callback_request(b'{"status":"\xff\xfe"}'), 400, "not valid JSON"),
        (callback_request(b"[" * 30_000 + b"]" * 30_000), 400, "not valid JSON"),
    ],
)
def test_bad_requests_get_a_4xx_and_never_an_exception_of_another_kind(
    request_: CallbackRequest, status: int, words: str
) -> None:
    error = rejection(request_)
    assert error.status_code == status
    assert words in error.problem
    response = CallbackResponse.rejected(error)
    assert response.status_code == status
    assert json.loads(response.body) == {"error": error.problem}
    if status == 405:
        assert ("allow", "POST, PUT") in response.headers


def test_checks_run_in_order_path_before_body() -> None:
    # A scanner probing random paths learns nothing about the body rules.
    request = callback_request(b"not json", path="/admin")
    assert rejection(request).status_code == 404


def test_rejections_never_echo_the_request() -> None:
    secretish = b'{"apiKey": "f1db798c98df4bcf83b538175893bbf0"'
    error = rejection(callback_request(secretish, path=PATH + "/../../etc/passwd"))
    assert "f1db" not in str(error)
    assert "passwd" not in str(error)
    assert rejection(callback_request(secretish)).status_code == 400


def test_source_allow_list_hook() -> None:
    allowed = {"196.201.214.1"}
    request = CallbackRequest(
        method="POST", path=PATH, body=SUCCESS_BODY, client_host="203.0.113.9"
    )
    assert rejection(request, source_allowed=allowed.__contains__).status_code == 403
    trusted = CallbackRequest(
        method="POST", path=PATH, body=SUCCESS_BODY, client_host="196.201.214.1"
    )
    assert parse(trusted, source_allowed=allowed.__contains__).reference_id == REF


def test_a_smaller_body_limit() -> None:
    assert rejection(callback_request(SUCCESS_BODY), max_body_bytes=64).status_code == 413


def test_prefix_is_enforced_when_given() -> None:
    request = callback_request(path=f"/wrong/collection/request_to_pay/{REF}")
    assert rejection(request, prefix="/momo/callbacks").status_code == 404
    assert parse(callback_request(), prefix="/momo/callbacks").reference_id == REF


def test_request_headers_are_matched_case_insensitively() -> None:
    request = CallbackRequest(
        method="POST",
        path=PATH,
        body=b"{}",
        headers=[("Content-Type", "text/plain"), ("X-Other", "1")],
    )
    assert request.headers == {"content-type": "text/plain", "x-other": "1"}
    assert rejection(request).status_code == 415
