"""When each meeting's file last changed, for the calendars' DTSTAMP.

A calendar program takes DTSTAMP as the moment the meeting's details were
written. The build's clock is not that: in CI it is the start of each hour
(SOURCE_DATE_EPOCH), so every hourly build would give every calendar new
bytes and every subscriber's program a "changed" meeting. So a file
committed and unchanged since is stamped with the time of the last commit
that touched it, read from git in one call for the whole folder (no
network); a file changed since, not yet committed, or outside a git
checkout gets the build's time (BUILD_TIME), as a new bulletin does."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path

from rulebook.history import history


def committed_times(folder: Path) -> dict[str, datetime.datetime]:
    """Each file under `folder` that git has, unchanged since its last
    commit, with that commit's time (UTC), by its path inside `folder`
    (rulebook/history.py; in a shallow clone, the one commit's time)."""
    return history(folder).last


def stamps(folder: Path, files: Iterable[str], build_time: datetime.datetime) -> dict[str, datetime.datetime]:
    """DTSTAMP for each of `files` (paths inside `folder`)."""
    known = committed_times(folder)
    return {name: known.get(name, build_time) for name in files}
