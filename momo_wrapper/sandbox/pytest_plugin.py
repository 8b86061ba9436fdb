"""Pytest fixtures for the local MoMo sandbox.

Enable with ``pytest_plugins = ["momo_wrapper.sandbox.pytest_plugin"]`` in your root
``conftest.py`` (or ``-p momo_wrapper.sandbox.pytest_plugin``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._model import PRODUCTS, SandboxCredentials
from ._sandbox import Sandbox
from ._server import SandboxServer, serve_sandbox


@pytest.fixture
def momo_sandbox() -> Iterator[Sandbox]:
    """A fresh in-process `Sandbox` (virtual clock frozen; advance it with `.clock.advance`)."""
    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def momo_sandbox_server(momo_sandbox: Sandbox) -> Iterator[SandboxServer]:
    """`momo_sandbox` served over HTTP/1.1 on a free loopback port (`.base_url`)."""
    with serve_sandbox(momo_sandbox) as server:
        yield server


@pytest.fixture
def momo_sandbox_credentials(momo_sandbox: Sandbox) -> dict[str, SandboxCredentials]:
    """One provisioned API user per product (callback host ``127.0.0.1``)."""
    return {
        product: momo_sandbox.provision(product, callback_host="127.0.0.1") for product in PRODUCTS
    }
