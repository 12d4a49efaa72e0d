"""Pelican glue: read content/events/ through Pelican's readers (our
safecontent reader: every field escaped, the text through the allow-list),
as plugins/caregroups reads its term files; leave out what the rulebook
says is left out (rulebook/rules/events.py); attach care groups and
champions; hide contact details as in every page; then write the events'
pages and calendars.

Modelled on ArticlesGenerator: objects are read and the context made in
generate_context, pages written in generate_output, a page whose *_SAVE_AS
is empty skipped."""

from __future__ import annotations

import logging
import posixpath
import re
from functools import partial
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from pelican.contents import SkipStub
from pelican.generators import Generator
from pelican.utils import set_date_tzinfo
from rulebook.book import EVENT, Item
from rulebook.rules.events import address_owners, duplicate_address, duplicate_uid, event_facts, uid_owners
from rulebook.source import NotUTF8, parse

from caregroups.contacts import AS_READ
from caregroups.generator import CONTENT_LISTS, hide_contacts, hide_contacts_of, holds_contact
from caregroups.model import Directory, Entry, plain_text, split_names
from caregroups.routes import public_phone_keys
from caregroups.rules import unreadable
from compat.private import body_of, set_body
from publishing import buildtime

from . import calendars
from .model import Event, coming_and_past, is_coming, next_meetings, next_sessions, when_in_words
from .stamps import stamps

logger = logging.getLogger(__name__)
# A {filename} (or |filename|) link as Pelican's Markdown writes it.
LINK_RE = re.compile(
    r"<a\b[^>]*?\bhref=\"(?:\{filename\}|\|filename\|)(?P<target>[^\"]+)\"[^>]*>(?P<words>.*?)</a>", re.DOTALL
)


def directory(kind: str, terms) -> Directory:
    """The care groups (or champions) the caregroups plugin read, to match
    names against as a bulletin's are matched."""
    found = Directory(kind)
    for term in terms:
        found.add(Entry(term.name, term.slug, term.source_path, term))
    return found


def absolute(siteurl: str, url: str) -> str:
    """The address of a page for a calendar: only when the site's address
    is absolute (the published build); a preview's calendar has none."""
    return f"{siteurl}/{url}" if siteurl.startswith(("https://", "http://")) else ""


def one_text(value) -> str:
    """A field as one text: a field written twice or over two lines reads
    as a list (the rulebook names it, rules/fields.py); its first value is
    taken, never a crash."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else str(value)


class EventsGenerator(Generator):
    """Reads the meetings and writes their pages and calendars."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = []  # published ones (cancelled too), by Start
        self.drafts = []
        self.rulebook_items = []  # every event file read, for the rulebook
        self.problems = []
        self.root = Path(self.settings["PATH"]).resolve()

    # -- reading ---------------------------------------------------------------

    def read_events(self):
        """(Item, Event) for each event file Pelican's reader can read."""
        found = []
        for path in sorted(self.get_files(self.settings["EVENT_PATHS"])):
            shown = f"{self.root.name}/{PurePosixPath(path).as_posix()}"
            try:
                event = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Event, context=self.context
                )
            except Exception as error:  # noqa: BLE001 - as Pelican's generators: reported, and the file left out
                self.problems.append(unreadable(shown, error))
                continue
            if isinstance(event, SkipStub):
                continue
            self.rulebook_items.append((EVENT, event))
            try:
                source = parse(Path(event.source_path), self.root)
            except (NotUTF8, OSError, ValueError):
                continue  # the rulebook names it (rules/essentials.py)
            found.append((Item(EVENT, source, event), event))
        return found

    def stamps(self, events) -> dict:
        """DTSTAMP of each event by its path inside the content folder (stamps.py)."""
        now = buildtime.now(self.settings)
        found = {}
        for folder in self.settings["EVENT_PATHS"]:
            base = self.root / folder
            names = [
                Path(e.source_path).resolve().relative_to(base).as_posix()
                for e in events
                if Path(e.source_path).resolve().is_relative_to(base)
            ]
            for name, when in stamps(base, names, now).items():
                found[(Path(folder) / name).as_posix()] = when
        return found

    def attach(self, event, facts, stamp, *, care_groups: Directory, champions: Directory, public) -> None:
        settings = self.settings
        zone = buildtime.zone(settings)
        event.start, event.end = facts.start, facts.end
        event.uid, event.sequence, event.status = facts.uid, facts.sequence, facts.status or "published"
        event.cancelled = facts.cancelled
        event.stamp = stamp
        # The sitemap dates a page by what it shows (publishing/sitemap.py): the file's last change.
        event.modified = stamp.astimezone(zone)
        if not hasattr(event, "date"):  # no date in the file's name: its address takes the Start's year
            event.date = set_date_tzinfo(facts.start.replace(tzinfo=None), settings.get("TIMEZONE"))
        event.when = when_in_words(facts.start, facts.end)
        # Names matched as a bulletin's; the rulebook names an unknown one (rules/events.py).
        metadata = event.metadata
        event.care_groups, _ = care_groups.resolve("", "Care_groups", split_names(metadata.get("care_groups")))
        event.champions, _ = champions.resolve("", "Champions", split_names(metadata.get("champions")))
        # No phone number or e-mail address reaches a page or a calendar:
        # the text, title and summary as in a page, the place the same way.
        href = "{filename}/" + settings.get("CONTACT_PAGE_SOURCE", "pages/contact.md")
        for name in ("location", "summary", "series"):
            if name in metadata:
                metadata[name] = one_text(metadata[name])
                setattr(event, name, metadata[name])
        # A Series holding a number or an address is left out, as a tag
        # holding one is (caregroups); the rulebook names it (rules/personal.py).
        if holds_contact(plain_text(metadata.get("series", ""))):
            metadata.pop("series")
            event.series = ""
        hide_contacts_of(event, None, href, public)
        location = metadata.get("location", "")
        hidden, _ = hide_contacts(location, None, href, public) if location else ("", set())
        if hidden != location:
            getattr(event, AS_READ, {}).setdefault("location", location)
        event.location = hidden
        event.online = facts.online
        event.join_link = facts.join_link  # an https address, else "" (a link is never made of anything else)
        # Plain text, as the page shows it, for the calendars.
        event.title_text = plain_text(event.title)
        event.summary_text = plain_text(metadata.get("summary", "") or "")
        event.location_text = plain_text(hidden)
        event.care_group_names = [g.plain_name for g in event.care_groups]
        event.series_name = plain_text(metadata.get("series", "") or "")
        if facts.draft:
            for key, setting in (("url", "DRAFT_EVENT_URL"), ("save_as", "DRAFT_EVENT_SAVE_AS")):
                pattern = settings.get(setting) or ""
                setattr(event, f"override_{key}", pattern.format(**event.url_format) if pattern else "")
            event.calendar_url = event.calendar_save_as = ""
        else:
            pattern = settings.get("EVENT_CALENDAR_SAVE_AS") or ""
            event.calendar_url = event.calendar_save_as = pattern.format(**event.url_format) if pattern else ""

    # -- Pelican's two phases ------------------------------------------------------

    def generate_context(self):
        settings = self.settings
        read = self.read_events()
        owners = uid_owners([item for item, _ in read], settings)
        addresses = address_owners([item for item, _ in read], settings)
        stamps = self.stamps([event for _, event in read])
        care_groups_all = self.context.get("care_groups_all", [])
        champions_all = self.context.get("champions_all", [])
        care_groups = directory("care group", care_groups_all)
        champions = directory("champion", champions_all)
        public = public_phone_keys(settings, [(c.phone, c.phone_public) for c in champions_all])
        left_out = set()
        for item, event in read:
            facts = event_facts(item, settings)
            if facts.left_out or duplicate_uid(item, owners, settings) or duplicate_address(item, addresses, settings):
                left_out.add(item.source.rel)
                continue  # named by the rulebook, in every build
            stamp = stamps.get(item.source.rel, buildtime.now(settings))
            self.attach(event, facts, stamp, care_groups=care_groups, champions=champions, public=public)
            (self.drafts if facts.draft else self.events).append(event)
            # Lets a bulletin link to it with {filename}../events/x.md
            self.context["generated_content"][event.get_relative_source_path()] = event
        if left_out:
            self.unlink(left_out)
        now = buildtime.now(settings)
        self.events.sort(key=lambda e: (e.start, e.source_path))
        coming, past = coming_and_past(self.events, now)
        for meeting in [*coming, *(m for _, ms in past for m in ms)]:
            for session in meeting.sessions:
                session.sessions = meeting.sessions if meeting.series else [session]
                session.past = not is_coming(session.start, session.end, now)
        self.context["events_all"] = self.events
        self.context["events_coming"] = coming
        self.context["events_past"] = past
        self.context["events_next"] = next_meetings(self.events, now, settings["EVENTS_ON_HOME"])
        self.context["event_drafts"] = sorted(self.drafts, key=lambda e: (e.start, e.source_path))
        for term in [*care_groups_all, *champions_all]:
            attribute = "care_groups" if term in care_groups_all else "champions"
            term.next_events = next_sessions([e for e in self.events if term in getattr(e, attribute)], now)
        pattern = settings.get("CAREGROUP_CALENDAR_SAVE_AS") or ""
        for group in care_groups_all:
            group.calendar_url = pattern.format(slug=group.slug) if pattern and group.save_as else ""
        for problem in sorted(self.problems, key=str):
            logger.warning("%s", problem)
        self.context.setdefault("content_problems", []).extend(self.problems)

    def unlink(self, left_out: set[str]) -> None:
        """A {filename} link to a meeting left out leads nowhere (Pelican
        leaves its href as written): its words stay, without the link. The
        rulebook names it on its line (rules/links.py)."""
        for name in CONTENT_LISTS:
            for content in self.context.get(name, ()):
                body = body_of(content)
                if "filename" not in body:
                    continue
                folder = posixpath.dirname(content.get_relative_source_path())

                def words(match, folder=folder):
                    target = unquote(match["target"].split("#", 1)[0].split("?", 1)[0])
                    resolved = posixpath.normpath(posixpath.join("" if target.startswith("/") else folder,
                                                                 target.lstrip("/")))  # fmt: skip
                    return match["words"] if resolved in left_out else match[0]

                kept = LINK_RE.sub(words, body)
                if kept != body:
                    set_body(content, kept)

    def generate_output(self, writer):
        settings = self.settings
        write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
        if settings.get("EVENTS_SAVE_AS"):
            write(
                settings["EVENTS_SAVE_AS"],
                self.get_template("events"),
                self.context,
                url=settings["EVENTS_URL"],
                template_name="events",
                dates=self.events,
            )
        template = self.get_template("event")
        for event in [*self.events, *self.drafts]:
            if event.save_as:
                write(event.save_as, template, self.context, event=event, url=event.url, dates=[event],
                      template_name="event")  # fmt: skip
        self.write_calendars()

    def write_calendars(self):
        settings = self.settings
        siteurl = settings.get("SITEURL", "")
        zone_name = settings.get("TIMEZONE") or "UTC"
        sitename = plain_text(settings.get("SITENAME", ""))
        year = buildtime.now(settings).astimezone(buildtime.zone(settings)).year

        def url_of(event):
            return absolute(siteurl, event.url)

        def put(save_as: str, events, name: str) -> None:
            path = Path(self.output_path) / save_as
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(calendars.calendar(events, name, zone_name, url_of, year))

        for event in self.events:
            if event.calendar_save_as:
                put(event.calendar_save_as, [event], f"{event.title_text} ({sitename})")
        if settings.get("EVENTS_CALENDAR_SAVE_AS"):
            put(settings["EVENTS_CALENDAR_SAVE_AS"], self.events, f"{sitename}: meetings")
        for group in self.context.get("care_groups_all", []):
            if group.calendar_url:
                mine = [e for e in self.events if group in e.care_groups]
                put(group.calendar_url, mine, f"{sitename}: {group.plain_name} meetings")
