"""The pure core of the events plugin: a meeting's times in words, which
meetings are coming and which are past by the build's one clock, and the
sessions of one meeting (a Series) grouped. Nothing here reads files or
writes pages; the Event content class is Pelican's, with our settings."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pelican.contents import Content

from caregroups.model import match_key, plain_text

# English names whatever the machine's locale (rulebook/dates.py has the months).
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


class Event(Content):
    """A meeting's file as Pelican reads it (through our safecontent
    reader): its address from EVENT_URL and EVENT_SAVE_AS, as Pelican
    takes an Article's from ARTICLE_URL (the class's name). A draft's
    address is set by the generator (DRAFT_EVENT_URL)."""

    mandatory_properties = ("title",)
    allowed_statuses = ("published", "draft", "cancelled")
    default_status = "published"
    default_template = "event"


def clock(when: datetime.datetime) -> str:
    """6pm, 6.30pm, 12 noon, 12 midnight: as the branch writes times."""
    if when.minute == 0 and when.hour == 12:
        return "12 noon"
    if when.minute == 0 and when.hour == 0:
        return "12 midnight"
    hour = when.hour % 12 or 12
    minutes = f".{when.minute:02d}" if when.minute else ""
    return f"{hour}{minutes}{'am' if when.hour < 12 else 'pm'}"


def day(when: datetime.datetime) -> str:
    return f"{DAYS[when.weekday()]} {when.day} {MONTHS[when.month - 1]} {when.year}"


def when_in_words(start: datetime.datetime, end: datetime.datetime) -> str:
    """ "Wednesday 20 January 2027, 6pm to 8pm"; a meeting over midnight or
    several days names both days."""
    if start.date() == end.date():
        return f"{day(start)}, {clock(start)} to {clock(end)}"
    return f"{day(start)}, {clock(start)} to {day(end)}, {clock(end)}"


def is_coming(start: datetime.datetime, end: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Still to come, or under way, at `now` (the build's BUILD_TIME): a
    meeting moves to the past once it has ended."""
    return (end or start) > now


@dataclass
class Meeting:
    """One meeting as the lists show it: a single event, or the sessions
    of one Series (an AGM held as several aggregate meetings), soonest first."""

    sessions: list[Any] = field(default_factory=list)

    @property
    def first(self):
        return self.sessions[0]

    @property
    def last(self):
        return self.sessions[-1]

    @property
    def series(self) -> str:
        return getattr(self.first, "series", "") or ""

    @property
    def care_groups(self) -> list[Any]:
        """The care groups of all its sessions, each once, in order."""
        found = []
        for session in self.sessions:
            found += [g for g in getattr(session, "care_groups", []) if g not in found]
        return found

    def coming_sessions(self, now: datetime.datetime) -> list[Any]:
        return [s for s in self.sessions if is_coming(s.start, s.end, now)]


def meetings_of(events: Iterable[Any]) -> list[Meeting]:
    """Events grouped by Series (case and spacing do not matter, as for
    care groups) and the year of their Start, so that "AGM" in 2026 and in
    2027 are two meetings (the rulebook warns of sessions far apart, rules/
    events.py); each group's sessions by Start; a meeting without a Series
    is a group of its own."""
    groups: dict[tuple[str, int], Meeting] = {}
    alone = []
    for event in sorted(events, key=lambda e: (e.start, e.source_path)):
        series = plain_text(getattr(event, "series", "") or "")
        if series:
            groups.setdefault((match_key(series), event.start.year), Meeting()).sessions.append(event)
        else:
            alone.append(Meeting([event]))
    return [*groups.values(), *alone]


def coming_and_past(
    events: Sequence[Any], now: datetime.datetime
) -> tuple[list[Meeting], list[tuple[int, list[Meeting]]]]:
    """The meetings still to come (a Series while any session is), soonest
    first, and the past ones by year of their last session, newest year
    first, newest meeting first within a year."""
    coming, past = [], []
    for meeting in meetings_of(events):
        (coming if meeting.coming_sessions(now) else past).append(meeting)
    coming.sort(key=lambda m: (m.coming_sessions(now)[0].start, m.first.source_path))
    past.sort(key=lambda m: (m.last.start, m.first.source_path), reverse=True)
    years: dict[int, list[Meeting]] = {}
    for meeting in past:
        years.setdefault(meeting.last.start.year, []).append(meeting)
    return coming, sorted(years.items(), reverse=True)


def next_meetings(events: Sequence[Any], now: datetime.datetime, count: int) -> list[Any]:
    """The home page's next meetings: one session for each meeting (a
    Series counts once: its next session that is not cancelled), soonest
    first; a cancelled meeting is shown, marked, without taking a place."""
    found, places = [], 0
    for meeting in coming_and_past(events, now)[0]:
        if places >= count:
            break
        coming = meeting.coming_sessions(now)
        session = next((s for s in coming if not getattr(s, "cancelled", False)), coming[0])
        found.append(session)
        places += 0 if getattr(session, "cancelled", False) else 1
    return found


def next_sessions(events: Iterable[Any], now: datetime.datetime, count: int | None = None) -> list[Any]:
    """The sessions still to come, soonest first (`count` of them)."""
    found = sorted((e for e in events if is_coming(e.start, e.end, now)), key=lambda e: (e.start, e.source_path))
    return found if count is None else found[:count]
