"""Authentication of every request: an ``httpx.Auth`` per product client.

By path: the token endpoints (``/{product}/token/``, ``/{product}/oauth2/token/``) get Basic
credentials; sandbox provisioning (``/v1_0/apiuser...``) only the subscription key; consent
userinfo the caller's consent token; everything else the product's cached access token. So the
bearer never reaches a token endpoint. Every request gets the product's subscription key.

Access tokens come from a shared :class:`TokenCache` (single flight: concurrent callers on a cold
cache make one token request). A 401 on an API call invalidates that token, fetches once and
replays once; a 401 that blames the subscription key is not retried, a new token cannot fix it.

The token request itself goes through the generated ``*_create_access_token`` operation on the
same client, so it shares the transport, timeouts and faults of every other call.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import functools
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any, NamedTuple

import httpx

from ._api import ENDPOINTS, AuthenticatedClient, Endpoint
from ._clock import Clock
from ._config import MomoConfig, ProductCredentials
from ._errors import MomoValidationError, error_from_response
from ._flows import Reply
from ._observe import Observer
from ._outcomes import reply_after, reply_from
from ._tokens import AccessToken, TokenCache, TokenKey, parse_token_response

SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key"
TOKEN_OPERATION = "create_access_token"


class RequestOptions(NamedTuple):
    """What one call sends differently from the client's defaults, for the auth flow to read."""

    consent_token: str | None = None
    """The consent (oauth2) token for a userinfo call."""
    subscription_key: str | None = None
    """A subscription key chosen for one provisioning call, overriding the client's."""
    timeout: float | None = None
    """Seconds that bound each attempt of the call (``timeout=`` / ``with_options``)."""


NO_OPTIONS = RequestOptions()

REQUEST_OPTIONS: ContextVar[RequestOptions] = ContextVar("momo_request_options", default=NO_OPTIONS)
"""The options of the call being sent in this thread or task: one variable, so a call sets and
resets one value rather than three."""


@functools.lru_cache(maxsize=16)
def _timeout_items(timeout: float) -> tuple[tuple[str, float | None], ...]:
    return tuple(httpx.Timeout(timeout).as_dict().items())


def _timeout_extension(timeout: float) -> dict[str, float | None]:
    """httpx's timeout extension for ``timeout``; a fresh dict each time, built from one cached
    ``httpx.Timeout`` per value, since few timeouts are ever used."""
    return dict(_timeout_items(timeout))


class Route(enum.Enum):
    TOKEN = "token"
    PROVISIONING = "provisioning"
    CONSENT = "consent"
    API = "api"


def route_of(path: str) -> Route:
    if path.endswith("/token/") or path.endswith("/token"):
        return Route.TOKEN
    if "/v1_0/apiuser" in path:
        return Route.PROVISIONING
    if path.endswith("/oauth2/v1_0/userinfo"):
        return Route.CONSENT
    return Route.API


def basic_credentials(credentials: ProductCredentials) -> str:
    raw = f"{credentials.api_user}:{credentials.api_key}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _is_token_rejection(response: httpx.Response) -> bool:
    """A 401 caused by the bearer (expired, revoked), not by the subscription key."""
    if response.status_code != 401:
        return False
    return b"subscription key" not in response.content.lower()


def _bear(request: httpx.Request, token: AccessToken) -> None:
    request.headers["Authorization"] = f"Bearer {token.value}"


class ProductAuth(httpx.Auth):
    """Auth for one product's client (``product`` is ``None`` for the provisioning client)."""

    requires_response_body = True

    def __init__(
        self,
        *,
        config: MomoConfig,
        product: str | None,
        cache: TokenCache,
        clock: Clock,
        observer: Observer | None = None,
    ) -> None:
        self._observer = observer
        self._config = config
        self._product = product
        self._credentials = config.credentials_for(product) if product else None
        self._cache = cache
        self._clock = clock
        self._client: AuthenticatedClient | None = None
        # Built once: every request of this product looks its token up under it.
        self._key = (
            TokenKey(config.base_url, product, self._credentials.api_user)
            if product and self._credentials
            else None
        )

    def bind(self, client: AuthenticatedClient) -> None:
        """The generated client that fetches this product's tokens (it uses this auth too)."""
        self._client = client

    @property
    def _token_key(self) -> TokenKey:
        assert self._key is not None
        return self._key

    # -- what both drivers share --------------------------------------------------------------

    def _prepared(self, request: httpx.Request) -> Route:
        """Add what every request carries (subscription key, attempt timeout); its route."""
        options = REQUEST_OPTIONS.get()
        self._add_subscription_key(request, options.subscription_key)
        timeout = options.timeout
        if timeout is not None:
            # httpx reads each request's timeouts from this public extension.
            request.extensions["timeout"] = _timeout_extension(timeout)
        return route_of(request.url.path)

    def _authorize_other(self, request: httpx.Request, route: Route) -> None:
        """The Authorization of a request that is not an API call: Basic credentials for the
        token endpoints, the caller's consent token for userinfo, none for provisioning."""
        if route is Route.TOKEN:
            request.headers["Authorization"] = basic_credentials(self._require_credentials())
        elif route is Route.CONSENT:
            consent = REQUEST_OPTIONS.get().consent_token
            if consent:
                request.headers["Authorization"] = f"Bearer {consent}"

    def _add_subscription_key(self, request: httpx.Request, key: str | None) -> None:
        """``key`` (this call's override), else the product's, else the provisioning one."""
        if key is None and self._credentials is not None:
            key = self._credentials.subscription_key
        if key is None:
            key = self._config.provisioning_subscription_key
        if key is None:
            raise MomoValidationError(
                "provisioning_subscription_key",
                "no subscription key for sandbox provisioning.",
                "Set MOMO_PROVISIONING_SUBSCRIPTION_KEY or pass subscription_key=.",
            )
        request.headers[SUBSCRIPTION_KEY_HEADER] = key

    def _require_credentials(self) -> ProductCredentials:
        if self._credentials is None:
            raise MomoValidationError(
                "product", "the provisioning client has no API user to get a token with."
            )
        return self._credentials

    # -- drivers --------------------------------------------------------------------------------

    # An API call gets the product's cached token, and on a token rejection (401) one fresh
    # token and one replay. Only the token lookup differs between the two drivers.

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        route = self._prepared(request)
        if route is Route.API:
            token = self._token(None)
            _bear(request, token)
            response = yield request
            # These drivers replace httpx.Auth's, which honour requires_response_body;
            # without this a streamed 401 (any real socket) fails in _is_token_rejection.
            response.read()
            if _is_token_rejection(response):
                token = self._token(token)
                _bear(request, token)
                (yield request).read()
            return
        self._authorize_other(request, route)
        (yield request).read()

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        route = self._prepared(request)
        if route is Route.API:
            token = await self._atoken(None)
            _bear(request, token)
            response = yield request
            await response.aread()  # as in sync_auth_flow
            if _is_token_rejection(response):
                token = await self._atoken(token)
                _bear(request, token)
                await (yield request).aread()
            return
        self._authorize_other(request, route)
        await (yield request).aread()

    def _token(self, stale: AccessToken | None) -> AccessToken:
        if stale is not None:
            self._cache.invalidate(self._token_key, stale)
        fetch = self._fetch if stale is None else self._refetch
        return self._cache.get_or_fetch(self._token_key, fetch)

    async def _atoken(self, stale: AccessToken | None) -> AccessToken:
        if stale is not None:
            self._cache.invalidate(self._token_key, stale)
        afetch = self._afetch if stale is None else self._arefetch
        return await self._cache.aget_or_fetch(self._token_key, afetch)

    def _watch(self, refresh: bool) -> AbstractContextManager[object]:
        if self._observer is None:
            return contextlib.nullcontext()
        return self._observer.token(self._product, refresh=refresh)

    def _refetch(self) -> AccessToken:
        return self._fetch(refresh=True)

    async def _arefetch(self) -> AccessToken:
        return await self._afetch(refresh=True)

    def _fetch(self, refresh: bool = False) -> AccessToken:
        endpoint = self._token_endpoint()
        with self._watch(refresh):
            try:
                reply = reply_from(endpoint.sync(client=self._client, **self._token_args()))
            except Exception as exc:
                reply = self._reply_after(exc)
            return self._read_token(reply)

    async def _afetch(self, refresh: bool = False) -> AccessToken:
        endpoint = self._token_endpoint()
        with self._watch(refresh):
            try:
                reply = reply_from(
                    await endpoint.asyncio(client=self._client, **self._token_args())
                )
            except Exception as exc:
                reply = self._reply_after(exc)
            return self._read_token(reply)

    def _token_endpoint(self) -> Endpoint:
        assert self._client is not None, "bind() the generated client first"
        return ENDPOINTS[f"{self._product}_{TOKEN_OPERATION}"]

    def _token_args(self) -> dict[str, Any]:
        return {"x_target_environment": self._config.target_environment}

    def _reply_after(self, exc: Exception) -> Reply:
        return reply_after(
            exc,
            product=self._product or "",
            operation=TOKEN_OPERATION,
            reference_id=None,
            base_url=self._config.base_url,
            token=True,
        )

    def _read_token(self, reply: Reply) -> AccessToken:
        now = self._clock.time()
        if reply.status_code == 200:
            token = parse_token_response(
                reply.content,
                now=now,
                product=self._product,
                operation=TOKEN_OPERATION,
                base_url=self._config.base_url,
            )
            # From now on the token is scrubbed from every error body and log line.
            self._config.secrets.add(token.value)
            return token
        raise error_from_response(
            reply.status_code,
            reply.headers,
            reply.content,
            product=self._product,
            operation=TOKEN_OPERATION,
            base_url=self._config.base_url,
            secrets=self._config.secrets,
            now=now,
        )
