from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_user import ApiUser
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...types import Response


def _get_kwargs(
    *,
    body: ApiUser,
    x_reference_id: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Reference-Id"] = x_reference_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1_0/apiuser",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | GatewayError | MomoError | None:
    if response.status_code == 201:
        response_201 = cast(Any, None)
        return response_201

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:
        response_401 = GatewayError.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = MomoError.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = GatewayError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = cast(Any, None)
        return response_500

    if response.status_code == 503:
        response_503 = cast(Any, None)
        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ApiUser,
    x_reference_id: str,
) -> Response[Any | GatewayError | MomoError]:
    """Create a sandbox API user

     Creates a sandbox API user whose id is the `X-Reference-Id` you choose (a UUID v4).
    Then create its API key with `sandbox_create_api_key`. Needs only the subscription key:
    no token and no `X-Target-Environment`. Production API users come from the partner
    portal instead.

    Observed: 201 with an empty body. `providerCallbackHost` cannot be changed later, and
    every `X-Callback-Url` used by this user must be on that host.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        body (ApiUser): A sandbox API user to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | MomoError]
    """

    kwargs = _get_kwargs(
        body=body,
        x_reference_id=x_reference_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ApiUser,
    x_reference_id: str,
) -> Any | GatewayError | MomoError | None:
    """Create a sandbox API user

     Creates a sandbox API user whose id is the `X-Reference-Id` you choose (a UUID v4).
    Then create its API key with `sandbox_create_api_key`. Needs only the subscription key:
    no token and no `X-Target-Environment`. Production API users come from the partner
    portal instead.

    Observed: 201 with an empty body. `providerCallbackHost` cannot be changed later, and
    every `X-Callback-Url` used by this user must be on that host.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        body (ApiUser): A sandbox API user to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | MomoError
    """

    return sync_detailed(
        client=client,
        body=body,
        x_reference_id=x_reference_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ApiUser,
    x_reference_id: str,
) -> Response[Any | GatewayError | MomoError]:
    """Create a sandbox API user

     Creates a sandbox API user whose id is the `X-Reference-Id` you choose (a UUID v4).
    Then create its API key with `sandbox_create_api_key`. Needs only the subscription key:
    no token and no `X-Target-Environment`. Production API users come from the partner
    portal instead.

    Observed: 201 with an empty body. `providerCallbackHost` cannot be changed later, and
    every `X-Callback-Url` used by this user must be on that host.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        body (ApiUser): A sandbox API user to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | MomoError]
    """

    kwargs = _get_kwargs(
        body=body,
        x_reference_id=x_reference_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ApiUser,
    x_reference_id: str,
) -> Any | GatewayError | MomoError | None:
    """Create a sandbox API user

     Creates a sandbox API user whose id is the `X-Reference-Id` you choose (a UUID v4).
    Then create its API key with `sandbox_create_api_key`. Needs only the subscription key:
    no token and no `X-Target-Environment`. Production API users come from the partner
    portal instead.

    Observed: 201 with an empty body. `providerCallbackHost` cannot be changed later, and
    every `X-Callback-Url` used by this user must be on that host.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        body (ApiUser): A sandbox API user to create.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | MomoError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_reference_id=x_reference_id,
        )
    ).parsed
