"""The rulebook: every rule a content file must keep, in one place, applied
to what Pelican actually read.

A rule is a function given one `Item` (the file as the secretary wrote it,
with line numbers, and what Pelican's reader made of it) and the settings,
returning `Problem`s. A file rule is given one file under the content
folder, by its path, whatever its kind (an image, a `.txt` left beside the
bulletins, a symbolic link). A site rule is given every file at once
(`SiteFiles`), for what compares files: a link and the file it leads to,
two files with one web address, a series spelt two ways.

The same rules run in every command: the build (`make html`, the preview,
`make publish`; plugin.py logs each problem as a warning, and a strict build
fails on any), and `make check` (secretary/checks), which prints them with
the rest of its checks. Rules are registered in RULES, FILE_RULES and
SITE_RULES below,
one module per kind of rule. Nothing here imports Pelican's machinery."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import rules
from .problem import Problem
from .source import Source, reading_window

BULLETIN = "bulletin"
PAGE = "page"
CARE_GROUP = "care group"
CHAMPION = "champion"
EVENT = "event"  # a meeting (content/events/, plugins/events)
KINDS = (BULLETIN, PAGE, CARE_GROUP, CHAMPION, EVENT)


@dataclass(eq=False)
class Item:
    """One content file: as written (`source`: lines and fields) and as
    Pelican read it (`read`: an Article or a Page, None when Pelican could
    not read it)."""

    kind: str  # one of KINDS
    source: Source
    read: Any = None

    def problem(self, field: str, message: str, line: int | None = None, severity: str = "error") -> Problem:
        return Problem(self.source.shown, field, message, line=line or 1, severity=severity)


@dataclass(frozen=True)
class ContentFile:
    """One file (or link, or folder) under the content folder, not followed."""

    root: Path  # the content folder
    rel: str  # inside it: "images/logo.png"

    @property
    def path(self) -> Path:
        return self.root / self.rel

    @property
    def shown(self) -> str:
        return f"{self.root.name}/{printable(self.rel)}"

    def problem(self, message: str, field: str = "File") -> Problem:
        return Problem(self.shown, field, message, line=None)


@dataclass(eq=False)
class SiteFiles:
    """Every content file Pelican read (`items`, drafts and hidden ones
    too), and every file under the content folder, for the rules that
    compare files."""

    root: Path  # the content folder
    items: list[Item]

    @cached_property
    def by_rel(self) -> dict[str, Item]:
        """Each file Pelican read, by its path inside the content folder."""
        return {item.source.rel: item for item in self.items}

    @cached_property
    def known_files(self) -> set[str]:
        """Every file under the content folder (what a link may lead to)."""
        files = {entry.rel for entry in content_files(self.root) if entry.path.is_file()}
        return files | set(self.by_rel)

    def of_kind(self, *kinds: str) -> list[Item]:
        return [item for item in self.items if item.kind in kinds]


# A byte of a file's name that is not UTF-8, as Python reads it (os.walk's
# "surrogate escape"): such a name cannot be written into a web page.
NOT_UTF8_NAME = "[\udc80-\udcff]"


def printable(name: str) -> str:
    """A file's name as it can be printed: a byte that is not UTF-8 shown as "\ufffd"."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


Rule = Callable[[Item, dict], Iterable[Problem]]
FileRule = Callable[[ContentFile, dict], Iterable[Problem]]
SiteRule = Callable[[SiteFiles, dict], Iterable[Problem]]

# One module per kind of rule registers its functions here (see plugin.py).
RULES: list[Rule] = []
FILE_RULES: list[FileRule] = []
SITE_RULES: list[SiteRule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def file_rule(function: FileRule) -> FileRule:
    FILE_RULES.append(function)
    return function


def site_rule(function: SiteRule) -> SiteRule:
    SITE_RULES.append(function)
    return function


def content_files(root: Path) -> list[ContentFile]:
    """Every entry under the content folder, symbolic links included and
    not followed (Pelican follows them), hidden files and folders left out.
    Listed once per run of the rules (source.one_reading)."""
    window = reading_window()
    if window is not None:
        key = ("content files", str(root))
        if key not in window:
            window[key] = _content_files(root)
        return window[key]
    return _content_files(root)


def _content_files(root: Path) -> list[ContentFile]:
    found = []
    for folder, dirs, files in os.walk(root):  # followlinks=False: a linked folder is listed, not entered
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(folder)
        for name in sorted(files) + [d for d in dirs if (base / d).is_symlink()]:
            if not name.startswith("."):
                found.append(ContentFile(root, (base / name).relative_to(root).as_posix()))
    return sorted(found, key=lambda entry: entry.rel)


def item_problems(items: Iterable[Item], settings: dict) -> list[Problem]:
    rules.load()
    return [problem for item in items for check in RULES for problem in check(item, settings)]


def file_problems(root: Path, settings: dict) -> list[Problem]:
    rules.load()
    found = []
    for entry in content_files(root):
        # A name that is not UTF-8 is all that can be said of the file:
        # the build leaves it out, and other rules would print it garbled.
        checks = [utf8_name_rule()] if re.search(NOT_UTF8_NAME, entry.rel) else FILE_RULES
        found += [problem for check in checks for problem in check(entry, settings)]
    return found


def utf8_name_rule() -> FileRule:
    from .rules.essentials import utf8_name

    return utf8_name


def site_problems(site: SiteFiles, settings: dict) -> list[Problem]:
    rules.load()
    return [problem for check in SITE_RULES for problem in check(site, settings)]


def all_problems(root: Path, items: list[Item], settings: dict) -> list[Problem]:
    """Every rule over every file: what the build logs and `make check` prints."""
    site = SiteFiles(root, items)
    found = item_problems(items, settings) + file_problems(root, settings) + site_problems(site, settings)
    # One line per problem: a number written twice on one line is one thing
    # to fix (and Pelican's log would show the same line once anyway).
    return list(dict.fromkeys(found))
