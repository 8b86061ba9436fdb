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
    for section in ("sync", "async"):
        for variant in results[section]["variants"].values():
            assert variant["payments_per_second"] > 0
    assert results["async"]["connections_within_in_flight"] is True
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
