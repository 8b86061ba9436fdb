"""The framework-neutral sandbox: state plus one `handle()` entry point for every adapter."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qs

import attrs

from . import _admin
from ._auth import bearer_token
from ._bodies import status_body
from ._call import Call
from ._callbacks import CallbackDelivery, CallbackSender, HttpCallbackSender
from ._clock import VirtualClock
from ._faults import FaultKind, FaultPlan, FaultRule
from ._model import (
    DEFAULT_TEST_OUTCOMES,
    PRODUCTS,
    SUCCESS,
    ApiUser,
    Outcome,
    RequestRecord,
    ResourceRecord,
    SandboxCredentials,
    Transaction,
)
from ._routes import UNROUTED_HEADER, Auth, Route, api_of, match
from ._state import SandboxSettings, SandboxState
from ._wire import (
    HTML,
    ReplyKind,
    SandboxReply,
    SandboxResponse,
    empty,
    gateway_error,
    lower_headers,
    momo_json,
    raw,
)

if TYPE_CHECKING:
    from ._asgi import SandboxASGIApp

_INVALID_KEY = (
    "Access denied due to invalid subscription key. "
    "Make sure to provide a valid key for an active subscription."
)
_MISSING_KEY = (
    "Access denied due to missing subscription key. "
    "Make sure to include subscription key when making requests to an API."
)
# What HTTP.sys (in front of APIM) answers to a body-less POST without Content-Length.
_LENGTH_REQUIRED = (
    b'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN""http://www.w3.org/TR/html4/strict.dtd">'
    b"\r\n<HTML><HEAD><TITLE>Length Required</TITLE>\r\n"
    b'<META HTTP-EQUIV="Content-Type" Content-Type="text/html; charset=us-ascii"></HEAD>\r\n'
    b"<BODY><h2>Length Required</h2>\r\n<hr><p>HTTP Error 411. The request must be chunked or"
    b" have a content length.</p>\r\n</BODY></HTML>\r\n"
)
_MOMO_FAULT_BODIES = {
    500: ("INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing."),
    503: ("SERVICE_UNAVAILABLE", "Service temporarily unavailable, try again later."),
}
_ANSWER_WITHOUT_PROCESSING = frozenset({FaultKind.REFUSE, FaultKind.RESET})


def _format_seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Sandbox:
    """A local, faithful MTN MoMo sandbox.

    One object holds all state; `handle()` is the only way requests get in. Adapters:
    `SandboxTransport` / `AsyncSandboxTransport` (in-process httpx), `asgi_app`, and
    `serve_sandbox()` (a real HTTP/1.1 server).
    """

    def __init__(
        self,
        *,
        subscription_keys: Mapping[str, str] | None = None,
        clock: VirtualClock | None = None,
        callback_sender: CallbackSender | None = None,
        outcomes: Mapping[str, Outcome] | None = None,
        default_outcome: Outcome = SUCCESS,
        ongoing_delay: float = 30.0,
        stuck_status: Literal["CREATED", "PENDING"] = "CREATED",
        token_lifetime: int = 3600,
        users_bound_to_product: bool = True,
        callback_copies: int = 1,
        balance: str = "1000",
        reject_special_characters: bool = True,
        admin_api: bool = True,
        seed: int | None = None,
        request_log_size: int = 100_000,
        admin_token: str | None = None,
        allow_remote_callbacks: bool = False,
    ) -> None:
        """
        Args:
            subscription_keys: product -> Ocp-Apim-Subscription-Key; missing ones are generated.
            clock: the virtual clock (default: frozen at the current time).
            callback_sender: delivers callbacks (default: `HttpCallbackSender`, real HTTP).
            outcomes: party id -> `Outcome`, merged over the test-MSISDN table.
            default_outcome: the outcome for any other party (SUCCESSFUL).
            ongoing_delay: virtual seconds before 46733123453 turns PENDING -> SUCCESSFUL.
            stuck_status: what 46733123454 shows forever.
            token_lifetime: access-token lifetime in seconds (`expires_in`).
            users_bound_to_product: an API user created with one product's key gets
                500 NOT_ALLOWED_TARGET_ENVIRONMENT on another product's calls.
            callback_copies: how many times each callback is delivered (0 = never).
            balance: `availableBalance` of every account.
            reject_special_characters: 400 for ``&`` or ``'`` in payer/payee texts.
            admin_api: serve the `/_sandbox/...` admin endpoints.
            seed: makes generated ids, keys and tokens reproducible.
            request_log_size: how many requests `requests` keeps.
            admin_token: when set, every `/_sandbox/...` endpoint but the page's static files
                needs the header ``X-Sandbox-Admin-Token: <token>`` (compared in constant
                time). A server on a non-loopback host requires one.
            allow_remote_callbacks: the default sender sends callbacks only to loopback hosts;
                True lets it send anywhere. A refused callback is listed with its reason.
        """
        keys = dict(subscription_keys or {})
        unknown = set(keys) - set(PRODUCTS)
        if unknown:
            raise ValueError(f"unknown products: {sorted(unknown)}")
        table = dict(DEFAULT_TEST_OUTCOMES)
        table["46733123453"] = attrs.evolve(table["46733123453"], settle_after=ongoing_delay)
        table["46733123454"] = Outcome(stuck_status)
        table.update(outcomes or {})
        settings = SandboxSettings(
            token_lifetime=token_lifetime,
            users_bound_to_product=users_bound_to_product,
            callback_copies=callback_copies,
            balance=balance,
            outcomes=table,
            default_outcome=default_outcome,
            reject_special_characters=reject_special_characters,
            admin_api=admin_api,
        )
        self._clock = clock or VirtualClock()
        self._state = SandboxState(
            settings,
            self._clock,
            callback_sender or HttpCallbackSender(allow_remote=allow_remote_callbacks),
            {},
            seed,
            request_log_size,
        )
        for product in PRODUCTS:
            keys.setdefault(product, self._state.hex_key())
        self._state.subscription_keys = keys
        self._state.product_by_key = {key: product for product, key in keys.items()}
        self._clock.add_listener(self._state.run_due)
        self._asgi: SandboxASGIApp | None = None
        if admin_token is not None and len(admin_token) < 16:
            raise ValueError("admin_token must be at least 16 characters")
        self._admin_token = admin_token

    @property
    def requires_admin_token(self) -> bool:
        """True when the admin endpoints are guarded by an admin token."""
        return self._admin_token is not None

    # -- configuration and helpers for tests --------------------------------------------------

    @property
    def clock(self) -> VirtualClock:
        return self._clock

    @property
    def faults(self) -> FaultPlan:
        return self._state.faults

    @property
    def settings(self) -> SandboxSettings:
        return self._state.settings

    @property
    def subscription_keys(self) -> dict[str, str]:
        """product -> subscription key (a copy)."""
        return dict(self._state.subscription_keys)

    @property
    def callback_sender(self) -> CallbackSender:
        return self._state.sender

    def provision(
        self,
        product: str = "collection",
        *,
        callback_host: str = "localhost",
        user_id: str | None = None,
    ) -> SandboxCredentials:
        """Create an API user and key directly (what the provisioning calls do over HTTP)."""
        if product not in PRODUCTS:
            raise ValueError(f"unknown product {product!r}")
        state = self._state
        with state.lock:
            user_id = (user_id or state.uuid4()).lower()
            if user_id in state.users:
                raise ValueError("API user already exists")
            api_key = state.hex_key()
            state.users[user_id] = ApiUser(user_id, callback_host, product, api_key)
        return SandboxCredentials(
            product, user_id, api_key, state.subscription_keys[product], callback_host
        )

    def revoke_tokens(self, product: str | None = None) -> int:
        """Forget issued access tokens (the next call gets 401, empty body)."""
        with self._state.lock:
            doomed = [
                token
                for token, issued in self._state.tokens.items()
                if product is None or issued.product == product
            ]
            for token in doomed:
                del self._state.tokens[token]
        return len(doomed)

    def run_due(self) -> None:
        """Deliver callbacks that became due (only needed with a real-time clock)."""
        self._state.run_due()

    def flush_callbacks(self, timeout: float = 5.0) -> bool:
        """Wait until the sender has attempted every callback handed to it so far."""
        self._state.run_due()
        return self._state.sender.flush(timeout)

    def reset(self) -> None:
        """Forget users, tokens, resources, faults, logs and callbacks; keep keys and clock."""
        state = self._state
        with state.lock:
            state.users.clear()
            state.tokens.clear()
            state.transactions.clear()
            state.auth_requests.clear()
            state.token_requests.clear()
            state.tokens_issued.clear()
            state.callbacks.clear()
            state.requests.clear()
            state.faults.clear()

    def close(self) -> None:
        """Stop the callback sender."""
        self._state.sender.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def asgi_app(self) -> SandboxASGIApp:
        """An ASGI 3 application serving this sandbox (mountable, usable with uvicorn)."""
        if self._asgi is None:
            from ._asgi import SandboxASGIApp

            self._asgi = SandboxASGIApp(self)
        return self._asgi

    # -- inspection -----------------------------------------------------------------------------

    def resources(
        self, product: str | None = None, kind: str | None = None
    ) -> list[ResourceRecord]:
        """Every resource created by a POST, in creation order."""
        with self._state.lock:
            return [
                self._record(tx)
                for tx in self._state.transactions.values()
                if (product is None or tx.product == product) and (kind is None or tx.kind == kind)
            ]

    def resource(self, product: str, reference_id: str) -> ResourceRecord | None:
        with self._state.lock:
            tx = self._state.transactions.get((product, reference_id.lower()))
            return None if tx is None else self._record(tx)

    def token_requests(self, product: str | None = None) -> int:
        """`POST /{product}/token/` requests received (including failed and faulted ones)."""
        counts = self._state.token_requests
        return sum(counts.values()) if product is None else counts[product]

    def secrets(self) -> list[str]:
        """Every secret this sandbox handed out: subscription keys, API keys, access tokens and
        the Basic credentials built from them. For tests that prove none of them leaks."""
        with self._state.lock:
            values = [*self.subscription_keys.values(), *self._state.tokens]
            if self._admin_token is not None:
                values.append(self._admin_token)
            for user in self._state.users.values():
                if user.api_key:
                    basic = f"{user.user_id}:{user.api_key}".encode()
                    values += [user.api_key, base64.b64encode(basic).decode("ascii")]
        return values

    def tokens_issued(self, product: str | None = None) -> int:
        counts = self._state.tokens_issued
        return sum(counts.values()) if product is None else counts[product]

    @property
    def requests(self) -> list[RequestRecord]:
        """The request log, oldest first (admin calls excluded)."""
        with self._state.lock:
            return list(self._state.requests)

    @property
    def callbacks(self) -> list[CallbackDelivery]:
        """Every callback emitted (including `lost` ones, which were not sent)."""
        with self._state.lock:
            return list(self._state.callbacks)

    def snapshot(self) -> dict[str, Any]:
        """Everything inspectable, as JSON-ready data (no secrets)."""
        state = self._state
        with state.lock:
            return {
                "now": self._clock.now(),
                "users": [
                    {
                        "user_id": user.user_id,
                        "callback_host": user.callback_host,
                        "provisioned_with": user.provisioned_with,
                        "has_api_key": user.api_key is not None,
                    }
                    for user in state.users.values()
                ],
                "token_requests": dict(state.token_requests),
                "tokens_issued": dict(state.tokens_issued),
                "resources": [self._record(tx).to_dict() for tx in state.transactions.values()],
                "callbacks": len(state.callbacks),
                "requests": len(state.requests),
                "faults": [rule.to_dict() for rule in state.faults.rules],
            }

    def _record(self, tx: Transaction) -> ResourceRecord:
        now = self._clock.now()
        status, reason = tx.state(now)
        body = status_body(tx, now)
        return ResourceRecord(
            product=tx.product,
            kind=tx.kind,
            operation=tx.operation,
            reference_id=tx.reference_id,
            external_id=tx.body.get("externalId") or tx.body.get("externalTransactionId"),
            request_body=tx.body,
            status=status,
            reason=reason,
            financial_transaction_id=body.get("financialTransactionId"),
            created_at=tx.created_at,
            callback_url=tx.callback_url,
            post_count=tx.post_count,
        )

    # -- the entry point ------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: str = "",
        headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> SandboxReply:
        """Answer one HTTP request.

        `path` is the raw path without the query string; `headers` are (name, value) pairs
        in any case. The reply is a response, or a directive (refuse / reset / drop / hang)
        that the adapter carries out on the connection, after `reply.latency` seconds.
        """
        state = self._state
        state.run_due()
        method = method.upper()
        lowered = lower_headers(headers)
        if (path.startswith("/_sandbox/") or path == "/_sandbox") and state.settings.admin_api:
            return SandboxReply(
                ReplyKind.RESPOND,
                _admin.handle(self, method, path, body, lowered, self._admin_token),
            )
        is_api, product = api_of(path)
        found = match(method, path, product) if is_api else None
        route = None if found is None else found[0]
        operation = None if route is None else route.operation
        if operation == "CreateAccessToken" and product is not None:
            with state.lock:
                state.token_requests[product] += 1
        rule, latency = state.faults.take(method, path, operation, product)
        kind = ReplyKind.RESPOND
        response: SandboxResponse | None
        if rule is not None and rule.kind in _ANSWER_WITHOUT_PROCESSING:
            kind = ReplyKind.REFUSE if rule.kind is FaultKind.REFUSE else ReplyKind.RESET
            response = None
        elif rule is not None and rule.kind is FaultKind.STATUS and not rule.after_processing:
            response = self._fault_response(rule)
        else:
            with state.lock:
                response = self._process(method, path, query, lowered, body, found, is_api)
            if rule is not None and rule.kind is FaultKind.STATUS:
                response = self._fault_response(rule)
            elif rule is not None and rule.kind is FaultKind.DROP:
                kind = ReplyKind.DROP
            elif rule is not None and rule.kind is FaultKind.TIMEOUT:
                kind = ReplyKind.HANG
        reference_id = lowered.get("x-reference-id") or (found[1].get("ref") if found else None)
        with state.lock:
            state.requests.append(
                RequestRecord(
                    seq=next(state.request_seq),
                    at=self._clock.now(),
                    method=method,
                    path=path,
                    product=product,
                    operation=operation,
                    reference_id=reference_id,
                    status=None
                    if response is None or kind is not ReplyKind.RESPOND
                    else response.status,
                    disposition=kind.value,
                    fault_id=None if rule is None else rule.id,
                    latency=latency,
                )
            )
        if kind is not ReplyKind.RESPOND:
            response = None
        return SandboxReply(kind, response, latency)

    def _fault_response(self, rule: FaultRule) -> SandboxResponse:
        now = self._clock.now()
        extra = list(rule.headers)
        if rule.body is not None:
            return raw(rule.status, rule.body, rule.content_type, now, extra)
        if rule.status == 429 or rule.retry_after is not None:
            retry_after = 1.0 if rule.retry_after is None else rule.retry_after
            extra.append(("Retry-After", _format_seconds(retry_after)))
        if rule.status == 429:
            message = (
                f"Rate limit is exceeded. Try again in {_format_seconds(retry_after)} seconds."
            )
            return gateway_error(429, message, now, extra)
        if rule.status in _MOMO_FAULT_BODIES:
            code, message = _MOMO_FAULT_BODIES[rule.status]
            return momo_json(rule.status, {"message": message, "code": code}, now, extra)
        return empty(rule.status, now, extra)

    def _process(
        self,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
        found: tuple[Route, dict[str, str]] | None,
        is_api: bool,
    ) -> SandboxResponse:
        state = self._state
        now = self._clock.now()
        if not is_api:
            return gateway_error(404, "Resource not found", now)
        _, product = api_of(path)
        key = headers.get("ocp-apim-subscription-key") or _query_key(query)
        if not key:
            return self._access_denied(_MISSING_KEY, product, now)
        key_product = state.product_by_key.get(key)
        if key_product is None or (product is not None and key_product != product):
            return self._access_denied(_INVALID_KEY, product, now)
        if (
            method in ("POST", "PUT", "PATCH")
            and "content-length" not in headers
            and "transfer-encoding" not in headers
        ):
            return raw(411, _LENGTH_REQUIRED, HTML, now)
        if "//" in path:
            return empty(400, now)
        if found is None:
            return gateway_error(
                404, "Resource not found", now, ((UNROUTED_HEADER, f"{method} {path}"),)
            )
        route, params = found
        call = Call(
            method, path, query, headers, body, params, product or key_product, route.operation, now
        )
        if route.auth is Auth.BEARER or route.auth is Auth.CONSENT:
            call.token = bearer_token(
                state, call, "access" if route.auth is Auth.BEARER else "oauth2"
            )
            if call.token is None:
                return empty(401, now)
        if route.needs_environment and (
            headers.get("x-target-environment") != state.settings.target_environment
            or not self._user_may_use(call)
        ):
            return momo_json(
                500,
                {
                    "message": "Access to target environment is forbidden.",
                    "code": "NOT_ALLOWED_TARGET_ENVIRONMENT",
                },
                now,
            )
        return route.handler(state, call)

    def _user_may_use(self, call: Call) -> bool:
        """OPERATIONS live §11: a user provisioned with one product's key is refused elsewhere."""
        if call.token is None or not self._state.settings.users_bound_to_product:
            return True
        user = self._state.users.get(call.token.user_id)
        return user is None or user.provisioned_with == call.product

    def _access_denied(self, message: str, product: str | None, now: float) -> SandboxResponse:
        realm = "https://sandbox.momodeveloper.mtn.com/" + (product or "v1_0")
        challenge = (
            f'AzureApiManagementKey realm="{realm}",name="Ocp-Apim-Subscription-Key",type="header"'
        )
        return gateway_error(401, message, now, (("WWW-Authenticate", challenge),), "Access Denied")

    def __repr__(self) -> str:
        with self._state.lock:
            return (
                f"Sandbox(users={len(self._state.users)}, "
                f"resources={len(self._state.transactions)}, clock={self._clock!r})"
            )


def _query_key(query: str) -> str | None:
    if "subscription-key" not in query:
        return None
    values = parse_qs(query).get("subscription-key")
    return values[0] if values else None
