"""The rule modules, one per kind of rule. `load()` imports them, which
registers their rules in book.RULES and book.FILE_RULES (in this order: the
order of the messages for one line). They are imported only when the rules
first run, once every plugin is loaded: a rule module may use another
plugin (Pelican does not put plugins/ on sys.path, so a plugin can import
only those loaded before it)."""

from __future__ import annotations

import importlib

MODULES = ["dates", "fields", "files", "personal", "text", "essentials", "links", "addresses", "events"]


def load() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
