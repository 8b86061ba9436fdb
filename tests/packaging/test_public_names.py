"""``momo_wrapper``'s public names are imported at first use, so three lists must agree: the
``TYPE_CHECKING`` imports (what mypy and IDEs see), ``_HOMES`` (what ``__getattr__`` imports)
and ``__all__``. Each name must also import, and be the object its home module defines."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

import momo_wrapper

INIT = Path(momo_wrapper.__file__)


def _type_checking_imports() -> dict[str, str]:
    """name -> relative module of every ``from .x import name`` under ``if TYPE_CHECKING:``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    blocks = [
        node
        for node in tree.body
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Name)
        and node.test.id == "TYPE_CHECKING"
    ]
    assert len(blocks) == 1
    found: dict[str, str] = {}
    for node in blocks[0].body:
        assert isinstance(node, ast.ImportFrom), ast.dump(node)
        assert node.level == 1, ast.dump(node)
        for alias in node.names:
            found[alias.asname or alias.name] = f".{node.module}"
    return found


def test_the_typed_imports_the_lazy_table_and_all_name_the_same_things() -> None:
    typed = _type_checking_imports()
    assert typed == momo_wrapper._HOME_OF
    assert sorted(momo_wrapper.__all__) == sorted([*typed, "__version__"])
    assert len(set(momo_wrapper.__all__)) == len(momo_wrapper.__all__)


@pytest.mark.parametrize("name", momo_wrapper.__all__)
def test_every_public_name_imports_from_its_home(name: str) -> None:
    value = getattr(momo_wrapper, name)
    if name != "__version__":
        home = importlib.import_module(momo_wrapper._HOME_OF[name], "momo_wrapper")
        assert value is getattr(home, name)
    assert name in dir(momo_wrapper)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        momo_wrapper.no_such_name  # noqa: B018
    with pytest.raises(ImportError):
        exec("from momo_wrapper import no_such_name", {})


def test_a_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from momo_wrapper import *", namespace)
    assert set(momo_wrapper.__all__) <= set(namespace)


def test_importing_the_package_imports_none_of_its_parts() -> None:
    program = (
        "import json, sys; import momo_wrapper; "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('momo', 'httpx')))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == '["momo_wrapper", "momo_wrapper._version"]'
