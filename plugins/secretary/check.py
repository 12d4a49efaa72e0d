"""Check every content file for the secretary's mistakes: `make check`.

Reads the files as Pelican would, without building the site, and reports
every problem at once, one line each:

    content/bulletins/x.md:3: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?

Exit status 1 when there is an error. A future-dated bulletin is reported
as scheduled, which is not an error. `make publish` runs the same checks
first and refuses to publish on any error, with the same messages.

Care-group and champion names are matched by the caregroups plugin's own
core (Directory, match_key, split_names), so the messages are the ones the
build gives."""

from __future__ import annotations

import argparse
import datetime
import difflib
import html
import os
import posixpath
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from pelican.readers import ensure_metadata_list
from pelican.settings import read_settings
from pelican.utils import get_date, slugify

from caregroups.model import Directory, Entry, Problem, digits_pattern, plain_text, split_names
from caregroups.plugin import DEFAULTS as CAREGROUP_DEFAULTS

from .source import NotUTF8, Source, content_files, parse

ERROR = "error"
SCHEDULED = "scheduled"

# The example text `make newpost` leaves below the fields.
PLACEHOLDER = "Write the bulletin here, below the empty line. Leave this line out when you start."

EXAMPLE_TITLE = "Branch meeting on care budgets"
EXAMPLE_DATE = "2026-11-23 10:00"
MESSAGES = {
    "title": f"missing or empty; add a line like `Title: {EXAMPLE_TITLE}` at the top",
    # The caregroups plugin's own words for a care-group or champion file.
    "term_title": "missing or empty; add a line like `Title: Older Adults` at the top",
    "status": 'unknown status "{status}"; write "Status: draft" to keep it off the live site, or remove the line '
    "to publish it",
    "date": f"missing; add a line like `Date: {EXAMPLE_DATE}`, or start the file name with the date (YYYY-MM-DD-)",
}

# Every field our site reads, as the secretary writes it.
KNOWN_FIELDS = [
    "Title", "Date", "Modified", "Category", "Tags", "Author", "Authors", "Care_groups", "Champions", "Summary",
    "Status", "Series", "Series_index", "Slug", "Lang", "Translation", "Template", "Save_as", "URL",
    "Role", "Since", "Until", "Email", "Phone",
]  # fmt: skip
STATUSES = ("published", "hidden", "draft", "skip")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
FIELD_LIKE_RE = re.compile(r"^\s{0,3}(?P<key>[A-Za-z][A-Za-z0-9 _-]*?)\s*:\s*\S")

LINK_RE = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)(?P<target>[^)\s\"'>]+)"
)
MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
MD_REF_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
HTML_IMG_RE = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.IGNORECASE | re.DOTALL)
ATTR_RE = re.compile(r"""(?P<name>[^\s=/>]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?""")
UNSAFE_TAG_RE = re.compile(r"<\s*(?P<tag>script|iframe|object|embed)\b", re.IGNORECASE)
EVENT_ATTR_RE = re.compile(r"<[A-Za-z][^>]*?[\s\"'/](?P<attr>on[a-z]+)\s*=", re.IGNORECASE | re.DOTALL)
SCRIPT_URL_RE = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|data\s*:\s*text/html", re.IGNORECASE)
EMAIL_RE = re.compile(r"(?<![\w.+%-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE_RE = re.compile(r"(?<![\w+£$€.,/-])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s().-]{7,16}\d(?![\w/])")


def phone_digits(text: str) -> str | None:
    """A UK phone number's digits as dialled at home ("02083592088"), or
    None when the text is not one."""
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+44"):
        digits = digits[2:]
        if not digits.startswith("0"):
            digits = "0" + digits
    return digits if 10 <= len(digits) <= 11 and digits.startswith("0") else None


def find_phones(line: str):
    """(text, digits) of each phone number on a line. A match that runs on
    into other numbers ("020 8359 2088 2007") is cut back to the longest
    start that is a phone number."""
    for match in PHONE_RE.finditer(line):
        words = match.group().split()
        for end in range(len(words), 0, -1):
            candidate = " ".join(words[:end]).rstrip(".-(")
            digits = phone_digits(candidate)
            if digits:
                yield candidate, digits
                break


def read_date(value: str) -> datetime.datetime:
    """As Pelican reads a Date field. Raises ValueError."""
    try:
        return get_date(value.replace("_", " "))
    except OverflowError as error:
        raise ValueError(value) from error


def shown_date(when: datetime.datetime) -> str:
    return when.strftime("%-d %B %Y at %H:%M")


@dataclass
class Site:
    """The content folder, read once."""

    root: Path
    settings: dict
    now: datetime.datetime
    bulletins: list[Source] = field(default_factory=list)
    pages: list[Source] = field(default_factory=list)
    care_group_files: list[Source] = field(default_factory=list)
    champion_files: list[Source] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def all_sources(self) -> list[Source]:
        return [*self.bulletins, *self.pages, *self.care_group_files, *self.champion_files]


def setting_paths(settings: dict, key: str) -> list[str]:
    return list(settings.get(key) or CAREGROUP_DEFAULTS.get(key) or [])


def read_site(settings: dict, now: datetime.datetime | None = None) -> Site:
    root = Path(settings["PATH"]).resolve()
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    site = Site(root=root, settings=settings, now=now or datetime.datetime.now(zone))
    term_paths = setting_paths(settings, "CAREGROUP_PATHS") + setting_paths(settings, "CHAMPION_PATHS")
    groups = (
        (site.bulletins, settings["ARTICLE_PATHS"], [*settings.get("ARTICLE_EXCLUDES", []), *term_paths]),
        (site.pages, settings["PAGE_PATHS"], [*settings.get("PAGE_EXCLUDES", []), *term_paths]),
        (site.care_group_files, setting_paths(settings, "CAREGROUP_PATHS"), []),
        (site.champion_files, setting_paths(settings, "CHAMPION_PATHS"), []),
    )
    for sources, folders, exclude in groups:
        for path in content_files(root, folders, exclude):
            try:
                sources.append(parse(path, root))
            except NotUTF8 as error:
                shown = f"{root.name}/{path.relative_to(root).as_posix()}"
                site.problems.append(
                    Problem(
                        shown,
                        "File",
                        'is not saved as UTF-8 text, so some letters would show wrongly; in your editor use "Save as" '
                        'and choose the encoding "UTF-8"',
                        line=error.line,
                    )
                )
    return site


class Checker:
    """Runs every check over a Site and collects the problems."""

    def __init__(self, site: Site):
        self.site = site
        self.settings = site.settings
        self.problems: list[Problem] = list(site.problems)
        self.care_groups: Directory = Directory("care group")
        self.champions: Directory = Directory("champion")
        self.known_files = {s.rel for s in site.all_sources}
        self.known_files |= {p.relative_to(site.root).as_posix() for p in site.root.rglob("*") if p.is_file()}
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.fields: Directory = Directory("field")
        for known in KNOWN_FIELDS:
            self.fields.add(Entry(known, known, "", known))

    def add(self, source: Source, field_name: str, message: str, line: int | None = None, severity: str = ERROR):
        self.problems.append(Problem(source.shown, field_name, message, line=line or 1, severity=severity))

    def run(self) -> list[Problem]:
        site = self.site
        self.read_terms()
        self.read_contacts()
        for source in site.all_sources:
            self.check_fields(source)
            self.check_body_markup(source)
        for source in [*site.bulletins, *site.pages]:
            self.check_title(source, MESSAGES["title"])
            self.check_status(source)
            self.check_body_not_empty(source)
        for source in site.bulletins:
            self.check_date(source)
            self.check_names(source)
            self.check_personal_data(source)
        self.check_slugs(site.bulletins, "bulletin")
        self.check_slugs(site.pages, "page")
        self.check_series()
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))

    # -- care groups and champions, as the caregroups plugin reads them ------

    def term_entry(self, source: Source) -> Entry | None:
        title = source.value("title")
        if not plain_text(html.escape(title, quote=False)):
            self.add(source, "Title", MESSAGES["term_title"], source.line_of("title"))
            return None
        slug = source.value("slug") or Path(source.rel).stem
        # The build sees the title escaped by the safecontent reader.
        return Entry(html.escape(title, quote=False), slug, source.shown, source)

    def register(self, directory: Directory, entry: Entry) -> None:
        for problem in directory.add(entry):
            self.problems.append(replace(problem, line=entry.item.line_of(problem.field.lower())))

    def read_terms(self) -> None:
        for source in self.site.care_group_files:
            entry = self.term_entry(source)
            if entry:
                self.register(self.care_groups, entry)
        for source in self.site.champion_files:
            entry = self.term_entry(source)
            self.check_names_field(source, "care_groups", "Care_groups", self.care_groups)
            for name in ("since", "until"):
                self.check_term_date(source, name)
            if entry:
                self.register(self.champions, entry)

    def check_term_date(self, source: Source, name: str) -> None:
        value = source.value(name)
        if not value:
            return
        try:
            get_date(value)
        except (ValueError, OverflowError):
            # The caregroups plugin's own words.
            self.add(
                source,
                name.capitalize(),
                f'cannot read the date "{plain_text(value)}"; write it as YYYY-MM-DD, e.g. 2008-04-21',
                source.line_of(name),
            )

    def read_contacts(self) -> None:
        """The addresses and numbers a bulletin may print: the champions'
        and the branch's."""
        contact = self.settings.get("BRANCH_CONTACT") or {}
        emails = [contact.get("email", "")]
        phones = [contact.get("phone", "")]
        for source in self.site.champion_files:
            email, phone = source.value("email"), source.value("phone")
            if email and not EMAIL_RE.fullmatch(email):
                self.add(
                    source,
                    "Email",
                    f'"{email}" is not an e-mail address; write it like name@example.org',
                    source.line_of("email"),
                )
            if phone:
                try:
                    digits_pattern(phone)  # what the build uses to find it in bulletins
                except ValueError:
                    self.add(
                        source,
                        "Phone",
                        f'"{phone}" is not a phone number; write it like 020 8359 2088',
                        source.line_of("phone"),
                    )
            emails.append(email)
            phones.append(phone)
        self.emails = {e.strip().casefold() for e in emails if e and e.strip()}
        self.phones = {d for d in (phone_digits(p) for p in phones if p) if d}

    # -- every file ------------------------------------------------------------

    def check_fields(self, source: Source) -> None:
        fields = self.fields
        seen: dict[str, int] = {}
        for f in source.fields:
            if f.name in seen:
                self.add(
                    source, f.key, f"written twice (also on line {seen[f.name]}); keep only one {f.key} line", f.line
                )
            seen.setdefault(f.name, f.line)
            if fields.find(f.key) is None and fields.suggest(f.key):
                self.add(source, f.key, fields.unknown(source.shown, f.key, f.key).message, f.line)
        if source.ended_by_text:
            # "Care group: Older Adults": a field name with a space ends the
            # fields, and the line would be printed as text.
            line = source.lines[source.body_start]
            match = FIELD_LIKE_RE.match(line)
            if match and " " in match.group("key").strip():
                key = match.group("key").strip()
                hint = fields.suggest(key)
                if hint:
                    self.add(
                        source,
                        key,
                        f'is not read as a field (field names have no spaces) and would show as text; write "{hint}:" '
                        "instead",
                        source.body_start + 1,
                    )

    def check_title(self, source: Source, message: str) -> None:
        if not plain_text(html.escape(source.value("title"), quote=False)):
            self.add(source, "Title", message, source.line_of("title"))

    def check_status(self, source: Source) -> None:
        status = source.get("status")
        if status and status.value.lower() not in STATUSES:
            self.add(source, "Status", MESSAGES["status"].format(status=status.value), status.line)

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
        elif PLACEHOLDER in body and source.value("status").lower() != "draft":
            # Normal in a draft; an error once the bulletin is to be published.
            offset = body.index(PLACEHOLDER)
            self.add(
                source,
                "Body",
                f"still has the example line from make newpost; replace it with the {kind}",
                source.body_line_at(offset),
            )

    def check_body_markup(self, source: Source) -> None:
        """Scripts, embedded pages, event attributes and script links are
        refused; images need alt text; {filename} links must lead somewhere."""
        body = source.body
        for match in UNSAFE_TAG_RE.finditer(body):
            tag = match.group("tag").lower()
            if tag == "script":
                message = "<script> is not allowed (it would run a program on readers' computers); remove it"
            else:
                message = (
                    f"<{tag}> (a page or program inside the page) is not allowed; remove it and link to the page "
                    "instead, e.g. [Watch the video](https://...)"
                )
            self.add(source, "Body", message, source.body_line_at(match.start()))
        for match in EVENT_ATTR_RE.finditer(body):
            attr = match.group("attr").lower()
            self.add(
                source,
                "Body",
                f"the {attr}= attribute is not allowed (it runs a program); remove it",
                source.body_line_at(match.start("attr")),
            )
        for number, line in source.body_lines():
            if SCRIPT_URL_RE.search(html.unescape(line)):
                self.add(
                    source,
                    "Body",
                    'a "javascript:" link is not allowed (it runs a program); link to a web address starting with '
                    "https:// instead",
                    number,
                )
            self.check_images(source, number, line)
            self.check_links(source, number, line)

    def check_images(self, source: Source, number: int, line: str) -> None:
        for match in MD_IMAGE_RE.finditer(line):
            if not match.group("alt").strip():
                src = match.group("src")
                self.add(
                    source,
                    "Body",
                    f"the image {src} has no alt text; describe it between the square brackets: "
                    f"![What the picture shows]({src})",
                    number,
                )
        for match in MD_REF_IMAGE_RE.finditer(line):
            if not match.group("alt").strip():
                self.add(
                    source,
                    "Body",
                    f"the image [{match.group('ref')}] has no alt text; describe it between the first square "
                    "brackets: ![What the picture shows]",
                    number,
                )
        for match in HTML_IMG_RE.finditer(line):
            attrs = {m.group("name").lower(): (m.group("dq") or m.group("sq") or m.group("bare") or "")
                     for m in ATTR_RE.finditer(match.group("attrs"))}  # fmt: skip
            if not attrs.get("alt", "").strip():
                self.add(
                    source,
                    "Body",
                    f'the image {attrs.get("src", "")} has no alt text; add alt="what the picture shows" to the '
                    "<img> tag",
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
                continue
            suggestion = self.close_file(resolved)
            if suggestion:
                shown = "/" + suggestion if target.startswith("/") else posixpath.relpath(suggestion, base or ".")
                fix = f"did you mean {{{kind}}}{shown}?"
            else:
                fix = f"check the file name in {self.site.root.name}/"
            self.add(source, "Body", f"the link {{{kind}}}{written} leads to a file that does not exist; {fix}", number)

    def close_file(self, wanted: str) -> str | None:
        """The existing file in the same folder whose name is closest."""
        folder, name = posixpath.split(wanted)
        names = {posixpath.basename(f): f for f in self.known_files if posixpath.dirname(f) == folder}
        close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None

    # -- bulletins -----------------------------------------------------------------

    def filename_metadata(self, source: Source) -> dict[str, str]:
        pattern = self.settings.get("FILENAME_METADATA")
        match = re.match(pattern, Path(source.rel).stem) if pattern else None
        return {k: v for k, v in match.groupdict().items() if v is not None} if match else {}

    def check_date(self, source: Source) -> None:
        from_name = self.filename_metadata(source).get("date")
        date = None
        if from_name:
            try:
                date = read_date(from_name)
            except ValueError:
                self.add(
                    source,
                    "File",
                    f'the date in the file name, "{from_name}", is not a real date; rename the file '
                    "YYYY-MM-DD-name.md with a real date",
                )
        written = source.get("date")
        if written is not None:
            try:
                date = read_date(written.value)
            except ValueError:
                self.add(
                    source,
                    "Date",
                    f'cannot read the date "{written.value}"; write it as YYYY-MM-DD HH:MM, e.g. {EXAMPLE_DATE}',
                    written.line,
                )
                return
        elif not from_name:
            self.add(source, "Date", MESSAGES["date"])
            return
        if date is None:
            return
        zone = self.site.now.tzinfo
        when = date if date.tzinfo else date.replace(tzinfo=zone)
        if when > self.site.now and source.value("status").lower() != "draft":
            self.add(
                source,
                "Date",
                f"scheduled for {shown_date(when)}: it appears on the live site that day; "
                'add "Status: draft" to hold it back',
                source.line_of("date"),
                severity=SCHEDULED,
            )

    def check_names_field(self, source: Source, name: str, key: str, directory: Directory) -> None:
        f = source.get(name)
        if f is None:
            return
        # As the build reads them: split, then escaped by the safecontent reader.
        names = split_names([html.escape(n, quote=False) for n in ensure_metadata_list(f.as_pelican_reads_it)])
        _, problems = directory.resolve(source.shown, key, names)
        self.problems.extend(replace(p, line=f.line) for p in problems)

    def check_names(self, source: Source) -> None:
        self.check_names_field(source, "care_groups", "Care_groups", self.care_groups)
        self.check_names_field(source, "champions", "Champions", self.champions)

    def check_personal_data(self, source: Source) -> None:
        for index, line in enumerate(source.lines):
            number = index + 1
            where = "Body"
            if index < source.body_start:
                match = re.match(r"^\s*([A-Za-z0-9_-]+):", line)
                where = match.group(1) if match else where
            for email in EMAIL_RE.findall(line):
                if email.casefold() not in self.emails:
                    self.add(
                        source,
                        where,
                        f"the e-mail address {email} is not a champion's or the branch's; remove it (personal data), "
                        f'or if it is a champion\'s, add "Email: {email}" to their file',
                        number,
                    )
            for text, digits in find_phones(line):
                if digits not in self.phones:
                    self.add(
                        source,
                        where,
                        f"the phone number {text} is not a champion's or the branch's; remove it (personal data), "
                        f'or if it is a champion\'s, add "Phone: {text}" to their file',
                        number,
                    )

    def slug_of(self, source: Source) -> tuple[str, str]:
        """The slug Pelican gives a file, and where it comes from."""
        if source.value("slug"):
            return source.value("slug"), "field"
        from_name = self.filename_metadata(source).get("slug")
        if from_name:
            return from_name, "file"
        return slugify(source.value("title"), regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])), "title"

    def check_slugs(self, sources: list[Source], kind: str) -> None:
        users = defaultdict(list)
        for source in sources:
            if not source.value("title"):
                continue  # reported already; no address to check
            slug, origin = self.slug_of(source)
            users[slug].append(source)
            if SLUG_RE.match(slug):
                continue
            better = slugify(slug, regex_subs=self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "bulletin"
            if origin == "file":
                date = self.filename_metadata(source).get("date", "YYYY-MM-DD")
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
            f = source.get("series")
            if f and f.value:
                by_name[html.escape(f.value, quote=False)].append(source)
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


def check_site(settings: dict, now: datetime.datetime | None = None) -> list[Problem]:
    return Checker(read_site(settings, now)).run()


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


def main(argv=None, stream=None) -> int:
    stream = stream or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, help="the content folder (default: the settings' PATH)")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(args.settings, args.content)
        site = read_site(settings)
        problems = Checker(site).run()
    except Exception as error:
        if os.environ.get("DEBUG") == "1":
            raise
        print(f"error: the check could not run: {error}. Nothing was changed.", file=stream)
        return 2
    report(problems, stream)
    print(summary(problems, len(site.all_sources) + len(site.problems)), file=stream)
    return 1 if any(p.severity == ERROR for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
