# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_key_result import ApiKeyResult
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
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> ApiKeyResult | None:
    if response.status_code == 201:
        response_201 = ApiKeyResult.from_dict(body)

        return response_201

    documented = [
        (201, 201),
        (400, 400),
        (401, 401),
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
) -> Response[ApiKeyResult]:
    body: Any = None
    try:
        if response.status_code == 201:
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
) -> Response[ApiKeyResult]:
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
        Response[ApiKeyResult]
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
) -> ApiKeyResult | None:
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
        ApiKeyResult
    """

    return sync_detailed(
        reference_id=reference_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ApiKeyResult]:
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
        Response[ApiKeyResult]
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
) -> ApiKeyResult | None:
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
        ApiKeyResult
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
        )
    ).parsed
