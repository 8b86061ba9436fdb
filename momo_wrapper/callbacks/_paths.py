"""The callback URL the client sends as ``X-Callback-Url`` (built in the core's
``_callback_urls``, re-exported here), and its parsing on the way back.

MoMo's callback body carries no ``referenceId`` (api-behaviour §8), so the URL is what
identifies the transaction: ``{callback_base_url}/{product}/{operation}/{reference_id}``. The
base may have a path of its own (``https://shop.example/momo/callbacks``), which may hold a
secret segment; the receiver can then require that exact prefix so a callback without the
secret is a 404.
"""

from __future__ import annotations

import hmac
import urllib.parse
from typing import NamedTuple

from .._callback_urls import CALLBACK_OPERATIONS, callback_url, validate_operation
from .._errors import MomoValidationError
from .._validation import require_str, validate_product, validate_reference_id

__all__ = [
    "CALLBACK_OPERATIONS",
    "CallbackPath",
    "callback_url",
    "parse_callback_path",
    "path_prefix_of",
    "validate_operation",
]


class CallbackPath(NamedTuple):
    """What a callback URL's last three path segments say."""

    product: str
    operation: str
    reference_id: str


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
