# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_token import AccessToken
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    x_target_environment: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_target_environment, Unset):
        headers["X-Target-Environment"] = x_target_environment

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/disbursement/token/",
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> AccessToken | None:
    if response.status_code == 200:
        response_200 = AccessToken.from_dict(body)

        return response_200

    documented = [
        (200, 200),
        (400, 400),
        (401, 401),
        (403, 403),
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
) -> Response[AccessToken]:
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
    x_target_environment: str | Unset = UNSET,
) -> Response[AccessToken]:
    """Create an access token for the Disbursement API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Disbursement subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /disbursement/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken]
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
    x_target_environment: str | Unset = UNSET,
) -> AccessToken | None:
    """Create an access token for the Disbursement API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Disbursement subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /disbursement/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken
    """

    return sync_detailed(
        client=client,
        x_target_environment=x_target_environment,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> Response[AccessToken]:
    """Create an access token for the Disbursement API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Disbursement subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /disbursement/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken]
    """

    kwargs = _get_kwargs(
        x_target_environment=x_target_environment,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    x_target_environment: str | Unset = UNSET,
) -> AccessToken | None:
    """Create an access token for the Disbursement API

     Exchanges the API user and API key (`Authorization: Basic base64(apiUserId:apiKey)`)
    plus the Disbursement subscription key for an access token. Send no body, with
    `Content-Length: 0` (without it the gateway may answer 411 with an HTML page).

    Observed: 200 `{"access_token":"<JWT>","token_type":"access_token","expires_in":3600}`.
    `token_type` is the literal `access_token`, yet the token is sent as
    `Authorization: Bearer <access_token>`. The token lives 3600 s; reuse it until shortly
    before expiry instead of creating one per call. An expired token makes API calls answer
    401 with an empty body.

    Keep the trailing slash: `POST /disbursement/token` answers 302 to an internal address.

    Errors: wrong API user or key → 500 `{"error":"login_failed"}` (MTN's export says 401
    `{"error": ...}`); wrong subscription key → gateway 401.

    `X-Target-Environment` is optional on the legacy hosts and required by the new
    production platform (`momoapi.momo.africa`).

    Args:
        x_target_environment (str | Unset): `sandbox` or the production market; required by the
            new production platform only. Example: sandbox.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken
    """

    return (
        await asyncio_detailed(
            client=client,
            x_target_environment=x_target_environment,
        )
    ).parsed
