# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.request_to_pay import RequestToPay
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: RequestToPay,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Reference-Id"] = x_reference_id

    headers["X-Target-Environment"] = x_target_environment

    if not isinstance(x_callback_url, Unset):
        headers["X-Callback-Url"] = x_callback_url

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collection/v1_0/requesttowithdraw",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> Any | None:
    if response.status_code == 202:
        return None

    documented = [
        (202, 202),
        (400, 400),
        (401, 401),
        (403, 403),
        (404, 404),
        (409, 409),
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
) -> Response[Any]:
    body: Any = None
    try:
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
    body: RequestToPay,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any]:
    """Request a withdrawal (cash-out) from a customer (v1)

     Asks the payer to approve a withdrawal (cash-out) from their wallet. Same body as a
    request to pay; the payer approves on their phone. Read the outcome with
    `collection_get_request_to_withdraw_status`.

    Observed: 202 with an empty body. The v1 callback is a POST.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (RequestToPay): A request for the payer to pay the partner (also the body of a
            request to withdraw).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
        x_reference_id=x_reference_id,
        x_target_environment=x_target_environment,
        x_callback_url=x_callback_url,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: RequestToPay,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | None:
    """Request a withdrawal (cash-out) from a customer (v1)

     Asks the payer to approve a withdrawal (cash-out) from their wallet. Same body as a
    request to pay; the payer approves on their phone. Read the outcome with
    `collection_get_request_to_withdraw_status`.

    Observed: 202 with an empty body. The v1 callback is a POST.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (RequestToPay): A request for the payer to pay the partner (also the body of a
            request to withdraw).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return sync_detailed(
        client=client,
        body=body,
        x_reference_id=x_reference_id,
        x_target_environment=x_target_environment,
        x_callback_url=x_callback_url,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: RequestToPay,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any]:
    """Request a withdrawal (cash-out) from a customer (v1)

     Asks the payer to approve a withdrawal (cash-out) from their wallet. Same body as a
    request to pay; the payer approves on their phone. Read the outcome with
    `collection_get_request_to_withdraw_status`.

    Observed: 202 with an empty body. The v1 callback is a POST.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (RequestToPay): A request for the payer to pay the partner (also the body of a
            request to withdraw).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        body=body,
        x_reference_id=x_reference_id,
        x_target_environment=x_target_environment,
        x_callback_url=x_callback_url,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: RequestToPay,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | None:
    """Request a withdrawal (cash-out) from a customer (v1)

     Asks the payer to approve a withdrawal (cash-out) from their wallet. Same body as a
    request to pay; the payer approves on their phone. Read the outcome with
    `collection_get_request_to_withdraw_status`.

    Observed: 202 with an empty body. The v1 callback is a POST.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (RequestToPay): A request for the payer to pay the partner (also the body of a
            request to withdraw).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_reference_id=x_reference_id,
            x_target_environment=x_target_environment,
            x_callback_url=x_callback_url,
        )
    ).parsed
