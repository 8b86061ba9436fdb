"""Call any spec operation on the local sandbox with plain httpx, and check both directions.

    world = ContractWorld(sandbox, client)          # client: in-process transport or real port
    call = world.valid_call(operation)              # runs what the call needs first (a create...)
    response = world.send(call)                     # validates request and response against spec/

A valid call is built from the spec: the operation's security schemes pick the credentials, its
header parameters get sample values, its path parameters the resource the call needs (created
first, by the create the spec's links name), and its request body comes from the spec's own
examples (`example_for`, shared with tests/contract). Error cases derive from a valid call by
changing one thing (`CallSpec.with_headers`, `with_content`, `with_path`, `with_json_changes`).

Every response the world receives, prerequisites included, is checked with `validate_response`.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import httpx

from momo_wrapper.sandbox import PRODUCTS, Sandbox, SandboxCredentials
from tests.contract._operation_calls import example_for
from tests.contract.spec_validation import (
    SpecOperation,
    SpecViolation,
    resolve,
    spec_document,
    spec_operations,
    validate_request,
    validate_response,
)

CALLBACK_HOST = "127.0.0.1"
CALLBACK_URL = f"http://{CALLBACK_HOST}/momo/callback"
#: Any party id outside the test-MSISDN table settles SUCCESSFUL at once.
SUCCESS_PARTY = "56733123453"
#: Test MSISDNs (api-behaviour §6) and the status each gives a transaction read at once.
PARTY_OUTCOMES: Mapping[str, str] = {
    SUCCESS_PARTY: "SUCCESSFUL",
    "46733123453": "PENDING",  # ongoing: SUCCESSFUL after 30 virtual seconds
    "46733123451": "FAILED",  # APPROVAL_REJECTED
    "46733123454": "CREATED",  # stays CREATED
}

#: Pre-approval ids come from the list of approved pre-approvals, not from a link.
PRE_APPROVAL_CREATE = "collection_create_pre_approval"
PRE_APPROVAL_READERS = ("collection_get_approved_pre_approvals", "collection_cancel_pre_approval")
#: A refund needs a payment to refund; its outcome follows that payment's party.
REFUNDED_BY = "collection_request_to_pay"
_PARTY_KEYS = ("payer", "payee", "intendedPayer")
_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")


def linked_creates(operation_id: str) -> list[str]:
    """The creates whose X-Reference-Id the operation's `{referenceId}` takes (spec links)."""
    return _linked_creates().get(operation_id, [])


@functools.cache
def _linked_creates() -> dict[str, list[str]]:
    sources: dict[str, list[str]] = {}
    for operation in spec_operations().values():
        for response in operation.definition["responses"].values():
            for link in resolve(response).get("links", {}).values():
                if link["parameters"].get("referenceId") == "$request.header.X-Reference-Id":
                    sources.setdefault(link["operationId"], []).append(operation.operation_id)
    return sources


def product_of(operation: SpecOperation) -> str:
    """The product whose subscription key the operation takes (provisioning: any; collection)."""
    return operation.tag if operation.tag in PRODUCTS else PRODUCTS[0]


def basic_authorization(user_id: str, api_key: str) -> str:
    return "Basic " + base64.b64encode(f"{user_id}:{api_key}".encode()).decode()


def is_create(operation: SpecOperation) -> bool:
    """A call whose X-Reference-Id names a new resource (201/202): 409 when reused."""
    return "X-Reference-Id" in header_parameters(operation) and operation.success_status in (
        201,
        202,
    )


def header_parameters(operation: SpecOperation) -> dict[str, Mapping[str, Any]]:
    return {p["name"]: p for p in operation.parameters if p["in"] == "header"}


def path_parameters(operation: SpecOperation) -> dict[str, Mapping[str, Any]]:
    return {p["name"]: p for p in operation.parameters if p["in"] == "path"}


def request_body_example(operation: SpecOperation) -> tuple[str, dict[str, Any]] | None:
    """(content type, body) built from the spec's examples, or None if the call takes no body."""
    media = operation.request_media_type
    if media is None:
        return None
    content_type, media_type = media
    return content_type, example_for(media_type["schema"])


def encode_body(content_type: str, body: Mapping[str, Any]) -> bytes:
    if content_type == "application/x-www-form-urlencoded":
        return urlencode(body).encode()
    return json.dumps(body).encode()


@dataclass(frozen=True)
class CallSpec:
    """One concrete request for an operation, before it is sent."""

    operation: SpecOperation
    path: str
    headers: Mapping[str, str]
    content: bytes = b""

    @property
    def method(self) -> str:
        return self.operation.method.upper()

    @property
    def product(self) -> str:
        return product_of(self.operation)

    def with_headers(self, changes: Mapping[str, str | None]) -> CallSpec:
        """A copy with headers set, or removed where the new value is None."""
        headers = {k: v for k, v in self.headers.items() if k not in changes}
        headers.update({k: v for k, v in changes.items() if v is not None})
        return replace(self, headers=headers)

    def with_content(self, content: bytes) -> CallSpec:
        return replace(self, content=content)

    def with_path(self, path: str) -> CallSpec:
        return replace(self, path=path)

    def with_json_changes(self, change: Mapping[str, Any]) -> CallSpec:
        """A copy whose JSON body has `change` merged in (nested dicts merged, not replaced)."""
        return self.with_content(json.dumps(_merge(json.loads(self.content), change)).encode())


def _merge(target: dict[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(target)
    for key, value in change.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass
class ContractWorld:
    """A sandbox, a plain httpx client talking to it, and the credentials calls need."""

    sandbox: Sandbox
    client: httpx.Client
    #: Every exchange sent so far, in order: (operation id, request, response).
    log: list[tuple[str, httpx.Request, httpx.Response]] = field(default_factory=list)
    _credentials: dict[str, SandboxCredentials] = field(default_factory=dict)
    _tokens: dict[str, str] = field(default_factory=dict)

    # -- credentials -------------------------------------------------------------------------

    def credentials(self, product: str) -> SandboxCredentials:
        if product not in self._credentials:
            self._credentials[product] = self.sandbox.provision(
                product, callback_host=CALLBACK_HOST
            )
        return self._credentials[product]

    def subscription_key(self, product: str) -> str:
        return self.sandbox.subscription_keys[product]

    def basic(self, product: str) -> str:
        creds = self.credentials(product)
        return basic_authorization(creds.user_id, creds.api_key)

    def access_token(self, product: str) -> str:
        """A fresh token per world and product, fetched through the spec's token operation."""
        if product not in self._tokens:
            response = self.send(self.valid_call(operation(f"{product}_create_access_token")))
            assert response.status_code == 200, response.status_code
            self._tokens[product] = response.json()["access_token"]
        return self._tokens[product]

    def auth_req_id(self, product: str) -> str:
        response = self.send(self.valid_call(operation(f"{product}_bc_authorize")))
        assert response.status_code == 200, response.status_code
        return str(response.json()["auth_req_id"])

    def consent_token(self, product: str) -> str:
        response = self.send(self.valid_call(operation(f"{product}_create_oauth2_token")))
        assert response.status_code == 200, response.status_code
        return str(response.json()["access_token"])

    def security_headers(self, spec_operation: SpecOperation) -> dict[str, str]:
        """What the operation's security schemes ask for, with this world's credentials."""
        product = product_of(spec_operation)
        schemes = spec_document()["components"]["securitySchemes"]
        headers: dict[str, str] = {}
        for name in sorted(spec_operation.security_schemes):
            scheme = schemes[name]
            if scheme["type"] == "apiKey":
                headers[scheme["name"]] = self.subscription_key(product)
            elif scheme["scheme"] == "basic":
                headers["Authorization"] = self.basic(product)
            elif name == "consentToken":
                headers["Authorization"] = "Bearer " + self.consent_token(product)
            else:
                headers["Authorization"] = "Bearer " + self.access_token(product)
        return headers

    # -- building calls ----------------------------------------------------------------------

    def valid_call(self, spec_operation: SpecOperation, *, party: str = SUCCESS_PARTY) -> CallSpec:
        """A request the sandbox accepts, after creating what it reads (with `party`)."""
        resource = self._prerequisite(spec_operation, party)
        path = _PATH_PARAMETER.sub(
            lambda m: self._path_value(m.group(1), resource, party), spec_operation.path
        )
        headers = self.security_headers(spec_operation)
        headers.update(self._header_samples(spec_operation))
        content = b""
        example = request_body_example(spec_operation)
        if example is not None:
            content_type, body = example
            self._fill_body(spec_operation, body, party)
            headers["Content-Type"] = content_type
            content = encode_body(content_type, body)
        return CallSpec(spec_operation, path, headers, content)

    def create(self, operation_id: str, *, party: str = SUCCESS_PARTY) -> str:
        """Create a resource through the spec's create operation; its reference id."""
        call = self.valid_call(operation(operation_id), party=party)
        response = self.send(call)
        assert response.status_code == call.operation.success_status, response.status_code
        return call.headers["X-Reference-Id"]

    def _prerequisite(self, spec_operation: SpecOperation, party: str) -> str | None:
        """Create what the call reads; the id its path takes, if any."""
        operation_id = spec_operation.operation_id
        creates = linked_creates(operation_id)
        if creates:
            return self.create(creates[0], party=party)
        if operation_id in PRE_APPROVAL_READERS:
            self.create(PRE_APPROVAL_CREATE, party=party)
            if operation_id == "collection_cancel_pre_approval":
                listed = self.send(self.valid_call(operation(PRE_APPROVAL_READERS[0]), party=party))
                return str(listed.json()[0]["preApprovalId"])
        return None

    def _path_value(self, name: str, resource: str | None, party: str) -> str:
        if name in ("referenceId", "preApprovalId"):
            assert resource is not None, f"no resource for {{{name}}}"
            return resource
        if name == "currency":
            return self.sandbox.settings.currency
        if name == "accountHolderIdType":
            return "msisdn"
        if name in ("accountHolderId", "accountHolderMsisdn"):
            return party
        raise LookupError(f"no sample for path parameter {name!r}")

    def _header_samples(self, spec_operation: SpecOperation) -> dict[str, str]:
        samples: dict[str, str] = {}
        for name, parameter in header_parameters(spec_operation).items():
            if name == "X-Reference-Id":
                samples[name] = str(uuid.uuid4())
            elif name == "X-Target-Environment":
                samples[name] = self.sandbox.settings.target_environment
            elif name == "X-Callback-Url":
                samples[name] = CALLBACK_URL
            elif "example" in (schema := resolve(parameter["schema"])):
                samples[name] = str(schema["example"])
            elif parameter.get("required"):
                raise LookupError(f"no sample for required header {name!r}")
        return samples

    def _fill_body(self, spec_operation: SpecOperation, body: dict[str, Any], party: str) -> None:
        """Point the spec's example body at `party` and at resources of this world."""
        for key in _PARTY_KEYS:
            if isinstance(body.get(key), dict):
                body[key]["partyId"] = party
        if "customerReference" in body:
            body["customerReference"] = party  # a payment's outcome follows it
        if "referenceIdToRefund" in body:
            body["referenceIdToRefund"] = self.create(REFUNDED_BY, party=party)
        if "providerCallbackHost" in body:
            body["providerCallbackHost"] = CALLBACK_HOST
        if spec_operation.operation_id.endswith("_create_oauth2_token"):
            body["auth_req_id"] = self.auth_req_id(product_of(spec_operation))

    # -- sending -----------------------------------------------------------------------------

    def send(self, call: CallSpec, *, request_is_valid: bool = True) -> httpx.Response:
        """Send `call`; check the request (valid or not, as told) and the response."""
        request = self.client.build_request(
            call.method, call.path, headers=dict(call.headers), content=call.content
        )
        if request_is_valid:
            validate_request(request)
        else:
            assert_violation(lambda: validate_request(request))
        response = self.client.send(request)
        self.log.append((call.operation.operation_id, request, response))
        check_response(call.operation, response)
        return response


def operation(operation_id: str) -> SpecOperation:
    return spec_operations()[operation_id]


def assert_violation(check: Any) -> SpecViolation:
    try:
        check()
    except SpecViolation as violation:
        return violation
    raise AssertionError("spec/ accepted traffic it should reject")


def check_response(spec_operation: SpecOperation, response: httpx.Response) -> None:
    """validate_response, except for the two observed answers OpenAPI 3.0 cannot state.

    Both are named in the spec's prose, and tests/contract/test_responses.py pins that the
    validator rejects them for exactly this reason:

    - 500 with an EMPTY body to a POST sent without a body (api-behaviour §4, §9). The same status
      carries a MomoError otherwise; a response object has one `content` map, and openapi-core
      rejects an empty body wherever JSON is declared.
    - 302 from a token path without its trailing slash (api-behaviour §3): that path is not an
      operation, so the spec documents only the slash path, and says why.
    """
    request = response.request
    try:
        validate_response(
            request.method,
            request.url.path,
            response.status_code,
            dict(response.headers),
            response.content,
        )
    except SpecViolation as violation:
        if not _stated_in_prose(spec_operation, response, str(violation)):
            raise


def _stated_in_prose(spec_operation: SpecOperation, response: httpx.Response, why: str) -> bool:
    status, path = response.status_code, response.request.url.path
    if response.content:
        return False
    if status == 500 and "Missing response data" in why:
        return "empty body" in spec_operation.response(500)["description"]
    if status == 302 and "PathNotFound" in why and spec_operation.path == path + "/":
        return "302" in spec_operation.definition["description"]
    return False
