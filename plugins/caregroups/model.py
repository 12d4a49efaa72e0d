"""The pure core of the care-groups plugin: names, matching, suggestions,
grouping and problems over plain data. Nothing here imports Pelican, so
it is tested with plain values and reused by `make check`. The rules of
the term files are in rules.py; what a phone number or an e-mail address
is, in contacts.py."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from rulebook.problem import Problem

T = TypeVar("T")
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Typogrify's curly quotes back to straight ones, and its no-break space
# (before a title's last word) back to a space, so that messages print
# names exactly as the secretary typed them.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def plain_text(value: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, straight quotes.

    Titles reach us typogrified (curly quotes, `<span class="caps">`) and
    escaped; matching must see through that."""
    return html.unescape(_TAG.sub("", value)).translate(_QUOTES).strip()


# A slash between two letters ("impairment/Physical"), in the text of a
# fragment (never inside a tag: "</span>" keeps its slash).
_TEXT_OR_TAG = re.compile(r"(<[^>]*>)")
_SLASH_IN_WORDS = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def slash_breaks(markup: str) -> str:
    """A name's markup with a line-break opportunity (<wbr>) after each
    slash between letters: browsers do not break "impairment/Physical"
    there, so on a narrow screen a long name would overflow or be broken
    inside a word. The `slash_breaks` filter of the templates."""
    parts = _TEXT_OR_TAG.split(str(markup))
    return "".join(part if part.startswith("<") else _SLASH_IN_WORDS.sub("/<wbr>", part) for part in parts)


def match_key(value: str) -> str:
    """The key two spellings of one name share: case, spacing and
    typography do not matter ("older  adults" == "Older Adults")."""
    return _SPACE.sub("", plain_text(value)).casefold()


def split_names(value: Any) -> list[str]:
    """A front-matter list ("A, B" or "A; B" or a list) as clean names.

    Mirrors pelican.readers.ensure_metadata_list, which we cannot import
    here without Pelican; empty items (a trailing comma) are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(";") if ";" in value else value.split(",")
    return [_SPACE.sub(" ", str(v)).strip() for v in value if str(v).strip()]


@dataclass
class Entry(Generic[T]):
    """One named thing the secretary defined in a file."""

    name: str
    slug: str
    path: str
    item: T


@dataclass
class Directory(Generic[T]):
    """Known names of one kind (care groups or champions), found by name or
    slug, with "did you mean" suggestions for the rest."""

    kind: str  # "care group" / "champion", for messages
    entries: list[Entry[T]] = field(default_factory=list)
    _index: dict[str, Entry[T]] = field(default_factory=dict, repr=False)

    def add(self, entry: Entry[T]) -> list[Problem]:
        """Register an entry; report a clash with an earlier file instead of
        silently letting one file win."""
        problems = []
        for field_name, key, shown in (
            ("Title", match_key(entry.name), plain_text(entry.name)),
            ("Slug", match_key(entry.slug), entry.slug),
        ):
            other = self._index.get(key)
            if other is not None and other is not entry:
                problems.append(
                    Problem(
                        entry.path,
                        field_name,
                        f'{self.kind} {field_name.lower()} "{shown}" is already '
                        f"used by {other.path}; give each {self.kind} its own "
                        f"{field_name.lower()}",
                    )
                )
        if problems:
            return problems
        self.entries.append(entry)
        self._index[match_key(entry.name)] = entry
        self._index[match_key(entry.slug)] = entry
        return []

    def find(self, name: str) -> T | None:
        entry = self._index.get(match_key(name))
        return entry.item if entry else None

    def names(self) -> list[str]:
        return [plain_text(e.name) for e in self.entries]

    def suggest(self, name: str) -> str | None:
        """The closest known name, or None when nothing is close."""
        wanted = match_key(name)
        by_key = {}
        for entry in self.entries:
            by_key.setdefault(match_key(entry.name), plain_text(entry.name))
            by_key.setdefault(match_key(entry.slug), plain_text(entry.name))
        close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
        if close:
            return by_key[close[0]]
        # A name typed in part ("Sensory impairment") is still a clear hint.
        partial = [shown for key, shown in by_key.items() if wanted and (wanted in key or key in wanted)]
        return partial[0] if len(set(partial)) == 1 else None

    def unknown(self, path: str, field_name: str, name: str) -> Problem:
        hint = self.suggest(name)
        if hint:
            fix = f'did you mean "{hint}"?'
        elif self.entries:
            fix = f"known {self.kind}s are: " + ", ".join(sorted(self.names()))
        else:
            fix = f"no {self.kind}s are defined yet"
        return Problem(path, field_name, f'unknown {self.kind} "{plain_text(name)}"; {fix}')

    def resolve(self, path: str, field_name: str, names: Iterable[str]) -> tuple[list[T], list[Problem]]:
        """Names from one file's field as known items (in the order written,
        without repeats), plus one problem per unknown name."""
        found: list[T] = []
        problems: list[Problem] = []
        for name in names:
            item = self.find(name)
            if item is None:
                problems.append(self.unknown(path, field_name, name))
            elif not any(item is seen for seen in found):
                found.append(item)
        return found, problems


K = TypeVar("K", bound=Hashable)


def group_by(items: Sequence[Any], keys_of: Callable[[Any], Iterable[K]]) -> dict[K, list[Any]]:
    """Each key with the items that name it, in the items' own order.

    One pass over the items: the work grows linearly with the number of
    bulletins, whatever the number of groups."""
    grouped: dict[K, list[Any]] = {}
    for item in items:
        for key in keys_of(item):
            grouped.setdefault(key, []).append(item)
    return grouped
