"""Admin endpoints under `/_sandbox/` so tests in another process can steer the sandbox.

GET    /_sandbox/state              everything inspectable (no secrets)
GET    /_sandbox/requests           the request log
GET    /_sandbox/callbacks          callbacks emitted (with bodies)
GET    /_sandbox/faults             active fault rules
POST   /_sandbox/faults             add one: {"kind": "status", "status": 503, "times": 2, ...}
DELETE /_sandbox/faults             clear all;  DELETE /_sandbox/faults/{id}  remove one
POST   /_sandbox/clock/advance      {"seconds": 30}
POST   /_sandbox/provision          {"product": "collection", "callback_host": "localhost"}
POST   /_sandbox/tokens/revoke      {"product": "collection"} (optional body)
POST   /_sandbox/reset              forget everything but keys and clock

For the page (`GET /_sandbox/ui/`, static files that need no token):
GET    /_sandbox/page               transactions, callbacks, faults, users, tokens, clock at once
POST   /_sandbox/transactions/{product}/{ref}/{action}   approve {"pin"}, decline,
                                    fail {"reason"}, expire
POST   /_sandbox/callbacks/{index}/redeliver              send callback #index again
POST   /_sandbox/callbacks/drop     {"count": N}: do not send the next N callbacks

With an admin token (`Sandbox(admin_token=...)`, required off loopback) every endpoint here but
the static page needs `X-Sandbox-Admin-Token: <token>`; a wrong or missing one gets 401.
"""

from __future__ import annotations

import hmac
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from ._callbacks import CallbackResult
from ._model import FINAL_STATUSES, PRODUCTS, Transaction
from ._payer import ACTIONS, FAILURE_REASONS, PAYER_KINDS, PayerActionError, act
from ._routes import OPERATIONS
from ._wire import GATEWAY_JSON, SandboxResponse, dump_json, raw

ADMIN_TOKEN_HEADER = "x-sandbox-admin-token"
_STATIC = {
    "/ui": ("index.html", "text/html; charset=utf-8"),
    "/ui/": ("index.html", "text/html; charset=utf-8"),
    "/ui/page.js": ("page.js", "text/javascript; charset=utf-8"),
    "/ui/page.css": ("page.css", "text/css; charset=utf-8"),
}
# No inline script, no other origin: the page's values can never become markup or code.
_PAGE_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
)
_ACTION_PATH = re.compile(
    r"/transactions/(?P<product>[a-z]+)/(?P<ref>[0-9a-fA-F-]{36})/(?P<act>\w+)"
)
_REDELIVER_PATH = re.compile(r"/callbacks/(?P<index>\d+)/redeliver")

if TYPE_CHECKING:
    from ._sandbox import Sandbox


def _answer(status: int, value: Any, now: float) -> SandboxResponse:
    return raw(status, dump_json(value), GATEWAY_JSON, now)


def _body(body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    value = json.loads(body)
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def _static(name: str, content_type: str, now: float) -> SandboxResponse:
    data = resources.files(__package__).joinpath("static", name).read_bytes()
    return raw(200, data, content_type, now, _PAGE_HEADERS)


def token_matches(expected: str | None, headers: dict[str, str]) -> bool:
    """True without a configured token, else when the header carries it (constant time)."""
    if expected is None:
        return True
    given = headers.get(ADMIN_TOKEN_HEADER, "")
    return hmac.compare_digest(given.encode(), expected.encode())


def handle(
    sandbox: Sandbox,
    method: str,
    path: str,
    body: bytes,
    headers: dict[str, str] | None = None,
    admin_token: str | None = None,
) -> SandboxResponse:
    now = sandbox.clock.now()
    path = path.removeprefix("/_sandbox")
    if method in ("GET", "HEAD") and path in _STATIC:
        return _static(*_STATIC[path], now)
    if not token_matches(admin_token, headers or {}):
        return _answer(401, {"error": "admin token missing or wrong (X-Sandbox-Admin-Token)"}, now)
    try:
        return _route(sandbox, method, path, body, now)
    except PayerActionError as exc:
        return _answer(exc.status, {"error": str(exc)}, now)
    except (ValueError, TypeError, KeyError) as exc:
        return _answer(400, {"error": f"{type(exc).__name__}: {exc}"}, now)


def _party(tx: Transaction) -> str | None:
    for key in ("payer", "payee", "intendedPayer"):
        party = tx.body.get(key)
        if isinstance(party, dict) and isinstance(party.get("partyId"), str):
            return str(party["partyId"])
    payee = tx.extra.get("payee")
    if isinstance(payee, dict) and isinstance(payee.get("partyId"), str):
        return str(payee["partyId"])
    customer = tx.body.get("customerReference")
    return customer if isinstance(customer, str) else None


def _money(tx: Transaction) -> tuple[Any, Any]:
    money = tx.body.get("money")
    if isinstance(money, dict):
        return money.get("amount"), money.get("currency")
    return tx.extra.get("amount"), tx.extra.get("currency")


def transaction_view(tx: Transaction, now: float) -> dict[str, Any]:
    status, reason = tx.state(now)
    updated = tx.extra.get("decided_at")
    if updated is None and tx.cancelled_at is not None and tx.cancelled_at <= now:
        updated = tx.cancelled_at
    if updated is None:
        updated = tx.settles_at if status in FINAL_STATUSES else tx.created_at
    amount, currency = _money(tx)
    return {
        "product": tx.product,
        "operation": tx.operation,
        "kind": tx.kind,
        "reference_id": tx.reference_id,
        "external_id": tx.body.get("externalId") or tx.body.get("externalTransactionId"),
        "amount": amount,
        "currency": currency,
        "party": _party(tx),
        "status": status,
        "reason": reason,
        "created_at": tx.created_at,
        "updated_at": updated,
        "post_count": tx.post_count,
        "payer_message": tx.body.get("payerMessage"),
        "payee_note": tx.body.get("payeeNote"),
        "callback_url": tx.callback_url,
        "payer_actionable": tx.kind in PAYER_KINDS and status not in FINAL_STATUSES,
    }


def _mask(secret: str | None) -> str | None:
    if not secret:
        return None
    return f"{secret[:4]}…{len(secret) - 4} more"


def callback_views(sandbox: Sandbox) -> list[dict[str, Any]]:
    results: dict[int, CallbackResult] = {}
    for result in list(getattr(sandbox.callback_sender, "results", ())):
        if isinstance(result, CallbackResult):
            results[id(result.delivery)] = result
    views = []
    for index, item in enumerate(sandbox.callbacks):
        result = results.get(id(item))
        views.append(
            {
                "index": index,
                "product": item.product,
                "operation": item.operation,
                "reference_id": item.reference_id,
                "url": item.url,
                "method": item.method,
                "copy": item.copy,
                "lost": item.lost,
                "note": item.note,
                "scheduled_at": item.scheduled_at,
                "body": item.json(),
                "response_status": None if result is None else result.status_code,
                "latency": None if result is None else result.latency,
                "error": None if result is None else result.error,
                "refused": None if result is None else result.refused,
            }
        )
    return views


def page_state(sandbox: Sandbox) -> dict[str, Any]:
    """Everything the page shows, in one read (no secret: API keys are masked)."""
    state = sandbox._state  # the admin API is part of the sandbox package
    with state.lock:
        now = sandbox.clock.now()
        transactions = [transaction_view(tx, now) for tx in state.transactions.values()]
        users = [
            {
                "user_id": user.user_id,
                "product": user.provisioned_with,
                "callback_host": user.callback_host,
                "api_key": _mask(user.api_key),
            }
            for user in state.users.values()
        ]
        token_requests = {product: state.token_requests[product] for product in PRODUCTS}
        tokens_issued = {product: state.tokens_issued[product] for product in PRODUCTS}
        drop_next = state.drop_next
    return {
        "now": now,
        "follows_real_time": sandbox.clock.follows_real_time,
        "transactions": transactions,
        "callbacks": callback_views(sandbox),
        "drop_next": drop_next,
        "faults": [rule.to_dict() for rule in sandbox.faults.rules],
        "users": users,
        "subscription_keys": {p: _mask(k) for p, k in sandbox.subscription_keys.items()},
        "token_requests": token_requests,
        "tokens_issued": tokens_issued,
        "failure_reasons": list(FAILURE_REASONS),
        "operations": sorted({operation for _, _, operation in OPERATIONS}),
        "actions": list(ACTIONS),
    }


def _route(sandbox: Sandbox, method: str, path: str, body: bytes, now: float) -> SandboxResponse:
    if (method, path) == ("GET", "/state"):
        return _answer(200, sandbox.snapshot(), now)
    if (method, path) == ("GET", "/requests"):
        return _answer(200, [record.to_dict() for record in sandbox.requests], now)
    if (method, path) == ("GET", "/callbacks"):
        return _answer(200, callback_views(sandbox), now)
    if (method, path) == ("GET", "/page"):
        return _answer(200, page_state(sandbox), now)
    if method == "POST" and (found := _ACTION_PATH.fullmatch(path)) is not None:
        tx = act(sandbox._state, found["product"], found["ref"], found["act"], _body(body))
        return _answer(200, transaction_view(tx, sandbox.clock.now()), now)
    if method == "POST" and (found := _REDELIVER_PATH.fullmatch(path)) is not None:
        with sandbox._state.lock:
            sandbox._state.redeliver(int(found["index"]))
        return _answer(200, {"redelivered": int(found["index"])}, now)
    if (method, path) == ("POST", "/callbacks/drop"):
        count = _body(body).get("count")
        if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 1000:
            raise ValueError("count must be an integer from 0 to 1000")
        with sandbox._state.lock:
            sandbox._state.drop_next = count
        return _answer(200, {"drop_next": count}, now)
    if path == "/faults":
        if method == "GET":
            return _answer(200, [rule.to_dict() for rule in sandbox.faults.rules], now)
        if method == "POST":
            return _answer(201, sandbox.faults.add_from_dict(_body(body)).to_dict(), now)
        if method == "DELETE":
            sandbox.faults.clear()
            return _answer(200, [], now)
    if method == "DELETE" and path.startswith("/faults/"):
        removed = sandbox.faults.remove(int(path.rpartition("/")[2]))
        return _answer(200 if removed else 404, {"removed": removed}, now)
    if (method, path) == ("POST", "/clock/advance"):
        sandbox.clock.advance(float(_body(body)["seconds"]))
        return _answer(200, {"now": sandbox.clock.now()}, now)
    if (method, path) == ("POST", "/provision"):
        spec = _body(body)
        credentials = sandbox.provision(
            spec.get("product", "collection"), callback_host=spec.get("callback_host", "localhost")
        )
        # The point of this endpoint is to hand out sandbox credentials; it is local-only.
        return _answer(
            201,
            {
                "product": credentials.product,
                "user_id": credentials.user_id,
                "api_key": credentials.api_key,
                "subscription_key": credentials.subscription_key,
                "callback_host": credentials.callback_host,
            },
            now,
        )
    if (method, path) == ("POST", "/tokens/revoke"):
        return _answer(200, {"revoked": sandbox.revoke_tokens(_body(body).get("product"))}, now)
    if (method, path) == ("POST", "/reset"):
        sandbox.reset()
        return _answer(200, {}, now)
    return _answer(404, {"error": "unknown admin endpoint"}, now)
