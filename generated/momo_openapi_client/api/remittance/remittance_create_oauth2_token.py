from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...models.oauth2_token import OAuth2Token
from ...models.oauth2_token_request import OAuth2TokenRequest
from ...models.token_error import TokenError
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
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | GatewayError | TokenError | MomoError | OAuth2Token | None:
    if response.status_code == 200:
        response_200 = OAuth2Token.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:

        def _parse_response_401(data: object) -> GatewayError | TokenError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_401_type_0 = GatewayError.from_dict(data)

                return response_401_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_401_type_1 = TokenError.from_dict(data)

            return response_401_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = GatewayError.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = GatewayError.from_dict(response.json())

        return response_429

    if response.status_code == 500:

        def _parse_response_500(data: object) -> MomoError | TokenError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_500_type_0 = TokenError.from_dict(data)

                return response_500_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_500_type_1 = MomoError.from_dict(data)

            return response_500_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = MomoError.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | GatewayError | TokenError | MomoError | OAuth2Token]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: OAuth2TokenRequest,
    x_target_environment: str,
) -> Response[Any | GatewayError | TokenError | MomoError | OAuth2Token]:
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
        Response[Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError | OAuth2Token]
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
) -> Any | GatewayError | TokenError | MomoError | OAuth2Token | None:
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
        Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError | OAuth2Token
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
) -> Response[Any | GatewayError | TokenError | MomoError | OAuth2Token]:
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
        Response[Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError | OAuth2Token]
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
) -> Any | GatewayError | TokenError | MomoError | OAuth2Token | None:
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
        Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError | OAuth2Token
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_target_environment=x_target_environment,
        )
    ).parsed
