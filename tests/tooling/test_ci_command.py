"""`.ci/run` runs exactly the README's test command."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_the_readme_test_command() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    command = lines[-1]
    assert command.endswith("python3 -m nox")
    assert f"$ {command}\n" in (ROOT / "README.md").read_text()
