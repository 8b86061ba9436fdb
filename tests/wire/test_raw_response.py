"""RawResponse: what it exposes, what it never shows, and where secrets are scrubbed."""

from __future__ import annotations

import pickle

from momo_wrapper import ApiKey, Balance, RawResponse
from momo_wrapper._errors import error_from_response
from momo_wrapper._redact import Secrets
from momo_wrapper._results import with_response

KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_request_id_prefers_x_request_id_then_correlation_then_request_id() -> None:
    headers = {"Request-Id": "c", "X-Correlation-Id": "b", "X-Request-Id": "a"}
    assert RawResponse.received(200, headers, b"").request_id == "a"
    del headers["X-Request-Id"]
    assert RawResponse.received(200, headers, b"").request_id == "b"
    del headers["X-Correlation-Id"]
    assert RawResponse.received(200, headers, b"").request_id == "c"
    # MoMo's own Request-Context is a constant application id, not a request id.
    context = {"Request-Context": "appId=cid-v1:e996501c-e721-4ac1-97ff-dc6887b85e8c"}
    assert RawResponse.received(200, context, b"").request_id is None


def test_header_names_are_lower_case_and_the_repr_never_shows_the_body() -> None:
    response = RawResponse.received(200, {"Content-Type": "application/json"}, b'{"a": "secret"}')
    assert response.headers == {"content-type": "application/json"}
    assert "secret" not in repr(response)
    assert "15 bytes" in repr(response)


def test_a_result_holding_a_secret_gets_a_scrubbed_body_and_others_the_exact_bytes() -> None:
    body = b'{"apiKey": "' + KEY.encode() + b'"}'
    key = with_response(ApiKey(api_key=KEY), RawResponse.received(201, {}, body))
    assert key.response is not None
    assert KEY.encode() not in key.response.content
    assert b"[REDACTED]" in key.response.content
    exact = b'{"availableBalance": 5.0, "currency": "EUR"}'
    balance = with_response(
        Balance(available_balance=5, currency="EUR"), RawResponse.received(200, {}, exact)
    )
    assert balance.response is not None
    assert balance.response.content is exact


def test_an_error_keeps_its_answer_without_the_secrets_it_echoes_even_pickled() -> None:
    secrets = Secrets()
    secrets.add(KEY)
    body = b'{"code": "NOT_ALLOWED", "message": "denied for key ' + KEY.encode() + b'"}'
    error = error_from_response(
        500, {"X-Request-Id": "r-1"}, body, product="collection", secrets=secrets
    )
    assert error.response is not None
    assert error.response.status_code == 500
    assert error.response.request_id == "r-1"
    assert KEY.encode() not in error.response.content
    assert b"NOT_ALLOWED" in error.response.content
    copy = pickle.loads(pickle.dumps(error))
    assert copy.response is not None
    assert copy.response.content == error.response.content
    assert KEY.encode() not in pickle.dumps(error)
