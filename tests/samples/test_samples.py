"""Every code block of README.md and docs/ runs against a served local sandbox, time-bounded.

The fence convention is in md_samples.py (and docs/contributing.md). A block that fails, prints
something other than the output the docs show, or runs longer than its limit fails this test.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from momo_wrapper.cli._serve import demo_env_values
from momo_wrapper.sandbox import PRODUCTS, Sandbox, VirtualClock, serve_sandbox
from tests.samples.md_samples import BLOCK_TIMEOUT, RUN, Block, file_run, matches, parse

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")], key=lambda p: p.relative_to(ROOT)
)

#: (file, first line of the block) of every block marked `not-run`, with the reason in the file.
#: Adding a not-run block means adding it here, in review.
NOT_RUN = {
    # Installing: the suite already runs inside the environment these commands create.
    ("README.md", "$ python3 -m pip install momo-wrapper           # the SDK, the sandbox, `momo`"),
    (
        "README.md",
        '$ python3 -m pip install --quiet "nox==2026.10.20" "uv==0.13.9" && python3 -m nox -s demo',
    ),
    # The generator rewrites generated/; `nox -s check_generated` (in the suite) runs it.
    ("README.md", "$ python3 -m nox -s lint_spec generate"),
    # Needs a PostgreSQL server; tests/e2e/test_example_orders_outbox.py runs the same flow.
    ("docs/stores.md", "from sqlalchemy.orm import Session"),
}


@pytest.fixture(scope="module")
def sample_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The process environment plus MOMO_* settings of a local sandbox served on a free port,
    and a state directory of its own (the CLI keeps its ledger there, not in the real home)."""
    sandbox = Sandbox(clock=VirtualClock(follow_real_time=True))
    with serve_sandbox(sandbox, port=0) as server:
        creds = {p: sandbox.provision(p, callback_host="127.0.0.1") for p in PRODUCTS}
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOMO_")}
        env.update(demo_env_values(server.base_url, creds))
        env["MOMO_STATE_DIR"] = str(tmp_path_factory.mktemp("momo-state"))
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "generated")])
        env["PYTHONUNBUFFERED"] = "1"
        yield env
    sandbox.close()


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_samples_of(path: Path, sample_env: dict[str, str]) -> None:
    blocks = parse(path)
    with file_run(sample_env) as run:
        for block in blocks:
            run.run(block)


def test_every_not_run_block_is_listed_and_every_listed_one_exists() -> None:
    found = {
        (_rel(b.path), b.first_line) for path in FILES for b in parse(path) if b.marker == "not-run"
    }
    assert found == NOT_RUN


def test_the_docs_have_samples_and_most_are_run() -> None:
    """Guard against a collector that silently finds nothing."""
    blocks = [b for path in FILES for b in parse(path)]
    run = [b for b in blocks if b.lang in RUN and b.marker != "not-run"]
    assert len(run) >= 15
    assert any(b.expected for b in run), "no sample shows its output"
    assert {b.path.name for b in run} >= {"README.md", "quickstart.md", "test-numbers.md"}


# ---- the runner itself: it must be able to fail ------------------------------------------------


def _md(tmp_path: Path, text: str) -> list[Block]:
    path = tmp_path / "x.md"
    path.write_text(text)
    return parse(path)


def _run_all(tmp_path: Path, text: str, env: dict[str, str]) -> None:
    with file_run(env) as run:
        for block in _md(tmp_path, text):
            run.run(block)


def test_a_block_without_a_language_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fence language"):
        _md(tmp_path, "```\nprint(1)\n```\n")


def test_a_failing_block_fails(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="exit code 1"):
        _run_all(tmp_path, "```python\nraise SystemExit(1)\n```\n", dict(os.environ))
    with pytest.raises(AssertionError, match="exit code 3"):
        _run_all(tmp_path, "```console\n$ true\n$ exit 3\n$ true\n```\n", dict(os.environ))


def test_wrong_output_fails_and_ellipsis_matches_anything(tmp_path: Path) -> None:
    good = "```python\nprint('ref 1234 ok')\n```\n\n```text\nref ... ok\n```\n"
    _run_all(tmp_path, good, dict(os.environ))
    bad = "```python\nprint('ref 1234 FAILED')\n```\n\n```text\nref ... ok\n```\n"
    with pytest.raises(AssertionError, match="but the docs show"):
        _run_all(tmp_path, bad, dict(os.environ))
    with pytest.raises(AssertionError, match="but the docs show"):
        _run_all(tmp_path, "```console\n$ echo 1\n2\n```\n", dict(os.environ))
    assert matches("a\n...\nz", "a\nb\nc\nz")
    assert not matches("a ... z", "a b c")


def test_a_hanging_block_fails_at_its_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.samples import md_samples

    monkeypatch.setattr(md_samples, "BLOCK_TIMEOUT", 1.0)
    with pytest.raises(AssertionError, match="still running after 1 s"):
        _run_all(tmp_path, "```bash\nsleep 30\n```\n", dict(os.environ))
    assert BLOCK_TIMEOUT == 60.0  # the real limit is untouched


def test_a_not_run_block_needs_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        _md(tmp_path, "<!-- sample: not-run -->\n```bash\nfalse\n```\n")


def test_a_background_block_is_stopped_after_the_file(tmp_path: Path) -> None:
    text = (
        "<!-- sample: background -->\n```console\n$ bash -c 'echo ready; sleep 60'\n```\n\n"
        "```console\n$ echo after\nafter\n```\n"
    )
    with file_run(dict(os.environ)) as run:
        for block in _md(tmp_path, text):
            run.run(block)
        (process,) = run.background
        assert process.poll() is None
    assert process.poll() is not None
