"""Reference ids: MoMo's ``X-Reference-Id`` is both the idempotency key and the resource id.

A reference id is chosen once per logical operation, before the first attempt, and reused on every
retry; that is what makes retrying a create safe. The runner calls the optional
``on_reference_id`` hook (:data:`ReferenceIdHook`) before anything is sent, so callers can persist
the id first (a write-ahead record): if the hook raises, the operation is abandoned and nothing
reaches MoMo.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import attrs

from ._validation import validate_reference_id

ReferenceIdHook = Callable[[str], object]
"""Called with the reference id before the request is sent; may return an awaitable (async only)."""


def new_reference_id() -> str:
    """A fresh UUID4 string, lower-case and hyphenated."""
    # What str(uuid.uuid4()) returns (same random source, same version and variant bits),
    # without building a UUID object only to format it.
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@attrs.frozen
class ReferenceIdChoice:
    """The reference id an operation will use, and whether the caller picked it.

    ``supplied_by_caller`` matters when MoMo answers 409 on the first attempt: an SDK-minted UUID4
    cannot collide with anything but itself, while a caller's id may belong to an earlier call.
    """

    value: str
    supplied_by_caller: bool


def choose_reference_id(reference_id: object = None) -> ReferenceIdChoice:
    """Validate the caller's id, or mint one if ``reference_id`` is ``None``."""
    if reference_id is None:
        return ReferenceIdChoice(new_reference_id(), supplied_by_caller=False)
    return ReferenceIdChoice(validate_reference_id(reference_id), supplied_by_caller=True)


def _close_unawaited(awaitable: object) -> None:
    # Avoid "coroutine was never awaited" warnings on top of the real error.
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()
