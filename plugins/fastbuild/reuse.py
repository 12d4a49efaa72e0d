"""Keep the pages an edit cannot have changed (FAST_BUILD["reuse_output"]).

Pelican's content cache spares the reading of unchanged files, but every
build still renders and writes every page: after one edit to one bulletin
of thousands, the preview renders thousands of pages to change a dozen. No
Pelican setting or plugin renders only what changed, hence this module.

Each page rendered is remembered with a key and the file it made:

- the key is a digest of what the page's template can see: the theme, the
  plugins and the library versions; the whole context *without the text of
  any bulletin or page* (titles, dates, URLs, care groups, champions, tags,
  settings...); and the values given to this page alone (its bulletin, its
  slice of a list, its web address);
- the text of a bulletin or page (its body and summary) is tracked while the
  page renders: each one the template read is remembered with a digest of
  its text.

On the next build a page whose key and tracked texts are unchanged, and
whose file in the last good site is still the one remembered (same inode,
size and modification time), is not rendered: that file is hard-linked
into the new site (or, when Pelican writes in place, its text is written
again). Anything that cannot be
put in a key (an object of an unknown kind) is rendered as usual; a page
that logged a warning while rendering is rendered again every time, so
that the warning is never lost. Publishing never reuses anything
(publishconf.py switches this off): it builds every page from scratch.

Feeds are kept the same way: the key holds the bulletins the feed lists,
its address and title and the code of every feed_generated receiver (which
may rewrite a feed); the texts it read are tracked. An empty feed is always
written again (the publishing plugin dates it at the build time).

The writer is the site's (compat.writer.SiteWriter: the links in
summaries made from each page's own address), which this one extends; the
compat plugin gives it to Pelican when fastbuild names it in SITE_WRITER.
Which texts a page reads is learnt by watching Pelican's get_content and
get_summary while it renders (compat.private.watch_text_reads), and
Pelican's opening of each file is where a page is linked, deferred or
remembered (compat.private.open_files_through).

tests/site/test_fastbuild.py edits a site in many ways and compares each
rebuild, byte for byte, with a build from nothing."""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import io
import logging
import os
import pickle
import re
import shutil
import sys
import types
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path, PurePath

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join

from compat import private
from compat.writer import SiteWriter, feed_site_url, show_links_from

from . import beside
from .parallelwrite import Job, render_all, worker_count

logger = logging.getLogger(__name__)

VERSION = 2
MEMO_FILE = "fastbuild-pages.pickle"
# Setting naming the folder that holds the last good site, when the build
# writes elsewhere (secretary.build builds beside output/ and swaps it in).
PREVIOUS_OUTPUT = "FAST_BUILD_PREVIOUS_OUTPUT"
LIBRARIES = ("pelican", "jinja2", "markdown", "typogrify", "smartypants", "markupsafe", "feedgenerator")
# Settings no page shows: which speed-ups are on changes no byte of the site
# (tests/site/test_fastbuild.py), so switching one keeps the remembered pages.
NOT_SHOWN = frozenset({"FAST_BUILD", "SITE_WRITER", "TYPOGRIFY_IN_READER"})


class Unhashable(Exception):
    """A value of a kind this module cannot digest: the page is rendered."""


def _digest(*parts: bytes) -> bytes:
    """One digest of several byte strings, each prefixed by its length."""
    return hashlib.blake2b(b"".join(len(part).to_bytes(8, "little") + part for part in parts), digest_size=20).digest()


# --- tracking which texts a page reads ---------------------------------------------


class TextReads:
    """The bulletins and pages whose text (`.content`, `.summary`) is read
    while a page or feed is made. One per writer: `note` is what
    compat.private.watch_text_reads calls while the writer is at work."""

    def __init__(self):
        self.current: set | None = None

    def note(self, content) -> None:
        if self.current is not None:
            self.current.add(content)

    @contextlib.contextmanager
    def reading(self):
        """The texts read while the block runs, gathered in the set it gives."""
        outer, self.current = self.current, set()
        try:
            yield self.current
        finally:
            self.current = outer


def text_digest(content: Content) -> bytes:
    """What `.content` and `.summary` are made from (besides the site URL,
    which is in the page's key, and other pages' URLs, in the site's)."""
    body, summary_line, summary_set = private.text_as_read(content)
    return _digest(str(body).encode(), repr(summary_line).encode(), repr(summary_set).encode())


# --- digests of what templates can see -----------------------------------------


class Digester:
    """Stable digests of context values. A content object is digested
    without its text, and a URL wrapper (category, tag, care group,
    champion) with everything it holds; where one of them refers to
    another (a bulletin's tags, its next bulletin), only a reference is
    taken, since the other is digested in its own right wherever it sits
    in the context. Digests are kept per object for the build, with the
    object itself, so that no id is reused."""

    def __init__(self):
        # (id, inside) or (id, "text") -> (the object, its digest)
        self._kept: dict[tuple[int, bool | str], tuple[object, bytes]] = {}
        self.contents: dict[str, Content] = {}

    def __call__(self, value) -> bytes:
        return self.value(value, inside=False)

    def _remember(self, value, inside: bool | str, make) -> bytes:
        kept = self._kept.get((id(value), inside))
        if kept is not None and kept[0] is value:
            return kept[1]
        result = make()
        self._kept[(id(value), inside)] = (value, result)
        return result

    def value(self, value, inside: bool) -> bytes:  # noqa: PLR0911 - one branch per kind
        if value is None or isinstance(value, (bool, int, float)):
            return repr(value).encode()
        if isinstance(value, str):  # Markup too: its text is what shows
            return b"s" + value.encode("utf-8", "surrogatepass")
        if isinstance(value, bytes):
            return b"b" + value
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            return f"{type(value).__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}".encode()
        if isinstance(value, (datetime.tzinfo, PurePath, re.Pattern)):
            return f"{type(value).__name__}:{value}".encode()
        if isinstance(value, Content):
            if inside:
                return b"ref:" + self.reference(value)
            return self._remember(value, False, lambda: self.content(value))
        if isinstance(value, URLWrapper):
            if inside:
                return f"w:{type(value).__name__}:{value.name}:{value.slug}".encode()
            return self._remember(value, False, lambda: self.wrapper(value))
        if isinstance(value, (list, tuple)):
            return self._remember(value, inside, lambda: self.sequence(value, inside))
        if isinstance(value, (set, frozenset)):
            return _digest(b"set", *sorted(self.value(item, inside) for item in value))
        if isinstance(value, dict):
            return self._remember(value, inside, lambda: self.mapping(value, inside))
        if isinstance(value, Page):
            return self.page(value)
        if isinstance(value, Paginator):
            return self._remember(value, False, lambda: self.paginator(value))
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, functools.partial)):
            return self.function(value)
        if isinstance(value, type):
            return f"{value.__module__}.{value.__qualname__}".encode()
        if isinstance(value, types.ModuleType):
            return f"module:{value.__name__}".encode()
        raise Unhashable(type(value).__qualname__)

    def reference(self, content: Content) -> bytes:
        return f"{type(content).__name__}:{content.source_path}".encode()

    def text(self, content: Content) -> bytes:
        return self._remember(content, "text", lambda: text_digest(content))

    def content(self, content: Content) -> bytes:
        if content.source_path:
            self.contents.setdefault(content.source_path, content)
        parts = [type(content).__name__.encode()]
        for key, item in sorted(private.shown_attributes(content).items()):
            shown = item
            if key == "metadata" and isinstance(item, dict):
                # The summary is text, tracked with the body.
                shown = {k: v for k, v in item.items() if k != "summary"}
            parts.append(key.encode() + b"=" + self.value(shown, inside=True))
        parts.append(b"url=" + self.value(content.url, True) + b"save_as=" + self.value(content.save_as, True))
        return _digest(*parts)

    def wrapper(self, wrapper: URLWrapper) -> bytes:
        parts = [type(wrapper).__name__.encode(), self.value(wrapper.url, True), self.value(wrapper.save_as, True)]
        for key, item in sorted(private.shown_attributes(wrapper).items()):
            # A wrapper's own file (a care group's page) is digested whole
            # here (its text tracked like any other); what it lists, by reference.
            parts.append(key.encode() + b"=" + self.value(item, inside=not isinstance(item, Content)))
        return _digest(*parts)

    def sequence(self, items, inside: bool) -> bytes:
        return _digest(type(items).__name__.encode(), *(self.value(item, inside) for item in items))

    def mapping(self, items: dict, inside: bool) -> bytes:
        return _digest(
            b"dict", *sorted(_digest(self.value(k, inside), self.value(v, inside)) for k, v in items.items())
        )

    def page(self, page: Page) -> bytes:
        # Its slice, URL and file name follow from these and the settings.
        return _digest(b"page", self.value(page.number, False), self.value(page.paginator, False))

    def paginator(self, paginator: Paginator) -> bytes:
        return _digest(
            b"paginator",
            self.value(paginator.name, False),
            self.value(paginator.url, False),
            self.value(paginator.per_page, False),
            self.value(paginator.orphans, False),
            self.value(paginator.object_list, False),
        )

    def function(self, function) -> bytes:
        if isinstance(function, functools.partial):
            return _digest(
                b"partial",
                self.function(function.func),
                self.value(function.args, True),
                self.value(function.keywords, True),
            )
        if isinstance(function, types.MethodType):
            return _digest(b"method", self.function(function.__func__), type(function.__self__).__qualname__.encode())
        name = f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', function)}".encode()
        code = getattr(function, "__code__", None)
        if code is None:
            return name
        return _digest(name, code_digest(code))


def code_digest(code: types.CodeType) -> bytes:
    """A function's code, its nested functions' too (their reprs hold addresses)."""
    consts = [code_digest(c) if isinstance(c, types.CodeType) else repr(c).encode() for c in code.co_consts]
    return _digest(code.co_code, *consts)


def environment_digest(settings: dict) -> bytes:
    """The theme, our plugins' code and the libraries' versions."""
    parts = [str(VERSION).encode(), sys.version.encode()]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}={importlib_metadata.version(name)}".encode())
        except importlib_metadata.PackageNotFoundError:
            parts.append(f"{name}=none".encode())
    folders = [settings.get("THEME", ""), *settings.get("PLUGIN_PATHS", [])]
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                parts.append(str(path.relative_to(root)).encode() + _digest(path.read_bytes()))
    return _digest(*parts)


# --- the memo of pages ----------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: bytes
    texts: tuple[tuple[str, bytes], ...]  # (source path, text digest) read while rendering
    file: tuple[int, int, int]  # the file written: inode, size, modification time


def file_signature(path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)  # noqa: PTH116 - one call, three fields
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class PageMemo:
    """The pages of the last build and of this one, by output file name."""

    def __init__(self, settings: dict, output_path: str):
        self.settings = settings
        self.path = Path(settings.get("CACHE_PATH", "cache")) / MEMO_FILE
        self.output = Path(output_path)
        self.previous = Path(settings.get(PREVIOUS_OUTPUT) or output_path)
        # Building beside the last good site: its unchanged pages are
        # hard-linked into the new one (never written to: see OutputFile).
        self.linking = self.previous.resolve() != self.output.resolve()
        # The memo lives with Pelican's content cache and follows its switches.
        # The writer serves parallel_write alone too: then nothing is kept.
        self.reusing = bool(settings.get("FAST_BUILD", {}).get("reuse_output"))
        self.saving = self.reusing and bool(settings.get("CACHE_CONTENT"))
        self.old: dict[str, Entry] = self._load() if self.reusing and settings.get("LOAD_CONTENT_CACHE") else {}
        self.new: dict[str, Entry] = {}
        self.digester = Digester()
        self.snapshot: dict | None = None
        self.snapshot_source: dict | None = None
        self.site: bytes | None = None
        self.reused = 0
        self.rendered = 0

    def _load(self) -> dict[str, Entry]:
        try:
            with self.path.open("rb") as handle:
                version, entries = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            # ImportError: a memo from an older version of the plugin names a module since removed.
            return {}
        return entries if version == VERSION and isinstance(entries, dict) else {}

    def save(self) -> None:
        if not self.saving:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump((VERSION, self.new), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(self.path)

    def take_snapshot(self, context: dict) -> None:
        """The whole context without any text, digested once per build:
        the first page is written after every generator has made its
        context, and the writers only copy it from then on."""
        if self.snapshot is not None:
            return
        self.snapshot = dict(context)
        self.snapshot_source = context
        if not self.reusing:
            return  # self.site stays None: no page has a key
        try:
            parts = [environment_digest(self.settings)]
            for key in sorted(self.snapshot):
                if key in NOT_SHOWN:
                    continue
                value = self.snapshot[key]
                if key == "OUTPUT_PATH":
                    # A fresh folder each build: the site is the one that replaces `previous`.
                    value = str(self.previous)
                parts.append(key.encode() + b"=" + self.digester(value))
            self.site = _digest(*parts)
        except Unhashable as error:
            logger.debug("reuse_output: the context holds a %s; every page is rendered", error)
            self.site = None

    def key(self, template, localcontext: dict) -> bytes | None:
        """The page's template and what it was given that the whole
        context does not hold (its bulletin, its slice, its address)."""
        if self.site is None:
            return None
        snapshot = self.snapshot
        missing = object()
        own = sorted(name for name, value in localcontext.items() if snapshot.get(name, missing) is not value)
        try:
            parts = [name.encode() + b"=" + self.digester(localcontext[name]) for name in own]
        except Unhashable as error:
            logger.debug("reuse_output: %s holds a %s; rendered", localcontext.get("output_file"), error)
            return None
        return _digest(self.site, str(template.name).encode(), *parts)

    def feed_key(self, elements, context: dict, arguments: tuple) -> bytes | None:
        """A feed's key: what it lists and how, and what may rewrite it."""
        if self.site is None:
            return None
        try:
            parts = [self.digester(list(elements)), self.digester(arguments)]
            if context is not self.snapshot_source:
                parts.append(self.digester(context))
            parts.extend(self.digester.function(receiver) for receiver in signals.feed_generated.receivers_for(context))
        except Unhashable as error:
            logger.debug("reuse_output: a feed's context holds a %s; written", error)
            return None
        return _digest(self.site, b"feed", *parts)

    def remember(self, name: str, key: bytes, texts: tuple, path) -> None:
        """A file this build wrote, by its signature, for the next build."""
        signature = file_signature(path)
        if signature is not None:
            self.new[name] = Entry(key, texts, signature)

    def texts_unchanged(self, entry: Entry) -> bool:
        contents = self.digester.contents
        for source_path, digest in entry.texts:
            content = contents.get(source_path)
            if content is None or self.digester.text(content) != digest:
                return False
        return True

    def reusable(self, name: str, key: bytes | None) -> Entry | None:
        entry = self.old.get(name) if key is not None else None
        if entry is None or entry.key != key or not self.texts_unchanged(entry):
            return None
        if file_signature(self.previous / name) != entry.file:
            return None  # changed or removed since: render it
        return entry


class OutputFile(io.TextIOBase):
    """The file Pelican writes a page or feed to. For a reused one, the last
    good site's file is hard-linked in its place instead (a link, so that
    the old site is never written to: the new tree's file is unlinked first
    whenever Pelican writes it again). Each file written is remembered with
    its signature. A text stream, so that the feed writer's XML generator
    writes text to it, as to the file it stands for."""

    def __init__(self, handle, filename: str, pending, memo: PageMemo):
        super().__init__()
        self.handle = handle
        self.filename = filename
        self.pending = pending
        self.memo = memo

    def writable(self):
        return True

    def write(self, text):
        if self.pending[0] != "link":
            self.handle.write(text)
        return len(text)

    def close(self):
        if self.closed:
            return
        super().close()
        self.handle.close()
        if self.filename == os.devnull:
            return
        how, name, key, texts = self.pending
        if how == "link":
            os.unlink(self.filename)  # noqa: PTH108
            try:
                os.link(self.memo.previous / name, self.filename)
            except OSError:
                shutil.copy2(self.memo.previous / name, self.filename)
        if key is not None:
            self.memo.remember(name, key, texts, self.filename)


class RememberingTemplate:
    """Stands in for a Jinja template in Writer.write_file (inside the
    site writer's own stand-in, which has set the page's address)."""

    def __init__(self, template, writer: ReusingWriter, context: dict):
        self.template = template
        self.writer = writer
        self.context = context

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, localcontext):
        writer, memo = self.writer, self.writer.memo
        name = str(localcontext.get("output_file") or "")
        key = memo.key(self.template, localcontext) if name else None
        if name and writer.pages is not None and writer.written_here(name):
            writer.pages[name] = writer.job("", (None, name, key, self.template, localcontext, self.context))
        entry = memo.reusable(name, key)
        if entry is not None:
            memo.reused += 1
            if memo.linking:
                writer.pending = ("link", name, entry.key, entry.texts)
                return ""
            writer.pending = ("write", name, entry.key, entry.texts)
            return (memo.previous / name).read_text(encoding="utf-8")
        if writer.workers:
            # parallel_write: rendered with the others at the end (see open_file).
            writer.pending = ("defer", name, key, self.template, localcontext, self.context)
            return ""
        warnings = writer.warnings.count
        with writer.text_reads.reading() as read:
            text = self.template.render(localcontext)
        memo.rendered += 1
        texts = texts_read(key, writer.warnings.count != warnings, read, memo.digester)
        writer.pending = None if texts is None else ("write", name, key, texts)
        return text


def texts_read(key: bytes | None, warned: bool, read: set, digester: Digester) -> tuple | None:
    """The texts a page or feed read while it was made, to remember it by;
    None when it must not be remembered: it has no key, it warned (so that
    the warning shows on every build) or it read something without a file."""
    if key is None or warned or not all(c.source_path for c in read):
        return None
    return tuple(sorted((c.source_path, digester.text(c)) for c in read))


def render_job(job: Job, counter, digester: Digester, text_reads: TextReads) -> tuple | None:
    """Render and write a page noted by parallel_write, as Pelican's
    writer would have; returns the texts it read (for the memo), or None
    when it must not be remembered. `counter.count` counts warnings."""
    if job.localsiteurl:
        job.context["localsiteurl"] = job.localsiteurl
    show_links_from(job.site_context, job.localsiteurl)
    warnings = counter.count
    with text_reads.reading() as read:
        text = job.template.render(job.localcontext)
    if os.path.lexists(job.path):
        os.unlink(job.path)  # noqa: PTH108 - never write through a link to the last good site
    with open(job.path, "w", encoding="utf-8") as handle:  # noqa: PTH123 - as Pelican's writer opens it
        handle.write(text)
    return texts_read(job.key, counter.count != warnings, read, digester)


class WarningCount(logging.Handler):
    """Counts warnings, so that a page that warned is never reused."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


class ReusingWriter(SiteWriter):
    """The site's writer, rendering only the pages that may have changed
    (reuse_output) and the rest on every core (parallel_write)."""

    current: ReusingWriter | None = None
    # The preview server (live.py) keeps the last build's writer, with how
    # to make each page and feed again: set `keep` before the build.
    keep = False
    kept: ReusingWriter | None = None

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        private.open_files_through(self, self.open_file)
        self.memo = PageMemo(self.settings, output_path)
        self.text_reads = TextReads()
        if self.memo.reusing:
            # Only what reuse_output remembers pages by, and the preview's
            # fast path (live.py), needs to know which texts a page read.
            private.watch_text_reads(self.text_reads.note)
        self.pending = None
        self.workers = worker_count(self.settings)
        # By file: a page written over an earlier one replaces its job.
        self.jobs: dict[str, Job] = {}
        # With `keep`: each page (a Job without its path) and each feed (the
        # arguments of write_feed) by its name in the site.
        self.pages: dict[str, Job] | None = {} if ReusingWriter.keep else None
        self.feeds: dict[str, tuple] | None = {} if ReusingWriter.keep else None
        self.warnings = WarningCount()
        if ReusingWriter.current is not None:  # a build in this process that failed
            logging.getLogger().removeHandler(ReusingWriter.current.warnings)
        logging.getLogger().addHandler(self.warnings)
        ReusingWriter.current = self

    def write_file(self, name, template, context, *args, **kwargs):
        self.memo.take_snapshot(self.shared(context))
        try:
            return super().write_file(name, RememberingTemplate(template, self, context), context, *args, **kwargs)
        except BaseException as error:
            beside.stopped_by(error)  # the rules' warnings came before this, as without rules_beside
            raise

    def write_feed(  # noqa: PLR0917 - Pelican's signature
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        try:
            return self._write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        except BaseException as error:
            beside.stopped_by(error)  # the rules' warnings came before this, as without rules_beside
            raise

    def _write_feed(  # noqa: PLR0917 - Pelican's write_feed
        self, elements, context, path, url, feed_type, override_output, feed_title
    ):
        memo = self.memo
        if path and self.feeds is not None:
            self.feeds[PurePath(path).as_posix()] = (
                elements,
                context,
                (path, url, feed_type, override_output, feed_title),
            )
        memo.take_snapshot(self.shared(context))
        self.site_context["localsiteurl"] = feed_site_url(context, path)
        if not path or not elements or bool(signals.feed_written.receivers):
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        name = PurePath(path).as_posix()
        key = memo.feed_key(elements, context, (name, url, feed_type, override_output, feed_title))
        entry = memo.reusable(name, key)
        if entry is not None and memo.linking:
            memo.reused += 1
            complete = sanitised_join(self.output_path, path)
            Path(complete).parent.mkdir(parents=True, exist_ok=True)
            self.pending = ("link", name, entry.key, entry.texts)
            with self.open_file(complete, "utf-8", override_output):
                pass
            return None
        self.pending = ("feed", name, key, self.warnings.count)
        try:
            with self.text_reads.reading():  # feed_pending takes what it read
                return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        finally:
            self.pending = None
            memo.rendered += 1

    def feed_pending(self, pending):
        """The feed is made; it is about to be written: remember it with the
        texts it read, unless it warned or read something without a file."""
        _, name, key, warnings = pending
        read = self.text_reads.current or set()
        texts = texts_read(key, self.warnings.count != warnings, read, self.memo.digester)
        return None if texts is None else ("write", name, key, texts)

    def open_file(self, filename, encoding, override=False):
        """Where Pelican opens each page's and feed's file (after its check
        that no two write one file): written, linked, deferred or remembered
        as the page's render decided (`pending`)."""
        pending, self.pending = self.pending, None
        if pending is not None and pending[0] == "feed":
            pending = self.feed_pending(pending)
        # Pelican sends a second write to a file written with override to os.devnull.
        target = os.devnull if private.sent_to_devnull(self, filename) else filename
        if target != os.devnull:
            # A page that takes over a file written before (`Save_as` with
            # override) replaces it: what was noted for that file is dropped,
            # so the page written last wins, as in Pelican's own order.
            self.jobs.pop(target, None)
            if os.path.lexists(target):
                os.unlink(target)  # noqa: PTH108 - never write through a link to the last good site
        if pending is not None and pending[0] == "defer":
            # Pelican's bookkeeping for the file, without making it: its text
            # comes at flush, from a worker that makes the file then.
            if private.note_output(self, filename, override) != os.devnull:
                self.jobs[target] = self.job(target, pending)
            return io.StringIO()
        handle = private.open_output(self, filename, encoding, override)
        if pending is None:  # a feed, or a page not to remember
            return handle
        return OutputFile(handle, target, pending, self.memo)

    def written_here(self, name: str) -> bool:
        """False for a second write of a file a page took over (`Save_as`
        with override): Pelican sends that one to os.devnull."""
        return not private.sent_to_devnull(self, sanitised_join(self.output_path, name))

    def job(self, path: str, pending) -> Job:
        """A page for parallel_write to render, holding only what its local
        context does not share with every page's (the snapshot)."""
        _, name, key, template, localcontext, context = pending
        shared, missing = self.memo.snapshot, object()
        own = {k: v for k, v in localcontext.items() if shared.get(k, missing) is not v}
        lacks = tuple(k for k in shared if k not in localcontext)
        localsiteurl = localcontext["localsiteurl"]
        return Job(path, name, key, template, own, lacks, shared, context, localsiteurl, self.site_context)

    def flush(self) -> None:
        """Render every page noted by parallel_write (parallelwrite.py)."""
        jobs, self.jobs = list(self.jobs.values()), {}
        render = functools.partial(render_job, digester=self.memo.digester, text_reads=self.text_reads)
        results = render_all(jobs, self.workers, render, self.warnings)
        for job, texts in zip(jobs, results, strict=True):
            self.memo.rendered += 1
            if texts is not None:
                self.memo.remember(job.name, job.key, texts, job.path)

    def finish(self) -> None:
        try:
            self.flush()
        finally:
            private.stop_watching_text_reads()
            logging.getLogger().removeHandler(self.warnings)
        try:
            self.memo.save()
        except OSError as error:
            logger.debug("reuse_output: could not save %s: %s", self.memo.path, error)
        logger.debug("reuse_output: %d pages reused, %d rendered", self.memo.reused, self.memo.rendered)


def finished(pelican):
    """finalized receiver: render what parallel_write noted, and remember
    this build's pages for the next."""
    writer = ReusingWriter.current
    ReusingWriter.current = None
    if writer is not None:
        writer.finish()
        if ReusingWriter.keep:
            ReusingWriter.kept = writer
