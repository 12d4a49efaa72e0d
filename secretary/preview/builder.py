"""The preview server's builder: one process per full build, kept running
to apply edits to the text of a bulletin or page in a fraction of a
second. `make devserver` (devserver.py) starts it; it is not for calling
by hand.

It builds the site as `make html` does (build.py), keeping the build's
Pelican objects in memory (fastbuild/live.py). Then it waits on its
standard input for one line per save, `{"changed": [paths]}`. When only the
text of bulletins or pages changed, it renders the pages and feeds that show
that text into a copy of the last good site (hard links), brings the search
bundles that hold them up to date and swaps the copy in, as a build does:
the last good site is never written to. Anything else (a new title, a new
file, a theme or plugin edit, a warning) it answers with "rebuild" and
stops: the server starts a fresh process, which builds everything, so no
plugin or log state outlives a full build.

Answers go, one JSON line each, to the standard output it was started
with, each with the build's problems as it printed them (the preview's
banner shows them); what it says to the secretary goes to standard error,
as a build's messages do."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from fastbuild.live import LiveSite, NeedsBuild
from publishing import buildtime
from search import SearchBuildError, index_folder

from .. import build

logger = logging.getLogger(__name__)


def copy_of_site(output: Path) -> Path:
    """A copy of the last good site beside it, made of hard links, without
    its search bundles (the indexing links back the ones it keeps)."""
    folder = build.work_folder(output, "new")

    def leave_out(directory, names):
        return ["pagefind"] if Path(directory) == output else []

    shutil.copytree(output, folder / "site", copy_function=os.link, ignore=leave_out)
    return folder / "site"


class Clock:
    """What the last full build took from the clock, which the fast path
    does not look at again: which bulletins were still scheduled (the
    publishing plugin holds them back) and the day that decides whether a
    champion's `Until:` date has passed (the caregroups plugin)."""

    def __init__(self, live: LiveSite):
        self.settings = live.settings
        now = buildtime.now(self.settings)
        self.day = buildtime.local_date(now, self.settings)
        drafts = [a for g in live.generators for a in getattr(g, "drafts", [])]
        waiting = [a.date for a in drafts if not buildtime.is_due(a.date, now)]
        self.next_due = min(waiting, default=None)

    def moved_on(self) -> str | None:
        now = buildtime.build_time()  # the clock again: what a build now would take
        if buildtime.local_date(now, self.settings) != self.day:
            return "a new day since the last build (champions' Until dates)"
        if self.next_due is not None and buildtime.is_due(self.next_due, now):
            return "a scheduled bulletin is due"
        return None


class Held(logging.Handler):
    """Keeps what the fast path logs: shown once it has succeeded; dropped
    when it gives way to a full build, which says it all again."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def said(records) -> list[str]:
    """The warnings and errors among log records, as the build printed them
    (make check's words): the preview's banner shows them on every page."""
    return [getattr(r, "plain_message", r.getMessage()) for r in records if r.levelno >= logging.WARNING]


def apply(
    live: LiveSite, clock: Clock, changed: list[Path], output: Path, stream, *, problems: list | None = None
) -> int:
    """The fast path; raises NeedsBuild when the site must be built anew.
    `clock` is the Clock made right after the build that made `live`; what
    it said as warnings is added to `problems` when given."""
    moved_on = clock.moved_on()
    if moved_on:
        raise NeedsBuild(moved_on)
    root = logging.getLogger()
    shown, held = root.handlers, Held()
    root.handlers = [held]
    site = copy_of_site(output)
    try:
        written = live.apply(changed, site)
        if live.settings.get("SEARCH_INDEX"):
            index_folder(site, live.settings, previous=output)
        build.swap_into_place(site, output)
    except SearchBuildError as error:
        raise NeedsBuild(str(error)) from None
    finally:
        root.handlers = shown
        shutil.rmtree(site.parent, ignore_errors=True)
    for record in held.records:
        root.handle(record)
    if problems is not None:
        problems.extend(said(held.records))
    logger.debug("preview: %d file(s) written again for %s", written, ", ".join(map(str, changed)))
    print(build.built_message(output, 0), file=stream, flush=True)
    return 0


def full_build(args, stream, said_problems: list | None = None) -> tuple[int, LiveSite | None]:
    """A build as make html's; the lines of its warnings and errors are added
    to `said_problems` when given."""
    finish = LiveSite.capture()
    problems: list = []
    status = build.build(
        args.settings,
        args.output,
        strict=False,
        debug=args.debug,
        stream=stream,
        overrides={"PATH": str(args.content.resolve())} if args.content else None,
        problems=problems,
    )
    if said_problems is not None:
        said_problems.extend(said(problems))
    try:
        live = finish()
    except NeedsBuild as error:
        logger.debug("preview: %s", error)
        return status, None
    # After a failed build, or one with problems, every save builds anew:
    # the secretary then sees every message again each time.
    return status, live if status == 0 and not problems else None


def run(args) -> int:
    """`python -m secretary preview-builder`, started by the preview server."""
    output = args.output.resolve()
    # The server starts this process in a group of its own, so the
    # terminal's Ctrl+C is not for it; the server stops it by closing its
    # input (between two builds) or, when it will not wait, with SIGTERM:
    # then the build stops as after an error, its temporary folder removed
    # (the swap into output/ is never cut in two: see build.swap_into_place).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    stream = sys.stderr

    def answer(**fields):
        fields["cpu"] = sum(os.times()[:4])
        answers.write(json.dumps(fields) + "\n")

    started = time.perf_counter()
    problems: list[str] = []
    status, live = full_build(args, stream, problems)
    clock = Clock(live) if live is not None else None
    answer(status=status, fast=False, seconds=time.perf_counter() - started, problems=problems)
    for line in sys.stdin:
        started = time.perf_counter()
        changed = [Path(p).resolve() for p in json.loads(line).get("changed", [])]
        if live is None:
            answer(rebuild="the last build had problems or kept nothing")
            return 0
        problems = []
        try:
            status = apply(live, clock, changed, output, stream, problems=problems)
        except NeedsBuild as error:
            answer(rebuild=str(error))
            return 0
        except Exception as error:
            if args.debug:
                raise
            answer(rebuild=f"{type(error).__name__}: {error}")
            return 0
        answer(status=status, fast=True, seconds=time.perf_counter() - started, problems=problems)
        # After answering: the next build starts from these.
        live.save()
    return 0
