"""Fuzz the served local sandbox against spec/momo.openapi.yaml with schemathesis.

Usage (what `nox -s contract` runs): ``python tools/contract.py [--max-examples N]
[--seed S] [--mode positive|negative|all] [--spec PATH] [-- more `st run` options]``.
Exit status 0 when every response conforms; it prints schemathesis's report, then one line
with the request count, the runtime and the statuses the sandbox answered.

The sandbox is served on a free loopback port in this process, and `st run` runs in-process
too, so its hooks can reach the sandbox:

- auth: each case gets its product's subscription key and what its security schemes ask for
  (Basic for the token calls, an access token per product, a consent token for userinfo);
- dictionaries: values the sandbox's business rules accept (EUR, test MSISDNs, the callback
  host, `sandbox`) are offered for 3 in 4 draws of the matching fields, so cases get past those
  rules to the code behind them, while the rest stays random;
- id feed (`KnownResources`): reads take ids this run created, following the spec's links.

Checks on every response:

- ``status_code_conformance``: the status is documented for the operation;
- ``response_schema_conformance``: the body matches the documented schema;
- ``content_type_conformance``: the Content-Type is a documented one;
- ``response_headers_conformance``: documented headers (e.g. 429 `Retry-After`) conform;
- ``sandbox_route_exists`` (ours): a 404 the sandbox gave because no route serves the path
  (marked with ``X-Sandbox-Unrouted``) fails, though a 404 is documented for most operations;
- ``momo_server_errors`` (ours, instead of ``not_a_server_error``): MoMo answers most business
  errors with a documented 500 (INVALID_CURRENCY, NOT_ALLOWED_TARGET_ENVIRONMENT...), so a 5xx
  fails only when its body is not a MoMo error, i.e. the sandbox crashed. Crashes the sandbox
  logs fail the run too.

The run is bounded (examples per operation, one worker) and reproducible: deterministic
generation, no example database or replay cache, a seeded sandbox and counter-derived ids.
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import logging
import re
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import schemathesis
import schemathesis.cli
import yaml
from schemathesis import Case as GenericCase
from schemathesis import CheckContext, HookContext, Response
from schemathesis.auths import AuthContext

from momo_wrapper.sandbox import (
    PRODUCTS,
    UNROUTED_HEADER,
    RecordingCallbackSender,
    Sandbox,
    SandboxCredentials,
    serve_sandbox,
)

Case = GenericCase[Any]
ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "momo.openapi.yaml"
CHECKS = (
    "status_code_conformance",
    "response_schema_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "momo_server_errors",
    "sandbox_route_exists",
)
CALLBACK_HOST = "127.0.0.1"
#: The consent flow's login hint: any MSISDN outside the sandbox's test table.
CONSENT_HINT = "ID:56733123453/MSISDN"
CIBA_GRANT = "urn:openid:params:grant-type:ciba"


class CrashLog(logging.Handler):
    """Counts the sandbox's own crash reports (an unexpected exception answers an empty 500)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.crashes: list[str] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._lock:
            self.crashes.append(record.getMessage())


class SandboxCredentialsSource:
    """What each operation's security schemes ask for, from one sandbox served at `base_url`.

    Tokens are fetched once per product over HTTP, as a client would; the sandbox's clock is
    frozen, so they never expire during the run.
    """

    def __init__(self, sandbox: Sandbox, base_url: str) -> None:
        self._sandbox = sandbox
        self._http = httpx.Client(base_url=base_url, timeout=10)
        self._credentials = {
            product: sandbox.provision(product, callback_host=CALLBACK_HOST) for product in PRODUCTS
        }
        self._cache: dict[tuple[str, str], str] = {}
        self._lock = threading.RLock()  # a consent token needs an access token first

    def close(self) -> None:
        self._http.close()

    def headers_for(self, path: str, security: Sequence[Mapping[str, Any]]) -> dict[str, str]:
        product = _product_of(path)
        headers = {"Ocp-Apim-Subscription-Key": self._sandbox.subscription_keys[product]}
        schemes = {name for requirement in security for name in requirement}
        if "apiUserBasic" in schemes:
            headers["Authorization"] = self._basic(product)
        elif "consentToken" in schemes:
            headers["Authorization"] = "Bearer " + self._cached(product, "consent")
        elif "accessToken" in schemes:
            headers["Authorization"] = "Bearer " + self._cached(product, "access")
        return headers

    def _cached(self, product: str, kind: str) -> str:
        with self._lock:
            if (product, kind) not in self._cache:
                fetch = self._access_token if kind == "access" else self._consent_token
                self._cache[(product, kind)] = fetch(product)
            return self._cache[(product, kind)]

    def _basic(self, product: str) -> str:
        creds: SandboxCredentials = self._credentials[product]
        pair = f"{creds.user_id}:{creds.api_key}".encode()
        return "Basic " + base64.b64encode(pair).decode()

    def _key(self, product: str) -> dict[str, str]:
        return {"Ocp-Apim-Subscription-Key": self._sandbox.subscription_keys[product]}

    def _access_token(self, product: str) -> str:
        response = self._http.post(
            f"/{product}/token/",
            headers={**self._key(product), "Authorization": self._basic(product)},
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def _consent_token(self, product: str) -> str:
        common = {**self._key(product), "X-Target-Environment": "sandbox"}
        authorize = self._http.post(
            f"/{product}/v1_0/bc-authorize",
            headers={**common, "Authorization": "Bearer " + self._cached(product, "access")},
            data={"scope": "all_info", "login_hint": CONSENT_HINT, "access_type": "offline"},
        )
        authorize.raise_for_status()
        token = self._http.post(
            f"/{product}/oauth2/token/",
            headers={**common, "Authorization": self._basic(product)},
            data={"grant_type": CIBA_GRANT, "auth_req_id": authorize.json()["auth_req_id"]},
        )
        token.raise_for_status()
        return str(token.json()["access_token"])


def _product_of(path: str) -> str:
    head = path.lstrip("/").partition("/")[0]
    # Provisioning (/v1_0/apiuser...) takes any product's key.
    return head if head in PRODUCTS else PRODUCTS[0]


#: Values the sandbox accepts, offered to the generator so that most cases get past its business
#: rules (EUR only, numeric MSISDNs, the user's callback host) and reach the code behind them.
DICTIONARIES: Mapping[str, Sequence[str]] = {
    "sandbox_currency": ["EUR"],
    "party_id_type": ["MSISDN"],
    # api-behaviour §6: the sandbox's test MSISDNs (failed, rejected, expired, ongoing, stuck) and a
    # number outside the table (successful).
    "msisdn": ["56733123453", *(f"4673312345{n}" for n in range(5))],
    "account_holder": [
        "56733123453",
        *(f"4673312345{n}" for n in range(6)),
        *(
            f"{case}@email.com"
            for case in (
                "notfound",
                "notactive",
                "notallowed",
                "notallowedtargetenvironment",
                "internalprocessingerror",
                "serviceunavailable",
            )
        ),
    ],
    "callback_url": [f"http://{CALLBACK_HOST}/momo/callback"],
    # Anything else stops at the documented 500 NOT_ALLOWED_TARGET_ENVIRONMENT.
    "target_environment": ["sandbox"],
    # The consent flow's form fields (api-behaviour §7): the sandbox checks their shape.
    "login_hint": [f"ID:{msisdn}/MSISDN" for msisdn in ("56733123453", "46733123450")],
    "consent_scope": ["all_info", "profile"],
    "ciba_grant": [CIBA_GRANT],
}
BINDINGS: Mapping[str, str] = {
    "path.currency": "sandbox_currency",
    "path.accountHolderId": "account_holder",
    "path.accountHolderMsisdn": "msisdn",
    "header.X-Callback-Url": "callback_url",
    "header.X-Target-Environment": "target_environment",
    "body.currency": "sandbox_currency",
    "body.payerCurrency": "sandbox_currency",
    "body.money.currency": "sandbox_currency",
    "body.customerReference": "msisdn",
    "body.login_hint": "login_hint",
    "body.scope": "consent_scope",
    "body.grant_type": "ciba_grant",
    **{f"body.{party}.partyId": "msisdn" for party in ("payer", "payee", "intendedPayer")},
    **{
        f"body.{party}.partyIdType": "party_id_type"
        for party in ("payer", "payee", "intendedPayer")
    },
}
#: How often a bound parameter takes a dictionary value instead of a generated one.
BINDING_PROBABILITY = 0.75


def fuzz_config(stateful_steps: int) -> str:
    """schemathesis.toml text: the dictionaries, their bindings and the stateful scenario length."""
    lines = [
        # No replay cache: a run must not depend on what an earlier run stored.
        "[cache]\nenabled = false\n",
        f"[phases.stateful]\nmax-steps = {stateful_steps}\n",
    ]
    for name, values in DICTIONARIES.items():
        lines.append(f"[dictionaries.{name}]\nvalues = {json.dumps(list(values))}\n")
    lines.append("[parameters]")
    for key, dictionary in BINDINGS.items():
        binding = f'{{ dictionary = "{dictionary}", probability = {BINDING_PROBABILITY} }}'
        lines.append(f"{json.dumps(key)} = {binding}")
    return "\n".join(lines) + "\n"


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
#: One read in this many keeps its generated (unknown) id, so the 404 answer stays fuzzed too.
UNKNOWN_ID_EVERY = 4


class KnownResources:
    """Feeds the ids this run created into the calls that read them, as a client would.

    Random reference ids almost never name a resource, so without this every status read,
    cancellation and API-key call would only ever answer 404. The spec's links say which
    create makes the id a read takes (`referenceId: $request.header.X-Reference-Id`); a read
    whose generated id is a well-formed UUID gets one of those created ids instead. Creates
    whose generated X-Reference-Id was already used get a fresh one (the first reuse per
    operation is kept, so the 409 answer is fuzzed too). Everything is derived from counters,
    so a deterministic run stays deterministic.
    """

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._sources: dict[str, set[str]] = defaultdict(set)  # read -> creates feeding it
        for item in spec["paths"].values():
            for operation in item.values():
                for response in operation.get("responses", {}).values():
                    for link in response.get("links", {}).values():
                        if "$request.header.X-Reference-Id" in link["parameters"].values():
                            self._sources[link["operationId"]].add(operation["operationId"])
        self._created: dict[str, list[str]] = defaultdict(list)
        self._used: set[str] = set()
        self._reused: set[str] = set()
        self._auth_requests: dict[str, list[str]] = defaultdict(list)
        self._pre_approvals: list[str] = []
        self._fresh = itertools.count(1)
        self._draws = itertools.count()
        self._lock = threading.Lock()

    def before_call(self, case: Case) -> None:
        operation_id = str(case.operation.definition.raw["operationId"])
        with self._lock:
            reference = case.headers.get("X-Reference-Id")
            if isinstance(reference, str) and _UUID.match(reference):
                if reference in self._used and operation_id in self._reused:
                    case.headers["X-Reference-Id"] = self._fresh_uuid()
                elif reference in self._used:
                    self._reused.add(operation_id)
            self._feed_path(case, operation_id)
            self._feed_body(case, operation_id)

    def after_call(self, case: Case, response: Response) -> None:
        operation_id = str(case.operation.definition.raw["operationId"])
        with self._lock:
            reference = case.headers.get("X-Reference-Id")
            if isinstance(reference, str):
                self._used.add(reference)
                if response.status_code in (201, 202):
                    self._created[operation_id].append(reference)
            if response.status_code != 200:
                return
            body = _json_or_none(response)
            if operation_id.endswith("_bc_authorize") and isinstance(body, dict):
                self._auth_requests[_product_of(case.operation.path)].append(body["auth_req_id"])
            if isinstance(body, list):
                self._pre_approvals += [
                    item["preApprovalId"] for item in body if "preApprovalId" in item
                ]

    def _pick(self, known: Sequence[str]) -> str | None:
        draw = next(self._draws)
        if not known or draw % UNKNOWN_ID_EVERY == 0:
            return None
        return known[draw % len(known)]

    def _feed_path(self, case: Case, operation_id: str) -> None:
        parameters = case.path_parameters
        for name in ("referenceId", "preApprovalId"):
            if not (isinstance(parameters.get(name), str) and _UUID.match(parameters[name])):
                continue
            if name == "preApprovalId":
                known = self._pre_approvals
            else:
                known = [
                    ref
                    for source in sorted(self._sources[operation_id])
                    for ref in self._created[source]
                ]
            chosen = self._pick(known)
            if chosen is not None:
                parameters[name] = chosen

    def _feed_body(self, case: Case, operation_id: str) -> None:
        body = case.body
        if not (operation_id.endswith("_create_oauth2_token") and isinstance(body, dict)):
            return
        if isinstance(body.get("auth_req_id", ""), str):  # absent, or a generated string
            chosen = self._pick(self._auth_requests[_product_of(case.operation.path)])
            if chosen is not None:
                body["auth_req_id"] = chosen

    def _fresh_uuid(self) -> str:
        # Deterministic and a valid UUID v4 (the spec's X-Reference-Id pattern).
        return str(uuid.UUID(int=next(self._fresh), version=4))


def _json_or_none(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def register(source: SandboxCredentialsSource, resources: KnownResources) -> None:
    """Register the auth provider, the id feed and the server-error check (process-wide)."""

    # Schemathesis passes hook and check arguments by position and checks only their count.
    @schemathesis.hook
    def before_call(_context: HookContext, case: Case, _kwargs: dict[str, Any]) -> None:
        resources.before_call(case)

    @schemathesis.hook
    def after_call(_context: HookContext, case: Case, response: Response) -> None:
        resources.after_call(case, response)

    # refresh_interval=None: the source caches tokens itself; schemathesis asks per case.
    @schemathesis.auth(refresh_interval=None)
    class MomoAuth:
        def get(self, case: Case, context: AuthContext) -> dict[str, str]:
            raw = context.operation.definition.raw
            return source.headers_for(case.operation.path, raw.get("security", ()))

        def set(self, case: Case, data: dict[str, str], _context: AuthContext) -> None:
            # Only credentials: schemathesis stops generating any header auth always writes.
            case.headers.update(data)

    @schemathesis.check
    def sandbox_route_exists(_ctx: CheckContext, response: Response, case: Case) -> None:
        """A spec operation the sandbox has no route for fails, though MoMo's 404 is documented.

        Only for the operation's own method: the coverage phase also sends methods the spec
        does not document (TRACE ...), which no route serves, rightly."""
        if case.method.upper() != case.operation.method.upper():
            return
        for name, value in response.headers.items():
            if name.lower() == UNROUTED_HEADER.lower():
                where = value if isinstance(value, str) else " ".join(value)
                raise AssertionError(f"the sandbox has no route for {where}")

    @schemathesis.check
    def momo_server_errors(_ctx: CheckContext, response: Response, _case: Case) -> None:
        """A 5xx must be a MoMo error body (`{message, code}` or `{"error"}`), never a crash
        (the sandbox answers an unexpected exception with an empty 500)."""
        if response.status_code < 500:
            return
        try:
            body = response.json()
        except ValueError:
            body = None
        if not (isinstance(body, dict) and ("code" in body or "error" in body)):
            raise AssertionError(
                f"{response.status_code} without a MoMo error body (an undocumented server error)"
            )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tools/contract.py", description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=SPEC, help="default spec/momo.openapi.yaml")
    parser.add_argument(
        "--max-examples", type=int, default=100, help="per operation and phase (default 100)"
    )
    parser.add_argument("--stateful-steps", type=int, default=12, help="per scenario (default 12)")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="explore with this random seed instead of the default deterministic generation",
    )
    parser.add_argument(
        "--mode", choices=("positive", "negative", "all"), default="all", help="default all"
    )
    parser.add_argument("extra", nargs="*", help="more `st run` options, after --")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    crash_log = CrashLog()
    logging.getLogger("momo_wrapper.sandbox").addHandler(crash_log)
    with (
        Sandbox(callback_sender=RecordingCallbackSender(), seed=1) as sandbox,
        serve_sandbox(sandbox) as server,
        tempfile.TemporaryDirectory(prefix="momo-contract-") as workdir,
    ):
        config = Path(workdir) / "schemathesis.toml"
        config.write_text(fuzz_config(args.stateful_steps), encoding="utf-8")
        source = SandboxCredentialsSource(sandbox, server.base_url)
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
        register(source, KnownResources(spec))
        started = time.perf_counter()
        try:
            status = _run_schemathesis(server.base_url, config, args)
        finally:
            source.close()
        elapsed = time.perf_counter() - started
        statuses = Counter(record.status for record in sandbox.requests if record.operation)
    answered = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items(), key=str))
    for crash in crash_log.crashes:
        print(f"contract: the sandbox crashed: {crash}")
    if crash_log.crashes:
        status = status or 1
    print(f"contract: {statuses.total()} requests in {elapsed:.1f} s ({answered}); exit {status}")
    return status


def _run_schemathesis(base_url: str, config: Path, args: argparse.Namespace) -> int:
    # Deterministic generation is the default: the same cases on every run and machine (it
    # also means no example database). --seed trades that for exploration.
    generation = ["--seed", str(args.seed)] if args.seed is not None else []
    command = [
        "--config-file",
        str(config),
        "run",
        str(args.spec),
        "--url",
        base_url,
        "--checks",
        ",".join(CHECKS),
        "--mode",
        args.mode,
        "--max-examples",
        str(args.max_examples),
        *(generation or ["--generation-deterministic"]),
        "--workers",
        "1",
        "--no-color",
        *args.extra,
    ]
    try:
        schemathesis.cli.schemathesis.main(command, prog_name="st", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
