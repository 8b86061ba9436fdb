"""The callback URL the client sends as ``X-Callback-Url``:
``{callback_base_url}/{product}/{operation}/{reference_id}``.

Built by the product namespaces, so it lives in the core; :mod:`momo_wrapper.callbacks` parses
it on the way back and re-exports these names.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from types import MappingProxyType

from ._errors import MomoValidationError
from ._validation import (
    require_str,
    validate_callback_url,
    validate_product,
    validate_reference_id,
)

CALLBACK_OPERATIONS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "collection": (
            "request_to_pay",
            "request_to_withdraw",
            "request_to_withdraw_v2",
            "invoice",
            "pre_approval",
            "payment",
        ),
        "disbursement": ("transfer", "deposit", "deposit_v2", "refund", "refund_v2"),
        "remittance": ("transfer", "cash_transfer"),
    }
)
"""The create operations that take an ``X-Callback-Url``, per product."""


def validate_operation(product: str, operation: object, *, field: str = "operation") -> str:
    """A create operation of ``product`` that can call back (see :data:`CALLBACK_OPERATIONS`)."""
    text = require_str(operation, field, "request_to_pay").strip().lower()
    known = CALLBACK_OPERATIONS[product]
    if text not in known:
        raise MomoValidationError(
            field,
            f"{text!r} is not a {product} operation that calls back.",
            f"Use one of {', '.join(known)}.",
        )
    return text


def callback_url(base: str, product: str, operation: str, reference_id: str) -> str:
    """``{base}/{product}/{operation}/{reference_id}``, every part validated.

    >>> callback_url("https://shop.example/momo/", "collection", "request_to_pay",
    ...              "6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")
    'https://shop.example/momo/collection/request_to_pay/6b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
    """
    text = validate_callback_url(base, field="callback_base_url")
    if urllib.parse.urlsplit(text).query:
        raise MomoValidationError(
            "callback_base_url",
            "must not contain a query string: the SDK appends /{product}/{operation}/{id}.",
            "Move the value into the path, e.g. https://shop.example/momo/<token>.",
        )
    name = validate_product(product)
    return (
        f"{text.rstrip('/')}/{name}/{validate_operation(name, operation)}/"
        f"{validate_reference_id(reference_id)}"
    )
