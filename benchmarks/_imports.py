"""Import time of ``momo_wrapper`` next to ``httpx``'s, each in fresh interpreters.

Each sample is one new ``python`` process timing its own ``import`` (interpreter start-up is not
counted); the figure is the median of several samples. A first, uncounted run may write the
bytecode cache (also when ``PYTHONDONTWRITEBYTECODE`` is set for the benchmark itself), so
neither package is timed compiling its sources: installed packages ship compiled already.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

_PROGRAM = (
    "import time; started = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - started)"
)


def _import_once(module: str, environment: dict[str, str]) -> float:
    output = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(module=module)],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    ).stdout
    return float(output)


def import_seconds(module: str, repeats: int) -> list[float]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _import_once(module, environment)
    return [_import_once(module, environment) for _ in range(repeats)]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000
