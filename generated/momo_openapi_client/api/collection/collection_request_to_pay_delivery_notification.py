# Generated from spec/momo.openapi.yaml by openapi-python-client with the templates in
# spec/templates/. Do not edit: change the spec or a template, then run `nox -s generate`.
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_notification import DeliveryNotification
from ...types import UNSET, Response, Unset


def _get_kwargs(
    reference_id: UUID,
    *,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["X-Target-Environment"] = x_target_environment

    if not isinstance(notification_message, Unset):
        headers["notificationMessage"] = notification_message

    if not isinstance(language, Unset):
        headers["Language"] = language

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/collection/v1_0/requesttopay/{reference_id}/deliverynotification".format(
            reference_id=quote(str(reference_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response, body: Any
) -> Any | None:
    if response.status_code == 200:
        return None

    if response.status_code == 202:
        return None

    documented = [
        (200, 200),
        (202, 202),
        (400, 400),
        (401, 401),
        (403, 403),
        (404, 404),
        (409, 409),
        (410, 410),
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
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[Any]:
    """Send the payer a notification about a completed request to pay

     Sends the payer an extra notification (e.g. a delivery confirmation) about a successful
    request to pay.

    Observed: the JSON body `{"notificationMessage": "..."}` alone works and answers 200
    with an empty body (202 was seen on other products). MTN's export also marks a
    `notificationMessage` header as required; it is optional here.

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        notification_message (str | Unset): Optional copy of the message as a header (max 160
            characters).
        language (str | Unset): ISO 639-1 or 639-3 language code for the notification template.
            Example: en.
        body (DeliveryNotification): A notification to send to the payer of a request to pay.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
        body=body,
        x_target_environment=x_target_environment,
        notification_message=notification_message,
        language=language,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Any | None:
    """Send the payer a notification about a completed request to pay

     Sends the payer an extra notification (e.g. a delivery confirmation) about a successful
    request to pay.

    Observed: the JSON body `{"notificationMessage": "..."}` alone works and answers 200
    with an empty body (202 was seen on other products). MTN's export also marks a
    `notificationMessage` header as required; it is optional here.

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        notification_message (str | Unset): Optional copy of the message as a header (max 160
            characters).
        language (str | Unset): ISO 639-1 or 639-3 language code for the notification template.
            Example: en.
        body (DeliveryNotification): A notification to send to the payer of a request to pay.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return sync_detailed(
        reference_id=reference_id,
        client=client,
        body=body,
        x_target_environment=x_target_environment,
        notification_message=notification_message,
        language=language,
    ).parsed


async def asyncio_detailed(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[Any]:
    """Send the payer a notification about a completed request to pay

     Sends the payer an extra notification (e.g. a delivery confirmation) about a successful
    request to pay.

    Observed: the JSON body `{"notificationMessage": "..."}` alone works and answers 200
    with an empty body (202 was seen on other products). MTN's export also marks a
    `notificationMessage` header as required; it is optional here.

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        notification_message (str | Unset): Optional copy of the message as a header (max 160
            characters).
        language (str | Unset): ISO 639-1 or 639-3 language code for the notification template.
            Example: en.
        body (DeliveryNotification): A notification to send to the payer of a request to pay.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any]
    """

    kwargs = _get_kwargs(
        reference_id=reference_id,
        body=body,
        x_target_environment=x_target_environment,
        notification_message=notification_message,
        language=language,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Any | None:
    """Send the payer a notification about a completed request to pay

     Sends the payer an extra notification (e.g. a delivery confirmation) about a successful
    request to pay.

    Observed: the JSON body `{"notificationMessage": "..."}` alone works and answers 200
    with an empty body (202 was seen on other products). MTN's export also marks a
    `notificationMessage` header as required; it is optional here.

    Args:
        reference_id (UUID): The X-Reference-Id sent when the resource was created.
        x_target_environment (str): `sandbox`, or the production market such as `mtnuganda`.
            Example: sandbox.
        notification_message (str | Unset): Optional copy of the message as a header (max 160
            characters).
        language (str | Unset): ISO 639-1 or 639-3 language code for the notification template.
            Example: en.
        body (DeliveryNotification): A notification to send to the payer of a request to pay.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any
    """

    return (
        await asyncio_detailed(
            reference_id=reference_id,
            client=client,
            body=body,
            x_target_environment=x_target_environment,
            notification_message=notification_message,
            language=language,
        )
    ).parsed
