"""Operation counts written in the READMEs and docs are the spec's: adding or retiring an
operation fails here, naming the file and line, until the prose says the new number."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "momo.openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
PROSE = [
    ROOT / "README.md",
    ROOT / "spec" / "README.md",
    ROOT / "momo_wrapper" / "sandbox" / "README.md",
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "momo_wrapper").rglob("*.py")),
]
TOTAL = re.compile(r"\b(\d+) (?:MoMo |API |spec )?operations\b")
PER_PRODUCT = re.compile(
    r"\b(Collection|Disbursement|Remittance|Sandbox User Provisioning) \((\d+)\)"
)
PRODUCT_OF = {
    "Collection": "collection",
    "Disbursement": "disbursement",
    "Remittance": "remittance",
    "Sandbox User Provisioning": "sandbox",
}


def spec_counts() -> Counter[str]:
    paths = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["paths"]
    ids = [op["operationId"] for item in paths.values() for m, op in item.items() if m in METHODS]
    return Counter(operation_id.split("_", 1)[0] for operation_id in ids)


def stale_counts(paths: list[Path], counts: Counter[str]) -> tuple[list[str], int]:
    """Every stated count that differs from ``counts``, and how many counts were stated."""
    total = sum(counts.values())
    wrong: list[str] = []
    seen = 0
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{number}"
            for found in TOTAL.finditer(line):
                seen += 1
                if int(found.group(1)) != total:
                    wrong.append(f"{where}: says {found.group(0)!r}, the spec has {total}")
            for found in PER_PRODUCT.finditer(line):
                seen += 1
                expected = counts[PRODUCT_OF[found.group(1)]]
                if int(found.group(2)) != expected:
                    wrong.append(f"{where}: says {found.group(0)!r}, the spec has {expected}")
    return wrong, seen


def test_every_count_in_the_prose_is_the_spec_s() -> None:
    wrong, seen = stale_counts(PROSE, spec_counts())
    assert wrong == []
    assert seen >= 4  # the READMEs do state counts: the check is not vacuous


def test_the_check_catches_a_stale_count(tmp_path: Path) -> None:
    counts = spec_counts()
    page = tmp_path / "page.md"
    page.write_text(
        f"All {sum(counts.values()) + 1} operations; Remittance ({counts['remittance']}).\n"
    )
    wrong, seen = stale_counts([page], counts)
    assert seen == 2
    total = sum(counts.values())
    assert wrong == [f"page.md:1: says '{total + 1} operations', the spec has {total}"]
