"""Compare our OpenAPI spec with MTN's portal exports.

Usage: ``python tools/spec_diff.py [--spec spec/momo.openapi.yaml] EXPORT.json [EXPORT.json ...]``

MTN's exports put the product prefix in ``servers`` (``.../collection``) and model ``Authorization``
as a header parameter; our spec carries full paths and models authorisation as security schemes.
Both are normalised before comparing. Operations that MTN's portal lists but that are not real
endpoints are declared in our spec under ``info.x-upstream-artefacts`` (a path pattern and a
reason each) and are reported, not counted as missing.

Exit status: 1 when a real upstream operation is missing from our spec, else 0. Header and
response-code differences are reported for a maintainer to review; many are deliberate (our
spec follows what the live API does) and are explained in spec/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# Security, not parameters, in our spec; the gateway key is a security scheme in both.
IGNORED_HEADERS = frozenset({"authorization", "ocp-apim-subscription-key"})
_PARAM = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    required_headers: frozenset[str]
    optional_headers: frozenset[str]
    response_codes: frozenset[str]

    @property
    def key(self) -> tuple[str, str]:
        return self.method, normalise_path(self.path)


@dataclass
class Report:
    missing: list[Operation] = field(default_factory=list)
    artefacts: list[tuple[Operation, str]] = field(default_factory=list)
    extra: list[Operation] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    compared: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing


def normalise_path(path: str) -> str:
    """Path with every template parameter replaced by ``{}`` and no trailing-slash ambiguity."""
    return _PARAM.sub("{}", path)


def load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    loaded = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: not an OpenAPI document")
    return loaded


def _resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return _resolve(document, target)


def operations(document: Mapping[str, Any]) -> list[Operation]:
    """Every operation of a document, with the server's path prefix folded into the path."""
    servers = document.get("servers") or [{"url": ""}]
    prefix = urlparse(str(servers[0].get("url", ""))).path.rstrip("/")
    found = []
    for path, item in (document.get("paths") or {}).items():
        shared = list(item.get("parameters", []))
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [_resolve(document, p) for p in [*shared, *op.get("parameters", [])]]
            headers = [p for p in params if p.get("in") == "header"]
            names = {str(p["name"]).lower(): bool(p.get("required")) for p in headers}
            names = {n: r for n, r in names.items() if n not in IGNORED_HEADERS}
            found.append(
                Operation(
                    method=method.upper(),
                    path=prefix + path,
                    operation_id=str(op.get("operationId", "")),
                    required_headers=frozenset(n for n, r in names.items() if r),
                    optional_headers=frozenset(n for n, r in names.items() if not r),
                    response_codes=frozenset(str(c) for c in op.get("responses", {})),
                )
            )
    return found


def artefact_rules(document: Mapping[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    rules = (document.get("info") or {}).get("x-upstream-artefacts") or []
    return [(re.compile(str(rule["path-pattern"])), str(rule["reason"])) for rule in rules]


def compare(ours: Mapping[str, Any], exports: Iterable[Mapping[str, Any]]) -> Report:
    report = Report()
    our_ops = {op.key: op for op in operations(ours)}
    rules = artefact_rules(ours)
    matched: set[tuple[str, str]] = set()
    for export in exports:
        for theirs in operations(export):
            report.compared += 1
            reason = next((why for rx, why in rules if rx.search(theirs.path)), None)
            if reason is not None:
                report.artefacts.append((theirs, reason))
                continue
            mine = our_ops.get(theirs.key)
            if mine is None:
                report.missing.append(theirs)
                continue
            matched.add(theirs.key)
            report.differences.extend(_differences(mine, theirs))
    exported_products = {_product(op.path) for export in exports for op in operations(export)}
    report.extra = [
        op
        for key, op in sorted(our_ops.items())
        if key not in matched and _product(op.path) in exported_products
    ]
    return report


def _product(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in {"collection", "disbursement", "remittance"} else "provisioning"


def _differences(mine: Operation, theirs: Operation) -> list[str]:
    where = f"{theirs.method} {theirs.path} ({mine.operation_id})"
    out = []
    for label, a, b in (
        ("required headers", mine.required_headers, theirs.required_headers),
        ("optional headers", mine.optional_headers, theirs.optional_headers),
        ("response codes", mine.response_codes, theirs.response_codes),
    ):
        if a != b:
            only_ours = ", ".join(sorted(a - b)) or "-"
            only_theirs = ", ".join(sorted(b - a)) or "-"
            out.append(f"{where}: {label}: only ours [{only_ours}], only MTN's [{only_theirs}]")
    return out


def render(report: Report) -> str:
    lines = [f"compared {report.compared} upstream operations"]
    lines.append(f"missing from our spec: {len(report.missing)}")
    lines += [f"  MISSING {op.method} {op.path} ({op.operation_id})" for op in report.missing]
    lines.append(f"portal artefacts skipped: {len(report.artefacts)}")
    lines += [f"  artefact {op.method} {op.path}: {why}" for op, why in report.artefacts]
    lines.append(f"only in our spec: {len(report.extra)}")
    lines += [f"  extra {op.method} {op.path} ({op.operation_id})" for op in report.extra]
    lines.append(f"differences to review: {len(report.differences)}")
    lines += [f"  {line}" for line in report.differences]
    lines.append("OK: no real operation is missing" if report.ok else "FAIL: operations missing")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=Path("spec/momo.openapi.yaml"))
    parser.add_argument("exports", nargs="+", type=Path)
    args = parser.parse_args(argv)
    report = compare(load_document(args.spec), [load_document(p) for p in args.exports])
    print(render(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
