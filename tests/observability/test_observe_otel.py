"""OpenTelemetry: one span per SDK operation, a client span per attempt named by URL template,
metrics, no duplicate with opentelemetry-instrumentation-httpx, nothing imported without it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from momo_wrapper import (
    AsyncMomoClient,
    BadRequestError,
    IdempotencyConflictError,
    MomoClient,
    MomoConfig,
    TransientServerError,
)
from momo_wrapper.sandbox import Sandbox, serve_sandbox
from tests.observability.observe_helpers import PAYER, settle

ROOT = Path(__file__).resolve().parents[2]


class Otel:
    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    @property
    def providers(self) -> dict[str, Any]:
        return {"tracer_provider": self.tracer_provider, "meter_provider": self.meter_provider}

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def points(self, name: str) -> list[Any]:
        data = self.reader.get_metrics_data()
        assert data is not None
        return [
            point
            for resource in data.resource_metrics
            for scope in resource.scope_metrics
            for metric in scope.metrics
            if metric.name == name
            for point in metric.data.data_points
        ]


@pytest.fixture
def otel() -> Iterator[Otel]:
    telemetry = Otel()
    yield telemetry
    telemetry.tracer_provider.shutdown()
    telemetry.meter_provider.shutdown()


def _operations(otel: Otel) -> list[ReadableSpan]:
    return [span for span in otel.spans() if span.name.startswith("momo ")]


async def test_a_create_is_one_span_over_its_attempts(
    make_client: Any, sandbox: Sandbox, otel: Otel
) -> None:
    momo = make_client(**otel.providers)
    sandbox.faults.fail(503, path="requesttopay$", after_processing=True)
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="span-1")
    )
    (operation,) = _operations(otel)
    assert operation.name == "momo collection.request_to_pay"
    assert operation.kind is SpanKind.INTERNAL
    assert dict(operation.attributes or {}) == {
        "momo.product": "collection",
        "momo.operation": "request_to_pay",
        "momo.target_environment": "sandbox",
        "momo.reference_id": accepted.reference_id,
        "momo.outcome": "replayed",
        "momo.attempts": 3,
    }
    clients = [span for span in otel.spans() if span.kind is SpanKind.CLIENT]
    assert [span.name for span in clients] == [
        "POST /collection/token/",
        "POST /collection/v1_0/requesttopay",
        "POST /collection/v1_0/requesttopay",
        "GET /collection/v1_0/requesttopay/{reference_id}",
    ]
    token, *attempts = clients
    for span in attempts:
        assert span.parent is not None
        assert span.parent.span_id == operation.context.span_id
        assert accepted.reference_id not in span.name
    assert token.parent is not None
    assert token.parent.span_id == attempts[0].context.span_id
    assert [
        (s.attributes["momo.attempt"], s.attributes["http.response.status_code"]) for s in attempts
    ] == [(1, 503), (2, 409), (1, 200)]
    read = attempts[-1].attributes
    assert read["url.template"] == "/collection/v1_0/requesttopay/{reference_id}"
    assert read["http.request.method"] == "GET"
    assert read["server.address"] == "sandbox.momodeveloper.mtn.com"


async def test_outcomes_name_how_an_operation_ended(
    make_client: Any, sandbox: Sandbox, otel: Otel
) -> None:
    momo = make_client(**otel.providers)
    await settle(momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="o-1"))
    sandbox.faults.fail(400, path="requesttopay$")
    with pytest.raises(BadRequestError):
        await settle(momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="o-2"))
    sandbox.faults.fail(503, path="requesttopay$", times=None)
    with pytest.raises(TransientServerError):
        await settle(momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="o-3"))
    sandbox.faults.clear()
    reference = "6f0e8e5e-27c1-4c8f-8d61-3f5a9f3b7a42"
    await settle(
        momo.collection.request_to_pay(
            amount="5", payer=PAYER, external_id="o-4", reference_id=reference
        )
    )
    other = make_client(**otel.providers)  # its own ledger: the 409 reaches MoMo's check
    with pytest.raises(IdempotencyConflictError):
        await settle(
            other.collection.request_to_pay(
                amount="9", payer=PAYER, external_id="o-5", reference_id=reference
            )
        )
    await settle(momo.collection.get_balance())
    outcomes = [
        (span.name, span.attributes["momo.outcome"], span.attributes["momo.attempts"])
        for span in _operations(otel)
    ]
    assert outcomes == [
        ("momo collection.request_to_pay", "accepted", 1),
        ("momo collection.request_to_pay", "refused", 1),
        ("momo collection.request_to_pay", "maybe_sent", 3),
        ("momo collection.request_to_pay", "accepted", 1),
        ("momo collection.request_to_pay", "conflict", 2),
        ("momo collection.get_balance", "ok", 1),
    ]
    failed = [span for span in _operations(otel) if span.attributes["momo.outcome"] != "ok"]
    assert [span.status.is_ok for span in failed] == [True, False, False, True, False]


async def test_metrics_count_attempts_retries_and_final_statuses(
    make_client: Any, sandbox: Sandbox, otel: Otel
) -> None:
    momo = make_client(**otel.providers)
    sandbox.faults.fail(503, path="requesttopay$", after_processing=True)
    accepted = await settle(
        momo.collection.request_to_pay(amount="5", payer=PAYER, external_id="m-1")
    )
    failed = await settle(
        momo.collection.request_to_pay(amount="5", payer="46733123450", external_id="m-2")
    )
    await settle(momo.collection.wait_for_request_to_pay(accepted.reference_id))
    await settle(momo.collection.wait_for_request_to_pay(failed.reference_id))

    durations = {
        (p.attributes["momo.operation"], p.attributes["momo.outcome"]): p.count
        for p in otel.points("momo.operation.duration")
    }
    assert durations == {
        ("request_to_pay", "replayed"): 1,
        ("request_to_pay", "accepted"): 1,
        ("wait_for_request_to_pay", "ok"): 2,
    }
    attempts = {p.attributes["momo.operation"]: p.value for p in otel.points("momo.attempts")}
    assert attempts == {"request_to_pay": 4, "wait_for_request_to_pay": 2}
    (retries,) = otel.points("momo.retries")
    assert (retries.value, retries.attributes["momo.retry.reason"]) == (1, "transient server error")
    finals = {
        (p.attributes["momo.status"], p.attributes["momo.reason"]): p.value
        for p in otel.points("momo.transaction.final")
    }
    assert finals == {("SUCCESSFUL", ""): 1, ("FAILED", "INTERNAL_PROCESSING_ERROR"): 1}
    to_final = otel.points("momo.transaction.time_to_final")
    assert sum(point.count for point in to_final) == 2


async def test_no_duplicate_client_span_with_the_httpx_instrumentation(
    kind: str, sandbox: Sandbox, config: MomoConfig, otel: Otel
) -> None:
    instrumentor = HTTPXClientInstrumentor()
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    try:
        with serve_sandbox(sandbox, port=0) as server:
            settings = {"base_url": server.base_url}
            local = MomoConfig(**{**_settings(config), **settings})
            # The instrumentation is live: a plain httpx request gets its span.
            with httpx.Client() as plain:
                plain.get(f"{server.base_url}/")
            if kind == "sync":
                with MomoClient(local, **otel.providers) as momo:
                    momo.collection.get_balance()
            else:
                transport = httpx.AsyncHTTPTransport()  # the transport the instrumentation wraps
                async with AsyncMomoClient(local, transport=transport, **otel.providers) as amomo:
                    await amomo.collection.get_balance()
    finally:
        instrumentor.uninstrument()
    names = [span.name for span in otel.spans() if span.kind is SpanKind.CLIENT]
    assert names == [
        "GET",  # the plain request, named by httpx's instrumentation
        "POST /collection/token/",
        "GET /collection/v1_0/account/balance",
    ]


def _settings(config: MomoConfig) -> dict[str, Any]:
    return {
        "provisioning_subscription_key": config.provisioning_subscription_key,
        "collection": config.collection,
    }


def test_without_the_extra_nothing_of_opentelemetry_is_imported() -> None:
    script = textwrap.dedent(
        """
        import sys
        from importlib.abc import MetaPathFinder

        class NoOtel(MetaPathFinder):  # as if momo-wrapper[otel] were not installed
            def find_spec(self, name, path=None, target=None):
                if name == "opentelemetry" or name.startswith("opentelemetry."):
                    raise ModuleNotFoundError(name)
                return None

        sys.meta_path.insert(0, NoOtel())
        from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
        from momo_wrapper.sandbox import Sandbox, SandboxTransport

        sandbox = Sandbox(seed=1)
        c = sandbox.provision("collection", callback_host="127.0.0.1")
        config = MomoConfig(
            base_url="https://sandbox.momodeveloper.mtn.com",
            collection=ProductCredentials(
                subscription_key=c.subscription_key, api_user=c.user_id, api_key=c.api_key
            ),
        )
        with MomoClient(config, transport=SandboxTransport(sandbox)) as momo:
            momo.collection.get_balance()
        print(sorted(m for m in sys.modules if m.startswith("opentelemetry")))
        print("momo_wrapper._otel" in sys.modules)
        """
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'generated'}"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "False"]
