from __future__ import annotations

import uuid

import pytest

from momo_wrapper._errors import MomoValidationError
from momo_wrapper.callbacks import (
    CALLBACK_OPERATIONS,
    CallbackPath,
    callback_url,
    parse_callback_path,
)
from tests.callbacks.callbacks_fakes import REF

BASE = "https://shop.example/momo/callbacks"
ALL_OPERATIONS = [(p, o) for p, ops in CALLBACK_OPERATIONS.items() for o in ops]


def test_the_url_the_lead_documented() -> None:
    assert callback_url(BASE, "collection", "request_to_pay", REF) == (
        f"{BASE}/collection/request_to_pay/{REF}"
    )


def test_every_create_operation_that_calls_back_is_listed() -> None:
    assert CALLBACK_OPERATIONS == {
        "collection": (
            "request_to_pay",
            "request_to_withdraw",
            "request_to_withdraw_v2",
            "invoice",
            "pre_approval",
            "payment",
        ),
        "disbursement": ("transfer", "deposit", "deposit_v2", "refund", "refund_v2"),
        "remittance": ("transfer", "cash_transfer"),
    }


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
