"""Rule 10: the whole flow over a real socket, as a user runs it against a local sandbox.

The sandbox serves HTTP on 127.0.0.1; the clients get only its base URL (no transport). Their
clock is linked to the sandbox's virtual clock, so waiting for the "ongoing" number still takes no
real time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from momo_wrapper import (
    AsyncMomoClient,
    MomoClient,
    MomoConfig,
    ProductCredentials,
    ProvisionedUser,
)
from momo_wrapper.sandbox import Sandbox, SandboxServer
from tests.client.client_harness import (
    ONGOING_PARTY,
    SUCCESS_PARTY,
    AnyClient,
    Kind,
    LinkedClock,
    run,
)


class _Clients:
    """Opens clients of one kind on the served sandbox and closes them afterwards."""

    def __init__(self, kind: Kind, sandbox: Sandbox, base_url: str) -> None:
        self.kind = kind
        self.sandbox = sandbox
        self.base_url = base_url
        self.clock = LinkedClock(sandbox.clock)
        self.opened: list[AnyClient] = []

    def open(self, **settings: object) -> AnyClient:
        config = MomoConfig(base_url=self.base_url, **settings)  # type: ignore[arg-type]
        client: AnyClient
        if self.kind == "sync":
            client = MomoClient(config, clock=self.clock)
        else:
            client = AsyncMomoClient(config, clock=self.clock)
        self.opened.append(client)
        return client

    async def close(self) -> None:
        for client in self.opened:
            if isinstance(client, AsyncMomoClient):
                await client.aclose()
            else:
                client.close()


@pytest.fixture
async def clients(kind: Kind, served: SandboxServer) -> AsyncIterator[_Clients]:
    opened = _Clients(kind, served.sandbox, served.base_url)
    yield opened
    await opened.close()


async def _provision(clients: _Clients, product: str) -> ProductCredentials:
    key = clients.sandbox.subscription_keys[product]
    provisioner = clients.open(provisioning_subscription_key=key)
    user: ProvisionedUser = await run(provisioner.provisioning.provision(callback_host="127.0.0.1"))
    assert user.created
    assert user.provider_callback_host == "127.0.0.1"
    return ProductCredentials(subscription_key=key, api_user=user.api_user, api_key=user.api_key)


async def test_provision_pay_wait_and_transfer_over_a_real_port(clients: _Clients) -> None:
    assert clients.base_url.startswith("http://127.0.0.1:")
    momo = clients.open(
        collection=await _provision(clients, "collection"),
        disbursement=await _provision(clients, "disbursement"),
        callback_base_url="http://127.0.0.1:9/momo",
    )
    sandbox = clients.sandbox

    accepted = await run(
        momo.collection.request_to_pay(amount="25.00", payer=ONGOING_PARTY, external_id="o-17")
    )
    sandbox.revoke_tokens()  # the next call meets 401 over the socket: new token, one replay
    pending = await run(momo.collection.get_request_to_pay_status(accepted.reference_id))
    assert pending.status == "PENDING"
    final = await run(momo.collection.wait_for_request_to_pay(accepted.reference_id, timeout=60))
    assert final.is_successful
    assert final.financial_transaction_id
    assert clients.clock.total_slept >= 30  # virtual seconds; the test does not wait for them

    # The transfer is processed, then the connection closes without an answer: the retry meets
    # 409 and confirms, and exactly one transfer exists.
    sandbox.faults.drop(method="POST", path="v1_0/transfer$")
    transfer = await run(
        momo.disbursement.transfer(amount="5", payee=SUCCESS_PARTY, external_id="t-17")
    )
    assert transfer.replayed is True
    done = await run(momo.disbursement.wait_for_transfer(transfer.reference_id))
    assert done.is_successful
    assert done.amount is not None
    assert str(done.amount) == "5"

    assert [r.reference_id for r in sandbox.resources("disbursement")] == [transfer.reference_id]
    assert sandbox.token_requests("collection") == 2
    assert sandbox.token_requests("disbursement") == 1
    record = sandbox.resource("collection", accepted.reference_id)
    assert record is not None
    assert record.callback_url is not None
    assert record.callback_url.endswith(f"/collection/request_to_pay/{accepted.reference_id}")
    assert sandbox.flush_callbacks()
    # One callback per transaction, to the URL the client derived from callback_base_url.
    delivered = {c.reference_id: c.url for c in sandbox.callbacks}
    assert len(sandbox.callbacks) == 2
    assert delivered == {
        accepted.reference_id: record.callback_url,
        transfer.reference_id: (
            f"http://127.0.0.1:9/momo/disbursement/transfer/{transfer.reference_id}"
        ),
    }
