"""Links in a file's text, against the other files of the site: a
{filename} or {static} link to a file that does not exist (with the
nearest name), {static} naming a content file, a published page linking to
a draft or to a bulletin scheduled for later, a link inside the site
written as an address instead of {filename}/{static}, and mailto:/tel:
links, which would print a contact in the page.

Pelican itself leaves a missing {filename} link as it is and says only
"Unable to find" with no file or line (secretary/build.py leaves that out:
these rules name both)."""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from caregroups.contacts import email_key, phone_key

from ..book import BULLETIN, CARE_GROUP, CHAMPION, EVENT, PAGE, Item, SiteFiles, site_rule
from ..problem import Problem
from ..slugs import safe_slug
from .essentials import is_scheduled, metadata
from .events import left_out_events
from .personal import contact_book, link_instead

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
# A replacement indicator in a link or picture address ({filename}, {static},
# ...), as Pelican finds them; those it knows are below.
INDICATOR_RE = re.compile(
    r"(?:\]\(\s*<?|\]:\s*<?|\b(?:href|src)\s*=\s*[\"']?)\{(?P<what>[^{}\s/]{1,30})\}", re.IGNORECASE
)
KNOWN_INDICATORS = ("filename", "static", "attach", "index", "tag", "category", "author")
# What the message of an unknown indicator says (secretary/build.py leaves
# out Pelican's own once this one is said).
UNKNOWN_INDICATOR = "is not a kind of link the site knows"

# What the message of a {filename} link to no file says (secretary/build.py
# leaves out Pelican's own message about it once this one is said).
MISSING_LINK = "leads to a file that does not exist"
# ... and of a {filename} link to a meeting the build leaves out (the build
# says it in these words too: secretary/build.py).
LEFT_OUT_MEETING = "leads to a meeting the site leaves out until its own problems are fixed: see the lines for"
# A line none of the patterns above can match holds none of these: most
# lines of most files are passed over at the cost of one search.
MAY_LINK_RE = re.compile(r"[{|\]@]|href|src|mailto|tel:", re.IGNORECASE)


def site_addresses(site: SiteFiles, settings: dict) -> dict[str, str]:
    """Each content file's web address (as Pelican gives it, from the
    site's root) -> the file: to name the file a hand-written link means."""
    addresses = {}
    for item in site.items:
        url = getattr(item.read, "url", None) if item.kind in (BULLETIN, PAGE, EVENT) else None
        if item.kind in (CARE_GROUP, CHAMPION) and item.read is not None:
            key = "CAREGROUP_URL" if item.kind == CARE_GROUP else "CHAMPION_URL"
            slug = item.read.metadata.get("slug") or safe_slug(PurePosixPath(item.source.rel).stem, {})
            url = settings.get(key, "").format(slug=slug) or None
        if url:
            addresses[url.split("#", 1)[0]] = item.source.rel
    return addresses


class Links:
    """The link rules over one site: what every file's links are checked against."""

    def __init__(self, site: SiteFiles, settings: dict):
        self.site = site
        self.settings = settings
        self._addresses: dict[str, str] | None = None

    @cached_property
    def left_out(self) -> set[str]:
        """The meetings the rules leave out (rules/events.py)."""
        return left_out_events(self.site.of_kind(EVENT), self.settings)

    @property
    def addresses(self) -> dict[str, str]:
        if self._addresses is None:
            self._addresses = site_addresses(self.site, self.settings)
        return self._addresses

    def problems(self, item: Item) -> Iterator[Problem]:
        for written in item.source.fields:
            if written.name == "summary":  # Pelican replaces {filename} links there too
                for offset, value in enumerate(written.values):
                    yield from self.links(item, written.line + offset, value, written.key)
        for number, line in item.source.body_lines():
            if not MAY_LINK_RE.search(line):
                continue
            yield from self.unknown_indicators(item, number, line)
            yield from self.contact_links(item, number, html.unescape(line) if "&" in line else line)
            yield from self.links(item, number, line)
            yield from self.hand_written_links(item, number, line)

    def unknown_indicators(self, item: Item, number: int, line: str) -> Iterator[Problem]:
        """{filname}, {Filename}, {Static}: Pelican leaves the link as it is
        (it leads nowhere on the live site) and says so in its own words."""
        for match in INDICATOR_RE.finditer(line):
            what = match.group("what")
            if what in KNOWN_INDICATORS:
                continue
            close = difflib.get_close_matches(what.lower(), KNOWN_INDICATORS, n=1, cutoff=0.6)
            hint = (
                f"did you mean {{{close[0]}}}?"
                if close
                else "write {filename} for a bulletin or page, {static} for a picture or document"
            )
            yield item.problem("Body", f"{{{what}}} {UNKNOWN_INDICATOR}, so the link leads nowhere; {hint}", number)

    def contact_links(self, item: Item, number: int, line: str) -> Iterator[Problem]:
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
            owner = contact_book(self.settings).get(key) if key else None
            yield item.problem(
                "Body",
                f"the {what} link {shown} is not allowed (it would show the {thing} to programs that collect them); "
                f"{link_instead(item, self.settings, owner)}",
                number,
            )

    def hand_written_links(self, item: Item, number: int, line: str) -> Iterator[Problem]:
        """A link or picture inside the site written as an address
        (`../pages/about.html`, `/images/x.png`, `about.md`) instead of
        {filename} or {static}: it breaks when the page it is on, or the one
        it leads to, moves (a bulletin's page is not beside its file).
        Named when it means one of the site's files, with the form to use."""
        source = item.source
        known = self.site.known_files
        for match in HAND_LINK_RE.finditer(line):
            written = match.group("url") or match.group("url2") or match.group("url3")
            if written.startswith(("#", "{", "|")) or urlsplit(written).scheme or written.startswith("//"):
                continue
            path = unquote(written.split("#", 1)[0].split("?", 1)[0])
            if not path:
                continue
            folder = str(PurePosixPath(source.rel).parent)
            as_file = posixpath.normpath(posixpath.join("" if path.startswith("/") else folder, path.lstrip("/")))
            page_url = getattr(item.read, "url", "") or ""
            as_page = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path)).lstrip("/")
            # The address as the page's own (the right reading), or as the
            # file's folder (what a writer looking at content/ means).
            target = None
            for candidate in (as_page, as_file):
                for form in (candidate, candidate.rstrip("/") + "/", candidate.removesuffix("index.html")):
                    target = target or self.addresses.get(form)
            kind = "static" if as_file in known and not as_file.endswith(".md") else "filename"
            if as_file in known:
                target = as_file
            if not target:
                if path.startswith("/"):
                    # The live site is not at the root of its web address
                    # (SITEURL has a folder), so /x leads nowhere there.
                    yield item.problem(
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
            yield item.problem(
                "Body",
                f"the {what} {written} is written as an address, which breaks when pages move; write {form} instead",
                number,
            )

    def links(self, item: Item, number: int, line: str, field: str = "Body") -> Iterator[Problem]:
        source = item.source
        for match in LINK_RE.finditer(line):
            kind = match.group("kind") or match.group("old")
            written = match.group("target")
            target = unquote(written.split("#", 1)[0].split("?", 1)[0])
            if not target:
                continue
            base = "" if target.startswith("/") else str(PurePosixPath(source.rel).parent)
            resolved = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
            if resolved in self.site.known_files:
                yield from self.link_kind(item, number, kind, written, resolved, field=field)
                continue
            suggestion = self.close_file(resolved)
            if suggestion:
                shown = "/" + suggestion if target.startswith("/") else posixpath.relpath(suggestion, base or ".")
                fix = f"did you mean {{{kind}}}{shown}?"
            else:
                fix = f"check the file name in {self.site.root.name}/"
            message = f"the link {{{kind}}}{written} {MISSING_LINK}; {fix}"
            yield item.problem(field, message, number)

    def link_kind(
        self, item: Item, number: int, kind: str, written: str, resolved: str, *, field: str = "Body"
    ) -> Iterator[Problem]:
        """{static} or {attach} names a picture or document, {filename} a
        bulletin, page or meeting; and a published page may not link to a draft (on
        the live site the link would lead to the home page)."""
        content = self.site.by_rel
        if kind in ("static", "attach") and (resolved in content or resolved.lower().endswith(".md")):
            yield item.problem(
                field,
                f"the link {{{kind}}}{written} names a content file, which is not published as it is; write "
                f"{{filename}}{written} instead",
                number,
            )
        if kind == "filename" and resolved not in content and not resolved.lower().endswith(".md"):
            yield item.problem(
                field,
                f"the link {{filename}}{written} names a picture or document; write {{static}}{written} instead",
                number,
            )
        target = content.get(resolved)
        if kind == "filename" and target is not None and target.kind == EVENT and resolved in self.left_out:
            yield item.problem(
                field,
                f"the link {{filename}}{written} {LEFT_OUT_MEETING} {target.source.shown}; fix that file, or remove "
                "the link",
                number,
            )
            return
        scheduled = target is not None and is_scheduled(target, self.settings)
        if (
            kind == "filename"
            and item.kind in (BULLETIN, PAGE, EVENT)
            and target is not None
            and (drafted(target) or scheduled)
            and not drafted(item)
            and not is_scheduled(item, self.settings)
        ):
            what = "a bulletin scheduled for later" if scheduled else "a draft"
            yield item.problem(
                field,
                f"the link {{filename}}{written} leads to {what}, which is not on the live site; publish that "
                "first, or remove the link",
                number,
            )

    def close_file(self, wanted: str) -> str | None:
        """The existing file in the same folder whose name is closest."""
        folder, name = posixpath.split(wanted)
        names = {posixpath.basename(f): f for f in self.site.known_files if posixpath.dirname(f) == folder}
        close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
        return names[close[0]] if close else None


def drafted(item: Item) -> bool:
    """Written as a draft (Status: draft), whatever else holds it back."""
    return metadata(item).get("status") == "draft"


@site_rule
def links(site: SiteFiles, settings):
    rules = Links(site, settings)
    for item in site.items:
        yield from rules.problems(item)
