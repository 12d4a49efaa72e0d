"""The code stays as our style guide has it: ruff (lint and format) on the
Python, djhtml on the templates. The same tools run from pre-commit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

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
    result = run("djhtml", "--check", *templates)
    assert result.returncode == 0, result.stdout + result.stderr
