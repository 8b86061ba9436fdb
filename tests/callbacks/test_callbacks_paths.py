from __future__ import annotations

import urllib.parse
import uuid

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper.callbacks import (
    CallbackPath,
    callback_url,
    parse_callback_path,
)
from tests.callbacks.callbacks_fakes import REF
from tests.client.client_harness import Harness, create_calls, run, spec_operation_id
from tests.contract.spec_validation import spec_operations

BASE = "https://shop.example/momo/callbacks"


def test_the_url_the_lead_documented() -> None:
    assert callback_url(BASE, "collection", "request_to_pay", REF) == (
        f"{BASE}/collection/request_to_pay/{REF}"
    )


# What a receiver's routes see: README's {base}/{product}/{operation}/{reference_id}, with the
# segments each create's callback comes back on (by spec operationId) written out, not read from
# the code under test.
CALLBACK_PATHS = {
    "collection_request_to_pay": "collection/request_to_pay",
    "collection_request_to_withdraw_v1": "collection/request_to_withdraw",
    "collection_request_to_withdraw_v2": "collection/request_to_withdraw_v2",
    "collection_create_invoice": "collection/invoice",
    "collection_create_pre_approval": "collection/pre_approval",
    "collection_create_payment": "collection/payment",
    "disbursement_transfer": "disbursement/transfer",
    "disbursement_deposit_v1": "disbursement/deposit",
    "disbursement_deposit_v2": "disbursement/deposit_v2",
    "disbursement_refund_v1": "disbursement/refund",
    "disbursement_refund_v2": "disbursement/refund_v2",
    "remittance_transfer": "remittance/transfer",
    "remittance_cash_transfer": "remittance/cash_transfer",
}
ALL_OPERATIONS = [tuple(path.split("/")) for path in CALLBACK_PATHS.values()]
CLIENT_BASE = "http://127.0.0.1:9/momo/s3cr3t"  # the sandbox users' callback host: 127.0.0.1


def _spec_creates_that_call_back() -> set[str]:
    """From the spec: the creates (POST) that take a caller-chosen X-Reference-Id and an
    X-Callback-Url, so that their callback can be tied to the reference id."""
    found = set()
    for operation in spec_operations().values():
        headers = {p["name"] for p in operation.parameters if p.get("in") == "header"}
        if operation.method == "post" and {"X-Reference-Id", "X-Callback-Url"} <= headers:
            found.add(operation.operation_id)
    return found


def test_the_spec_and_the_wire_form_name_the_same_creates() -> None:
    assert set(CALLBACK_PATHS) == _spec_creates_that_call_back()


async def test_every_create_sends_a_callback_url_the_receiver_parses_back(h: Harness) -> None:
    momo = h.client(h.config(callback_base_url=CLIENT_BASE))
    for call in create_calls(momo).values():
        await run(call())

    parsed = {}
    for request in h.sent:
        url = request.headers.get("X-Callback-Url")
        if url is None:
            continue
        operation_id = spec_operation_id(request.method, request.url.path)
        reference_id = request.headers["X-Reference-Id"]
        assert url == f"{CLIENT_BASE}/{CALLBACK_PATHS[operation_id]}/{reference_id}"
        path = parse_callback_path(urllib.parse.urlsplit(url).path, prefix=CLIENT_BASE)
        assert path.reference_id == reference_id
        parsed[operation_id] = f"{path.product}/{path.operation}"
    assert parsed == CALLBACK_PATHS


@pytest.mark.parametrize(("product", "operation"), ALL_OPERATIONS)
def test_build_then_parse_round_trips(product: str, operation: str) -> None:
    ref = str(uuid.uuid4())
    url = callback_url(BASE + "/", product, operation, ref)
    path = url.removeprefix("https://shop.example")
    assert parse_callback_path(path) == CallbackPath(product, operation, ref)
    assert parse_callback_path(path, prefix=BASE) == (product, operation, ref)


def test_parts_are_normalised() -> None:
    url = callback_url(BASE + "/", " Collection ", "REQUEST_TO_PAY", REF.upper())
    assert url == f"{BASE}/collection/request_to_pay/{REF}"


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (("wallet", "transfer", REF), "product", "collection, disbursement, remittance"),
        (("collection", "transfer", REF), "operation", "request_to_pay"),
        (("remittance", "refund", REF), "operation", "cash_transfer"),
        (("collection", "request_to_pay", "123"), "reference_id", "uuid4"),
        (("collection", "request_to_pay", str(uuid.uuid1())), "reference_id", "version 4"),
    ],
)
def test_bad_parts_say_what_to_use(args: tuple[str, str, str], field: str, words: str) -> None:
    with pytest.raises(MomoValidationError) as caught:
        callback_url(BASE, *args)
    assert caught.value.field == field
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("base", "words"),
    [
        ("https://shop.example/momo?token=1", "query string"),
        ("shop.example/momo", "absolute http(s) URL"),
        ("https://user:pw@shop.example/momo", "credentials"),
    ],
)
def test_bad_base_urls_are_refused(base: str, words: str) -> None:
    with pytest.raises(MomoValidationError, match="callback_base_url") as caught:
        callback_url(base, "collection", "request_to_pay", REF)
    assert words in str(caught.value)


def test_without_a_prefix_any_mount_point_is_accepted() -> None:
    for path in (
        f"/collection/request_to_pay/{REF}",
        f"/a/b/c/collection/request_to_pay/{REF}",
        f"/x/collection/request_to_pay/{REF}/",
        f"/x/collection/request_to_pay/{REF}?from=momo",
    ):
        assert parse_callback_path(path).reference_id == REF


def test_a_prefix_holding_a_secret_must_match_exactly() -> None:
    secret_base = "https://shop.example/momo/s3cr3t-token"
    good = f"/momo/s3cr3t-token/collection/request_to_pay/{REF}"
    assert parse_callback_path(good, prefix=secret_base).reference_id == REF
    assert parse_callback_path(good, prefix="/momo/s3cr3t-token/").reference_id == REF
    for forged in (
        f"/momo/guess/collection/request_to_pay/{REF}",
        f"/momo/collection/request_to_pay/{REF}",
        f"/extra/momo/s3cr3t-token/collection/request_to_pay/{REF}",
    ):
        with pytest.raises(MomoValidationError, match="expected callback prefix"):
            parse_callback_path(forged, prefix=secret_base)


def test_an_empty_prefix_means_the_root() -> None:
    assert parse_callback_path(f"/collection/payment/{REF}", prefix="https://a.example/")
    with pytest.raises(MomoValidationError):
        parse_callback_path(f"/x/collection/payment/{REF}", prefix="")


@pytest.mark.parametrize(
    ("path", "segment"),
    [
        ("/", None),
        (f"/request_to_pay/{REF}", None),
        (f"/x/collection//{REF}", None),
        (f"/x/shop/request_to_pay/{REF}", "product"),
        (f"/x/collection/transfer/{REF}", "operation"),
        ("/x/collection/request_to_pay/not-a-uuid<script>", "reference_id"),
    ],
)
def test_bad_paths_are_refused_without_echoing_them(path: str, segment: str | None) -> None:
    with pytest.raises(MomoValidationError) as caught:
        parse_callback_path(path)
    assert caught.value.field == "path"
    assert "<script>" not in str(caught.value)
    assert "shop" not in str(caught.value)
    if segment:
        assert f"the {segment} segment" in str(caught.value)


def test_a_path_that_is_not_a_string_is_a_validation_error() -> None:
    with pytest.raises(MomoValidationError, match="expected a string"):
        parse_callback_path(b"/collection/request_to_pay/x")  # type: ignore[arg-type]
