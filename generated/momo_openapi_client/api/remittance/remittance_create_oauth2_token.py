# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.oauth2_token import OAuth2Token
from ...models.oauth2_token_request import OAuth2TokenRequest
from ...types import Response


def _get_kwargs(
    *,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/remittance/oauth2/token/",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> OAuth2Token | None:
    if response.status_code == 200:
        response_200 = OAuth2Token.from_dict(body)

        return response_200

    documented = [
        (200, 200),
        (400, 400),
        (401, 401),
        (403, 403),
        (429, 429),
        (500, 500),
        (503, 503),
    ]
    if client.raise_on_unexpected_status and not any(
        low <= response.status_code <= high for low, high in documented
    ):
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OAuth2Token]:
    body: Any = None
    try:
        if response.status_code == 200:
            body = response.json()
        parsed = _parse_response(client=client, response=response, body=body)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # A 2xx body that does not match the spec: the answer stays readable on the error.
        raise errors.UnexpectedBody(
            response.status_code, response.headers, response.content
        ) from exc
    return Response(
        status_code=response.status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
        body=body,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> Response[OAuth2Token]:
    """Exchange an approved consent for a consent (OAuth2) token

     Exchanges the `auth_req_id` from `remittance_bc_authorize` (form body
    `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`), or a refresh token
    (`grant_type=refresh_token`), for a consent token. Authenticate with
    `Basic base64(apiUserId:apiKey)`, as for the access token. Use the returned
    `access_token` as the Bearer token of `remittance_get_user_info_with_consent`.

    Keep the trailing slash: MoMo's token paths answer 302 without it.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        body (OAuth2TokenRequest): A consent-token request, sent form-encoded, e.g.
            `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuth2Token]
    """

    kwargs = _get_kwargs(
        body=body,
        x_target_environment=x_target_environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> OAuth2Token | None:
    """Exchange an approved consent for a consent (OAuth2) token

     Exchanges the `auth_req_id` from `remittance_bc_authorize` (form body
    `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`), or a refresh token
    (`grant_type=refresh_token`), for a consent token. Authenticate with
    `Basic base64(apiUserId:apiKey)`, as for the access token. Use the returned
    `access_token` as the Bearer token of `remittance_get_user_info_with_consent`.

    Keep the trailing slash: MoMo's token paths answer 302 without it.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        body (OAuth2TokenRequest): A consent-token request, sent form-encoded, e.g.
            `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuth2Token
    """

    return sync_detailed(
        client=client,
        body=body,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> Response[OAuth2Token]:
    """Exchange an approved consent for a consent (OAuth2) token

     Exchanges the `auth_req_id` from `remittance_bc_authorize` (form body
    `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`), or a refresh token
    (`grant_type=refresh_token`), for a consent token. Authenticate with
    `Basic base64(apiUserId:apiKey)`, as for the access token. Use the returned
    `access_token` as the Bearer token of `remittance_get_user_info_with_consent`.

    Keep the trailing slash: MoMo's token paths answer 302 without it.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        body (OAuth2TokenRequest): A consent-token request, sent form-encoded, e.g.
            `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OAuth2Token]
    """

    kwargs = _get_kwargs(
        body=body,
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> OAuth2Token | None:
    """Exchange an approved consent for a consent (OAuth2) token

     Exchanges the `auth_req_id` from `remittance_bc_authorize` (form body
    `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`), or a refresh token
    (`grant_type=refresh_token`), for a consent token. Authenticate with
    `Basic base64(apiUserId:apiKey)`, as for the access token. Use the returned
    `access_token` as the Bearer token of `remittance_get_user_info_with_consent`.

    Keep the trailing slash: MoMo's token paths answer 302 without it.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        body (OAuth2TokenRequest): A consent-token request, sent form-encoded, e.g.
            `grant_type=urn:openid:params:grant-type:ciba&auth_req_id=<id>`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OAuth2Token
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_target_environment=x_target_environment,
        )
    ).parsed
