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

import datetime
import difflib
import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pelican.readers import ensure_metadata_list
from pelican.settings import read_settings
from pelican.utils import get_date, slugify

from caregroups.model import Directory, Entry, Problem, digits_pattern, plain_text, split_names
from caregroups.plugin import DEFAULTS as CAREGROUP_DEFAULTS
from publishing.buildtime import build_time

from ..gates import NOT_FETCHED, RESOURCE_ATTRIBUTES, SRCSET_TAGS, srcset_urls
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
MD_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<url>[^\s>]+)")
HTML_TAG_RE = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b(?P<attrs>[^>]*)>", re.DOTALL)
ATTR_RE = re.compile(r"""(?P<name>[^\s=/>]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?""")
# HTML a bulletin may not contain, and why. The gates refuse the same in the
# built site (gates.check_csp and check_privacy); here the secretary learns it
# before publishing, with the line to change.
EMBEDDED = (
    "<{tag}> (a page or program inside the page) is not allowed; remove it and link to the page instead, "
    "e.g. [Watch the video](https://...)"
)
UNSAFE_TAGS = {
    "script": "<script> is not allowed (it would run a program on readers' computers); remove it",
    "iframe": EMBEDDED,
    "object": EMBEDDED,
    "embed": EMBEDDED,
    "style": "<style> is not allowed (the site's security settings make browsers ignore it); remove it",
    "meta": "<meta> is not allowed (it could send readers to another page); remove it",
    "base": "<base> is not allowed (it would change where every link on the page leads); remove it",
    "form": (
        "<form> is not allowed (what readers type could be sent to another website); remove it and link to "
        "the form instead, e.g. [Fill in the survey](https://...)"
    ),
}
UNSAFE_TAG_RE = re.compile(r"<\s*(?P<tag>" + "|".join(UNSAFE_TAGS) + r")\b", re.IGNORECASE)
UNSAFE_ATTR_RE = re.compile(r"<[A-Za-z][^>]*?[\s\"'/](?P<attr>on[a-z]+|style)\s*=", re.IGNORECASE | re.DOTALL)
# A link that would print a contact in the page: [Helen](mailto:...),
# <a href="tel:...">, a reference [h]: mailto:..., or an autolink
# <h.davies@example.org>. "Tel: 020 ..." in the text is not a link.
CONTACT_LINK_RE = re.compile(
    r"(?:\]\(\s*<?|\]:\s*<?|href\s*=\s*[\"']?\s*)(?P<link>(?:mailto|tel):[^)\s\"'>]*)"
    r"|<(?P<auto>(?:mailto:)?[^\s<>@]+@[^\s<>]+)>",
    re.IGNORECASE,
)
EXTENDS_RE = re.compile(r"""\{%-?\s*extends\s+["'](?P<parent>[^"']+)\.html["']""")
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


def is_whole_number(value: str) -> bool:
    """As the series plugin reads Series_index (int())."""
    try:
        int(value)
    except ValueError:
        return False
    return True


def from_elsewhere(url: str) -> bool:
    """Whether a browser would fetch this address from another website: it
    names its own scheme or host (https://..., //...). {static} and relative
    addresses stay on the site; mailto: and the like fetch nothing."""
    url = html.unescape(url).strip()
    if not url or url.lower().startswith(NOT_FETCHED):
        return False
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


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
    # The same clock as the build: SOURCE_DATE_EPOCH when set, so check and
    # publish agree on which bulletins are scheduled.
    site = Site(root=root, settings=settings, now=now or build_time().astimezone(zone))
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
        # Each address and number a bulletin may print (lower-case address,
        # digits of the number), and the page to link instead: (its name, its file).
        self.contacts: dict[str, tuple[str, str]] = {}
        self.templates = theme_templates(site.settings)
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
            self.check_values(source)
            self.check_personal_data(source)
        for source in site.bulletins:
            self.check_date(source)
            self.check_names(source)
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
        """The addresses and numbers a bulletin may print (the champions'
        and the branch's), each with the page to link to instead where it
        cannot be printed."""
        contact = self.settings.get("BRANCH_CONTACT") or {}
        contact_page = self.settings.get("CONTACT_PAGE_SOURCE") or CAREGROUP_DEFAULTS["CONTACT_PAGE_SOURCE"]
        owners = []
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
            owners.append((email, phone, (source.value("title"), source.rel)))
        owners.append((contact.get("email") or "", contact.get("phone") or "", ("Contact the branch", contact_page)))
        for email, phone, page in owners:
            digits = phone_digits(phone) if phone else None
            for key in (email.strip().casefold(), digits):
                if key:
                    self.contacts.setdefault(key, page)

    def link_instead(self, source: Source, key: str | None) -> str:
        """The fix for a contact a file may not print: a link, from this
        file's folder, to the page of the champion (or the branch) it
        belongs to; for anyone else's, an example."""
        if key in self.contacts:
            name, target = self.contacts[key]
            how = ":"
        else:
            name, target = "Name", setting_paths(self.settings, "CHAMPION_PATHS")[0] + "/name.md"
            how = ", e.g."
        relative = posixpath.relpath(target, posixpath.dirname(source.rel) or ".")
        return f"link to their page instead{how} [{name}]({{filename}}{relative})"

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
        """What the gates would refuse in the built site, said here with the
        line to change: scripts, embedded pages, styles, forms and the like,
        event and style attributes, script links, links that print a contact,
        and anything loaded from another website. Images need alt text;
        {filename} links must lead somewhere."""
        body = source.body
        for match in UNSAFE_TAG_RE.finditer(body):
            tag = match.group("tag").lower()
            self.add(source, "Body", UNSAFE_TAGS[tag].format(tag=tag), source.body_line_at(match.start()))
        for match in UNSAFE_ATTR_RE.finditer(body):
            attr = match.group("attr").lower()
            if attr == "style":
                message = "the style= attribute is not allowed (the site's security settings make browsers ignore it)"
            else:
                message = f"the {attr}= attribute is not allowed (it runs a program)"
            self.add(source, "Body", f"{message}; remove it", source.body_line_at(match.start("attr")))
        for match in HTML_TAG_RE.finditer(body):
            attrs = {m.group("name").lower(): (m.group("dq") or m.group("sq") or m.group("bare") or "")
                     for m in ATTR_RE.finditer(match.group("attrs"))}  # fmt: skip
            self.check_element(source, match.group("tag").lower(), attrs, source.body_line_at(match.start()))
        references = {}
        for _, line in source.body_lines():
            match = MD_REF_DEF_RE.match(line)
            if match:
                references.setdefault(match.group("ref").casefold(), match.group("url"))
        for number, line in source.body_lines():
            if SCRIPT_URL_RE.search(html.unescape(line)):
                self.add(
                    source,
                    "Body",
                    'a "javascript:" link is not allowed (it runs a program); link to a web address starting with '
                    "https:// instead",
                    number,
                )
            self.check_contact_links(source, number, html.unescape(line))
            self.check_images(source, number, line, references)
            self.check_links(source, number, line)

    def check_element(self, source: Source, tag: str, attrs: dict[str, str], number: int) -> None:
        """An HTML element in the text: alt text on an image, and nothing
        loaded from elsewhere (the elements and attributes the privacy gate
        reads). Elements refused outright are reported once, above."""
        if tag in UNSAFE_TAGS:
            return
        if tag == "img" and not attrs.get("alt", "").strip():
            self.add(
                source,
                "Body",
                f'the image {attrs.get("src", "")} has no alt text; add alt="what the picture shows" to the <img> tag',
                number,
            )
        urls = [(name, attrs[name]) for element, name in RESOURCE_ATTRIBUTES if element in (tag, "*") and name in attrs]
        if tag in SRCSET_TAGS and "srcset" in attrs:
            urls += [("srcset", url) for url in srcset_urls(attrs["srcset"])]
        for name, url in urls:
            if from_elsewhere(url):
                picture = tag in ("img", "input") or name in ("poster", "srcset")
                self.add(source, "Body", self.loaded_from_elsewhere(url, None if picture else tag), number)

    def loaded_from_elsewhere(self, url: str, tag: str | None = None) -> str:
        """The message for a picture (tag None) or another file the page
        would load from another website."""
        why = (
            "is on another website, and the site loads nothing from other websites (that would tell them who reads "
            "the page)"
        )
        if tag == "link":
            return f"the <link> file {url} {why}; remove it"
        if tag is not None:
            return f"the <{tag}> file {url} {why}; remove it and link to it instead, e.g. [Play the recording]({url})"
        folder = (self.settings.get("STATIC_PATHS") or ["images"])[0]
        name = unquote(posixpath.basename(urlsplit(url).path))
        if "." not in name:
            name = "name.png"
        return (
            f"the image {url} {why}; images must be part of the site: save the picture in "
            f"{self.site.root.name}/{folder}/ and link it with {{static}}/{folder}/{name}"
        )

    def check_contact_links(self, source: Source, number: int, line: str) -> None:
        """mailto: and tel: links and e-mail autolinks, even to a champion:
        the build hides a champion's address or number written as text, but
        in a link it would be printed (and the page broken)."""
        for match in CONTACT_LINK_RE.finditer(line):
            shown = match.group("link") or f"<{match.group('auto')}>"
            target = match.group("link") or match.group("auto")
            phone = target.lower().startswith("tel:")
            address = unquote(re.sub(r"^(?:mailto|tel):", "", target, flags=re.IGNORECASE).split("?", 1)[0])
            key = phone_digits(address) if phone else address.strip().casefold()
            what, thing = ("phone", "number") if phone else ("e-mail", "address")
            self.add(
                source,
                "Body",
                f"the {what} link {shown} is not allowed (it would show the {thing} to programs that collect them); "
                f"{self.link_instead(source, key)}",
                number,
            )

    def check_images(self, source: Source, number: int, line: str, references: dict[str, str]) -> None:
        """Markdown images: alt text, and a picture that is part of the site
        (`references` are the [name]: address lines, for ![alt][name])."""
        for match in MD_IMAGE_RE.finditer(line):
            src = match.group("src")
            if not match.group("alt").strip():
                self.add(
                    source,
                    "Body",
                    f"the image {src} has no alt text; describe it between the square brackets: "
                    f"![What the picture shows]({src})",
                    number,
                )
            if from_elsewhere(src):
                self.add(source, "Body", self.loaded_from_elsewhere(src), number)
        for match in MD_REF_IMAGE_RE.finditer(line):
            if not match.group("alt").strip():
                self.add(
                    source,
                    "Body",
                    f"the image [{match.group('ref')}] has no alt text; describe it between the first square "
                    "brackets: ![What the picture shows]",
                    number,
                )
            url = references.get((match.group("ref") or match.group("alt")).casefold(), "")
            if from_elsewhere(url):
                self.add(source, "Body", self.loaded_from_elsewhere(url), number)

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
        if source.get("date") is not None:
            date = self.written_date(source, "date")
            if date is None:
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

    def written_date(self, source: Source, name: str) -> datetime.datetime | None:
        """The date in a Date or Modified field, as Pelican reads it; None,
        and reported, when it cannot be read (Pelican would leave the file out)."""
        written = source.get(name)
        try:
            return read_date(written.value)
        except ValueError:
            self.add(
                source,
                name.capitalize(),
                f'cannot read the date "{written.value}"; write it as YYYY-MM-DD HH:MM, e.g. {EXAMPLE_DATE}',
                written.line,
            )
            return None

    def check_values(self, source: Source) -> None:
        """Fields the build reads as a date, a number or a template name: a
        value it cannot read would stop it, in words the secretary cannot use."""
        kind = "bulletin" if source in self.site.bulletins else "page"
        for name in ("modified",) if kind == "bulletin" else ("date", "modified"):
            if source.get(name) is not None:
                self.written_date(source, name)
        index = source.get("series_index")
        if index is not None and not is_whole_number(index.value):
            self.add(
                source,
                "Series_index",
                f'"{index.value}" is not a number; write the place in the series in figures, e.g. Series_index: 2',
                index.line,
            )
        template = source.get("template")
        usable = self.templates["article" if kind == "bulletin" else "page"]
        if template is not None and usable and template.value not in usable:
            self.add(
                source,
                "Template",
                f'there is no template "{template.value}" for a {kind}; leave the line out to use the usual one, or '
                f"write one of: {', '.join(usable)}",
                template.line,
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
        """Phone numbers and e-mail addresses in a bulletin or page. Only a
        champion's or the branch's may be printed, and only in a bulletin's
        text, where the build hides them behind a button. A field is printed
        as it is (lists, page descriptions, feeds, search), and so is a
        page's text: there even a champion's is refused."""
        bulletin = source in self.site.bulletins
        field_at = {f.line + i: f.key for f in source.fields for i in range(len(f.values))}
        for number, line in enumerate(source.lines, start=1):
            where = field_at.get(number, "Body")
            found = [("e-mail address", "Email", email, email.casefold()) for email in EMAIL_RE.findall(line)]
            found += [("phone number", "Phone", text, digits) for text, digits in find_phones(line)]
            for what, field_name, text, key in found:
                if key not in self.contacts:
                    message = (
                        f"the {what} {text} is not a champion's or the branch's; remove it (personal data), "
                        f'or if it is a champion\'s, add "{field_name}: {text}" to their file'
                    )
                elif not bulletin:
                    message = (
                        f'contains the {what} "{text}"; contact details cannot be hidden in a page: leave them out, '
                        f"or {self.link_instead(source, key)}"
                    )
                elif where != "Body":
                    shown_in = {"title": "a title", "summary": "a summary"}.get(where.lower(), f"the {where} field")
                    message = (
                        f'contains the {what} "{text}"; contact details cannot be hidden in {shown_in}: '
                        "leave them out, or write them in the bulletin's text"
                    )
                else:
                    continue
                self.add(source, where, message, number)

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
