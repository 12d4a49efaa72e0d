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
import subprocess
from collections.abc import Iterable
from pathlib import Path


def git(folder: Path, *args: str) -> str | None:
    """A git command's output in `folder`, or None when git cannot say."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def committed_times(folder: Path) -> dict[str, datetime.datetime]:
    """Each file under `folder` that git has, unchanged since its last
    commit, with that commit's time (UTC), by its path inside `folder`."""
    if not folder.is_dir():
        return {}
    top = git(folder, "rev-parse", "--show-toplevel")
    if not top:
        return {}
    # Files changed since the last commit (or never committed) are not stamped from git.
    changed = git(folder, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    log = git(folder, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative", "--", ".")
    if changed is None or log is None:
        return {}
    dirty = {entry[3:] for entry in changed.split("\0") if len(entry) > 3}
    found: dict[str, datetime.datetime] = {}
    for chunk in log.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        when = datetime.datetime.fromtimestamp(int(lines[0]), datetime.UTC)
        for name in lines[1:]:
            found.setdefault(name, when)  # newest commit first
    prefix = git(folder, "rev-parse", "--show-prefix") or ""
    prefix = prefix.strip()
    return {
        name: when
        for name, when in found.items()
        if (folder / name).is_file() and f"{prefix}{name}" not in dirty and name not in dirty
    }


def stamps(folder: Path, files: Iterable[str], build_time: datetime.datetime) -> dict[str, datetime.datetime]:
    """DTSTAMP for each of `files` (paths inside `folder`)."""
    known = committed_times(folder)
    return {name: known.get(name, build_time) for name in files}
