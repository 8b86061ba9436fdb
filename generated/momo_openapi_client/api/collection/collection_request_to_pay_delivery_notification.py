from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delivery_notification import DeliveryNotification
from ...models.gateway_error import GatewayError
from ...models.momo_error import MomoError
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
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | GatewayError | MomoError | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

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
        response_409 = cast(Any, None)
        return response_409

    if response.status_code == 410:
        response_410 = cast(Any, None)
        return response_410

    if response.status_code == 429:
        response_429 = cast(Any, None)
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
    reference_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DeliveryNotification,
    x_target_environment: str,
    notification_message: str | Unset = UNSET,
    language: str | Unset = UNSET,
) -> Response[Any | GatewayError | MomoError]:
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
        Response[Any | GatewayError | GatewayError | MomoError | MomoError]
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
) -> Any | GatewayError | MomoError | None:
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
        Any | GatewayError | GatewayError | MomoError | MomoError
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
) -> Response[Any | GatewayError | MomoError]:
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
        Response[Any | GatewayError | GatewayError | MomoError | MomoError]
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
) -> Any | GatewayError | MomoError | None:
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
        Any | GatewayError | GatewayError | MomoError | MomoError
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
