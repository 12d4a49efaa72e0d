"""Apply an edit to the text of a bulletin or page without building the
site again: the preview server's fast path (secretary/preview.py).

A full build, even with everything else of this plugin, still reads every
cached file, works out the whole context, digests it and walks every page:
seconds on a site of thousands of bulletins, for a save that changed one
paragraph. The preview server keeps the last build's Pelican objects in
memory instead (Pelican has no such mode; livereload and `pelican -r`
rebuild everything), and when the secretary saves a bulletin or page:

1. the file is read again by the generator's own readers, with the same
   signals, then given the same treatment as in a build (care groups and
   champions attached, intersite links in the summary made); the rulebook's
   rules that a change of text can break are applied to it (a problem is a
   NeedsBuild, so the full build names it);
2. the new object must equal the one in memory in everything but its text
   (body and summary), by reuse.py's digest of what templates can see, and
   link to the same static files. Anything else (a new title, date, care
   group, status or file; a changed theme, plugin or setting) is a
   NeedsBuild: the caller builds the whole site instead. So the context,
   with its order, lists and neighbours, is exactly what a build would make,
   except for that text;
3. the text is put into the object in memory (the one every list, care
   group and neighbour refers to), and Pelican's memory of its rendered
   text forgotten (compat.private.take_text);
4. the pages and feeds that read that text in the last build (reuse.py
   tracks which texts each one read), and those it could not remember,
   are rendered again into a copy of the site, exactly as the writer
   renders them. A warning while doing so is a NeedsBuild too, so that the
   secretary sees every message as a full build would show it.

tests/site/test_preview.py compares the result, byte for byte, with a build
from nothing of the edited content."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from pathlib import Path

from pelican import signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import ArticlesGenerator, PagesGenerator

from compat import private
from compat.writer import SiteWriter

from . import reuse

logger = logging.getLogger(__name__)

# Attributes a build gives a bulletin after reading it, from the order of
# the bulletins alone (pelican.plugins.neighbors): the re-read object does
# not have them, and keeps the ones in memory, which cannot have changed
# since everything they are worked out from is checked equal.
SET_AFTER_READING = re.compile(r"^(next|prev)_article(_in_\w+)?$")
# Where each generator keeps its objects, and how they are read.
LISTS = {
    ArticlesGenerator: (
        ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations"),
        Article,
        signals.article_generator_preread,
        signals.article_generator_context,
    ),
    PagesGenerator: (
        ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations"),
        Page,
        signals.page_generator_preread,
        signals.page_generator_context,
    ),
}


class NeedsBuild(Exception):
    """The change cannot be applied in place; the message says why."""


class LiveSite:
    """The last build's generators and writer (reuse.ReusingWriter with
    `keep`), with what is needed to make any page or feed again."""

    def __init__(self, generators: list, writer: reuse.ReusingWriter, settings: dict):
        self.generators = generators
        self.writer = writer
        self.settings = settings
        if writer.pages is None or writer.memo.site is None:
            raise NeedsBuild("the last build did not keep its pages (FAST_BUILD reuse_output is off)")
        self.care_groups = next((g for g in generators if hasattr(g, "attach")), None)
        self._sources: dict[str, list] | None = None

    @staticmethod
    def capture():
        """Before a build: make its writer and generators kept. Returns a
        function that, after the build, gives the LiveSite (or raises
        NeedsBuild when the build did not keep them)."""
        seen: list = []

        def remember(generators):
            seen[:] = list(generators)

        signals.all_generators_finalized.connect(remember, weak=False)
        reuse.ReusingWriter.keep = True
        reuse.ReusingWriter.kept = None

        def finish() -> LiveSite:
            signals.all_generators_finalized.disconnect(remember)
            reuse.ReusingWriter.keep = False
            writer, reuse.ReusingWriter.kept = reuse.ReusingWriter.kept, None
            if writer is None or not seen:
                raise NeedsBuild("the last build kept nothing")
            return LiveSite(seen, writer, writer.settings)

        return finish

    # -- 1 and 2: read again and compare ------------------------------------------

    def find(self, path: Path):
        """The generator and the object in memory made from `path`."""
        if self._sources is None:
            # The same file however its path is spelt (a symbolic link on
            # the way to the project, say). The lists never change here: any
            # change to them is a NeedsBuild.
            self._sources = {}
            for generator in self.generators:
                for kind, (lists, *_) in LISTS.items():
                    if not isinstance(generator, kind):
                        continue
                    for name in lists:
                        for content in getattr(generator, name, []):
                            key = os.path.realpath(content.source_path)
                            self._sources.setdefault(key, []).append((generator, kind, content))
        found = self._sources.get(os.path.realpath(path), [])
        if len(found) != 1:
            raise NeedsBuild(f"{path} is not the file of one bulletin or page of the last build")
        return found[0]

    def read_again(self, generator, kind, old):
        _, content_class, preread, context_signal = LISTS[kind]
        relative = os.path.relpath(old.source_path, generator.path)
        try:
            new = generator.readers.read_file(
                base_path=generator.path,
                path=relative,
                content_class=content_class,
                context=generator.context,
                preread_signal=preread,
                preread_sender=generator,
                context_signal=context_signal,
                context_sender=generator,
            )
        except Exception as error:  # noqa: BLE001 - the full build reports it in the secretary's words
            raise NeedsBuild(f"{relative} could not be read: {error}") from None
        if isinstance(new, SkipStub) or not new.is_valid():
            raise NeedsBuild(f"{relative} is not a valid bulletin or page now")
        if self.care_groups is not None and any(old in generator.context.get(n, ()) for n in ("articles", "drafts")):
            self.care_groups.attach(new)
        new.refresh_metadata_intersite_links()
        return new

    @staticmethod
    def same_but_text(old, new) -> None:
        """Raises NeedsBuild unless `new` shows the same as `old` but for its text."""
        digester = reuse.Digester()
        before, after = private.shown_attributes(old), private.shown_attributes(new)
        for key in sorted(set(before) | set(after)):
            if key not in after and SET_AFTER_READING.match(key):
                continue
            if key == "contacts_as_read":
                continue  # the text as read before caregroups hid its contacts: text, which may change here
            if key not in before or key not in after:
                raise NeedsBuild(f"{old.source_path}: {key} appeared or went")
            shown = [before[key], after[key]]
            if key == "metadata":
                shown = [{k: v for k, v in m.items() if k != "summary"} for m in shown]
            try:
                if digester.value(shown[0], inside=True) != digester.value(shown[1], inside=True):
                    raise NeedsBuild(f"{old.source_path}: {key} changed")
            except reuse.Unhashable:
                raise NeedsBuild(f"{old.source_path}: {key} cannot be compared") from None
        if old.get_static_links() != new.get_static_links():
            raise NeedsBuild(f"{old.source_path}: links to other files changed")

    def keeps_the_rules(self, kind, new) -> None:
        """Raises NeedsBuild when the new text breaks a rule of the rulebook
        (a mailto: link, the example line of make newpost): the full build
        that follows names it, as make check does."""
        from rulebook.book import BULLETIN, PAGE
        from rulebook.plugin import edit_problems

        problems = edit_problems(self.generators, BULLETIN if kind is ArticlesGenerator else PAGE, new)
        if problems:
            raise NeedsBuild(f"{new.source_path}: the change breaks a rule ({problems[0].message})")

    # -- 3 and 4: take the text, render what showed it ---------------------------

    def showing(self, sources: set[str]) -> tuple[list[str], list[str]]:
        """The pages and feeds that read one of these texts in the last
        build, or that it did not remember (so may show anything)."""

        def wanted(name):
            entry = self.writer.memo.new.get(name)
            return entry is None or any(source in sources for source, _ in entry.texts)

        return sorted(filter(wanted, self.writer.pages)), sorted(filter(wanted, self.writer.feeds))

    def apply(self, changed: list[Path], into: Path) -> int:
        """Put the new text of each changed file into the site in memory,
        and write every page and feed that shows it into `into` (a copy of
        the last good site, hard links that are replaced, never written
        through). Returns how many files were written. Raises NeedsBuild,
        having changed nothing in `into`, when the change is not just text;
        from a NeedsBuild after the text was taken (a warning) the objects
        in memory are no longer the site's: the caller must build anew."""
        counter = reuse.WarningCount()
        logging.getLogger().addHandler(counter)
        private.watch_text_reads(self.writer.text_reads.note)
        try:
            edits = []
            for path in changed:
                generator, kind, old = self.find(path)
                new = self.read_again(generator, kind, old)
                self.same_but_text(old, new)
                self.keeps_the_rules(kind, new)
                edits.append((old, new))
            if counter.count:
                raise NeedsBuild("reading the change logged a warning")
            for old, new in edits:
                private.take_text(old, new)
            pages, feeds = self.showing({old.source_path for old, _ in edits})
            digester = reuse.Digester()
            for name in pages:
                self.render_page(name, into, counter, digester)
            for name in feeds:
                self.render_feed(name, into, counter, digester)
            if counter.count:
                raise NeedsBuild("rendering the change logged a warning")
            return len(pages) + len(feeds)
        finally:
            private.stop_watching_text_reads()
            logging.getLogger().removeHandler(counter)

    @staticmethod
    def _fresh(into: Path, name: str) -> Path:
        path = into / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # a hard link to the last good site's file
        return path

    def render_page(self, name: str, into: Path, counter, digester) -> None:
        job = dataclasses.replace(self.writer.pages[name], path=str(self._fresh(into, name)))
        texts = reuse.render_job(job, counter, digester, self.writer.text_reads)
        self._remember(name, job.key, texts, job.path)

    def render_feed(self, name: str, into: Path, counter, digester) -> None:
        elements, context, arguments = self.writer.feeds[name]
        self._fresh(into, name)
        entry = self.writer.memo.new.get(name)
        warnings = counter.count
        writer = SiteWriter(str(into), settings=self.settings)
        writer.site_context = self.writer.site_context  # the links in summaries, as in the build
        with self.writer.text_reads.reading() as read:
            writer.write_feed(elements, context, *arguments)
        key = entry.key if entry is not None else None
        self._remember(name, key, reuse.texts_read(key, counter.count != warnings, read, digester), into / name)

    def _remember(self, name, key, texts, path) -> None:
        memo = self.writer.memo
        if key is not None and texts is not None:
            memo.remember(name, key, texts, path)
        else:
            memo.new.pop(name, None)

    def save(self) -> None:
        """Keep the page memo and the readers' caches on disk, for the next build."""
        self.writer.memo.save()
        for generator in self.generators:
            readers = getattr(generator, "readers", None)
            if readers is not None and hasattr(readers, "save_cache"):
                readers.save_cache()
