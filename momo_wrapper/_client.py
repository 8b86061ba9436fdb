"""``MomoClient`` and ``AsyncMomoClient``: the objects users hold.

Both are assembled the same way (one generated client per configured product plus one for sandbox
provisioning, a shared token cache and status-check limiter, and the token store and ledger named
by ``MOMO_TOKEN_STORE``/``MOMO_LEDGER``, else a process-local memory ledger); they differ only in
the runner and the httpx client class. Stores are opened lazily: a store that is locked or down
when the client starts fails the first operation that needs it, not the constructor. Close them
(``with`` / ``async with``) to release connections and the stores they opened.
"""

from __future__ import annotations

import copy
import os
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import attrs
import httpx

from ._api import AuthenticatedClient, generated_client
from ._auth import ProductAuth
from ._clock import SYSTEM_CLOCK, Clock
from ._config import MomoConfig
from ._errors import MomoValidationError
from ._flows import FlowEnv, Query
from ._http import async_client, sync_client
from ._ledger import Ledger
from ._ledgered import DEFAULT_RECONCILE_AFTER, LedgerReconcileReport, Reconcile
from ._memory_ledger import MemoryLedger
from ._observe import Hooks, Observer, load_telemetry
from ._operations import transaction
from ._outbox import AsyncRecorder, Dispatch, DispatchReport, Outbox, Recorder, outbox_ledger
from ._products._base import per_call_timeout
from ._products.collection import Collection
from ._products.disbursement import Disbursement
from ._products.provisioning import SandboxProvisioning
from ._products.remittance import Remittance
from ._ratelimit import RateLimiter
from ._reference import ReferenceIdHook
from ._results import TransactionResult
from ._runner import AsyncRunner, SyncRunner
from ._store_plugins import open_ledger, open_token_store
from ._tokens import SharedTokenStore, TokenCache, TokenStore
from ._validation import PRODUCTS

RunnerT = TypeVar("RunnerT", SyncRunner, AsyncRunner)
HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
PROVISIONING = "sandbox"


class _Base(Generic[RunnerT, HttpT]):
    collection: Collection[RunnerT]
    disbursement: Disbursement[RunnerT]
    remittance: Remittance[RunnerT]
    provisioning: SandboxProvisioning[RunnerT]

    def __init__(
        self,
        config: MomoConfig | None,
        *,
        make_http: Callable[[MomoConfig, httpx.Auth], HttpT],
        make_runner: Callable[..., RunnerT],
        token_store: TokenStore | None,
        ledger: Ledger | None,
        clock: Clock | None,
        on_reference_id: ReferenceIdHook | None,
        hooks: Hooks | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
    ) -> None:
        self.config = config if config is not None else MomoConfig.from_env()
        clock = clock or SYSTEM_CLOCK
        self._owned_stores: list[SharedTokenStore | Ledger] = []
        if token_store is None and self.config.token_store is not None:
            token_store = open_token_store(self.config.token_store, clock=clock)
            self._owned_stores.append(token_store)
        if ledger is None:
            try:
                ledger = (
                    MemoryLedger(clock=clock)
                    if self.config.ledger is None
                    else open_ledger(self.config.ledger, clock=clock)
                )
            except BaseException:
                for store in self._owned_stores:
                    store.close()
                raise
            self._owned_stores.append(ledger)
        self.ledger: Ledger = ledger
        """The idempotency ledger every create goes through: ``MOMO_LEDGER`` / ``ledger=``, else
        a process-local memory ledger (it protects retries within this process only)."""
        # A shared store is also the cross-process refresh lock: one token request per product
        # across every process that uses it.
        lock_provider = token_store if isinstance(token_store, SharedTokenStore) else None
        self.token_cache = TokenCache(
            token_store,
            refresh_margin=self.config.token_refresh_margin,
            clock=clock,
            lock_provider=lock_provider,
        )
        observer = Observer(
            secrets=self.config.secrets,
            target_environment=self.config.target_environment,
            base_url=self.config.base_url,
            hooks=hooks,
            telemetry=load_telemetry(
                self.config.target_environment,
                self.config.base_url,
                tracer_provider=tracer_provider,
                meter_provider=meter_provider,
            ),
        )
        self._http: list[HttpT] = []
        clients: dict[str, AuthenticatedClient] = {}
        for product in (*PRODUCTS, PROVISIONING):
            if product in PRODUCTS and getattr(self.config, product) is None:
                continue
            auth = ProductAuth(
                config=self.config,
                product=None if product == PROVISIONING else product,
                cache=self.token_cache,
                clock=clock,
                observer=observer,
            )
            http = make_http(self.config, auth)
            self._http.append(http)
            client = _generated(self.config.base_url, http)
            auth.bind(client)
            clients[product] = client
        env = FlowEnv(
            policy=self.config.retry_policy(),
            clock=clock,
            base_url=self.config.base_url,
            secrets=self.config.secrets,
        )
        limiter = RateLimiter(self.config.status_checks_per_second, clock=clock)
        runner = make_runner(
            env=env,
            clients=clients,
            limiter=limiter,
            on_reference_id=on_reference_id,
            observer=observer,
        )
        self._namespaces(runner)

    @property
    def sandbox(self) -> SandboxProvisioning[RunnerT]:
        """Deprecated alias of :attr:`provisioning`, kept for one release: the name clashed
        with the local sandbox package, :mod:`momo_wrapper.sandbox`."""
        warnings.warn(
            "momo.sandbox is deprecated and will be removed in the next release: use "
            "momo.provisioning (API users and keys on MTN's sandbox).",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.provisioning

    def _namespaces(self, runner: RunnerT) -> None:
        self._runner: RunnerT = runner
        self.collection = Collection(runner, self.config, self.ledger)
        self.disbursement = Disbursement(runner, self.config, self.ledger)
        self.remittance = Remittance(runner, self.config, self.ledger)
        self.provisioning = SandboxProvisioning(runner, self.config, self.ledger)

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_attempts: int | None = None,
        total_timeout: float | None = None,
    ) -> Self:
        """This client with other per-call settings, sharing its connection pools, token cache,
        status-check budget, stores and ledger: ``momo.with_options(timeout=5, max_attempts=1)``.

        ``timeout`` bounds each HTTP attempt (token fetch included) instead of the configured
        connect/read timeouts; ``max_attempts`` and ``total_timeout`` replace the retry limits
        (``MOMO_MAX_ATTEMPTS``, ``MOMO_TIMEOUT``). Omitted ones stay as they are. The new client
        owns nothing: close the one it came from (closing the new one is a no-op).
        """
        changes: dict[str, Any] = {}
        if max_attempts is not None:
            changes["max_attempts"] = max_attempts
        if total_timeout is not None:
            changes["total_timeout"] = total_timeout
        # Validated like the environment's values (MomoConfig checks them on construction).
        config = attrs.evolve(self.config, **changes) if changes else self.config
        derived = copy.copy(self)
        derived.config = config
        derived._owned_stores = []
        derived._http = []
        env = attrs.evolve(self._runner.env, policy=config.retry_policy())
        limit = None if timeout is None else per_call_timeout(timeout)
        derived._namespaces(self._runner.with_options(env=env, timeout=limit))
        return derived

    def _reconcile_plan(self, older_than: float, limit: int | None) -> Reconcile:
        return Reconcile(
            ledger=self.ledger,
            status_for=self._ledger_status,
            older_than=older_than,
            limit=limit,
            callback_for=self._configured_callback_url,
        )

    def _dispatch_plan(self, options: dict[str, Any]) -> Dispatch:
        return Dispatch(
            ledger=outbox_ledger(self.ledger), status_for=self._ledger_status, **options
        )

    def _has_outbox(self) -> bool:
        try:
            outbox_ledger(self.ledger)
        except MomoValidationError:
            return False
        return True

    def _configured_callback_url(
        self, product: str, operation: str, reference_id: str
    ) -> str | None:
        namespace: Collection[RunnerT] | Disbursement[RunnerT] | Remittance[RunnerT] | None = (
            getattr(self, product) if product in PRODUCTS else None
        )
        if namespace is None:
            return None
        return namespace._configured_callback_url(operation, reference_id)

    def _ledger_status(self, product: str, operation: str, reference_id: str) -> Query[Any]:
        if product not in PRODUCTS:
            raise MomoValidationError("product", f"{product!r} is not a MoMo product.")
        self.config.credentials_for(product)
        namespace: Collection[RunnerT] | Disbursement[RunnerT] | Remittance[RunnerT] = getattr(
            self, product
        )
        return namespace._status_of(operation, reference_id)

    def _status_read(self, product: str, operation: str, reference_id: str) -> Query[Any]:
        """The unthrottled status read a callback's URL names (``fetch_status``)."""
        if product not in PRODUCTS:
            raise MomoValidationError(
                "operation", f"{product}/{operation} is not a MoMo transaction with a status."
            )
        namespace: Collection[RunnerT] | Disbursement[RunnerT] | Remittance[RunnerT] = getattr(
            self, product
        )
        return namespace._status(transaction(product, operation), reference_id)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.config.target_environment} {self.config.base_url}>"


def _check_network(
    config: MomoConfig | None, transport: object, http_client: object, expected: type
) -> None:
    """``http_client`` decides the network on its own: no transport or SDK proxy beside it."""
    if http_client is None:
        return
    if not isinstance(http_client, expected):
        raise MomoValidationError(
            "http_client", f"must be an {expected.__module__}.{expected.__name__}."
        )
    if transport is not None:
        raise MomoValidationError("http_client", "and transport= cannot both be given.")
    # Without a config, from_env will read MOMO_PROXY.
    proxy = config.proxy if config is not None else os.environ.get("MOMO_PROXY", "").strip()
    if proxy:
        raise MomoValidationError(
            "proxy",
            "is not used when http_client= is given.",
            "Configure the proxy on your own httpx client (proxy=...), or drop http_client.",
        )


def _generated(base_url: str, http: httpx.Client | httpx.AsyncClient) -> AuthenticatedClient:
    if isinstance(http, httpx.AsyncClient):
        return generated_client(base_url, async_httpx_client=http)
    return generated_client(base_url, httpx_client=http)


class MomoClient(_Base[SyncRunner, httpx.Client]):
    """The synchronous MoMo client: ``momo.collection``, ``momo.disbursement``,
    ``momo.remittance`` and ``momo.provisioning``. Thread-safe; share one per process.

    ``transport`` replaces the network (e.g. the local sandbox's in-process transport);
    ``http_client`` sends every request through your own :class:`httpx.Client` (its proxies,
    TLS, pool and hooks; the SDK's auth, timeouts, response limits and retries still apply; it
    is not modified or closed by this client); ``token_store`` shares tokens between processes
    and ``ledger`` remembers every create (both win over ``config.token_store`` /
    ``config.ledger``, and are not closed by this client); ``on_reference_id`` is called with
    each create's reference id before anything is sent, so it can be persisted first;
    ``hooks`` (:class:`Hooks`) are called on every request, response and retry, with secrets
    redacted. With the ``otel`` extra, spans and metrics go to the global OpenTelemetry
    providers, or to ``tracer_provider`` / ``meter_provider``.
    """

    def __init__(
        self,
        config: MomoConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        token_store: TokenStore | None = None,
        ledger: Ledger | None = None,
        clock: Clock | None = None,
        on_reference_id: ReferenceIdHook | None = None,
        hooks: Hooks | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
    ) -> None:
        _check_network(config, transport, http_client, httpx.Client)
        super().__init__(
            config,
            make_http=lambda config, auth: sync_client(config, auth, transport, http_client),
            make_runner=SyncRunner,
            token_store=token_store,
            ledger=ledger,
            clock=clock,
            on_reference_id=on_reference_id,
            hooks=hooks,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
        )

    def reconcile(
        self, older_than: float = DEFAULT_RECONCILE_AFTER, limit: int | None = None
    ) -> LedgerReconcileReport:
        """Settle every unsettled ledger entry unchanged for ``older_than`` seconds, oldest
        first, with one status read each: found -> recorded (ACCEPTED or FINAL); not found -> a
        PENDING_SUBMIT entry is sent again with its stored request and reference id, a
        FAILED_TO_SUBMIT one is settled as REFUSED, an ACCEPTED one is reported in
        ``report.needs_attention``. Run it periodically, from any process.
        """
        plan = self._reconcile_plan(older_than, limit)
        dispatched = self.dispatch() if self._has_outbox() else None
        report = self._runner.run(plan.flow(self._runner.env))
        return attrs.evolve(report, dispatched=dispatched)

    def outbox(self, connection: Any) -> Outbox[Recorder]:
        """The creates, recorded in the transaction of ``connection`` (a psycopg Connection, or
        an SQLAlchemy Connection or Session) instead of sent: ``momo.outbox(conn).collection
        .request_to_pay(...)`` validates like the create, returns an :class:`OutboxIntent` with
        the reference id, and writes nothing outside that transaction. Committed intents are
        sent by :meth:`dispatch`. Needs a PostgreSQL ledger (``MOMO_LEDGER``)."""
        return Outbox(self, Recorder(connection, outbox_ledger(self.ledger)))

    def dispatch(
        self,
        limit: int | None = None,
        *,
        batch: int = 50,
        lease: float = 60.0,
        retry_after: float = 30.0,
    ) -> DispatchReport:
        """Send committed outbox intents, each exactly once under its reference id, until none
        is left (or ``limit`` were handled). Safe to run in many processes at once."""
        plan = self._dispatch_plan(
            {"limit": limit, "batch": batch, "lease": lease, "retry_after": retry_after}
        )
        return self._runner.run(plan.flow(self._runner.env))

    def fetch_status(self, product: str, operation: str, reference_id: str) -> TransactionResult:
        """The authoritative status of a transaction named by a callback URL's parts."""
        result: TransactionResult = self._runner.run(
            self._status_read(product, operation, reference_id).flow(self._runner.env)
        )
        return result

    def fetch_status_throttled(
        self, product: str, operation: str, reference_id: str
    ) -> TransactionResult:
        """:meth:`fetch_status` counted against the client-wide status-check budget
        (``MOMO_STATUS_CHECKS_PER_SECOND``, shared with ``wait_for_*``): waits for a slot."""
        result: TransactionResult = self._runner.run(
            self._ledger_status(product, operation, reference_id).flow(self._runner.env)
        )
        return result

    def close(self) -> None:
        for http in self._http:
            http.close()
        for store in self._owned_stores:
            store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMomoClient(_Base[AsyncRunner, httpx.AsyncClient]):
    """The asyncio MoMo client: the same namespaces and methods as :class:`MomoClient`, awaited.

    Share one per event loop; ``on_reference_id`` may be a coroutine function; ``http_client``
    is an :class:`httpx.AsyncClient`.
    """

    def __init__(
        self,
        config: MomoConfig | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        token_store: TokenStore | None = None,
        ledger: Ledger | None = None,
        clock: Clock | None = None,
        on_reference_id: Callable[[str], Any] | None = None,
        hooks: Hooks | None = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
    ) -> None:
        _check_network(config, transport, http_client, httpx.AsyncClient)
        super().__init__(
            config,
            make_http=lambda config, auth: async_client(config, auth, transport, http_client),
            make_runner=AsyncRunner,
            token_store=token_store,
            ledger=ledger,
            clock=clock,
            on_reference_id=on_reference_id,
            hooks=hooks,
            tracer_provider=tracer_provider,
            meter_provider=meter_provider,
        )

    async def reconcile(
        self, older_than: float = DEFAULT_RECONCILE_AFTER, limit: int | None = None
    ) -> LedgerReconcileReport:
        """:meth:`MomoClient.reconcile`, awaited."""
        plan = self._reconcile_plan(older_than, limit)
        dispatched = await self.dispatch() if self._has_outbox() else None
        report = await self._runner.run(plan.flow(self._runner.env))
        return attrs.evolve(report, dispatched=dispatched)

    def outbox(self, connection: Any) -> Outbox[AsyncRecorder]:
        """:meth:`MomoClient.outbox` on an asyncio connection (a psycopg AsyncConnection, or an
        SQLAlchemy AsyncConnection or AsyncSession); the recording methods are awaited."""
        return Outbox(self, AsyncRecorder(connection, outbox_ledger(self.ledger)))

    async def dispatch(
        self,
        limit: int | None = None,
        *,
        batch: int = 50,
        lease: float = 60.0,
        retry_after: float = 30.0,
    ) -> DispatchReport:
        """:meth:`MomoClient.dispatch`, awaited."""
        plan = self._dispatch_plan(
            {"limit": limit, "batch": batch, "lease": lease, "retry_after": retry_after}
        )
        return await self._runner.run(plan.flow(self._runner.env))

    adispatch = dispatch

    async def afetch_status(
        self, product: str, operation: str, reference_id: str
    ) -> TransactionResult:
        """The authoritative status of a transaction named by a callback URL's parts."""
        result: TransactionResult = await self._runner.run(
            self._status_read(product, operation, reference_id).flow(self._runner.env)
        )
        return result

    async def afetch_status_throttled(
        self, product: str, operation: str, reference_id: str
    ) -> TransactionResult:
        """:meth:`afetch_status` counted against the client-wide status-check budget."""
        result: TransactionResult = await self._runner.run(
            self._ledger_status(product, operation, reference_id).flow(self._runner.env)
        )
        return result

    async def aclose(self) -> None:
        for http in self._http:
            await http.aclose()
        for store in self._owned_stores:
            await store.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
