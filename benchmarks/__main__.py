"""``python -m benchmarks``: every measurement in one run, printed as a table, saved as JSON + PNG.

The sandbox is served from a child process on 127.0.0.1 (see ``_server``), so client and server
do not share a GIL. Variants run interleaved, round after round, and each figure is the median
round, so a burst of load from elsewhere on the machine hits every variant alike. Client CPU
per payment is reported too: unlike payments/s it hardly depends on what else the machine does.

    python -m benchmarks [--quick] [--output bench-results]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from . import _cpu, _imports, _ledgers, _report, _stampede, _startup, _throughput
from ._server import Credentials, ServedSandbox


@attrs.frozen
class Settings:
    sync_payments: int = 500
    sync_rounds: int = 5
    async_payments: int = 1000
    warmup: int = 100
    rounds: int = 5
    concurrency: int = 50
    latencies_seconds: tuple[float, ...] = (0.0, 0.020)
    cpu_calls: int = 1000
    cpu_batches: int = 5
    stampede_tasks: int = 1000
    stampede_threads: int = 50
    import_repeats: int = 7
    ledger_creates: int = 300
    ledger_batches: int = 5

    @classmethod
    def quick(cls) -> Settings:
        """A smoke run: every measurement, small counts (seconds, not minutes)."""
        return cls(
            sync_payments=50,
            sync_rounds=1,
            async_payments=100,
            warmup=10,
            rounds=1,
            cpu_calls=100,
            cpu_batches=2,
            stampede_tasks=100,
            stampede_threads=8,
            import_repeats=2,
            ledger_creates=30,
            ledger_batches=2,
        )


SYNC_TARGET = 0.88
ASYNC_TARGETS = {0.0: 0.85, 0.020: 0.92}
"""Async targets by added latency: at 0 ms the client's own CPU is most of the time."""
CPU_TARGETS_US = {"request_to_pay": 30.0, "get_status": 20.0}
"""Most CPU per call the wrapper may add over the generated client's ``*_detailed`` call."""
CLI_HELP_TARGET_S = 0.12
IMPORT_RATIO_TARGET = 1.5
SQLITE_LEDGER_TARGET_MS = 1.0


def run(settings: Settings, progress: Any = print) -> dict[str, Any]:
    results: dict[str, Any] = {
        "machine": _report.machine_info(),
        "settings": attrs.asdict(settings),
    }
    with ServedSandbox() as server:
        collection = server.provision("collection")
        disbursement = server.provision("disbursement")
        progress("sync throughput ...")
        results["sync"] = _sync(server, collection, settings)
        results["async"] = []
        for latency in settings.latencies_seconds:
            server.add_latency(latency)
            progress(f"async throughput, {latency * 1000:g} ms latency ...")
            results["async"].append(_async(server, collection, settings, latency))
        progress("token stampede ...")
        results["token_stampede"] = [
            attrs.asdict(s) | {"ok": s.ok}
            for s in (
                _stampede.async_stampede(
                    server, [collection, disbursement], settings.stampede_tasks
                ),
                _stampede.threaded_stampede(
                    server, [collection, disbursement], settings.stampede_threads
                ),
            )
        ]
    progress("per-call CPU ...")
    results["cpu_per_call"] = _cpu_per_call(settings)
    progress("ledger overhead per create ...")
    results["ledgers"] = _ledger_overhead(settings)
    progress("import time and start-up ...")
    results["import_time"] = _import_time(settings)
    results["startup"] = _startup_time(settings)
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    return results


def _interleaved(
    names: Iterable[str], rounds: int, run_one: Callable[[str], _throughput.Run]
) -> dict[str, list[_throughput.Run]]:
    """Every variant once per round, in turn, so load from elsewhere hits them alike."""
    runs: dict[str, list[_throughput.Run]] = {name: [] for name in names}
    for _ in range(rounds):
        for name, variant_runs in runs.items():
            variant_runs.append(run_one(name))
    return runs


def _comparison(
    runs: dict[str, list[_throughput.Run]], subject: str, baseline: str, target: float
) -> dict[str, Any]:
    """``subject`` against ``baseline``: the headline ratio is the median of the per-round ratios
    (each round ran both back to back, so a burst of outside load hits the pair alike)."""
    variants = {name: _throughput.summary(r) for name, r in runs.items()}
    paired = [
        mine.payments_per_second / theirs.payments_per_second
        for mine, theirs in zip(runs[subject], runs[baseline], strict=True)
    ]
    ratio = statistics.median(paired)
    return {
        "variants": variants,
        "subject": subject,
        "baseline": baseline,
        "ratio": ratio,
        "rounds_ratio": paired,
        "ratio_of_medians": variants[subject]["payments_per_second"]
        / variants[baseline]["payments_per_second"],
        "cpu_ratio": variants[baseline]["cpu_us_per_payment"]
        / variants[subject]["cpu_us_per_payment"],
        "target": target,
        "met": ratio >= target,
    }


def _sync(server: ServedSandbox, creds: Credentials, settings: Settings) -> dict[str, Any]:
    runs = _interleaved(
        _throughput.SYNC_VARIANTS,
        settings.sync_rounds,
        lambda name: _throughput.run_sync(
            server, creds, name, settings.sync_payments, settings.warmup
        ),
    )
    comparison = _comparison(runs, "MomoClient", "httpx.Client", SYNC_TARGET)
    peer = None
    if _throughput.PEER in runs:
        # Target: at least as fast as the peer (ratio >= 1).
        peer = _comparison(runs, "MomoClient", _throughput.PEER, 1.0)
        del peer["variants"]
    return {
        "payments": settings.sync_payments,
        "rounds": settings.sync_rounds,
        **comparison,
        "vs_peer": peer,
    }


def _async(
    server: ServedSandbox, creds: Credentials, settings: Settings, latency: float
) -> dict[str, Any]:
    runs = _interleaved(
        _throughput.ASYNC_VARIANTS,
        settings.rounds,
        lambda name: _throughput.run_async(
            server,
            creds,
            name,
            payments=settings.async_payments,
            warmup=settings.warmup,
            concurrency=settings.concurrency,
        ),
    )
    target = ASYNC_TARGETS.get(latency, max(ASYNC_TARGETS.values()))
    comparison = _comparison(runs, _throughput.WRAPPER, _throughput.AIOHTTP_BASELINE, target)
    variants = comparison["variants"]
    wrapper = variants[_throughput.WRAPPER]
    default = variants[_throughput.HTTPX_DEFAULT]
    return {
        "payments": settings.async_payments,
        "rounds": settings.rounds,
        "concurrency": settings.concurrency,
        "latency_ms": latency * 1000,
        "connections_counted": (
            "server side: the peak size of SandboxServer.connections (every accepted socket "
            "joins it, every closed one leaves), and how many sockets were accepted"
        ),
        **comparison,
        "ratio_vs_httpx_default": wrapper["payments_per_second"] / default["payments_per_second"],
        "connections_within_in_flight": wrapper["peak_connections"] <= settings.concurrency,
    }


def _cpu_per_call(settings: Settings) -> dict[str, Any]:
    costs = _cpu.measure_sync(settings.cpu_calls, settings.cpu_batches)
    costs += _cpu.measure_async(settings.cpu_calls, settings.cpu_batches)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for cost in costs:
        row = rows.setdefault((cost.mode, cost.client), {"client": cost.client, "mode": cost.mode})
        row[cost.operation] = cost.microseconds
    overhead = []
    for mode in ("sync", "async"):
        ours, generated = rows[mode, "wrapper"], rows[mode, "generated"]
        for operation, target in CPU_TARGETS_US.items():
            extra = ours[operation] - generated[operation]
            overhead.append(
                {
                    "mode": mode,
                    "operation": operation,
                    "over_generated_us": extra,
                    "target_us": target,
                    "met": extra <= target,
                }
            )
    return {
        "unit": "microseconds of process CPU per call",
        "rows": list(rows.values()),
        "overhead": overhead,
    }


def _ledger_overhead(settings: Settings) -> dict[str, Any]:
    measured = _ledgers.measure(settings.ledger_creates, settings.ledger_batches)
    sqlite = measured["ledgers"]["sqlite"]["overhead_ms"]
    measured["sqlite_target_ms"] = SQLITE_LEDGER_TARGET_MS
    measured["sqlite_met"] = sqlite <= SQLITE_LEDGER_TARGET_MS
    return measured


def _startup_time(settings: Settings) -> dict[str, Any]:
    cli = _startup.cli_help_seconds(settings.import_repeats)
    return {
        "cli_help": cli,
        "cli_help_target_s": CLI_HELP_TARGET_S,
        "cli_help_met": cli["momo --help"]["median_s"] <= CLI_HELP_TARGET_S,
        "sync_user": _startup.sync_user_modules(),
    }


def _import_time(settings: Settings) -> dict[str, Any]:
    modules = {}
    for module in ("httpx", "momo_wrapper"):
        samples = _imports.import_seconds(module, settings.import_repeats)
        modules[module] = {"median_ms": _imports.median_ms(samples), "samples_s": samples}
    ratio = modules["momo_wrapper"]["median_ms"] / modules["httpx"]["median_ms"]
    return {
        "repeats": settings.import_repeats,
        "modules": modules,
        "ratio": ratio,
        "ratio_target": IMPORT_RATIO_TARGET,
        "ratio_met": ratio <= IMPORT_RATIO_TARGET,
    }


NEEDED = {"httpx_aiohttp": "httpx-aiohttp", "aiohttp": "aiohttp", "matplotlib": "matplotlib"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    parser.add_argument("--output", type=Path, default=Path("bench-results"))
    args = parser.parse_args(argv)
    missing = [name for module, name in NEEDED.items() if importlib.util.find_spec(module) is None]
    if missing:
        parser.error(f"install {' '.join(missing)} first (`nox -s bench` does)")
    settings = Settings.quick() if args.quick else Settings()
    results = run(settings, progress=lambda text: print(text, file=sys.stderr, flush=True))
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    _report.draw_chart(results, args.output / "results.png")
    table = _report.render_table(results)
    (args.output / "results.txt").write_text(table + "\n")
    print(table)
    print(f"written: {args.output}/results.json, results.png, results.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
