"""`stack` runs each end-to-end test on every receiver and sandbox combination."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.e2e_harness import Stack, open_stack


@pytest.fixture(
    params=[
        ("wsgi", "served"),
        ("wsgi", "in_process"),
        ("asgi", "served"),
        ("asgi", "in_process"),
    ],
    ids=lambda param: "-".join(param),
)
async def stack(request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    flavour, sandbox_mode = request.param
    async with open_stack(flavour, sandbox_mode) as ready:
        yield ready
