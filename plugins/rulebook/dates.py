"""What a date in a content file is: ISO only, year first.

Pelican reads a date with dateutil, which guesses: "01/12/2026" becomes
12 January 2026 (month first, the American way), "1/2/3" something else
again, all without a word. So every date a secretary writes (Date and
Modified in every file, Since and Until in a champion's) must be written
YYYY-MM-DD, optionally with the time (HH:MM, or HH:MM:SS, after a space or
a T); anything else is an error that shows the ISO form it might mean,
reading it the British way (day first). The rulebook's date rule
(rules/dates.py) and the care-groups plugin's Since and Until
(caregroups/rules.py) both use `date_problem`: one rule, one message."""

from __future__ import annotations

import datetime
import re

from dateutil import parser as dateutil_parser

ISO_RE = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?:[ T](?P<time>\d{2}:\d{2}(?::\d{2})?))?")
WITH_TIME = "YYYY-MM-DD HH:MM, e.g. 2026-11-23 10:00"
DATE_ONLY = "YYYY-MM-DD, e.g. 2008-04-21"
# Two different "today"s: a part of the date dateutil fills in from its
# default was not written (see guess).
# English month names whatever the machine's locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
SPACE_NAMES = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", "\t": "tab"}
_DEFAULTS = (datetime.datetime(2000, 1, 1, 0, 0), datetime.datetime(2004, 2, 2, 1, 1))


def is_iso(value: str) -> bool:
    """Written year first, as a real date and time."""
    match = ISO_RE.fullmatch(value.strip())
    if match is None:
        return False
    try:
        datetime.date.fromisoformat(match.group("date"))
        if match.group("time"):
            datetime.time.fromisoformat(match.group("time"))
    except ValueError:
        return False
    return True


def guess(value: str) -> tuple[datetime.datetime, bool] | None:
    """What a non-ISO date most likely means to a British secretary (day
    first), and whether a time was written; None when it is not a whole
    date (a month, a year, "next spring") or no date at all."""
    # Year first stays year first (2026/12/1 is 1 December), else day first.
    dayfirst = not re.match(r"\d{4}", value)
    try:
        first, second = (dateutil_parser.parse(value, dayfirst=dayfirst, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    if first.date() != second.date():
        return None
    # An hour written without minutes ("6pm") is a time: its minutes are 0
    # (the first default's), never dropped.
    return first, first.hour == second.hour


def looks_right_but_is_not(value: str) -> str | None:
    """The message for a date that looks right and is not: a space pasted
    from Word or a web page, or 24:00 (not a time on the clock)."""
    odd = next((c for c in value if c.isspace() and c != " "), None)
    if odd is not None:
        name = SPACE_NAMES.get(odd, f"space that is not an ordinary one (U+{ord(odd):04X})")
        return f"the date holds a {name}, pasted from Word or a web page; retype the space"
    match = ISO_RE.fullmatch(value)
    if match and match.group("time") in ("24:00", "24:00:00") and is_iso(match.group("date")):
        day = datetime.date.fromisoformat(match.group("date")) + datetime.timedelta(days=1)
        return f"24:00 is not a time on the clock; write 00:00 on the next day, e.g. {day} 00:00"
    return None


def date_problem(value: str, form: str = WITH_TIME) -> str | None:
    """The message for a date that is not written ISO (year first), or
    None when it is. `form` is what to write: WITH_TIME or DATE_ONLY."""
    value = value.strip()
    if is_iso(value):
        return None
    looks_right = looks_right_but_is_not(value)
    if looks_right:
        return looks_right
    meant = guess(value)
    match = ISO_RE.fullmatch(value)
    if match:
        return f'"{value}" is not a real date; write it as {form}'
    if meant is None:
        return f'cannot read the date "{value}"; write it as {form}'
    when, with_time = meant
    day = f"{when.day} {MONTHS[when.month - 1]} {when.year}"
    if with_time:
        return (
            f'write the date year first, as YYYY-MM-DD HH:MM: if "{value}" means {day} at {when:%H:%M}, '
            f"write {when:%Y-%m-%d %H:%M}"
        )
    return f'write the date year first, as YYYY-MM-DD: if "{value}" means {day}, write {when:%Y-%m-%d}'


# -- a wall-clock time in the site's time zone (an event's Start and End) --------------------

WALL_TIME = "YYYY-MM-DD HH:MM, e.g. 2027-01-20 18:00"


def wall_time(value: str, zone: datetime.tzinfo) -> tuple[datetime.datetime | None, str | None]:
    """A Start or End as written (YYYY-MM-DD HH:MM, the time on the clocks
    in `zone`, Europe/London for the branch) as an aware datetime, or None
    and the message saying why not. A time the clocks skip (01:30 on the
    night they go forward) or pass twice (01:30 on the night they go back)
    is refused: the first is no time at all, and the second would be a
    guess of which hour the secretary meant, and calendars would disagree
    (docs/WRITING.md, "Meetings and events")."""
    value = value.strip()
    message = date_problem(value, WALL_TIME)
    if message:
        return None, message
    match = ISO_RE.fullmatch(value)
    if not match.group("time"):
        return None, f'"{value}" has no time; write the date and the time on the clock, as {WALL_TIME}'
    naive = datetime.datetime.fromisoformat(f"{match.group('date')} {match.group('time')}")
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    there = first.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None)
    if there != naive:
        return None, (
            f"{naive:%H:%M} on {naive.day} {MONTHS[naive.month - 1]} {naive.year} does not exist: the clocks go "
            "forward that night, from 01:00 to 02:00; choose a time from 02:00, e.g. "
            f"{naive:%Y-%m-%d} 02:00"
        )
    if first.utcoffset() != second.utcoffset():
        return None, (
            f"{naive:%H:%M} on {naive.day} {MONTHS[naive.month - 1]} {naive.year} happens twice: the clocks go "
            "back that night, from 02:00 to 01:00, and calendars would not agree which one is meant; choose a "
            f"time before 01:00 or from 02:00, e.g. {naive:%Y-%m-%d} 02:00"
        )
    return first, None
