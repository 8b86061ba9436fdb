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


_HELP = """
import contextlib, io, json, sys
from momo_wrapper.cli import main
with contextlib.redirect_stdout(io.StringIO()) as shown:
    code = main(["--help"])
assert code == 0 and "usage: momo" in shown.getvalue(), (code, shown.getvalue())
print(json.dumps(sorted(sys.modules)))
"""

#: What a command's own code needs; ``momo --help`` and usage errors build only the parser.
_CLIENT_MODULES = ("httpx", "momo_openapi_client", "momo_wrapper._client", "momo_wrapper._api")


def test_momo_help_imports_neither_httpx_nor_the_client() -> None:
    loaded = _loaded(_HELP)
    assert "momo_wrapper.cli._parser" in loaded
    assert sorted(name for name in loaded if name.startswith(_CLIENT_MODULES)) == []
    # Not asyncio, the stores, the callbacks or the sandbox either (the CLI itself is "heavy"
    # for a library user, so it is left out here).
    assert [name for name in _heavy_in(loaded) if not name.startswith("momo_wrapper.cli")] == []
