"""Proxies and the user's own httpx client, on both clients, over loopback.

The served sandbox answers through a counting HTTP proxy on 127.0.0.1: plain forwarding for
http:// URLs, CONNECT tunnels for https:// ones (a TLS front with a throwaway certificate sits
before the sandbox). What passes the proxy is counted, so "it worked" also means "it went
through the proxy" (or, for NO_PROXY, that it did not).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from momo_wrapper import (
    AsyncMomoClient,
    MomoClient,
    MomoConfig,
    MomoTimeoutError,
    MomoValidationError,
    ProductCredentials,
    UnexpectedResponseError,
)
from momo_wrapper.sandbox import RecordingCallbackSender, Sandbox, SandboxServer
from tests.proxy.proxy_servers import CountingProxy, DripServer, FixedServer, TlsFront

PROXY_VARIABLES = (
    "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "MOMO_PROXY",
    "http_proxy", "https_proxy", "all_proxy", "no_proxy",
)  # fmt: skip
CLIENTS = ("sync", "async")
SECRET_PASSWORD = "pr0xy-Secret-Passw0rd"
BALANCE = b'{"availableBalance":"1000","currency":"EUR"}'


@pytest.fixture(autouse=True)
def _no_ambient_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class Served:
    def __init__(self, sandbox: Sandbox, server: SandboxServer) -> None:
        self.sandbox = sandbox
        self.server = server
        creds = sandbox.provision("collection")
        self.credentials = ProductCredentials(
            subscription_key=creds.subscription_key, api_user=creds.user_id, api_key=creds.api_key
        )

    def config(self, **settings: Any) -> MomoConfig:
        if settings.get("base_url") is None:
            settings["base_url"] = self.server.base_url
        return MomoConfig(collection=self.credentials, backoff_base=0.01, **settings)

    def balance_requests(self) -> int:
        return sum(1 for record in self.sandbox.requests if "/account/balance" in record.path)


@pytest.fixture
def served() -> Iterator[Served]:
    with Sandbox(callback_sender=RecordingCallbackSender(), seed=7) as sandbox:
        server = SandboxServer(sandbox)
        with server.start():
            yield Served(sandbox, server)


@pytest.fixture
def proxy() -> Iterator[CountingProxy]:
    with CountingProxy() as running:
        yield running


def balance(kind: str, config: MomoConfig | None = None, **client: Any) -> str:
    """One get_balance with a fresh client of ``kind``; the available balance."""
    if kind == "sync":
        with MomoClient(config, **client) as momo:
            return str(momo.collection.get_balance().available_balance)

    async def run() -> str:
        async with AsyncMomoClient(config, **client) as momo:
            return str((await momo.collection.get_balance()).available_balance)

    return asyncio.run(run())


# -- MomoConfig(proxy=...), MOMO_PROXY, HTTP_PROXY: plain forwarding ----------------------------


@pytest.mark.parametrize("kind", CLIENTS)
def test_config_proxy_forwards_every_request(
    kind: str, served: Served, proxy: CountingProxy
) -> None:
    assert balance(kind, served.config(proxy=proxy.url))
    base = served.server.base_url
    assert proxy.forwarded == [
        f"{base}/collection/token/",
        f"{base}/collection/v1_0/account/balance",
    ]
    assert served.balance_requests() == 1


@pytest.mark.parametrize("kind", CLIENTS)
def test_momo_proxy_variable_is_read_by_from_env(
    kind: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOMO_PROXY", proxy.url)
    config = MomoConfig.from_env(base_url=served.server.base_url, collection=served.credentials)
    assert config.proxy == proxy.url
    assert balance(kind, config)
    assert len(proxy.forwarded) == 2


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
@pytest.mark.parametrize("kind", CLIENTS)
def test_standard_variables_are_honoured(
    kind: str, variable: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    assert balance(kind, served.config())
    assert len(proxy.forwarded) == 2


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "HTTPS_PROXY"])
def test_the_async_lanes_without_aiohttp_use_the_proxy_too(
    variable: str,
    served: Served,
    proxy: CountingProxy,
    tls_sandbox: TlsFront,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "momo_wrapper._aio_transport", None)  # import fails
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv(variable, proxy.url)
    https = variable == "HTTPS_PROXY"
    assert balance("async", served.config(base_url=tls_sandbox.base_url if https else None))
    assert (len(proxy.tunnels) > 0, len(proxy.forwarded)) == ((True, 0) if https else (False, 2))


@pytest.mark.parametrize("kind", CLIENTS)
def test_https_proxy_alone_leaves_http_urls_direct(
    kind: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    assert balance(kind, served.config())
    assert proxy.passed == 0
    assert served.balance_requests() == 1


@pytest.mark.parametrize("no_proxy", ["127.0.0.1", "localhost,127.0.0.1", "*"])
@pytest.mark.parametrize("kind", CLIENTS)
def test_no_proxy_hosts_are_reached_directly(
    kind: str, no_proxy: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", no_proxy)
    assert balance(kind, served.config())
    assert proxy.passed == 0
    assert served.balance_requests() == 1


@pytest.mark.parametrize("kind", CLIENTS)
def test_config_proxy_wins_over_the_environment(
    kind: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The egress proxy MTN whitelisted is not bypassed by an ambient NO_PROXY.
    monkeypatch.setenv("NO_PROXY", "*")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would fail: nothing listens
    assert balance(kind, served.config(proxy=proxy.url))
    assert len(proxy.forwarded) == 2


# -- CONNECT tunnels to an https:// base URL -------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command line tool is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def tls_sandbox(served: Served, certificate: tuple[Path, Path]) -> Iterator[TlsFront]:
    cert, key = certificate
    with TlsFront(served.server.port, str(cert), str(key)) as front:
        yield front


@pytest.mark.parametrize("how", ["HTTPS_PROXY", "config"])
@pytest.mark.parametrize("kind", CLIENTS)
def test_https_goes_through_a_connect_tunnel(
    kind: str,
    how: str,
    served: Served,
    proxy: CountingProxy,
    tls_sandbox: TlsFront,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))  # verified, not switched off
    if how == "HTTPS_PROXY":
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        config = served.config(base_url=tls_sandbox.base_url)
    else:
        config = served.config(base_url=tls_sandbox.base_url, proxy=proxy.url)
    assert balance(kind, config)
    assert proxy.forwarded == []
    assert proxy.tunnels
    assert set(proxy.tunnels) == {f"127.0.0.1:{tls_sandbox.port}"}
    assert served.balance_requests() == 1


# -- credentials in the proxy URL ------------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENTS)
def test_proxy_credentials_are_sent_to_the_proxy_and_never_shown(
    kind: str, served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        CountingProxy(credentials=("egress", SECRET_PASSWORD)) as guarded,
        FixedServer(BALANCE) as upstream,
    ):
        config = served.config(
            base_url=upstream.base_url, proxy=guarded.url_with("egress", SECRET_PASSWORD)
        )
        caplog.set_level(logging.DEBUG)
        if kind == "sync":
            with MomoClient(config) as momo:
                momo.collection.get_balance()
                shown = [repr(config), repr(momo), str(config)]
        else:

            async def run() -> list[str]:
                async with AsyncMomoClient(config) as momo:
                    await momo.collection.get_balance()
                    return [repr(config), repr(momo), str(config)]

            shown = asyncio.run(run())
    assert guarded.refused == 0
    assert len(guarded.forwarded) == 2
    assert all(value is not None for value in guarded.proxy_authorizations)
    assert f"'http://127.0.0.1:{guarded.port}'" in repr(config)
    for text in [*shown, caplog.text]:
        assert SECRET_PASSWORD not in text
    # The target never saw the proxy's credentials.
    assert len(upstream.heads) == 2
    assert all("proxy-authorization" not in head for head in upstream.heads)


def test_a_password_in_the_proxy_url_is_a_secret_for_redaction(served: Served) -> None:
    config = served.config(proxy=f"http://egress:{SECRET_PASSWORD}@proxy.internal:3128")
    assert SECRET_PASSWORD not in config.secrets.redact(f"failed: {SECRET_PASSWORD}")


@pytest.mark.parametrize(
    "value",
    ["socks5://egress:pw-123456@127.0.0.1:1080", "ftp://proxy:21", "http://", "not a url"],
)
def test_unusable_proxy_urls_are_refused_without_echoing_credentials(
    served: Served, value: str
) -> None:
    with pytest.raises(MomoValidationError) as raised:
        served.config(proxy=value)
    assert raised.value.field == "proxy"
    assert "pw-123456" not in str(raised.value)


def test_an_unusable_environment_proxy_names_its_variable(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(MomoValidationError) as raised:
        MomoClient(served.config())
    assert raised.value.field == "HTTPS_PROXY"


# -- the limits hold on a proxy route ------------------------------------------------------------


@pytest.mark.parametrize("kind", CLIENTS)
def test_an_oversized_answer_through_the_proxy_is_refused(
    kind: str, served: Served, proxy: CountingProxy
) -> None:
    with FixedServer(b"x" * (2 * 1024 * 1024)) as upstream:
        config = served.config(base_url=upstream.base_url, proxy=proxy.url, max_attempts=1)
        with pytest.raises(UnexpectedResponseError, match="larger than 1048576 bytes"):
            balance(kind, config)
    assert len(proxy.forwarded) == 2


@pytest.mark.parametrize("kind", CLIENTS)
def test_an_endless_drip_through_an_environment_proxy_ends_at_the_deadline(
    kind: str, served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every read gets a byte well within the read timeout and the body never ends: only the
    # total bound per attempt (connect_timeout + read_timeout) stops it.
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with DripServer() as upstream:
        config = served.config(
            base_url=upstream.base_url, connect_timeout=0.3, read_timeout=0.3, max_attempts=1
        )
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                balance(kind, config)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=call, daemon=True)
        worker.start()
        worker.join(60)  # a hang fails here instead of stalling the suite
        assert not worker.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], MomoTimeoutError)
    assert len(proxy.forwarded) == 2


# -- http_client=: the user's own httpx client -------------------------------------------------


def own_client_balance(kind: str, config: MomoConfig, **settings: Any) -> tuple[str, bool]:
    """get_balance through ``httpx.(Async)Client(**settings)`` given as ``http_client``; the
    balance, and whether that client was still open after the MoMo client closed."""
    if kind == "sync":
        with httpx.Client(**settings) as mine:
            with MomoClient(config, http_client=mine) as momo:
                value = str(momo.collection.get_balance().available_balance)
            return value, not mine.is_closed

    async def run() -> tuple[str, bool]:
        async with httpx.AsyncClient(**settings) as mine:
            async with AsyncMomoClient(config, http_client=mine) as momo:
                value = str((await momo.collection.get_balance()).available_balance)
            return value, not mine.is_closed

    return asyncio.run(run())


@pytest.mark.parametrize("kind", CLIENTS)
def test_own_http_client_carries_every_request_and_stays_open(kind: str, served: Served) -> None:
    seen: list[str] = []

    def record(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url.path}")

    async def arecord(request: httpx.Request) -> None:
        record(request)

    hook: Callable[..., Any] = record if kind == "sync" else arecord
    with FixedServer(BALANCE) as upstream:
        value, still_open = own_client_balance(
            kind,
            served.config(base_url=upstream.base_url),
            event_hooks={"request": [hook]},
            headers={"X-Mine": "1"},
            auth=("not", "sent"),  # the SDK's credentials are on the request; these are not
        )
    assert value == "1000"
    assert still_open
    assert seen == ["POST /collection/token/", "GET /collection/v1_0/account/balance"]
    token_call, balance_call = upstream.heads
    assert token_call["authorization"].startswith("Basic ")
    assert token_call["authorization"] != "Basic " + base64.b64encode(b"not:sent").decode()
    assert balance_call["authorization"] == "Bearer proxy-test-token"
    assert "x-mine" not in balance_call  # the user's defaults belong to their own requests


@pytest.mark.parametrize("kind", CLIENTS)
def test_own_http_client_keeps_the_sdks_retries(kind: str, served: Served) -> None:
    served.sandbox.faults.reset(times=1)  # the first request (the token call) is reset
    assert own_client_balance(kind, served.config())[0]
    tokens = [record.disposition for record in served.sandbox.requests if "/token" in record.path]
    assert tokens == ["reset", "respond"]
    assert served.balance_requests() == 1


@pytest.mark.parametrize("kind", CLIENTS)
def test_own_http_client_keeps_the_response_limits(kind: str, served: Served) -> None:
    with FixedServer(b"x" * (2 * 1024 * 1024)) as upstream:
        config = served.config(base_url=upstream.base_url, max_attempts=1)
        with pytest.raises(UnexpectedResponseError, match="larger than 1048576 bytes"):
            own_client_balance(kind, config)


@pytest.mark.parametrize("kind", CLIENTS)
def test_own_http_client_with_its_own_proxy(
    kind: str, served: Served, proxy: CountingProxy
) -> None:
    assert own_client_balance(kind, served.config(), proxy=proxy.url)[0]
    assert len(proxy.forwarded) == 2


def test_http_client_conflicts_are_refused(
    served: Served, proxy: CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    with httpx.Client() as mine:
        with pytest.raises(MomoValidationError, match="cannot both be given"):
            MomoClient(served.config(), http_client=mine, transport=httpx.MockTransport(print))
        with pytest.raises(MomoValidationError) as raised:
            MomoClient(served.config(proxy=proxy.url), http_client=mine)
        assert raised.value.field == "proxy"
        monkeypatch.setenv("MOMO_PROXY", proxy.url)
        monkeypatch.setenv("MOMO_BASE_URL", served.server.base_url)
        with pytest.raises(MomoValidationError) as from_env:
            MomoClient(http_client=mine)
        assert from_env.value.field == "proxy"
        with pytest.raises(MomoValidationError, match="AsyncClient"):
            AsyncMomoClient(served.config(), http_client=mine)  # type: ignore[arg-type]
