"""Find the code blocks of the project's Markdown files and run them, each with a time limit.

The fence convention (also in docs/contributing.md):

* ```` ```python ```` -- run as a script in a fresh interpreter.
* ```` ```console ```` -- each ``$ `` line is a shell command, run in order with ``bash -e``;
  the other lines are the output it prints, compared with what it really printed.
* ```` ```bash ```` / ```` ```sh ```` -- the whole block runs with ``bash -e``.
* ```` ```text ```` directly after a ``python`` or ``bash`` block is that block's output and is
  compared with what it printed; anywhere else it is a plain listing.
* In expected output ``...`` stands for any text (a reference id, a key, a port); spaces at
  the start and end of each line are ignored.
* Data (``yaml``, ``toml``, ``json``, ``ini``, ``dotenv``, ``mermaid``) is not run.
* A fence with no language, or a language not named here, is an error.

Two markers, an HTML comment on the line before the fence (invisible on GitHub, PyPI and the
docs site):

* ``<!-- sample: background -->`` on a ``console`` block of one command: the command starts in
  the background, the runner waits for it to print ``ready`` and stops it (SIGTERM) after the
  last block of the file -- the "run this in another terminal" step.
* ``<!-- sample: not-run REASON -->``: not run, for a stated reason; every such block must be
  listed in ``NOT_RUN`` in test_samples.py, so a new one cannot slip in unnoticed.

All blocks of one file run in order in one fresh temporary directory, with ``MOMO_*`` variables
pointing at a served local sandbox. Once a block has written a ``.env`` file there (``momo sandbox
serve --env-file .env``), its lines are laid over the environment of the blocks that follow, as
for a reader who ran ``set -a; . ./.env; set +a``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

RUN = {"python", "console", "bash", "sh"}
DATA = {"yaml", "toml", "json", "ini", "dotenv", "mermaid"}
OUTPUT = "text"
KNOWN = RUN | DATA | {OUTPUT}

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)(?P<info>.*)$")
MARKER = re.compile(r"^\s*<!--\s*sample:\s*(?P<kind>[a-z-]+)\s*(?P<arg>.*?)\s*-->\s*$")

BLOCK_TIMEOUT = 60.0
"""Seconds one block may take; a hanging sample fails instead of stalling the suite."""
READY_TIMEOUT = 30.0


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    code: str
    marker: str | None = None  # "background" / "not-run"
    marker_arg: str = ""
    expected: str | None = None  # the text block that follows, if any
    end: int = 0  # 0-based index of the line after the closing fence

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    @property
    def first_line(self) -> str:
        return self.code.strip().splitlines()[0] if self.code.strip() else ""


def parse(path: Path) -> list[Block]:
    """Every fenced block of ``path``; raises ValueError on an unknown or missing language."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        lang = match["info"].strip().split(" ")[0].lower()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        i += 1
        if lang not in KNOWN:
            raise ValueError(
                f"{path}:{start + 1}: fence language {lang!r} is not one of {sorted(KNOWN)}"
            )
        block = Block(path, start + 1, lang, "\n".join(body) + "\n", end=i)
        previous = _previous_nonblank(lines, start)
        marker = MARKER.match(previous) if previous is not None else None
        if marker:
            block.marker, block.marker_arg = marker["kind"], marker["arg"]
            if block.marker not in {"background", "not-run"}:
                raise ValueError(f"{block.where}: unknown marker {block.marker!r}")
            if block.marker == "not-run" and not block.marker_arg:
                raise ValueError(f"{block.where}: `not-run` needs a reason")
        follows = blocks and not any(line.strip() for line in lines[blocks[-1].end : start])
        if lang == OUTPUT and follows and blocks[-1].lang in {"python", "bash", "sh"}:
            blocks[-1].expected = block.code
            continue
        blocks.append(block)
    return blocks


def _previous_nonblank(lines: list[str], index: int) -> str | None:
    for j in range(index - 1, -1, -1):
        if lines[j].strip():
            return lines[j]
    return None


def matches(expected: str, actual: str) -> bool:
    """``actual`` equals ``expected``, with ``...`` as a wildcard; spaces around lines ignored."""

    def norm(text: str) -> str:
        return "\n".join(line.strip() for line in text.strip().splitlines())

    pattern = ".*?".join(re.escape(part) for part in norm(expected).split("..."))
    return re.fullmatch(pattern, norm(actual), flags=re.DOTALL) is not None


def console_commands(block: Block) -> tuple[list[str], str]:
    """The ``$`` commands of a console block and the output lines shown after them."""
    commands, output = [], []
    for line in block.code.splitlines():
        if line.startswith("$ "):
            commands.append(line[2:])
        elif line.strip():
            output.append(line)
    return commands, "\n".join(output)


@dataclass
class FileRun:
    """Runs the blocks of one Markdown file in one temporary directory."""

    env: Mapping[str, str]
    cwd: Path
    background: list[subprocess.Popen[str]] = field(default_factory=list)

    def run(self, block: Block) -> None:
        if block.marker == "not-run" or block.lang in DATA or block.lang == OUTPUT:
            return
        if block.lang == "python":
            self._check(block, [sys.executable, "-"], block.code, block.expected)
        elif block.lang in {"bash", "sh"}:
            self._check(block, ["bash", "-e", "-o", "pipefail", "-s"], block.code, block.expected)
        else:
            commands, shown = console_commands(block)
            if not commands:
                raise AssertionError(f"{block.where}: a console block without a `$ ` command")
            if block.marker == "background":
                if len(commands) != 1:
                    raise AssertionError(f"{block.where}: a background block runs one command")
                self._start(block, commands[0])
                return
            script = "\n".join(commands) + "\n"
            self._check(block, ["bash", "-e", "-o", "pipefail", "-s"], script, shown or None)

    def environment(self) -> dict[str, str]:
        env = dict(self.env)
        dotenv = self.cwd / ".env"
        if dotenv.exists():
            for line in dotenv.read_text().splitlines():
                name, sep, value = line.partition("=")
                if sep and not line.lstrip().startswith("#"):
                    env[name.strip()] = value.strip()
        return env

    def _check(self, block: Block, argv: list[str], stdin: str, expected: str | None) -> None:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=self.cwd,
            env=self.environment(),
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(stdin, timeout=BLOCK_TIMEOUT)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            out, _ = process.communicate()
            raise AssertionError(
                f"{block.where}: still running after {BLOCK_TIMEOUT:g} s; output so far:\n{out}"
            ) from None
        finally:
            _kill_group(process)  # anything it left running in its session
        if process.returncode != 0:
            raise AssertionError(f"{block.where}: exit code {process.returncode}; output:\n{out}")
        if expected is not None and not matches(expected, out):
            raise AssertionError(
                f"{block.where}: printed\n{out}\n-- but the docs show --\n{expected}"
            )

    def _start(self, block: Block, command: str) -> None:
        log = (self.cwd / f".background-{block.line}.log").open("w+")
        process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=self.cwd,
            env=self.environment(),
            start_new_session=True,
        )
        self.background.append(process)
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            log.seek(0)
            text = log.read()
            if re.search(r"^ready$", text, flags=re.MULTILINE):
                return
            if process.poll() is not None:
                raise AssertionError(f"{block.where}: exited {process.returncode}:\n{text}")
            time.sleep(0.05)
        raise AssertionError(f"{block.where}: no `ready` within {READY_TIMEOUT:g} s")

    def stop(self) -> None:
        for process in self.background:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    _kill_group(process)
                    process.wait()


def _kill_group(process: subprocess.Popen[str]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def file_run(env: Mapping[str, str]) -> Iterator[FileRun]:
    with tempfile.TemporaryDirectory(prefix="momo-sample-") as tmp:
        run = FileRun(env=env, cwd=Path(tmp))
        try:
            yield run
        finally:
            run.stop()
