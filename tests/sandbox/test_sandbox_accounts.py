"""Balance, account-holder checks, basic user info, the consent (CIBA) flow (api-behaviour §7)."""

from __future__ import annotations

import pytest

from momo_wrapper.sandbox import PRODUCTS
from tests.sandbox.sandbox_helpers import Api, basic


@pytest.mark.parametrize("product", PRODUCTS)
async def test_balance(api: Api, product: str) -> None:
    response = await api.call("GET", f"/{product}/v1_0/account/balance")
    assert response.status_code == 200
    assert response.content == b'{"availableBalance":"1000","currency":"EUR"}'
    assert response.headers["content-length"] == "44"
    in_eur = await api.call("GET", f"/{product}/v1_0/account/balance/EUR")
    assert in_eur.json() == {"availableBalance": "1000", "currency": "EUR"}
    in_usd = await api.call("GET", f"/{product}/v1_0/account/balance/USD")
    assert in_usd.status_code == 500
    assert in_usd.json()["code"] == "INVALID_CURRENCY"


@pytest.mark.parametrize("product", PRODUCTS)
async def test_account_holder_active(api: Api, product: str) -> None:
    response = await api.call("GET", f"/{product}/v1_0/accountholder/msisdn/46733123459/active")
    assert response.content == b'{"result":true}'
    assert response.headers["content-length"] == "15"


@pytest.mark.parametrize(
    ("holder", "status", "body"),
    [
        ("msisdn/46733123450", 404, {"code": "RESOURCE_NOT_FOUND"}),
        ("msisdn/46733123451", 200, {"result": False}),
        ("msisdn/46733123452", 500, {"code": "NOT_ALLOWED"}),
        ("msisdn/46733123453", 500, {"code": "NOT_ALLOWED_TARGET_ENVIRONMENT"}),
        ("msisdn/46733123454", 500, {"code": "INTERNAL_PROCESSING_ERROR"}),
        ("msisdn/46733123455", 503, {"code": "SERVICE_UNAVAILABLE"}),
        ("email/notfound%40email.com", 404, {"code": "RESOURCE_NOT_FOUND"}),
        ("email/serviceunavailable@email.com", 503, {"code": "SERVICE_UNAVAILABLE"}),
    ],
)
async def test_account_holder_test_numbers(
    api: Api, holder: str, status: int, body: dict[str, object]
) -> None:
    response = await api.call("GET", f"/collection/v1_0/accountholder/{holder}/active")
    assert response.status_code == status
    payload = response.json()
    assert {key: payload[key] for key in body} == body
    if "code" in body:
        assert list(payload) == ["message", "code"]


@pytest.mark.parametrize(
    "path",
    [
        "/collection/v1_0/accountholder/MSISDN/46733123459/basicuserinfo",
        "/disbursement/v1_0/accountholder/msisdn/46733123459/basicuserinfo",
        "/remittance/v1_0/accountholder/msisdn/46733123459/basicuserinfo",
    ],
)
async def test_basic_user_info(api: Api, path: str) -> None:
    response = await api.call("GET", path)
    body = response.json()
    assert list(body) == [
        "sub",
        "name",
        "given_name",
        "family_name",
        "birthdate",
        "locale",
        "gender",
        "updated_at",
    ]
    assert (body["sub"], body["name"]) == ("0", "Sand Box")
    assert isinstance(body["updated_at"], int)


async def test_remittance_basic_user_info_only_by_msisdn(api: Api) -> None:
    response = await api.call("GET", "/remittance/v1_0/accountholder/email/a@b.c/basicuserinfo")
    assert response.status_code == 404


async def consent_token(api: Api, product: str, scope: str, *, with_basic: bool) -> str:
    creds = api.creds[product]
    auth = (
        {"Authorization": basic(creds.user_id, creds.api_key)}
        if with_basic
        else {"Authorization": "Bearer " + await api.token(product)}
    )
    authorized = await api.call(
        "POST",
        f"/{product}/v1_0/bc-authorize",
        headers=auth,
        data={"scope": scope, "login_hint": "ID:46733123459/MSISDN", "access_type": "offline"},
    )
    assert authorized.status_code == 200
    auth_body = authorized.json()
    assert list(auth_body) == ["auth_req_id", "interval", "expires_in"]
    token = await api.call(
        "POST",
        f"/{product}/oauth2/token/",
        headers={"Authorization": basic(creds.user_id, creds.api_key)},
        data={
            "grant_type": "urn:openid:params:grant-type:ciba",
            "auth_req_id": auth_body["auth_req_id"],
        },
    )
    assert token.status_code == 200
    assert token.json()["expires_in"] == 3600
    return str(token.json()["access_token"])


@pytest.mark.parametrize("product", PRODUCTS)
async def test_consent_flow_all_info(api: Api, product: str) -> None:
    token = await consent_token(api, product, "all_info", with_basic=product != "collection")
    response = await api.call(
        "GET", f"/{product}/oauth2/v1_0/userinfo", headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert body["credit_score"] == 123
    assert body["address"]["locality"] == "Karlskrona"
    assert body["identification_type"] == "PASS"


async def test_consent_flow_profile_scope_gives_basic_shape(api: Api) -> None:
    token = await consent_token(api, "collection", "profile", with_basic=True)
    response = await api.call(
        "GET", "/collection/oauth2/v1_0/userinfo", headers={"Authorization": f"Bearer {token}"}
    )
    assert "credit_score" not in response.json()
    assert response.json()["name"] == "Sand Box"


async def test_consent_flow_failures(api: Api) -> None:
    creds = api.creds["collection"]
    no_auth = await api.call(
        "POST",
        "/collection/v1_0/bc-authorize",
        headers={"Authorization": "Bearer nope"},
        data={"scope": "profile", "login_hint": "ID:1/MSISDN"},
    )
    assert no_auth.status_code == 401
    bad_hint = await api.call(
        "POST", "/collection/v1_0/bc-authorize", data={"scope": "profile", "login_hint": "x"}
    )
    assert (bad_hint.status_code, bad_hint.content) == (400, b"")
    bad_grant = await api.call(
        "POST",
        "/collection/oauth2/token/",
        headers={"Authorization": basic(creds.user_id, creds.api_key)},
        data={"grant_type": "urn:openid:params:grant-type:ciba", "auth_req_id": "unknown"},
    )
    assert bad_grant.status_code == 400
    assert bad_grant.json() == {"error": "invalid_grant"}
    bad_login = await api.call(
        "POST", "/collection/oauth2/token/", headers={"Authorization": "Basic eDp5"}, data={}
    )
    assert (bad_login.status_code, bad_login.json()) == (500, {"error": "login_failed"})
    access_token_on_userinfo = await api.call("GET", "/collection/oauth2/v1_0/userinfo")
    assert access_token_on_userinfo.status_code == 401
