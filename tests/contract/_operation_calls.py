"""Drive any generated operation generically: sample arguments, a capturing transport, checks.

Private to tests/contract. Arguments come from the function's signature: parameter values from
the spec's examples (then a few realistic samples by name), request bodies from the schema's
examples through `Model.from_dict`. The injected httpx clients carry the credentials the
operation's security schemes ask for, as the wrapper's own httpx clients would.
"""

from __future__ import annotations

import base64
import copy
import importlib
import inspect
import re
import typing
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any
from uuid import UUID

import httpx
from momo_openapi_client import AuthenticatedClient, models
from momo_openapi_client.types import Response

from tests.contract.spec_validation import SpecOperation, default_server, resolve, spec_document
from tests.fixtures import FIXTURES, ResponseFixture

REFERENCE_ID = UUID("6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
# Fake credentials: shaped like the real ones, secret nowhere.
SUBSCRIPTION_KEY = "0123456789abcdef0123456789abcdef"
API_USER_BASIC = base64.b64encode(f"{REFERENCE_ID}:f1db798c98df4bcf83b538175893bbf0".encode())
BEARER_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSMjU2In0.e30.c2ln"

# Parameters whose spec schema has no example (and is not a UUID).
_SAMPLES_BY_NAME: Mapping[str, str] = {
    "pre_approval_id": "5f0d2c9e-8a41-4b7e-9c3d-2e6f1a7b8c90",
    "account_holder_msisdn": "46733123453",
    "notification_message": "Your order 6353636 has been delivered.",
}


class NoSample(LookupError):
    """No realistic value is known for a parameter or a required body field."""


def python_name(spec_name: str) -> str:
    """The generator's argument name for a spec parameter: X-Reference-Id -> x_reference_id."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", spec_name.replace("-", "_")).lower()


def generated_module(operation: SpecOperation) -> ModuleType:
    """momo_openapi_client.api.<tag>.<operation_id>."""
    return importlib.import_module(
        f"momo_openapi_client.api.{operation.tag}.{operation.operation_id}"
    )


def sample_parameter(operation: SpecOperation, name: str) -> str | UUID:
    """A realistic value for the parameter the generator calls `name`."""
    for parameter in operation.parameters:
        if python_name(parameter["name"]) != name:
            continue
        schema = resolve(parameter["schema"])
        if "example" in schema:
            return str(schema["example"])
        if schema.get("format") == "uuid":
            return REFERENCE_ID
    if name in _SAMPLES_BY_NAME:
        return _SAMPLES_BY_NAME[name]
    raise NoSample(f"{operation.operation_id}: no sample value for parameter {name!r}")


def sample_path(operation: SpecOperation) -> str:
    """The operation's path with every {parameter} filled with its sample value."""
    return re.sub(
        r"\{([^}]+)\}",
        lambda match: str(sample_parameter(operation, python_name(match.group(1)))),
        operation.path,
    )


def example_for(schema: Mapping[str, Any]) -> Any:
    """A value for `schema` from the spec's examples; NoSample if a required part has none."""
    schema = resolve(schema)
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    if "enum" in schema:
        return schema["enum"][0]
    if "properties" in schema:
        required = set(schema.get("required", ()))
        value: dict[str, Any] = {}
        for name, prop in schema["properties"].items():
            try:
                value[name] = example_for(prop)
            except NoSample:
                if name in required:
                    raise
        return value
    raise NoSample(f"no example for schema {schema.get('description', schema)!r}")


def request_body_model(operation: SpecOperation, model: type[Any]) -> Any:
    """The operation's request body as the generated model, built from the spec's examples."""
    media = operation.request_media_type
    assert media is not None, f"{operation.operation_id} takes no body"
    schema = media[1]["schema"]
    schema_name = str(schema["$ref"]).rsplit("/", 1)[-1]
    assert model.__name__ == schema_name, f"body model {model.__name__} is not {schema_name}"
    return model.from_dict(example_for(schema))


def build_arguments(
    operation: SpecOperation, function: Callable[..., Any], *, include_optional: bool
) -> dict[str, Any]:
    """Keyword arguments (without `client`) for a generated sync_detailed/asyncio_detailed."""
    hints = typing.get_type_hints(function)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        optional = parameter.default is not inspect.Parameter.empty
        if name == "client" or (optional and not include_optional):
            continue
        if name == "body":
            arguments[name] = request_body_model(operation, hints[name])
            continue
        value = sample_parameter(operation, name)
        arguments[name] = UUID(str(value)) if hints[name] is UUID else str(value)
    return arguments


def credential_headers(operation: SpecOperation) -> dict[str, str]:
    """The headers the operation's security schemes demand, with fake credentials."""
    schemes = spec_document()["components"]["securitySchemes"]
    headers: dict[str, str] = {}
    for name in sorted(operation.security_schemes):
        scheme = schemes[name]
        if scheme["type"] == "apiKey":
            headers[scheme["name"]] = SUBSCRIPTION_KEY
        elif scheme["scheme"] == "basic":
            headers["Authorization"] = f"Basic {API_USER_BASIC.decode()}"
        else:
            headers["Authorization"] = f"Bearer {BEARER_TOKEN}"
    return headers


class Exchange:
    """A mock MoMo: answers every request with one fixture and keeps what it was sent."""

    def __init__(self, answer: ResponseFixture) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer.to_httpx(request)

    @property
    def sent(self) -> httpx.Request:
        (request,) = self.requests
        return request


def make_client(exchange: Exchange, headers: Mapping[str, str]) -> AuthenticatedClient:
    """An AuthenticatedClient whose sync and async httpx clients both talk to `exchange`."""
    base_url = default_server()
    transport = httpx.MockTransport(exchange)
    client = AuthenticatedClient(base_url=base_url, token="unused")
    client.set_httpx_client(httpx.Client(base_url=base_url, transport=transport, headers=headers))
    client.set_async_httpx_client(
        httpx.AsyncClient(base_url=base_url, transport=transport, headers=headers)
    )
    return client


def call_sync(
    operation: SpecOperation, answer: ResponseFixture, *, include_optional: bool = True
) -> tuple[Response[Any], Exchange]:
    """Call the operation's sync_detailed against a mock answering `answer`."""
    function, arguments, client, exchange = _prepare(
        operation, answer, "sync_detailed", include_optional
    )
    with client:
        response: Response[Any] = function(client=client, **arguments)
    return response, exchange


async def call_async(
    operation: SpecOperation, answer: ResponseFixture, *, include_optional: bool = True
) -> tuple[Response[Any], Exchange]:
    """Call the operation's asyncio_detailed against a mock answering `answer`."""
    function, arguments, client, exchange = _prepare(
        operation, answer, "asyncio_detailed", include_optional
    )
    async with client:
        response: Response[Any] = await function(client=client, **arguments)
    return response, exchange


def _prepare(
    operation: SpecOperation, answer: ResponseFixture, flavour: str, include_optional: bool
) -> tuple[Callable[..., Any], dict[str, Any], AuthenticatedClient, Exchange]:
    function: Callable[..., Any] = getattr(generated_module(operation), flavour)
    arguments = build_arguments(operation, function, include_optional=include_optional)
    exchange = Exchange(answer)
    return function, arguments, make_client(exchange, credential_headers(operation)), exchange


def success_fixture(
    operation: SpecOperation, operations: Mapping[str, SpecOperation]
) -> ResponseFixture:
    """A registry fixture valid as the operation's success answer (same status and schema)."""
    status = operation.success_status
    shape = operation.response_schema(status)
    for item in FIXTURES.values():
        owner = operations[item.operation_id]
        if item.status == status and owner.response_schema(status) == shape:
            return item
    raise LookupError(f"no fixture for {operation.operation_id} {status}")


def assert_parsed_as_specified(
    operation: SpecOperation, answer: ResponseFixture, parsed: object
) -> None:
    """The generated client parsed a 2xx `answer` into the spec's model, losing nothing, and
    left an error answer unparsed (the caller maps it from status, headers and content)."""
    schema = operation.response_schema(answer.status)
    if not 200 <= answer.status < 300:
        assert parsed is None, f"{answer.name}: an error body parsed to {parsed!r}"
        return
    if schema is None:
        assert parsed is None, f"{answer.name}: a body-less status parsed to {parsed!r}"
        return
    _assert_matches(schema, parsed, answer.json(), answer.name)


def _assert_matches(schema: Mapping[str, Any], parsed: object, wire: Any, label: str) -> None:
    if schema.get("type") == "array":
        assert isinstance(parsed, list), f"{label}: parsed to {type(parsed).__name__}, not list"
        assert len(parsed) == len(wire), f"{label}: {len(parsed)} items, the body has {len(wire)}"
        for item, wire_item in zip(parsed, wire, strict=True):
            _assert_matches(schema["items"], item, wire_item, label)
        return
    alternatives = schema.get("oneOf", [schema])
    classes = tuple(_model(alternative) for alternative in alternatives)
    assert isinstance(parsed, classes), (
        f"{label}: parsed to {type(parsed).__name__}, expected {[c.__name__ for c in classes]}"
    )
    # to_dict() keeps unknown keys (additional_properties), so a lossless parse gives the wire.
    assert parsed.to_dict() == wire, f"{label}: {type(parsed).__name__}.to_dict() differs"


def _model(schema: Mapping[str, Any]) -> type[Any]:
    name = str(schema["$ref"]).rsplit("/", 1)[-1]
    model: type[Any] = getattr(models, name)
    return model
