"""Build the site safely: `make html` and `make publish` call this.

Pelican writes straight into its output folder, and with
DELETE_OUTPUT_DIRECTORY it empties that folder before a build that may then
fail. Here the site is built into a fresh folder beside output/, indexed
for search, and only then swapped in, so a failed build leaves the last good
site exactly as it was. Messages are printed one per line, in plain words;
a traceback is shown only with DEBUG=1."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pelican import Pelican
from pelican import log as pelican_log
from pelican.settings import read_settings

from .searchindex import IndexFormatError, make_stable


class PlainHandler(logging.Handler):
    """Prints each warning or error on one line and remembers them."""

    def __init__(self, stream=None):
        super().__init__(logging.WARNING)
        self.stream = stream or sys.stderr
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)
        level = "error" if record.levelno >= logging.ERROR else "warning"
        message = record.getMessage().strip().replace("\n", " ")
        print(f"{level}: {message}", file=self.stream)


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output/ by the finished build in two renames; the old tree is
    removed only after the new one is in place."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        os.rename(output, old / "site")
    os.rename(built, output)
    if old is not None:
        shutil.rmtree(old)


def index_for_search(site: Path) -> None:
    """Pagefind's search index, built from the finished pages, then made
    the same bytes on every build (see searchindex.py)."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BuildError("the search index could not be built: " + (result.stderr or result.stdout).strip())
    try:
        make_stable(site / "pagefind")
    except (OSError, ValueError, IndexFormatError) as error:
        raise BuildError(f"the search index could not be made reproducible: {error}") from None


class BuildError(Exception):
    """The build did not finish; the message says why in plain words."""


def build(
    settings_file: Path,
    output: Path,
    *,
    strict: bool,
    search: bool = True,
    debug: bool = False,
    stream=None,
    overrides: dict | None = None,
) -> int:
    """Build into a temporary folder and swap it in. Returns the exit status:
    0 when the site was built (with warnings, unless strict), 1 otherwise."""
    stream = stream or sys.stderr
    handler = PlainHandler(stream)
    pelican_log.init(level=logging.DEBUG if debug else logging.WARNING, handler=handler)
    root = logging.getLogger()
    # basicConfig does nothing when the root logger has handlers already
    # (a second build in one process): make sure ours is the one used.
    root.handlers = [handler]
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        settings = read_settings(str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(building / "site")})
        # publishconf.py asks for a strict build itself, so CI cannot
        # publish a site with content mistakes by forgetting --strict.
        strict = strict or bool(settings.get("STRICT_BUILD"))
        Pelican(settings).run()
        problems = [r for r in handler.records if r.levelno >= logging.WARNING]
        if strict and problems:
            raise BuildError(
                f"{len(problems)} problem(s) above must be fixed before publishing; the published site was not changed"
            )
        if search:
            index_for_search(building / "site")
        swap_into_place(building / "site", output)
    except BuildError as error:
        print(f"error: {error}", file=stream)
        return 1
    except Exception as error:
        if debug:
            raise
        print(
            f"error: the site could not be built: {error}. The last good site in {output.name}/ was not changed.",
            file=stream,
        )
        return 1
    finally:
        shutil.rmtree(building, ignore_errors=True)
    warnings = len(handler.records)
    summary = f"Built {output.name}/" + (f" with {warnings} warning(s) to fix before publishing." if warnings else ".")
    print(summary, file=stream)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument("--content", type=Path, help="the content folder (default: the settings' PATH)")
    parser.add_argument("--strict", action="store_true", help="any warning stops the build (make publish)")
    parser.add_argument("--no-search", action="store_true", help="skip the search index")
    args = parser.parse_args(argv)
    debug = os.environ.get("DEBUG") == "1"
    overrides = {"PATH": str(args.content.resolve())} if args.content else None
    return build(
        args.settings, args.output, strict=args.strict, search=not args.no_search, debug=debug, overrides=overrides
    )


if __name__ == "__main__":
    sys.exit(main())
