"""Exactly once across calls, clients and restarts, on every ledger backend and both clients.

Each scenario is a short history of one logical payment: a create whose answer is lost or that
is refused after MoMo processed it, then what a service does next (retry the same create, maybe
in a freshly started worker, while MoMo answers 429, or 401 and then a token outage), then
``reconcile``. Ground truth is the sandbox: a payment is *double* when MoMo holds two
transactions for it, and *lost* when MoMo holds one that the ledger does not end up recording
as FINAL (or holds none while the ledger says it was accepted).

The module prints one line per backend and client kind: logical payments, create attempts,
double and lost.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, MomoError
from momo_wrapper._ledger import Change
from momo_wrapper.stores import Ledger, LedgerEntry, LedgerState, open_ledger
from tests.fixtures.bodies import MOMO_500_INTERNAL_PROCESSING_ERROR
from tests.reliability.matrix_world import World, make_world
from tests.stores.redis_fixtures import (  # noqa: F401 (fixtures)
    redis_binary,
    redis_server,
    redis_url,
)

RTP: dict[str, Any] = {"operation": "RequesttoPay", "product": "collection"}
PAYER = "46733123459"  # succeeds at once
BACKENDS = ("memory", "sqlite", "redis")


@attrs.define
class Tally:
    payments: int = 0
    attempts: int = 0
    double: int = 0
    lost: int = 0


@pytest.fixture(scope="module")
def tallies() -> Iterator[dict[tuple[str, str], Tally]]:
    collected: dict[tuple[str, str], Tally] = {}
    yield collected
    lines = [
        f"  {backend:<7} {kind:<6} logical payments {t.payments:>3}, create attempts "
        f"{t.attempts:>3}, double {t.double}, lost {t.lost}"
        for (backend, kind), t in sorted(collected.items())
    ]
    print("\n\nExactly once across calls:\n" + "\n".join(lines))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@attrs.define
class Service:
    """A payment service on one ledger URL: ``worker()`` is a client as a (re)started process
    would make it, with its own connection to the ledger (the memory ledger is shared, as within
    one process)."""

    world: World
    kind: str
    backend: str
    url: str
    tally: Tally
    memory: Ledger | None = None
    opened: list[Ledger] = attrs.Factory(list)
    clients: list[Any] = attrs.Factory(list)

    def ledger(self) -> Ledger:
        if self.backend == "memory":
            if self.memory is None:
                self.memory = open_ledger("memory://", clock=self.world.clock)
            return self.memory
        ledger = open_ledger(self.url, clock=self.world.clock)
        self.opened.append(ledger)
        return ledger

    def worker(self, ledger: Ledger | None = None) -> Any:
        ledger = ledger or self.ledger()
        cls = MomoClient if self.kind == "sync" else AsyncMomoClient
        client = cls(
            self.world.config,
            transport=self._transport(),
            clock=self.world.clock,
            ledger=ledger,
            on_reference_id=self.world.persisted.append,
        )
        self.clients.append(client)
        return client

    def _transport(self) -> Any:
        from momo_wrapper.sandbox import AsyncSandboxTransport, SandboxTransport
        from tests.reliability.matrix_world import AsyncTappedTransport, TappedTransport

        if self.kind == "sync":
            return TappedTransport(SandboxTransport(self.world.sandbox), self.world.tap)
        return AsyncTappedTransport(AsyncSandboxTransport(self.world.sandbox), self.world.tap)

    def pay(self, client: Any, external_id: str) -> Any:
        """``request_to_pay`` for ``external_id``: the Accepted, or the MomoError it raised."""
        arguments = {"amount": "25", "payer": PAYER, "external_id": external_id}
        try:
            if self.kind == "sync":
                return client.collection.request_to_pay(**arguments)
            return asyncio.run(client.collection.request_to_pay(**arguments))
        except MomoError as error:
            return error

    def reconcile(self, client: Any) -> Any:
        if self.kind == "sync":
            return client.reconcile(older_than=0)
        return asyncio.run(client.reconcile(older_than=0))

    def account(self, external_id: str) -> None:
        """Count the scenario's one logical payment against what the sandbox holds and what
        the ledger says of every reference id a create was about to send."""
        ledger = self.ledger()
        held = [
            r
            for r in self.world.sandbox.resources("collection", "requesttopay")
            if r.external_id == external_id
        ]
        entries = {e for e in map(ledger.get, set(self.world.persisted)) if e is not None}
        self.tally.payments += 1
        settled = LedgerState.FINAL if held else LedgerState.REFUSED
        if len(held) > 1 or len(entries) > 1:
            self.tally.double += 1
        elif not entries or entries.pop().state is not settled:
            self.tally.lost += 1
        self.tally.attempts += self.world.posts(r"/requesttopay$")

    def close(self) -> None:
        for client in self.clients:
            if isinstance(client, AsyncMomoClient):
                asyncio.run(client.aclose())
            else:
                client.close()
        for ledger in self.opened:
            ledger.close()


@pytest.fixture
def service(
    request: pytest.FixtureRequest,
    backend: str,
    kind: str,
    tmp_path: Path,
    tallies: dict[tuple[str, str], Tally],
) -> Iterator[Service]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'ledger.db'}"
    elif backend == "redis":
        url = str(request.getfixturevalue("redis_url"))
    else:
        url = "memory://"
    world = make_world()
    one = Service(world, kind, backend, url, tallies.setdefault((backend, kind), Tally()))
    yield one
    one.close()


def _lose_every_answer(world: World) -> None:
    """MoMo processes the create, and every attempt's answer is lost (the connection drops)."""
    world.sandbox.faults.drop(times=3, **RTP)


# -- processed, answers lost, then a retry that meets refusals ----------------------------------


AFTER_LOSS: dict[str, Callable[[World], None]] = {
    "429s": lambda w: w.sandbox.faults.fail(429, times=None, retry_after=1, **RTP),
    "token 503": lambda w: w.sandbox.faults.token_outage(times=None),
    "401 then token 503": lambda w: (
        w.sandbox.faults.fail(401, times=1, **RTP),
        w.sandbox.faults.token_outage(times=None),
    ),
}


@pytest.mark.parametrize("restart", [False, True], ids=["same-worker", "restarted-worker"])
@pytest.mark.parametrize("then", list(AFTER_LOSS))
def test_a_lost_answer_then_refusals_on_the_retry_is_never_failed(
    service: Service, then: str, restart: bool
) -> None:
    world = service.world
    first_worker = service.worker()
    _lose_every_answer(world)
    lost = service.pay(first_worker, "order-1")
    assert getattr(lost, "maybe_sent", False) is True
    world.sandbox.faults.clear()

    AFTER_LOSS[then](world)
    retry_worker = service.worker() if restart else first_worker
    if then != "429s":
        # A fresh token is needed: the cached one is gone with a restart, or revoked by the 401.
        world.clock.sleep(3600 * 2)
    retried = service.pay(retry_worker, "order-1")
    world.sandbox.faults.clear()

    (held,) = world.sandbox.resources("collection", "requesttopay")
    ledger = service.ledger()
    entry = ledger.get(held.reference_id)
    assert entry is not None
    assert entry.state is not LedgerState.FAILED_TO_SUBMIT
    if isinstance(retried, MomoError):
        assert entry.state is LedgerState.PENDING_SUBMIT  # left for reconcile, not guessed
    else:
        assert (retried.reference_id, retried.replayed) == (held.reference_id, True)

    report = service.reconcile(service.worker())
    assert [
        o.entry.state for o in report.outcomes if o.entry.reference_id == held.reference_id
    ] in ([LedgerState.FINAL], [])
    service.account("order-1")
    assert ledger.get(held.reference_id).state is LedgerState.FINAL  # type: ignore[union-attr]
    assert service.tally.double == service.tally.lost == 0


# -- refused after processing ------------------------------------------------------------------


def _coded_500(world: World) -> None:
    world.sandbox.faults.fail(
        500,
        times=None,
        body=MOMO_500_INTERNAL_PROCESSING_ERROR.body,
        content_type=MOMO_500_INTERNAL_PROCESSING_ERROR.content_type,
        after_processing=True,
        **RTP,
    )


def _429_after_processing(world: World) -> None:
    world.sandbox.faults.fail(429, times=None, retry_after=1, after_processing=True, **RTP)


@pytest.mark.parametrize("refusal", [_coded_500, _429_after_processing], ids=["500", "429"])
def test_a_refusal_after_processing_is_found_by_reconcile(
    service: Service, refusal: Callable[[World], None]
) -> None:
    world = service.world
    worker = service.worker()
    refusal(world)
    refused = service.pay(worker, "order-2")
    world.sandbox.faults.clear()
    assert isinstance(refused, MomoError)

    (held,) = world.sandbox.resources("collection", "requesttopay")
    ledger = service.ledger()
    assert ledger.get(held.reference_id).state is LedgerState.FAILED_TO_SUBMIT  # type: ignore[union-attr]
    # FAILED_TO_SUBMIT is on the work list, whatever its age.
    assert [e.reference_id for e in ledger.pending()] == [held.reference_id]

    report = service.reconcile(service.worker())
    (outcome,) = report.outcomes
    assert outcome.state is LedgerState.FINAL
    assert outcome.settled
    assert not outcome.needs_attention
    service.account("order-2")
    assert service.tally.double == service.tally.lost == 0


def test_a_refusal_momo_really_refused_is_settled_after_the_window(service: Service) -> None:
    world = service.world
    worker = service.worker()
    world.sandbox.faults.fail(400, times=1, **RTP)  # refused before processing
    assert isinstance(service.pay(worker, "order-3"), MomoError)
    assert world.sandbox.resources("collection", "requesttopay") == []

    early = service.reconcile(worker)
    assert [o.state for o in early.outcomes] == [LedgerState.FAILED_TO_SUBMIT]  # too soon
    world.clock.sleep(11)
    late = service.reconcile(worker)
    assert [o.state for o in late.outcomes] == [LedgerState.REFUSED]
    assert late.settled == late.outcomes
    assert service.reconcile(worker).outcomes == ()
    service.account("order-3")
    assert service.tally.double == service.tally.lost == 0


# -- concurrent re-creates of one refused key ---------------------------------------------------


class HeldReopen(Ledger):
    """A ledger whose first ``reopen`` waits until told to go on: a caller slowed down (an SQLite
    busy wait, a GC pause) while another re-creates the same key to the end."""

    def __init__(self, inner: Ledger) -> None:
        super().__init__()
        self.inner = inner
        self.display_url = inner.display_url
        self.reached = threading.Event()
        self.go_on = threading.Event()
        self._held = False

    def _hold(self, operation: str) -> bool:
        if operation != "reopen" or self._held:
            return False
        self._held = True
        return True

    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return self.inner._insert_or_get(candidate)

    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        if self._hold(operation):
            self.reached.set()
            assert self.go_on.wait(10)
        return self.inner._update(reference_id, change, operation)

    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return self.inner._pending(cutoff, limit)

    def _get(self, reference_id: str) -> LedgerEntry | None:
        return self.inner._get(reference_id)

    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return await self.inner._ainsert_or_get(candidate)

    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        if self._hold(operation):
            self.reached.set()
            assert await asyncio.to_thread(self.go_on.wait, 10)
        return await self.inner._aupdate(reference_id, change, operation)

    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return await self.inner._apending(cutoff, limit)

    async def _aget(self, reference_id: str) -> LedgerEntry | None:
        return await self.inner._aget(reference_id)

    def close(self) -> None:
        """The inner ledger is closed by its owner."""


def test_concurrent_re_creates_of_a_refused_key_all_get_the_payment(service: Service) -> None:
    world = service.world
    world.sandbox.faults.fail(400, times=1, **RTP)
    assert isinstance(service.pay(service.worker(), "order-4"), MomoError)

    held = HeldReopen(service.ledger())
    slow_worker, fast_worker = service.worker(held), service.worker()
    results: list[Any] = []
    slow = threading.Thread(target=lambda: results.append(service.pay(slow_worker, "order-4")))
    slow.start()
    assert held.reached.wait(10)  # the slow caller saw FAILED_TO_SUBMIT and is reopening
    fast = service.pay(fast_worker, "order-4")
    held.go_on.set()
    slow.join(10)

    (slow_result,) = results
    assert not isinstance(fast, MomoError)
    assert not isinstance(slow_result, MomoError), slow_result
    assert slow_result.reference_id == fast.reference_id
    (resource,) = world.sandbox.resources("collection", "requesttopay")
    assert resource.reference_id == fast.reference_id
    service.reconcile(fast_worker)
    service.account("order-4")
    assert service.tally.double == service.tally.lost == 0


# -- the default configuration -----------------------------------------------------------------


def test_the_default_client_never_pays_twice_on_the_documented_retry(kind: str) -> None:
    """No MOMO_LEDGER, no ledger=: a retry of the same create after ``maybe_sent=True`` (what
    the error says to do) replays, for every order."""
    world = make_world()
    orders = [f"default-{n}" for n in range(10)]

    lost_answers: list[MomoError] = []

    async def pay_all(client: Any) -> list[Any]:
        outcomes = []
        for order in orders:
            world.sandbox.faults.drop(times=3, **RTP)
            for _ in range(2):  # the first try loses every answer; the retry replays
                try:
                    call = client.collection.request_to_pay(
                        amount="5", payer=PAYER, external_id=order
                    )
                    outcomes.append(await call if kind == "async" else call)
                    break
                except MomoError as error:
                    lost_answers.append(error)
        return outcomes

    if kind == "sync":
        with world.sync_client() as client:
            accepted = asyncio.run(pay_all(client))
    else:

        async def run() -> list[Any]:
            async with world.async_client() as client:
                return await pay_all(client)

        accepted = asyncio.run(run())

    assert [getattr(e, "maybe_sent", None) for e in lost_answers] == [True] * len(orders)
    resources = world.sandbox.resources("collection", "requesttopay")
    assert sorted(r.external_id for r in resources) == sorted(orders)  # once each
    assert [a.replayed for a in accepted] == [True] * len(orders)


# -- a real process that dies with the answer lost, and a new one that retries ------------------

CHILD = """
import sys
from momo_wrapper import MomoClient, MomoConfig, MomoError
kind = sys.argv[1]
args = {"amount": "25", "payer": "46733123459", "external_id": "restart-1"}
try:
    if kind == "sync":
        with MomoClient(MomoConfig.from_env()) as momo:
            momo.collection.request_to_pay(**args)
    else:
        import asyncio
        from momo_wrapper import AsyncMomoClient
        async def main():
            async with AsyncMomoClient(MomoConfig.from_env()) as momo:
                await momo.collection.request_to_pay(**args)
        asyncio.run(main())
except MomoError as error:
    print(type(error).__name__, getattr(error, "maybe_sent", None), error.reference_id)
    sys.exit(0)
print("accepted")
sys.exit(1)
"""


@pytest.mark.parametrize("then", ["429s", "401 then token 503"])
@pytest.mark.parametrize("shared", ["sqlite", "redis"])
def test_a_process_that_lost_the_answer_is_retried_by_a_new_process_once(
    request: pytest.FixtureRequest, kind: str, shared: str, then: str, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    from momo_wrapper.cli._serve import demo_env_values
    from momo_wrapper.sandbox import PRODUCTS, RecordingCallbackSender, Sandbox, serve_sandbox

    url = (
        f"sqlite:///{tmp_path / 'ledger.db'}"
        if shared == "sqlite"
        else f"{request.getfixturevalue('redis_url')}?key_prefix=restart-{tmp_path.name}"
    )
    root = Path(__file__).resolve().parents[2]
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=3) as sandbox,
        serve_sandbox(sandbox) as server,
    ):
        creds = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
        env.update(demo_env_values(server.base_url, creds))
        env.update(
            MOMO_LEDGER=url,
            MOMO_MAX_ATTEMPTS="2",
            MOMO_BACKOFF_BASE="0.01",
            MOMO_READ_TIMEOUT="2",
            PYTHONPATH=os.pathsep.join([str(root), str(root / "generated")]),
        )
        sandbox.faults.drop(times=2, **RTP)  # processed; both answers lost, then the child exits
        child = subprocess.run(
            [sys.executable, "-c", CHILD, kind],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert child.returncode == 0, child.stdout + child.stderr
        error, maybe_sent, reference_id = child.stdout.split()
        assert (error, maybe_sent) == ("MomoConnectionError", "True")
        sandbox.faults.clear()

        config = MomoConfig.from_env(env)
        if then == "429s":
            sandbox.faults.fail(429, times=None, retry_after=0, **RTP)
        else:
            sandbox.faults.fail(401, times=1, **RTP)
            sandbox.faults.token_outage(times=None)
        retried = _in_a_new_process_of_our_own(kind, config)
        sandbox.faults.clear()
        (held,) = sandbox.resources("collection", "requesttopay")
        assert held.reference_id == reference_id
        with open_ledger(url) as ledger:
            entry = ledger.get(reference_id)
            assert entry is not None
            assert entry.state is not LedgerState.FAILED_TO_SUBMIT
            if not isinstance(retried, MomoError):
                assert (retried.reference_id, retried.replayed) == (reference_id, True)
            settled = _in_a_new_process_of_our_own(kind, config, reconcile=True)
            assert [o.state for o in settled.outcomes] in ([LedgerState.FINAL], [])
            assert ledger.get(reference_id).state is LedgerState.FINAL  # type: ignore[union-attr]
        assert len(sandbox.resources("collection", "requesttopay")) == 1


def _in_a_new_process_of_our_own(kind: str, config: Any, *, reconcile: bool = False) -> Any:
    """What a restarted worker does: a new client on the shared ledger, then one call."""

    async def run_async() -> Any:
        async with AsyncMomoClient(config) as momo:
            if reconcile:
                return await momo.reconcile(older_than=0)
            return await momo.collection.request_to_pay(
                amount="25", payer=PAYER, external_id="restart-1"
            )

    try:
        if kind == "async":
            return asyncio.run(run_async())
        with MomoClient(config) as momo:
            if reconcile:
                return momo.reconcile(older_than=0)
            return momo.collection.request_to_pay(amount="25", payer=PAYER, external_id="restart-1")
    except MomoError as error:
        return error
