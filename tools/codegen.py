"""Write the generated client from spec/, or check that the committed one is current.

``python tools/codegen.py generate`` rewrites ``generated/momo_openapi_client`` from
``spec/momo.openapi.yaml``; ``python tools/codegen.py check`` generates into a temporary
directory and fails on any difference with the committed tree: changed, new or missing files.

The templates in spec/templates override the generator's own (see their README): only 2xx
bodies are parsed and every file carries a do-not-edit header.

The generator's ``--overwrite`` clears only ``api/`` and ``models/``, so a stale file elsewhere
would survive; we delete the whole package first instead. The post hooks in spec/codegen.yml
format with the pinned ruff in isolated mode, so the output does not depend on where it is
written.
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "momo.openapi.yaml"
CONFIG = ROOT / "spec" / "codegen.yml"
TEMPLATES = ROOT / "spec" / "templates"
HEADER = "Do not edit: change the spec or a template, then run `nox -s generate`."
PACKAGE = "momo_openapi_client"
COMMITTED = ROOT / "generated" / PACKAGE
_IGNORED = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def templates_version() -> str:
    """The generator version spec/templates were copied from (their README names it)."""
    found = re.search(r"Templates for: openapi-python-client (\S+)", _read(TEMPLATES / "README.md"))
    if found is None:
        raise SystemExit(f"{TEMPLATES / 'README.md'} does not name the generator version")
    return found.group(1)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _check_generator_version() -> None:
    installed = importlib.metadata.version("openapi-python-client")
    if installed != templates_version():
        raise SystemExit(
            f"openapi-python-client {installed} is installed, spec/templates are for "
            f"{templates_version()}: compare them with the new version's templates first"
        )


def generate(output: Path) -> None:
    """Run the pinned generator into ``output`` (the package directory itself)."""
    _check_generator_version()
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent
    generator = bin_dir / "openapi-python-client"
    # The post hooks call ruff and python by name: find the ones installed beside this interpreter.
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [
        str(generator) if generator.exists() else "openapi-python-client",
        "generate",
        "--path",
        str(SPEC),
        "--config",
        str(CONFIG),
        "--custom-template-path",
        str(TEMPLATES),
        "--meta",
        "none",
        "--output-path",
        str(output),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    # The generator reports skipped endpoints as warnings but still exits 0: treat them as errors.
    noisy = "warning" in result.stdout.lower() or "error" in result.stdout.lower()
    if result.returncode != 0 or noisy or not (output / "py.typed").exists():
        raise SystemExit(f"generation failed:\n{result.stdout}\n{result.stderr}")


def differences(expected: Path, actual: Path) -> list[str]:
    """Every file that differs, exists only in ``expected`` or exists only in ``actual``."""
    found: list[str] = []
    _walk(filecmp.dircmp(expected, actual, ignore=list(_IGNORED)), Path(), found)
    return found


def _walk(cmp: filecmp.dircmp[str], relative: Path, found: list[str]) -> None:
    found += [f"missing from the committed tree: {relative / n}" for n in cmp.left_only]
    found += [f"not written by the generator: {relative / n}" for n in cmp.right_only]
    # dircmp compares by stat signature first; compare contents to catch same-size hand edits.
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    found += [f"differs from a fresh generation: {relative / n}" for n in mismatch + errors]
    for name, sub in sorted(cmp.subdirs.items()):
        _walk(sub, relative / name, found)


def check(committed: Path = COMMITTED) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        generate(fresh)
        if not committed.exists():
            return [f"{committed} does not exist: run `nox -s generate`"]
        return differences(fresh, committed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["generate", "check"])
    args = parser.parse_args(argv)
    if args.action == "generate":
        generate(COMMITTED)
        print(f"wrote {COMMITTED.relative_to(ROOT)}")
        return 0
    problems = check()
    for line in problems:
        print(line)
    if problems:
        print("generated/ is stale or was edited by hand: run `nox -s generate` and commit")
        return 1
    print("generated/ matches a fresh generation from spec/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
