"""Which proxy each request goes through: ``MomoConfig.proxy`` (``MOMO_PROXY``), else the standard
``HTTP_PROXY`` / ``HTTPS_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` variables.

MTN's production gateways accept requests from whitelisted source addresses only, so services
often send through a static-egress proxy. Both clients route the same way: the decision is a
table of httpx mount patterns (httpx's public ``mounts=``), and each pattern gets the client's own
transport (sync sockets, aiohttp or lanes) set up for its proxy, wrapped by the response limits.

* ``proxy=`` sends every request through that proxy; the environment is then not consulted (a
  stray ``NO_PROXY`` cannot bypass the egress proxy MTN whitelisted).
* Without it the variables apply as httpx reads them: lower-case names win over upper-case,
  ``HTTP_PROXY`` for ``http://`` URLs, ``HTTPS_PROXY`` for ``https://``, ``ALL_PROXY`` for both,
  and ``NO_PROXY`` hosts (``localhost``, ``127.0.0.1``, ``example.com`` and its subdomains, or
  ``*`` for every host) are reached directly.

Only ``http://`` and ``https://`` proxies are supported (plain forwarding for ``http://`` URLs,
a CONNECT tunnel for ``https://`` ones). Credentials in a proxy URL (``http://user:pass@host``)
are sent as ``Proxy-Authorization`` to the proxy only, and never shown: :func:`display_proxy`
is what reprs and messages use.
"""

from __future__ import annotations

import ipaddress
import urllib.parse
from collections.abc import Mapping

import httpx

from ._errors import MomoValidationError

PROXY_SCHEMES = ("http", "https")
_ENV_ROUTES = (("http", "http://"), ("https", "https://"), ("all", "all://"))


def check_proxy_url(value: object, *, field: str = "proxy") -> str:
    """``value`` as a proxy URL, or a validation error that never echoes its credentials."""
    if not isinstance(value, str) or not value.strip():
        raise MomoValidationError(field, "must be a proxy URL.", "For example http://proxy:3128.")
    text = value.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise MomoValidationError(field, "is not a valid URL.") from None
    if parts.scheme.lower() not in PROXY_SCHEMES or not parts.hostname:
        raise MomoValidationError(
            field,
            f"must be an http:// or https:// proxy URL, got {display_proxy(text)!r}.",
            "For example http://proxy.internal:3128 (SOCKS proxies are not supported).",
        )
    return text


def display_proxy(url: str) -> str:
    """Scheme, host and port of a proxy URL: what may be shown in a repr or a message."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<invalid proxy URL>"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def proxy_secrets(url: str) -> list[str]:
    """The password in a proxy URL (decoded and as written), for redaction."""
    try:
        password = urllib.parse.urlsplit(url).password
    except ValueError:
        return []
    if not password:
        return []
    return list({password, urllib.parse.unquote(password)})


def to_proxy(url: str) -> httpx.Proxy:
    """httpx's proxy object: the URL without credentials, which move to ``.auth``."""
    return httpx.Proxy(url)


def _environment_value(environ: Mapping[str, str], name: str) -> str | None:
    for variable in (f"{name}_proxy", f"{name.upper()}_PROXY"):
        value = environ.get(variable, "").strip()
        if value:
            return value
    return None


def _no_proxy_pattern(host: str) -> str:
    if "://" in host:
        return host
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        if host.lower() == "localhost":
            return f"all://{host}"
        return f"all://*{host}"
    return f"all://[{address}]" if address.version == 6 else f"all://{address}"


def proxy_routes(proxy: str | None, environ: Mapping[str, str]) -> dict[str, str | None]:
    """httpx mount patterns -> the proxy URL to send through, or None: straight to the host.

    An empty table means no proxy at all. Environment proxies are checked like ``proxy=``;
    a variable that holds no usable proxy URL is a validation error naming it.
    """
    if proxy is not None:
        return {"all://": proxy}
    routes: dict[str, str | None] = {}
    for name, pattern in _ENV_ROUTES:
        value = _environment_value(environ, name)
        if value is not None:
            url = value if "://" in value else f"http://{value}"
            routes[pattern] = check_proxy_url(url, field=f"{name.upper()}_PROXY")
    if not routes:
        return {}
    for host in (_environment_value(environ, "no") or "").split(","):
        host = host.strip()
        if host == "*":
            return {}
        if host:
            routes[_no_proxy_pattern(host)] = None
    return routes
