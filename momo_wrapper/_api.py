"""The one module that imports the generated client (``momo_openapi_client``).

Everything else in momo_wrapper reaches MoMo through :data:`ENDPOINTS`, keyed by operationId and
read from the generated package itself, so an operation added to spec/ needs no line here, and
one retired from it fails when it is called, naming it (:class:`RetiredOperationError`), rather
than making ``import momo_wrapper`` fail.
The wrapper calls only the ``*_detailed`` functions: they return the status code, headers and
raw body next to the parsed model, which the wrapper needs to map errors itself (a 202 and an
undocumented status both parse to ``None``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable, Mapping
from types import ModuleType
from typing import Any, Protocol, get_type_hints

import attrs
import httpx
import momo_openapi_client.api
from momo_openapi_client import AuthenticatedClient

__all__ = [
    "ENDPOINTS",
    "OPERATIONS",
    "AuthenticatedClient",
    "DetailedResponse",
    "Endpoint",
    "RetiredOperationError",
    "generated_client",
]


class _WireModel(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Any: ...


class DetailedResponse(Protocol):
    """What every generated ``*_detailed`` function returns."""

    status_code: int
    content: bytes
    headers: Any
    parsed: Any


@attrs.frozen
class Endpoint:
    """One generated operation: its two detailed functions and its request-body model."""

    name: str
    sync: Callable[..., DetailedResponse]
    asyncio: Callable[..., Awaitable[DetailedResponse]]
    body_model: type[_WireModel] | None = None

    def arguments(self, args: Mapping[str, Any], body: Mapping[str, Any] | None) -> dict[str, Any]:
        """Keyword arguments for the generated function: the body dict becomes its model."""
        kwargs = dict(args)
        if self.body_model is not None:
            kwargs["body"] = self.body_model.from_dict(body or {})
        return kwargs


def _endpoint(module: ModuleType) -> Endpoint:
    # The body model is the generated function's own annotation: nothing to keep in step by hand.
    body = get_type_hints(module.sync_detailed).get("body")
    return Endpoint(
        name=module.__name__.rsplit(".", 1)[-1],
        sync=module.sync_detailed,
        asyncio=module.asyncio_detailed,
        body_model=body if isinstance(body, type) else None,
    )


class RetiredOperationError(LookupError):
    """The wrapper asked for an operation the generated client no longer has."""


class _Endpoints(dict[str, Endpoint]):
    def __missing__(self, name: str) -> Endpoint:
        # A retired operation fails here, when it is called, naming it; never at import.
        raise RetiredOperationError(
            f"{name} is not an operation of the generated client: it was removed from spec/ "
            "or renamed. Remove or rename the wrapper's use of it."
        )


def _generated_modules() -> list[ModuleType]:
    tags = pkgutil.iter_modules(momo_openapi_client.api.__path__)
    packages = [importlib.import_module(f"momo_openapi_client.api.{tag.name}") for tag in tags]
    return [
        importlib.import_module(f"{package.__name__}.{module.name}")
        for package in packages
        for module in pkgutil.iter_modules(package.__path__)
    ]


#: Every operation of the generated client (one module per operationId), by operationId.
ENDPOINTS: Mapping[str, Endpoint] = _Endpoints(
    (endpoint.name, endpoint) for endpoint in map(_endpoint, _generated_modules())
)

OPERATIONS: tuple[str, ...] = tuple(sorted(ENDPOINTS))
"""The operationId of every operation of the API the wrapper reaches, sorted."""


def generated_client(
    base_url: str,
    *,
    httpx_client: httpx.Client | None = None,
    async_httpx_client: httpx.AsyncClient | None = None,
) -> AuthenticatedClient:
    """A generated client that sends through the wrapper's own httpx clients.

    The generated ``AuthenticatedClient`` would bake one static bearer token into its headers;
    the wrapper's clients carry an auth flow instead, so the token given here is never sent.
    """
    client = AuthenticatedClient(base_url=base_url, token="")
    if httpx_client is not None:
        client.set_httpx_client(httpx_client)
    if async_httpx_client is not None:
        client.set_async_httpx_client(async_httpx_client)
    return client
