"""Everything the sandbox remembers, plus its scheduler for delayed callbacks."""

from __future__ import annotations

import heapq
import itertools
import random
import threading
from collections import Counter, deque
from collections.abc import Callable, Mapping

import attrs

from ._bodies import callback_body
from ._callbacks import CallbackDelivery, CallbackSender
from ._clock import VirtualClock
from ._faults import FaultPlan
from ._model import (
    DEFAULT_TEST_OUTCOMES,
    SUCCESS,
    ApiUser,
    IssuedToken,
    Outcome,
    RequestRecord,
    Transaction,
)
from ._wire import dump_json

# MoMo's own callback-method table (MoMo's conventions; requesttopay, transfer and
# cashtransfer are unspecified there and arrive as POST in the sandbox).
_PUT_CALLBACKS = frozenset(
    {
        ("requesttowithdraw", "v2_0"),
        ("invoice", "v2_0"),
        ("preapproval", "v2_0"),
        ("payment", "v2_0"),
        ("deposit", "v2_0"),
        ("refund", "v2_0"),
    }
)


def callback_method(kind: str, version: str) -> str:
    return "PUT" if (kind, version) in _PUT_CALLBACKS else "POST"


@attrs.frozen(slots=True)
class SandboxSettings:
    """Behaviour knobs; see `Sandbox.__init__` for their meaning."""

    token_lifetime: int = 3600
    users_bound_to_product: bool = True
    callback_copies: int = 1
    balance: str = "1000"
    currency: str = "EUR"
    target_environment: str = "sandbox"
    outcomes: Mapping[str, Outcome] = attrs.Factory(lambda: dict(DEFAULT_TEST_OUTCOMES))
    default_outcome: Outcome = SUCCESS
    reject_special_characters: bool = True
    admin_api: bool = True
    token_redirect_location: str = "https://52.236.59.28:8080/token/"


class SandboxState:
    """Mutable state; every access happens under `lock`."""

    def __init__(
        self,
        settings: SandboxSettings,
        clock: VirtualClock,
        sender: CallbackSender,
        subscription_keys: Mapping[str, str],
        seed: int | None,
        request_log_size: int,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.sender = sender
        self.lock = threading.RLock()
        self.rng = random.Random(seed)
        self.faults = FaultPlan()
        self.subscription_keys = dict(subscription_keys)
        self.product_by_key = {key: product for product, key in self.subscription_keys.items()}
        self.users: dict[str, ApiUser] = {}
        self.tokens: dict[str, IssuedToken] = {}
        self.transactions: dict[tuple[str, str], Transaction] = {}
        self.auth_requests: dict[str, IssuedToken] = {}
        self.token_requests: Counter[str] = Counter()
        self.tokens_issued: Counter[str] = Counter()
        self.callbacks: list[CallbackDelivery] = []
        self.requests: deque[RequestRecord] = deque(maxlen=request_log_size)
        self.request_seq = itertools.count(1)
        #: Callbacks still to drop (not send) before sending again: the page's "drop next N".
        self.drop_next = 0
        self._events: list[tuple[float, int, Callable[[], None]]] = []
        self._event_seq = itertools.count()

    # -- ids -------------------------------------------------------------------------------

    def hex_key(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def uuid4(self) -> str:
        value = self.rng.getrandbits(128)
        value = (value & ~(0xF000 << 64)) | (0x4000 << 64)  # version 4
        value = (value & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
        text = f"{value:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def numeric_id(self) -> str:
        return str(self.rng.randrange(100_000_000, 9_999_999_999))

    def outcome_for(self, party_id: str | None) -> Outcome:
        if party_id is None:
            return self.settings.default_outcome
        return self.settings.outcomes.get(party_id, self.settings.default_outcome)

    # -- scheduling ------------------------------------------------------------------------

    def schedule(self, due: float, action: Callable[[], None]) -> None:
        heapq.heappush(self._events, (due, next(self._event_seq), action))

    def run_due(self) -> None:
        """Run every scheduled action whose time has come (callbacks of settled payments)."""
        if not self._events:
            return
        now = self.clock.now()
        if self._events[0][0] > now:
            return
        with self.lock:
            while self._events and self._events[0][0] <= now:
                _, _, action = heapq.heappop(self._events)
                action()

    # -- callbacks -------------------------------------------------------------------------

    def plan_callbacks(self, tx: Transaction, copies: int, interval: float) -> None:
        """Queue the callback(s) for when `tx` reaches its final state."""
        if tx.callback_url is None or not tx.outcome.settles:
            return
        self._plan(tx, tx.settles_at, copies, interval)

    def plan_cancel_callbacks(self, tx: Transaction) -> None:
        """A transaction ended now (cancelled, or decided by the payer): its earlier planned
        callbacks are void and the final state is called back at once."""
        if tx.callback_url is None:
            return
        tx.extra["callback_generation"] = tx.extra.get("callback_generation", 0) + 1
        self._plan(tx, self.clock.now(), self.settings.callback_copies, 0.0)

    def redeliver(self, index: int) -> CallbackDelivery:
        """Send callback number `index` (0-based, in `callbacks` order) again, same body."""
        if not 0 <= index < len(self.callbacks):
            raise KeyError(f"no callback #{index}")
        original = self.callbacks[index]
        delivery = attrs.evolve(
            original, scheduled_at=self.clock.now(), lost=False, note=f"redelivery of #{index}"
        )
        self.callbacks.append(delivery)
        self.sender.send(delivery)
        return delivery

    def _plan(self, tx: Transaction, due: float, copies: int, interval: float) -> None:
        generation = tx.extra.get("callback_generation", 0)
        for index in range(max(copies, 1)):

            def emit(copy: int = index + 1, lost: bool = copies == 0) -> None:
                if tx.extra.get("callback_generation", 0) == generation:
                    self._emit(tx, copy, lost)

            self.schedule(due + index * interval, emit)
        self.run_due()

    def _emit(self, tx: Transaction, copy: int, lost: bool) -> None:
        assert tx.callback_url is not None
        now = self.clock.now()
        delivery = CallbackDelivery(
            product=tx.product,
            operation=tx.operation,
            reference_id=tx.reference_id,
            url=tx.callback_url,
            method=callback_method(tx.kind, tx.version),
            body=dump_json(callback_body(tx, now)),
            copy=copy,
            scheduled_at=now,
            lost=lost,
            note="lost (callbacks fault)" if lost else None,
        )
        if not lost and self.drop_next > 0:
            self.drop_next -= 1
            delivery = attrs.evolve(delivery, lost=True, note="dropped (drop next N)")
        self.callbacks.append(delivery)
        if not delivery.lost:
            self.sender.send(delivery)
