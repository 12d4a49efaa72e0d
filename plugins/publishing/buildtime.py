"""The build's single notion of "now", and which bulletins are due.

Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/)
set SOURCE_DATE_EPOCH; the Makefile sets it to the last commit's time and CI
to the later of that and the start of the day. Every date the site would
otherwise take from the clock (a sitemap's lastmod, an empty feed's
<updated>, whether a scheduled bulletin is due) comes from here, so two
builds of one commit with one SOURCE_DATE_EPOCH are byte-identical."""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping


class BuildTimeError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a number of seconds."""


def build_time(environ: Mapping[str, str] | None = None) -> datetime.datetime:
    """SOURCE_DATE_EPOCH as an aware UTC datetime, or the current time."""
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


def is_due(date: datetime.datetime, now: datetime.datetime) -> bool:
    """Whether a bulletin dated `date` may be published at `now`. A date
    without a time zone is taken as UTC, as Pelican compares it."""
    if date.tzinfo is None:
        date = date.replace(tzinfo=datetime.UTC)
    return date <= now
