"""When git first and last saw each file of a folder, from one `git log`
(no network). The events plugin stamps a calendar with the last commit
(plugins/events/stamps.py); the rulebook gives a Uid written in two files
to the file that had it first (rules/events.py).

A shallow clone (CI's default checkout) holds one commit that seems to add
every file: there, every file gets that commit's time, first and last, so
the answers stay the same for one commit (the workflows fetch the whole
history: .github/workflows/)."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass, field
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


@dataclass
class History:
    """By path inside the folder: the time (UTC) of the last commit that
    touched each file unchanged since (`last`), and of the first commit
    that had it (`first`, changed since or not)."""

    last: dict[str, datetime.datetime] = field(default_factory=dict)
    first: dict[str, datetime.datetime] = field(default_factory=dict)


def history(folder: Path) -> History:
    if not folder.is_dir() or not git(folder, "rev-parse", "--show-toplevel"):
        return History()
    # Files changed since the last commit (or never committed) have no last commit time.
    changed = git(folder, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
    log = git(folder, "log", "--format=%x00%ct", "--name-only", "--no-renames", "--relative", "--", ".")
    if changed is None or log is None:
        return History()
    shallow = (git(folder, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    dirty = {entry[3:] for entry in changed.split("\0") if len(entry) > 3}
    last: dict[str, datetime.datetime] = {}
    first: dict[str, datetime.datetime] = {}
    for chunk in log.split("\0")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        when = datetime.datetime.fromtimestamp(int(lines[0]), datetime.UTC)
        for name in lines[1:]:
            last.setdefault(name, when)  # newest commit first
            first[name] = when  # ... so the oldest is the last one seen
    if shallow:
        # One commit holds the whole tree: its time for every file (the same for every build of it).
        head = (git(folder, "log", "-1", "--format=%ct") or "").strip()
        if head.isdigit():
            when = datetime.datetime.fromtimestamp(int(head), datetime.UTC)
            tracked = git(folder, "ls-files", "-z", "--", ".") or ""
            names = [name for name in tracked.split("\0") if name]
            last = dict.fromkeys(names, when)
    prefix = (git(folder, "rev-parse", "--show-prefix") or "").strip()
    return History(
        last={
            name: when
            for name, when in last.items()
            if (folder / name).is_file() and f"{prefix}{name}" not in dirty and name not in dirty
        },
        first={name: when for name, when in first.items() if (folder / name).is_file()},
    )
