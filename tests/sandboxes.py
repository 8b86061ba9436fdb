"""The sandbox most tests start: callbacks recorded in memory, never sent, and a fixed seed, so
generated ids, keys and tokens are the same on every run."""

from __future__ import annotations

from typing import Any

from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox

SEED = 11


def recording_sandbox(**options: Any) -> Sandbox:
    """``Sandbox(callback_sender=RecordingCallbackSender(), seed=SEED, **options)``."""
    return Sandbox(**{"callback_sender": RecordingCallbackSender(), "seed": SEED, **options})
