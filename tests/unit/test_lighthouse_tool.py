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


def test_only_make_lighthouse_needs_node():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rules = re.split(r"\n(?=\S)", makefile)
    node_rules = [
        rule.split(":")[0] for rule in rules if re.search(r"\b(node|npm)\b", rule) and not rule.startswith("#")
    ]
    assert sorted(node_rules) == ["$(LIGHTHOUSE_DIR)/node_modules/.package-lock.json", "lighthouse"]
