"""Start-up cost, each sample a fresh interpreter: ``momo --help`` wall time, and which modules a
sync-only user of ``MomoClient`` ends up importing.

``momo --help`` is timed as a whole process (interpreter start-up included: that is what a
user waits for); ``python -c pass`` in the same run is reported beside it, as the floor.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any

# Modules a sync-only user should not pay for unless configured to use them.
HEAVY = (
    "asyncio",
    "aiohttp",
    "sqlite3",
    "redis",
    "psycopg",
    "momo_wrapper.callbacks",
    "momo_wrapper.stores",
    "momo_wrapper.sandbox",
    "momo_wrapper.cli",
)

_SYNC_USER = """
import json, sys
import httpx
from momo_wrapper import MomoClient, MomoConfig, ProductCredentials

def answer(request):
    if request.url.path.endswith("/token/"):
        return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
    return httpx.Response(202)

config = MomoConfig(
    base_url="http://127.0.0.1:9",
    collection=ProductCredentials(
        subscription_key="0" * 32,
        api_user="2f6f3c51-1b4a-4a63-9e6e-2b1e9c1f4f55",
        api_key="1" * 32,
    ),
)
with MomoClient(config, transport=httpx.MockTransport(answer)) as momo:
    momo.collection.request_to_pay(amount="5", payer="46733123459", external_id="startup")
print(json.dumps(sorted(sys.modules)))
"""


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}


def _wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=_environment())
    return time.perf_counter() - started


def _momo_command() -> list[str]:
    script = shutil.which("momo", path=os.path.dirname(sys.executable)) or shutil.which("momo")
    if script is None:
        return [sys.executable, "-m", "momo_wrapper.cli"]
    return [script]


def cli_help_seconds(repeats: int) -> dict[str, Any]:
    momo = [*_momo_command(), "--help"]
    floor = [sys.executable, "-c", "pass"]
    _wall(momo)  # the first run may write bytecode caches
    samples = {"momo --help": [], "python -c pass": []}
    for _ in range(repeats):
        samples["momo --help"].append(_wall(momo))
        samples["python -c pass"].append(_wall(floor))
    return {name: {"median_s": statistics.median(s), "samples_s": s} for name, s in samples.items()}


def sync_user_modules() -> dict[str, Any]:
    """The heavy modules imported by ``from momo_wrapper import MomoClient`` plus one sync call
    (no store, no callbacks configured)."""
    output = subprocess.run(
        [sys.executable, "-c", _SYNC_USER],
        check=True,
        capture_output=True,
        text=True,
        env=_environment(),
    ).stdout
    loaded = set(json.loads(output))
    imported = [name for name in HEAVY if name in loaded]
    return {"checked": list(HEAVY), "imported": imported, "module_count": len(loaded)}
