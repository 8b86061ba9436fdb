"""Access tokens (api-behaviour §3) and the consent (CIBA) flow (api-behaviour §7)."""

from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import parse_qs

from ._bodies import basic_user_info, consent_user_info, momo_timestamp
from ._call import Call
from ._model import ApiUser, IssuedToken
from ._state import SandboxState
from ._wire import SandboxResponse, empty, momo_json

_NO_STORE = (("Cache-Control", "no-store"), ("Pragma", "no-cache"))
CIBA_GRANT = "urn:openid:params:grant-type:ciba"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def basic_user(state: SandboxState, call: Call) -> ApiUser | None:
    """The API user named by a valid `Authorization: Basic base64(user:key)`."""
    header = call.header("authorization") or ""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user_id, _, api_key = decoded.partition(":")
    user = state.users.get(user_id.lower())
    if user is None or user.api_key is None or user.api_key != api_key:
        return None
    return user


def bearer_token(state: SandboxState, call: Call, kind: str) -> IssuedToken | None:
    """A live token of `kind` issued for this product, or None (MoMo: 401, empty body)."""
    header = call.header("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    token = state.tokens.get(value.strip())
    if token is None or token.kind != kind or token.product != call.product:
        return None
    if call.now >= token.expires_at:
        return None
    return token


def _jwt(state: SandboxState, user_id: str, expires_at: float) -> str:
    # Same shape as the live token: non-standard "R256" alg, zone-less `expires`.
    header = _b64url(b'{"typ":"JWT","alg":"R256"}')
    claims = {
        "clientId": user_id,
        "expires": momo_timestamp(expires_at),
        "sessionId": state.uuid4(),
    }
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}.{_b64url(state.rng.randbytes(256))}"


def _login_failed(call: Call) -> SandboxResponse:
    return momo_json(500, {"error": "login_failed"}, call.now, _NO_STORE)


def create_access_token(state: SandboxState, call: Call) -> SandboxResponse:
    assert call.product is not None
    if call.body:
        # MTN's common-error page: a body on an API that takes none -> 400.
        return empty(400, call.now)
    user = basic_user(state, call)
    if user is None:
        return _login_failed(call)
    lifetime = state.settings.token_lifetime
    expires_at = call.now + lifetime
    token = _jwt(state, user.user_id, expires_at)
    state.tokens[token] = IssuedToken(call.product, user.user_id, expires_at)
    state.tokens_issued[call.product] += 1
    body = {"access_token": token, "token_type": "access_token", "expires_in": lifetime}
    return momo_json(200, body, call.now, _NO_STORE)


def token_without_slash(state: SandboxState, call: Call) -> SandboxResponse:
    """`POST /{product}/token` (no slash): 302 to an internal address, empty body."""
    return empty(302, call.now, (("Location", state.settings.token_redirect_location),))


def _form(call: Call) -> dict[str, str]:
    try:
        parsed = parse_qs(call.body.decode(), keep_blank_values=True)
    except UnicodeDecodeError:
        return {}
    return {key: values[0] for key, values in parsed.items()}


def bc_authorize(state: SandboxState, call: Call) -> SandboxResponse:
    """Collection's spec says Bearer, disbursement/remittance say Basic: accept either."""
    assert call.product is not None
    token = bearer_token(state, call, "access")
    user_id = token.user_id if token is not None else None
    if user_id is None:
        user = basic_user(state, call)
        if user is None:
            return empty(401, call.now)
        user_id = user.user_id
    form = _form(call)
    hint, scope = form.get("login_hint", ""), form.get("scope", "")
    if not scope or not hint.startswith("ID:") or "/" not in hint:
        return empty(400, call.now)
    auth_req_id = state.uuid4()
    msisdn = hint[3:].partition("/")[0]
    state.auth_requests[auth_req_id] = IssuedToken(
        call.product, user_id, call.now + 120, kind="auth_req", scope=scope, msisdn=msisdn
    )
    return momo_json(200, {"auth_req_id": auth_req_id, "interval": 5, "expires_in": 120}, call.now)


def create_oauth2_token(state: SandboxState, call: Call) -> SandboxResponse:
    assert call.product is not None
    user = basic_user(state, call)
    if user is None:
        return _login_failed(call)
    form = _form(call)
    request = state.auth_requests.get(form.get("auth_req_id", ""))
    if (
        form.get("grant_type") != CIBA_GRANT
        or request is None
        or request.user_id != user.user_id
        or request.product != call.product
        or call.now >= request.expires_at
    ):
        return momo_json(400, {"error": "invalid_grant"}, call.now, _NO_STORE)
    lifetime = state.settings.token_lifetime
    token = _jwt(state, user.user_id, call.now + lifetime)
    state.tokens[token] = IssuedToken(
        call.product,
        user.user_id,
        call.now + lifetime,
        kind="oauth2",
        scope=request.scope,
        msisdn=request.msisdn,
    )
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": request.scope,
        "refresh_token": state.uuid4(),
        "refresh_token_expired_in": 86400,
    }
    return momo_json(200, body, call.now, _NO_STORE)


def user_info_with_consent(_state: SandboxState, call: Call) -> SandboxResponse:
    token = call.token
    assert token is not None
    # scope=profile answers with the basic shape (api-behaviour §7, JSDOC).
    if "all_info" in token.scope.split():
        return momo_json(200, consent_user_info(call.now), call.now)
    return momo_json(200, basic_user_info(call.now), call.now)
