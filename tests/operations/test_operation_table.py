"""The transaction table drives the status/wait methods, and every public operation shows its
real parameters and return type at run time (``help()``, IPython, framework introspection)."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any, get_origin

import pytest

from momo_wrapper import (
    Accepted,
    AsyncMomoClient,
    Balance,
    MomoClient,
    MomoConfig,
    MomoValidationError,
    ProductCredentials,
    ProvisionedUser,
    RequestToPayStatus,
    TransferStatus,
)
from momo_wrapper._flows import Create, Query, Wait
from momo_wrapper._operations import TRANSACTIONS, transaction
from momo_wrapper._products._base import Operation, StatusRead, WaitFor

PRODUCTS = ("collection", "disbursement", "remittance")
CREDENTIALS = ProductCredentials(subscription_key="k" * 32, api_user="u" * 36, api_key="a" * 32)


def _config() -> MomoConfig:
    return MomoConfig(
        base_url="http://127.0.0.1:9",
        provisioning_subscription_key="k" * 32,
        **dict.fromkeys(PRODUCTS, CREDENTIALS),  # type: ignore[arg-type]
    )


@pytest.fixture(params=["sync", "async"])
def momo(request: pytest.FixtureRequest) -> Iterator[MomoClient | AsyncMomoClient]:
    client = MomoClient(_config()) if request.param == "sync" else AsyncMomoClient(_config())
    yield client
    if isinstance(client, MomoClient):
        client.close()


def _public_operations(namespace: object) -> Iterator[tuple[str, Any]]:
    for name in dir(type(namespace)):
        if name.startswith("_"):
            continue
        if isinstance(getattr(type(namespace), name), Operation | StatusRead | WaitFor):
            yield name, getattr(namespace, name)


async def _settled(outcome: Any) -> Any:
    return await outcome if inspect.isawaitable(outcome) else outcome


def _namespaces(momo: MomoClient | AsyncMomoClient) -> list[object]:
    return [momo.collection, momo.disbursement, momo.remittance, momo.provisioning]


def test_every_row_gives_each_of_its_products_a_status_read_and_a_wait() -> None:
    from momo_wrapper import Collection, Disbursement, Remittance

    classes = {"collection": Collection, "disbursement": Disbursement, "remittance": Remittance}
    found: set[tuple[str, str]] = set()
    for row in TRANSACTIONS:
        for product in row.products:
            for name in row.names:
                read = classes[product].__dict__.get(f"get_{name}_status") or getattr(
                    classes[product], f"get_{name}_status"
                )
                wait = getattr(classes[product], f"wait_for_{name}")
                assert isinstance(read, StatusRead), (product, name)
                assert isinstance(wait, WaitFor), (product, name)
                assert read.transaction is row
                assert wait.transaction is row
                found.add((product, name))
    # ... and nothing else on the products reads a status or waits outside the table.
    for product, cls in classes.items():
        for attribute in dir(cls):
            value = getattr(cls, attribute)
            if isinstance(value, StatusRead | WaitFor):
                assert (
                    product,
                    attribute.removeprefix("get_")
                    .removeprefix("wait_for_")
                    .removesuffix("_status"),
                ) in found


def test_an_unknown_transaction_fails_with_a_typed_error_naming_it() -> None:
    with pytest.raises(MomoValidationError, match="collection/receipt") as caught:
        transaction("collection", "receipt")
    assert "request_to_pay" in str(caught.value)
    assert transaction("disbursement", "deposit_v2").status_method == "get_deposit_status"


async def test_fetch_status_of_an_unknown_operation_names_it(
    momo: MomoClient | AsyncMomoClient,
) -> None:
    reference = "5b1e1a32-7a6c-4a36-9d0a-1c8a6f0c2f11"
    fetch = momo.fetch_status if isinstance(momo, MomoClient) else momo.afetch_status
    with pytest.raises(MomoValidationError, match="remittance/refund"):
        await _settled(fetch("remittance", "refund", reference))


def test_every_public_operation_has_keyword_parameters_a_timeout_and_its_real_return_type(
    momo: MomoClient | AsyncMomoClient,
) -> None:
    plans = (Create, Query, Wait)
    seen = 0
    for namespace in _namespaces(momo):
        for name, method in _public_operations(namespace):
            seen += 1
            signature = inspect.signature(method)
            assert "self" not in signature.parameters, name
            assert all(
                p.kind is not inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()
            ), name
            assert "timeout" in signature.parameters, name
            returned = get_origin(signature.return_annotation) or signature.return_annotation
            if returned is not None:  # None: an action MoMo answers with an empty 2xx
                assert isinstance(returned, type), (name, returned)
                assert not issubclass(returned, plans), (name, returned)
            assert inspect.iscoroutinefunction(method) is isinstance(momo, AsyncMomoClient), name
    assert seen >= 50


def test_signatures_spell_out_unpacked_arguments(momo: MomoClient | AsyncMomoClient) -> None:
    pay = inspect.signature(momo.collection.request_to_pay)
    assert pay.return_annotation is Accepted
    required = [n for n, p in pay.parameters.items() if p.default is inspect.Parameter.empty]
    assert required == ["amount", "payer", "external_id"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in pay.parameters.values())
    assert pay.parameters["payer_id_type"].default == "MSISDN"
    assert inspect.signature(momo.collection.get_request_to_pay_status).return_annotation is (
        RequestToPayStatus
    )
    wait = inspect.signature(momo.disbursement.wait_for_deposit_v2)
    assert wait.return_annotation is TransferStatus
    assert wait.parameters["timeout"].default == 120.0
    assert inspect.signature(momo.remittance.get_balance).return_annotation is Balance
    assert inspect.signature(momo.provisioning.provision).return_annotation is ProvisionedUser


def test_a_bad_per_call_timeout_is_a_validation_error() -> None:
    with MomoClient(_config()) as momo, pytest.raises(MomoValidationError, match="timeout"):
        momo.collection.get_balance(timeout=-1)
