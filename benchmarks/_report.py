"""Presenting results: the machine they came from, a plain-text table and a PNG chart."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
import sys
from pathlib import Path
from typing import Any

PACKAGES = (
    "momo-wrapper",
    "httpx",
    "httpcore",
    "anyio",
    "sniffio",
    "aiohttp",
    "httpx-aiohttp",
    "mtn-momo-client",
)


def machine_info() -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "load_average_at_start": list(os.getloadavg()),
        "packages": {name: _version(name) for name in PACKAGES},
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        pages, page_size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None
    return round(pages * page_size / 2**30, 1)


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


# -- the table -------------------------------------------------------------------------------------


def _rows_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0])]
            + [cell.rjust(width) for cell, width in zip(rest, widths[1:], strict=True)]
        )

    rule = "-" * len(line(header))
    return "\n".join([title, rule, line(header), rule, *(line(row) for row in rows), ""])


def _verdict(comparison: dict[str, Any]) -> str:
    ratio, target = comparison["ratio"], comparison["target"]
    rounds = " ".join(f"{r:.2f}" for r in comparison["rounds_ratio"])
    return (
        f"{comparison['subject']} / {comparison['baseline']}: {ratio:.2f}, median of the rounds "
        f"[{rounds}] (target >= {target:g}: {'met' if ratio >= target else 'MISSED'}); "
        f"ratio of the medians {comparison['ratio_of_medians']:.2f}; "
        f"client CPU per payment, theirs / ours: {comparison['cpu_ratio']:.2f}"
    )


def render_table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    parts = [
        f"momo-wrapper benchmarks, {machine['date']}",
        f"{machine['cpu']} x{machine['cpu_count']}, Python {machine['python']}, "
        f"load average (1 min) at start {machine['load_average_at_start'][0]:.2f}, "
        f"at end {machine['load_average_at_end'][0]:.2f}",
        "",
    ]
    sync = results["sync"]
    parts.append(
        _rows_table(
            f"Sync, sequential, no added latency ({sync['payments']} payments x "
            f"{sync['rounds']} rounds, median)",
            ["client", "payments/s", "client CPU us/payment", "connections (peak)"],
            [
                [
                    name,
                    f"{v['payments_per_second']:.0f}",
                    f"{v['cpu_us_per_payment']:.0f}",
                    f"{v['peak_connections']}",
                ]
                for name, v in sync["variants"].items()
            ],
        )
    )
    parts.append(_verdict(sync))
    peer = sync.get("vs_peer")
    parts.append(
        (_verdict(peer) if peer else "peer SDK comparison skipped: mtn-momo-client not installed")
        + "\n"
    )
    for asyn in results["async"]:
        parts.append(_async_table(asyn))
    parts.append(_cpu_table(results["cpu_per_call"]))
    parts.append(_ledger_table(results["ledgers"]))
    parts.append(
        _rows_table(
            "Token requests on a cold cache",
            ["callers", "collection", "disbursement", "1 per product"],
            [
                [
                    f"{s['callers']} {s['mode']}",
                    str(s["token_requests"]["collection"]),
                    str(s["token_requests"]["disbursement"]),
                    "yes" if s["ok"] else "NO",
                ]
                for s in results["token_stampede"]
            ],
        )
    )
    imports = results["import_time"]
    parts.append(
        _rows_table(
            f"Import time (fresh interpreter, median of {imports['repeats']})",
            ["module", "ms"],
            [[name, f"{v['median_ms']:.0f}"] for name, v in imports["modules"].items()],
        )
    )
    parts.append(
        f"momo_wrapper / httpx: {imports['ratio']:.2f} "
        f"(target <= {imports['ratio_target']:g}: {_met(imports['ratio_met'])})\n"
    )
    parts.append(_startup_table(results["startup"]))
    return "\n".join(parts)


def _met(met: bool) -> str:
    return "met" if met else "MISSED"


def _async_table(asyn: dict[str, Any]) -> str:
    table = _rows_table(
        f"Async, {asyn['concurrency']} payments in flight, {asyn['latency_ms']:g} ms added "
        f"latency ({asyn['payments']} payments x {asyn['rounds']} rounds, median)",
        ["client", "payments/s", "client CPU us/payment", "peak conns", "conns opened"],
        [
            [
                name,
                f"{v['payments_per_second']:.0f}",
                f"{v['cpu_us_per_payment']:.0f}",
                f"{v['peak_connections']}",
                f"{v['opened_connections']}",
            ]
            for name, v in asyn["variants"].items()
        ],
    )
    return (
        table
        + _verdict(asyn)
        + f"\nvs httpx default transport: {asyn['ratio_vs_httpx_default']:.2f}x; "
        f"peak connections <= in flight: {asyn['connections_within_in_flight']}\n"
    )


def _cpu_table(cpu: dict[str, Any]) -> str:
    table = _rows_table(
        "CPU per call, in-process canned transport (best of interleaved batches)",
        ["client", "mode", "request_to_pay us", "get_status us"],
        [
            [row["client"], row["mode"], f"{row['request_to_pay']:.0f}", f"{row['get_status']:.0f}"]
            for row in cpu["rows"]
        ],
    )
    lines = [
        f"wrapper over generated, {o['mode']} {o['operation']}: {o['over_generated_us']:.0f} us "
        f"(target <= {o['target_us']:g}: {_met(o['met'])})"
        for o in cpu["overhead"]
    ]
    return table + "\n".join(lines) + "\n"


def _ledger_table(ledgers: dict[str, Any]) -> str:
    table = _rows_table(
        f"Ledger cost per create, canned transport ({ledgers['creates']} creates x "
        f"{ledgers['batches']} batches, median; generated create {ledgers['generated_ms']:.3f} ms)",
        ["ledger", "create ms", "over generated ms"],
        [
            [name, f"{v['create_ms']:.3f}", f"{v['overhead_ms']:.3f}"]
            for name, v in ledgers["ledgers"].items()
        ],
    )
    redis = "" if ledgers["redis_measured"] else "redis skipped: no redis-server binary\n"
    return (
        table
        + redis
        + f"SQLite overhead target <= {ledgers['sqlite_target_ms']:g} ms: "
        + f"{_met(ledgers['sqlite_met'])}\n"
    )


def _startup_table(startup: dict[str, Any]) -> str:
    cli = startup["cli_help"]
    table = _rows_table(
        "Start-up (fresh process, wall time, median)",
        ["command", "s"],
        [[name, f"{v['median_s']:.3f}"] for name, v in cli.items()],
    )
    user = startup["sync_user"]
    imported = ", ".join(user["imported"]) or "none"
    return (
        table
        + f"momo --help target <= {startup['cli_help_target_s']:g} s: "
        + f"{_met(startup['cli_help_met'])}\n"
        + f"MomoClient + one sync call imports {user['module_count']} modules; "
        + f"of {', '.join(user['checked'])}: {imported}\n"
    )


# -- the chart -------------------------------------------------------------------------------------


def draw_chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(2, 2, figsize=(14, 9))
    sync, asyn = results["sync"], results["async"][-1]
    _bars(
        axes[0][0],
        sync["variants"],
        "payments_per_second",
        "Sync, sequential (payments/s)",
        f"ratio {sync['ratio']:.2f}",
    )
    _bars(
        axes[0][1],
        asyn["variants"],
        "payments_per_second",
        f"Async, {asyn['concurrency']} in flight, {asyn['latency_ms']:g} ms latency (payments/s)",
        f"ratio vs aiohttp baseline {asyn['ratio']:.2f}",
        annotate=lambda v: (
            f"{v['payments_per_second']:.0f}/s\n"
            f"{v['peak_connections']} conns at once, {v['opened_connections']} opened"
        ),
    )
    _cpu_bars(axes[1][0], results["cpu_per_call"]["rows"])
    imports = results["import_time"]["modules"]
    _bars(axes[1][1], imports, "median_ms", "Import time (ms, median)", "")
    machine = results["machine"]
    figure.suptitle(
        f"momo-wrapper benchmarks - {machine['date']} - {machine['cpu']} x{machine['cpu_count']}, "
        f"Python {machine['python']}"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _bars(
    axis: Any,
    variants: dict[str, dict[str, Any]],
    key: str,
    title: str,
    note: str,
    annotate: Any = None,
) -> None:
    names = list(variants)
    values = [variants[name][key] for name in names]
    colours = ["tab:blue" if "Momo" in name else "tab:gray" for name in names]
    bars = axis.barh(range(len(names)), values, color=colours)
    axis.set_yticks(range(len(names)), [name.replace(" (", "\n(") for name in names], fontsize=8)
    axis.invert_yaxis()
    axis.set_title(title, fontsize=10)
    for bar, name in zip(bars, names, strict=True):
        label = annotate(variants[name]) if annotate else f"{variants[name][key]:.0f}"
        axis.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f" {label}",
            va="center",
            fontsize=8,
        )
    axis.set_xlim(0, max(values) * 1.6)  # room for the labels
    if note:
        axis.text(0.98, 0.02, note, transform=axis.transAxes, ha="right", fontsize=9)


def _cpu_bars(axis: Any, rows: list[dict[str, Any]]) -> None:
    labels = [f"{row['client']}\n{row['mode']}" for row in rows]
    positions = range(len(rows))
    width = 0.4
    axis.bar(
        [p - width / 2 for p in positions],
        [r["request_to_pay"] for r in rows],
        width,
        label="request_to_pay",
    )
    axis.bar(
        [p + width / 2 for p in positions],
        [r["get_status"] for r in rows],
        width,
        label="get_request_to_pay_status",
    )
    axis.set_xticks(list(positions), labels, fontsize=8)
    axis.set_ylabel("CPU us per call")
    axis.set_title("Per-call CPU, in-process transport", fontsize=10)
    axis.legend(fontsize=8)
