"""Shared helpers for the sandbox tests (imported by conftest and the test modules)."""

from __future__ import annotations

import base64
import http.server
import threading
import uuid
from typing import Any

import attrs
import httpx

from momo_wrapper.sandbox import Sandbox, SandboxCredentials

SANDBOX_HOST = "https://sandbox.momodeveloper.mtn.com"


def basic(user_id: str, api_key: str) -> str:
    return "Basic " + base64.b64encode(f"{user_id}:{api_key}".encode()).decode()


def new_ref() -> str:
    return str(uuid.uuid4())


@attrs.define
class Api:
    """A thin request helper that fills in the MoMo headers for a product."""

    mode: str
    sandbox: Sandbox
    creds: dict[str, SandboxCredentials]
    sync_client: httpx.Client | None = None
    async_client: httpx.AsyncClient | None = None
    tokens: dict[str, str] = attrs.Factory(dict)

    @property
    def over_network(self) -> bool:
        return self.mode.endswith("server")

    @property
    def is_async(self) -> bool:
        return self.mode.startswith("async")

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if self.async_client is not None:
            return await self.async_client.request(method, path, **kwargs)
        assert self.sync_client is not None
        return self.sync_client.request(method, path, **kwargs)

    async def send(self, request: httpx.Request) -> httpx.Response:
        if self.async_client is not None:
            return await self.async_client.send(request)
        assert self.sync_client is not None
        return self.sync_client.send(request)

    def build(self, method: str, path: str, **kwargs: Any) -> httpx.Request:
        client = self.async_client or self.sync_client
        assert client is not None
        return client.build_request(method, path, **kwargs)

    async def token(self, product: str = "collection") -> str:
        if product not in self.tokens:
            creds = self.creds[product]
            response = await self.request(
                "POST",
                f"/{product}/token/",
                headers={
                    "Authorization": basic(creds.user_id, creds.api_key),
                    "Ocp-Apim-Subscription-Key": creds.subscription_key,
                },
            )
            assert response.status_code == 200, response.text
            self.tokens[product] = response.json()["access_token"]
        return self.tokens[product]

    async def headers(self, product: str = "collection", **extra: str) -> dict[str, str]:
        headers = {
            "Authorization": "Bearer " + await self.token(product),
            "Ocp-Apim-Subscription-Key": self.creds[product].subscription_key,
            "X-Target-Environment": "sandbox",
        }
        headers.update(extra)
        return headers

    async def call(
        self, method: str, path: str, *, product: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """A MoMo API call with a bearer token; `headers=` adds to / overrides the defaults."""
        product = product or path.split("/")[1]
        headers = await self.headers(product)
        headers.update(kwargs.pop("headers", {}))
        return await self.request(method, path, headers=headers, **kwargs)

    async def create(
        self, path: str, body: dict[str, Any], *, ref: str | None = None, **headers: str
    ) -> tuple[str, httpx.Response]:
        ref = ref or new_ref()
        response = await self.call(
            "POST", path, json=body, headers={"X-Reference-Id": ref, **headers}
        )
        return ref, response


# -- a real callback receiver on loopback ----------------------------------------------------


@attrs.frozen
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class CallbackReceiver:
    """A tiny threaded HTTP server that records what MoMo's callbacks deliver."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                with receiver._changed:
                    receiver.received.append(
                        Received(self.command, self.path, dict(self.headers.items()), body)
                    )
                    receiver._changed.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PUT = _record

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        with self._changed:
            self._changed.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- the 13 create operations ---------------------------------------------------------------


def party(msisdn: str) -> dict[str, str]:
    return {"partyIdType": "MSISDN", "partyId": msisdn}


def money_body(role: str, msisdn: str) -> dict[str, Any]:
    return {
        "amount": "5.0",
        "currency": "EUR",
        "externalId": "6353636",
        role: party(msisdn),
        "payerMessage": "Pay for product a",
        "payeeNote": "payer note",
    }


@attrs.frozen
class Op:
    name: str
    create: str
    status: str
    kind: str
    version: str

    @property
    def product(self) -> str:
        return self.create.split("/")[1]

    def body(self, msisdn: str = "0248888736") -> dict[str, Any]:
        if self.kind in ("requesttopay", "requesttowithdraw"):
            return money_body("payer", msisdn)
        if self.kind in ("transfer", "deposit"):
            return money_body("payee", msisdn)
        if self.kind == "refund":
            body = money_body("payee", msisdn)
            del body["payee"]
            body["referenceIdToRefund"] = new_ref()
            return body
        if self.kind == "cashtransfer":
            return {
                **money_body("payee", msisdn),
                "orginatingCountry": "SE",
                "originalAmount": "10.50",
                "originalCurrency": "SEK",
                "payerIdentificationType": "PASS",
                "payerIdentificationNumber": "S1234567",
            }
        if self.kind == "invoice":
            return {
                "externalId": "inv-1",
                "amount": "12.50",
                "currency": "EUR",
                "validityDuration": "3600",
                "intendedPayer": party(msisdn),
                "payee": party("46733123459"),
                "description": "An invoice",
            }
        if self.kind == "preapproval":
            return {
                "payer": party(msisdn),
                "payerCurrency": "EUR",
                "payerMessage": "Subscription",
                "validityTime": 3600,
            }
        assert self.kind == "payment"
        return {
            "externalTransactionId": "ext-1",
            "money": {"amount": "5.0", "currency": "EUR"},
            "customerReference": msisdn,
            "serviceProviderUserName": "provider",
        }


OPS = [
    Op(
        "RequesttoPay",
        "/collection/v1_0/requesttopay",
        "/collection/v1_0/requesttopay/{}",
        "requesttopay",
        "v1_0",
    ),
    Op(
        "RequestToWithdraw-V1",
        "/collection/v1_0/requesttowithdraw",
        "/collection/v1_0/requesttowithdraw/{}",
        "requesttowithdraw",
        "v1_0",
    ),
    Op(
        "RequestToWithdraw-V2",
        "/collection/v2_0/requesttowithdraw",
        "/collection/v1_0/requesttowithdraw/{}",
        "requesttowithdraw",
        "v2_0",
    ),
    Op(
        "CreateInvoice",
        "/collection/v2_0/invoice",
        "/collection/v2_0/invoice/{}",
        "invoice",
        "v2_0",
    ),
    Op(
        "PreApproval",
        "/collection/v2_0/preapproval",
        "/collection/v2_0/preapproval/{}",
        "preapproval",
        "v2_0",
    ),
    Op(
        "CreatePayments",
        "/collection/v2_0/payment",
        "/collection/v2_0/payment/{}",
        "payment",
        "v2_0",
    ),
    Op(
        "Transfer",
        "/disbursement/v1_0/transfer",
        "/disbursement/v1_0/transfer/{}",
        "transfer",
        "v1_0",
    ),
    Op(
        "Deposit-V1",
        "/disbursement/v1_0/deposit",
        "/disbursement/v1_0/deposit/{}",
        "deposit",
        "v1_0",
    ),
    Op(
        "Deposit-V2",
        "/disbursement/v2_0/deposit",
        "/disbursement/v1_0/deposit/{}",
        "deposit",
        "v2_0",
    ),
    Op("Refund-V1", "/disbursement/v1_0/refund", "/disbursement/v1_0/refund/{}", "refund", "v1_0"),
    Op("Refund-V2", "/disbursement/v2_0/refund", "/disbursement/v1_0/refund/{}", "refund", "v2_0"),
    Op("Transfer", "/remittance/v1_0/transfer", "/remittance/v1_0/transfer/{}", "transfer", "v1_0"),
    Op(
        "CashTransfer",
        "/remittance/v2_0/cashtransfer",
        "/remittance/v2_0/cashtransfer/{}",
        "cashtransfer",
        "v2_0",
    ),
]
OP_IDS = [f"{op.product}-{op.name}" for op in OPS]
#: The creates by ``<product>-<operationId>``: tests name the create they use.
OP = dict(zip(OP_IDS, OPS, strict=True))
# Refund outcomes follow the refunded transaction's party, payments their customerReference.
PARTY_DRIVEN = [op for op in OPS if op.kind != "refund"]
