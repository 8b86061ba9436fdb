from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.balance import Balance
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...types import Response


def _get_kwargs(
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/collection/v1_0/account/balance",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Balance | GatewayError | MomoError | None:
    if response.status_code == 200:
        response_200 = Balance.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 403:
        response_403 = GatewayError.from_dict(response.json())

        return response_403

    if response.status_code == 404:

        def _parse_response_404(data: object) -> GatewayError | MomoError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_404_type_0 = MomoError.from_dict(data)

                return response_404_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_404_type_1 = GatewayError.from_dict(data)

            return response_404_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = GatewayError.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = MomoError.from_dict(response.json())

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
) -> Response[Any | Balance | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Any | Balance | GatewayError | MomoError]:
    """Get the balance of the Collection account

     Returns the available balance of the partner's own Collection account.

    Observed: `{"availableBalance":"1000","currency":"EUR"}`; the balance is a decimal
    string. In the sandbox this call is often refused: 500 `NOT_ALLOWED_TARGET_ENVIRONMENT`,
    500 `INTERNAL_PROCESSING_ERROR` or 503 `SERVICE_UNAVAILABLE`, each with a MomoError body.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Balance | GatewayError | GatewayError | MomoError | MomoError]
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
    x_target_environment: str,
) -> Any | Balance | GatewayError | MomoError | None:
    """Get the balance of the Collection account

     Returns the available balance of the partner's own Collection account.

    Observed: `{"availableBalance":"1000","currency":"EUR"}`; the balance is a decimal
    string. In the sandbox this call is often refused: 500 `NOT_ALLOWED_TARGET_ENVIRONMENT`,
    500 `INTERNAL_PROCESSING_ERROR` or 503 `SERVICE_UNAVAILABLE`, each with a MomoError body.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Balance | GatewayError | GatewayError | MomoError | MomoError
    """

    return sync_detailed(
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Any | Balance | GatewayError | MomoError]:
    """Get the balance of the Collection account

     Returns the available balance of the partner's own Collection account.

    Observed: `{"availableBalance":"1000","currency":"EUR"}`; the balance is a decimal
    string. In the sandbox this call is often refused: 500 `NOT_ALLOWED_TARGET_ENVIRONMENT`,
    500 `INTERNAL_PROCESSING_ERROR` or 503 `SERVICE_UNAVAILABLE`, each with a MomoError body.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Balance | GatewayError | GatewayError | MomoError | MomoError]
    """

    kwargs = _get_kwargs(
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Any | Balance | GatewayError | MomoError | None:
    """Get the balance of the Collection account

     Returns the available balance of the partner's own Collection account.

    Observed: `{"availableBalance":"1000","currency":"EUR"}`; the balance is a decimal
    string. In the sandbox this call is often refused: 500 `NOT_ALLOWED_TARGET_ENVIRONMENT`,
    500 `INTERNAL_PROCESSING_ERROR` or 503 `SERVICE_UNAVAILABLE`, each with a MomoError body.

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Balance | GatewayError | GatewayError | MomoError | MomoError
    """

    return (
        await asyncio_detailed(
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
