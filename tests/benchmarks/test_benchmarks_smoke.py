"""``python -m benchmarks --quick``: every measurement runs and lands in the JSON, table and chart.

The numbers of a quick run mean nothing; what is checked is that each part measured something and
the properties that must hold at any size (one token per product, bounded connections).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.__main__ import main
from benchmarks._server import CountingSet


def test_counting_set_tracks_the_peak_and_every_addition() -> None:
    connections = CountingSet()
    for item in ("a", "b", "c"):
        connections.add(item)
    connections.discard("a")
    connections.add("d")
    assert (connections.peak, connections.opened, len(connections)) == (3, 4, 3)
    connections.reset()
    assert (connections.peak, connections.opened) == (3, 0)


@pytest.mark.slow
def test_a_quick_run_writes_every_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")  # the chart
    pytest.importorskip("httpx_aiohttp")  # the aiohttp baseline
    assert main(["--quick", "--output", str(tmp_path)]) == 0

    results = json.loads((tmp_path / "results.json").read_text())
    assert results["machine"]["cpu_count"] >= 1
    assert results["machine"]["date"]
    sections = [results["sync"], *results["async"]]
    assert [a["latency_ms"] for a in results["async"]] == [0, 20]
    for section in sections:
        for variant in section["variants"].values():
            assert variant["payments_per_second"] > 0
    assert all(a["connections_within_in_flight"] for a in results["async"])
    overhead = results["cpu_per_call"]["overhead"]
    assert {(o["mode"], o["operation"]) for o in overhead} == {
        (mode, operation)
        for mode in ("sync", "async")
        for operation in ("request_to_pay", "get_status")
    }
    ledgers = results["ledgers"]["ledgers"]
    assert {"memory", "sqlite"} <= set(ledgers)
    assert all(v["create_ms"] > 0 for v in ledgers.values())
    startup = results["startup"]
    assert startup["cli_help"]["momo --help"]["median_s"] > 0
    assert startup["sync_user"]["module_count"] > 0
    assert results["import_time"]["ratio"] > 0
    assert all(stampede["ok"] for stampede in results["token_stampede"])
    assert {row["client"] for row in results["cpu_per_call"]["rows"]} == {
        "wrapper",
        "generated",
        "httpx",
    }
    assert set(results["import_time"]["modules"]) == {"httpx", "momo_wrapper"}
    assert (tmp_path / "results.png").read_bytes().startswith(b"\x89PNG")
    assert "AsyncMomoClient" in (tmp_path / "results.txt").read_text()
    assert "Token requests on a cold cache" in capsys.readouterr().out
