"""Access tokens: shape, failures, virtual-clock expiry, product binding (api-behaviour §3)."""

from __future__ import annotations

import base64
import json
import socket

import httpx
import pytest

from momo_wrapper.sandbox import Sandbox, SandboxTransport, serve_sandbox
from tests.sandbox.sandbox_helpers import Api, basic


def token_headers(api: Api, product: str = "collection", **extra: str) -> dict[str, str]:
    creds = api.creds[product]
    return {
        "Authorization": basic(creds.user_id, creds.api_key),
        "Ocp-Apim-Subscription-Key": creds.subscription_key,
        **extra,
    }


async def test_token_has_the_live_shape_and_headers(api: Api) -> None:
    response = await api.request("POST", "/collection/token/", headers=token_headers(api))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert response.headers["request-context"].startswith("appId=cid-v1:")
    assert "date" in response.headers
    body = response.json()
    assert list(body) == ["access_token", "token_type", "expires_in"]
    assert body["token_type"] == "access_token"
    assert body["expires_in"] == 3600
    header, payload, _ = body["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    assert claims["clientId"] == api.creds["collection"].user_id
    assert json.loads(base64.urlsafe_b64decode(header + "=="))["alg"] == "R256"
    assert len(response.content) == 628  # same length as the recorded live token response
    assert api.sandbox.token_requests("collection") == 1
    assert api.sandbox.tokens_issued("collection") == 1


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic !!!", "Bearer x", basic("00000000-0000-4000-8000-000000000000", "k")],
)
async def test_bad_credentials_are_500_login_failed(api: Api, authorization: str | None) -> None:
    headers = token_headers(api)
    headers.pop("Authorization")
    if authorization:
        headers["Authorization"] = authorization
    response = await api.request("POST", "/collection/token/", headers=headers)
    assert response.status_code == 500
    assert response.content == b'{"error":"login_failed"}'
    assert response.headers["content-length"] == "24"
    assert response.headers["cache-control"] == "no-store"
    assert api.sandbox.token_requests("collection") == 1
    assert api.sandbox.tokens_issued() == 0


async def test_wrong_api_key_is_login_failed(api: Api) -> None:
    creds = api.creds["collection"]
    headers = token_headers(api, Authorization=basic(creds.user_id, "0" * 32))
    response = await api.request("POST", "/collection/token/", headers=headers)
    assert response.status_code == 500


async def test_token_path_without_slash_redirects(api: Api) -> None:
    response = await api.request(
        "POST", "/disbursement/token", headers=token_headers(api, "disbursement")
    )
    assert response.status_code == 302
    assert response.content == b""
    assert response.headers["location"] == "https://52.236.59.28:8080/token/"


async def test_token_call_with_a_body_is_400(api: Api) -> None:
    response = await api.request(
        "POST", "/collection/token/", headers=token_headers(api), content=b"grant_type=x"
    )
    assert (response.status_code, response.content) == (400, b"")


async def test_another_products_key_is_refused_by_the_gateway(api: Api) -> None:
    headers = token_headers(api)
    headers["Ocp-Apim-Subscription-Key"] = api.creds["disbursement"].subscription_key
    response = await api.request("POST", "/collection/token/", headers=headers)
    assert response.status_code == 401
    assert b"invalid subscription key" in response.content
    assert (
        'realm="https://sandbox.momodeveloper.mtn.com/collection"'
        in response.headers["www-authenticate"]
    )


async def test_expired_or_unknown_bearer_is_401_with_empty_body(api: Api) -> None:
    ok = await api.call("GET", "/collection/v1_0/account/balance")
    assert ok.status_code == 200
    api.sandbox.clock.advance(3600)
    expired = await api.call("GET", "/collection/v1_0/account/balance")
    assert (expired.status_code, expired.content) == (401, b"")
    assert "content-type" not in expired.headers
    unknown = await api.call(
        "GET", "/collection/v1_0/account/balance", headers={"Authorization": "Bearer nope"}
    )
    assert (unknown.status_code, unknown.content) == (401, b"")
    missing = await api.request(
        "GET",
        "/collection/v1_0/account/balance",
        headers={"Ocp-Apim-Subscription-Key": api.creds["collection"].subscription_key},
    )
    assert missing.status_code == 401


async def test_token_is_valid_until_just_before_expiry(api: Api) -> None:
    await api.token()
    api.sandbox.clock.advance(3599)
    response = await api.call("GET", "/collection/v1_0/account/balance")
    assert response.status_code == 200


async def test_token_of_another_product_is_401(api: Api) -> None:
    token = await api.token("disbursement")
    response = await api.call(
        "GET", "/collection/v1_0/account/balance", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401


async def test_revoked_tokens_get_401(api: Api) -> None:
    await api.token()
    assert api.sandbox.revoke_tokens("collection") == 1
    response = await api.call("GET", "/collection/v1_0/account/balance")
    assert response.status_code == 401


async def test_user_provisioned_with_another_products_key_is_refused(api: Api) -> None:
    # OPERATIONS live §11: token works, calls give 500 NOT_ALLOWED_TARGET_ENVIRONMENT.
    collection_user = api.creds["collection"]
    headers = token_headers(
        api,
        "disbursement",
        Authorization=basic(collection_user.user_id, collection_user.api_key),
    )
    token = await api.request("POST", "/disbursement/token/", headers=headers)
    assert token.status_code == 200
    response = await api.call(
        "GET",
        "/disbursement/v1_0/account/balance",
        headers={"Authorization": "Bearer " + token.json()["access_token"]},
    )
    assert response.status_code == 500
    assert response.content == (
        b'{"message":"Access to target environment is forbidden.",'
        b'"code":"NOT_ALLOWED_TARGET_ENVIRONMENT"}'
    )


def test_product_binding_can_be_switched_off() -> None:
    sandbox = Sandbox(users_bound_to_product=False)
    creds = sandbox.provision("collection")
    keys = sandbox.subscription_keys
    with httpx.Client(transport=SandboxTransport(sandbox), base_url="http://s") as client:
        token = client.post(
            "/remittance/token/",
            headers={
                "Authorization": basic(creds.user_id, creds.api_key),
                "Ocp-Apim-Subscription-Key": keys["remittance"],
            },
        ).json()["access_token"]
        response = client.get(
            "/remittance/v1_0/account/balance",
            headers={
                "Authorization": f"Bearer {token}",
                "Ocp-Apim-Subscription-Key": keys["remittance"],
                "X-Target-Environment": "sandbox",
            },
        )
    assert response.status_code == 200


async def test_bodyless_post_without_content_length_is_411_html(api: Api) -> None:
    if api.over_network:
        pytest.skip("covered with a raw socket below; httpx always sends Content-Length")
    request = api.build("POST", "/collection/token/", headers=token_headers(api))
    del request.headers["Content-Length"]
    response = await api.send(request)
    assert response.status_code == 411
    assert response.headers["content-type"].startswith("text/html")
    assert b"Length Required" in response.content


def test_bodyless_post_without_content_length_over_a_socket() -> None:
    sandbox = Sandbox()
    creds = sandbox.provision("collection")
    with (
        serve_sandbox(sandbox) as server,
        socket.create_connection(("127.0.0.1", server.port)) as conn,
    ):
        conn.sendall(
            b"POST /collection/token/ HTTP/1.1\r\nHost: x\r\n"
            + f"Ocp-Apim-Subscription-Key: {creds.subscription_key}\r\n".encode()
            + f"Authorization: {basic(creds.user_id, creds.api_key)}\r\n\r\n".encode()
        )
        head = conn.recv(4096)
    assert head.startswith(b"HTTP/1.1 411 Length Required\r\n")
    assert b"Content-Type: text/html" in head


def test_token_lifetime_is_configurable() -> None:
    sandbox = Sandbox(token_lifetime=60)
    creds = sandbox.provision("collection")
    with httpx.Client(transport=SandboxTransport(sandbox), base_url="http://s") as client:
        body = client.post(
            "/collection/token/",
            headers={
                "Authorization": basic(creds.user_id, creds.api_key),
                "Ocp-Apim-Subscription-Key": creds.subscription_key,
            },
        ).json()
    assert body["expires_in"] == 60
