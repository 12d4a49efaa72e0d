"""The code stays as our style guide has it: ruff (lint and format) on the
Python, djhtml on the templates. The same tools run from pre-commit. And
what the site's code imports is installed by `make html` itself."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from sitekit import ROOT

BIN = Path(sys.executable).parent


def run(*args):
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_is_formatted():
    result = run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_templates_are_indented():
    templates = sorted(str(p) for p in (ROOT / "theme/templates").glob("*.html"))
    templates += sorted(str(p) for p in (ROOT / "secretary/editions/templates").glob("*.html"))
    result = run("djhtml", "--check", *templates)
    assert result.returncode == 0, result.stdout + result.stderr


def site_code() -> list[Path]:
    """What `make html`, `make check`, `make devserver` and `make publish` run."""
    return [
        ROOT / "pelicanconf.py",
        ROOT / "publishconf.py",
        *sorted((ROOT / "plugins").rglob("*.py")),
        *sorted((ROOT / "secretary").rglob("*.py")),
    ]


def imported_modules(path: Path) -> set[str]:
    """Modules imported when the file is imported. Imports inside functions
    are left out: `make gates` imports its checkers (feedparser, the Nu
    checker) there, and installs the test requirements first."""
    names = set()
    pending = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return names


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_the_site_code_needs_only_what_make_html_installs():
    """A package the site's code imports but only requirements-test.txt
    pins would work in a test run and fail the secretary's first `make html`
    on a fresh machine."""
    from importlib.metadata import packages_distributions

    pinned = {
        normalised(line.split("==")[0])
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    ours = {p.name for p in (ROOT / "plugins").iterdir() if p.is_dir()} | {"pelicanconf", "publishconf"}
    providers = packages_distributions()
    missing = {}
    for path in site_code():
        for module in imported_modules(path) - set(sys.stdlib_module_names) - ours:
            distributions = {normalised(d) for d in providers.get(module, [module])}
            if not distributions & pinned:
                missing.setdefault(module, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"imported by the site's code but not pinned in requirements.txt: {missing}"
