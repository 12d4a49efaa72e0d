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
with; what it says to the secretary goes to standard error, as a build's
messages do."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from fastbuild.live import LiveSite, NeedsBuild

from . import build

logger = logging.getLogger(__name__)


def copy_of_site(output: Path) -> Path:
    """A copy of the last good site beside it, made of hard links, without
    its search bundles (the indexing links back the ones it keeps)."""
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))

    def leave_out(directory, names):
        return ["pagefind"] if Path(directory) == output else []

    shutil.copytree(output, folder / "site", copy_function=os.link, ignore=leave_out)
    return folder / "site"


def apply(live: LiveSite, changed: list[Path], output: Path, stream) -> int:
    """The fast path; raises NeedsBuild when the site must be built anew."""
    site = copy_of_site(output)
    try:
        written = live.apply(changed, site)
        build.index_for_search(site, live.settings, output)
        build.swap_into_place(site, output)
    except build.BuildError as error:
        raise NeedsBuild(str(error)) from None
    finally:
        shutil.rmtree(site.parent, ignore_errors=True)
    logger.debug("preview: %d file(s) written again for %s", written, ", ".join(map(str, changed)))
    print(build.built_message(output, 0), file=stream, flush=True)
    return 0


def full_build(args, stream) -> tuple[int, LiveSite | None]:
    finish = LiveSite.capture()
    problems: list = []
    status = build.build(
        args.settings,
        args.output,
        strict=False,
        debug=os.environ.get("DEBUG") == "1",
        stream=stream,
        overrides={"PATH": str(args.content.resolve())} if args.content else None,
        problems=problems,
    )
    try:
        live = finish()
    except NeedsBuild as error:
        logger.debug("preview: %s", error)
        return status, None
    # After a failed build, or one with problems, every save builds anew:
    # the secretary then sees every message again each time.
    return status, live if status == 0 and not problems else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path)
    args = parser.parse_args(argv)
    output = args.output.resolve()
    # Ctrl+C in the terminal reaches this process too: the server stops it
    # by closing its input, between two builds, never half way through one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1, encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    stream = sys.stderr

    def answer(**fields):
        fields["cpu"] = sum(os.times()[:4])
        answers.write(json.dumps(fields) + "\n")

    started = time.perf_counter()
    status, live = full_build(args, stream)
    answer(status=status, fast=False, seconds=time.perf_counter() - started)
    for line in sys.stdin:
        started = time.perf_counter()
        changed = [Path(p).resolve() for p in json.loads(line).get("changed", [])]
        if live is None:
            answer(rebuild="the last build had problems or kept nothing")
            return 0
        try:
            status = apply(live, changed, output, stream)
        except NeedsBuild as error:
            answer(rebuild=str(error))
            return 0
        except Exception as error:
            if os.environ.get("DEBUG") == "1":
                raise
            answer(rebuild=f"{type(error).__name__}: {error}")
            return 0
        answer(status=status, fast=True, seconds=time.perf_counter() - started)
        # After answering: the next build starts from these.
        live.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
