"""mkdocs hook: pages that are generated from the code at every build, so they cannot go stale.

A page asks for a generated part with an HTML comment on a line of its own::

    <!-- generated: configuration -->

* ``configuration`` -- every :class:`momo_wrapper.MomoConfig` setting: its environment variable,
  type, default (read from the attrs fields) and the notes of the table in ``_config.py``'s
  docstring. The build fails when that table and the code disagree (a setting or variable
  missing from one of them).
* ``exit-codes`` -- the ``momo`` command's exit codes, from ``momo_wrapper.cli.ExitCode``.
* ``error-tree`` -- the exception classes exported by ``momo_wrapper``, as a tree, with the first
  line of each docstring.

An unknown name fails the build. Run as ``python tools/docs_hooks.py NAME`` to print one part.
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Any

import attrs

import momo_wrapper
import momo_wrapper.stores
from momo_wrapper import _config
from momo_wrapper.cli import ExitCode

MARKER = re.compile(r"^<!-- generated: (?P<name>[a-z-]+) -->$", re.MULTILINE)
PRODUCTS = ("collection", "disbursement", "remittance")


def _docstring_table() -> dict[str, str]:
    """variable -> the default/notes column of its row in ``_config``'s settings table."""
    doc = inspect.getdoc(_config) or ""
    lines = doc.splitlines()
    borders = [i for i, line in enumerate(lines) if re.fullmatch(r"=+( +=+)+", line)]
    if len(borders) != 3:
        raise RuntimeError("momo_wrapper/_config.py: the settings table is not where expected")
    notes_start = [m.start() for m in re.finditer(r"=+", lines[borders[0]])][2]
    rows: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines[borders[1] + 1 : borders[2]]:
        start = notes_start
        while 0 < start < len(line) and not line[start - 1].isspace():
            start += 1  # a setting name wider than its column pushes the notes right
        notes = line[start:].strip()
        if not line[:1].isspace():
            current = line.split()[0]
            rows[current] = [notes]
        elif current is not None:
            rows[current].append(notes)
    return {variable: " ".join(p for p in parts if p) for variable, parts in rows.items()}


def _variables() -> dict[str, str]:
    """setting -> environment variable, from the code."""
    found = {setting: variable for variable, (setting, _) in _config._ENVIRONMENT_SETTINGS.items()}
    for product in PRODUCTS:
        found[product] = f"MOMO_{product.upper()}_SUBSCRIPTION_KEY, _API_USER, _API_KEY"
    return found


def _default(field: attrs.Attribute[Any]) -> str:
    if isinstance(field.default, attrs.Factory):
        return "derived (see notes)"
    if field.default is attrs.NOTHING:
        return "required"
    return f"`{field.default!r}`"


def configuration() -> str:
    notes = _docstring_table()
    variables = _variables()
    fields = [f for f in attrs.fields(momo_wrapper.MomoConfig) if f.init]
    missing_variable = [
        f.name for f in fields if f.name not in variables and f.name != "verify_tls"
    ]
    documented = set(notes)
    in_code = set(_config._ENVIRONMENT_SETTINGS) | {
        f"MOMO_{p.upper()}_{part}"
        for p in PRODUCTS
        for part in ("SUBSCRIPTION_KEY", "API_USER", "API_KEY")
    }
    problems = []
    if missing_variable:
        problems.append(f"settings without an environment variable: {missing_variable}")
    if documented != in_code:
        problems.append(
            "_config.py's table and the code differ: only in the table "
            f"{sorted(documented - in_code)}, only in the code {sorted(in_code - documented)}"
        )
    if problems:
        raise RuntimeError("; ".join(problems))
    out = [
        "| setting | environment variable | type | default | notes |",
        "|---|---|---|---|---|",
    ]
    for field in fields:
        variable = variables.get(field.name, "")
        key = f"MOMO_{field.name.upper()}_SUBSCRIPTION_KEY" if field.name in PRODUCTS else variable
        note = notes.get(
            key, "derived from `insecure_skip_tls_verify`" if field.name == "verify_tls" else ""
        )
        kind = str(field.type).replace("|", "or")
        out.append(
            f"| `{field.name}` | {f'`{variable}`' if variable else '—'} | `{kind}` "
            f"| {_default(field)} | {note.replace('|', '/')} |"
        )
    return "\n".join(out) + "\n"


def exit_codes() -> str:
    out = ["| code | name | meaning |", "|---|---|---|"]
    out += [f"| {code.value} | `{code.label}` | {code.meaning} |" for code in ExitCode]
    return "\n".join(out) + "\n"


def error_tree() -> str:
    classes = {
        obj
        for name in [*momo_wrapper.__all__, *momo_wrapper.stores.__all__]
        for obj in [getattr(momo_wrapper, name, None) or getattr(momo_wrapper.stores, name)]
        if isinstance(obj, type) and issubclass(obj, momo_wrapper.MomoError)
    }
    children: dict[type, list[type]] = {}
    for cls in classes - {momo_wrapper.MomoError}:
        # Listed once, under its nearest public ancestor (internal bases are skipped).
        parent = next(b for b in cls.__mro__[1:] if b in classes)
        children.setdefault(parent, []).append(cls)
    lines: list[str] = []

    def walk(cls: type, depth: int) -> None:
        summary = " ".join((inspect.getdoc(cls) or "").split("\n\n")[0].split())
        also = [b.__name__ for b in cls.__bases__[1:]]
        extra = f" (also `{'`, `'.join(also)}`)" if also else ""
        lines.append(f"{'    ' * depth}- `{cls.__name__}`{extra}: {summary}")
        for child in sorted(children.get(cls, []), key=lambda c: c.__name__):
            walk(child, depth + 1)

    walk(momo_wrapper.MomoError, 0)
    return "\n".join(lines) + "\n"


GENERATORS = {"configuration": configuration, "exit-codes": exit_codes, "error-tree": error_tree}


def _markdown(text: str) -> str:
    """reST inline markup of the docstrings as Markdown."""
    return re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", text).replace("``", "`")


def on_page_markdown(markdown: str, **_: object) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in GENERATORS:
            raise ValueError(f"unknown generated part {name!r}; known: {sorted(GENERATORS)}")
        return _markdown(GENERATORS[name]())

    return MARKER.sub(replace, markdown)


if __name__ == "__main__":
    sys.stdout.write(_markdown(GENERATORS[sys.argv[1]]()))
