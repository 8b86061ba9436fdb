"""A faithful local MTN MoMo sandbox for demos, end-to-end and reliability tests.

Quick start::

    from momo_wrapper.sandbox import Sandbox, SandboxTransport
    import httpx

    sandbox = Sandbox()
    creds = sandbox.provision("collection")
    client = httpx.Client(transport=SandboxTransport(sandbox), base_url="https://sandbox.local")

See README.md in this package for the full guide.
"""

from ._asgi import SandboxASGIApp, SandboxConnectionAbort
from ._callbacks import (
    CALLBACK_HEADERS,
    CallbackDelivery,
    CallbackResult,
    CallbackSender,
    HttpCallbackSender,
    RecordingCallbackSender,
)
from ._clock import VirtualClock
from ._faults import FaultKind, FaultPlan, FaultRule
from ._model import (
    DEFAULT_TEST_OUTCOMES,
    PRODUCTS,
    Outcome,
    RequestRecord,
    ResourceRecord,
    SandboxCredentials,
)
from ._routes import OPERATIONS, UNROUTED_HEADER
from ._sandbox import Sandbox
from ._server import SandboxServer, serve_sandbox
from ._state import SandboxSettings, callback_method
from ._transports import AsyncSandboxTransport, SandboxTransport
from ._wire import GATEWAY_JSON, MOMO_JSON, ReplyKind, SandboxReply, SandboxResponse

__all__ = [
    "CALLBACK_HEADERS",
    "DEFAULT_TEST_OUTCOMES",
    "GATEWAY_JSON",
    "MOMO_JSON",
    "OPERATIONS",
    "PRODUCTS",
    "UNROUTED_HEADER",
    "AsyncSandboxTransport",
    "CallbackDelivery",
    "CallbackResult",
    "CallbackSender",
    "FaultKind",
    "FaultPlan",
    "FaultRule",
    "HttpCallbackSender",
    "Outcome",
    "RecordingCallbackSender",
    "ReplyKind",
    "RequestRecord",
    "ResourceRecord",
    "Sandbox",
    "SandboxASGIApp",
    "SandboxConnectionAbort",
    "SandboxCredentials",
    "SandboxReply",
    "SandboxResponse",
    "SandboxServer",
    "SandboxSettings",
    "SandboxTransport",
    "VirtualClock",
    "callback_method",
    "serve_sandbox",
]
