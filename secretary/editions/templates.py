"""The editions' own templates (templates/ beside this file): an e-mail
and a letter, not the site's pages. Jinja2 escapes every value; the
bulletin's title, names and text come from the build as safe markup."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .bulletin import Bulletin, Contact

FOLDER = Path(__file__).resolve().parent / "templates"

# The words the editions add to the site's LABELS (pelicanconf.py); a
# label of the same name there wins.
LABELS = {
    "edition_read_online": "Read it online",
    "edition_profile": "Profile",
    "edition_qr": "QR code of the bulletin's address:",
    "edition_audio": "Listen to the recording online",
    "edition_video": "Watch the video online",
}


def labels_of(settings: dict) -> dict:
    return {**LABELS, **(settings.get("LABELS") or {})}


def language_tag(lang: str) -> str:
    """A language tag in BCP 47's usual case (RFC 5646, 2.1.1): Pelican
    lower-cases DEFAULT_LANG ("en-gb"); the letter's reader and its
    metadata say "en-GB". The region (two letters) in capitals, a script
    (four) with one; a dozen characters do not need a library."""
    parts = lang.split("-")
    for index, part in enumerate(parts[1:], 1):
        if len(part) == 2 and part.isalpha():
            parts[index] = part.upper()
        elif len(part) == 4 and part.isalpha():
            parts[index] = part.title()
    return "-".join([parts[0].lower(), *parts[1:]])


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(FOLDER),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def stylesheet(name: str) -> str:
    return (FOLDER / name).read_text(encoding="utf-8")


def values(bulletin: Bulletin, body: str) -> dict:
    """What both templates are given: the site's markup as Markup (built and
    escaped by Pelican and our plugins), everything else as plain text."""
    settings = bulletin.settings
    labels = labels_of(settings)
    return {
        "lang": language_tag(settings.get("DEFAULT_LANG") or "en-GB"),
        "sitename": settings["SITENAME"],
        "subtitle": settings.get("SITESUBTITLE", ""),
        "branch": settings.get("BRANCH_NAME") or settings["SITENAME"],
        "labels": labels,
        "title": Markup(bulletin.title),
        "plain_title": bulletin.plain_title,
        "date": bulletin.date,
        "iso_date": bulletin.iso_date,
        "author": bulletin.author,
        "summary": bulletin.summary,
        "url": bulletin.url,
        "care_groups": [(Markup(name), href) for name, href in bulletin.care_groups],
        "contacts": [Contact(Markup(c.name), Markup(c.role), c.profile, c.phone, c.email) for c in bulletin.contacts],
        "contact_page": bulletin.absolute(settings["CONTACT_URL"]),
        "join": bulletin.absolute(labels["join_url"]),
        "body": Markup(body),
    }
