from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bc_authorize_request import BcAuthorizeRequest
from ...models.bc_authorize_result import BcAuthorizeResult
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    if not isinstance(x_callback_url, Unset):
        headers["X-Callback-Url"] = x_callback_url

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/remittance/v1_0/bc-authorize",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | BcAuthorizeResult | GatewayError | MomoError | None:
    if response.status_code == 200:
        response_200 = BcAuthorizeResult.from_dict(response.json())

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
) -> Response[Any | BcAuthorizeResult | GatewayError | MomoError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any | BcAuthorizeResult | GatewayError | MomoError]:
    """Ask an account holder to consent to sharing data (CIBA)

     Starts the consent flow (OpenID Connect CIBA): the account holder named in `login_hint`
    is asked to approve the requested `scope`. The answer's `auth_req_id` is then exchanged
    at `remittance_create_oauth2_token` for a consent token, which reads
    `remittance_get_user_info_with_consent`.

    The body is form-encoded, e.g.
    `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Authorization: Observed: MTN's sandbox notebook sends the ordinary access token from
    `/remittance/token/` as Bearer and gets an `auth_req_id`. (MTN's exports disagree with
    each other: Collection says an OAuth2 bearer token, Disbursement and Remittance say
    Basic.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (BcAuthorizeRequest): A consent request, sent form-encoded, e.g.
            `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BcAuthorizeResult | GatewayError | GatewayError | MomoError | MomoError]
    """

    kwargs = _get_kwargs(
        body=body,
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
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | BcAuthorizeResult | GatewayError | MomoError | None:
    """Ask an account holder to consent to sharing data (CIBA)

     Starts the consent flow (OpenID Connect CIBA): the account holder named in `login_hint`
    is asked to approve the requested `scope`. The answer's `auth_req_id` is then exchanged
    at `remittance_create_oauth2_token` for a consent token, which reads
    `remittance_get_user_info_with_consent`.

    The body is form-encoded, e.g.
    `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Authorization: Observed: MTN's sandbox notebook sends the ordinary access token from
    `/remittance/token/` as Bearer and gets an `auth_req_id`. (MTN's exports disagree with
    each other: Collection says an OAuth2 bearer token, Disbursement and Remittance say
    Basic.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (BcAuthorizeRequest): A consent request, sent form-encoded, e.g.
            `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BcAuthorizeResult | GatewayError | GatewayError | MomoError | MomoError
    """

    return sync_detailed(
        client=client,
        body=body,
        x_target_environment=x_target_environment,
        x_callback_url=x_callback_url,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[Any | BcAuthorizeResult | GatewayError | MomoError]:
    """Ask an account holder to consent to sharing data (CIBA)

     Starts the consent flow (OpenID Connect CIBA): the account holder named in `login_hint`
    is asked to approve the requested `scope`. The answer's `auth_req_id` is then exchanged
    at `remittance_create_oauth2_token` for a consent token, which reads
    `remittance_get_user_info_with_consent`.

    The body is form-encoded, e.g.
    `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Authorization: Observed: MTN's sandbox notebook sends the ordinary access token from
    `/remittance/token/` as Bearer and gets an `auth_req_id`. (MTN's exports disagree with
    each other: Collection says an OAuth2 bearer token, Disbursement and Remittance say
    Basic.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (BcAuthorizeRequest): A consent request, sent form-encoded, e.g.
            `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BcAuthorizeResult | GatewayError | GatewayError | MomoError | MomoError]
    """

    kwargs = _get_kwargs(
        body=body,
        x_target_environment=x_target_environment,
        x_callback_url=x_callback_url,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Any | BcAuthorizeResult | GatewayError | MomoError | None:
    """Ask an account holder to consent to sharing data (CIBA)

     Starts the consent flow (OpenID Connect CIBA): the account holder named in `login_hint`
    is asked to approve the requested `scope`. The answer's `auth_req_id` is then exchanged
    at `remittance_create_oauth2_token` for a consent token, which reads
    `remittance_get_user_info_with_consent`.

    The body is form-encoded, e.g.
    `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Authorization: Observed: MTN's sandbox notebook sends the ordinary access token from
    `/remittance/token/` as Bearer and gets an `auth_req_id`. (MTN's exports disagree with
    each other: Collection says an OAuth2 bearer token, Disbursement and Remittance say
    Basic.)

    Args:
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        x_callback_url (str | Unset): Where the outcome is sent; its host must match the API
            user's providerCallbackHost. Example: https://merchant.example.com/momo/callback.
        body (BcAuthorizeRequest): A consent request, sent form-encoded, e.g.
            `scope=all_info&login_hint=ID:46733123453/MSISDN&access_type=offline`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BcAuthorizeResult | GatewayError | GatewayError | MomoError | MomoError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_target_environment=x_target_environment,
            x_callback_url=x_callback_url,
        )
    ).parsed
