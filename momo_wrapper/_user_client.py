"""Sending through the user's own httpx client (``MomoClient(config, http_client=...)``).

The SDK keeps its own httpx client, with its auth, headers, timeouts and response limits, and
hands each finished request to the user's client through its public ``send``: the user's
transport, proxies, TLS settings, connection pool and event hooks carry it. Nothing of the user's
client is changed; its own auth is not applied (``auth=None``: the SDK's token is already on the
request) and redirects stay unfollowed. It is not closed by the SDK: it is the caller's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx


def _passed_on(
    response: httpx.Response, stream: httpx.SyncByteStream | httpx.AsyncByteStream
) -> httpx.Response:
    # The body as received (still encoded): the SDK's client decodes it once, after the limits.
    return httpx.Response(
        response.status_code,
        headers=response.headers.raw,
        stream=stream,
        extensions=response.extensions,
    )


class _RawBody(httpx.SyncByteStream):
    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        yield from self._response.iter_raw()

    def close(self) -> None:
        self._response.close()


class _AsyncRawBody(httpx.AsyncByteStream):
    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._response.aiter_raw():
            yield chunk

    async def aclose(self) -> None:
        await self._response.aclose()


class SendThrough(httpx.BaseTransport):
    """A transport that sends with ``client.send`` (the user's :class:`httpx.Client`)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.client.send(request, stream=True, auth=None, follow_redirects=False)
        return _passed_on(response, _RawBody(response))

    def close(self) -> None:
        """The user's client stays open: it is theirs."""


class AsyncSendThrough(httpx.AsyncBaseTransport):
    """A transport that sends with ``client.send`` (the user's :class:`httpx.AsyncClient`)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.client.send(request, stream=True, auth=None, follow_redirects=False)
        return _passed_on(response, _AsyncRawBody(response))

    async def aclose(self) -> None:
        """The user's client stays open: it is theirs."""
