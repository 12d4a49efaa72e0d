"""The meetings as iCalendar (RFC 5545), made with the `icalendar` library:
it writes the properties, escapes the text, folds lines at 75 octets and
ends them with CRLF, and makes the VTIMEZONE for Europe/London from the
zoneinfo database (Calendar.add_missing_timezones), covering only the years
the calendar's meetings are in, so that the bytes change only when the
meetings do. What is ours is what goes in (below).

Why not a Pelican events plugin: pelican-plugins' `events` and
pelican-events (PyPI) read events from bulletins' fields (our bulletins
would become events), keep them in module-level lists (a preview rebuild
would add them twice), stamp DTSTAMP with the clock (a new file every
build) and write no VTIMEZONE; neither reads through our safe reader,
checks anything, or hides contact details. The generator and this module
are what they would be, fitted to our rules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from icalendar import Calendar, Event, Timezone

PRODID = "-//Barnet UNISON//branch blog//EN"


def calendar(events: Iterable[Any], name: str, zone_name: str, url_of, year: int) -> bytes:
    """One calendar of `events` (each with start, end, uid, stamp,
    sequence, status, title_text, summary_text, location_text,
    care_group_names), `url_of(event)` the address of its page, `year`
    the build's (the zone's rules in a calendar with no meeting). Past
    meetings stay in (a subscriber keeps their history); the caller never
    passes a draft."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", zone_name)
    events = sorted(events, key=lambda e: (e.start, e.uid))
    for event in events:
        cal.add_component(vevent(event, url_of(event)))
    if events:
        first = min(e.start for e in events).date()
        last = max(e.end for e in events).date()
        # The rules of the years the meetings are in, from 1 January of the first.
        cal.add_missing_timezones(
            first_date=datetime.date(first.year, 1, 1), last_date=datetime.date(last.year + 1, 1, 1)
        )
    else:
        # RFC 5545 wants at least one component: a calendar with no meeting
        # (a care group's, until it has one) holds the zone, for `year`
        # (the build's), so its bytes change once a year at most.
        cal.add_component(
            Timezone.from_tzid(zone_name, first_date=datetime.date(year, 1, 1), last_date=datetime.date(year + 1, 1, 1))
        )
    return cal.to_ical()


def vevent(event: Any, url: str) -> Event:
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("dtstamp", event.stamp.astimezone(datetime.UTC))
    entry.add("dtstart", event.start)
    entry.add("dtend", event.end)
    cancelled = event.status == "cancelled"
    # A cancelled meeting stays, marked, with a higher SEQUENCE than it was
    # sent with, so a calendar that has it takes the change.
    entry.add("sequence", event.sequence + (1 if cancelled else 0))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("summary", f"Cancelled: {event.title_text}" if cancelled else event.title_text)
    if event.location_text:
        entry.add("location", event.location_text)
    # A cancelled meeting's link is not given (its page hides it too).
    join_link = "" if cancelled else getattr(event, "join_link", "")
    description = "\n\n".join(part for part in (event.summary_text, join_link) if part)
    if description:
        entry.add("description", description)
    if url:
        entry.add("url", url)
    if event.care_group_names:
        entry.add("categories", list(event.care_group_names))
    return entry
