"""Sandbox user provisioning and the gateway's subscription-key checks (api-behaviour §2, §9)."""

from __future__ import annotations

import re

from momo_wrapper.sandbox import SandboxCredentials
from tests.sandbox.sandbox_helpers import Api, new_ref

INVALID_KEY_BODY = (
    b'{ "statusCode": 401, "message": "Access denied due to invalid subscription key. '
    b'Make sure to provide a valid key for an active subscription." }'
)


def key_header(api: Api, product: str = "collection") -> dict[str, str]:
    return {"Ocp-Apim-Subscription-Key": api.sandbox.subscription_keys[product]}


async def test_create_user_then_key_then_read(api: Api) -> None:
    user_id = new_ref()
    created = await api.request(
        "POST",
        "/v1_0/apiuser",
        headers={"X-Reference-Id": user_id, **key_header(api)},
        json={"providerCallbackHost": "https://webhook.site/37b4b85e"},
    )
    assert created.status_code == 201
    assert created.content == b""
    assert created.headers["content-length"] == "0"
    assert "content-type" not in created.headers

    key = await api.request("POST", f"/v1_0/apiuser/{user_id}/apikey", headers=key_header(api))
    assert key.status_code == 201
    assert key.headers["content-type"] == "application/json;charset=utf-8"
    assert key.headers["content-length"] == "45"
    assert re.fullmatch(rb'\{"apiKey":"[0-9a-f]{32}"\}', key.content)

    read = await api.request("GET", f"/v1_0/apiuser/{user_id}", headers=key_header(api))
    assert read.status_code == 200
    assert read.content == (
        b'{"providerCallbackHost":"https://webhook.site/37b4b85e","targetEnvironment":"sandbox"}'
    )


async def test_provisioned_user_can_get_a_token(api: Api) -> None:
    user_id = new_ref()
    headers = key_header(api, "disbursement")
    await api.request(
        "POST",
        "/v1_0/apiuser",
        headers={"X-Reference-Id": user_id, **headers},
        json={"providerCallbackHost": "127.0.0.1"},
    )
    api_key = (
        await api.request("POST", f"/v1_0/apiuser/{user_id}/apikey", headers=headers)
    ).json()["apiKey"]
    api.creds["disbursement"] = SandboxCredentials(
        "disbursement", user_id, api_key, headers["Ocp-Apim-Subscription-Key"], "127.0.0.1"
    )
    assert await api.token("disbursement")


async def test_reused_user_id_is_409(api: Api) -> None:
    user_id = new_ref()
    for expected in (201, 409):
        response = await api.request(
            "POST",
            "/v1_0/apiuser",
            headers={"X-Reference-Id": user_id, **key_header(api)},
            json={"providerCallbackHost": "localhost"},
        )
        assert response.status_code == expected
    assert response.content == (
        b'{"message":"Duplicated reference id. Creation of resource failed.",'
        b'"code":"RESOURCE_ALREADY_EXIST"}'
    )


async def test_bad_reference_id_or_body_is_empty_400(api: Api) -> None:
    cases = [
        ({"X-Reference-Id": "not-a-uuid"}, {"providerCallbackHost": "localhost"}),
        ({}, {"providerCallbackHost": "localhost"}),
        ({"X-Reference-Id": new_ref()}, {"somethingElse": "x"}),
    ]
    for headers, body in cases:
        response = await api.request(
            "POST", "/v1_0/apiuser", headers={**headers, **key_header(api)}, json=body
        )
        assert response.status_code == 400
        assert response.content == b""


async def test_unknown_user_is_404_and_malformed_is_400(api: Api) -> None:
    for method, path in (("POST", "/v1_0/apiuser/{}/apikey"), ("GET", "/v1_0/apiuser/{}")):
        unknown = await api.request(method, path.format(new_ref()), headers=key_header(api))
        assert unknown.status_code == 404
        assert unknown.json() == {
            "message": "Requested resource was not found.",
            "code": "RESOURCE_NOT_FOUND",
        }
        malformed = await api.request(method, path.format("abc"), headers=key_header(api))
        assert (malformed.status_code, malformed.content) == (400, b"")


async def test_invalid_subscription_key_is_the_gateway_401(api: Api) -> None:
    response = await api.request(
        "GET", f"/v1_0/apiuser/{new_ref()}", headers={"Ocp-Apim-Subscription-Key": "nope"}
    )
    assert response.status_code == 401
    assert response.reason_phrase == "Access Denied"
    assert response.content == INVALID_KEY_BODY
    assert response.headers["content-length"] == "143"
    assert response.headers["content-type"] == "application/json"


async def test_missing_subscription_key_has_its_own_message(api: Api) -> None:
    response = await api.request("POST", "/v1_0/apiuser", json={"providerCallbackHost": "x"})
    assert response.status_code == 401
    assert b"missing subscription key" in response.content
    assert response.content.startswith(b'{ "statusCode": 401, "message": ')


async def test_key_in_query_string_works(api: Api) -> None:
    key = api.sandbox.subscription_keys["collection"]
    response = await api.request("GET", f"/v1_0/apiuser/{new_ref()}?subscription-key={key}")
    assert response.status_code == 404


async def test_unknown_path_is_gateway_404(api: Api) -> None:
    response = await api.request("GET", "/nowhere", headers=key_header(api))
    assert response.status_code == 404
    assert response.content == b'{ "statusCode": 404, "message": "Resource not found" }'
    wrong_method = await api.request(
        "PUT", "/collection/v1_0/requesttopay", headers=key_header(api)
    )
    assert wrong_method.status_code == 404
