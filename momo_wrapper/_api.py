"""The one module that imports the generated client (``momo_openapi_client``).

Everything else in momo_wrapper reaches MoMo through :data:`ENDPOINTS`, keyed by operationId and
read from the generated package itself, so an operation added to spec/ needs no line here, and
one retired from it fails when it is called, naming it (:class:`RetiredOperationError`), rather
than making ``import momo_wrapper`` fail. The operation names are read from the generated
package's file listing, and an operation's module is imported at its first lookup: a program
that makes one kind of call never imports the other fifty-odd modules.
The wrapper calls only the ``*_detailed`` functions: they return the status code, headers and
raw body next to the parsed model (the templates in spec/templates parse 2xx bodies only, so an
error body reaches the wrapper's error mapping untouched). Request bodies are the generated
models, built through their typed constructors in ``_products``: a misspelt field is a type
error, not a key MoMo silently ignores.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable, Iterator, Mapping
from types import ModuleType
from typing import Any, Protocol, get_type_hints

import attrs
import httpx
import momo_openapi_client.api
from momo_openapi_client import AuthenticatedClient
from momo_openapi_client.errors import UnexpectedBody
from momo_openapi_client.models import (
    ApiUser,
    BcAuthorizeRequest,
    CancelInvoice,
    CashTransfer,
    CreateInvoice,
    CreatePayment,
    DeliveryNotification,
    Money,
    OAuth2TokenRequest,
    Party,
    PreApproval,
    Refund,
    RequestToPay,
    Transfer,
)
from momo_openapi_client.models.access_type import ACCESS_TYPE_VALUES, AccessType
from momo_openapi_client.models.party_id_type import check_party_id_type
from momo_openapi_client.models.payer_identification_type import (
    PAYER_IDENTIFICATION_TYPE_VALUES,
    PayerIdentificationType,
)
from momo_openapi_client.types import UNSET, Unset

__all__ = [
    "ACCESS_TYPE_VALUES",
    "ENDPOINTS",
    "OPERATIONS",
    "PAYER_IDENTIFICATION_TYPE_VALUES",
    "UNSET",
    "AccessType",
    "ApiUser",
    "AuthenticatedClient",
    "BcAuthorizeRequest",
    "CancelInvoice",
    "CashTransfer",
    "CreateInvoice",
    "CreatePayment",
    "DeliveryNotification",
    "DetailedResponse",
    "Endpoint",
    "Money",
    "OAuth2TokenRequest",
    "Party",
    "PayerIdentificationType",
    "PreApproval",
    "Refund",
    "RequestToPay",
    "RetiredOperationError",
    "Transfer",
    "UnexpectedBody",
    "Unset",
    "WireBody",
    "check_party_id_type",
    "generated_client",
]


class WireBody(Protocol):
    """A generated request-body model."""

    def to_dict(self) -> dict[str, Any]: ...


class _WireModel(Protocol):
    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Any: ...


class DetailedResponse(Protocol):
    """What every generated ``*_detailed`` function returns."""

    status_code: int
    content: bytes
    headers: Any
    parsed: Any
    body: Any
    """The decoded JSON of a 2xx JSON body (``parsed`` was built from it), else None."""


@attrs.frozen
class Endpoint:
    """One generated operation: its two detailed functions and its request-body model."""

    name: str
    sync: Callable[..., DetailedResponse]
    asyncio: Callable[..., Awaitable[DetailedResponse]]
    body_model: type[_WireModel] | None = None

    def arguments(self, args: Mapping[str, Any], body: WireBody | None) -> dict[str, Any]:
        """Keyword arguments for the generated function, the body model included."""
        kwargs = dict(args)
        if self.body_model is not None:
            if not isinstance(body, self.body_model):
                kind = type(body).__name__
                raise TypeError(f"{self.name} takes a {self.body_model.__name__} body, not {kind}")
            kwargs["body"] = body
        return kwargs

    def body_from_dict(self, data: Mapping[str, Any]) -> WireBody | None:
        """The body model again from its ``to_dict()`` (what a ledger stores)."""
        if self.body_model is None:
            return None
        body: WireBody = self.body_model.from_dict(data)
        return body


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


class _Endpoints(Mapping[str, Endpoint]):
    """Every generated operation by operationId, each module imported at its first lookup."""

    def __init__(self, modules: Mapping[str, str]) -> None:
        self._modules = dict(modules)  # operationId -> the module that defines it
        self._resolved: dict[str, Endpoint] = {}

    def __getitem__(self, name: str) -> Endpoint:
        endpoint = self._resolved.get(name)
        if endpoint is not None:
            return endpoint
        module = self._modules.get(name)
        if module is None:
            # A retired operation fails here, when it is called, naming it; never at import.
            raise RetiredOperationError(
                f"{name} is not an operation of the generated client: it was removed from "
                "spec/ or renamed. Remove or rename the wrapper's use of it."
            )
        # Two threads may build it at once: both get equal endpoints, and the first one is kept.
        return self._resolved.setdefault(name, _endpoint(importlib.import_module(module)))

    def get(self, name: str, default: Any = None) -> Any:
        # Like a dict's: a name that is not an operation gives the default, not an error.
        return self[name] if name in self._modules else default

    def __contains__(self, name: object) -> bool:
        return name in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


def _generated_modules() -> dict[str, str]:
    """operationId -> module name, from the package listing: ``iter_modules`` reads the
    directories and imports none of the operation modules."""
    found: dict[str, str] = {}
    for tag in pkgutil.iter_modules(momo_openapi_client.api.__path__):
        package = importlib.import_module(f"momo_openapi_client.api.{tag.name}")
        for module in pkgutil.iter_modules(package.__path__):
            found[module.name] = f"{package.__name__}.{module.name}"
    return found


#: Every operation of the generated client (one module per operationId), by operationId.
ENDPOINTS: Mapping[str, Endpoint] = _Endpoints(_generated_modules())

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
