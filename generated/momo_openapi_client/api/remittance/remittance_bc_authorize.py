# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bc_authorize_request import BcAuthorizeRequest
from ...models.bc_authorize_result import BcAuthorizeResult
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
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> BcAuthorizeResult | None:
    if response.status_code == 200:
        response_200 = BcAuthorizeResult.from_dict(body)

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
) -> Response[BcAuthorizeResult]:
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
    body: BcAuthorizeRequest,
    x_target_environment: str,
    x_callback_url: str | Unset = UNSET,
) -> Response[BcAuthorizeResult]:
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
        Response[BcAuthorizeResult]
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
) -> BcAuthorizeResult | None:
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
        BcAuthorizeResult
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
) -> Response[BcAuthorizeResult]:
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
        Response[BcAuthorizeResult]
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
) -> BcAuthorizeResult | None:
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
        BcAuthorizeResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_target_environment=x_target_environment,
            x_callback_url=x_callback_url,
        )
    ).parsed
