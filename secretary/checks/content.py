"""Check every content file for the secretary's mistakes: `make check`.

Reads the files as Pelican reads them, without building the site, and
reports every problem at once, one line each:

    content/bulletins/x.md:3: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?

Exit status 1 when there is an error. A future-dated bulletin is reported
as scheduled, which is not an error. `make publish` runs the same checks
first and refuses to publish on any error, with the same messages.

Whatever Pelican decides, check asks Pelican: which files are read (a
generator's get_files, with the settings' paths and excludes and the
readers' extensions, once the plugins have set them), what each field says
(the safecontent reader, through Pelican's Readers), a bulletin's slug,
date and status (the content object Pelican makes). The care-group and
champion files are read by the caregroups plugin's own rules (rules.py),
and phone numbers and e-mail addresses found as the plugin finds them
(contacts.py), so the messages are the ones the build gives. What check
adds is the line each problem is on (source.py) and plain English."""

from __future__ import annotations

import contextlib
import copy
import datetime
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from events.model import Event
from pelican import Pelican, signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import Generator
from pelican.settings import read_settings
from rulebook import book
from rulebook.problem import Problem
from rulebook.rules.addresses import pelican_slug
from rulebook.rules.dates import date_field_problems
from rulebook.rules.essentials import MESSAGES, PLACEHOLDER, SCHEDULED, unreadable_dates
from rulebook.rules.files import linked_part, outside
from rulebook.source import NotUTF8, Source, one_reading, parse

from caregroups.model import Directory
from caregroups.rules import TermFile, Terms, read_terms, unreadable
from publishing import buildtime

from ..annotations import print_problems

ERROR = "error"
# Said by the rulebook (plugins/rulebook/rules/essentials.py); named here for
# the commands that print them.
__all__ = ["ERROR", "MESSAGES", "PLACEHOLDER", "SCHEDULED", "Checker", "check_site", "pelican_slug", "read_site"]


@dataclass
class Site:
    """The content folder, read once, as Pelican reads it."""

    root: Path
    settings: dict  # as the plugins left them (defaults, excludes, BUILD_TIME)
    now: datetime.datetime  # the build time, in the site's TIMEZONE
    readers: object = None  # Pelican's Readers, with the plugins' readers
    bulletins: list[Source] = field(default_factory=list)
    pages: list[Source] = field(default_factory=list)
    care_group_files: list[Source] = field(default_factory=list)
    champion_files: list[Source] = field(default_factory=list)
    event_files: list[Source] = field(default_factory=list)  # meetings (plugins/events)
    not_utf8: list[str] = field(default_factory=list)  # files Pelican cannot read as text
    terms: Terms | None = None

    @property
    def all_sources(self) -> list[Source]:
        return [*self.bulletins, *self.pages, *self.care_group_files, *self.champion_files, *self.event_files]

    @property
    def files(self) -> int:
        """How many files Pelican would read, those it cannot included."""
        return len(self.all_sources) + len(self.not_utf8)

    @property
    def today(self) -> datetime.date:
        """The build's date: the day that decides former champions."""
        return self.now.date()

    def reader(self, source: Source):
        """The reader Pelican reads this file with (by its extension)."""
        return self.readers.readers[PurePosixPath(source.rel).suffix[1:]]


@contextlib.contextmanager
def quietly():
    """Pelican's own messages while check reads (an image without alt text,
    an unknown status) are not for the secretary: check says each in its own
    words. And Pelican shows a message only once per process, so the build
    `make publish` runs after the check must be the first to log them."""
    before = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(before)


def read_with_pelican(site: Site, generator: Generator, source: Source, kind) -> None:
    """What Pelican's reader makes of one file, as its generator reads it
    (the plugins' receivers of the *_generator_context signal included);
    `source.read` stays None when Pelican cannot read it."""
    content_class, context_signal = kind
    try:
        read = site.readers.read_file(
            base_path=str(site.root),
            path=source.rel,
            content_class=content_class,
            context=generator.context,
            context_signal=context_signal,
            context_sender=generator,
        )
    except Exception as error:  # noqa: BLE001 - as Pelican's generators: the file is left out ("Could not process")
        source.unreadable = error
        return
    # Status: skip: Pelican leaves the file alone, and so do the checks of its fields.
    source.read = None if isinstance(read, SkipStub) else read


def read_site(settings: dict) -> Site:
    """Every file Pelican would read, read as Pelican reads it, without
    building anything. The build time is put into `settings` (BUILD_TIME)
    unless they carry one, so that the build `make publish` runs next, with
    these settings, decides by the same clock."""
    buildtime.settle(settings)
    # Pelican's plugins set their defaults (the care-group paths, which the
    # bulletins and pages then exclude) on a copy: the build makes its own.
    working = copy.deepcopy(settings)
    working.update(CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    with quietly():
        pelican = Pelican(working)
        generator = Generator(
            context={"generated_content": {}, "static_content": {}, "static_links": set()},
            settings=working,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
    root = Path(working["PATH"]).resolve()
    site = Site(
        root=root,
        settings=working,
        now=buildtime.now(working).astimezone(buildtime.zone(working)),
        readers=generator.readers,
    )
    groups = (
        (site.bulletins, "ARTICLE_PATHS", "ARTICLE_EXCLUDES", (Article, signals.article_generator_context)),
        (site.pages, "PAGE_PATHS", "PAGE_EXCLUDES", (Page, signals.page_generator_context)),
        (site.care_group_files, "CAREGROUP_PATHS", None, (Page, None)),
        (site.champion_files, "CHAMPION_PATHS", None, (Page, None)),
        (site.event_files, "EVENT_PATHS", None, (Event, None)),
    )
    for sources, paths, excludes, kind in groups:
        for found in sorted(generator.get_files(working[paths], exclude=working.get(excludes) if excludes else None)):
            rel = Path(found).as_posix()
            if linked_part(root, rel) is not None or outside(root, root / rel):
                continue  # not read by the build either; the rulebook names the link
            try:
                source = parse(root / rel, root)
            except NotUTF8:
                site.not_utf8.append(rel)  # the rulebook says so (rules/essentials.py)
                continue
            with quietly():
                read_with_pelican(site, generator, source, kind)
            sources.append(source)
    site.terms = read_terms(
        [term_file(source) for source in site.care_group_files if source.read is not None],
        [term_file(source) for source in site.champion_files if source.read is not None],
    )
    return site


def term_file(source: Source) -> TermFile:
    return TermFile(source.rel, source.shown, source.metadata, source)


class Checker:
    """Runs every check over a Site and collects the problems."""

    def __init__(self, site: Site):
        self.site = site
        self.settings = site.settings
        self.problems: list[Problem] = []
        self.care_groups: Directory = site.terms.care_groups
        self.champions: Directory = site.terms.champions
        self._items: dict[Source, book.Item] | None = None

    def run(self) -> list[Problem]:
        site = self.site
        self.report_terms()
        for source in site.all_sources:
            self.check_readable(source)
        for source in site.bulletins:
            self.check_names(source)
        # The rulebook's rules, as every build applies them (plugins/rulebook).
        with one_reading():
            self.problems += book.all_problems(site.root, self.items(), self.settings)
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))

    def item(self, source: Source) -> book.Item:
        """The file as the rulebook's rules see it (one Item per file, made once)."""
        if self._items is None:
            site = self.site
            kinds = ((book.BULLETIN, site.bulletins), (book.PAGE, site.pages),
                     (book.CARE_GROUP, site.care_group_files), (book.CHAMPION, site.champion_files),
                     (book.EVENT, site.event_files))  # fmt: skip
            self._items = {
                source: book.Item(kind, source, source.read) for kind, sources in kinds for source in sources
            }
        return self._items[source]

    def items(self) -> list[book.Item]:
        """Every file Pelican reads, for the rulebook's rules (the build applies them too)."""
        return [self.item(source) for source in self.site.all_sources]

    # -- care groups and champions, by the caregroups plugin's rules ------------

    def report_terms(self) -> None:
        """The problems the build reports in the care-group and champion
        files, each with the line of its field."""
        sources = {s.shown: s for s in [*self.site.care_group_files, *self.site.champion_files]}
        for problem in self.site.terms.problems:
            self.problems.append(replace(problem, line=sources[problem.path].line_of(problem.field.lower())))

    # -- every file ------------------------------------------------------------

    def check_readable(self, source: Source) -> None:
        """A file Pelican cannot read is left out of the site. A date it
        cannot read (check_date, check_values) or a field written twice
        (check_fields) says why; anything else is said here. Its other
        fields are checked once Pelican can read it."""
        if source.unreadable is None:
            return
        if len({f.name for f in source.fields}) < len(source.fields):
            return
        if any(len(f.values) > 1 for f in source.fields):
            return  # a field over two lines: the rulebook says which (rules/fields.py)
        if any(date_field_problems(self.item(source))):
            return  # said by the rulebook's date rule
        if (source in self.site.bulletins or source in self.site.pages) and unreadable_dates(
            self.item(source), self.settings
        ):
            return
        if source in [*self.site.care_group_files, *self.site.champion_files, *self.site.event_files] and (
            source.get("date") is not None or source.get("modified") is not None
        ):
            return  # a field these files may not use, which Pelican reads as a date: rules/fields.py says so
        self.problems.append(replace(unreadable(source.shown, source.unreadable), line=1))

    # -- bulletins -----------------------------------------------------------------

    def check_names_field(self, source: Source, name: str, key: str, directory: Directory) -> None:
        # As the build reads them: split by the caregroups plugin when
        # Pelican's reader sent article_generator_context.
        names = source.metadata.get(f"{name}_names", [])
        _, problems = directory.resolve(source.shown, key, names)
        self.problems.extend(replace(p, line=source.line_of(name)) for p in problems)

    def check_names(self, source: Source) -> None:
        self.check_names_field(source, "care_groups", "Care_groups", self.care_groups)
        self.check_names_field(source, "champions", "Champions", self.champions)


def check_site(settings: dict) -> list[Problem]:
    return Checker(read_site(settings)).run()


def load_settings(settings_file: Path, content: Path | None = None) -> dict:
    override = {"PATH": str(content.resolve())} if content else {}
    return read_settings(str(settings_file), override=override)


def summary(problems: list[Problem], files: int) -> str:
    errors = [p for p in problems if p.severity == ERROR]
    scheduled = {p.path for p in problems if p.severity == SCHEDULED}
    later = f" {len(scheduled)} bulletin(s) scheduled for a later date." if scheduled else ""
    if errors:
        in_files = len({p.path for p in errors})
        return f"{len(errors)} error(s) in {in_files} file(s): fix them, then run make check again.{later}"
    return f"No errors in {files} file(s).{later}"


def report(problems: list[Problem], stream, tool: str = "make check") -> None:
    """Each problem on its line; in GitHub Actions, each as an annotation on
    its file and line too (secretary/annotations.py)."""
    for problem in problems:
        print(problem, file=stream)
    print_problems(problems, stream, tool)


def run(args) -> int:
    """`python -m secretary check`: every problem on one line, then a summary."""
    stream = args.stream
    try:
        settings = load_settings(args.settings, args.content)
        site = read_site(settings)
        problems = Checker(site).run()
    except Exception as error:
        if args.debug:
            raise
        print(f"error: the check could not run: {error}. Nothing was changed.", file=stream)
        return 2
    report(problems, stream)
    print(summary(problems, site.files), file=stream)
    return 1 if any(p.severity == ERROR for p in problems) else 0
