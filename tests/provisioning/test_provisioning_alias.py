"""``momo.provisioning`` is the provisioning namespace; ``momo.sandbox`` stays one release as a
deprecated alias (the name clashed with the ``momo_wrapper.sandbox`` package)."""

from __future__ import annotations

import warnings

import pytest

from momo_wrapper import AsyncMomoClient, MomoClient, MomoConfig, SandboxProvisioning
from momo_wrapper.sandbox import AsyncSandboxTransport, Sandbox, SandboxTransport


def _config(sandbox: Sandbox) -> MomoConfig:
    return MomoConfig(provisioning_subscription_key=sandbox.subscription_keys["collection"])


def test_sync_provisioning_and_its_deprecated_alias() -> None:
    sandbox = Sandbox()
    with MomoClient(_config(sandbox), transport=SandboxTransport(sandbox)) as momo:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the new name never warns
            user = momo.provisioning.provision(callback_host="127.0.0.1")
        assert isinstance(momo.provisioning, SandboxProvisioning)
        assert user.api_key
        with pytest.warns(DeprecationWarning, match=r"use momo\.provisioning") as caught:
            alias = momo.sandbox
        assert alias is momo.provisioning
        assert caught[0].filename == __file__  # points at the caller's line


async def test_async_provisioning_and_its_deprecated_alias() -> None:
    sandbox = Sandbox()
    async with AsyncMomoClient(_config(sandbox), transport=AsyncSandboxTransport(sandbox)) as momo:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            user = await momo.provisioning.provision(callback_host="127.0.0.1")
        assert user.api_key
        with pytest.warns(DeprecationWarning, match=r"use momo\.provisioning"):
            alias = momo.sandbox
        assert alias is momo.provisioning
