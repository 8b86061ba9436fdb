from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_holder_active import AccountHolderActive
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
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
        "url": "/disbursement/v1_0/accountholder/{account_holder_id_type}/{account_holder_id}/active".format(
            account_holder_id_type=quote(str(account_holder_id_type), safe=""),
            account_holder_id=quote(str(account_holder_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccountHolderActive | Any | GatewayError | MomoError | None:
    if response.status_code == 200:
        response_200 = AccountHolderActive.from_dict(response.json())

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
) -> Response[AccountHolderActive | Any | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_holder_id_type: str,
    account_holder_id: str,
    *,
    client: AuthenticatedClient,
    x_target_environment: str,
) -> Response[AccountHolderActive | Any | GatewayError | MomoError]:
    """Check that an account holder is registered and active

     Checks whether an account holder (a wallet) is registered and active, without moving
    money. Use it before a transaction to avoid a later FAILED `PAYER_NOT_FOUND` /
    `PAYEE_NOT_FOUND`.

    Observed: 200 `{"result":true}`; production answers `{"result":false}` for a number
    that is not a MoMo account holder; the sandbox answers `true` for any number. (MTN's
    export declares the 200 without a schema.)

    Args:
        account_holder_id_type (str): `msisdn` or `email`, lower case. Example: msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountHolderActive | Any | GatewayError | GatewayError | MomoError | MomoError]
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
) -> AccountHolderActive | Any | GatewayError | MomoError | None:
    """Check that an account holder is registered and active

     Checks whether an account holder (a wallet) is registered and active, without moving
    money. Use it before a transaction to avoid a later FAILED `PAYER_NOT_FOUND` /
    `PAYEE_NOT_FOUND`.

    Observed: 200 `{"result":true}`; production answers `{"result":false}` for a number
    that is not a MoMo account holder; the sandbox answers `true` for any number. (MTN's
    export declares the 200 without a schema.)

    Args:
        account_holder_id_type (str): `msisdn` or `email`, lower case. Example: msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountHolderActive | Any | GatewayError | GatewayError | MomoError | MomoError
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
) -> Response[AccountHolderActive | Any | GatewayError | MomoError]:
    """Check that an account holder is registered and active

     Checks whether an account holder (a wallet) is registered and active, without moving
    money. Use it before a transaction to avoid a later FAILED `PAYER_NOT_FOUND` /
    `PAYEE_NOT_FOUND`.

    Observed: 200 `{"result":true}`; production answers `{"result":false}` for a number
    that is not a MoMo account holder; the sandbox answers `true` for any number. (MTN's
    export declares the 200 without a schema.)

    Args:
        account_holder_id_type (str): `msisdn` or `email`, lower case. Example: msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountHolderActive | Any | GatewayError | GatewayError | MomoError | MomoError]
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
) -> AccountHolderActive | Any | GatewayError | MomoError | None:
    """Check that an account holder is registered and active

     Checks whether an account holder (a wallet) is registered and active, without moving
    money. Use it before a transaction to avoid a later FAILED `PAYER_NOT_FOUND` /
    `PAYEE_NOT_FOUND`.

    Observed: 200 `{"result":true}`; production answers `{"result":false}` for a number
    that is not a MoMo account holder; the sandbox answers `true` for any number. (MTN's
    export declares the 200 without a schema.)

    Args:
        account_holder_id_type (str): `msisdn` or `email`, lower case. Example: msisdn.
        account_holder_id (str): An MSISDN (digits only, with country code) or an e-mail address.
            Example: 46733123453.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountHolderActive | Any | GatewayError | GatewayError | MomoError | MomoError
    """

    return (
        await asyncio_detailed(
            account_holder_id_type=account_holder_id_type,
            account_holder_id=account_holder_id,
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
