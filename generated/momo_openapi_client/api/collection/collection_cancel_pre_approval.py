# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import Response


def _get_kwargs(
    pre_approval_id: str,
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/collection/v1_0/preapproval/{pre_approval_id}".format(
            pre_approval_id=quote(str(pre_approval_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> Any | None:
    if response.status_code == 200:
        return None

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
    pre_approval_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Any]:
    """Cancel an approved pre-approval

     Cancels an approved pre-approval for which the partner is the payee. `preApprovalId` is
    the `preApprovalId` returned by `collection_get_approved_pre_approvals`.

    Args:
        pre_approval_id (str): The pre-approval's id, from collection_get_approved_pre_approvals.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        pre_approval_id=pre_approval_id,
        x_target_environment=x_target_environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    pre_approval_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Any | None:
    """Cancel an approved pre-approval

     Cancels an approved pre-approval for which the partner is the payee. `preApprovalId` is
    the `preApprovalId` returned by `collection_get_approved_pre_approvals`.

    Args:
        pre_approval_id (str): The pre-approval's id, from collection_get_approved_pre_approvals.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return sync_detailed(
        pre_approval_id=pre_approval_id,
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    pre_approval_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[Any]:
    """Cancel an approved pre-approval

     Cancels an approved pre-approval for which the partner is the payee. `preApprovalId` is
    the `preApprovalId` returned by `collection_get_approved_pre_approvals`.

    Args:
        pre_approval_id (str): The pre-approval's id, from collection_get_approved_pre_approvals.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        pre_approval_id=pre_approval_id,
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    pre_approval_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Any | None:
    """Cancel an approved pre-approval

     Cancels an approved pre-approval for which the partner is the payee. `preApprovalId` is
    the `preApprovalId` returned by `collection_get_approved_pre_approvals`.

    Args:
        pre_approval_id (str): The pre-approval's id, from collection_get_approved_pre_approvals.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return (
        await asyncio_detailed(
            pre_approval_id=pre_approval_id,
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
