"""Validate spec/ as OpenAPI, then hold it to the house rules the generated names depend on.

Usage: ``python tools/lint_spec.py spec/momo.openapi.yaml`` (exit 1 on any finding).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

PRODUCT_TAGS = ("collection", "disbursement", "remittance", "sandbox_provisioning")
# sandbox_provisioning operations are named sandbox_*, the rest after their product.
ID_PREFIX = {tag: tag.split("_")[0] for tag in PRODUCT_TAGS}
METHODS = ("get", "put", "post", "delete", "patch")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def iter_operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def house_rules(spec: Mapping[str, Any]) -> list[str]:
    findings = []
    declared = [t["name"] for t in spec.get("tags", [])]
    if sorted(declared) != sorted(PRODUCT_TAGS):
        findings.append(f"tags must be exactly {PRODUCT_TAGS}, found {declared}")
    ids: Counter[str] = Counter()
    for path, method, op in iter_operations(spec):
        where = f"{method.upper()} {path}"
        op_id = str(op.get("operationId", ""))
        ids[op_id] += 1
        tags = op.get("tags", [])
        if len(tags) != 1 or tags[0] not in PRODUCT_TAGS:
            findings.append(f"{where}: needs exactly one product tag, has {tags}")
        elif not op_id.startswith(ID_PREFIX[tags[0]] + "_"):
            findings.append(f"{where}: operationId {op_id!r} must start with {ID_PREFIX[tags[0]]}_")
        if not SNAKE.match(op_id):
            findings.append(f"{where}: operationId {op_id!r} is not snake_case")
        for key in ("summary", "description"):
            if not str(op.get(key, "")).strip():
                findings.append(f"{where}: missing {key}")
        for status, response in op.get("responses", {}).items():
            for media in response.get("content") or {}:
                if media != "application/json":
                    findings.append(f"{where} {status}: media type {media!r} is not a media type")
        for param in op.get("parameters", []):
            if "$ref" not in param and not str(param.get("description", "")).strip():
                findings.append(f"{where}: parameter {param.get('name')} has no description")
            if "$ref" not in param and str(param.get("name", "")).lower() == "authorization":
                findings.append(f"{where}: Authorization belongs in security, not parameters")
        if "security" not in op and "security" not in spec:
            findings.append(f"{where}: no security requirement")
    findings += [f"operationId {i!r} used {n} times" for i, n in ids.items() if n > 1]
    return findings


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "spec/momo.openapi.yaml")
    spec_dict, base_uri = read_from_filename(str(path))
    validate(spec_dict, base_uri=base_uri)  # raises with the first structural error
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    findings = house_rules(spec)
    for line in findings:
        print(line)
    count = sum(1 for _ in iter_operations(spec))
    version = spec.get("openapi")
    print(f"{path}: valid OpenAPI {version}, {count} operations, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
