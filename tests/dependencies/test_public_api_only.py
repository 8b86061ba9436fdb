"""momo_wrapper uses httpx, httpcore and aiohttp through their public API only.

A private attribute of a dependency (``client._transport``, ``pool._network_backend``,
``session._retry_connection``) can change in any release; relying on one is what kept httpx
pinned. The check parses every module of momo_wrapper and reports:

* ``obj._name`` (read, write or delete) on anything but ``self``/``cls``/``super()``, when
  ``_name`` is a private name that httpx, httpcore or aiohttp define or use;
* ``getattr``/``setattr``/``hasattr``/``delattr``/``object.__setattr__`` with such a name as a
  string, and ``"_name" in ...`` (how ``aiohttp.ClientSession.ATTRS`` was probed);
* ``self._name`` in a subclass of a dependency class, when that class (or a base) uses
  ``_name``.

Our own objects share many such names (``_pool``, ``_transport``, ``_session``), so an access
on another of our objects is listed in ``REVIEWED`` with what the object is; anything new fails
with the place to look at.
"""

from __future__ import annotations

import ast
import importlib
import re
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import momo_wrapper

DEPENDENCIES = ("httpx", "httpcore", "aiohttp")
PACKAGE = Path(momo_wrapper.__file__).parent
_PRIVATE = re.compile(r"_[A-Za-z0-9]\w*\Z")
_BY_NAME = {"getattr", "setattr", "hasattr", "delattr", "__setattr__", "__getattribute__"}

REVIEWED: dict[tuple[str, str], str] = {
    # (module path inside momo_wrapper, the expression): what the object is.
    ("_lanes.py", "self._pool._release"): "_GiveBack's own LaneTransport",
    ("sandbox/_admin.py", "sandbox._state"): "momo_wrapper.sandbox.Sandbox",
    ("_products/_base.py", "instance._runner"): "a momo_wrapper Product",
    ("_products/_base.py", "product._status"): "a momo_wrapper Product (StatusRead, WaitFor)",
    ("_products/_base.py", "product._wait"): "a momo_wrapper Product (WaitFor)",
    ("_client.py", "namespace._status"): "a momo_wrapper Product (fetch_status)",
    # A NamedTuple's copy-with-changes: public, spelt with an underscore to stay out of the way
    # of field names.
    ("_flows.py", "call._replace"): "a momo_wrapper Call (NamedTuple._replace)",
    ("_products/_accounts.py", "query.call._replace"): "a momo_wrapper Call (NamedTuple._replace)",
    ("_products/_base.py", "query.call._replace"): "a momo_wrapper Call (NamedTuple._replace)",
    ("_products/_base.py", "status.call._replace"): "a momo_wrapper Call (NamedTuple._replace)",
    ("_products/provisioning.py", "call._replace"): "a momo_wrapper Call (NamedTuple._replace)",
}


def _is_private(name: str) -> bool:
    # Dunder and sunder names (``__init__``, enum's ``_value_``) are Python's, not a library's.
    return bool(_PRIVATE.match(name)) and not name.endswith("_")


def _private_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            name = node.attr
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = node.name
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            name = node.value  # __slots__, ATTRS, getattr(self, "_x")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id  # class-level attributes
        else:
            continue
        if _is_private(name):
            names.add(name)
    return names


def _dependency_sources() -> Iterator[ast.Module]:
    for name in DEPENDENCIES:
        root = Path(importlib.import_module(name).__file__ or "").parent
        for source in root.rglob("*.py"):
            yield ast.parse(source.read_text(encoding="utf-8"))


@cache
def dependency_private_names() -> frozenset[str]:
    return frozenset(name for tree in _dependency_sources() for name in _private_names(tree))


@cache
def _dependency_classes() -> dict[str, frozenset[str]]:
    """Class name -> the private names its body uses, over every dependency's source (httpx
    sets ``__module__ = "httpx"`` on its classes, so inspect cannot find their source)."""
    classes: dict[str, set[str]] = {}
    for tree in _dependency_sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, set()).update(_private_names(node))
    return {name: frozenset(names) for name, names in classes.items()}


def _class_private_names(cls: type) -> frozenset[str]:
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.split(".")[0] in DEPENDENCIES:
            names |= _dependency_classes().get(klass.__name__, frozenset())
    return frozenset(names)


def _dependency_bases(node: ast.ClassDef, namespace: dict[str, object]) -> list[type]:
    bases: list[type] = []
    for base in node.bases:
        try:
            value = eval(compile(ast.Expression(base), "<base>", "eval"), namespace)
        except Exception:
            continue
        if isinstance(value, type) and any(
            k.__module__.split(".")[0] in DEPENDENCIES for k in value.__mro__
        ):
            bases.append(value)
    return bases


def _is_self(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in {"self", "cls"}
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def violations(
    source: str, where: str, namespace: dict[str, object] | None = None
) -> Iterator[str]:
    """Every use of a dependency's private name in ``source`` (a module of momo_wrapper)."""
    deps = dependency_private_names()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr) and node.attr in deps:
            expression = ast.unparse(node)
            if not _is_self(node.value) and (where, expression) not in REVIEWED:
                yield f"{where}:{node.lineno}: {expression}"
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            for arg in node.args[1:2]:
                if (
                    called in _BY_NAME
                    and isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and arg.value in deps
                ):
                    yield f"{where}:{node.lineno}: {ast.unparse(node)}"
        elif isinstance(node, ast.Compare):
            left = node.left
            if (
                isinstance(left, ast.Constant)
                and isinstance(left.value, str)
                and left.value in deps
                and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            ):
                yield f"{where}:{node.lineno}: {ast.unparse(node)}"
        elif isinstance(node, ast.ClassDef) and namespace is not None:
            inherited: set[str] = set()
            for base in _dependency_bases(node, namespace):
                inherited |= _class_private_names(base)
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Attribute)
                    and _is_self(inner.value)
                    and inner.attr in inherited
                ):
                    yield f"{where}:{inner.lineno}: {ast.unparse(inner)} (a dependency's)"


def _modules() -> Iterator[tuple[str, str, dict[str, object]]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        name = "momo_wrapper." + where.removesuffix(".py").replace("/", ".")
        name = name.removesuffix(".__init__")
        # The namespace resolves class bases; a __main__ module runs when imported.
        namespace = {} if name.endswith("__main__") else vars(importlib.import_module(name))
        yield where, path.read_text(encoding="utf-8"), namespace


def test_momo_wrapper_uses_no_private_attribute_of_httpx_httpcore_or_aiohttp() -> None:
    modules = list(_modules())
    assert len(modules) > 40  # the whole package was read, sandbox, stores and CLI included
    found = [line for where, source, ns in modules for line in violations(source, where, ns)]
    assert found == [], "private attributes of dependencies:\n" + "\n".join(found)


def test_every_reviewed_exception_is_still_there() -> None:
    sources = {where: source for where, source, _ in _modules()}
    stale = [key for key in REVIEWED if key[1] not in sources.get(key[0], "")]
    assert stale == []


PLANTED = {
    "httpx client's transport": "client._transport = wrapped",
    "httpx client's mounts": "for pattern, t in client._mounts.items(): pass",
    "httpcore pool's backend": "pool._network_backend = DeadlineBackend(backend)",
    "a transport's pool, by name": "backend = getattr(transport, '_pool', None)",
    "aiohttp's resend flag": "session._retry_connection = False",
    "aiohttp's flag, probed": "ok = '_retry_connection' in aiohttp.ClientSession.ATTRS",
    "set by object.__setattr__": "object.__setattr__(session, '_retry_connection', False)",
    "read on our own self, deeper": "self.http._transport.close()",
}


@pytest.mark.parametrize("line", PLANTED.values(), ids=list(PLANTED))
def test_a_planted_private_access_is_found(line: str) -> None:
    assert len(list(violations(line, "planted.py"))) == 1


def test_a_subclass_touching_its_dependency_base_is_found() -> None:
    import httpx

    source = textwrap.dedent(
        """
        class Mine(httpx.Client):
            def swap(self) -> None:
                self._transport = None
                self._mine = 1
        """
    )
    found = list(violations(source, "planted.py", {"httpx": httpx}))
    assert len(found) == 1
    assert "self._transport" in found[0]


@pytest.mark.parametrize(
    "line",
    [
        "self._pool = pool",  # our own attribute on our own object
        "x = super()._fields(data)",
        "value = member._value_",  # enum's sunder name
        "response.stream = stream",  # public
    ],
)
def test_public_or_own_attributes_are_not_reported(line: str) -> None:
    assert list(violations(line, "planted.py")) == []
