"""The pytest plugin (running the README's example), the README quick start, the clock."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from momo_wrapper.sandbox import Outcome, VirtualClock

REPO = Path(__file__).resolve().parents[2]
README = REPO / "momo_wrapper" / "sandbox" / "README.md"


def readme_block(after: str) -> str:
    text = README.read_text()
    match = re.search(re.escape(after) + r".*?```python\n(.*?)```", text, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_readme_plugin_example_passes_under_pytest(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        'pytest_plugins = ["momo_wrapper.sandbox.pytest_plugin"]\n'
    )
    (tmp_path / "test_example.py").write_text(readme_block("<!-- example: pytest-plugin -->"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_readme_quick_start_runs() -> None:
    namespace: dict[str, object] = {}
    exec(readme_block("## Quick start (in-process)"), namespace)
    sandbox = namespace["sandbox"]
    assert len(sandbox.resources()) == 1  # type: ignore[attr-defined]


def test_clock_is_frozen_until_advanced_and_notifies() -> None:
    clock = VirtualClock(start=1000.0)
    calls: list[float] = []
    clock.add_listener(lambda: calls.append(clock.now()))
    assert clock.now() == 1000.0
    clock.advance(30)
    assert (clock.now(), calls) == (1030.0, [1030.0])
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    assert "frozen" in repr(clock)


def test_clock_can_follow_real_time() -> None:
    clock = VirtualClock(start=0.0, follow_real_time=True)
    first = clock.now()
    time.sleep(0.01)
    assert clock.now() > first
    clock.advance(100)
    assert clock.now() >= 100
    assert clock.follows_real_time


def test_outcome_timeline() -> None:
    ongoing = Outcome("SUCCESSFUL", interim_status="PENDING", settle_after=30)
    assert ongoing.at(0) == ("PENDING", None)
    assert ongoing.at(30) == ("SUCCESSFUL", None)
    assert Outcome("FAILED", "EXPIRED").at(0) == ("FAILED", "EXPIRED")
    assert not Outcome("CREATED").settles
