"""`make lighthouse` (tools/lighthouse/run.mjs) is a maintainer's tool outside
`make test`: its npm packages are pinned and locked, and nothing the
secretary runs needs Node."""

from __future__ import annotations

import json
import re

from sitekit import ROOT

TOOL = ROOT / "tools/lighthouse"


def test_lighthouse_packages_are_pinned_and_locked():
    wanted = json.loads((TOOL / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((TOOL / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert wanted["lighthouse"].startswith("12.")  # Lighthouse 13 needs Node 22; Debian's is 20
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version}: pin an exact version"
        assert locked[f"node_modules/{name}"]["version"] == version, name


def test_no_command_of_the_secretary_but_the_editor_needs_node():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = re.split(r"\n(?=\S)", makefile)
    node_rules = [
        rule.split(":")[0] for rule in rules if re.search(r"\b(node|npm)\b", rule) and not rule.startswith("#")
    ]
    # Node is for make lighthouse and the web editor's local backend (its
    # install, which make edit and make test ask for); `help` only names them.
    assert set(node_rules) <= {
        "$(LIGHTHOUSE_DIR)/node_modules/.package-lock.json",
        "lighthouse",
        "$(EDITOR_STAMP)",
        "help",
    }
    assert "lighthouse" in node_rules
