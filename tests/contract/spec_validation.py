"""Validate MoMo traffic against spec/momo.openapi.yaml, for any test suite.

    from tests.contract.spec_validation import SpecViolation, validate_request, validate_response

    validate_request(request)                                  # an httpx.Request, as sent
    validate_response("get", "/collection/v1_0/account/balance", 200, headers, body)
    validate_httpx_response(response)                          # an httpx.Response with .request

Each helper returns None when the traffic matches the spec and raises SpecViolation (an
AssertionError, so pytest reports it as a failed check) when it does not. The spec is parsed
once per process, on first use.

The host is ignored: the spec's servers are MTN's real hosts, while tests talk to loopback or to a
mock transport, so every request is validated as though it went to the spec's first server. The
path, method, headers, security headers, body and content type are what is checked.

Messages name the failing parameter, field and rule, never a header or body value: validated
traffic carries subscription keys, Basic credentials and tokens.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.exceptions import OpenAPIError
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "momo.openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class SpecViolation(AssertionError):
    """Traffic that spec/momo.openapi.yaml does not allow."""


@dataclass(frozen=True, eq=False)  # identity: one object per operation
class SpecOperation:
    """One operation of the spec, with the pieces tests need to call and check it."""

    operation_id: str
    tag: str
    method: str  # lower case, as in the spec
    path: str  # the template, e.g. /collection/v1_0/requesttopay/{referenceId}
    definition: Mapping[str, Any]  # the raw operation object ($refs unresolved)

    @property
    def security_schemes(self) -> frozenset[str]:
        """Names of the security schemes of the operation's (single) requirement."""
        requirements = self.definition.get("security", [])
        return frozenset(name for requirement in requirements for name in requirement)

    @property
    def parameters(self) -> tuple[Mapping[str, Any], ...]:
        """The operation's parameters with their $refs resolved."""
        return tuple(resolve(p) for p in self.definition.get("parameters", ()))

    @property
    def request_media_type(self) -> tuple[str, Mapping[str, Any]] | None:
        """(content type, media type object) of the request body, or None without a body."""
        body = self.definition.get("requestBody")
        if body is None:
            return None
        ((content_type, media_type),) = resolve(body)["content"].items()
        return content_type, media_type

    def response(self, status: int) -> Mapping[str, Any]:
        """The response object declared for `status`, $ref resolved (KeyError if undeclared)."""
        return cast(Mapping[str, Any], resolve(self.definition["responses"][str(status)]))

    def response_schema(self, status: int) -> Mapping[str, Any] | None:
        """The JSON schema ($refs kept) of the response at `status`; None when it has no body."""
        content = self.response(status).get("content")
        if not content:
            return None
        (media_type,) = content.values()
        return cast(Mapping[str, Any], media_type["schema"])

    @property
    def success_status(self) -> int:
        """The lowest 2xx status the operation declares."""
        return min(int(s) for s in self.definition["responses"] if s.startswith("2"))


def spec_document() -> Mapping[str, Any]:
    """The parsed spec (a plain dict, shared: do not mutate)."""
    return _spec_document()


def spec_operations() -> Mapping[str, SpecOperation]:
    """Every operation of the spec, by operationId, in spec order."""
    return _spec_operations()


def default_server() -> str:
    """The spec's first server URL (the sandbox), used as the host of every validated call."""
    return str(spec_document()["servers"][0]["url"])


def resolve(node: Any) -> Any:
    """Follow local `$ref`s (`#/components/...`) until a non-reference node is reached."""
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec_document()
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def validate_request(request: httpx.Request) -> None:
    """Raise SpecViolation unless `request` (as httpx would send it) is allowed by the spec.

    Requests built by httpx clients from `json=`, `data=` or `content=` bytes are ready as they
    are; a request streamed from an async iterator must be `await request.aread()` first.
    """
    try:
        _openapi().validate_request(_HttpxRequest(request))
    except OpenAPIError as exc:
        # `from None`: openapi-core's own messages embed header and body values (secrets).
        raise SpecViolation(
            f"request {request.method} {request.url.path}: {_describe(exc)}"
        ) from None


def validate_response(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
) -> None:
    """Raise SpecViolation unless the spec allows this response to `method path`.

    `path` is the concrete URL path (a full URL is accepted; its host and query are ignored).
    The content type is read from `headers` (case-insensitive); an absent one means none.
    """
    url_path = urlsplit(path).path
    request = _BareRequest(default_server(), url_path, method.lower())
    response = _Response(status, Headers(list(headers.items())), body)
    try:
        _openapi().validate_response(request, response)
    except OpenAPIError as exc:
        raise SpecViolation(
            f"response {status} to {method.upper()} {url_path}: {_describe(exc)}"
        ) from None


def validate_httpx_response(response: httpx.Response) -> None:
    """validate_response for an httpx.Response, using the request it answers.

    A streamed async response must be `await response.aread()` first.
    """
    request = response.request
    validate_response(
        request.method,
        request.url.path,
        response.status_code,
        dict(response.headers),
        response.read(),
    )


# ---- openapi-core adapters ---------------------------------------------------------------------


class _HttpxRequest:
    """An httpx.Request seen through openapi-core's Request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self.host_url = default_server()
        self.path = request.url.path
        self.method = request.method.lower()
        self.body: bytes | None = request.read()
        self.content_type = request.headers.get("content-type", "")
        query = parse_qs(request.url.query.decode("ascii"), keep_blank_values=True)
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(_flatten(query))),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(),
        )


def _flatten(query: Mapping[str, list[str]]) -> Iterator[tuple[str, str]]:
    for name, values in query.items():
        for value in values:
            yield name, value


@dataclass
class _BareRequest:
    """Just enough of a request for openapi-core to find the operation a response answers."""

    host_url: str
    path: str
    method: str
    body: bytes | None = None
    content_type: str = ""

    def __post_init__(self) -> None:
        self.parameters = RequestParameters()


@dataclass
class _Response:
    status_code: int
    headers: Headers
    data: bytes

    @property
    def content_type(self) -> str:
        return str(self.headers.get("Content-Type", ""))


# ---- error messages without values -------------------------------------------------------------


def _describe(exc: BaseException) -> str:
    """The exception chain as `Type: detail <- Cause: detail`, without any header/body value."""
    parts: list[str] = []
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        parts.append(_describe_one(node))
        node = node.__cause__ or _openapi_context(node)
    return " <- ".join(parts)


def _openapi_context(exc: BaseException) -> BaseException | None:
    """The exception `exc` was raised while handling, if it is openapi-core's own."""
    context = exc.__context__
    if exc.__suppress_context__ or not isinstance(context, OpenAPIError):
        return None  # e.g. werkzeug's KeyError behind a missing header: noise
    return context


def _describe_one(exc: BaseException) -> str:
    name = type(exc).__name__
    schema_errors = getattr(exc, "schema_errors", None)
    if schema_errors is not None:
        return f"{name}: " + "; ".join(_describe_schema_error(e) for e in schema_errors)
    if hasattr(exc, "value"):
        # Deserialising and casting errors print the raw value: keep only where it failed.
        keys = ("location", "name", "mimetype", "style", "type")
        details = ", ".join(f"{k}={getattr(exc, k)}" for k in keys if hasattr(exc, k))
        return f"{name}({details})"
    cause = exc.__cause__
    if cause is not None and str(cause) and str(cause) in str(exc):
        return name  # its message only repeats the cause, which is described next
    return f"{name}: {exc}" if str(exc) else name


def _describe_schema_error(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    keyword = error.validator
    if keyword == "required" and isinstance(error.instance, Mapping):
        missing = [key for key in error.validator_value if key not in error.instance]
        return f"{where}: missing required {missing}"
    if keyword in ("oneOf", "anyOf"):
        alternatives = sorted({_describe_schema_error(sub) for sub in error.context or ()})
        return f"{where}: matches no {keyword} alternative ({' | '.join(alternatives)})"
    return f"{where}: fails {keyword}={error.validator_value!r}"


# ---- the one parse -----------------------------------------------------------------------------


@functools.cache
def _spec_document() -> Mapping[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return cast(Mapping[str, Any], yaml.load(handle, Loader=loader))


@functools.cache
def _openapi() -> OpenAPI:
    return OpenAPI.from_dict(cast(dict[str, Any], _spec_document()))


@functools.cache
def _spec_operations() -> Mapping[str, SpecOperation]:
    operations: dict[str, SpecOperation] = {}
    for path, item in spec_document()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                definition = item[method]
                operation_id = definition["operationId"]
                (tag,) = definition["tags"]
                operations[operation_id] = SpecOperation(
                    operation_id, tag, method, path, definition
                )
    return operations
