"""Reading an export of the old blog: Blogger's (Google Takeout's
`feed.atom`, the 2018 schema, and the older Blogger export) and
WordPress's (WXR 1.1 and 1.2), into plain `Entry`s.

The XML is untrusted: it is parsed with defusedxml's ElementTree, which
refuses entities, external DTDs and "billion laughs". What each format says
was learnt from Pelican's own importer (pelican/tools/pelican_import.py:
blogger2fields, wp2fields), which reads the older Blogger export only,
fails on Takeout's `feed.atom` (Pelican issue #2703: no `kind` category),
writes comments as articles and drops Blogger's /YYYY/MM/ (here: kept)."""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

ATOM = "{http://www.w3.org/2005/Atom}"
BLOGGER_2018 = "{http://schemas.google.com/blogger/2018}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
APP = ("{http://purl.org/atom/app#}", "{http://www.w3.org/2007/app}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
WP = re.compile(r"^\{http://wordpress\.org/export/1\.[0-9]+/\}")

EXPECTED = "a Blogger export (Google Takeout's feed.atom, or Blogger's older export) or a WordPress export (WXR)"

POST, PAGE = "post", "page"
# What is never imported, by the name the report counts it under.
SKIPPED_KINDS = {"comment": "comments", "settings": "settings", "template": "templates", "layout": "templates"}
PUBLISHED, DRAFT = "published", "draft"


class ExportError(ValueError):
    """The file is not an export this command reads: one plain sentence."""


@dataclass
class Entry:
    """One post or page of the old blog, as its export gives it."""

    kind: str  # POST or PAGE
    status: str  # PUBLISHED or DRAFT
    title: str
    html: str
    date: datetime.datetime | None  # as the old blog showed it (its own time of day)
    slug: str  # the old blog's name for it ("" when it had none)
    old_address: str  # the path it had on the old site ("/2007/07/name.html"), "" when none
    labels: list[str] = field(default_factory=list)
    author: str = ""  # a display name only, never an e-mail address
    ids: list[str] = field(default_factory=list)  # other names links may use (WordPress's ?p=12)


@dataclass
class Export:
    """What one export file holds: its entries, what was skipped, by kind,
    and the old site's host names (for links between posts)."""

    format: str
    entries: list[Entry] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def read_export(path: Path) -> Export:
    """The export at `path`, or ExportError saying what it is instead."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ExportError(f"{path} is a folder, not an export file; name {EXPECTED}") from None
    except OSError as error:
        raise ExportError(f"{path} cannot be read ({error.strerror}); name {EXPECTED}") from None
    if not data.strip():
        raise ExportError(f"{path} is empty; expected {EXPECTED}")
    if zipfile.is_zipfile(path):
        raise ExportError(
            f"{path} is a zip archive; unzip it first (Google Takeout's holds Blogger/Blogs/<name>/feed.atom), "
            f"then name the file inside: {EXPECTED}"
        )
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ExportError(
            f"{path} declares entities or a document type, which an export never needs and which are not read; "
            f"expected {EXPECTED}"
        ) from None
    except ElementTree.ParseError:
        raise ExportError(f"{path} is not XML; expected {EXPECTED}") from None
    if root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        if any(e.find(f"{BLOGGER_2018}type") is not None for e in entries):
            return read_takeout(root)
        if any(kind_of(e) for e in entries):
            return read_blogger(root)
        raise ExportError(f"{path} is an Atom feed but not a Blogger export; expected {EXPECTED}")
    if root.tag == "rss":
        if any(WP.match(element.tag) for element in root.iter()):
            return read_wxr(root)
        raise ExportError(f"{path} is an RSS feed but not a WordPress export; expected {EXPECTED}")
    raise ExportError(f"{path} is XML of another kind (<{local(root.tag)}>); expected {EXPECTED}")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def text(element, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def wall_clock(value: str) -> datetime.datetime | None:
    """The date and time as the old blog showed them (its own zone's time of
    day, the offset dropped): the day readers saw, and the month of its
    address. None when there is no readable date."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    match = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})", value)
    if not match:
        return None
    try:
        return datetime.datetime.strptime(f"{match.group(1)} {match.group(2)}", "%Y-%m-%d %H:%M")
    except ValueError:
        return None


def display_name(name: str) -> str:
    """An author's name as it may be shown: never an e-mail address, nor
    Blogger's placeholder for an unknown author."""
    name = " ".join((name or "").split())
    if not name or "@" in name or name.casefold() in {"unknown", "anonymous", "admin"}:
        return ""
    return name


def path_of(url: str) -> str:
    return urlsplit(url).path if url else ""


# -- Blogger: Google Takeout's feed.atom (2018) ---------------------------------


def read_takeout(root) -> Export:
    export = Export("Blogger (Google Takeout feed.atom)")
    for entry in root.findall(f"{ATOM}entry"):
        kind = text(entry, f"{BLOGGER_2018}type").upper()
        status = text(entry, f"{BLOGGER_2018}status").upper()
        if kind not in ("POST", "PAGE"):
            export.skip(
                f"{kind.lower() or 'unknown'}s" if kind == "COMMENT" else f"{kind.lower() or 'unknown'} entries"
            )
            continue
        if status in ("DELETED", "SOFT_TRASHED", "TRASHED"):
            export.skip(f"deleted {kind.lower()}s")
            continue
        if status not in ("LIVE", "DRAFT", "SCHEDULED"):
            export.skip(f"{kind.lower()}s with the status {status or 'none'}")
            continue
        filename = text(entry, f"{BLOGGER_2018}filename")
        for link in entry.findall(f"{ATOM}link"):
            if link.get("rel") == "alternate" and link.get("href"):
                export.hosts.add(urlsplit(link.get("href")).netloc.lower())
                filename = filename or path_of(link.get("href"))
        export.entries.append(
            Entry(
                kind=POST if kind == "POST" else PAGE,
                status=PUBLISHED if status == "LIVE" else DRAFT,
                title=text(entry, f"{ATOM}title"),
                html=text(entry, f"{ATOM}content"),
                date=wall_clock(text(entry, f"{ATOM}published") or text(entry, f"{BLOGGER_2018}created")),
                slug=Path(filename).stem if filename else "",
                old_address=filename,
                labels=[c.get("term", "").strip() for c in entry.findall(f"{ATOM}category") if c.get("term")],
                author=display_name(text(entry, f"{ATOM}author/{ATOM}name")),
            )
        )
    return export


# -- Blogger: the older export (kind#post categories) ------------------------------


def kind_of(entry) -> str:
    for category in entry.findall(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return (category.get("term") or "").removeprefix(KIND)
    return ""


def read_blogger(root) -> Export:
    export = Export("Blogger (export)")
    for link in root.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("href"):
            export.hosts.add(urlsplit(link.get("href")).netloc.lower())
    for entry in root.findall(f"{ATOM}entry"):
        kind = kind_of(entry)
        if kind not in ("post", "page"):
            export.skip(
                {"comment": "comments", "settings": "settings", "template": "templates"}.get(kind, "other entries")
            )
            continue
        draft = any(text(entry, f"{app}control/{app}draft").lower() == "yes" for app in APP)
        address = ""
        for link in entry.findall(f"{ATOM}link"):
            if link.get("rel") == "alternate" and link.get("href"):
                address = path_of(link.get("href"))
                export.hosts.add(urlsplit(link.get("href")).netloc.lower())
        export.entries.append(
            Entry(
                kind=POST if kind == "post" else PAGE,
                status=DRAFT if draft else PUBLISHED,
                title=text(entry, f"{ATOM}title"),
                html=text(entry, f"{ATOM}content"),
                date=wall_clock(text(entry, f"{ATOM}published")),
                slug=Path(address).stem if address else "",
                old_address=address,
                labels=[
                    c.get("term", "").strip()
                    for c in entry.findall(f"{ATOM}category")
                    if c.get("scheme") == LABEL_SCHEME and c.get("term")
                ],
                author=display_name(text(entry, f"{ATOM}author/{ATOM}name")),
            )
        )
    return export


# -- WordPress: WXR 1.1 and 1.2 ---------------------------------------------------------


def read_wxr(root) -> Export:
    export = Export("WordPress (WXR)")
    channel = root.find("channel")
    if channel is None:
        raise ExportError(f"this RSS file has no <channel>; expected {EXPECTED}")
    wp = next(WP.match(e.tag).group(0) for e in root.iter() if WP.match(e.tag))
    for name in ("link", f"{wp}base_site_url", f"{wp}base_blog_url"):
        host = urlsplit(text(channel, name)).netloc.lower()
        if host:
            export.hosts.add(host)
    # The authors' display names, by login (an item names its author's login).
    authors = {
        text(a, f"{wp}author_login"): text(a, f"{wp}author_display_name") for a in channel.findall(f"{wp}author")
    }
    for item in channel.findall("item"):
        kind = text(item, f"{wp}post_type") or "post"
        status = text(item, f"{wp}status")
        comments = len(item.findall(f"{wp}comment"))
        if comments:
            export.skipped["comments"] = export.skipped.get("comments", 0) + comments
        if kind not in ("post", "page"):
            export.skip({"attachment": "attachments", "nav_menu_item": "menu items"}.get(kind, f"{kind} items"))
            continue
        if status in ("trash", "auto-draft", "inherit"):
            export.skip(f"deleted {kind}s" if status == "trash" else f"{kind}s with the status {status}")
            continue
        if status not in ("publish", "draft", "pending", "private", "future"):
            export.skip(f"{kind}s with the status {status or 'none'}")
            continue
        if status == "private":
            export.skip(f"private {kind}s (members of the old site only)")
            continue
        if text(item, f"{wp}post_password"):
            # Behind a password on the old site: for members only, never published here.
            export.skip("members-only (password-protected)")
            continue
        link = text(item, "link")
        post_id = text(item, f"{wp}post_id")
        login = text(item, f"{DC}creator")
        export.entries.append(
            Entry(
                kind=kind,
                status=PUBLISHED if status in ("publish", "future") else DRAFT,
                title=text(item, "title"),
                html=text(item, f"{CONTENT}encoded"),
                date=wall_clock(text(item, f"{wp}post_date")),
                slug=text(item, f"{wp}post_name"),
                old_address=path_of(link) if link and not urlsplit(link).query else "",
                labels=[
                    (c.text or "").strip()
                    for c in item.findall("category")
                    if c.get("domain") in ("category", "post_tag")
                    and (c.text or "").strip()
                    and c.get("nicename") not in ("uncategorized", "uncategorised")
                ],
                author=display_name(authors.get(login) or ""),
                ids=[f"p={post_id}", f"page_id={post_id}"] if post_id else [],
            )
        )
    return export
