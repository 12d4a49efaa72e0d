"""Personal data: phone numbers and e-mail addresses, found in what Pelican
read (the text as rendered, the attributes a reader or a program sees, every
field as read), wherever a reader would see them.

Only a champion's or the branch's may be printed, and only in a bulletin's
text, where the build hides it behind a button. Anyone else's is an error
anywhere; a champion's is an error where it cannot be hidden (a field, an
attribute, a page, a care-group or champion file). A public number (a
champion's marked `Phone_public: yes`, the branch office's, UNISON's
helpline: caregroups/routes.py) may be printed in any text or field. The build leaves out
every one it cannot hide, in every build (caregroups/generator.py), and
keeps what it read for this rule. What a number is: caregroups/contacts.py.

Web addresses and names are read too (caregroups/contacts.py): a link's,
a picture's or a quotation's web address (wa.me/447..., ?phone=, tel:),
an id, a bulletin's or page's address (its Slug, its file's name), a
picture's file name. The build leaves each out (generator.py; a picture
is not copied, rulebook/plugin.py).

A problem names the line: the source line holding the number's digits (or
the address), else the field's line. The same number written on several
lines is named on each line, in order."""

from __future__ import annotations

import datetime
import html
import os
import re
from collections import Counter
from collections.abc import Iterator
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath

from caregroups.contacts import (
    AS_READ,
    ascii_figures,
    body_contacts,
    contacts_in,
    email_key,
    has_enough_digits,
    name_contacts,
    phone_number,
    shown,
    url_contacts,
    without_contacts,
)
from caregroups.generator import NAMES_AS_READ
from caregroups.model import plain_text
from caregroups.routes import public_phone_keys
from caregroups.rules import public_answer
from compat.private import body_of

from ..book import BULLETIN, CHAMPION, EVENT, PAGE, ContentFile, Item, file_rule, rule
from ..problem import Problem
from ..slugs import safe_slug
from ..source import NotUTF8, parse, reading_window
from .files import is_static

# Where in the text an attribute is shown, as the secretary knows it.
ATTRIBUTE_PLACES = {
    "alt": "the alt text of an image",
    "title": "a title= text (shown when the pointer rests on it)",
    "aria-label": "an aria-label= text (read aloud)",
    "aria-description": "an aria-description= text (read aloud)",
    "placeholder": "a placeholder= text",
    "label": "a label= text",
}
# Where a web address or a name is, by its attribute.
URL_PLACES = {
    "href": "a link's web address (href=)",
    "src": "a picture's web address (src=)",
    "srcset": "a picture's web address (srcset=)",
    "cite": "a cite= web address",
}
NAME_PLACES = {"id": "an id= name (part of the page's web address)", "name": "a name= name"}
FIELD_PLACES = {"title": "a title", "summary": "a summary"}
DATE_STEM = re.compile(r"\d{4}-\d{2}-\d{2}")


def attribute_place(attribute) -> str:
    if attribute.kind == "url":
        return URL_PLACES.get(attribute.name, f"a {attribute.name}= web address")
    if attribute.kind == "name":
        return NAME_PLACES.get(attribute.name, f"a {attribute.name}= name")
    return ATTRIBUTE_PLACES.get(attribute.name, f"a {attribute.name}= text")


@lru_cache(maxsize=4)  # per build: the champion files as they are now (their sizes and times are in the key)
def _champion_sources(files: tuple[tuple[str, str, int, int], ...]) -> tuple:
    """(file, its Source) for each champion file that can be read."""
    sources = []
    for root, rel, _, _ in files:
        try:
            sources.append((rel, parse(Path(root) / rel, Path(root))))
        except (NotUTF8, OSError, ValueError):
            continue
    return tuple(sources)


@lru_cache(maxsize=4)
def _contact_book(branch: tuple[str, str, str], files: tuple[tuple[str, str, int, int], ...]) -> dict:
    """{key: (name, file)} for each champion's and the branch's number and
    address; the first owner of a key wins, as in the build."""
    book: dict[str, tuple[str, str]] = {}
    for rel, source in _champion_sources(files):
        name = plain_text(html.escape(source.value("title"), quote=False))
        phone, email = source.value("phone"), source.value("email")
        number = phone_number(phone) if phone else None
        for key in (email_key(email) if email else None, number.key if number else None):
            if key and name:
                book.setdefault(key, (name, rel))
    email, phone, contact_page = branch
    number = phone_number(phone) if phone else None
    for key in (email_key(email) if email else None, number.key if number else None):
        if key:
            book.setdefault(key, ("Contact the branch", contact_page))
    return book


def contact_book(settings: dict) -> dict:
    """The champions' and the branch's numbers and addresses, by key: the
    pages to link to instead. Looked up once per run of the rules
    (source.one_reading), whatever the number of bulletins asking."""
    window = reading_window()
    if window is not None:
        key = ("contact book", settings["PATH"])
        if key not in window:
            window[key] = _read_contact_book(settings)
        return window[key]
    return _read_contact_book(settings)


def public_numbers(settings: dict) -> frozenset[str]:
    """The keys of the numbers any text may print (caregroups/routes.py
    decides which), read from the champion files as they are now: for this
    rule, once per run of the rules, and for the privacy gate."""
    window = reading_window()
    key = ("public numbers", settings["PATH"])
    if window is not None and key in window:
        return window[key]
    phones = [
        (source.value("phone"), bool(public_answer(source.value("phone_public"))))
        for _, source in _champion_sources(champion_files(settings))
    ]
    found = public_phone_keys(settings, phones)
    if window is not None:
        window[key] = found
    return found


def champion_files(settings: dict) -> tuple[tuple[str, str, int, int], ...]:
    """(content folder, file, modification time, size) of each champion file."""
    root = Path(settings["PATH"]).resolve()
    files = []
    for folder in settings.get("CHAMPION_PATHS") or ["champions"]:
        for base, dirs, names in os.walk(root / folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if name.endswith(".md") and not name.startswith("."):
                    stat = (Path(base) / name).stat()
                    rel = (Path(base) / name).relative_to(root).as_posix()
                    files.append((str(root), rel, stat.st_mtime_ns, stat.st_size))
    return tuple(files)


def _read_contact_book(settings: dict) -> dict:
    branch = settings.get("BRANCH_CONTACT") or {}
    return _contact_book(
        (branch.get("email") or "", branch.get("phone") or "", settings.get("CONTACT_PAGE_SOURCE") or ""),
        champion_files(settings),
    )


def link_instead(item: Item, settings: dict, owner: tuple[str, str] | None) -> str:
    """The fix for a contact a file may not print: a link, from this file's
    folder, to the page of the champion (or the branch) it belongs to."""
    if owner:
        (name, target), how = owner, ":"
    else:
        name, target, how = "Name", (settings.get("CHAMPION_PATHS") or ["champions"])[0] + "/name.md", ", e.g."
    relative = os.path.relpath(target, str(Path(item.source.rel).parent))
    return f"link to their page instead{how} [{name}]({{filename}}{relative})"


def field_values(item: Item, as_read: dict) -> Iterator[tuple[str, int, str]]:
    """(field as written, its line, its text as read) for each field a
    reader sees. A champion's Phone and Email are where their number and
    address belong (the caregroups rules check them); dates are never numbers."""
    metadata = getattr(item.read, "metadata", None) or {}
    for written in item.source.fields:
        name = written.name
        if item.kind == CHAMPION and name in ("phone", "email"):
            continue
        if item.kind == EVENT and name in ("uid", "start", "end", "join_link"):
            continue  # a meeting's Uid (a number @ the site's domain), times and link: rules/events.py reads them
        if name == "slug":
            continue  # a web address: address_holds_contact reads it
        value = as_read.get(name)
        if value is None:
            value = metadata.get(NAMES_AS_READ, {}).get(name)  # a tag holding a number, left out by the build
        if value is None:
            value = metadata.get(name, metadata.get(f"{name}_names"))
        if value is None:
            value = html.escape(written.value, quote=False)
        values = value if isinstance(value, list | tuple) else [value]
        # A date or a number as read is not text a reader sees as written (the theme formats it).
        texts = [plain_text(str(v)) for v in values if not isinstance(v, datetime.date | int | float)]
        if texts:
            yield written.key, written.line, " ".join(texts)


class Places:
    """The source lines of the numbers and addresses in a file's text: the
    first time some digits (however the line writes them) or an address are
    asked for, the first line holding them; the next time, the next one."""

    def __init__(self, item: Item):
        self.item = item
        self.asked: Counter[str] = Counter()

    @cached_property
    def digits(self) -> tuple[str, list[int]]:
        """Every digit of the text, in order, and the line of each."""
        stream, lines = [], []
        for number, line in self.item.source.body_lines():
            for char in ascii_figures(html.unescape(line)):
                if char.isdigit():
                    stream.append(char)
                    lines.append(number)
        return "".join(stream), lines

    def occurrences(self, found_text: str) -> list[int]:
        if "@" in found_text:
            wanted = found_text.casefold()
            return [
                number
                for number, line in self.item.source.body_lines()
                for _ in range(html.unescape(line).casefold().count(wanted))
            ]
        digits = "".join(c for c in ascii_figures(found_text) if c.isdigit())
        stream, lines = self.digits
        found, at = [], stream.find(digits)
        while digits and at >= 0:
            found.append(lines[at])
            at = stream.find(digits, at + len(digits))
        return found

    def line(self, found_text: str, default: int) -> int:
        """The line of this occurrence; `default` when no line holds it whole."""
        occurrences = self.occurrences(found_text)
        key = found_text.casefold() if "@" in found_text else "".join(c for c in found_text if c.isdigit())
        index = self.asked[key]
        self.asked[key] += 1
        if not occurrences:
            return default
        return occurrences[min(index, len(occurrences) - 1)]


@rule
def personal_data(item: Item, settings: dict) -> Iterator[Problem]:
    read = item.read
    if read is None:
        return
    as_read = getattr(read, AS_READ, None) or {}
    found = []  # (field, line, text as shown, key, where in the text or None)
    body = as_read.get("body") if as_read.get("body") is not None else body_of(read)
    body_line = min(item.source.body_start + 1, len(item.source.lines))
    contacts = body_contacts(body) if body else ()
    fields = [
        (key, line, contacts_in(text))
        for key, line, text in field_values(item, as_read)
        if has_enough_digits(text) or "@" in text
    ]
    public = public_numbers(settings) if contacts or any(found for _, _, found in fields) else frozenset()
    if body:
        # Each number or address with its place in the fragment, in order,
        # so that the same one written twice is named on each of its lines.
        places = Places(item)
        for _, contact, attribute, _in_link in contacts:
            if attribute is not None and attribute.kind == "contact":
                continue  # a mailto: or tel: link: make check's own message says it (checks/content.py)
            if attribute is None and contact.key in public:
                continue  # a public number: printed as written (caregroups/routes.py)
            if attribute is None and item.kind == BULLETIN and contact.key in contact_book(settings):
                continue  # a champion's or the branch's in a bulletin: the build hides it (in a link: leaves it out)
            line = places.line(contact.text, body_line)
            if attribute is not None:
                found.append(("Body", line, shown(contact.text), contact.key, attribute_place(attribute)))
                continue
            found.append(("Body", line, shown(contact.text), contact.key, None))
    for key, line, in_field in fields:
        found += [(key, line, shown(c.text), c.key, None) for c in in_field if c.key not in public]
    if not found:
        return
    book = contact_book(settings)
    for field, line, text, key, place in found:
        what, field_name = ("e-mail address", "Email") if "@" in text else ("phone number", "Phone")
        owner = book.get(key)
        if owner is None:
            where = f" in {place}" if place else ""
            message = (
                f"the {what} {text}{where} is not a champion's or the branch's; remove it (personal data), "
                f'or if it is a champion\'s, add "{field_name}: {text}" to their file'
            )
        elif item.kind == PAGE:
            message = (
                f'contains the {what} "{text}"; contact details cannot be hidden in a page: leave them out, '
                f"or {link_instead(item, settings, owner)}"
            )
        elif item.kind == BULLETIN and field == "Body" and place is None:
            continue  # the build hides it
        elif item.kind == BULLETIN:
            shown_in = place or FIELD_PLACES.get(field.lower(), f"the {field} field")
            message = (
                f'contains the {what} "{text}"; contact details cannot be hidden in {shown_in}: '
                "leave them out, or write them in the bulletin's text"
            )
        else:
            shown_in = place or ("the text" if field == "Body" else f"the {field} field")
            kind = f"an {item.kind}" if item.kind == EVENT else f"a {item.kind}"
            message = (
                f'contains the {what} "{text}"; contact details cannot be hidden in {shown_in} of {kind} '
                f"file: leave them out; a champion's {what} goes in the {field_name} line of their file, which "
                "the site shows behind a button"
            )
        yield item.problem(field, message, line)


# -- web addresses made from a file ---------------------------------------------------


def what_it_is(found) -> str:
    return "e-mail address" if "@" in found.text else "phone number"


@rule
def address_holds_contact(item: Item, settings: dict) -> Iterator[Problem]:
    """A bulletin's or page's address (its Slug, else its file's name or its
    title, as Pelican made it) goes into every link to it, the sitemap and
    the feeds: it may not hold a phone number or an e-mail address. The
    build leaves the number out of the address (generator.safe_address)."""
    source = item.source
    as_read = getattr(item.read, AS_READ, None) or {}
    written = source.value("slug")
    stem = PurePosixPath(source.rel).stem
    date, named = "", stem
    dated = DATE_STEM.match(stem)
    if dated and item.kind in (BULLETIN, PAGE, EVENT):
        date, named = dated.group(), stem[dated.end() :].lstrip("-")
    read_slug = as_read.get("slug") or getattr(item.read, "slug", None)
    if written:
        slug, field_line = written, source.line_of("slug")
    elif item.kind in (BULLETIN, PAGE, EVENT) and read_slug and read_slug != named:
        slug, field_line = read_slug, source.line_of("title")  # made from the title
    else:
        slug, field_line = named, 1
    found = name_contacts(slug)
    if not found:
        return
    better = without_contacts(slug) or safe_slug(without_contacts(source.value("title")) or "page", settings)
    if written or slug != named:
        fix = f'write "Slug: {better}"'
    else:
        fix = f"rename the file {'-'.join(filter(None, (date, better)))}{PurePosixPath(source.rel).suffix}"
    for contact in found:
        yield item.problem(
            "Slug",
            f'the web address "{slug}" holds the {what_it_is(contact)} {contact.text}, which every link to it, '
            f"the sitemap and the feeds would show; {fix}",
            field_line,
        )


def file_name_contacts(rel: str) -> list:
    """The numbers and addresses in a static file's path inside content/."""
    return url_contacts(rel)


@file_rule
def static_name_holds_contact(entry: ContentFile, settings: dict) -> Iterator[Problem]:
    """A picture's (any static file's) name is its web address: a number
    in it is printed in every page that shows it. The build does not copy
    such a file (rulebook/plugin.py)."""
    if not is_static(entry.rel, settings):
        return
    found = file_name_contacts(entry.rel)
    if not found:
        return
    path = PurePosixPath(entry.rel)
    parts = [without_contacts(part) or "folder" for part in path.parent.parts]
    stem = without_contacts(path.stem) or "picture"
    better = "/".join([entry.root.name, *parts, stem + path.suffix])
    for contact in found:
        yield entry.problem(
            f"the file's name holds the {what_it_is(contact)} {contact.text}, which its web address would show "
            f"on every page that uses it; rename the file, e.g. {better}"
        )
