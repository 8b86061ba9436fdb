# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_user_result import ApiUserResult
from ...types import Response


def _get_kwargs(
    reference_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1_0/apiuser/{reference_id}".format(
            reference_id=quote(str(reference_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> ApiUserResult | None:
    if response.status_code == 200:
        response_200 = ApiUserResult.from_dict(body)

        return response_200

    documented = [
        (200, 200),
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
) -> Response[ApiUserResult]:
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
) -> Response[ApiUserResult]:
    """Get a sandbox API user

     Returns the callback host and target environment of the sandbox API user
    `referenceId`.

    Observed: two strings, `providerCallbackHost` stored verbatim (scheme and path
    included) and `targetEnvironment` `sandbox`; see the example. (MTN's export declares the
    200 without a schema; its unreferenced ApiUserResult models `targetEnvironment` as an
    object.)

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiUserResult]
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
) -> ApiUserResult | None:
    """Get a sandbox API user

     Returns the callback host and target environment of the sandbox API user
    `referenceId`.

    Observed: two strings, `providerCallbackHost` stored verbatim (scheme and path
    included) and `targetEnvironment` `sandbox`; see the example. (MTN's export declares the
    200 without a schema; its unreferenced ApiUserResult models `targetEnvironment` as an
    object.)

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiUserResult
    """

    return sync_detailed(
        reference_id=reference_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ApiUserResult]:
    """Get a sandbox API user

     Returns the callback host and target environment of the sandbox API user
    `referenceId`.

    Observed: two strings, `providerCallbackHost` stored verbatim (scheme and path
    included) and `targetEnvironment` `sandbox`; see the example. (MTN's export declares the
    200 without a schema; its unreferenced ApiUserResult models `targetEnvironment` as an
    object.)

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiUserResult]
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
) -> ApiUserResult | None:
    """Get a sandbox API user

     Returns the callback host and target environment of the sandbox API user
    `referenceId`.

    Observed: two strings, `providerCallbackHost` stored verbatim (scheme and path
    included) and `targetEnvironment` `sandbox`; see the example. (MTN's export declares the
    200 without a schema; its unreferenced ApiUserResult models `targetEnvironment` as an
    object.)

    Args:
        reference_id (UUID): The API user's id (the X-Reference-Id used to create it).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiUserResult
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
        )
    ).parsed
