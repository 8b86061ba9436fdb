"""The per-request context handed to operation handlers, and the checks they share."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

import attrs

from ._model import ApiUser, IssuedToken
from ._state import SandboxState
from ._wire import SandboxResponse, momo_error

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_PARTY_TYPES = frozenset({"MSISDN", "EMAIL", "PARTY_CODE"})


@attrs.define(slots=True)
class Call:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    params: dict[str, str]
    product: str | None
    operation: str
    now: float
    token: IssuedToken | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def canonical_uuid(value: str | None) -> str | None:
    """Lower-cased UUID, or None if `value` is not one (MoMo answers 400, empty body)."""
    if value is None or len(value) != 36 or _UUID.fullmatch(value) is None:
        return None
    return value.lower()


def json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
        # A "\ud800"-style escape decodes to a lone surrogate, which no UTF-8 answer can carry:
        # accepting it would break every later status read of the resource (found by fuzzing).
        json.dumps(value, ensure_ascii=False).encode()
    except (ValueError, UnicodeError):
        return None
    return value if isinstance(value, dict) else None


def valid_party(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    kind, party_id = value.get("partyIdType"), value.get("partyId")
    if not isinstance(kind, str) or kind.upper() not in _PARTY_TYPES:
        return False
    if not isinstance(party_id, str) or not party_id.strip():
        return False
    # A non-numeric placeholder MSISDN such as "07XXXXXXXX" is rejected with 400 (LMM#37).
    return kind.upper() != "MSISDN" or party_id.removeprefix("+").isdigit()


def valid_text(state: SandboxState, value: Any) -> bool:
    """payerMessage/payeeNote rules from MTN's common-error page: <= 160 chars, no & or '."""
    if value is None:
        return True
    if not isinstance(value, str) or len(value) > 160:
        return False
    return not (state.settings.reject_special_characters and ("&" in value or "'" in value))


def host_of(value: str) -> str | None:
    """The host of a URL or of a bare `providerCallbackHost` such as "webhook.site"."""
    try:
        parts = urlsplit(value if "://" in value else "//" + value)
        return parts.hostname
    except ValueError:
        return None


def current_user(state: SandboxState, call: Call) -> ApiUser | None:
    return None if call.token is None else state.users.get(call.token.user_id)


def callback_url_error(state: SandboxState, call: Call) -> SandboxResponse | None:
    """500 INVALID_CALLBACK_URL_HOST when X-Callback-Url's host is not the user's."""
    url = call.header("x-callback-url")
    if not url:
        return None
    user = current_user(state, call)
    expected = None if user is None else host_of(user.callback_host)
    actual = host_of(url) if "://" in url else None
    if expected is None or actual is None or actual != expected.lower():
        return momo_error(
            500,
            "INVALID_CALLBACK_URL_HOST",
            "Callback URL does not match the configured value.",
            call.now,
        )
    return None
