"""The build's single notion of "now", and which bulletins are due.

Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/)
set SOURCE_DATE_EPOCH; the Makefile sets it to the last commit's time and CI
to the later of that and the start of the hour. `build_time` is the only
place that reads it, or the clock. It is read once per build and kept in the
settings as BUILD_TIME (the publishing plugin's `initialized`, unless the
settings give one); everything else asks the settings: the publishing
plugin (whether a scheduled bulletin is due, the date of an empty feed, no
date in the sitemap later than the build), the caregroups plugin (whether a champion's
`Until` date has passed), `make check` and `make newpost`. So two builds of
one commit with one SOURCE_DATE_EPOCH are byte-identical, and a check and
the build it runs before agree to the second.

A date ("today", a champion's last day) is the build time's date in the
site's TIMEZONE, as the secretary's calendar on the wall has it."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, MutableMapping
from typing import Any
from zoneinfo import ZoneInfo

SETTING = "BUILD_TIME"


class BuildTimeError(ValueError):
    """SOURCE_DATE_EPOCH or BUILD_TIME is set but cannot be used."""


def build_time(environ: Mapping[str, str] | None = None) -> datetime.datetime:
    """SOURCE_DATE_EPOCH as an aware UTC datetime, or the current time: the
    one reading of the clock. Everything else takes BUILD_TIME from the
    settings (`now`)."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.datetime.now(datetime.UTC)
    if not epoch.isdigit():
        raise BuildTimeError(
            "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970 "
            f"(e.g. `git log -1 --format=%ct`); it is {epoch!r}"
        )
    return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)


def settle(settings: MutableMapping[str, Any], environ: Mapping[str, str] | None = None) -> datetime.datetime:
    """The build time, put into the settings as BUILD_TIME the first time it
    is asked for (a value the settings already give is kept, in UTC)."""
    given = settings.get(SETTING)
    if given is None:
        settings[SETTING] = build_time(environ)
    elif isinstance(given, datetime.datetime):
        # A time without a zone is taken as UTC, as Pelican compares dates.
        aware = given if given.tzinfo else given.replace(tzinfo=datetime.UTC)
        settings[SETTING] = aware.astimezone(datetime.UTC)
    else:
        raise BuildTimeError(f"{SETTING} must be a date and time (a datetime), not {given!r}")
    return settings[SETTING]


def now(settings: MutableMapping[str, Any]) -> datetime.datetime:
    """The build time the settings carry (aware, UTC)."""
    return settle(settings)


def zone(settings: Mapping[str, Any]) -> ZoneInfo:
    return ZoneInfo(settings.get("TIMEZONE") or "UTC")


def local_date(when: datetime.datetime, settings: Mapping[str, Any]) -> datetime.date:
    """The date of `when` in the site's TIMEZONE."""
    return when.astimezone(zone(settings)).date()


def today(settings: MutableMapping[str, Any]) -> datetime.date:
    """The build's date in the site's TIMEZONE: the day that decides
    whether a champion's `Until` date has passed."""
    return local_date(now(settings), settings)


def is_due(date: datetime.datetime, now: datetime.datetime) -> bool:
    """Whether a bulletin dated `date` may be published at `now`. A date
    without a time zone is taken as UTC, as Pelican compares it."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date <= now
