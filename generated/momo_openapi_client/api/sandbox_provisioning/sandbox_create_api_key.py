from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_result import ApiKeyResult
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...types import Response


def _get_kwargs(
    reference_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1_0/apiuser/{reference_id}/apikey".format(
            reference_id=quote(str(reference_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ApiKeyResult | GatewayError | MomoError | None:
    if response.status_code == 201:
        response_201 = ApiKeyResult.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:
        response_401 = GatewayError.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = MomoError.from_dict(response.json())

        return response_404

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
) -> Response[Any | ApiKeyResult | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ApiKeyResult | GatewayError | MomoError]:
    """Create an API key for a sandbox API user

     Creates a new API key for the sandbox API user `referenceId`. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 201 `{"apiKey":"<32 lowercase hex digits>"}`. 404 `RESOURCE_NOT_FOUND` when
    the API user does not exist.

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiKeyResult | GatewayError | MomoError]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Any | ApiKeyResult | GatewayError | MomoError | None:
    """Create an API key for a sandbox API user

     Creates a new API key for the sandbox API user `referenceId`. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 201 `{"apiKey":"<32 lowercase hex digits>"}`. 404 `RESOURCE_NOT_FOUND` when
    the API user does not exist.

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiKeyResult | GatewayError | MomoError
    """

    return sync_detailed(
        reference_id=reference_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[Any | ApiKeyResult | GatewayError | MomoError]:
    """Create an API key for a sandbox API user

     Creates a new API key for the sandbox API user `referenceId`. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 201 `{"apiKey":"<32 lowercase hex digits>"}`. 404 `RESOURCE_NOT_FOUND` when
    the API user does not exist.

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ApiKeyResult | GatewayError | MomoError]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Any | ApiKeyResult | GatewayError | MomoError | None:
    """Create an API key for a sandbox API user

     Creates a new API key for the sandbox API user `referenceId`. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 201 `{"apiKey":"<32 lowercase hex digits>"}`. 404 `RESOURCE_NOT_FOUND` when
    the API user does not exist.

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ApiKeyResult | GatewayError | MomoError
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
        )
    ).parsed
