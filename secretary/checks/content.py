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
import difflib
import html
import logging
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from pelican import Pelican, signals
from pelican.contents import Article, Page, SkipStub
from pelican.generators import Generator
from pelican.readers import parse_path_metadata
from pelican.settings import read_settings
from pelican.utils import slugify
from rulebook import book
from rulebook.problem import Problem
from rulebook.rules.dates import date_field_problems
from rulebook.rules.files import linked_part, outside
from rulebook.slugs import LIST_SLUGS, bulletin_slug, safe_slug
from rulebook.source import NotUTF8, Source, one_reading, parse

from caregroups.contacts import email_key, phone_key, phone_number
from caregroups.model import Directory, Entry, plain_text
from caregroups.rules import TermFile, Terms, read_terms, unreadable
from publishing import buildtime

ERROR = "error"
SCHEDULED = "scheduled"

# The example text `make newpost` leaves below the fields.
PLACEHOLDER = "Write the bulletin here, below the empty line. Leave this line out when you start."

EXAMPLE_TITLE = "Branch meeting on care budgets"
EXAMPLE_DATE = "2026-11-23 10:00"
MESSAGES = {
    "title": f"missing or empty; add a line like `Title: {EXAMPLE_TITLE}` at the top",
    "status": 'unknown status "{status}"; write "Status: draft" to keep it off the live site, or remove the line '
    "to publish it",
    "date": f"missing; add a line like `Date: {EXAMPLE_DATE}`, or start the file name with the date (YYYY-MM-DD-)",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

LINK_RE = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)(?P<target>[^)\s\"'>]+)"
)
# A link or picture address in Markdown ([text](x), ![alt](x), [ref]: x) or
# HTML (href="x", src="x").
HAND_LINK_RE = re.compile(
    r"(?P<image>!)?\[[^\]]*\]\(\s*<?(?P<url>[^)\s>]+)|^[ ]{0,3}\[[^\]]+\]:\s*<?(?P<url2>[^\s>]+)"
    r"|\b(?:href|src)\s*=\s*[\"']?(?P<url3>[^\"'\s>]+)",
    re.IGNORECASE,
)
# A link that would print a contact in the page: [Helen](mailto:...),
# <a href="tel:...">, a reference [h]: mailto:..., or an autolink
# <h.davies@example.org>. "Tel: 020 ..." in the text is not a link.
CONTACT_LINK_RE = re.compile(
    r"(?:\]\(\s*<?|\]:\s*<?|href\s*=\s*[\"']?\s*)(?P<link>(?:mailto|tel):[^)\s\"'>]*)"
    r"|<(?P<auto>(?:mailto:)?[^\s<>@]+@[^\s<>]+)>",
    re.IGNORECASE,
)
EXTENDS_RE = re.compile(r"""\{%-?\s*extends\s+["'](?P<parent>[^"']+)\.html["']""")


def shown_date(when: datetime.datetime) -> str:
    return when.strftime("%-d %B %Y at %H:%M")


def is_whole_number(value: str) -> bool:
    """As the series plugin reads Series_index (int())."""
    try:
        int(value)
    except ValueError:
        return False
    return True


def theme_templates(settings: dict) -> dict[str, list[str]]:
    """The theme's templates a bulletin ("article") or a page ("page") may
    name in a Template field: that one and those built on it (contact.html
    extends page.html). Empty when the theme is not a folder."""
    folder = Path(settings.get("THEME") or "") / "templates"
    parents = {}
    for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        match = EXTENDS_RE.search(path.read_text(encoding="utf-8"))
        parents[path.stem] = match.group("parent") if match else None
    usable: dict[str, list[str]] = {"article": [], "page": []}
    for name in parents:
        ancestor, seen = name, set()
        while ancestor and ancestor not in seen:
            if ancestor in usable:
                usable[ancestor].append(name)
                break
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
    return usable


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
    problems: list[Problem] = field(default_factory=list)
    terms: Terms | None = None

    @property
    def all_sources(self) -> list[Source]:
        return [*self.bulletins, *self.pages, *self.care_group_files, *self.champion_files]

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


def pelican_slug(value: str, settings: dict) -> str:
    """A web address made from `value`, as Pelican makes a slug."""
    return slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


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
    )
    for sources, paths, excludes, kind in groups:
        for found in sorted(generator.get_files(working[paths], exclude=working.get(excludes) if excludes else None)):
            rel = Path(found).as_posix()
            shown = f"{root.name}/{rel}"
            if linked_part(root, rel) is not None or outside(root, root / rel):
                continue  # not read by the build either; the rulebook names the link
            try:
                source = parse(root / rel, root)
            except NotUTF8 as error:
                site.problems.append(
                    Problem(
                        shown,
                        "File",
                        'is not saved as UTF-8 text, so some letters would show wrongly; in your editor use "Save as" '
                        'and choose the encoding "UTF-8"',
                        line=error.line,
                    )
                )
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
        self.problems: list[Problem] = list(site.problems)
        self.care_groups: Directory = site.terms.care_groups
        self.champions: Directory = site.terms.champions
        self.known_files = {s.rel for s in site.all_sources}
        self.known_files |= {p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()}
        # Each address and number a bulletin may print (its key: the address
        # in small letters, the number as contacts.py writes it), and the
        # page to link instead: (its name, its file).
        self.contacts: dict[str, tuple[str, str]] = {}
        self.templates = theme_templates(site.settings)
        self._addresses: dict[str, str] | None = None
        self._items: dict[Source, book.Item] | None = None

    def add(self, source: Source, field_name: str, message: str, line: int | None = None, severity: str = ERROR):
        self.problems.append(Problem(source.shown, field_name, message, line=line or 1, severity=severity))

    def run(self) -> list[Problem]:
        site = self.site
        self.report_terms()
        self.read_contacts()
        for source in site.all_sources:
            self.check_body_markup(source)
            self.check_readable(source)
        for source in [*site.bulletins, *site.pages]:
            self.check_title(source, MESSAGES["title"])
            self.check_status(source)
            self.check_body_not_empty(source)
            self.check_values(source)
        for source in site.bulletins:
            self.check_date(source)
            self.check_names(source)
        self.check_slugs(site.bulletins, "bulletin")
        self.check_slugs(site.pages, "page")
        self.check_series()
        with one_reading():
            self.problems += book.item_problems(self.items(), self.settings)
            self.problems += book.file_problems(site.root, self.settings)
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))

    def item(self, source: Source) -> book.Item:
        """The file as the rulebook's rules see it (one Item per file, made once)."""
        if self._items is None:
            site = self.site
            kinds = ((book.BULLETIN, site.bulletins), (book.PAGE, site.pages),
                     (book.CARE_GROUP, site.care_group_files), (book.CHAMPION, site.champion_files))  # fmt: skip
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

    def read_contacts(self) -> None:
        """The addresses and numbers a bulletin may print: those the build
        hides (the champions' and the branch's), each with the page to link
        to instead where it cannot be printed."""
        contact = self.settings.get("BRANCH_CONTACT") or {}
        owners = []
        for entry in self.champions.entries:
            term, facts = entry.item
            owners.append((facts.email, facts.phone, (plain_text(term.name), term.path)))
        owners.append(
            (contact.get("email") or "", contact.get("phone") or "", ("Contact the branch", self.contact_page))
        )
        for email, phone, page in owners:
            number = phone_number(phone) if phone else None
            for key in (email_key(email) if email else None, number.key if number else None):
                if key:
                    self.contacts.setdefault(key, page)

    @property
    def contact_page(self) -> str:
        return self.settings["CONTACT_PAGE_SOURCE"]

    def link_instead(self, source: Source, key: str | None) -> str:
        """The fix for a contact a file may not print: a link, from this
        file's folder, to the page of the champion (or the branch) it
        belongs to; for anyone else's, an example."""
        if key in self.contacts:
            name, target = self.contacts[key]
            how = ":"
        else:
            name, target = "Name", self.settings["CHAMPION_PATHS"][0] + "/name.md"
            how = ", e.g."
        relative = posixpath.relpath(target, posixpath.dirname(source.rel) or ".")
        return f"link to their page instead{how} [{name}]({{filename}}{relative})"

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
        if (source in self.site.bulletins or source in self.site.pages) and self.unreadable_dates(source):
            return
        if source in [*self.site.care_group_files, *self.site.champion_files] and (
            source.get("date") is not None or source.get("modified") is not None
        ):
            return  # a field these files may not use, which Pelican reads as a date: rules/fields.py says so
        self.problems.append(replace(unreadable(source.shown, source.unreadable), line=1))

    def check_title(self, source: Source, message: str) -> None:
        if source.read is not None and not plain_text(source.metadata.get("title", "")):
            self.add(source, "Title", message, source.line_of("title"))

    def check_status(self, source: Source) -> None:
        """A status Pelican does not know: it would leave the file out."""
        status = source.metadata.get("status")
        if status is not None and status not in type(source.read).allowed_statuses:
            written = source.get("status")
            self.add(source, "Status", MESSAGES["status"].format(status=written.value), written.line)

    def check_body_not_empty(self, source: Source) -> None:
        kind = "bulletin" if source in self.site.bulletins else "page"
        body = source.body
        if not body.strip():
            self.add(
                source,
                "Body",
                f"empty; write the {kind} below the fields, after one empty line",
                min(source.body_start + 1, len(source.lines)),
            )
        elif PLACEHOLDER in body and source.read is not None and source.metadata.get("status") != "draft":
            # Normal in a draft; an error once the bulletin is to be published.
            offset = body.index(PLACEHOLDER)
            self.add(
                source,
                "Body",
                f"still has the example line from make newpost; replace it with the {kind}",
                source.body_line_at(offset),
            )

    def check_body_markup(self, source: Source) -> None:
        """Links in the text: mailto: and tel: links, {filename} links that
        lead nowhere or to a draft, links written as addresses. (What HTML
        the text may hold is the rulebook's: rules/text.py.)"""
        for number, line in source.body_lines():
            self.check_contact_links(source, number, html.unescape(line))
            self.check_links(source, number, line)
            self.check_hand_written_links(source, number, line)

    def check_contact_links(self, source: Source, number: int, line: str) -> None:
        """mailto: and tel: links and e-mail autolinks, even to a champion:
        the build hides a champion's address or number written as text, but
        in a link it would be printed (and the page broken)."""
        for match in CONTACT_LINK_RE.finditer(line):
            shown = match.group("link") or f"<{match.group('auto')}>"
            target = match.group("link") or match.group("auto")
            phone = target.lower().startswith("tel:")
            address = unquote(re.sub(r"^(?:mailto|tel):", "", target, flags=re.IGNORECASE).split("?", 1)[0])
            key = phone_key(address) if phone else email_key(address)
            what, thing = ("phone", "number") if phone else ("e-mail", "address")
            self.add(
                source,
                "Body",
                f"the {what} link {shown} is not allowed (it would show the {thing} to programs that collect them); "
                f"{self.link_instead(source, key)}",
                number,
            )

    def site_addresses(self) -> dict[str, str]:
        """Each content file's web address (as Pelican gives it, from the
        site's root) -> the file: to name the file a hand-written link means."""
        if self._addresses is None:
            self._addresses = {}
            for item in self.items():
                url = getattr(item.read, "url", None) if item.kind in (book.BULLETIN, book.PAGE) else None
                if item.kind in (book.CARE_GROUP, book.CHAMPION) and item.read is not None:
                    key = "CAREGROUP_URL" if item.kind == book.CARE_GROUP else "CHAMPION_URL"
                    slug = item.read.metadata.get("slug") or safe_slug(PurePosixPath(item.source.rel).stem, {})
                    url = self.settings.get(key, "").format(slug=slug) or None
                if url:
                    self._addresses[url.split("#", 1)[0]] = item.source.rel
        return self._addresses

    def check_hand_written_links(self, source: Source, number: int, line: str) -> None:
        """A link or picture inside the site written as an address
        (`../pages/about.html`, `/images/x.png`, `about.md`) instead of
        {filename} or {static}: it breaks when the page it is on, or the one
        it leads to, moves (a bulletin's page is not beside its file).
        Named when it means one of the site's files, with the form to use."""
        for match in HAND_LINK_RE.finditer(line):
            written = match.group("url") or match.group("url2") or match.group("url3")
            if written.startswith(("#", "{", "|")) or urlsplit(written).scheme or written.startswith("//"):
                continue
            path = unquote(written.split("#", 1)[0].split("?", 1)[0])
            if not path:
                continue
            folder = str(PurePosixPath(source.rel).parent)
            as_file = posixpath.normpath(posixpath.join("" if path.startswith("/") else folder, path.lstrip("/")))
            page_url = getattr(source.read, "url", "") or ""
            as_page = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path)).lstrip("/")
            # The address as the page's own (the right reading), or as the
            # file's folder (what a writer looking at content/ means).
            addresses = self.site_addresses()
            target = None
            for candidate in (as_page, as_file):
                for form in (candidate, candidate.rstrip("/") + "/", candidate.removesuffix("index.html")):
                    target = target or addresses.get(form)
            kind = "static" if as_file in self.known_files and not as_file.endswith(".md") else "filename"
            if as_file in self.known_files:
                target = as_file
            if not target:
                if path.startswith("/"):
                    # The live site is not at the root of its web address
                    # (SITEURL has a folder), so /x leads nowhere there.
                    self.add(
                        source,
                        "Body",
                        f"the link {written} starts with /, which leads nowhere on the live site; link to the file "
                        "with {filename} (a bulletin or page) or {static} (a picture), or write the page's "
                        "address from this page",
                        number,
                    )
                continue
            if kind == "static":
                form = f"{{static}}/{target}"
            else:
                form = f"{{filename}}{posixpath.relpath(target, folder or '.')}"
            what = "picture" if match.group("image") or match.group(0).lower().startswith("src") else "link"
            self.add(
                source,
                "Body",
                f"the {what} {written} is written as an address, which breaks when pages move; write {form} instead",
                number,
            )

    def check_links(self, source: Source, number: int, line: str) -> None:
        for match in LINK_RE.finditer(line):
            kind = match.group("kind") or match.group("old")
            written = match.group("target")
            target = unquote(written.split("#", 1)[0].split("?", 1)[0])
            if not target:
                continue
            base = "" if target.startswith("/") else str(PurePosixPath(source.rel).parent)
            resolved = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
            if resolved in self.known_files:
                self.check_link_kind(source, number, kind, written, resolved)
                continue
            suggestion = self.close_file(resolved)
            if suggestion:
                shown = "/" + suggestion if target.startswith("/") else posixpath.relpath(suggestion, base or ".")
                fix = f"did you mean {{{kind}}}{shown}?"
            else:
                fix = f"check the file name in {self.site.root.name}/"
            self.add(source, "Body", f"the link {{{kind}}}{written} leads to a file that does not exist; {fix}", number)

    def check_link_kind(self, source: Source, number: int, kind: str, written: str, resolved: str) -> None:
        """{static} or {attach} names a picture or document, {filename} a
        bulletin or page; and a published page may not link to a draft (on
        the live site the link would lead to the home page)."""
        content = {s.rel: s for s in self.site.all_sources}
        if kind in ("static", "attach") and (resolved in content or resolved.lower().endswith(".md")):
            self.add(
                source,
                "Body",
                f"the link {{{kind}}}{written} names a content file, which is not published as it is; write "
                f"{{filename}}{written} instead",
                number,
            )
        target = content.get(resolved)
        scheduled = target is not None and target in self.site.bulletins and self.is_scheduled(target)
        if (
            kind == "filename"
            and (source in self.site.bulletins or source in self.site.pages)
            and target is not None
            and (target.metadata.get("status") == "draft" or scheduled)
            and source.metadata.get("status") != "draft"
            and not (source in self.site.bulletins and self.is_scheduled(source))
        ):
            what = "a bulletin scheduled for later" if scheduled else "a draft"
            self.add(
                source,
                "Body",
                f"the link {{filename}}{written} leads to {what}, which is not on the live site; publish that "
                "first, or remove the link",
                number,
            )

    def is_scheduled(self, source: Source) -> bool:
        """A bulletin dated after the build time: not on the live site yet."""
        date = getattr(source.read, "date", None)
        return date is not None and date > self.site.now

    def close_file(self, wanted: str) -> str | None:
        """The existing file in the same folder whose name is closest."""
        folder, name = posixpath.split(wanted)
        names = {posixpath.basename(f): f for f in self.known_files if posixpath.dirname(f) == folder}
        close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    # -- bulletins -----------------------------------------------------------------

    def name_fields(self, source: Source) -> dict[str, str]:
        """What Pelican reads from the file's name (FILENAME_METADATA: the
        date and slug of 2020-01-02-pay.md), as written."""
        return parse_path_metadata(source_path=source.rel, settings=self.settings)

    def unreadable_date(self, source: Source, name: str, value: str) -> bool:
        """Whether Pelican's reader fails on this value of a Date or Modified field."""
        try:
            self.site.reader(source).process_metadata(name, value)
        except (ValueError, OverflowError):
            return True
        return False

    def unreadable_dates(self, source: Source) -> bool:
        """Whether a date in the file's name or fields stops Pelican reading it."""
        from_name = self.name_fields(source).get("date")
        written = [(name, source.get(name)) for name in ("date", "modified")]
        return (from_name is not None and self.unreadable_date(source, "date", from_name)) or any(
            f is not None and self.unreadable_date(source, name, f.values[0]) for name, f in written
        )

    def check_date(self, source: Source) -> None:
        from_name = self.name_fields(source).get("date")
        if from_name and self.unreadable_date(source, "date", from_name):
            self.add(
                source,
                "File",
                f'the date in the file name, "{from_name}", is not a real date; rename the file '
                "YYYY-MM-DD-name.md with a real date",
            )
        if any(written.name == "date" for written, _ in date_field_problems(self.item(source))):
            return  # not written year first (the rulebook's date rule): no guessed date is used
        bulletin = source.read
        if bulletin is None:
            return
        if not hasattr(bulletin, "date"):
            self.add(source, "Date", MESSAGES["date"])
            return
        # Pelican's own date (in the site's TIMEZONE), against the build time;
        # the status as written (Pelican makes a future bulletin a draft by the clock).
        if bulletin.date > self.site.now and source.metadata.get("status") != "draft":
            self.add(
                source,
                "Date",
                f"scheduled for {shown_date(bulletin.date)}: it appears on the live site that day; "
                'add "Status: draft" to hold it back',
                source.line_of("date"),
                severity=SCHEDULED,
            )

    def check_values(self, source: Source) -> None:
        """Fields the build reads as a date, a number or a template name: a
        value it cannot read would stop it, in words the secretary cannot use."""
        kind = "bulletin" if source in self.site.bulletins else "page"
        metadata = source.metadata
        index = source.value("series_index") or None  # as written: the reader drops one that is not a number
        if index is not None and not is_whole_number(index):
            self.add(
                source,
                "Series_index",
                f'"{index}" is not a number; write the place in the series in figures, e.g. Series_index: 2',
                source.line_of("series_index"),
            )
        template = metadata.get("template")
        usable = self.templates["page"]
        # A bulletin has one template (the rulebook refuses the field there).
        if kind == "page" and template is not None and usable and template not in usable:
            self.add(
                source,
                "Template",
                f'there is no template "{template}" for a {kind}; leave the line out to use the usual one, or '
                f"write one of: {', '.join(usable)}",
                source.line_of("template"),
            )

    def check_names_field(self, source: Source, name: str, key: str, directory: Directory) -> None:
        # As the build reads them: split by the caregroups plugin when
        # Pelican's reader sent article_generator_context.
        names = source.metadata.get(f"{name}_names", [])
        _, problems = directory.resolve(source.shown, key, names)
        self.problems.extend(replace(p, line=source.line_of(name)) for p in problems)

    def check_names(self, source: Source) -> None:
        self.check_names_field(source, "care_groups", "Care_groups", self.care_groups)
        self.check_names_field(source, "champions", "Champions", self.champions)

    def slug_of(self, source: Source) -> tuple[str, str]:
        """The slug as written, and where it comes from (the build makes a
        safe one of an unsafe slug: plugins/rulebook/slugs.py)."""
        if source.value("slug"):
            return source.value("slug"), "field"
        from_name = self.name_fields(source).get("slug")
        if from_name:
            return from_name, "file"
        return source.read.slug, "title"

    def check_slugs(self, sources: list[Source], kind: str) -> None:
        users = defaultdict(list)
        for source in sources:
            if getattr(source.read, "slug", None) is None:
                continue  # no title (reported already), or not read: no address to check
            slug, origin = self.slug_of(source)
            users[source.read.slug].append(source)
            if SLUG_RE.match(slug) and not (kind == "bulletin" and slug in LIST_SLUGS):
                continue
            if SLUG_RE.match(slug):
                date = self.name_fields(source).get("date", "YYYY-MM-DD")
                better = bulletin_slug(slug)
                fix = f'write "Slug: {better}"' if origin == "field" else f"rename the file {date}-{better}.md"
                self.add(
                    source,
                    "Slug",
                    f'the web address "{slug}" is the address of the month\'s list of bulletins; {fix}',
                    source.line_of("slug"),
                )
                continue
            better = pelican_slug(slug, self.settings) or "bulletin"
            if origin == "file":
                date = self.name_fields(source).get("date", "YYYY-MM-DD")
                fix = f"rename the file {date}-{better}{Path(source.rel).suffix}"
            else:
                fix = f'write "Slug: {better}"'
            self.add(
                source,
                "Slug",
                f'the web address "{slug}" may only use small letters, digits and hyphens; {fix}',
                source.line_of("slug"),
            )
        for slug, same in users.items():
            for source in same[1:] if len(same) > 1 else []:
                others = ", ".join(s.shown for s in same if s is not source)
                self.add(
                    source,
                    "Slug",
                    f'the web address "{slug}" is also used by {others}; give each {kind} its own '
                    "(rename one of the files)",
                    source.line_of("slug"),
                )

    def check_series(self) -> None:
        """A series split by a spelling mistake: see docs/WRITING.md.

        A name is flagged when another bulletin writes the same series in
        other capitals or spacing, or when it is used by one bulletin only
        and is close to the name of another series (differing numbers, as
        in "Pay talks 2025" and "Pay talks 2026", are deliberate)."""
        by_name: dict[str, list[Source]] = defaultdict(list)
        for source in self.site.bulletins:
            series = source.metadata.get("series")
            if series:
                by_name[series].append(source)
        ranked = sorted(by_name, key=lambda n: (-len(by_name[n]), n))
        for name in ranked:
            others = Directory("series")
            for other in ranked:
                if other != name:
                    others.add(Entry(other, other, "", other))
            same = others.find(name)
            flagged = same is not None and len(by_name[same]) >= len(by_name[name])
            if not flagged and same is None and len(by_name[name]) == 1:
                hint = others.suggest(name)
                flagged = hint is not None and re.findall(r"\d+", plain_text(hint)) == re.findall(
                    r"\d+", plain_text(name)
                )
            if flagged:
                for source in by_name[name]:
                    problem = others.unknown(source.shown, "Series", name)
                    self.problems.append(replace(problem, line=source.line_of("series")))


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


def report(problems: list[Problem], stream) -> None:
    for problem in problems:
        print(problem, file=stream)


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
    print(summary(problems, len(site.all_sources) + len(site.problems)), file=stream)
    return 1 if any(p.severity == ERROR for p in problems) else 0
