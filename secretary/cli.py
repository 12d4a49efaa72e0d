"""The secretary's commands, behind one entry: `python -m secretary COMMAND`.

The Makefile calls it (make html, publish, check, newpost, newevent, devserver,
gates, editions, edit, import). Every command takes the same --settings, --content and --output;
DEBUG=1 in the environment is read here only and shows a traceback where
the secretary would otherwise get one plain line. Anything a command does
not catch itself ends here, as one line, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import os
import signal
import sys
import threading
from pathlib import Path

COMMANDS = {
    # name: (help, the module that runs it, default settings file)
    "build": ("build the site safely into --output (make html; make publish with --strict)", "build", "pelicanconf.py"),
    "check": ("check every content file, every problem on one line (make check)", "checks.content", "pelicanconf.py"),
    "newpost": ("start a new draft bulletin (make newpost)", "newpost", "pelicanconf.py"),
    "newevent": ("start a new draft meeting (make newevent)", "newevent", "pelicanconf.py"),
    "preview": (
        "preview while writing: rebuild on save, reload the browser (make devserver)",
        "preview.server",
        "pelicanconf.py",
    ),
    "edit": (
        "write in the web editor on this computer: its local backend and the preview together (make edit)",
        "edit",
        "pelicanconf.py",
    ),
    "gates": ("run CI's gates on the built site in --output (make gates)", "gates", "publishconf.py"),
    "editions": (
        "an e-mail and an A4 letter of one bulletin, into --output (make editions)",
        "editions",
        "publishconf.py",
    ),
    "import": (
        "bring in the old blog's archive: a Blogger or WordPress export (make import FROM=...)",
        "importer",
        "pelicanconf.py",
    ),
    # Started by the preview server, not by hand.
    "preview-builder": (argparse.SUPPRESS, "preview.builder", "pelicanconf.py"),
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m secretary", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, _, settings) in COMMANDS.items():
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--settings", type=Path, default=Path(settings), help="the Pelican settings file")
        sub.add_argument("--content", type=Path, help="the content folder (default: the settings' PATH)")
        if name == "editions":
            sub.add_argument(
                "--output", type=Path, default=Path("editions"), help="where the editions go (default: editions)"
            )
        else:
            sub.add_argument("--output", type=Path, default=Path("output"), help="the built site (default: output)")
        if name == "build":
            sub.add_argument("--strict", action="store_true", help="check first; any warning stops it (make publish)")
            sub.add_argument("--no-search", action="store_true", help="skip the search index")
        elif name == "newpost":
            sub.add_argument("--title", default=os.environ.get("TITLE"), help="the title (default: $TITLE)")
        elif name == "newevent":
            sub.add_argument("--title", default=os.environ.get("TITLE"), help="the title (default: $TITLE)")
            sub.add_argument("--start", default=os.environ.get("START"), help="YYYY-MM-DD HH:MM (default: $START)")
            sub.add_argument(
                "--end", default=os.environ.get("END"), help="YYYY-MM-DD HH:MM (default: $END, or 2 hours on)"
            )
            sub.add_argument("--location", default=os.environ.get("LOCATION"), help="an address, or Online")
            sub.add_argument("--uid", action="store_true", help="only print a fresh Uid line (make newevent-uid)")
        elif name in {"preview", "edit"}:
            sub.add_argument("--host", default="127.0.0.1")
            sub.add_argument("--port", type=int, default=8000)
            # For tools/benchmark.py: one JSON line per build, with its timings.
            sub.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
            if name == "edit":
                sub.add_argument("--editor-port", type=int, default=8081, help="the editor's local backend's port")
                sub.add_argument(
                    "--no-browser", dest="browser", action="store_false", help="print the addresses, open nothing"
                )
        elif name == "editions":
            sub.add_argument(
                "--bulletin",
                default=os.environ.get("BULLETIN"),
                help="the bulletin's file (default: $BULLETIN, or the newest bulletin)",
            )
        elif name == "import":
            sub.add_argument("--from", dest="from_file", type=Path, required=True, help="the export file")
            # Each takes an optional yes/no word (1, yes, true / 0, no, false, empty): make passes DRY_RUN's.
            sub.add_argument("--dry-run", nargs="?", const="yes", default="", help="write nothing: say what would be")
            sub.add_argument("--no-fetch", nargs="?", const="yes", default="", help="leave pictures on the old site")
            sub.add_argument("--labels", type=Path, help="the mapping of labels (default: import-labels.txt)")
            sub.add_argument("--through-make", action="store_true", help=argparse.SUPPRESS)  # say DRY_RUN=1
            # The tests' own picture server is on this computer; an import never fetches from it otherwise.
            sub.add_argument("--fetch-local", action="store_true", help=argparse.SUPPRESS)
        elif name == "gates":
            sub.add_argument("--no-html", action="store_true", help="skip the Nu HTML Checker (needs Java)")
    return top


def options(argv=None, stream=None) -> argparse.Namespace:
    """The command and its options, with `debug` (DEBUG=1) and the `stream`
    its messages go to."""
    args = parser().parse_args(argv)
    args.debug = os.environ.get("DEBUG") == "1"
    args.stream = stream or (
        sys.stdout if args.command in {"check", "newpost", "newevent", "gates", "editions", "import"} else sys.stderr
    )
    return args


class Stopped(KeyboardInterrupt):
    """SIGTERM (a plain `kill`, a cancelled CI job, a closing terminal)
    stops a command as Ctrl+C does: every `finally` runs, so a build
    removes its temporary folder and leaves the last good site as it was."""

    status = 128 + signal.SIGTERM


def stop(_number, _frame):
    raise Stopped


@functools.cache
def quiet_forked_children() -> None:
    """Processes forked to share the work (fastbuild's pool) leave Ctrl+C
    to this one, which stops them (multiprocessing's terminate sends
    SIGTERM, whose default ends them): each would otherwise print its own
    KeyboardInterrupt traceback. Registered once per process."""

    def in_child():
        with contextlib.suppress(ValueError):  # forked from a thread other than the main one
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)

    os.register_at_fork(after_in_child=in_child)


def main(argv=None, stream=None) -> int:
    args = options(argv, stream)
    if args.content is not None and not args.content.is_dir():
        missing = f"error: there is no folder {args.content}; name the content folder (it holds bulletins/)"
        print(missing, file=args.stream)
        return 2
    quiet_forked_children()
    # Only the main thread may set handlers (tests call main() from others).
    in_main_thread = threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGTERM, stop) if in_main_thread else None
    try:
        module = importlib.import_module(f"secretary.{COMMANDS[args.command][1]}")
        status = module.run(args)
        args.stream.flush()  # here, so that a reader gone away is caught below
        return status
    except KeyboardInterrupt as error:
        # What a command had under way is undone by its own `finally`
        # (build: the temporary folder); a build says more itself.
        with contextlib.suppress(OSError, ValueError):
            print(f"stopped: {args.command} was interrupted before it finished.", file=args.stream, flush=True)
        return getattr(error, "status", 130)
    except BrokenPipeError:
        # Its reader went away (`make newpost | head`): nothing more to say.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as error:
        if args.debug:
            raise
        print(f"error: {args.command} stopped: {error} (DEBUG=1 shows where)", file=args.stream)
        return 2
    finally:
        if before is not None:
            signal.signal(signal.SIGTERM, before)
