"""Everything the CLI writes: human text (sections, aligned tables, check lines, a live status
line) or one JSON document, always passed through secret redaction on the way out.

Redaction is a second line of defence: commands never format a secret on purpose, but every
string written still goes through the configuration's :class:`Secrets` (keys, and tokens as the
client issues them) and the shape rules of ``_redact``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from .._redact import Secrets


class Mark(enum.Enum):
    """The state of one check line."""

    OK = ("✓", "ok")
    FAIL = ("✗", "FAIL")
    WARN = ("⚠", "warn")
    SKIP = ("\u2013", "-")  # en dash

    @property
    def status(self) -> str:
        return {"OK": "ok", "FAIL": "fail", "WARN": "warn", "SKIP": "skip"}[self.name]


def _can_encode(stream: TextIO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None)
    if encoding is None:  # an in-memory text stream takes any character
        return True
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Output:
    """Where a command's results go. In JSON mode only :meth:`emit_json` writes to stdout."""

    def __init__(self, *, json_mode: bool, stdout: TextIO, stderr: TextIO) -> None:
        self.json_mode = json_mode
        self.stdout = stdout
        self.stderr = stderr
        self.is_tty = _is_tty(stdout)
        self._secret_sets: list[Secrets] = [Secrets()]
        self.facts: dict[str, Any] = {}
        """Top-level fields of every JSON document :meth:`error` emits (``pay``/``transfer`` put
        the reference id here as soon as there is one, so every exit path carries it)."""
        self._unicode = _can_encode(stdout, "✓✗⚠\u2013─")

    # -- redaction ------------------------------------------------------------------------------

    def protect(self, *values: str | Secrets | None) -> None:
        """Never write these values (or any value a ``Secrets`` set holds, now or later)."""
        for value in values:
            if isinstance(value, Secrets):
                if all(value is not known for known in self._secret_sets):
                    self._secret_sets.append(value)
            else:
                self._secret_sets[0].add(value)

    def redact(self, text: str) -> str:
        for secrets in self._secret_sets:
            text = secrets.redact(text)
        return text

    # -- human output ---------------------------------------------------------------------------

    def _write(self, stream: TextIO, text: str) -> None:
        stream.write(self.redact(text))
        stream.flush()

    def write(self, text: str) -> None:
        """Raw human text on stdout (no newline added); nothing in JSON mode."""
        if not self.json_mode:
            self._write(self.stdout, text)

    def reveal(self, text: str) -> None:
        """Write ``text`` to stdout *unredacted*. Only for credentials the user asked to see
        (``sandbox provision`` without ``--env-file``, ``sandbox serve``'s local keys)."""
        self.stdout.write(text)
        self.stdout.flush()

    def line(self, text: str = "") -> None:
        if not self.json_mode:
            self._write(self.stdout, text + "\n")

    def note(self, text: str) -> None:
        """A progress or side remark: stderr, so stdout stays the result (even in JSON mode)."""
        self._write(self.stderr, text + "\n")

    def section(self, title: str) -> None:
        if self.json_mode:
            return
        rule = "─" if self._unicode else "-"
        self._write(self.stdout, f"\n{title}\n{rule * len(title)}\n")

    def symbol(self, mark: Mark) -> str:
        return mark.value[0] if self._unicode else mark.value[1]

    def check(self, mark: Mark, name: str, detail: str, fix: str | None = None) -> None:
        """One line per check: mark, name, what was found; and what to do when it failed."""
        if self.json_mode:
            return
        text = f"{self.symbol(mark)} {name}: {detail}"
        if fix and mark in (Mark.FAIL, Mark.WARN):
            text += f"\n    fix: {fix}"
        self._write(self.stdout, text + "\n")

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[object]], *, indent: int = 2
    ) -> None:
        if self.json_mode:
            return
        self._write(self.stdout, render_table(headers, rows, indent=indent))

    def live(self) -> LiveLine:
        return LiveLine(self)

    # -- errors and JSON ------------------------------------------------------------------------

    def error(
        self,
        code: int,
        label: str,
        message: str,
        fix: str | None,
        details: Sequence[tuple[str, str]] = (),
    ) -> None:
        if self.json_mode:
            error: dict[str, Any] = {"type": label, "message": message}
            if fix:
                error["fix"] = fix
            self.emit_json({"ok": False, "exit_code": code, **self.facts, "error": error})
            return
        text = f"momo: error: {message}\n"
        if fix:
            text += f"  fix: {fix}\n"
        width = max((len(name) for name, _ in details), default=0) + 1
        for name, value in details:
            text += f"  {name + ':':<{width}} {value}\n"
        self._write(self.stderr, text)

    def emit_json(self, data: dict[str, Any]) -> None:
        self._write(self.stdout, json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def render_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, indent: int = 2
) -> str:
    """Left-aligned columns, two spaces apart; ``None`` shows as ``-``."""
    cells = [[("-" if value is None else str(value)) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(value))
    pad = " " * indent

    def render(values: Sequence[str]) -> str:
        return (pad + "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True))).rstrip()

    lines = [render(list(headers)), render(["-" * w for w in widths])]
    lines += [render(row) for row in cells]
    return "\n".join(lines) + "\n"


class LiveLine:
    """A status line that rewrites itself on a terminal and prints plain lines otherwise.

    Not on a terminal, a line is printed only when ``key`` (the status) changes, so logs stay
    short. In JSON mode nothing is shown.
    """

    def __init__(self, output: Output) -> None:
        self._output = output
        self._last_key: str | None = None
        self._width = 0

    def update(self, key: str, text: str) -> None:
        output = self._output
        if output.json_mode:
            return
        if output.is_tty:
            padding = " " * max(0, self._width - len(text))
            self._width = len(text)
            output.write(f"\r{text}{padding}")
        elif key != self._last_key:
            output.write(text + "\n")
        self._last_key = key

    def finish(self) -> None:
        if self._output.is_tty and self._width and not self._output.json_mode:
            self._output.write("\n")
        self._width = 0
