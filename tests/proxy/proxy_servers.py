"""Small threaded servers on 127.0.0.1 for the proxy tests.

* :class:`CountingProxy`: an HTTP proxy. Absolute-form requests (``GET http://host/path``) are
  forwarded, one per connection (it answers ``Connection: close``); ``CONNECT host:port`` opens
  a tunnel. It records every request and tunnel, and can demand Basic proxy credentials.
* :class:`TlsFront`: TLS in front of a plain server (the served sandbox), so an https:// base
  URL reaches it and clients must tunnel through CONNECT.
* :class:`DripServer`: a body that never ends, one byte at a time.
* :class:`FixedServer`: answers the token call with a token and anything else with ``body``,
  and records what arrived.
"""

from __future__ import annotations

import base64
import contextlib
import json
import selectors
import socket
import ssl
import threading
import time
from typing import Any, Self


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    selector = selectors.DefaultSelector()
    selector.register(a, selectors.EVENT_READ, b)
    selector.register(b, selectors.EVENT_READ, a)
    try:
        while True:
            for key, _ in selector.select(timeout=5):
                source: Any = key.fileobj
                try:
                    data = source.recv(65536)
                except (ssl.SSLWantReadError, BlockingIOError):
                    continue
                except OSError:
                    return
                if not data:
                    return
                while isinstance(source, ssl.SSLSocket) and source.pending():
                    data += source.recv(source.pending())  # decrypted but not yet selected
                key.data.sendall(data)
    finally:
        selector.close()
        for sock in (a, b):
            with contextlib.suppress(OSError):
                sock.close()


def _read_head(sock: socket.socket) -> tuple[bytes, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the head ended")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


class _Threaded:
    """Accepts connections on 127.0.0.1 in a daemon thread; one thread per connection."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closed = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve_safely, args=(conn,), daemon=True).start()

    def _serve_safely(self, conn: socket.socket) -> None:
        try:
            self._serve(conn)
        except (OSError, ConnectionError, ssl.SSLError):
            conn.close()

    def _serve(self, conn: socket.socket) -> None:
        raise NotImplementedError


class CountingProxy(_Threaded):
    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.url = f"http://127.0.0.1:{self.port}"
        self.forwarded: list[str] = []
        """The absolute-form target of every forwarded request."""
        self.tunnels: list[str] = []
        """The ``host:port`` of every CONNECT tunnel opened."""
        self.refused = 0
        self.proxy_authorizations: list[str | None] = []
        self._expected = (
            None
            if credentials is None
            else "Basic " + base64.b64encode(":".join(credentials).encode()).decode()
        )
        self._lock = threading.Lock()

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    @property
    def passed(self) -> int:
        return len(self.forwarded) + len(self.tunnels)

    def _serve(self, conn: socket.socket) -> None:
        head, rest = _read_head(conn)
        lines = head.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        headers = [line.split(":", 1) for line in lines[1:] if ":" in line]
        authorization = next(
            (v.strip() for k, v in headers if k.strip().lower() == "proxy-authorization"), None
        )
        with self._lock:
            self.proxy_authorizations.append(authorization)
        if self._expected is not None and authorization != self._expected:
            with self._lock:
                self.refused += 1
            conn.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="test"\r\n'
                b"Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            conn.close()
            return
        if method == "CONNECT":
            host, port = target.rsplit(":", 1)
            upstream = socket.create_connection((host, int(port)))
            with self._lock:
                self.tunnels.append(target)
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            _pipe(conn, upstream)
            return
        self._forward(conn, method, target, version, headers, rest)

    def _forward(
        self,
        conn: socket.socket,
        method: str,
        target: str,
        version: str,
        headers: list[list[str]],
        rest: bytes,
    ) -> None:
        with self._lock:
            self.forwarded.append(target)
        without_scheme = target.split("://", 1)[1]
        authority, _, path = without_scheme.partition("/")
        host, port = authority.rsplit(":", 1)
        length = next((int(v) for k, v in headers if k.strip().lower() == "content-length"), 0)
        body = rest
        while len(body) < length:
            body += conn.recv(65536)
        kept = [
            f"{k}:{v}"
            for k, v in headers
            if k.strip().lower() not in {"proxy-authorization", "proxy-connection", "connection"}
        ]
        request = "\r\n".join([f"{method} /{path} {version}", *kept, "Connection: close"])
        with socket.create_connection((host, int(port))) as upstream:
            upstream.sendall(request.encode("latin-1") + b"\r\n\r\n" + body)
            response_head, response_rest = _read_head(upstream)
            response_lines = [
                line
                for line in response_head.split(b"\r\n")
                if not line.lower().startswith(b"connection:")
            ]
            conn.sendall(
                b"\r\n".join([*response_lines, b"Connection: close"]) + b"\r\n\r\n" + response_rest
            )
            while chunk := upstream.recv(65536):
                conn.sendall(chunk)
        conn.close()


class TlsFront(_Threaded):
    """``https://127.0.0.1:<port>`` in front of ``http://127.0.0.1:<upstream_port>``."""

    def __init__(self, upstream_port: int, cert: str, key: str) -> None:
        super().__init__()
        self.base_url = f"https://127.0.0.1:{self.port}"
        self._upstream_port = upstream_port
        self._tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._tls.load_cert_chain(cert, key)

    def _serve(self, conn: socket.socket) -> None:
        secure = self._tls.wrap_socket(conn, server_side=True)
        upstream = socket.create_connection(("127.0.0.1", self._upstream_port))
        _pipe(secure, upstream)


TOKEN = json.dumps(
    {"access_token": "proxy-test-token", "token_type": "access_token", "expires_in": 3600}
).encode()


class FixedServer(_Threaded):
    """The token call gets a token; every other request ``body`` (with ``Content-Length``)."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._body = body
        self.heads: list[dict[str, str]] = []
        """The request line (``""``) and headers (lower-case names) of every request."""

    def _serve(self, conn: socket.socket) -> None:
        head, rest = _read_head(conn)
        path = head.split(b" ", 2)[1].decode()
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                while len(rest) < int(line.split(b":", 1)[1]):
                    rest += conn.recv(65536)  # read it all: closing on unread bytes resets
        lines = head.decode("latin-1").split("\r\n")
        seen = {"": lines[0]}
        seen.update(
            (name.strip().lower(), value.strip())
            for name, value in (line.split(":", 1) for line in lines[1:] if ":" in line)
        )
        self.heads.append(seen)
        body = TOKEN if "/token" in path else self._body
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        conn.close()


class DripServer(_Threaded):
    """The token call gets a token; any other request a chunked body of one byte every 50 ms
    that never ends (until the server stops): only a total deadline ends that response."""

    def __init__(self) -> None:
        super().__init__()
        self.base_url = f"http://127.0.0.1:{self.port}"

    def _serve(self, conn: socket.socket) -> None:
        head, rest = _read_head(conn)
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                while len(rest) < int(line.split(b":", 1)[1]):
                    rest += conn.recv(65536)
        if b"/token" in head.split(b"\r\n", 1)[0]:
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + f"Content-Length: {len(TOKEN)}\r\n\r\n".encode()
                + TOKEN
            )
            conn.close()
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while not self._closed:
            conn.sendall(b"1\r\n \r\n")
            time.sleep(0.05)
        conn.close()
