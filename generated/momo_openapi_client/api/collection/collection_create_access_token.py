from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_token import AccessToken
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...models.token_error import TokenError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    x_target_environment: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_target_environment, Unset):
        headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collection/token/",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessToken | Any | GatewayError | TokenError | MomoError | None:
    if response.status_code == 200:
        response_200 = AccessToken.from_dict(response.json())

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
) -> Response[AccessToken | Any | GatewayError | TokenError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> Response[AccessToken | Any | GatewayError | TokenError | MomoError]:
    """Create an access token for the Collection API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Collection subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /collection/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken | Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError]
    """

    kwargs = _get_kwargs(
        x_target_environment=x_target_environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> AccessToken | Any | GatewayError | TokenError | MomoError | None:
    """Create an access token for the Collection API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Collection subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /collection/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken | Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError
    """

    return sync_detailed(
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> Response[AccessToken | Any | GatewayError | TokenError | MomoError]:
    """Create an access token for the Collection API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Collection subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /collection/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken | Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError]
    """

    kwargs = _get_kwargs(
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> AccessToken | Any | GatewayError | TokenError | MomoError | None:
    """Create an access token for the Collection API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Collection subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /collection/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken | Any | GatewayError | GatewayError | TokenError | MomoError | MomoError | TokenError
    """

    return (
        await asyncio_detailed(
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
