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
    uid: str = ""  # the export's own name for it (Blogger's <id>, WordPress's ?p=12): the import's log


@dataclass
class Export:
    """What one export file holds: its entries, what was skipped, by kind,
    and the old site's host names (for links between posts)."""

    format: str
    site: str = ""  # the old site's name and address, as the export gives them
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
        places = ("feed.atom", "*/feed.atom", "Blogs/*/feed.atom", "Blogger/Blogs/*/feed.atom",
                  "Takeout/Blogger/Blogs/*/feed.atom")  # fmt: skip
        inside = next((found for place in places for found in sorted(path.glob(place))), None)
        hint = f' (the Blogger export inside it: FROM="{inside}")' if inside else ""
        raise ExportError(f"{path} is a folder, not an export file{hint}; name {EXPECTED}") from None
    except OSError as error:
        raise ExportError(f"{path} cannot be read ({error.strerror}); name {EXPECTED}") from None
    if not data.strip():
        raise ExportError(f"{path} is empty; expected {EXPECTED}")
    if data[:2] == b"\x1f\x8b":
        raise ExportError(
            f"{path} is a compressed archive (.tgz or .gz); unpack it first (Google Takeout's holds "
            f"Blogger/Blogs/<name>/feed.atom), then name the file inside: {EXPECTED}"
        )
    if zipfile.is_zipfile(path):
        raise ExportError(
            f"{path} is a zip archive; unzip it first (Google Takeout's holds Blogger/Blogs/<name>/feed.atom), "
            f"then name the file inside: {EXPECTED}"
        )
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise ExportError(
            f"{path} is a web page, not an export: save the export itself (Blogger: Google Takeout; WordPress: "
            f"Tools > Export); expected {EXPECTED}"
        )
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ExportError(
            f"{path} declares entities or a document type, which an export never needs and which are not read; "
            f"expected {EXPECTED}"
        ) from None
    except ElementTree.ParseError as error:
        raise ExportError(f"{path} {not_xml(data, error)}; expected {EXPECTED}") from None
    if root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        if any(e.find(f"{BLOGGER_2018}type") is not None for e in entries):
            return read_takeout(root)
        if any(kind_of(e) for e in entries):
            return read_blogger(root)
        blogger = (
            "blogger" in (text(root, f"{ATOM}id") + text(root, f"{ATOM}generator")).lower()
            or any(element.tag.startswith(BLOGGER_2018) for element in root.iter())
            or data.find(BLOGGER_2018.strip("{}").encode()) >= 0
        )
        if not entries and blogger:
            raise ExportError(f"{path} is a Blogger export with no posts in it (an empty blog); expected {EXPECTED}")
        raise ExportError(f"{path} is an Atom feed but not a Blogger export; expected {EXPECTED}")
    if root.tag == "rss":
        if any(WP.match(element.tag) for element in root.iter()):
            if root.find("channel") is None:
                raise ExportError(f"{path} is a WordPress export without its <channel>; expected {EXPECTED}")
            return read_wxr(root)
        raise ExportError(f"{path} is an RSS feed but not a WordPress export; expected {EXPECTED}")
    if local(root.tag).lower() == "html":
        raise ExportError(
            f"{path} is a web page, not an export: save the export itself (Blogger: Google Takeout; WordPress: "
            f"Tools > Export); expected {EXPECTED}"
        )
    raise ExportError(f"{path} is XML of another kind (<{local(root.tag)}>); expected {EXPECTED}")


def not_xml(data: bytes, error) -> str:
    """What a file that is not well-formed XML most likely is, as the rest of
    a sentence naming it."""
    if data.lstrip().startswith((b"<?xml", b"<feed", b"<rss")):
        line = getattr(error, "position", (None,))[0]
        if line is not None and line >= data.count(b"\n"):
            return "ends before its last element: the download was cut short; download the export again"
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return (
                "is not UTF-8 and does not say which encoding it uses (saved again by another program?); use the "
                "file as the old blog gave it"
            )
        return f"is XML broken at line {line} (edited by hand?); use the file as the old blog gave it"
    return "is not XML"


def labels_of(values) -> list[str]:
    """Labels as a line of text may hold them: line breaks and other
    control characters as spaces, runs of spaces as one."""
    found = []
    for value in values:
        label = " ".join("".join(c if c.isprintable() else " " for c in value or "").split())
        if label:
            found.append(label)
    return found


def old_path(url: str) -> str:
    """The path of an old address; "" for the site's root (a static front
    page's: the root of this site is its own)."""
    path = path_of(url)
    return "" if path in ("", "/") else path


def site_of(title: str, link: str) -> str:
    title = " ".join((title or "").split())
    return f"{title} ({link})" if title and link else title or link


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
    export = Export("Blogger (Google Takeout feed.atom)", site=site_of(text(root, f"{ATOM}title"), alternate(root)))
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
                filename = filename or old_path(link.get("href"))
        export.entries.append(
            Entry(
                kind=POST if kind == "POST" else PAGE,
                status=PUBLISHED if status == "LIVE" else DRAFT,
                title=text(entry, f"{ATOM}title"),
                html=text(entry, f"{ATOM}content"),
                date=wall_clock(text(entry, f"{ATOM}published") or text(entry, f"{BLOGGER_2018}created")),
                slug=Path(filename).stem if filename else "",
                old_address="" if filename == "/" else filename,
                labels=labels_of(c.get("term") for c in entry.findall(f"{ATOM}category")),
                author=display_name(text(entry, f"{ATOM}author/{ATOM}name")),
                uid=text(entry, f"{ATOM}id"),
            )
        )
    return export


# -- Blogger: the older export (kind#post categories) ------------------------------


def kind_of(entry) -> str:
    for category in entry.findall(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return (category.get("term") or "").removeprefix(KIND)
    return ""


def alternate(element) -> str:
    for link in element.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("href"):
            return link.get("href")
    return ""


def read_blogger(root) -> Export:
    export = Export("Blogger (export)", site=site_of(text(root, f"{ATOM}title"), alternate(root)))
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
                address = old_path(link.get("href"))
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
                labels=labels_of(
                    c.get("term") for c in entry.findall(f"{ATOM}category") if c.get("scheme") == LABEL_SCHEME
                ),
                author=display_name(text(entry, f"{ATOM}author/{ATOM}name")),
                uid=text(entry, f"{ATOM}id"),
            )
        )
    return export


# -- WordPress: WXR 1.1 and 1.2 ---------------------------------------------------------


def read_wxr(root) -> Export:
    channel = root.find("channel")
    export = Export("WordPress (WXR)", site=site_of(text(channel, "title"), text(channel, "link")))
    wp = next(WP.match(e.tag).group(0) for e in root.iter() if WP.match(e.tag))
    for name in ("link", f"{wp}base_site_url", f"{wp}base_blog_url"):
        host = urlsplit(text(channel, name)).netloc.lower()
        if host:
            export.hosts.add(host)
    # The authors' display names, by login (an item names its author's login).
    site_host = urlsplit(text(channel, "link") or text(channel, f"{wp}base_site_url")).netloc.lower()
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
        password = item.find(f"{wp}post_password")
        if password is not None and password.text:  # a password of spaces is a password to WordPress too
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
                old_address=old_path(link) if link and not urlsplit(link).query else "",
                labels=labels_of(
                    c.text
                    for c in item.findall("category")
                    if c.get("domain") in ("category", "post_tag")
                    and c.get("nicename") not in ("uncategorized", "uncategorised")
                ),
                author=display_name(authors.get(login) or ""),
                ids=[f"p={post_id}", f"page_id={post_id}"] if post_id else [],
                uid=f"{site_host}/?p={post_id}" if post_id else "",  # ?p=12 of one site, not of another
            )
        )
    return export
