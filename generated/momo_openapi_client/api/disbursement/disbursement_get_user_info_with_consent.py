# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_user_info import ConsentUserInfo
from ...types import Response


def _get_kwargs(
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/disbursement/oauth2/v1_0/userinfo",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> ConsentUserInfo | None:
    if response.status_code == 200:
        response_200 = ConsentUserInfo.from_dict(body)

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
) -> Response[ConsentUserInfo]:
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
) -> Response[ConsentUserInfo]:
    """Read the account holder's data the consent covers (KYC)

     Returns the account holder's personal data covered by the consent. Authenticate with the
    consent token from `disbursement_create_oauth2_token` (not the access token).

    Observed: with `scope=all_info` the body is the full KYC record (ConsentUserInfo, with
    `address` as an object and `credit_score` as a number); with `scope=profile` it is the
    basic shape (`sub`, `name`, `given_name`, `family_name`, `birthdate`, `locale`,
    `gender`, `updated_at`). (MTN's export types `address` and `credit_score` as strings.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentUserInfo]
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
) -> ConsentUserInfo | None:
    """Read the account holder's data the consent covers (KYC)

     Returns the account holder's personal data covered by the consent. Authenticate with the
    consent token from `disbursement_create_oauth2_token` (not the access token).

    Observed: with `scope=all_info` the body is the full KYC record (ConsentUserInfo, with
    `address` as an object and `credit_score` as a number); with `scope=profile` it is the
    basic shape (`sub`, `name`, `given_name`, `family_name`, `birthdate`, `locale`,
    `gender`, `updated_at`). (MTN's export types `address` and `credit_score` as strings.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentUserInfo
    """

    return sync_detailed(
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[ConsentUserInfo]:
    """Read the account holder's data the consent covers (KYC)

     Returns the account holder's personal data covered by the consent. Authenticate with the
    consent token from `disbursement_create_oauth2_token` (not the access token).

    Observed: with `scope=all_info` the body is the full KYC record (ConsentUserInfo, with
    `address` as an object and `credit_score` as a number); with `scope=profile` it is the
    basic shape (`sub`, `name`, `given_name`, `family_name`, `birthdate`, `locale`,
    `gender`, `updated_at`). (MTN's export types `address` and `credit_score` as strings.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsentUserInfo]
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
) -> ConsentUserInfo | None:
    """Read the account holder's data the consent covers (KYC)

     Returns the account holder's personal data covered by the consent. Authenticate with the
    consent token from `disbursement_create_oauth2_token` (not the access token).

    Observed: with `scope=all_info` the body is the full KYC record (ConsentUserInfo, with
    `address` as an object and `credit_score` as a number); with `scope=profile` it is the
    basic shape (`sub`, `name`, `given_name`, `family_name`, `birthdate`, `locale`,
    `gender`, `updated_at`). (MTN's export types `address` and `credit_score` as strings.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsentUserInfo
    """

    return (
        await asyncio_detailed(
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
