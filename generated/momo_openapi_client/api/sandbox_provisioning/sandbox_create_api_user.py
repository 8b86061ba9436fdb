# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_user import ApiUser
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
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> Any | None:
    if response.status_code == 201:
        return None

    documented = [
        (201, 201),
        (400, 400),
        (401, 401),
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
    body: ApiUser,
    x_reference_id: str,
) -> Response[Any]:
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
        Response[Any]
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
) -> Any | None:
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
        Any
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
) -> Response[Any]:
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
        Response[Any]
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
) -> Any | None:
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
        Any
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_reference_id=x_reference_id,
        )
    ).parsed
