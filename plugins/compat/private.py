"""Every use of a private Pelican name, in one module.

Pelican has no public way to do what these functions do; each line that
touches a private name is marked `# noqa: SLF001` with why (ruff's SLF001
is on everywhere, and finds any such touch outside this module). Where ruff
cannot see the touch (a private attribute named in a string, one of
Pelican's methods replaced for the length of a build), the line says so in
a comment and the function's docstring says why. They were
tested on the Pelican versions in TESTED_PELICAN (the byte-for-byte site
tests). On another version `tested()` is False: the speed-ups that depend
on them switch off (fastbuild's `initialized`); what the site needs
(hiding contact details in a bulletin's text, reading metadata as plain
text) carries on, covered by its own tests."""

from __future__ import annotations

import logging
import os
from collections import defaultdict

import pelican
from pelican.contents import Content, Static
from pelican.log import LimitFilter
from pelican.writers import FileOverwriteFailedError, Writer

# Pelican's writer logs its bookkeeping under its own name (note_output says it alike).
WRITER_LOG = logging.getLogger("pelican.writers")
TESTED_PELICAN = ("4.12.0",)
PELICAN_VERSION = pelican.__version__


def tested() -> bool:
    return PELICAN_VERSION in TESTED_PELICAN


# -- a bulletin's or page's text ------------------------------------------------------


def body_of(content) -> str:
    """The text as read, before Pelican's links are made (`content` would make them)."""
    return content._content or ""  # noqa: SLF001 - no public getter for the text as read


def set_body(content, html: str) -> None:
    """Replace the text as read (contact details hidden, for one)."""
    content._content = html  # noqa: SLF001 - no public setter; Pelican renders from this attribute


def set_summary(content, summary: str) -> None:
    """Replace the Summary line as read (contact details left out): Pelican
    prints `_summary` over the metadata, and its `summary` setter does nothing."""
    content._summary = summary  # noqa: SLF001 - the summary Pelican prints; no public setter
    content.metadata["summary"] = summary


def text_as_read(content) -> tuple:
    """Everything `.content` and `.summary` are made from but the addresses
    of pages: the body as read, the Summary line, and the summary a plugin
    may have set."""
    summary_line = content.metadata.get("summary") if isinstance(content.metadata, dict) else None
    summary_set = content._summary if "_summary" in vars(content) else None  # noqa: SLF001 - a plugin's summary
    return body_of(content), summary_line, summary_set


# Attributes that are not what a content object or URL wrapper shows: the
# settings, the context every object shares, and the text (text_as_read).
NOT_SHOWN = frozenset({"settings", "_context", "_content", "_summary"})


def shown_attributes(item) -> dict:
    """What a bulletin, page or URL wrapper holds that a template may show:
    every attribute (Pelican's own private ones too: `_status`) but NOT_SHOWN."""
    return {name: value for name, value in vars(item).items() if name not in NOT_SHOWN}  # private ones too


def take_text(old, new) -> None:
    """Give `old` the text `new` was read with (the same file read again):
    its body, its summary, and no memory of the text made from the old."""
    old._content = new._content  # noqa: SLF001 - no public setter; Pelican renders from this attribute
    if "_summary" in vars(new):
        old._summary = new._summary  # noqa: SLF001 - the summary a plugin set, as read again
    else:
        vars(old).pop("_summary", None)  # private, by name: no summary set on the file read again
    if "summary" in new.metadata:
        old.metadata["summary"] = new.metadata["summary"]
    else:
        old.metadata.pop("summary", None)
    forget_text(old)


# Pelican's own get_content and get_summary (memoized: each result kept for
# the life of the process), as this module found them. Looked up with
# .get: on a Pelican that has moved them this module still imports (the
# speed-ups that use them are off there; the site's writer and the
# care-groups plugin, which import this module, carry on).
TEXT_METHODS = {name: vars(Content).get(name) for name in ("get_content", "get_summary")}


def watch_text_reads(on_read) -> None:
    """From now on call `on_read(content)` each time a bulletin's or page's
    `.content` or `.summary` is asked for (Pelican has no signal for it),
    until stop_watching_text_reads(). The methods put on Content call
    Pelican's own and do nothing else."""

    def watched(original):
        def method(self, *args):
            on_read(self)
            return original.__get__(self, type(self))(*args)

        return method

    for name, original in TEXT_METHODS.items():
        setattr(Content, name, watched(original))  # Pelican's method replaced until stop_watching_text_reads


def stop_watching_text_reads() -> None:
    for name, original in TEXT_METHODS.items():
        setattr(Content, name, original)


def forget_text(content) -> None:
    """Forget what Pelican kept of this object's `.content` and `.summary`
    (memoized by the object and a site address), when its text is replaced."""
    for method in TEXT_METHODS.values():
        for key in [key for key in method.cache if key and key[0] is content]:
            del method.cache[key]


# Pelican's own get_url_setting (behind `url`, `save_as` and their draft and
# translation forms), as this module found it.
URL_METHOD = vars(Content).get("get_url_setting")


def remember_urls() -> None:
    """From now on work out each bulletin's and page's URL settings once:
    Pelican formats them from its metadata again on every use (a list page
    asks for each bulletin's `url` several times), until forget_urls(). Call
    it once every value they are made from is settled (once the generators
    have finished). The status and slug are part of the key all the same; a
    static file's address can still change while pages render (an
    `{attach}` link moves it), so it is never remembered."""
    kept: dict = {}

    def get_url_setting(self, key):
        if isinstance(self, Static):
            return URL_METHOD(self, key)
        memo_key = (id(self), key, self.status, getattr(self, "slug", None))
        found = kept.get(memo_key)
        if found is None:
            found = kept[memo_key] = (self, URL_METHOD(self, key))  # the object kept: no id is reused
        return found[1]

    Content.get_url_setting = get_url_setting  # Pelican's method replaced until forget_urls


def forget_urls() -> None:
    Content.get_url_setting = URL_METHOD


# -- reading Markdown -------------------------------------------------------------------


def parse_markdown_metadata(reader, meta: dict, md, source_path) -> dict:
    """A Markdown file's raw `Key: value` lines as Pelican's MarkdownReader
    parses them (lists, a field given twice, formatted fields converted by
    `md`): only its private _parse_metadata does, reading the Markdown
    instance and the file's name from two private attributes."""
    reader._md = md  # noqa: SLF001 - the instance _parse_metadata converts formatted fields with
    reader._source_path = source_path  # noqa: SLF001 - the file its warning about a field given twice names
    return reader._parse_metadata(meta)  # noqa: SLF001 - no public way to parse the metadata lines


# -- the writer -------------------------------------------------------------------------


def open_files_through(writer: Writer, opener) -> None:
    """Pelican's writer opens every page and feed it writes through its
    private _open_w, after its check that no two write one file: call
    `opener(filename, encoding, override)` instead, for this writer. The
    opener hands the file on to open_output."""
    writer._open_w = opener  # noqa: SLF001 - the one moment a page's or feed's file is opened


def open_output(writer: Writer, filename, encoding, override=False):
    """Pelican's own opening of an output file (its bookkeeping, then open)."""
    return Writer._open_w(writer, filename, encoding, override)  # noqa: SLF001 - see open_files_through


def note_output(writer: Writer, filename, override=False) -> str:
    """Pelican's bookkeeping of an output file, as its _open_w does it
    (Pelican 4.12.0, TESTED_PELICAN), without opening the file: the check that
    no two pages write one file, and which of two wins. Returns the file
    Pelican would open: `filename`, or os.devnull for a write it skips. For a
    page whose text a worker writes later (fastbuild's parallel_write), which
    creates the file then: created here too, and empty, it cost the build's
    own process a file creation per page. tests/site/test_fastbuild.py holds
    it to _open_w."""
    if filename in writer._overridden_files:  # noqa: SLF001 - _open_w's record of the files taken over
        if override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
            )
        WRITER_LOG.info('Skipping "%s", not overwriting', filename)
        filename = os.devnull
    elif filename in writer._written_files:  # noqa: SLF001 - _open_w's record of the files written
        if override:
            WRITER_LOG.info('Overwriting "%s"', filename)
        else:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
    if override:
        writer._overridden_files.add(filename)  # noqa: SLF001 - as _open_w records it
    writer._written_files.add(filename)  # noqa: SLF001 - as _open_w records it
    return filename


def sent_to_devnull(writer: Writer, filename) -> bool:
    """True when Pelican will write `filename` to os.devnull instead: a page
    saved over it (`Save_as` with override) was written first."""
    return filename in writer._overridden_files  # noqa: SLF001 - no public record of the files taken over


# -- Pelican's log filter -----------------------------------------------------------------


def reset_log_filter() -> None:
    """Pelican drops repeated identical log messages for the whole process;
    a new build in the same process (a test, the preview's builder) must
    show its own warnings again."""
    LimitFilter._ignore = set()  # noqa: SLF001 - the filter keeps these as class state
    LimitFilter._raised_messages = set()  # noqa: SLF001
    LimitFilter._group_count = defaultdict(int)  # noqa: SLF001


# -- pelican-sitemap ------------------------------------------------------------------------


def forget_unfinished_sitemap() -> None:
    """pelican-sitemap (tested on 1.2.x) keeps the Pelican it writes for in a
    module-level generator, and forgets it only when that build finishes:
    after a build that failed (a broken template while previewing), every
    later build in the same process would write no sitemap. Called as each
    build starts (compat's initialized receiver, before the sitemap's own)."""
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:
        return
    generator = getattr(sitemap, "generator", None)
    if generator is not None and hasattr(generator, "_main_pelican"):
        generator._main_pelican = None  # noqa: SLF001 - the plugin's own reset, as its finalize does
        generator.page_queue = []
