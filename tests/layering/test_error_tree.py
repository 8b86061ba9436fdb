"""The error tree drawn in README.md is the tree of the code: same classes, same parents."""

from __future__ import annotations

import re
from pathlib import Path

import momo_wrapper
import momo_wrapper.stores

README = Path(__file__).resolve().parents[2] / "README.md"
_LINE = re.compile(r"^(?P<lead>[│├└─ ]*)(?P<name>[A-Z][A-Za-z]+)\b")


def _public_errors() -> set[type]:
    found = set()
    for module in (momo_wrapper, momo_wrapper.stores):
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and issubclass(obj, momo_wrapper.MomoError):
                found.add(obj)
    return found


def _code_tree() -> dict[str, str | None]:
    classes = _public_errors()
    tree: dict[str, str | None] = {}
    for cls in classes:
        # The nearest public ancestor: internal bases (the request context) are not drawn.
        parent = next((b for b in cls.__mro__[1:] if b in classes), None)
        tree[cls.__name__] = parent.__name__ if parent else None
    return tree


def _readme_tree() -> dict[str, str | None]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Errors\n") :]
    block = section[section.index("```text\n") + len("```text\n") :]
    block = block[: block.index("```")]
    tree: dict[str, str | None] = {}
    stack: list[str] = []
    for line in block.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        depth = len(match["lead"]) // 4
        del stack[depth:]
        tree[match["name"]] = stack[-1] if stack else None
        stack.append(match["name"])
    return tree


def test_the_readme_draws_the_error_tree_of_the_code() -> None:
    readme = _readme_tree()
    assert readme["MomoError"] is None
    assert readme == _code_tree()


def test_a_response_and_no_response_are_separate_branches() -> None:
    tree = _code_tree()
    for name in ("MomoAPIError", "MomoConnectionError", "WaitTimeoutError"):
        assert tree[name] == "MomoError"
    assert tree["TokenConnectionError"] == "MomoConnectionError"
