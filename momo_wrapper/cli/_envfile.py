"""Reading and updating ``.env`` files (``KEY=value`` lines) without a dotenv dependency.

Updates happen in place: an existing ``KEY=`` line is rewritten where it is (later duplicates of
it are dropped), new keys are appended, comments and unrelated lines are kept. The file is
replaced atomically and a new file is created readable by its owner only, since it holds keys.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ._exit import CliError, ExitCode

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if " #" in value:  # an inline comment after an unquoted value
        value = value.split(" #", 1)[0].rstrip()
    return value


def parse_env(text: str) -> dict[str, str]:
    """The ``KEY=value`` pairs of a .env text; comments, blank and malformed lines are skipped."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            values[match.group(1)] = _unquote(match.group(2))
    return values


def read_env_file(path: Path) -> dict[str, str]:
    try:
        return parse_env(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CliError(
            ExitCode.CONFIG,
            f"--env-file {path}: no such file.",
            "Check the path, or create the file with `momo sandbox provision --env-file`.",
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(ExitCode.CONFIG, f"--env-file {path}: cannot read it ({error}).") from None


def updated_env_text(text: str, values: Mapping[str, str]) -> str:
    """``text`` with ``values`` set: existing keys rewritten in place, new keys appended."""
    lines = text.splitlines()
    written: set[str] = set()
    result: list[str] = []
    for line in lines:
        match = None if line.lstrip().startswith("#") else _LINE.match(line)
        key = match.group(1) if match else None
        if key is None or key not in values:
            result.append(line)
        elif key not in written:
            result.append(f"{key}={values[key]}")
            written.add(key)
    result += [f"{key}={value}" for key, value in values.items() if key not in written]
    return "\n".join(result) + "\n"


def update_env_file(path: Path, values: Mapping[str, str]) -> bool:
    """Set ``values`` in the file at ``path`` (created if missing); True if it existed."""
    existed = path.exists()
    text = path.read_text(encoding="utf-8") if existed else ""
    mode = (path.stat().st_mode & 0o777) if existed else 0o600
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(updated_env_text(text, values))
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return existed
