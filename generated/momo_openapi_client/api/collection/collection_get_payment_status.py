from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...models.payment_result import PaymentResult
from ...types import Response


def _get_kwargs(
    reference_id: UUID,
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/collection/v2_0/payment/{reference_id}".format(
            reference_id=quote(str(reference_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | GatewayError | MomoError | PaymentResult | None:
    if response.status_code == 200:
        response_200 = PaymentResult.from_dict(response.json())

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
) -> Response[Any | GatewayError | MomoError | PaymentResult]:
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
    x_target_environment: str,
) -> Response[Any | GatewayError | MomoError | PaymentResult]:
    """Get the status of a payment

     Returns the payment created with `X-Reference-Id` = `referenceId`. (MTN's export names
    the path parameter `{x-referenceId}`.)

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | GatewayError | MomoError | MomoError | PaymentResult]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
        x_target_environment=x_target_environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Any | GatewayError | MomoError | PaymentResult | None:
    """Get the status of a payment

     Returns the payment created with `X-Reference-Id` = `referenceId`. (MTN's export names
    the path parameter `{x-referenceId}`.)

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | GatewayError | MomoError | MomoError | PaymentResult
    """

    return sync_detailed(
        reference_id=reference_id,
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Any | GatewayError | MomoError | PaymentResult]:
    """Get the status of a payment

     Returns the payment created with `X-Reference-Id` = `referenceId`. (MTN's export names
    the path parameter `{x-referenceId}`.)

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | GatewayError | MomoError | MomoError | PaymentResult]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Any | GatewayError | MomoError | PaymentResult | None:
    """Get the status of a payment

     Returns the payment created with `X-Reference-Id` = `referenceId`. (MTN's export names
    the path parameter `{x-referenceId}`.)

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | GatewayError | MomoError | MomoError | PaymentResult
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
