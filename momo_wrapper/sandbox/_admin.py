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
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._wire import GATEWAY_JSON, SandboxResponse, dump_json, raw

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


def handle(sandbox: Sandbox, method: str, path: str, body: bytes) -> SandboxResponse:
    now = sandbox.clock.now()
    try:
        return _route(sandbox, method, path.removeprefix("/_sandbox"), body, now)
    except (ValueError, TypeError, KeyError) as exc:
        return _answer(400, {"error": f"{type(exc).__name__}: {exc}"}, now)


def _route(sandbox: Sandbox, method: str, path: str, body: bytes, now: float) -> SandboxResponse:
    if (method, path) == ("GET", "/state"):
        return _answer(200, sandbox.snapshot(), now)
    if (method, path) == ("GET", "/requests"):
        return _answer(200, [record.to_dict() for record in sandbox.requests], now)
    if (method, path) == ("GET", "/callbacks"):
        deliveries = [
            {
                "product": item.product,
                "operation": item.operation,
                "reference_id": item.reference_id,
                "url": item.url,
                "method": item.method,
                "copy": item.copy,
                "lost": item.lost,
                "scheduled_at": item.scheduled_at,
                "body": item.json(),
            }
            for item in sandbox.callbacks
        ]
        return _answer(200, deliveries, now)
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
