"""Rule 2: access tokens are cached, refreshed early, fetched once under load, replayed once on a
401, sent only where they belong, and token failures name the credential to fix."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections import Counter

import httpx
import pytest

from momo_wrapper import (
    AsyncMomoClient,
    AuthenticationError,
    MomoClient,
    ProductCredentials,
    TokenConnectionError,
    TokenError,
    TokenFailure,
)
from momo_wrapper.sandbox import PRODUCTS
from tests.client.client_harness import SUCCESS_PARTY, Harness, run, spec_operation_id
from tests.fixtures import fixture


def _bearer(request: httpx.Request) -> str:
    return str(request.headers.get("authorization", ""))


async def test_token_is_cached_and_reused(h: Harness) -> None:
    for _ in range(5):
        await run(h.momo.collection.get_balance())
    await run(h.momo.disbursement.get_balance())
    assert h.sandbox.token_requests("collection") == 1
    assert h.sandbox.token_requests("disbursement") == 1
    assert h.sandbox.token_requests("remittance") == 0
    bearers = {_bearer(r) for r in h.sent_to("collection_get_account_balance")}
    assert len(bearers) == 1
    assert next(iter(bearers)).startswith("Bearer ")


@pytest.mark.parametrize("margin", [600.0, 120.0])
async def test_token_is_refreshed_margin_seconds_before_expiry(h: Harness, margin: float) -> None:
    momo = h.client(h.config(token_refresh_margin=margin))
    await run(momo.collection.get_balance())
    h.clock.advance(3600 - margin - 1)  # one second before the refresh window
    await run(momo.collection.get_balance())
    assert h.sandbox.token_requests("collection") == 1
    h.clock.advance(2)  # inside the window, the old token still valid at MoMo
    await run(momo.collection.get_balance())
    assert h.sandbox.token_requests("collection") == 2
    first, _, third = (_bearer(r) for r in h.sent_to("collection_get_account_balance"))
    assert first != third


def test_200_threads_on_a_cold_cache_make_one_token_request_per_product(sync_h: Harness) -> None:
    momo = sync_h.momo
    assert isinstance(momo, MomoClient)
    barrier = threading.Barrier(200)
    balances: list[object] = []
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        product = getattr(momo, PRODUCTS[index % len(PRODUCTS)])
        barrier.wait()
        try:
            balances.append(product.get_balance())
        except BaseException as exc:  # reported below, with the thread's error
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(balances) == 200
    for product in PRODUCTS:
        assert sync_h.sandbox.token_requests(product) == 1, product
        assert sync_h.sandbox.tokens_issued(product) == 1, product


async def test_1000_tasks_on_a_cold_cache_make_one_token_request_per_product(
    async_h: Harness,
) -> None:
    momo = async_h.momo
    assert isinstance(momo, AsyncMomoClient)
    products = [getattr(momo, PRODUCTS[i % len(PRODUCTS)]) for i in range(1000)]
    balances = await asyncio.gather(*(product.get_balance() for product in products))
    assert len(balances) == 1000
    for product in PRODUCTS:
        assert async_h.sandbox.token_requests(product) == 1, product
        assert async_h.sandbox.tokens_issued(product) == 1, product


async def test_a_401_invalidates_fetches_once_and_replays_once(h: Harness) -> None:
    await run(h.momo.collection.get_balance())
    h.sandbox.revoke_tokens("collection")
    balance = await run(h.momo.collection.get_balance())
    assert balance.available_balance > 0
    assert h.sandbox.token_requests("collection") == 2
    statuses = [r.status for r in h.requests("collection_get_account_balance")]
    assert statuses == [200, 401, 200]
    first, rejected, replayed = (_bearer(r) for r in h.sent_to("collection_get_account_balance"))
    assert first == rejected != replayed


async def test_a_401_on_the_replay_is_raised_never_looped(h: Harness) -> None:
    h.sandbox.faults.fail(401, times=None, operation="GetAccountBalance")
    with pytest.raises(AuthenticationError) as caught:
        await run(h.momo.collection.get_balance())
    assert not isinstance(caught.value, TokenError)
    assert caught.value.status_code == 401
    assert len(h.requests("collection_get_account_balance")) == 2
    assert h.sandbox.token_requests("collection") == 2


async def test_a_401_blaming_the_subscription_key_is_not_replayed(h: Harness) -> None:
    gateway = fixture("gateway_401_invalid_subscription_key")
    h.sandbox.faults.fail(
        401, operation="GetAccountBalance", body=gateway.body, content_type=gateway.content_type
    )
    with pytest.raises(AuthenticationError) as caught:
        await run(h.momo.collection.get_balance())
    assert caught.value.hint is not None
    assert "subscription key" in caught.value.hint
    assert len(h.requests("collection_get_account_balance")) == 1
    assert h.sandbox.token_requests("collection") == 1


async def test_the_bearer_never_reaches_a_token_endpoint(h: Harness) -> None:
    momo = h.momo
    await run(momo.collection.get_balance())
    h.sandbox.revoke_tokens()
    await run(momo.collection.get_balance())  # 401, new token, replay
    authorization = await run(momo.disbursement.bc_authorize(SUCCESS_PARTY))
    consent = await run(momo.disbursement.create_oauth2_token(authorization.auth_req_id))
    await run(momo.disbursement.get_user_info_with_consent(consent))
    await run(momo.remittance.create_access_token())
    await run(momo.provisioning.create_api_user(callback_host="shop.example.com"))

    token_paths = [r for r in h.sent if r.url.path.endswith("/token/")]
    assert {r.url.path for r in token_paths} == {
        "/collection/token/",
        "/disbursement/token/",
        "/disbursement/oauth2/token/",
        "/remittance/token/",
    }
    for request in token_paths:
        assert _bearer(request).startswith("Basic "), request.url.path
    issued = {_bearer(r) for r in h.sent if _bearer(r).startswith("Bearer ")}
    for request in h.sent:
        assert request.headers.get("ocp-apim-subscription-key"), request.url.path
        if request.url.path.endswith("/token/"):
            assert not any(bearer.split()[1] in str(request.headers) for bearer in issued)
    userinfo = h.sent_to("disbursement_get_user_info_with_consent")[0]
    assert _bearer(userinfo) == f"Bearer {consent.access_token}"
    (provisioning,) = h.sent_to("sandbox_create_api_user")
    assert "authorization" not in provisioning.headers


async def test_body_less_posts_carry_content_length_zero(h: Harness) -> None:
    await run(h.momo.collection.get_balance())
    user = await run(h.momo.provisioning.create_api_user(callback_host="shop.example.com"))
    await run(h.momo.provisioning.create_api_key(user.reference_id))
    body_less = [r for r in h.sent if r.method == "POST" and not r.content]
    operations = Counter(spec_operation_id(r.method, r.url.path) for r in body_less)
    assert operations == {"collection_create_access_token": 1, "sandbox_create_api_key": 1}
    for request in body_less:
        assert request.headers["content-length"] == "0"
    assert all(r.status != 411 for r in h.sandbox.requests)


def _wrong(h: Harness, field: str) -> ProductCredentials:
    good = h.credentials["collection"]
    values = {
        "subscription_key": good.subscription_key,
        "api_user": good.user_id,
        "api_key": good.api_key,
    }
    values[field] = (
        h.sandbox.subscription_keys["disbursement"]
        if field == "subscription_key"
        else secrets.token_hex(16)
    )
    return ProductCredentials(**values)


@pytest.mark.parametrize(
    ("field", "status", "failure"),
    [
        ("subscription_key", 401, TokenFailure.SUBSCRIPTION_KEY),  # gateway {statusCode, message}
        ("api_key", 500, TokenFailure.API_CREDENTIALS),  # {"error": "login_failed"}
        ("api_user", 500, TokenFailure.API_CREDENTIALS),
    ],
)
async def test_token_failure_names_the_wrong_credential(
    h: Harness, field: str, status: int, failure: TokenFailure
) -> None:
    credentials = _wrong(h, field)
    momo = h.client(h.config(collection=credentials))
    with pytest.raises(TokenError) as caught:
        await run(momo.collection.get_balance())
    error = caught.value
    assert (error.failure, error.status_code) == (failure, status)
    assert (error.product, error.operation) == ("collection", "create_access_token")
    assert error.hint is not None
    shown = f"{error} {error!r} {error.body_excerpt}"
    assert credentials.api_key not in shown
    assert credentials.subscription_key not in shown
    assert h.sandbox.token_requests("collection") == 1  # a credential error is not retried
    assert h.requests("collection_get_account_balance") == []


@pytest.mark.parametrize(
    ("status", "headers", "failure"),
    [
        (401, {}, TokenFailure.API_CREDENTIALS),  # a bare 401 from the token endpoint
        (302, {"Location": "https://52.236.59.28:8080/token/"}, TokenFailure.TOKEN_PATH),
    ],
)
async def test_token_endpoint_answers_map_to_the_failure(
    h: Harness, status: int, headers: dict[str, str], failure: TokenFailure
) -> None:
    h.sandbox.faults.fail(status, operation="CreateAccessToken", headers=headers)
    with pytest.raises(TokenError) as caught:
        await run(h.momo.collection.get_balance())
    assert (caught.value.failure, caught.value.status_code) == (failure, status)
    assert h.sandbox.token_requests("collection") == 1  # redirects are never followed


async def test_an_unreachable_token_endpoint_is_a_network_failure(h: Harness) -> None:
    h.sandbox.faults.refuse(operation="CreateAccessToken", times=None)
    with pytest.raises(TokenConnectionError) as caught:
        await run(h.momo.collection.get_balance())
    assert caught.value.failure is TokenFailure.NETWORK
    assert caught.value.maybe_sent is False
    # Connection refused is safe to retry: each attempt tried once more, then gave up.
    assert h.sandbox.token_requests("collection") == h.momo.config.max_attempts
    assert h.requests("collection_get_account_balance") == []


async def test_a_token_outage_is_retried_like_any_read(h: Harness) -> None:
    h.sandbox.faults.token_outage(status=503, product="collection")
    balance = await run(h.momo.collection.get_balance())
    assert balance.available_balance > 0
    assert h.sandbox.token_requests("collection") == 2
    assert len(h.requests("collection_get_account_balance")) == 1


async def test_a_failed_early_refresh_keeps_serving_the_valid_token(h: Harness) -> None:
    await run(h.momo.collection.get_balance())
    h.clock.advance(3600 - 300)  # inside the 600 s refresh window, 300 s before expiry
    h.sandbox.faults.token_outage(status=503, times=None, product="collection")
    balance = await run(h.momo.collection.get_balance())
    assert balance.available_balance > 0
    assert h.sandbox.token_requests("collection") == 2  # tried once, then used the old token
    first, second = (_bearer(r) for r in h.sent_to("collection_get_account_balance"))
    assert first == second


def test_200_threads_hit_by_a_401_refetch_once(sync_h: Harness) -> None:
    momo = sync_h.momo
    assert isinstance(momo, MomoClient)
    momo.collection.get_balance()
    sync_h.sandbox.revoke_tokens()
    barrier = threading.Barrier(200)
    failures: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            momo.collection.get_balance()
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sync_h.sandbox.token_requests("collection") == 2


async def test_1000_tasks_hit_by_a_401_refetch_once(async_h: Harness) -> None:
    momo = async_h.momo
    assert isinstance(momo, AsyncMomoClient)
    await momo.collection.get_balance()
    async_h.sandbox.revoke_tokens()
    await asyncio.gather(*(momo.collection.get_balance() for _ in range(1000)))
    assert async_h.sandbox.token_requests("collection") == 2
