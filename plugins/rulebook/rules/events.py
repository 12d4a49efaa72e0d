"""The rules of a meeting's file (content/events/, read by plugins/events):
its times, its place, its Uid and its Status, and the care groups and
champions it names. Every other rule of the rulebook (fields, personal
data, the text's allow-list, files, links, slugs) applies to an event file
as to any other, by its kind.

`event_facts` reads one file as written and says what the site makes of
it; the events plugin builds from it, so the build leaves out exactly the
files these rules say it leaves out (no time, an impossible time, no title,
no Uid, a Uid another file has, an unknown Status), in every build, and
names each. A rule here never needs the events plugin itself."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit, urlunsplit

from caregroups.contacts import contacts_in, url_contacts
from caregroups.generator import address_without_contacts
from caregroups.model import match_key, plain_text, split_names
from caregroups.rules import TermFile, read_terms
from publishing import buildtime

from ..book import CARE_GROUP, CHAMPION, EVENT, Item, SiteFiles, rule, site_rule
from ..dates import WALL_TIME, wall_time
from ..history import history
from ..problem import Problem
from .essentials import name_fields

EXAMPLE_START = "2027-01-20 18:00"
EXAMPLE_END = "2027-01-20 20:00"
EXAMPLE_TITLE = "Annual General Meeting 2027"
# The years a meeting's Start and End may be in: a typo (2207, 0001, 9999)
# is named, and no date sum can go past the calendar's ends.
FIRST_YEAR, LAST_YEAR = 1990, 2100
ONLINE = "online"
# The Status values an event may have: none or "published" (the web
# editor writes it), a draft (never on the live site; shown in the preview
# as drafts are), or a cancelled meeting (published, marked Cancelled, and
# STATUS:CANCELLED in the calendars).
STATUSES = ("draft", "cancelled", "published")
# What `make newevent` writes (secretary/newevent.py): a random UUID, "@",
# a domain; or what the web editor writes (Decap's uuid widget, admin/
# config.yml): the random UUID alone. Never anyone's e-mail address, so that
# no address reaches a calendar as its UID (the privacy gate knows both forms).
UID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:@[a-z0-9.-]+\.[a-z]{2,})?")
# How a Uid is made: by the web editor when a meeting is started there, or
# in a terminal (secretary/newevent.py).
MAKE_UID = "run make newevent-uid in a terminal and paste the Uid line it prints here"
# The example text make newevent writes below the fields (secretary/newevent.py).
EVENT_PLACEHOLDER = "What the meeting is about, the agenda, how to get there. Leave this line out when you start."
LEFT_OUT = "the meeting is left out of the site and the calendars until then"
# A meeting's address (plugins/events reads these settings, with these
# defaults): made of its file's date and slug, so two meetings with one
# title (the forum in February and in March) have two addresses, as their
# files have two names. events/2027/02-01-agm.html rather than
# events/2027-02-01-agm.html: the year's folder keeps the addresses the
# search index and the gates already know (events/YYYY/*.html), and reads
# as the meetings of that year.
ADDRESS_DEFAULTS = {
    "EVENT_URL": "events/{date:%Y}/{date:%m-%d}-{slug}.html",
    "EVENT_SAVE_AS": "events/{date:%Y}/{date:%m-%d}-{slug}.html",
    "EVENT_CALENDAR_SAVE_AS": "events/{date:%Y}/{date:%m-%d}-{slug}.ics",
    "DRAFT_EVENT_URL": "drafts/events/{date:%Y}/{date:%m-%d}-{slug}.html",
    "DRAFT_EVENT_SAVE_AS": "drafts/events/{date:%Y}/{date:%m-%d}-{slug}.html",
}


@dataclass
class EventFacts:
    """What the site makes of one event file."""

    start: datetime.datetime | None = None  # aware, in the site's TIMEZONE
    end: datetime.datetime | None = None
    status: str = ""  # "", "draft" or "cancelled" (as written, small letters)
    uid: str = ""
    sequence: int = 0  # as written (0 when not written or not a number)
    join_link: str = ""  # a safe https address as rebuilt (safe_join_link), else ""
    online: bool = False
    problems: list[Problem] = field(default_factory=list)
    left_out: bool = False  # not published, whatever its status: a problem above says why

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


def _value(item: Item, name: str) -> str:
    """A field as the secretary wrote it, HTML escaping undone: the fields
    these rules read (a time, an address, a Uid) are not text."""
    written = item.source.get(name)
    return written.value.strip() if written is not None else ""


def event_facts(item: Item, settings: dict) -> EventFacts:
    """One event file as written (item.source: lines and fields), with
    every problem of its own fields (the site rules add those that compare
    files: a Uid used twice, an unknown care group)."""
    facts = EventFacts()
    source = item.source

    def problem(name: str, message: str, *, leave_out: bool = False, at: str = "") -> None:
        line = source.line_of(name.lower()) if source.get(name.lower()) is not None or not at else None
        line = line or source.line_of(at)  # a missing field: said where it belongs (End by Start)
        facts.problems.append(item.problem(name, message, line))
        facts.left_out = facts.left_out or leave_out

    zone = buildtime.zone(settings)
    title_read = getattr(item.read, "metadata", {}).get("title") if item.read is not None else None
    title = plain_text(str(title_read)) if title_read is not None else _value(item, "title")
    if not title:
        problem(
            "Title",
            f"missing or empty; add a line like `Title: {EXAMPLE_TITLE}` at the top; {LEFT_OUT}",
            leave_out=True,
        )
    times = {}
    named_date = name_fields(item, settings).get("date")  # 2027-01-20 of 2027-01-20-agm.md, or None
    for name in ("Start", "End"):
        written = _value(item, name.lower())
        if not written:
            example = EXAMPLE_START if name == "Start" else EXAMPLE_END
            problem(
                name,
                f"missing; add a line like `{name}: {example}` (the time on the clock in London, "
                f"{WALL_TIME}); {LEFT_OUT}",
                leave_out=True,
                at="start" if name == "End" else "title",
            )
            continue
        when, message = wall_time(written, zone)
        if message:
            problem(name, f"{message}; {LEFT_OUT}", leave_out=True)
            continue
        if when is not None and not FIRST_YEAR <= when.year <= LAST_YEAR:
            example = f"{named_date} {when:%H:%M}" if named_date else EXAMPLE_START
            problem(
                name,
                f"the year {when.year} cannot be right; write the meeting's date in full, e.g. {example}; {LEFT_OUT}",
                leave_out=True,
            )
            continue
        times[name] = when
    facts.start, facts.end = times.get("Start"), times.get("End")
    if facts.start and named_date and facts.start.strftime("%Y-%m-%d") != named_date:
        problem(
            "Start",
            f"the file name says {named_date}, Start says {facts.start:%Y-%m-%d}; make them agree (a meeting "
            "moved to another day: rename the file to the new date, its Uid keeps it the same meeting in "
            f"calendars); {LEFT_OUT}",
            leave_out=True,
        )
    if facts.start and facts.end and facts.end <= facts.start:
        problem(
            "End",
            f"is not after the Start ({_value(item, 'start')}); write the time the meeting ends, e.g. "
            f"{(facts.start + datetime.timedelta(hours=2)):%Y-%m-%d %H:%M}; {LEFT_OUT}",
            leave_out=True,
        )
    status = _value(item, "status").lower()
    if getattr(item.read, "status", None) == "draft":
        status = "draft"  # a slip in the block of fields holds the file back (rules/fields.py)
    elif status and status not in STATUSES:
        close = difflib.get_close_matches(status, STATUSES, n=1, cutoff=0.75)
        hint = f' did you mean "{close[0]}"?' if close else ""
        problem(
            "Status",
            f'unknown status "{_value(item, "status")}";{hint} write "Status: draft" to keep it off the live '
            'site, "Status: cancelled" for a meeting that will not take place, or remove the line; '
            f"{LEFT_OUT}",
            leave_out=True,
        )
    facts.status = status
    facts.uid = _value(item, "uid")
    if not facts.uid:
        problem(
            "Uid",
            "missing; every meeting needs the Uid line make newevent writes (calendars know the meeting "
            f"by it): {MAKE_UID}; "
            f"{LEFT_OUT}",
            leave_out=True,
        )
    elif not UID_RE.fullmatch(facts.uid):
        problem(
            "Uid",
            f'"{facts.uid}" is not a Uid as make newevent and the web editor write one (letters and digits in '
            f"five parts joined by hyphens); {MAKE_UID}; "
            f"{LEFT_OUT}",
            leave_out=True,
        )
        facts.uid = ""
    sequence = _value(item, "sequence")
    if sequence:
        # ASCII digits only ("²".isdigit() is true), at most 4 of them: the
        # calendars' SEQUENCE (one more when cancelled) stays a small number.
        if re.fullmatch(r"[0-9]{1,4}", sequence):
            facts.sequence = int(sequence)
        else:
            problem(
                "Sequence",
                f'"{sequence}" is not a number from 0 to 9999; write a whole number, one more each time the '
                "meeting moves, e.g. Sequence: 1",
            )
    location = plain_text(_value(item, "location"))
    facts.online = location.casefold() == ONLINE
    link = _value(item, "join_link")
    if link:
        facts.join_link, message = safe_join_link(link)
        if message:
            problem("Join_link", message)
    elif facts.online:
        problem(
            "Join_link",
            "missing: the Location says Online; add a line like "
            "`Join_link: https://meet.example.org/branch-agm` with the meeting's https address",
            at="location",
        )
    return facts


# What a web address never holds as written here (a page would print it in
# an href and a calendar as text): spaces, quotes, angle brackets, a backslash.
NOT_IN_LINK = re.compile(r"[\s\"'<>\\`{}|^]")
JOIN_EXAMPLE = "https://meet.example.org/branch-agm"
LINK_LEFT_OUT = "the page says to ask the branch for the link until then"


def safe_join_link(link: str) -> tuple[str, str]:
    """(the address as the site prints it, "") for a safe Join_link, else
    ("", why not). Safe: https, a host, nothing a page or a calendar could
    read as markup, no name or password before the host, no e-mail address
    or phone number anywhere in it. The address printed is the one
    urllib.parse read, rebuilt, never the text as written."""
    if NOT_IN_LINK.search(link) or any(not c.isprintable() for c in link):
        return "", (
            f'"{link}" is not a safe web address (it holds a space, a quote, < or > or a backslash); write '
            f"the whole https:// address of the online meeting, e.g. {JOIN_EXAMPLE}; {LINK_LEFT_OUT}"
        )
    try:
        parts = urlsplit(link)
        host = parts.hostname
        parts.port  # noqa: B018 - a port that is not a number raises ValueError here
    except ValueError:
        host = None
    if parts.scheme.lower() != "https" or not host:
        return "", (
            f'"{link}" is not a safe web address; write the whole https:// address of the online meeting, '
            f"e.g. {JOIN_EXAMPLE}; {LINK_LEFT_OUT}"
        )
    if "@" in parts.netloc:
        return "", (
            "holds a name or password before the host (the part ending in @); write the address "
            f"without it, e.g. {JOIN_EXAMPLE}, and send any password to members another way; {LINK_LEFT_OUT}"
        )
    if url_contacts(link) or contacts_in(unquote(link)):
        return "", (
            "holds an e-mail address or a phone number (personal data); write the meeting's address without "
            f"it, e.g. {JOIN_EXAMPLE}; {LINK_LEFT_OUT}"
        )
    return urlunsplit(parts), ""


@rule
def event_fields(item: Item, settings: dict) -> Iterator[Problem]:
    if item.kind == EVENT:
        yield from event_facts(item, settings).problems


@rule
def event_text_written(item: Item, settings: dict) -> Iterator[Problem]:
    """Not make newevent's example line, once the meeting is to be
    published (normal in a draft), as a bulletin must not keep newpost's."""
    if item.kind != EVENT or item.read is None:
        return
    body = item.source.body
    if EVENT_PLACEHOLDER in body and _value(item, "status").lower() != "draft":
        yield item.problem(
            "Body",
            "still has the example line from make newevent; write what the meeting is about (the agenda, how to "
            "get there), or remove the line",
            item.source.body_line_at(body.index(EVENT_PLACEHOLDER)),
        )


@dataclass
class UidUse:
    """The files that have one Uid, and the one that keeps it: the file
    that was in git first (None when that cannot be told: not both
    committed, or outside git; then every one is left out)."""

    files: list[Item]
    owner: Item | None


def first_commits(items: list[Item]) -> dict[str, datetime.datetime]:
    """When git first had each file, by its path inside content/ (one git
    log per folder, rulebook/history.py)."""
    found: dict[str, datetime.datetime] = {}
    for folder in sorted({item.source.path.parent for item in items}):
        first = history(folder).first
        for item in items:
            if item.source.path.parent == folder and item.source.path.name in first:
                found[item.source.rel] = first[item.source.path.name]
    return found


def uid_owners(items: list[Item], settings: dict) -> dict[str, UidUse]:
    """Each Uid with its files and the one that keeps it: a copy made later
    is left out (calendars would merge the two), never the original that
    members' calendars already hold."""
    by_uid: dict[str, list[Item]] = {}
    for item in sorted(items, key=lambda i: i.source.rel):
        uid = event_facts(item, settings).uid
        if uid:
            by_uid.setdefault(uid, []).append(item)
    shared = [item for files in by_uid.values() if len(files) > 1 for item in files]
    firsts = first_commits(shared) if shared else {}  # git only when a Uid is written twice
    uses = {}
    for uid, files in by_uid.items():
        owner = files[0] if len(files) == 1 else None
        known = sorted((firsts[i.source.rel], i.source.rel, i) for i in files if i.source.rel in firsts)
        if len(files) > 1 and known and (len(known) == 1 or known[0][0] < known[1][0]):
            owner = known[0][2]
        uses[uid] = UidUse(files, owner)
    return uses


NEW_UID = f"delete its Uid line, {MAKE_UID}"


def duplicate_uid(item: Item, owners: dict[str, UidUse], settings: dict) -> Problem | None:
    """The problem of an event whose Uid another file has and keeps (or
    which of the two had it first cannot be told), or None."""
    uid = event_facts(item, settings).uid
    use = owners.get(uid) if uid else None
    if use is None or use.owner is item or len(use.files) < 2:
        return None
    if use.owner is not None:
        message = (
            f"the same Uid is in {use.owner.source.shown}, which had it first, so calendars would take the two for "
            f"one meeting; this one needs its own: {NEW_UID}; {LEFT_OUT}"
        )
    else:
        others = ", ".join(other.source.shown for other in use.files if other is not item)
        message = (
            f"the same Uid is in {others}, and which file had it first cannot be told (they are not both in "
            f"git), so both are left out; in the copy (the file made later), {NEW_UID}; leave the original's "
            "as it is"
        )
    return item.problem("Uid", message, item.source.line_of("uid"))


def event_address(item: Item, facts: EventFacts, settings: dict) -> str:
    """Where the build writes this meeting's page ("" when it writes none):
    the file's date (else its Start's) and its slug, as the generator makes
    it (plugins/events/generator.py)."""
    read = item.read
    slug = getattr(read, "slug", None)
    date = getattr(read, "date", None) or facts.start
    if read is None or not slug or date is None:
        return ""
    key = "DRAFT_EVENT_SAVE_AS" if facts.draft else "EVENT_SAVE_AS"
    pattern = settings.get(key, ADDRESS_DEFAULTS[key]) or ""
    try:
        return pattern.format(**{**read.url_format, "date": date, "slug": address_without_contacts(slug)})
    except (AttributeError, KeyError, IndexError, ValueError):
        return ""


def address_owners(items: list[Item], settings: dict) -> dict[str, Item]:
    """Each meeting's address with the first file (by name) written there:
    a later file with the same address (a Slug line making two alike) is
    left out, as Pelican would stop the whole build."""
    owners: dict[str, Item] = {}
    for item in sorted(items, key=lambda i: i.source.rel):
        facts = event_facts(item, settings)
        address = "" if facts.left_out else event_address(item, facts, settings)
        if address:
            owners.setdefault(address, item)
    return owners


def duplicate_address(item: Item, owners: dict[str, Item], settings: dict) -> Problem | None:
    """The problem of a meeting whose address an earlier file has, or None."""
    facts = event_facts(item, settings)
    address = "" if facts.left_out else event_address(item, facts, settings)
    owner = owners.get(address) if address else None
    if owner is None or owner is item:
        return None
    return item.problem(
        "Slug",
        f'the web address "{address}" is also used by {owner.source.shown}; give each meeting its own '
        f"(remove the Slug line, or write another); {LEFT_OUT}",
        item.source.line_of("slug"),
    )


def left_out_events(items: list[Item], settings: dict) -> set[str]:
    """The meetings' files (by path inside content/) every build leaves
    out, for the reasons the rules here name: what a link to one must say."""
    uids = uid_owners(items, settings)
    addresses = address_owners(items, settings)
    return {
        item.source.rel
        for item in items
        if event_facts(item, settings).left_out
        or duplicate_uid(item, uids, settings)
        or duplicate_address(item, addresses, settings)
    }


@site_rule
def one_address_each(site: SiteFiles, settings: dict) -> Iterator[Problem]:
    events = site.of_kind(EVENT)
    owners = address_owners(events, settings)
    for item in events:
        found = duplicate_address(item, owners, settings)
        if found:
            yield found


# Sessions of one Series further apart than this are most likely two
# meetings (this year's AGM and last year's): a warning, not an error.
SERIES_SPAN = datetime.timedelta(days=120)
WARNING = "warning"


@site_rule
def series_far_apart(site: SiteFiles, settings: dict) -> Iterator[Problem]:
    """A Series whose sessions (in one year: the lists group them so) are
    more than 120 days apart: said by make check, never stopping a build."""
    groups: dict[tuple[str, int], list[tuple[datetime.datetime, Item]]] = {}
    for item in site.of_kind(EVENT):
        series = plain_text(_value(item, "series"))
        facts = event_facts(item, settings)
        if series and facts.start and not facts.left_out:
            groups.setdefault((match_key(series), facts.start.year), []).append((facts.start, item))
    for sessions in groups.values():
        sessions.sort(key=lambda pair: (pair[0], pair[1].source.rel))
        (first, _), (last, item) = sessions[0], sessions[-1]
        if last - first > SERIES_SPAN:
            series = plain_text(_value(item, "series"))
            yield Problem(
                item.source.shown,
                "Series",
                f'the sessions of "{series}" are more than 120 days apart ({first:%Y-%m-%d} and {last:%Y-%m-%d}), '
                f"so the site lists them as one meeting; if they are two, write the year in the Series, e.g. "
                f'"{series} {last.year}"',
                item.source.line_of("series"),
                severity=WARNING,
            )


@site_rule
def one_uid_each(site: SiteFiles, settings: dict) -> Iterator[Problem]:
    events = site.of_kind(EVENT)
    owners = uid_owners(events, settings)
    for item in events:
        found = duplicate_uid(item, owners, settings)
        if found:
            yield found


def term_files(site: SiteFiles, kind: str) -> list[TermFile]:
    return [
        TermFile(item.source.rel, item.source.shown, item.read.metadata, item.read)
        for item in site.of_kind(kind)
        if item.read is not None
    ]


@site_rule
def event_names(site: SiteFiles, settings: dict) -> Iterator[Problem]:
    """Each care group and champion an event names is one of the site's,
    matched exactly as a bulletin's (caregroups: the same misspelling
    message)."""
    events = site.of_kind(EVENT)
    if not events:
        return
    terms = read_terms(term_files(site, CARE_GROUP), term_files(site, CHAMPION))
    for item in events:
        for name, directory in (("Care_groups", terms.care_groups), ("Champions", terms.champions)):
            written = item.source.get(name.lower())
            if written is None:
                continue
            _, problems = directory.resolve(item.source.shown, written.key, split_names(plain_text(written.value)))
            for found in problems:
                yield Problem(found.path, found.field, found.message, line=written.line)
