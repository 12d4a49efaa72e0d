"""The fields a secretary may write in each kind of file, and the shape of
the block they are written in.

Pelican (through Markdown's meta extension) reads `Key: value` lines at the
top of a file until the first empty line or the first line that is not a
field; everything after is the text. So a slip in the block does not only
lose one field: `Status : draft` (a space before the colon), `Status：draft`
(a full-width colon) or an empty line in the middle turns the rest of the
block into text, and a draft is published. Here every such slip is an
error naming the line, and `held_back` tells the reader (the safecontent
plugin) to treat the file as a draft in every build until it is mended.

Fields that would move or replace output (`Save_as`, `URL`: any address,
over another page or the stylesheet; `Lang`, `Translation`: a second
language this site does not have) are refused in every content file, and
the reader drops them (`DROPPED`), so no build obeys them. The two pages
that need a fixed address (404.html, search.html) get it from the settings
(EXTRA_PATH_METADATA in pelicanconf.py), which the secretary does not edit."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import PurePosixPath

from pelican.utils import slugify

from ..book import BULLETIN, CARE_GROUP, CHAMPION, EVENT, PAGE, Item, rule
from ..slugs import is_safe, safe_slug
from ..source import Source

COMMON = ["Title", "Summary", "Status", "Slug"]
FIELDS = {
    BULLETIN: [*COMMON, "Date", "Modified", "Category", "Tags", "Author", "Authors", "Care_groups", "Champions",
               "Series", "Series_index", "Address", "Old_addresses"],
    PAGE: [*COMMON, "Date", "Modified", "Template", "Old_addresses"],
    CARE_GROUP: COMMON,
    CHAMPION: [*COMMON, "Care_groups", "Role", "Since", "Until", "Email", "Phone", "Phone_public"],
    # A meeting (plugins/events; rules/events.py reads these fields).
    EVENT: [*COMMON, "Start", "End", "Location", "Join_link", "Care_groups", "Champions", "Series", "Uid",
            "Sequence"],
}  # fmt: skip
KIND_PLURAL = {BULLETIN: "bulletins", PAGE: "pages", CARE_GROUP: "care-group files", CHAMPION: "champion files",
               EVENT: "event files"}  # fmt: skip
ADDRESS = (
    "a file may not choose its own web address (it could replace another page); remove the line: the address "
    "comes from the file name"
)
REFUSED = {
    "save_as": ADDRESS,
    "url": ADDRESS,
    "lang": "this site is in one language; remove the line",
    "translation": "this site is in one language; remove the line",
}
# Dropped by the reader whatever the file says (see the module's text).
DROPPED = frozenset(REFUSED)

# A line that looks like a field but is not read as one: a name of up to
# four words, then a colon (ordinary or full-width), perhaps after spaces.
FIELD_SHAPED = re.compile(
    r"^[ \t]{0,3}(?P<key>[^\W\d_][\w-]*(?:[ \t]+[\w-]+){0,3}?)(?P<gap>[ \t]*)(?P<colon>[:：﹕︓])"
)
STATUS_DRAFT = re.compile(r"^\s*status\s*[:：﹕︓=\-–—]?\s*(?:draft|hidden)\b", re.IGNORECASE)


def key_of(name: str) -> str:
    return re.sub(r"[\s_-]+", "", name).casefold()


@lru_cache(maxsize=4096)  # a few dozen field names, asked about for every file
def _closest(name: str, names: tuple[str, ...]) -> str | None:
    by_key = {key_of(known): known for known in names}
    wanted = key_of(name)
    if wanted in by_key:
        return by_key[wanted]
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.75)
    return by_key[close[0]] if close else None


def closest(name: str, names: list[str]) -> str | None:
    return _closest(name, tuple(names))


def all_fields() -> list[str]:
    return sorted({name for names in FIELDS.values() for name in names})


@lru_cache(maxsize=16)  # asked by three rules of one file in a row (a Source is compared by identity)
def stray_lines(source: Source) -> list[tuple[int, re.Match]]:
    """Field-shaped lines just below the block that Pelican did not read as
    fields: the first paragraph of the text when it is made of such lines
    only (an empty line, or a slip, ended the block early), as (line
    number, match) pairs. Only names that are, or nearly are, a field count:
    "Venue: the town hall" is text."""
    lines = source.lines
    index = source.body_start
    while index < len(lines) and not lines[index].strip():
        index += 1
    found = []
    while index < len(lines) and lines[index].strip():
        match = FIELD_SHAPED.match(lines[index])
        if not match:
            return found if source.ended_by_text else []
        found.append((index + 1, match))
        index += 1
    names = all_fields()
    return found if any(closest(m.group("key"), names) for _, m in found) else []


def held_back(source: Source) -> int | None:
    """The line of a Status the file meant to give but Pelican did not read
    (a slip in the name, the colon or the block): the reader holds such a
    file back as a draft. None when there is none."""
    for f in source.fields:
        if f.name != "status" and closest(f.key, ["Status"]):
            return f.line
    for number, match in stray_lines(source):
        if closest(match.group("key"), ["Status"]):
            return number
    for number, line in source.body_lines():
        if STATUS_DRAFT.match(line):
            return number
    return None


@rule
def fields_of_kind(item: Item, settings: dict):
    source = item.source
    allowed = FIELDS[item.kind]
    seen: dict[str, int] = {}
    for f in source.fields:
        if f.name in seen:
            yield item.problem(
                f.key, f"written twice (also on line {seen[f.name]}); keep only one {f.key} line", f.line
            )
            continue
        seen[f.name] = f.line
        if f.name in REFUSED:
            yield item.problem(f.key, REFUSED[f.name], f.line)
        elif f.name not in {a.lower() for a in allowed}:
            yield item.problem(f.key, unknown_field(f.key, item.kind), f.line)


def unknown_field(key: str, kind: str) -> str:
    allowed = FIELDS[kind]
    hint = closest(key, allowed)
    if hint:
        return f'unknown field "{key}"; did you mean "{hint}"?'
    elsewhere = closest(key, all_fields())
    if elsewhere and key_of(elsewhere) == key_of(key):
        return f"is not a field of {KIND_PLURAL[kind]}; remove the line"
    fields = ", ".join(allowed)
    return f'unknown field "{key}"; remove the line, or write it in the text ({KIND_PLURAL[kind]} use: {fields})'


@rule
def block_shape(item: Item, settings: dict):
    """A slip that ended the block of fields early, named on its line."""
    source = item.source
    stray = stray_lines(source)
    if not stray:
        return
    number, match = stray[0]
    key = match.group("key").strip()
    hint = closest(key, FIELDS[item.kind]) or closest(key, all_fields()) or key
    if source.ended_by_text and number == source.body_start + 1:
        if match.group("colon") != ":":
            why = "the colon is not an ordinary colon"
        elif match.group("gap"):
            why = "no space may come before the colon"
        elif " " in key or "\t" in key:
            why = "field names have no spaces"
        else:
            why = "it is not a field name"
        message = f'is not read as a field ({why}) and would show as text; write "{hint}:" instead'
        rest = stray[1:]
    else:
        message = (
            f"is not read as a field, because of the empty line above it (line {number - 1}); remove that empty "
            "line: the fields must be one block"
        )
        rest = stray[1:]
    yield item.problem(key, message, number)
    for other, later in rest:
        yield item.problem(
            later.group("key").strip(),
            f"is not read as a field either (see line {number})",
            other,
        )


@rule
def status_in_text(item: Item, settings: dict):
    """`Status: draft` written in the text, away from the fields: the
    reader holds the file back; the secretary learns why."""
    line = held_back(item.source)
    stray = {number for number, _ in stray_lines(item.source)}
    fields = {f.line for f in item.source.fields}
    if line is not None and line not in stray | fields:
        yield item.problem(
            "Status",
            "is written in the text, so it is not read as a field (the file is held back as a draft until then); "
            "move the line up into the block of fields at the top",
            line,
        )


@rule
def term_address(item: Item, settings: dict):
    """A care group's or champion's address (its Slug, or its file's name)
    goes into every link to its page; the build makes a safe one of an
    unsafe one (slugs.py). Bulletins and pages: `make check`'s check_slugs."""
    if item.kind not in (CARE_GROUP, CHAMPION, EVENT):
        return
    source = item.source
    written = source.value("slug")
    stem = PurePosixPath(source.rel).stem
    if is_safe(written or stem):
        return
    better = safe_slug(written or stem, settings)
    fix = f'write "Slug: {better}"' if written else f"rename the file {better}.md"
    yield item.problem(
        "Slug",
        f'the web address "{written or stem}" may only use small letters, digits and hyphens; {fix}',
        source.line_of("slug"),
    )


# Fields that hold one value: a second line (indented, so Markdown reads it
# as more of the same field) stops Pelican reading the file.
ONE_LINE = frozenset(
    {"title", "date", "modified", "status", "slug", "category", "author", "series", "series_index", "template", "role",
     "since", "until", "email", "phone", "address", "start", "end", "location", "join_link", "uid",
     "sequence"}
)  # fmt: skip
INDENTED_FIELD = re.compile(r"^\s+(?P<key>[^\W\d_][\w-]*)\s*:")


@rule
def indented_lines(item: Item, settings: dict):
    """A field line that starts with spaces: at the top it is not read at
    all (the file has no fields); below another field it is read as more of
    that field."""
    source = item.source
    names = all_fields()
    for f in source.fields:
        if len(f.values) < 2:
            continue
        below = source.lines[f.line] if f.line < len(source.lines) else ""
        match = INDENTED_FIELD.match(below)
        if match and closest(match.group("key"), names):
            yield item.problem(
                match.group("key"),
                f"starts with spaces, so it is read as more of the {f.key} line above; remove the spaces at the start "
                "of the line",
                f.line + 1,
            )
        elif f.name in ONE_LINE:
            yield item.problem(f.key, "is written over more than one line; write it on one line", f.line)
    if not source.fields:
        first = next(((n, line) for n, line in source.body_lines() if line.strip()), None)
        match = INDENTED_FIELD.match(first[1]) if first else None
        if match and closest(match.group("key"), names):
            yield item.problem(
                match.group("key"),
                "starts with spaces, so it is not read as a field; remove the spaces at the start of the line",
                first[0],
            )


@rule
def hidden_bulletin(item: Item, settings: dict):
    """`Status: hidden` (a page reachable by its address only, as the 404
    page is) is not for bulletins: every build holds one back as a draft."""
    written = item.source.get("status")
    if item.kind == BULLETIN and written is not None and written.value.strip().lower() == "hidden":
        yield item.problem(
            "Status",
            "a bulletin cannot be hidden (it would still be on the live site for anyone with its address); write "
            '"Status: draft" to keep it off the live site, or remove the line to publish it',
            written.line,
        )


# Fields whose each value gets a page of its own (a tag's, a category's, an
# author's), with a web address made from it as Pelican makes one.
WRAPPED = {"tags": "Tag", "category": "Category", "author": "Author", "authors": "Author"}


@rule
def names_with_addresses(item: Item, settings: dict):
    """A tag, category or author with no letter or figure ("..", "!!!")
    makes no web address, and Pelican stops a strict build with a message
    naming no file."""
    if item.kind != BULLETIN:
        return
    for written in item.source.fields:
        kind = WRAPPED.get(written.name)
        if kind is None:
            continue
        values = [written.value] if written.name == "category" else re.split(r"[,;]", written.value)
        for value in (v.strip() for v in values):
            if not value:
                continue
            subs = settings.get(f"{kind.upper()}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
            if not makes_slug(value, tuple(map(tuple, subs)), bool(settings.get("SLUGIFY_USE_UNICODE", False))):
                yield item.problem(
                    written.key,
                    f'"{value}" has no letter or figure, so it cannot have a page of its own; write it with letters, '
                    "or remove it",
                    written.line,
                )


@lru_cache(maxsize=4096)  # the same few tags and categories in every bulletin; slugify takes a while
def makes_slug(value: str, subs: tuple[tuple[str, str], ...], use_unicode: bool) -> bool:
    """Whether Pelican makes a web address of this name."""
    return bool(slugify(value, regex_subs=subs, use_unicode=use_unicode))
