"""The ledger in Redis: every process on every host shares it.

Keys (``<p>`` is the key prefix, ``momo`` by default)::

    <p>:ledger:v1:entry:<reference id>     the entry, as JSON
    <p>:ledger:v1:key:<sha256 of key>      business key -> reference id
    <p>:ledger:v1:open                     sorted set of unsettled reference ids, by updated_at
    <p>:ledger:v1:migrated:<name>          set once a migration step has run

``reserve`` is one Lua script (check the key and the reference id, else write entry, key and
open index), so it is atomic and safe to repeat: a retry after a lost reply finds the entry it
wrote. A state change reads the entry, applies the pure rule, and writes it with a
compare-and-set script that fails if anyone changed the entry meanwhile; then it reads again.
Entries never expire.

Redis must keep what it acknowledged for the ledger to be worth anything: run it with AOF
persistence (``appendonly yes``) and ``maxmemory-policy noeviction``.
"""

from __future__ import annotations

import hashlib
import json
from typing import TypeVar

from momo_wrapper._clock import SYSTEM_CLOCK, Clock
from momo_wrapper._errors import LedgerEntryNotFoundError
from momo_wrapper._ledger import Change, Ledger, LedgerEntry, LedgerState
from momo_wrapper._store_plugins import redact_url

from ._redis import RedisCall, RedisConnection, Script, eval_call
from ._redis_tokens import DEFAULT_KEY_PREFIX
from ._steps import Steps, run_async, run_sync

T = TypeVar("T")

_STORE = "redis ledger"

# KEYS: key index, candidate entry key, open index. ARGV: reference id, entry JSON, score,
# entry key prefix. Returns {1 if written else 0, the stored entry's JSON}.
_RESERVE = Script("""
local existing = redis.call('GET', KEYS[1])
if existing then
  local stored = redis.call('GET', ARGV[4] .. existing)
  if not stored then
    return redis.error_reply('MOMO_LEDGER_BROKEN business key index points to missing entry '
      .. existing)
  end
  return {0, stored}
end
local taken = redis.call('GET', KEYS[2])
if taken then
  return {0, taken}
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, ARGV[2]}
""")

# KEYS: entry key, open index. ARGV: expected JSON, new JSON, reference id, score ('' = closed).
_COMPARE_AND_SET = Script("""
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[2], ARGV[3])
else
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
end
return 1
""")


def _encode(entry: LedgerEntry) -> str:
    return json.dumps(entry.to_record(), sort_keys=True, separators=(",", ":"))


def _decode(raw: object) -> LedgerEntry:
    return LedgerEntry.from_record(json.loads(str(raw)))


def _open_score(entry: LedgerEntry) -> str:
    return repr(entry.updated_at) if entry.is_open else ""


class RedisLedger(Ledger):
    def __init__(
        self,
        url: str,
        *,
        display_url: str | None = None,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(clock=clock)
        self._redis = RedisConnection(url, display_url=display_url or redact_url(url), store=_STORE)
        self.display_url = self._redis.display_url
        self._base = f"{key_prefix}:ledger:v1"
        self._refusals_listed = False

    def _entry_key(self, reference_id: str) -> str:
        return f"{self._base}:entry:{reference_id}"

    @property
    def _open_key(self) -> str:
        return f"{self._base}:open"

    # -- the steps, shared by the sync and async primitives -----------------------------------

    def _reserve_steps(self, candidate: LedgerEntry) -> Steps[RedisCall, tuple[LedgerEntry, bool]]:
        digest = hashlib.sha256(candidate.business_key.encode()).hexdigest()
        stored = yield eval_call(
            _RESERVE,
            [
                f"{self._base}:key:{digest}",
                self._entry_key(candidate.reference_id),
                self._open_key,
            ],
            [
                candidate.reference_id,
                _encode(candidate),
                _open_score(candidate),
                self._entry_key(""),
            ],
        )
        assert isinstance(stored, list)
        written, raw = stored
        return _decode(raw), bool(written)

    def _update_steps(self, reference_id: str, change: Change) -> Steps[RedisCall, LedgerEntry]:
        while True:
            raw = yield RedisCall("get", (self._entry_key(reference_id),))
            if raw is None:
                raise LedgerEntryNotFoundError(reference_id, store=_STORE)
            current = _decode(raw)
            updated = change(current)
            if updated == current:
                return current
            written = yield eval_call(
                _COMPARE_AND_SET,
                [self._entry_key(reference_id), self._open_key],
                [raw, _encode(updated), reference_id, _open_score(updated)],
            )
            if written:
                return updated
            # Someone changed the entry between our read and write: apply the rule to theirs.

    def _refusals_listed_steps(self) -> Steps[RedisCall, None]:
        """Once per ledger: list FAILED_TO_SUBMIT entries written when refusals were settled at
        once (they were left out of the unsettled index), so reconcile checks them too."""
        if self._refusals_listed:
            return
        marker = f"{self._base}:migrated:failed-to-submit-unsettled"
        if (yield RedisCall("get", (marker,))) is None:
            cursor: object = 0
            while True:
                reply = yield RedisCall(
                    "scan", (cursor,), {"match": self._entry_key("*"), "count": 500}
                )
                assert isinstance(reply, list | tuple)
                cursor, keys = reply
                raws = (yield RedisCall("mget", (list(keys),))) if keys else []
                assert isinstance(raws, list)
                for raw in raws:
                    entry = None if raw is None else _decode(raw)
                    if entry is not None and entry.state is LedgerState.FAILED_TO_SUBMIT:
                        yield RedisCall(
                            "zadd",
                            (self._open_key, {entry.reference_id: entry.updated_at}),
                            {"nx": True},
                            writes=True,
                        )
                if int(str(cursor)) == 0:
                    break
            yield RedisCall("set", (marker, "1"), writes=True)
        self._refusals_listed = True

    def _pending_steps(
        self, cutoff: float, limit: int | None
    ) -> Steps[RedisCall, list[LedgerEntry]]:
        yield from self._refusals_listed_steps()
        window = {"start": 0, "num": limit} if limit is not None else {}
        references = yield RedisCall(
            "zrangebyscore", (self._open_key, "-inf", repr(cutoff)), window
        )
        assert isinstance(references, list)
        if not references:
            return []
        raws = yield RedisCall("mget", ([self._entry_key(ref) for ref in references],))
        assert isinstance(raws, list)
        # An entry closed between the two reads is no longer pending.
        entries = [_decode(raw) for raw in raws if raw is not None]
        return [entry for entry in entries if entry.is_open]

    def _get_steps(self, reference_id: str) -> Steps[RedisCall, LedgerEntry | None]:
        raw = yield RedisCall("get", (self._entry_key(reference_id),))
        return None if raw is None else _decode(raw)

    # -- primitives ---------------------------------------------------------------------------

    def _run(self, steps: Steps[RedisCall, T], operation: str) -> T:
        return run_sync(
            steps, lambda call: self._redis.execute(call, operation=operation), self._clock
        )

    async def _arun(self, steps: Steps[RedisCall, T], operation: str) -> T:
        async def execute(call: RedisCall) -> object:
            return await self._redis.aexecute(call, operation=operation)

        return await run_async(steps, execute, self._clock)

    def _insert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return self._run(self._reserve_steps(candidate), "reserve")

    def _update(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return self._run(self._update_steps(reference_id, change), operation)

    def _pending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return self._run(self._pending_steps(cutoff, limit), "pending")

    def _get(self, reference_id: str) -> LedgerEntry | None:
        return self._run(self._get_steps(reference_id), "get")

    async def _ainsert_or_get(self, candidate: LedgerEntry) -> tuple[LedgerEntry, bool]:
        return await self._arun(self._reserve_steps(candidate), "reserve")

    async def _aupdate(self, reference_id: str, change: Change, operation: str) -> LedgerEntry:
        return await self._arun(self._update_steps(reference_id, change), operation)

    async def _apending(self, cutoff: float, limit: int | None) -> list[LedgerEntry]:
        return await self._arun(self._pending_steps(cutoff, limit), "pending")

    async def _aget(self, reference_id: str) -> LedgerEntry | None:
        return await self._arun(self._get_steps(reference_id), "get")

    def close(self) -> None:
        self._redis.close()

    async def aclose(self) -> None:
        await self._redis.aclose()
        self.close()
