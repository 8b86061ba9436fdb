"""The local sandbox keeps spec/'s contract, for every operation: its valid answer and its errors.

Every case of contract_cases.CASES (valid call, missing or wrong subscription key, expired token,
non-UUID or unknown or reused reference id, wrong currency, callback host mismatch, empty body,
injected 500/503/429...) runs on every operation the spec says it applies to, with plain httpx
through the in-process transport; every valid call and one operation per error case also run
over a real port. `ContractWorld.send` validates each request and each response (prerequisites
included) against spec/momo.openapi.yaml; the case asserts the status and body docs/api-behaviour.md
records for the live API.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from momo_wrapper.sandbox import OPERATIONS as SANDBOX_OPERATIONS
from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, SandboxTransport, serve_sandbox
from tests.contract.spec_validation import SpecOperation, spec_operations
from tests.sandbox_contract.contract_cases import CASES, Case
from tests.sandbox_contract.contract_world import ContractWorld

SANDBOX_HOST = "https://sandbox.momodeveloper.mtn.com"
OPERATIONS = spec_operations()


def test_the_sandbox_serves_one_route_per_spec_operation() -> None:
    assert len(SANDBOX_OPERATIONS) == len(OPERATIONS)


# ---- the matrix -------------------------------------------------------------------------------


def _pairs() -> list[Any]:
    return [
        pytest.param(item, operation, id=f"{item.name}-{operation.operation_id}")
        for item in CASES.values()
        for operation in OPERATIONS.values()
        if item.applies(operation)
    ]


def _real_port_pairs() -> list[Any]:
    """Every operation's valid call, and each error case on the first operation it applies to."""
    first = {item.name: next(filter(item.applies, OPERATIONS.values())) for item in CASES.values()}
    return [
        param
        for param in _pairs()
        if param.values[0].name == "valid" or param.values[1] is first[param.values[0].name]
    ]


def test_every_case_applies_somewhere() -> None:
    for item in CASES.values():
        assert any(item.applies(op) for op in OPERATIONS.values()), item.name


def _sandbox() -> Sandbox:
    return Sandbox(callback_sender=RecordingCallbackSender(), seed=11)


@pytest.fixture
def in_process_world() -> Iterator[ContractWorld]:
    with _sandbox() as sandbox:
        transport = SandboxTransport(sandbox)
        with httpx.Client(transport=transport, base_url=SANDBOX_HOST) as client:
            yield ContractWorld(sandbox, client)


@pytest.fixture(scope="module")
def served_sandbox() -> Iterator[tuple[Sandbox, str]]:
    with _sandbox() as sandbox, serve_sandbox(sandbox) as server:
        yield sandbox, server.base_url


@pytest.fixture
def real_port_world(served_sandbox: tuple[Sandbox, str]) -> Iterator[ContractWorld]:
    sandbox, base_url = served_sandbox
    with httpx.Client(base_url=base_url) as client:
        yield ContractWorld(sandbox, client)
    sandbox.faults.clear()


@pytest.mark.parametrize(("item", "operation"), _pairs())
def test_in_process(item: Case, operation: SpecOperation, in_process_world: ContractWorld) -> None:
    item.run(in_process_world, operation)
    assert in_process_world.log, "the case sent nothing"


@pytest.mark.parametrize(("item", "operation"), _real_port_pairs())
def test_over_a_real_port(
    item: Case, operation: SpecOperation, real_port_world: ContractWorld
) -> None:
    item.run(real_port_world, operation)
    assert real_port_world.log, "the case sent nothing"
