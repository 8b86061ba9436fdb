"""Links that must work where the text is read: a package index page, the repo, the docs site."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CITING = ["momo_wrapper", "spec", "docs", "tests", "tools", "examples", "generated"]
OLD_CITATION = "OBSERVED" + r"(?: §|\.md)"  # split so this file does not match itself


def _files() -> list[Path]:
    found = [ROOT / "README.md"]
    for folder in CITING:
        found += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".md", ".yaml"}]
    return found


def test_readme_links_are_absolute_so_they_work_on_a_package_index() -> None:
    """README.md is the PyPI long description: relative links and anchors lead nowhere there."""
    text = (ROOT / "README.md").read_text()
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
    assert targets, "no links found: the pattern is broken"
    relative = [t for t in targets if not t.startswith("https://")]
    assert not relative, f"relative links in README.md: {relative}"


def test_no_file_cites_material_outside_the_repository() -> None:
    citing = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _files()
        for n, line in enumerate(p.read_text(errors="replace").splitlines(), 1)
        if re.search(OLD_CITATION, line)
    ]
    assert not citing, f"cite docs/api-behaviour.md instead: {citing}"


def test_every_api_behaviour_section_cited_exists() -> None:
    page = (ROOT / "docs" / "api-behaviour.md").read_text()
    sections = {int(n) for n in re.findall(r"^## (\d+)\. ", page, flags=re.MULTILINE)}
    cited = {
        int(n)
        for p in _files()
        for group in re.findall(r"api-behaviour (§\d+(?:, §\d+)*)", p.read_text(errors="replace"))
        for n in re.findall(r"\d+", group)
    }
    assert len(cited) >= 8, cited
    assert cited <= sections, (
        f"cited sections missing from docs/api-behaviour.md: {cited - sections}"
    )


def test_readme_exit_code_table_lists_every_exit_code() -> None:
    """The README's table is written by hand (docs/cli.md's is generated): keep it complete."""
    from momo_wrapper.cli import ExitCode

    text = (ROOT / "README.md").read_text()
    table = text[text.index("| code | meaning |") :].split("\n\n")[0]
    codes = {int(n) for n in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}
    assert codes == {int(code) for code in ExitCode}
