"""Scrubbing secrets out of any text before it reaches a log, a repr or an exception message.

Two layers, both applied by :meth:`Secrets.redact`:

* **known values** registered with :meth:`Secrets.add` (API keys, subscription keys, tokens),
  replaced wherever they occur, even inside a longer string;
* **shapes** that are secret whatever their value: the credential after ``Basic``/``Bearer``, the
  value of ``Ocp-Apim-Subscription-Key`` / ``subscription-key=``, JSON members named like secrets
  (``access_token``, ``apiKey``, ...), anything that looks like a JWT, and standalone 32-hex-digit
  words (the format of MoMo subscription keys and API keys; UUIDs keep their dashes, so reference
  ids and API user ids are not touched).

Identifiers that are not secret but should not be shown whole (API user ids) go through
:func:`mask_identifier`, which keeps only the last four characters.
"""

from __future__ import annotations

import logging
import re
import threading
import urllib.parse
from collections.abc import Iterable

REDACTED = "[REDACTED]"

# Shorter values would redact ordinary words and digits; real MoMo secrets are 32+ characters.
_MIN_SECRET_LENGTH = 8

_SHAPE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "Authorization: Basic abc==" / "Bearer eyJ..." in headers, logs and reprs.
    (re.compile(r"(?i)\b(basic|bearer)(\s+)[A-Za-z0-9._~+/=\-]+"), rf"\1\2{REDACTED}"),
    # Header or query forms of the APIM subscription key.
    (
        re.compile(r"(?i)(ocp-apim-subscription-key[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&}]+"),
        rf"\1{REDACTED}",
    ),
    (re.compile(r"(?i)([?&]subscription-key=)[^&\s\"']+"), rf"\1{REDACTED}"),
    # An Authorization value of any scheme, up to the end of the header or quoted string.
    (
        re.compile(r"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?)[^\"'\r\n,}]+"),
        rf"\1{REDACTED}",
    ),
    # JSON members (or key=value pairs) whose name says they hold a secret.
    (
        re.compile(
            r"(?i)([\"']?(?:access_token|refresh_token|id_token|api_?key|apikey|"
            r"subscription_?key|client_secret|password)[\"']?\s*[:=]\s*[\"']?)"
            r"[^\s\"',;&}]+"
        ),
        rf"\1{REDACTED}",
    ),
    # JWTs (MoMo access tokens are JWTs) wherever they appear.
    (re.compile(r"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*"), REDACTED),
    # 32 hex digits standing alone: the shape of subscription keys and API keys.
    (re.compile(r"(?<![0-9A-Fa-f\-])[0-9A-Fa-f]{32}(?![0-9A-Fa-f\-])"), REDACTED),
)


def redact_shapes(text: str) -> str:
    """Scrub values that are secret by their shape (auth headers, JWTs, key-like JSON members)."""
    for pattern, replacement in _SHAPE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask_url_path(url: str) -> str:
    """Scheme and host only (``https://shop.example/…``): a callback URL's path may hold a
    shared-secret segment."""
    parts = urllib.parse.urlsplit(url)
    suffix = "/…" if parts.path.strip("/") or parts.query else ""
    return f"{parts.scheme}://{parts.netloc}{suffix}"


def mask_identifier(value: str | None) -> str:
    """Show an identifier by its last four characters only: ``'…2a7f'``.

    Used for API user ids in reprs: enough to tell two configurations apart, not enough to reuse.
    """
    if not value:
        return "<unset>"
    if len(value) <= 4:
        return "…"
    return "…" + value[-4:]


def mask_secret(value: str | None) -> str:
    """A secret is never shown, not even in part; only whether it is set."""
    return "<unset>" if not value else "***"


class Secrets:
    """A thread-safe set of secret values to scrub from text.

    One instance is built per configuration (every key it holds) and grows as tokens are issued.
    ``redact`` is safe on any input, including text that never held a secret.
    """

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        self._lock = threading.Lock()
        self._values: frozenset[str] = frozenset()
        self._longest_first: tuple[str, ...] = ()
        self.add(*values)

    def add(self, *values: str | None) -> None:
        """Register secret values; ``None``, empty and very short values are ignored."""
        fresh = {v for v in values if isinstance(v, str) and len(v) >= _MIN_SECRET_LENGTH}
        if not fresh:
            return
        with self._lock:
            self._set(self._values | fresh)

    def discard(self, value: str) -> None:
        """Forget a value (an expired token), so the registry does not grow without bound."""
        with self._lock:
            self._set(self._values - {value})

    def _set(self, values: frozenset[str]) -> None:
        self._values = values
        # Longest first, so a secret that contains another one is replaced whole.
        self._longest_first = tuple(sorted(values, key=len, reverse=True))

    def __contains__(self, value: object) -> bool:
        return value in self._values

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Secrets(<{len(self._values)} values>)"

    def redact(self, text: str) -> str:
        """Return ``text`` with every known secret and every secret-shaped value replaced."""
        return redact_shapes(self.redact_known(text))

    def redact_known(self, text: str) -> str:
        """Return ``text`` with the registered values replaced (shapes are left alone)."""
        for value in self._longest_first:
            if value in text:
                text = text.replace(value, REDACTED)
        return text


class RedactingFilter(logging.Filter):
    """A logging filter that scrubs secrets from the formatted message and any exception text.

    The SDK's own loggers (``momo_wrapper.*``) carry one that knows every client's secrets; attach
    another to a handler (``handler.addFilter(RedactingFilter(secrets))``) for other loggers.
    It renders ``msg % args`` once, so later handlers see the already-scrubbed text.
    """

    def __init__(self, secrets: Secrets | None = None, name: str = "") -> None:
        super().__init__(name)
        self.secrets = secrets if secrets is not None else Secrets()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        record.msg = self.secrets.redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.secrets.redact(record.exc_text)
        # The traceback is now carried, scrubbed, by exc_text; formatters would re-render exc_info.
        record.exc_info = None
        return True
