"""Store URLs: which backend, where, with which options, and how to show it without credentials.

==========================================  ==================================================
URL                                         backend
==========================================  ==================================================
``memory://``                               this process only
``sqlite:///relative/file.db``              an SQLite file, relative to the working directory
``sqlite:////absolute/file.db``             an SQLite file by absolute path (four slashes)
``redis://[user:password@]host[:port][/db]``  Redis (port 6379 and db 0 by default)
``rediss://...``                            Redis over TLS
``postgresql://[user:password@]host[:port]/db``  PostgreSQL (also ``postgres://``), tables in schema
                                            ``momo`` unless ``?schema=``
==========================================  ==================================================

The SQLite form follows SQLAlchemy's. Query parameters set options: our own (see
:data:`SQLITE_OPTIONS`, :data:`REDIS_OPTIONS`, :data:`TOKEN_OPTIONS`) and, for Redis, redis-py's
connection parameters (``socket_timeout``, ``ssl_ca_certs``, ...), passed on as they are.
"""

from __future__ import annotations

import enum
import re
import urllib.parse
from collections.abc import Mapping

import attrs

from momo_wrapper._errors import MomoValidationError
from momo_wrapper._store_plugins import EXAMPLES, redact_url

SQLITE_OPTIONS = frozenset({"busy_timeout"})
"""Seconds an SQLite statement waits for another process's write lock (default 5)."""

REDIS_OPTIONS = frozenset({"key_prefix"})
"""Namespace for every key this SDK writes (default ``momo``)."""

POSTGRES_OPTIONS = frozenset({"schema", "migrate"})
"""The schema holding our tables (default ``momo``), and whether opening the store may create or
upgrade it (``migrate=true``, the default; ``false`` for teams that run the SQL themselves)."""

DEFAULT_POSTGRES_SCHEMA = "momo"
DEFAULT_POSTGRES_CONNECT_TIMEOUT = "5"
"""libpq's ``connect_timeout`` when the URL sets none: an unreachable host fails in seconds."""

TOKEN_OPTIONS = frozenset({"lock_lease", "acquire_timeout"})
"""Token stores only: the refresh lock's lease and the longest wait for it, in seconds."""

# redis-py's URL parameters that are not in its typed parser table but that it accepts.
_REDIS_PY_EXTRA_OPTIONS = frozenset(
    {
        "username",
        "password",
        "client_name",
        "ssl_cert_reqs",
        "ssl_ca_certs",
        "ssl_ca_path",
        "ssl_certfile",
        "ssl_keyfile",
        "ssl_password",
    }
)


class StoreKind(enum.StrEnum):
    MEMORY = "memory"
    SQLITE = "sqlite"
    REDIS = "redis"
    POSTGRES = "postgres"


@attrs.frozen
class StoreLocation:
    """A parsed store URL. ``display_url`` is safe to log; ``client_url`` may hold a password."""

    kind: StoreKind
    display_url: str
    options: Mapping[str, str] = attrs.field(factory=dict)
    sqlite_path: str | None = None
    client_url: str | None = attrs.field(default=None, repr=False)


def parse_store_url(url: object, *, field: str, own_options: frozenset[str]) -> StoreLocation:
    """Parse a store URL; ``own_options`` are the query parameters this use accepts besides the
    backend's own. Raises :class:`MomoValidationError` naming ``field``."""
    if not isinstance(url, str) or not url.strip():
        raise MomoValidationError(field, f"expected a store URL, got {url!r}.", f"Use {EXAMPLES}.")
    text = url.strip()
    scheme, _, rest = text.partition("://")
    scheme = scheme.lower()
    if not rest and scheme != "memory":
        raise _bad(field, text, "is not a URL")
    if scheme == "memory":
        return _parse_memory(text, field)
    if scheme == "sqlite":
        return _parse_sqlite(text, field, own_options)
    if scheme in ("redis", "rediss"):
        return _parse_redis(text, field, own_options)
    if scheme in ("postgresql", "postgres"):
        return _parse_postgres(text, field, own_options)
    raise _bad(field, text, f"has an unsupported scheme {scheme!r}")


def _bad(field: str, url: str, problem: str) -> MomoValidationError:
    return MomoValidationError(field, f"{redact_url(url)!r} {problem}.", f"Use {EXAMPLES}.")


def _parse_memory(url: str, field: str) -> StoreLocation:
    if url.lower() != "memory://":
        raise _bad(field, url, "has a path or options; a memory store takes none")
    return StoreLocation(StoreKind.MEMORY, "memory://")


def _split_options(
    url: str, query: str, field: str, own: frozenset[str], passthrough: frozenset[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Split the query into our options and ``passthrough`` ones; any other name raises."""
    ours: dict[str, str] = {}
    others: list[tuple[str, str]] = []
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name in own:
            ours[name] = value
        elif name in passthrough:
            others.append((name, value))
        else:
            raise MomoValidationError(
                field,
                f"{redact_url(url)!r} has an unknown option {name!r}.",
                f"Known options: {', '.join(sorted(own | passthrough))}.",
            )
    return ours, others


def _parse_sqlite(url: str, field: str, own_options: frozenset[str]) -> StoreLocation:
    parts = urllib.parse.urlsplit(url)
    if parts.netloc:
        raise _bad(
            field,
            url,
            "names a host; SQLite is a local file: sqlite:///relative.db or sqlite:////abs.db",
        )
    if not parts.path.startswith("/") or len(parts.path) < 2:
        raise _bad(field, url, "has no file path")
    path = urllib.parse.unquote(parts.path[1:])
    if path in (":memory:", "") or path.startswith("file:"):
        raise _bad(field, url, "is not a file; use memory:// for a store private to this process")
    options, _ = _split_options(url, parts.query, field, own_options | SQLITE_OPTIONS, frozenset())
    return StoreLocation(StoreKind.SQLITE, f"sqlite:///{path}", options=options, sqlite_path=path)


def _parse_redis(url: str, field: str, own_options: frozenset[str]) -> StoreLocation:
    try:
        from redis.connection import URL_QUERY_ARGUMENT_PARSERS, parse_url
    except ImportError:  # pragma: no cover - depends on the environment
        raise MomoValidationError(
            field,
            "a Redis store needs the redis package, which is not installed.",
            "Install it with: pip install 'momo-wrapper[redis]'.",
        ) from None
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        raise _bad(field, url, "has no host")
    try:
        port = parts.port or 6379
    except ValueError:
        raise _bad(field, url, "has a port that is not a number from 0 to 65535") from None
    db_text = parts.path.strip("/")
    if db_text and not db_text.isdigit():
        raise _bad(field, url, f"has database {db_text!r}; it must be a number such as /0")
    redis_options = frozenset(URL_QUERY_ARGUMENT_PARSERS) | _REDIS_PY_EXTRA_OPTIONS
    options, others = _split_options(
        url, parts.query, field, own_options | REDIS_OPTIONS, redis_options
    )
    client_url = urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc, parts.path, urllib.parse.urlencode(others), "")
    )
    try:
        parse_url(client_url)  # type: ignore[no-untyped-call]
    except ValueError as exc:
        raise _bad(field, url, f"is not a valid Redis URL ({exc})") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    display = f"{parts.scheme.lower()}://{host}:{port}/{int(db_text or 0)}"
    return StoreLocation(StoreKind.REDIS, display, options=options, client_url=client_url)


_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _parse_postgres(url: str, field: str, own_options: frozenset[str]) -> StoreLocation:
    """``postgresql://`` URLs as libpq takes them; our options are taken out, libpq checks the
    rest (``sslmode``, ``connect_timeout``, ``application_name``, ...)."""
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:  # pragma: no cover - depends on the environment
        raise MomoValidationError(
            field,
            "a PostgreSQL store needs the psycopg package, which is not installed.",
            "Install it with: pip install 'momo-wrapper[postgres]'.",
        ) from None
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise _bad(field, url, "has a port that is not a number from 0 to 65535") from None
    options, others = _split_options(
        url, parts.query, field, own_options | POSTGRES_OPTIONS, _LIBPQ_OPTIONS
    )
    schema = options.get("schema", DEFAULT_POSTGRES_SCHEMA)
    if not _SCHEMA_NAME.fullmatch(schema):
        raise MomoValidationError(
            field,
            f"schema={schema!r} of {redact_url(url)!r} is not a plain schema name.",
            "Use lower-case letters, digits and underscores (at most 63), e.g. schema=momo.",
        )
    migrate = options.get("migrate", "true").lower()
    if migrate not in ("true", "false"):
        raise MomoValidationError(field, f"migrate={migrate!r} must be true or false.")
    if not any(name == "connect_timeout" for name, _ in others):
        others.append(("connect_timeout", DEFAULT_POSTGRES_CONNECT_TIMEOUT))
    client_url = urllib.parse.urlunsplit(
        ("postgresql", parts.netloc, parts.path, urllib.parse.urlencode(others), "")
    )
    try:
        conninfo_to_dict(client_url)
    except Exception as exc:  # psycopg.ProgrammingError: libpq could not parse it
        raise _bad(field, url, f"is not a valid PostgreSQL URL ({_first_line(exc)})") from None
    host = parts.hostname or "localhost"
    host = f"[{host}]" if ":" in host else host
    database = urllib.parse.unquote(parts.path.lstrip("/")) or (parts.username or "postgres")
    display = f"postgresql://{host}:{port or 5432}/{database}?schema={schema}"
    return StoreLocation(
        StoreKind.POSTGRES,
        display,
        options={**options, "schema": schema, "migrate": migrate},
        client_url=client_url,
    )


# libpq's connection parameters that make sense in a URL (the rest would be ignored or unsafe).
_LIBPQ_OPTIONS = frozenset(
    {
        "application_name",
        "channel_binding",
        "connect_timeout",
        "gssencmode",
        "keepalives",
        "keepalives_count",
        "keepalives_idle",
        "keepalives_interval",
        "options",
        "passfile",
        "password",
        "sslcert",
        "sslcrl",
        "sslkey",
        "sslmode",
        "sslpassword",
        "sslrootcert",
        "sslsni",
        "target_session_attrs",
        "tcp_user_timeout",
        "user",
        "host",
        "hostaddr",
        "port",
        "dbname",
    }
)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def float_option(
    location: StoreLocation, name: str, default: float, *, field: str, allow_zero: bool = False
) -> float:
    """A positive number option of ``location``, or ``default`` when absent."""
    raw = location.options.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value > 0 or (allow_zero and value == 0)) or value == float("inf"):
        raise MomoValidationError(
            field,
            f"option {name}={raw!r} of {location.display_url!r} is not a positive number "
            "of seconds.",
        )
    return value
