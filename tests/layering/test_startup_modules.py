"""What a program pays for at start-up: a sync-only ``MomoClient`` user, and ``momo --help``.

Module sets, not times: each check runs a fresh interpreter and lists what it imported. The
heavy-module list and the sync user's program are the start-up benchmark's own (one list).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks._startup import _SYNC_USER, HEAVY


def _loaded(program: str) -> set[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(modules)


def _heavy_in(loaded: set[str]) -> list[str]:
    return sorted(
        name for name in loaded if any(name == h or name.startswith(f"{h}.") for h in HEAVY)
    )


def test_a_sync_client_call_imports_no_heavy_module() -> None:
    loaded = _loaded(_SYNC_USER)
    assert "momo_wrapper._client" in loaded  # the program did reach the client
    assert _heavy_in(loaded) == []
