"""Sans-I/O steps: logic written once as a generator, driven by a sync or an async runner.

A step generator yields commands and receives their results; :class:`Sleep` is the one command
every runner understands. The backend supplies ``execute`` (blocking) or ``aexecute`` (awaitable)
for its own commands, so a retry or wait loop exists once instead of as a sync/async pair.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar

import attrs

from momo_wrapper._clock import Clock

T = TypeVar("T")
C = TypeVar("C")


@attrs.frozen
class Sleep:
    seconds: float


Steps = Generator[C | Sleep, object, T]


def run_sync(steps: Steps[C, T], execute: Callable[[C], object], clock: Clock) -> T:
    """Drive ``steps`` to completion, blocking on each command."""
    reply: object = None
    try:
        while True:
            command = steps.send(reply)
            if isinstance(command, Sleep):
                clock.sleep(command.seconds)
                reply = None
            else:
                reply = execute(command)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def run_async(
    steps: Steps[C, T], aexecute: Callable[[C], Awaitable[object]], clock: Clock
) -> T:
    """Drive ``steps`` to completion, awaiting each command."""
    reply: object = None
    try:
        while True:
            command = steps.send(reply)
            if isinstance(command, Sleep):
                await clock.asleep(command.seconds)
                reply = None
            else:
                reply = await aexecute(command)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
