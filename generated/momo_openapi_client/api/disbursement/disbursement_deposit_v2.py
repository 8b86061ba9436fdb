from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...models.transfer import Transfer
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: Transfer,
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
        "url": "/disbursement/v2_0/deposit",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | GatewayError | MomoError | None:
    if response.status_code == 202:
        response_202 = cast(Any, None)
        return response_202

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

    if response.status_code == 409:
        response_409 = MomoError.from_dict(response.json())

        return response_409

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
) -> Response[Any | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: Transfer,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any | GatewayError | MomoError]:
    """Deposit money into a payee's wallet (v2)

     Same as `disbursement_deposit_v1`, except that MTN documents the callback as a PUT.
    Read the outcome with `disbursement_get_deposit_status`.

    Observed: 202 with an empty body.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (Transfer): A transfer (or deposit) from the partner's account to a payee.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | GatewayError | MomoError | MomoError]
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
    body: Transfer,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | GatewayError | MomoError | None:
    """Deposit money into a payee's wallet (v2)

     Same as `disbursement_deposit_v1`, except that MTN documents the callback as a PUT.
    Read the outcome with `disbursement_get_deposit_status`.

    Observed: 202 with an empty body.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (Transfer): A transfer (or deposit) from the partner's account to a payee.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | GatewayError | MomoError | MomoError
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
    body: Transfer,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any | GatewayError | MomoError]:
    """Deposit money into a payee's wallet (v2)

     Same as `disbursement_deposit_v1`, except that MTN documents the callback as a PUT.
    Read the outcome with `disbursement_get_deposit_status`.

    Observed: 202 with an empty body.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (Transfer): A transfer (or deposit) from the partner's account to a payee.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | GatewayError | GatewayError | MomoError | MomoError]
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
    body: Transfer,
    x_reference_id: str,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | GatewayError | MomoError | None:
    """Deposit money into a payee's wallet (v2)

     Same as `disbursement_deposit_v1`, except that MTN documents the callback as a PUT.
    Read the outcome with `disbursement_get_deposit_status`.

    Observed: 202 with an empty body.

    Args:
        x_reference_id (str): A new UUID v4 per request: the id of the created resource and the
            idempotency key (a repeat gets 409). Example: 2d2a7b5e-0f6c-4e8a-9d2b-7c1f5a3e9b41.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (Transfer): A transfer (or deposit) from the partner's account to a payee.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | GatewayError | GatewayError | MomoError | MomoError
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
