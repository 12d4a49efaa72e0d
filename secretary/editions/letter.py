"""The A4 letter: <slug>.pdf, for noticeboards and post.

WeasyPrint makes it a tagged PDF/UA-1 (its `pdf/ua-1` variant): the
document language and title from the template's <html lang> and <title>,
headings, lists and pictures tagged, fonts embedded. The QR code of the
bulletin's address is drawn by segno. Nothing is fetched from elsewhere: a
picture on the site is read from the site just built, anything else is
refused (and said)."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from caregroups.model import plain_text

from . import markup
from .bulletin import Bulletin
from .templates import environment, labels_of, stylesheet, values

VARIANT = "pdf/ua-1"


class SiteOnly(URLFetcher):
    """WeasyPrint's fetcher, limited to the letter's own QR code (a data:
    address) and the pictures of the site just built (an address under
    SITEURL, read from that folder). Anything else raises, which WeasyPrint
    reports as a picture it could not load and leaves out."""

    def __init__(self, siteurl: str, folder: Path):
        super().__init__(allowed_protocols={"data"})
        self.siteurl = siteurl
        self.folder = folder.resolve()

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.local(url)
        if path is None:
            msg = f"{url} is not on this site"
            raise ValueError(msg)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    def local(self, url: str) -> Path | None:
        if not url.startswith(f"{self.siteurl}/"):
            return None
        relative = unquote(urlsplit(url[len(self.siteurl) + 1 :]).path)
        path = (self.folder / relative).resolve()
        if self.folder not in path.parents or not path.is_file():
            return None
        return path


class Missing(logging.Handler):
    """WeasyPrint's messages about a picture it could not load, kept to be
    said in plain words."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.urls: list[str] = []

    def emit(self, record):
        if record.msg.startswith("Failed to load image") and record.args:
            self.urls.append(str(record.args[0]))


def qr_code(url: str) -> str:
    """The bulletin's address as a QR code, a vector picture in a data: address."""
    return segno.make(url, error="m").svg_data_uri(border=4, dark="#000", light="#fff")


def signature(bulletin: Bulletin) -> str:
    """Who signs the letter: its author, unless the text already ends with
    their name (a bulletin written as a letter, signed in its text)."""
    author = bulletin.author
    if not author:
        return ""
    closing = markup.soup_of(bulletin.body).find_all(["p", "li"])
    last = plain_text(closing[-1].get_text(" ")) if closing else ""
    return "" if author.casefold() in " ".join(last.split()).casefold() else author


def office(bulletin: Bulletin, labels: dict) -> list[tuple[str, str]]:
    """How to reach the branch office, written out: its phone, e-mail and
    address where pelicanconf.py gives them (its contact page follows)."""
    branch = bulletin.settings.get("BRANCH_CONTACT") or {}
    return [(labels[name], branch[name]) for name in ("phone", "email", "address") if branch.get(name)]


def letter_html(bulletin: Bulletin) -> str:
    labels = labels_of(bulletin.settings)
    body = markup.for_letter(bulletin.body, bulletin.url, bulletin.hidden, labels)
    given = {
        **values(bulletin, body),
        "qr": qr_code(bulletin.url),
        "signature": signature(bulletin),
        "office": office(bulletin, labels),
    }
    return environment().get_template("letter.html").render(given)


def pdf(bulletin: Bulletin) -> tuple[bytes, list[str], int]:
    """The letter as PDF bytes, the pictures left out, and its page count."""
    missing = Missing()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(missing)
    propagated = weasy_logger.propagate
    weasy_logger.propagate = False  # its messages are said here, in plain words
    try:
        document = HTML(
            string=letter_html(bulletin),
            base_url=bulletin.url,
            url_fetcher=SiteOnly(bulletin.siteurl, bulletin.site_folder),
        ).render(stylesheets=[CSS(string=stylesheet("letter.css"))], pdf_variant=VARIANT, pdf_tags=True)
        data = document.write_pdf(pdf_variant=VARIANT)
    finally:
        weasy_logger.removeHandler(missing)
        weasy_logger.propagate = propagated
    return data, missing.urls, len(document.pages)
