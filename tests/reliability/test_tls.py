"""TLS: certificates are verified by default, switching that off takes the loud option, and
plain http is refused except for loopback (the local sandbox).

The real check runs a local HTTPS server with a self-signed certificate made for the test by the
``openssl`` command line tool (the ``cryptography`` package is not a dependency). The clients
must refuse it with a typed connection error, accept it once it is trusted (``SSL_CERT_FILE``,
which proves the refusal was about trust) and connect with ``insecure_skip_tls_verify=True``.
"""

from __future__ import annotations

import http.server
import json
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from momo_wrapper import (
    AsyncMomoClient,
    MomoClient,
    MomoConfig,
    MomoConnectionError,
    MomoValidationError,
    ProductCredentials,
)

TOKEN = {"access_token": "tls-test-token", "token_type": "access_token", "expires_in": 3600}
BALANCE = {"availableBalance": "1000", "currency": "EUR"}


@attrs.frozen
class Certificate:
    cert: Path
    key: Path


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command line tool is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    made = Certificate(folder / "cert.pem", folder / "key.pem")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(made.key),
            "-out",
            str(made.cert),
        ],
        check=True,
        capture_output=True,
    )
    return made


class _MomoLike(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._json(TOKEN if self.path.endswith("/token/") else {})

    def do_GET(self) -> None:
        self._json(BALANCE)

    def _json(self, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: refused handshakes are the point of these tests."""


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client refusing our certificate is expected."""


@pytest.fixture(scope="module")
def https_url(certificate: Certificate) -> Iterator[str]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.cert, certificate.key)
    server = _QuietServer(("127.0.0.1", 0), _MomoLike)
    # The handshake happens in the handler thread, so a refused one cannot block accepting.
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def _config(base_url: str, **settings: Any) -> MomoConfig:
    return MomoConfig(
        base_url=base_url,
        collection=ProductCredentials(
            subscription_key="subscription-key",
            api_user="6f9619ff-8b86-4d01-b42d-00cf4fc964ff",
            api_key="api-key",
        ),
        max_attempts=1,
        read_timeout=5,
        connect_timeout=5,
        **settings,
    )


def _assert_refused(error: MomoConnectionError) -> None:
    assert error.maybe_sent is False  # the handshake failed: nothing was sent
    cause = error.__cause__
    assert isinstance(cause, httpx.ConnectError)
    assert "CERTIFICATE_VERIFY_FAILED" in str(cause)


# -- verification on by default: a self-signed certificate is refused ---------------------------


def test_verification_is_on_by_default() -> None:
    assert MomoConfig().verify_tls is True
    assert MomoConfig.from_env({}).verify_tls is True


def test_sync_client_refuses_a_self_signed_certificate(https_url: str) -> None:
    with MomoClient(_config(https_url)) as momo, pytest.raises(MomoConnectionError) as raised:
        momo.collection.get_balance()
    _assert_refused(raised.value)


async def test_async_client_refuses_a_self_signed_certificate(https_url: str) -> None:
    async with AsyncMomoClient(_config(https_url)) as momo:
        with pytest.raises(MomoConnectionError) as raised:
            await momo.collection.get_balance()
    _assert_refused(raised.value)


def test_sync_client_accepts_the_certificate_once_trusted(
    https_url: str, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    with MomoClient(_config(https_url)) as momo:
        assert momo.collection.get_balance().currency == "EUR"


async def test_async_client_accepts_the_certificate_once_trusted(
    https_url: str, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert))
    async with AsyncMomoClient(_config(https_url)) as momo:
        assert (await momo.collection.get_balance()).currency == "EUR"


# -- switching verification off takes the loud option ------------------------------------------


def test_sync_client_connects_with_the_insecure_option(https_url: str) -> None:
    with MomoClient(_config(https_url, insecure_skip_tls_verify=True)) as momo:
        assert momo.collection.get_balance().currency == "EUR"


async def test_async_client_connects_with_the_insecure_option(https_url: str) -> None:
    async with AsyncMomoClient(_config(https_url, insecure_skip_tls_verify=True)) as momo:
        assert (await momo.collection.get_balance()).currency == "EUR"


def test_verify_tls_false_alone_is_refused() -> None:
    with pytest.raises(MomoValidationError) as raised:
        MomoConfig(verify_tls=False)
    assert "insecure_skip_tls_verify" in str(raised.value)


def test_the_insecure_option_is_refused_for_production() -> None:
    with pytest.raises(MomoValidationError):
        MomoConfig(
            target_environment="mtnuganda", allow_production=True, insecure_skip_tls_verify=True
        )


def test_the_insecure_option_from_the_environment() -> None:
    config = MomoConfig.from_env({"MOMO_INSECURE_SKIP_TLS_VERIFY": "1"})
    assert config.verify_tls is False


# -- plain http only for loopback ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://sandbox.momodeveloper.mtn.com",
        "http://proxy.momoapi.mtn.com",
        "http://example.com",
        "http://10.0.0.5:8080",
        "http://localhost.example.com",
    ],
)
def test_plain_http_is_refused(url: str) -> None:
    with pytest.raises(MomoValidationError) as raised:
        MomoConfig(base_url=url)
    assert raised.value.field == "base_url"


@pytest.mark.parametrize(
    "url", ["http://localhost:8000", "http://127.0.0.1:8000", "http://[::1]:8000"]
)
def test_plain_http_is_allowed_for_a_local_sandbox(url: str) -> None:
    assert MomoConfig(base_url=url).base_url == url
