# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.transfer_result import TransferResult
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
        "url": "/remittance/v1_0/transfer/{reference_id}".format(
            reference_id=quote(str(reference_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> TransferResult | None:
    if response.status_code == 200:
        response_200 = TransferResult.from_dict(body)

        return response_200

    documented = [
        (200, 200),
        (400, 400),
        (401, 401),
        (403, 403),
        (404, 404),
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
) -> Response[TransferResult]:
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
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[TransferResult]:
    """Get the status of a transfer

     Returns the transfer created with `X-Reference-Id` = `referenceId`. A failed transfer
    is a 200 too: read `status` and `reason`.

    Observed: `amount` comes first on the wire and `financialTransactionId` third (unlike a
    request to pay); `reason` is a plain string (MTN's export says an object
    `{code, message}`; both are accepted).

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TransferResult]
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
) -> TransferResult | None:
    """Get the status of a transfer

     Returns the transfer created with `X-Reference-Id` = `referenceId`. A failed transfer
    is a 200 too: read `status` and `reason`.

    Observed: `amount` comes first on the wire and `financialTransactionId` third (unlike a
    request to pay); `reason` is a plain string (MTN's export says an object
    `{code, message}`; both are accepted).

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TransferResult
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
) -> Response[TransferResult]:
    """Get the status of a transfer

     Returns the transfer created with `X-Reference-Id` = `referenceId`. A failed transfer
    is a 200 too: read `status` and `reason`.

    Observed: `amount` comes first on the wire and `financialTransactionId` third (unlike a
    request to pay); `reason` is a plain string (MTN's export says an object
    `{code, message}`; both are accepted).

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[TransferResult]
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
) -> TransferResult | None:
    """Get the status of a transfer

     Returns the transfer created with `X-Reference-Id` = `referenceId`. A failed transfer
    is a 200 too: read `status` and `reason`.

    Observed: `amount` comes first on the wire and `financialTransactionId` third (unlike a
    request to pay); `reason` is a plain string (MTN's export says an object
    `{code, message}`; both are accepted).

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        TransferResult
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
