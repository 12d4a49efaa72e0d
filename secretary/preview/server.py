"""Preview the site while writing: `make devserver` (PORT=8000).

Builds the site with the same build code as `make html` (drafts and
scheduled bulletins included, marked), serves it on 127.0.0.1, rebuilds on
every save in content/, theme/, plugins/ or pelicanconf.py, and reloads the
open browser page through livereload.

Each full build runs in a fresh Python process (preview.py): changes to
the plugins are picked up, and no plugin or log state survives from one
build to the next. That process stays, holding the site in memory, and a
save that changed only the text of bulletins or pages is applied there in
a fraction of a second (the pages that show the text are rendered again);
any other change, or a problem, and a fresh process builds everything.
The page loads livereload's script from this server with a plain
<script src>, which the site's Content-Security-Policy allows (livereload's
own inline snippet would be blocked by it). While the last build had
problems, every page shows them at its top, in make check's words (as
Hugo's server shows a failed build in the browser), styled by a stylesheet
of this server's own; both are added to the pages as they are sent, never
written into the site. The web editor's pages (/admin/) get neither."""

from __future__ import annotations

import contextlib
import errno
import html
import ipaddress
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from pelican.settings import read_settings
from tornado import ioloop, web
from watchfiles import watch

from publishing.headers import editor_folder

# How often the watcher looks: for word from the system that a file changed
# (watchfiles: inotify on Linux), which costs nothing; or, where the system
# cannot say (watchfiles could not start), at every file, every SCAN_SECONDS.
POLL_SECONDS = 0.05
SCAN_SECONDS = 0.5
SETTLE_SECONDS = 0.1
# On Ctrl+C, how long the builder may take to finish the build it is in.
STOP_SECONDS = 5
# watchfiles wakes its threads this often when nothing changed (the first
# time says it is watching), and may take START_SECONDS to start before
# the files are scanned instead.
WAKE_SECONDS = 0.1
START_SECONDS = 10
IGNORED_PARTS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache"}


def watched_paths(settings_file: Path, content: Path) -> list[Path]:
    project = settings_file.resolve().parent
    return [content, project / "theme", project / "plugins", settings_file.resolve()]


def ignored(path: Path) -> bool:
    name = path.name
    return (
        any(part in IGNORED_PARTS for part in path.parts)
        or name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".pyc", ".tmp"))
    )


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """Every watched file with its modification time and size."""
    found = {}
    for root in paths:
        files = [root] if root.is_file() else (root.rglob("*") if root.is_dir() else [])
        for path in files:
            if path.is_file() and not ignored(path):
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


class Nudge:
    """Set when the system says a watched file changed: watchfiles, in a
    thread for the folders (with their subfolders) and one for the single
    files (their folders alone). A file that was only read (each build
    reads them all) is no change to watchfiles."""

    def __init__(self, paths: list[Path]):
        self.changed = threading.Event()
        self.stop = threading.Event()
        files = {str(path) for path in paths if not path.is_dir()}
        self.watches = [
            ([path for path in paths if path.is_dir()], True, lambda _, name: not ignored(Path(name))),
            (sorted({Path(name).parent for name in files}), False, lambda _, name: name in files),
        ]
        self.threads: list[threading.Thread] = []
        # Set when a watch ended while watching (watchfiles cannot read a
        # file name that is not UTF-8, say): the files are scanned instead.
        self.broken = threading.Event()

    def start(self) -> bool:
        """False when the system cannot give word of changes (too many
        folders for inotify, say)."""
        started = []
        for folders, recursive, wanted in self.watches:
            if folders:
                ready, failed = threading.Event(), []
                thread = threading.Thread(target=self.listen, args=(folders, recursive, wanted, ready, failed))
                thread.daemon = True
                thread.start()
                self.threads.append(thread)
                started.append((ready, failed))
        if all(ready.wait(START_SECONDS) and not failed for ready, failed in started):
            return True
        self.close()
        return False

    def listen(self, folders, recursive, wanted, ready, failed) -> None:
        try:
            # Changes, or an empty set every WAKE_SECONDS: the first says
            # that it is watching.
            for changes in watch(
                *folders,
                watch_filter=wanted,
                recursive=recursive,
                stop_event=self.stop,
                rust_timeout=int(WAKE_SECONDS * 1000),
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                if changes:
                    self.changed.set()
                ready.set()
        except (OSError, RuntimeError):  # could not watch: the files are scanned instead
            if ready.is_set() and not self.stop.is_set():
                self.broken.set()
                self.changed.set()  # look now: the change that broke it is one
            failed.append(True)
        finally:
            ready.set()

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)
        self.threads = []


class SiteWatcher(Watcher):
    """Watches the project as one task: one save, one build, one reload.
    Which files changed is found by comparing snapshots; watchfiles only
    says when to look, so a save is seen at once, without reading every file's
    details twice a second."""

    def __init__(self, paths: list[Path], rebuild):
        super().__init__()
        self.paths = paths
        self.rebuild = rebuild
        self.state = snapshot(paths)
        self.nudge: Nudge | None = None
        self.scanned = time.monotonic()

    def start_observer(self) -> bool:
        """Ask the system for word of changes; False when it cannot give it
        (too many folders for inotify, say): then the files are scanned."""
        nudge = Nudge(self.paths)
        if not nudge.start():
            return False
        self.nudge = nudge
        return True

    def stop_observer(self) -> None:
        if self.nudge is not None:
            self.nudge.close()

    def due(self) -> bool:
        if self.nudge is not None and self.nudge.broken.is_set():
            print(
                "note: the preview is no longer told of changes by the system (a file's name it cannot read?); it "
                f"now looks for changes every {SCAN_SECONDS:g} seconds",
                flush=True,
            )
            self.nudge.close()
            self.nudge = None
            return True
        if self.nudge is not None:
            if not self.nudge.changed.is_set():
                return False
            self.nudge.changed.clear()
            return True
        if time.monotonic() - self.scanned < SCAN_SECONDS:
            return False
        self.scanned = time.monotonic()
        return True

    def examine(self):
        current = snapshot(self.paths) if self.due() else self.state
        if current == self.state:
            self.filepath = None
            return None, None
        # An editor may save in several steps: wait until the files settle.
        while True:
            time.sleep(SETTLE_SECONDS)
            settled = snapshot(self.paths)
            if settled == current:
                break
            current = settled
        changed = sorted(set(current) ^ set(self.state) | {p for p in current if current[p] != self.state.get(p)})
        self.state = current
        self.filepath = changed[0] if changed else "*"
        self.rebuild(changed)
        return self.filepath, None


def terminate(process: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM, and SIGKILL when it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Builder:
    """Builds the preview through preview.py's process: a fresh one for a
    full build, the running one for an edit to the text of a bulletin or page."""

    def __init__(self, command: list[str], env: dict, stats: Path | None = None, output: Path | None = None):
        self.command = command
        self.env = env
        self.stats = stats
        self.output = output
        self.process: subprocess.Popen | None = None
        self.built: tuple[int, int] | None = None  # the output folder the last preview build left
        # What the last build said was wrong, in make check's words: the
        # banner on every previewed page (problems_banner, application()).
        self.problems: list[str] = []

    def output_folder(self) -> tuple[int, int] | None:
        """Which folder output/ is (each build swaps a new one in)."""
        try:
            found = self.output.stat() if self.output is not None else None
        except FileNotFoundError:
            return None
        return (found.st_dev, found.st_ino) if found is not None else None

    def replaced_by_another(self) -> bool:
        """Whether another build (make publish, make html) replaced output/
        since the preview's last build: the preview never writes over it,
        so that the live site's build is never mixed with the preview's
        (drafts and all) on its way to the host."""
        return self.built is not None and self.output_folder() != self.built

    def build(self, changed: list[str] | None = None) -> int:
        if self.replaced_by_another():
            print(
                f"error: {self.output.name}/ was replaced by another build (make publish or make html) while the "
                "preview was running, so the preview does not write over it; stop the preview (Ctrl+C) and start it "
                "again to go on previewing",
                file=sys.stderr,
                flush=True,
            )
            return 1
        status = self.build_now(changed)
        self.built = self.output_folder()
        return status

    def build_now(self, changed: list[str] | None) -> int:
        print(f"{time.strftime('%H:%M:%S')} Building the preview...", flush=True)
        started = time.perf_counter()
        answer = self.ask({"changed": changed}) if changed else None
        if answer is None or "rebuild" in answer:
            if answer is not None:
                logging.getLogger(__name__).debug("full build: %s", answer["rebuild"])
            self.stop()
            # A process group of its own: the terminal's Ctrl+C is the
            # server's, which then stops the builder itself (stop()).
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                process_group=0,
            )
            answer = self.read()
        if answer is None:
            print("error: the preview could not be built; see the messages above.", file=sys.stderr, flush=True)
            self.problems = [NOT_BUILT]
            self.stop()
            return 1
        self.problems = list(answer.get("problems") or [])
        if int(answer.get("status", 1)) != 0 and not self.problems:
            self.problems = [NOT_BUILT]
        if self.stats is not None:
            with self.stats.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps({**answer, "wall": time.perf_counter() - started}) + "\n")
        return int(answer.get("status", 1))

    def ask(self, command: dict) -> dict | None:
        if self.process is None or self.process.poll() is not None:
            return None
        try:
            self.process.stdin.write(json.dumps(command) + "\n")
            self.process.stdin.flush()
        except OSError:
            return None
        return self.read()

    def read(self) -> dict | None:
        line = self.process.stdout.readline()
        try:
            return json.loads(line) if line else None
        except ValueError:
            return None

    def stop(self, wait: float = 120) -> None:
        """Closing its input ends the process after the build it is in;
        when that takes longer than `wait` seconds, it is told to stop
        (SIGTERM: the build is abandoned and its temporary folder removed,
        the last good site left as it was)."""
        process = self.process
        if process is None:
            return
        try:
            with contextlib.suppress(OSError):
                process.stdin.close()
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                terminate(process, 30)
        finally:
            if process.poll() is None:  # interrupted while waiting: at once
                process.terminate()
            else:
                self.process = None


# The only names the preview answers to. A page on any other site can
# point its own name at 127.0.0.1 (DNS rebinding) and then read the
# preview, drafts and all, as if it were that site: its requests carry
# that name in Host (and in Origin), so anything else is refused.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def answered_hosts(bound: str) -> frozenset[str]:
    """The local names, and the address the preview was bound to when it
    is a fixed one (make devserver SERVER=192.168.1.20: an address, unlike
    a name, cannot be pointed elsewhere)."""
    names = set(LOCAL_HOSTS)
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(bound)
        if not address.is_unspecified:
            names.add(address.compressed)
    return frozenset(names)


def local_address(value: str, hosts: frozenset[str], port: int, *, scheme: str = "") -> bool:
    """Whether a Host header (`scheme` empty) or an Origin (`scheme`
    "http") names this preview: one of `hosts`, on its port, nothing else."""
    try:
        parts = urlsplit(value if scheme else "//" + value)
        given_port = parts.port or 80
    except ValueError:
        return False
    return (
        parts.scheme == scheme
        and parts.hostname in hosts
        and given_port == port
        and not (parts.username or parts.password or parts.path or parts.query or parts.fragment)
    )


class LocalOnly:
    """Refuses, with 403, a request whose Host or Origin is not this
    preview's: for pages, files and the reload WebSocket alike."""

    def prepare(self):
        hosts, port = self.settings["preview_hosts"], self.settings["preview_port"]
        host = self.request.headers.get("Host", "")
        origin = self.request.headers.get("Origin")
        if not local_address(host, hosts, port) or (
            origin is not None and not local_address(origin, hosts, port, scheme="http")
        ):
            raise web.HTTPError(403)
        return super().prepare()


class LocalReloadHandler(LocalOnly, LiveReloadHandler):
    def check_origin(self, origin):
        # prepare() has checked it, with the Host, before the handshake.
        return True


class LocalForceReloadHandler(LocalOnly, ForceReloadHandler):
    pass


class LocalReloadJSHandler(LocalOnly, LiveReloadJSHandler):
    pass


class LocalStaticFileHandler(LocalOnly, StaticFileHandler):
    def set_extra_headers(self, path):
        # A page gains or loses the problems banner without changing itself:
        # the browser asks for it again each time rather than keep a copy.
        if (self.absolute_path or "").endswith((".html", ".htm")):
            self.set_header("Cache-Control", "no-cache")


# Said in the banner when the last build failed outright (the terminal says why).
NOT_BUILT = "the preview could not be built: the terminal says why. This is the last site that was built."
# The preview's own files (the banner's stylesheet), at an address no site page has.
OWN_FILES = Path(__file__).resolve().parent / "static"
OWN_PREFIX = "/_preview/"
BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
HEAD_END = b"</head>"


def problems_banner(problems: list[str]) -> bytes:
    """The banner of the build's problems (make check's lines), for the top
    of every previewed page: plain text, escaped, styled by the preview's
    own stylesheet (the site's policy allows no inline style)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
    return (
        '<section class="preview-problems" role="region" aria-labelledby="preview-problems-title">'
        f'<h2 id="preview-problems-title">{count} to fix before publishing</h2>'
        f"<ul>{items}</ul>"
        "<p>make check lists the same. This box is only in the preview, never on the live site; "
        "it goes when the files are fixed.</p></section>"
    ).encode()


def in_editor(path: str, editor: str) -> bool:
    """Whether a request is for the web editor's folder (/admin/): the
    editor saves files, which rebuilds the preview; reloading the editor's
    page then would lose what is being written."""
    return bool(editor) and (path == f"/{editor}" or path.startswith(f"/{editor}/"))


def application(
    root: Path, port: int, bound: str = "127.0.0.1", problems=lambda: [], editor: str = ""
) -> web.Application:
    """livereload's handlers, serving the built site, with the reload script
    added to every page as an external script and, while the last build
    has problems (`problems()`, make check's lines), a banner of them at the
    top of every page; answering only requests made to this preview by its
    local names (LocalOnly). Neither goes into the web editor's pages
    (`editor`, its folder), nor into any file in the site folder: they are
    added to the pages as they are sent."""
    script = f'<script src="/livereload.js?port={port}" defer></script>'.encode()
    sheet = f'<link rel="stylesheet" href="{OWN_PREFIX}problems.css">'.encode()

    class Injector(LiveScriptInjector):
        def __init__(self, request):
            super().__init__(request)
            self.skip = in_editor(request.path, editor)

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            if self.skip:
                return status_code, headers, chunk
            found = problems()
            added = 0
            if found and "html" in headers.get("Content-Type", "") and HEAD_END in chunk:
                body = BODY_START.search(chunk)
                if body:
                    banner = problems_banner(found)
                    chunk = chunk[: body.end()] + banner + chunk[body.end() :]
                    chunk = chunk.replace(HEAD_END, sheet + HEAD_END, 1)
                    added = len(banner) + len(sheet)
            if added and "Content-Length" in headers:
                headers["Content-Length"] = str(int(headers["Content-Length"]) + added)
            return super().transform_first_chunk(status_code, headers, chunk, finishing)

    Injector.script = script
    handlers = [
        (r"/livereload", LocalReloadHandler),
        (r"/forcereload", LocalForceReloadHandler),
        (r"/livereload.js", LocalReloadJSHandler),
        (rf"{OWN_PREFIX}(.*)", LocalStaticFileHandler, {"path": str(OWN_FILES)}),
        (r"/(.*)", LocalStaticFileHandler, {"path": str(root), "default_filename": "index.html"}),
    ]
    return web.Application(
        handlers=handlers, transforms=[Injector], preview_hosts=answered_hosts(bound), preview_port=port
    )


def run(args) -> int:
    """`python -m secretary preview`: make devserver."""
    settings_file = args.settings.resolve()
    output = args.output.resolve()
    settings = read_settings(str(settings_file))
    content = args.content.resolve() if args.content else Path(settings["PATH"]).resolve()
    # The builder imports this package and the plugins, wherever it is started from.
    paths = [str(Path(__file__).resolve().parents[2]), *settings.get("PLUGIN_PATHS", []), os.environ.get("PYTHONPATH")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    command = [sys.executable, "-m", "secretary", "preview-builder", "--settings", str(settings_file)]
    command += ["--output", str(output)]
    if args.content:
        command += ["--content", str(args.content.resolve())]
    builder = Builder(command, env, args.stats, output)
    args.editor = editor_folder(settings)

    # Quiet request logging; our own lines say what happens.
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    logging.getLogger("livereload").setLevel(logging.WARNING)

    watcher = SiteWatcher(watched_paths(settings_file, content), builder.build)
    # Listening before the first build, so a save made while it runs is seen.
    watcher.start_observer()
    status = 0
    try:
        status = serve(args, output, watcher, builder)
    except KeyboardInterrupt:  # Ctrl+C during the first build
        pass
    finally:
        shut_down(watcher, builder)
    if status == 0:
        print("\nPreview stopped.", flush=True)
    return status


def serve(args, output: Path, watcher: SiteWatcher, builder: Builder) -> int:
    LiveReloadHandler.watcher = watcher
    LiveReloadHandler.live_css = True
    try:
        application(output, args.port, args.host, problems=lambda: builder.problems, editor=args.editor).listen(
            args.port, address=args.host
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(
                f"error: port {args.port} is already in use (is another preview running?); "
                f"try make devserver PORT={args.port + 1}",
                file=sys.stderr,
            )
            return 1
        raise
    # Built once the port is ours: a second preview started by mistake
    # stops at once, without building over the first one's site.
    builder.build()

    def poll():
        path, _ = watcher.examine()
        if path:
            LiveReloadHandler.reload_waiters(path)

    ioloop.PeriodicCallback(poll, POLL_SECONDS * 1000).start()
    print(
        f"Preview at http://{args.host}:{args.port}/ : it rebuilds when you save and reloads your browser. "
        "Press Ctrl+C to stop.",
        flush=True,
    )
    loop = ioloop.IOLoop.current()
    # Ctrl+C raises KeyboardInterrupt; a plain `kill` stops just as cleanly.
    loop.asyncio_loop.add_signal_handler(signal.SIGTERM, loop.stop)
    with contextlib.suppress(KeyboardInterrupt):
        loop.start()
    return 0


def shut_down(watcher: SiteWatcher, builder: Builder) -> None:
    """The builder may finish the build it is in for STOP_SECONDS; Ctrl+C
    again stops it at once."""
    try:
        watcher.stop_observer()
        builder.stop(wait=STOP_SECONDS)
    except KeyboardInterrupt:
        with contextlib.suppress(KeyboardInterrupt):
            builder.stop(wait=0)
