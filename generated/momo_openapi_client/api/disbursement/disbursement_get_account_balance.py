# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.balance import Balance
from ...types import Response


def _get_kwargs(
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/disbursement/v1_0/account/balance",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> Balance | None:
    if response.status_code == 200:
        response_200 = Balance.from_dict(body)

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
) -> Response[Balance]:
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
    x_target_environment: str,
) -> Response[Balance]:
    """Get the balance of the Disbursement account

     Returns the available balance of the partner's own Disbursement account.

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
        Response[Balance]
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
) -> Balance | None:
    """Get the balance of the Disbursement account

     Returns the available balance of the partner's own Disbursement account.

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
        Balance
    """

    return sync_detailed(
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Balance]:
    """Get the balance of the Disbursement account

     Returns the available balance of the partner's own Disbursement account.

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
        Response[Balance]
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
) -> Balance | None:
    """Get the balance of the Disbursement account

     Returns the available balance of the partner's own Disbursement account.

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
        Balance
    """

    return (
        await asyncio_detailed(
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
