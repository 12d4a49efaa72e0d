"""Start a new meeting: `make newevent TITLE="Annual General Meeting 2027" START="2027-01-20 18:00"`.

Creates content/events/YYYY-MM-DD-<slug>.md (the Start's date, a slug from
the title as `make newpost` makes one) with every field filled or ready to
fill, marked `Status: draft`, and its Uid: a random UUID, "@", the domain of
EVENT_UID_DOMAIN. Calendars know the meeting by its Uid, so it is written
once, here, and nothing ever rewrites it. End is Start + 2 hours unless END
is given; LOCATION is optional. An existing file is never overwritten, and
a START or END that is not a time on the clock gets the rulebook's own
message (rulebook/dates.py)."""

from __future__ import annotations

import datetime
import re
import uuid

from rulebook.dates import WALL_TIME, wall_time
from rulebook.rules.events import EVENT_PLACEHOLDER

from publishing import buildtime

from .checks.content import load_settings, pelican_slug, read_site
from .newpost import names_of

EXAMPLE = 'make newevent TITLE="Annual General Meeting 2027" START="2027-01-20 18:00"'
LENGTH = datetime.timedelta(hours=2)


def new_uid(settings: dict) -> str:
    domain = (settings.get("EVENT_UID_DOMAIN") or "branch-blog.invalid").strip().lower()
    return f"{uuid.uuid4()}@{domain}"


def event_text(title: str, start: datetime.datetime, end: datetime.datetime, location: str, uid: str) -> str:
    return (
        f"Title: {title}\n"
        f"Start: {start:%Y-%m-%d %H:%M}\n"
        f"End: {end:%Y-%m-%d %H:%M}\n"
        f"Location: {location}\n"
        "Join_link:\n"
        "Series:\n"
        "Care_groups:\n"
        "Champions:\n"
        "Summary:\n"
        "Status: draft\n"
        f"Uid: {uid}\n"
        "\n"
        f"{EVENT_PLACEHOLDER}\n"
    )


class Refused(Exception):
    """A START, END or TITLE make newevent cannot use; the message says why."""


def times(args, zone) -> tuple[datetime.datetime, datetime.datetime]:
    """START and END as the rulebook reads them (END: START + 2 hours when not given)."""
    if not (args.start or "").strip():
        raise Refused(f"Give the meeting's START (the time on the clock in London), e.g. {EXAMPLE}")
    for name, value in (("START", args.start), ("END", args.end)):
        if value and re.search(r"\d:\d\d:\d", value):
            raise Refused(f"{name}: write the time without seconds, as {WALL_TIME}")
    start, problem = wall_time(args.start, zone)
    if problem:
        raise Refused(f"START: {problem}")
    if not (args.end or "").strip():
        return start, start + LENGTH
    end, problem = wall_time(args.end, zone)
    if problem:
        raise Refused(f"END: {problem}")
    if end <= start:
        raise Refused(f"END: {args.end.strip()} is not after START {args.start.strip()}; give the time it ends")
    return start, end


def run(args) -> int:
    """`python -m secretary newevent`: a new draft meeting named from its
    title; with --uid (make newevent-uid), only a fresh Uid line to paste
    into a meeting that has none, or a copy that needs its own."""
    stream = args.stream
    if getattr(args, "uid", False):
        print(f"Uid: {new_uid(load_settings(args.settings, args.content))}", file=stream)
        return 0
    title = " ".join((args.title or "").split())
    try:
        if not title:
            raise Refused(f"Give the meeting a title and a start, e.g. {EXAMPLE}")
        settings = load_settings(args.settings, args.content)
        start, end = times(args, buildtime.zone(settings))
        # The file's date keeps a meeting's address apart from any list page
        # (events/2027/01-20-index.html), so no slug needs changing.
        slug = pelican_slug(title, settings)[:80].rstrip("-_")
        if not slug:
            raise Refused(f'The title "{title}" needs at least one letter or digit, e.g. {EXAMPLE}')
        site = read_site(settings)
        folder = site.root / (settings.get("EVENT_PATHS") or ["events"])[0]
        path = folder / f"{start:%Y-%m-%d}-{slug}.md"
        shown = f"{site.root.name}/{path.relative_to(site.root).as_posix()}"
        if path.exists():
            raise Refused(f"{shown} already exists: open it to carry on, or choose another title.")
        uid = new_uid(settings)
        folder.mkdir(parents=True, exist_ok=True)
        location = " ".join((args.location or "").split())
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(event_text(title, start, end, location, uid))
    except Refused as refused:
        print(refused, file=stream)
        return 1
    except Exception as error:
        if args.debug:
            raise
        print(f"error: the meeting could not be created: {error}", file=stream)
        return 2
    groups, _ = names_of(site.terms.care_groups)
    now = buildtime.now(settings)
    past = []
    if start < now:
        when = f"{now.astimezone(start.tzinfo):%Y-%m-%d %H:%M}"
        past = [f"Note: START is in the past (now is {when}): it is listed under Past meetings."]
    lines = [
        f"Created {shown}",
        *past,
        "It is a draft: it is not published until you remove the line `Status: draft`.",
        "Keep the Uid line as it is: calendars know the meeting by it.",
        "",
        "Location: an address, or Online and the meeting's https address on the Join_link line.",
        "Series: the same name in the files of an AGM's sessions lists them as one meeting (write the year).",
        "If it moves or is cancelled and then reinstated, raise `Sequence:` (docs/WRITING.md).",
        "Care_groups: name one or more, separated by commas:",
        "  " + (", ".join(groups) or "(none yet: see docs/WRITING.md to add one)"),
        "",
        "Then: make devserver to preview it, make check to check it, make publish to publish.",
    ]
    print("\n".join(lines), file=stream)
    return 0
