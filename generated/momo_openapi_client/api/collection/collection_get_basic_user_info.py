# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.basic_user_info import BasicUserInfo
from ...types import Response


def _get_kwargs(
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    x_target_environment: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/collection/v1_0/accountholder/{account_holder_id_type}/{account_holder_id}/basicuserinfo".format(
            account_holder_id_type=quote(str(account_holder_id_type), safe=""),
            account_holder_id=quote(str(account_holder_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> BasicUserInfo | None:
    if response.status_code == 200:
        response_200 = BasicUserInfo.from_dict(body)

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
) -> Response[BasicUserInfo]:
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
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[BasicUserInfo]:
    """Get an account holder's basic personal information

     Returns the name, birth date, locale and gender of an account holder. Needs no consent
    from the account holder.

    Observed (`accountHolderIdType` `msisdn`): `sub`, `name`, `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `updated_at`, see the example; `sub` is a string and
    `updated_at` an integer epoch. (MTN's export lists `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `status`, and gives 401 a `{"error"}` body; the
    observed 401s are the gateway's.)

    Args:
        account_holder_id_type (str): `msisdn` (observed); also `email`, `alias`, `id`. Example:
            msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasicUserInfo]
    """

    kwargs = _get_kwargs(
        account_holder_id_type=account_holder_id_type,
        account_holder_id=account_holder_id,
        x_target_environment=x_target_environment,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> BasicUserInfo | None:
    """Get an account holder's basic personal information

     Returns the name, birth date, locale and gender of an account holder. Needs no consent
    from the account holder.

    Observed (`accountHolderIdType` `msisdn`): `sub`, `name`, `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `updated_at`, see the example; `sub` is a string and
    `updated_at` an integer epoch. (MTN's export lists `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `status`, and gives 401 a `{"error"}` body; the
    observed 401s are the gateway's.)

    Args:
        account_holder_id_type (str): `msisdn` (observed); also `email`, `alias`, `id`. Example:
            msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasicUserInfo
    """

    return sync_detailed(
        account_holder_id_type=account_holder_id_type,
        account_holder_id=account_holder_id,
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[BasicUserInfo]:
    """Get an account holder's basic personal information

     Returns the name, birth date, locale and gender of an account holder. Needs no consent
    from the account holder.

    Observed (`accountHolderIdType` `msisdn`): `sub`, `name`, `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `updated_at`, see the example; `sub` is a string and
    `updated_at` an integer epoch. (MTN's export lists `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `status`, and gives 401 a `{"error"}` body; the
    observed 401s are the gateway's.)

    Args:
        account_holder_id_type (str): `msisdn` (observed); also `email`, `alias`, `id`. Example:
            msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BasicUserInfo]
    """

    kwargs = _get_kwargs(
        account_holder_id_type=account_holder_id_type,
        account_holder_id=account_holder_id,
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> BasicUserInfo | None:
    """Get an account holder's basic personal information

     Returns the name, birth date, locale and gender of an account holder. Needs no consent
    from the account holder.

    Observed (`accountHolderIdType` `msisdn`): `sub`, `name`, `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `updated_at`, see the example; `sub` is a string and
    `updated_at` an integer epoch. (MTN's export lists `given_name`, `family_name`,
    `birthdate`, `locale`, `gender` and `status`, and gives 401 a `{"error"}` body; the
    observed 401s are the gateway's.)

    Args:
        account_holder_id_type (str): `msisdn` (observed); also `email`, `alias`, `id`. Example:
            msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BasicUserInfo
    """

    return (
        await asyncio_detailed(
            account_holder_id_type=account_holder_id_type,
            account_holder_id=account_holder_id,
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
