"""Every property of every documented success body maps to an attribute of the result the SDK
returns for it, or is in IGNORED with the reason. A new response field in spec/ fails here until
the result exposes it (or it is consciously ignored)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_type_hints

import attrs
import yaml

import momo_wrapper as momo
from momo_wrapper._api import ENDPOINTS
from momo_wrapper._operations import TRANSACTIONS
from momo_wrapper._products._reads import Read

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "put", "post", "delete", "patch"}

#: The results of the operations that are neither a transaction's status read nor a row of the
#: read table, by operationId without its product prefix.
RESULTS: dict[str, type] = {
    "bc_authorize": momo.BcAuthorization,
    "create_oauth2_token": momo.ConsentToken,
    "get_user_info_with_consent": momo.ConsentUserInfo,
    "create_access_token": momo.AccessToken,
    "create_api_key": momo.ApiKey,
    "get_api_user": momo.ApiUser,
}
PRODUCTS: dict[str, type] = {
    "collection": momo.Collection,
    "disbursement": momo.Disbursement,
    "remittance": momo.Remittance,
}


def read_rows(product: str) -> dict[str, Read[..., Any]]:
    """The read table's rows of one product, by the operation they call."""
    cls = PRODUCTS.get(product)
    rows = [getattr(cls, name) for name in dir(cls)] if cls else []
    return {row.endpoint: row for row in rows if isinstance(row, Read)}


#: (result class, wire property) -> the attribute that carries it under another name.
RENAMED: dict[tuple[str, str], str] = {
    ("AccessToken", "access_token"): "value",
    ("AccessToken", "expires_in"): "expires_at",  # made absolute when the token arrives
    ("AccountHolderStatus", "result"): "active",
    ("InvoiceStatus", "errorReason"): "reason",
    ("CashTransferStatus", "orginatingCountry"): "originating_country",  # MTN's misspelling
    ("CashTransferStatus", "payerSurName"): "payer_surname",
}

#: (result class, wire property): why the result has no attribute for it (it stays in ``raw``).
IGNORED: dict[tuple[str, str], str] = {
    ("AccessToken", "token_type"): "always Bearer; the SDK sends it as such",
    ("ConsentToken", "refresh_token_expired_in"): "MoMo issues no refresh flow the SDK drives",
}


def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(
        (ROOT / "spec" / "momo.openapi.yaml").read_text(encoding="utf-8")
    )
    return spec


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def success_properties() -> dict[str, set[str]]:
    """operationId -> the properties of its 2xx JSON body (items' properties for a list)."""
    spec = _spec()
    found: dict[str, set[str]] = {}
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status, response in operation["responses"].items():
                content = _resolve(spec, response).get("content")
                if not status.startswith("2") or not content:
                    continue
                (media_type,) = content.values()
                schema = _resolve(spec, media_type["schema"])
                if schema.get("type") == "array":
                    schema = _resolve(spec, schema["items"])
                found.setdefault(operation["operationId"], set()).update(
                    schema.get("properties", {})
                )
    return found


def result_of(operation_id: str) -> type:
    product, _, name = operation_id.partition("_")
    for row in TRANSACTIONS:
        if product in row.products and name == row.status_endpoint:
            return row.result
    read = read_rows(product).get(name)
    if read is None:
        return RESULTS[name]
    return momo.Record if read.result is None else type_of(read.result)


def type_of(result: object) -> type:
    assert isinstance(result, type), result
    return result


def _generated_fields(operation_id: str) -> set[str]:
    """A :class:`Record`'s fields: those of the generated 2xx model it is read from."""
    returned = get_type_hints(ENDPOINTS[operation_id].sync)["return"]  # Response[Model]
    (model,) = get_args(returned)
    for candidate in get_args(model) or (model,):  # a list read: list[Model]
        if attrs.has(candidate):
            return set(attrs.fields_dict(candidate))
    return set()


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _attributes(cls: type) -> set[str]:
    names = {n for n in dir(cls) if not n.startswith("_")}
    if attrs.has(cls):
        names |= set(attrs.fields_dict(cls))
    return names


def unmapped(properties: dict[str, set[str]]) -> list[str]:
    missing = []
    for operation_id, names in sorted(properties.items()):
        cls = result_of(operation_id)
        attributes = _generated_fields(operation_id) if cls is momo.Record else _attributes(cls)
        for name in sorted(names):
            key = (cls.__name__, name)
            if key in IGNORED:
                continue
            if RENAMED.get(key, _snake(name)) not in attributes:
                missing.append(f"{operation_id}: {cls.__name__} has no attribute for {name!r}")
    return missing


def test_every_success_body_property_maps_to_a_result_attribute() -> None:
    properties = success_properties()
    assert len(properties) >= 30
    assert unmapped(properties) == []


def test_every_renamed_or_ignored_property_is_still_in_the_spec() -> None:
    documented = {
        (result_of(operation_id).__name__, name)
        for operation_id, names in success_properties().items()
        for name in names
    }
    assert set(RENAMED) | set(IGNORED) <= documented


def test_a_new_response_field_is_caught() -> None:
    properties = success_properties()
    properties["collection_get_request_to_pay_status"].add("completedTime")
    assert unmapped(properties) == [
        "collection_get_request_to_pay_status: RequestToPayStatus has no attribute for "
        "'completedTime'"
    ]
