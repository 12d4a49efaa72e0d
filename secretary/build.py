"""Build the site safely: `make html` and `make publish` call this.

Pelican writes straight into its output folder, and with
DELETE_OUTPUT_DIRECTORY it empties that folder before a build that may then
fail. Here the site is built into a fresh folder beside output/, indexed
for search, and only then swapped in, so a failed build leaves the last good
site exactly as it was. Messages are printed one per line, in plain words;
a traceback is shown only with DEBUG=1.

`--strict` (make publish) first runs the content checks of `make check`
and refuses to build on any error, with the same messages; then any
warning during the build stops it too. It also notes, without failing,
which of the branch office's details are not filled in yet. The output folder is never one
that holds the content, the project or anything that is not a built site."""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from pelican import Pelican
from pelican import log as pelican_log
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError
from rulebook.rules.links import MISSING_LINK, UNKNOWN_INDICATOR
from rulebook.source import NotUTF8, parse

from caregroups.routes import missing_details_note
from publishing.headers import FIRST_LINE as HEADERS_FIRST_LINE
from search import SearchBuildError

from .checks.content import ERROR, MESSAGES, Checker, read_site, report, summary

# Pelican's message about a tag, category or author with no letter or figure.
NO_SLUG = 'Unable to generate valid slug for %s "%s".'


def first_arg(template: str):
    return lambda args: template.format(args[0]) if args else None


# Pelican's messages a rule of the rulebook says with the file and line:
# each with what the rule's message holds when it said it.
SAID_BY_THE_RULES = {
    NO_SLUG: lambda args: f'"{args[1]}" has no letter or figure' if len(args) == 2 else None,
    "Replacement Indicator %r not recognized in %r, skipping replacement": first_arg("{{{}}} " + UNKNOWN_INDICATOR),
    "{filename} used for linking to static content %s in %s. Use {static} instead": lambda args: (
        "names a picture or document"
    ),
    # A link to no file, or to a meeting the build leaves out: the rule names the link as written.
    "Unable to find '%s', skipping url replacement.": lambda args: f"{{filename}}{args[0]}" if args else MISSING_LINK,
    "Cannot get modification stamp for %s\n\t%s": lambda args: MISSING_LINK,
    "Duplicate definition of `%s` for %s. Using first one.": lambda args: "written twice (also on line",
}


class PlainHandler(logging.Handler):
    """Prints each warning or error on one line and remembers them.

    Pelican's own messages about a content mistake name an absolute path
    and Pelican's terms ("Skipping ...: could not find information about
    'title'"); the common ones are said again in our words, as `make check`
    says them."""

    def __init__(self, stream=None):
        super().__init__(logging.INFO)
        self.stream = stream or sys.stderr
        self.records: list[logging.LogRecord] = []
        self.content: Path | None = None
        # "Could not be read" messages, held until the rules have run (said_why).
        self.held: list[logging.LogRecord] = []

    def shown(self, path) -> str:
        """content/bulletins/x.md for a path Pelican gives, absolute or not."""
        path = Path(str(path))
        if self.content is None:
            return str(path)
        try:
            relative = path.relative_to(self.content) if path.is_absolute() else path
        except ValueError:
            return str(path)
        return f"{self.content.name}/{relative.as_posix()}"

    def where(self, path, field: str) -> str:
        """content/bulletins/x.md:3, the line of `field` (as make check names it)."""
        shown = self.shown(path)
        if self.content is None:
            return shown
        try:
            source = parse(self.content / shown.split("/", 1)[1], self.content)
        except (NotUTF8, OSError, ValueError, IndexError):
            return shown
        return f"{shown}:{source.line_of(field)}"

    def unreadable_file(self, record) -> str | None:
        """The file a message says could not be read (by Pelican, or by the
        care-groups plugin), as the secretary knows it."""
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Could not process %s" and len(args) == 1:
            return self.shown(args[0])
        message = record.getMessage()
        if ": File: cannot be read (" in message:
            return message.split(":", 1)[0]
        return None

    def held_back(self, record) -> bool:
        """Pelican's messages that a rule of the rulebook may say better,
        with the file and line: held until the rules have run (said_why)."""
        if record.levelno < logging.WARNING:
            return False
        return self.unreadable_file(record) is not None or record.msg in SAID_BY_THE_RULES

    def said_why(self) -> None:
        """Once the rules have run (plugins/rulebook), each message held
        back is shown only when no rule said it better: a file that could
        not be read (when no rule said why: a date it cannot read, a field
        written twice, not UTF-8), as make check does; a tag with no letter,
        an unknown {indicator}, a {filename} link to a picture, a link to no
        file, when no rule named its line."""
        held, self.held = self.held, []
        said = [record.getMessage() for record in self.records]
        named = {message.split(":", 1)[0] for message in said}
        for record in held:
            args = record.args if isinstance(record.args, tuple) else ()
            telling = SAID_BY_THE_RULES.get(record.msg)
            if telling is not None:
                mark = telling(args)
                if mark is not None and any(mark in message for message in said):
                    continue
            elif self.unreadable_file(record) in named:
                continue
            self.show(record)

    def plain(self, record) -> str:  # noqa: PLR0911 - one return per message of Pelican's said in our words
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Skipping %s: could not find information about '%s'" and len(args) == 2:
            name = str(args[1])
            message = MESSAGES.get(name, "missing; add it at the top of the file")
            return f"{self.where(args[0], name)}: {name.capitalize()}: {message}"
        if record.msg == "Could not process %s" and len(args) == 1:
            return f"{self.shown(args[0])}: could not be read; run make check to see what is wrong with it"
        if record.msg.startswith("Unknown status '%s' for file %s") and len(args) >= 2:
            return f"{self.where(args[1], 'status')}: Status: {MESSAGES['status'].format(status=args[0])}"
        if record.msg == "Unable to find '%s', skipping url replacement." and len(args) == 1:
            # The rules name a link to a file that does not exist (and this
            # message is then left out); here the file exists but the build
            # left it out, for a reason said above.
            return (
                f"a link leads to {args[0]}, which the site leaves out (a message above says why); fix that file, "
                "or remove the link"
            )
        if record.msg == NO_SLUG and len(args) == 2:
            return (
                f'the {str(args[0]).lower()} "{args[1]}" has no letter or figure, so it cannot have a page of its own; '
                "run make check to see which file and line"
            )
        if record.msg.startswith("Duplicate definition of `%s` for %s") and len(args) == 2:
            key = str(args[0]).capitalize()
            return f"{self.shown(args[1])}: {key}: written twice; keep only one {key} line"
        return record.getMessage()

    def emit(self, record):
        if record.msg.startswith('There are %s items "%s" with lang %s'):
            return  # said once, by the message that follows it (plain() above)
        if record.msg == "Empty alt attribute for image %s in %s":
            return  # the rulebook says it, with the line (plugins/rulebook/rules/text.py)
        if record.msg.startswith("There are %s original (not translated) items %s"):
            return  # two files with one web address: the rulebook names both, on the line (rules/addresses.py)
        if self.held_back(record):
            self.held.append(record)
            return
        self.show(record)

    def show(self, record):
        if record.levelno < logging.WARNING:
            # Information the secretary should see but that is no problem
            # (a scheduled bulletin held back): logged with extra={"note": True}.
            if getattr(record, "note", False):
                print(f"note: {record.getMessage()}", file=self.stream, flush=True)
            return
        self.records.append(record)
        level = "error" if record.levelno >= logging.ERROR else "warning"
        message = self.plain(record).strip().replace("\n", " ")
        # As printed, for the preview's banner (secretary/preview/server.py).
        record.plain_message = message
        print(f"{level}: {message}", file=self.stream, flush=True)


@contextlib.contextmanager
def uninterrupted():
    """Ctrl+C and SIGTERM wait until the block is done, then act as they
    would have: a folder is never left half renamed or half removed.

    The signals' Python handlers are swapped for one that only notes the
    signal (blocking them with pthread_sigmask would not do: the kernel may
    hand a signal to another thread, and Python then runs the handler in
    the main thread all the same). Only the main thread can do this; any
    other goes on unprotected, as Python gives it no signals anyway."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda number, _frame: arrived.append(number)) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if arrived:
            handler = previous[arrived[0]]
            if callable(handler):
                handler(arrived[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), arrived[0])


def swap_into_place(built: Path, output: Path) -> None:
    """Replace output/ by the finished build in two renames; the old tree is
    removed only after the new one is in place. A stop (Ctrl+C, SIGTERM)
    waits for all of it: never an output folder missing between the
    renames, never an old tree left beside it."""
    with uninterrupted():
        old = None
        if output.exists():
            old = work_folder(output, "old")
            output.rename(old / "site")
        built.rename(output)
        if old is not None:
            shutil.rmtree(old)


def work_folder(output: Path, kind: str) -> Path:
    """A new empty folder beside output/ for a build's own use ("new": the
    site being built, "old": the last one being removed), named with this
    process's number so that a later build can tell a folder left behind by
    a killed one (clear_leftovers)."""
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-{kind}-{os.getpid()}-", dir=output.parent))


LEFTOVER_RE = re.compile(r"^(?:new|old)-(?:(?P<pid>\d+)-)?[a-z0-9_]{8}$")


def clear_leftovers(output: Path) -> None:
    """Folders beside output/ left by a build that was killed (a power cut,
    kill -9: no finally ran): removed when the process that made them is
    gone. One without a number (made before they carried one) is removed
    when a day old."""
    for folder in output.parent.glob(f".{glob.escape(output.name)}-*-*"):
        match = LEFTOVER_RE.search(folder.name[len(output.name) + 2 :])
        if not match or not folder.is_dir() or folder.is_symlink():
            continue
        pid = match.group("pid")
        if not process_alive(int(pid)) if pid else time.time() - folder.stat().st_mtime > 24 * 3600:
            shutil.rmtree(folder, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def kept(output: Path) -> str:
    """What a failed build left of the site, in plain words."""
    if output.is_dir() and any(output.iterdir()):
        return f"The last good site in {output.name}/ was not changed."
    return f"Nothing was written to {output.name}/."


class BuildError(Exception):
    """The build did not finish; the message says why in plain words."""


def refuse_output(output: Path, settings_file: Path, settings: dict) -> str | None:
    """Why `output` must not be replaced by a build, or None when it may.

    The build replaces the whole folder: it must never be the content, the
    project or a folder of other files given by mistake (OUTPUTDIR=~)."""
    protected = [
        ("the content", Path(settings["PATH"]).resolve()),
        ("the project", settings_file.resolve().parent),
        ("the theme", Path(settings.get("THEME", "")).resolve() if settings.get("THEME") else None),
        ("your home folder", Path.home().resolve()),
        *(("the plugins", Path(folder).resolve()) for folder in settings.get("PLUGIN_PATHS", [])),
    ]
    # Folders whose insides are never a place for the site either.
    kept_whole = {"the content", "the theme", "the plugins"}
    for what, folder in protected:
        if folder is None:
            continue
        if output == folder or output in folder.parents:
            return f"{output} holds {what}"
        if what in kept_whole and folder in output.parents:
            return f"{output} is inside {what} folder"
    if output.is_dir() and any(output.iterdir()) and not built_here(output, settings):
        return f"{output} is not empty and is not a site this project built (another site, or files to keep)"
    return None


def built_here(folder: Path, settings: dict) -> bool:
    """Whether a folder holds a site our build wrote, known by a file only
    our build writes and no other site has: the _headers file, which begins
    with the publishing plugin's own line, or else (with HEADERS_SAVE_AS
    turned off) our theme's stylesheet. An index.html alone proves nothing:
    every website has one."""
    headers = settings.get("HEADERS_SAVE_AS")
    if headers:
        try:
            with (folder / headers).open(encoding="utf-8") as file:
                if file.readline().rstrip("\n") == HEADERS_FIRST_LINE:
                    return True
        except (OSError, UnicodeDecodeError):
            pass
    return (folder / settings.get("THEME_STATIC_DIR", "theme") / "css" / "site.css").is_file()


def build(
    settings_file: Path,
    output: Path,
    *,
    strict: bool,
    search: bool = True,
    debug: bool = False,
    stream=None,
    overrides: dict | None = None,
    problems: list | None = None,
) -> int:
    """Build into a temporary folder and swap it in. Returns the exit status:
    0 when the site was built (with warnings, unless strict), 1 otherwise.
    The warnings and errors logged are added to `problems` when given."""
    stream = stream or sys.stderr
    handler = PlainHandler(stream)
    pelican_log.init(level=logging.DEBUG if debug else logging.WARNING, handler=handler)
    root = logging.getLogger()
    # basicConfig does nothing when the root logger has handlers already
    # (a second build in one process): make sure ours is the one used.
    root.handlers = [handler]
    # Pelican's own console ("Done: Processed 2 articles...") goes to the
    # same stream, unwrapped, so that lines never run into each other.
    pelican_log.console.file = stream
    pelican_log.console.soft_wrap = True
    output = output.resolve()
    building = None
    swapped = False
    try:
        settings = read_settings(str(settings_file), override={**(overrides or {}), "OUTPUT_PATH": str(output)})
        # publishconf.py asks for a strict build itself, so CI cannot
        # publish a site with content mistakes by forgetting --strict.
        strict = strict or bool(settings.get("STRICT_BUILD"))
        handler.content = Path(settings["PATH"]).resolve()
        refused = refuse_output(output, Path(settings_file), settings)
        if refused:
            raise BuildError(
                f"{refused}, so it cannot be the output folder; choose another OUTPUTDIR. Nothing was changed"
            )
        if strict:
            check_first(settings, stream)
        output.parent.mkdir(parents=True, exist_ok=True)
        clear_leftovers(output)
        with uninterrupted():  # made and named as one step, so always removed below
            building = work_folder(output, "new")
        settings["OUTPUT_PATH"] = str(building / "site")
        # Pages an edit cannot have changed are taken from the last good
        # site (plugins/fastbuild/reuse.py, preview builds only), and so are
        # the search bundles (plugins/search, SEARCH_REUSE_BUNDLES).
        settings["FAST_BUILD_PREVIOUS_OUTPUT"] = str(output)
        settings["SEARCH_PREVIOUS_OUTPUT"] = str(output)
        if not search:
            settings["SEARCH_INDEX"] = False
        try:
            Pelican(settings).run()
        except SearchBuildError as error:
            raise BuildError(str(error)) from None
        handler.said_why()
        # Not `problems`: that is the caller's list, filled in below.
        found = [r for r in handler.records if r.levelno >= logging.WARNING]
        if strict and found:
            raise BuildError(
                f"{len(found)} problem(s) above must be fixed before publishing; the published site was not changed"
            )
        with uninterrupted():  # a stop during the swap is told as coming after it
            swap_into_place(building / "site", output)
            swapped = True
    except KeyboardInterrupt as error:
        # Ctrl+C, or SIGTERM (cli.py makes it a KeyboardInterrupt): the
        # temporary folder goes below, as after any failure.
        if swapped:
            print(f"stopped: the build was interrupted once the new site was in place in {output.name}/.", file=stream)
        else:
            print(
                f"stopped: the build was interrupted. {kept(output)}",
                file=stream,
            )
        return getattr(error, "status", 130)
    except BuildError as error:
        print(f"error: {error}", file=stream)
        return 1
    except FileOverwriteFailedError as error:
        if debug:
            raise
        print(
            "error: two files would be written to the same web address, so the site could not be built; "
            f"run make check to see which ({error}). {kept(output)}",
            file=stream,
        )
        return 1
    except Exception as error:
        if debug:
            raise
        print(
            f"error: the site could not be built: {error}. {kept(output)}",
            file=stream,
        )
        return 1
    finally:
        handler.said_why()
        if building is not None:
            with uninterrupted():
                shutil.rmtree(building, ignore_errors=True)
        if problems is not None:
            problems.extend(handler.records)
    print(built_message(output, len(handler.records)), file=stream)
    return 0


def built_message(output: Path, problems: int) -> str:
    return f"Built {output.name}/" + (f" with {problems} problem(s) to fix before publishing." if problems else ".")


def check_first(settings: dict, stream) -> None:
    """The checks of `make check`, with its messages; raises BuildError on
    any error so that nothing is built or replaced. First the note of the
    branch office's details still missing."""
    site = read_site(settings)
    note = missing_details_note(settings, site.terms.champions)
    if note:
        # A note, not a failure: the site still gives a way to reach a
        # person (the convenor, UNISON's helpline) until they are filled in.
        print(f"note: {note}", file=stream, flush=True)
    problems = Checker(site).run()
    report(problems, stream, "make publish")
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        print(summary(problems, site.files), file=stream)
        raise BuildError(
            f"{len(errors)} problem(s) above must be fixed before publishing; the published site was not changed"
        )


def run(args) -> int:
    """`python -m secretary build`: make html, and make publish with --strict."""
    overrides = {"PATH": str(args.content.resolve())} if args.content else None
    return build(
        args.settings,
        args.output,
        strict=args.strict,
        search=not args.no_search,
        debug=args.debug,
        stream=args.stream,
        overrides=overrides,
    )
