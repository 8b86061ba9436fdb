"""The callback URL the client sends as ``X-Callback-Url``, and its parsing on the way back.

MoMo's callback body carries no ``referenceId`` (api-behaviour §8), so the URL is what
identifies the transaction: ``{callback_base_url}/{product}/{operation}/{reference_id}``. The
base may have a path of its own (``https://shop.example/momo/callbacks``), which may hold a
secret segment; the receiver can then require that exact prefix so a callback without the
secret is a 404.
"""

from __future__ import annotations

import hmac
import urllib.parse
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from .._errors import MomoValidationError
from .._validation import (
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


class CallbackPath(NamedTuple):
    """What a callback URL's last three path segments say."""

    product: str
    operation: str
    reference_id: str


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


def path_prefix_of(base: str) -> str:
    """The path part of a callback base URL, normalised: ``'https://a.b/momo/'`` -> ``'/momo'``.

    A bare path is accepted as well.
    """
    path = urllib.parse.urlsplit(base).path if "://" in base else base.split("?", 1)[0]
    return "/" + path.strip("/") if path.strip("/") else ""


def parse_callback_path(path: str, *, prefix: str | None = None) -> CallbackPath:
    """Read ``(product, operation, reference_id)`` from a callback request path.

    ``prefix`` (a path or the whole ``callback_base_url``) makes the path match exactly
    ``{prefix}/{product}/{operation}/{reference_id}``; without it, any prefix is accepted. A query
    string and one trailing slash are ignored. Raises :class:`MomoValidationError` (``field`` is
    ``"path"``) when the path is not a callback path.
    """
    text = require_str(path, "path", "/momo/collection/request_to_pay/<uuid>")
    text = text.split("?", 1)[0]
    if text.endswith("/"):
        text = text[:-1]
    head, *segments = text.rsplit("/", 3)
    if len(segments) != 3 or not all(segments):
        raise MomoValidationError("path", "does not end in /{product}/{operation}/{reference_id}.")
    if prefix is not None and not _same_text(head, path_prefix_of(prefix)):
        raise MomoValidationError("path", "does not start with the expected callback prefix.")
    product_text, operation_text, reference_text = segments
    try:
        product = validate_product(product_text)
        operation = validate_operation(product, operation_text)
        reference_id = validate_reference_id(reference_text)
    except MomoValidationError as err:
        # Name the bad segment but never echo it: the path comes from whoever sent the request.
        raise MomoValidationError("path", f"the {err.field} segment is not valid.") from None
    return CallbackPath(product, operation, reference_id)


def _same_text(actual: str, expected: str) -> bool:
    # The prefix may hold a secret token: compare in constant time.
    return hmac.compare_digest(actual.encode("utf-8"), expected.encode("utf-8"))
