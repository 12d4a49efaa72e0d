"""`make editions`: the e-mail (.eml, .txt) and the A4 letter (.pdf) of a
bulletin, read back as a mail tool, a PDF reader and a phone's camera
would read them (issue 17). The browser's view of the e-mail is in
tests/browser/test_editions_browser.py."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from bs4 import BeautifulSoup, NavigableString
from corpus import CORPUS
from pypdf import PdfReader
from sitekit import (
    EDITION_URLS,
    GROUPS_AND_CHAMPIONS,
    LONG_LETTER,
    PHONE_IN_TEXT,
    PUBLISHED_SITEURL,
    ROOT,
    bulletin,
    editions_in_process,
    mail_of,
    parse,
    write_files,
)

A4 = (595.28, 841.89)  # points
# What a mail client or a page must never be given in an e-mail.
NEVER_IN_MAIL = ("style", "script", "form", "iframe", "object", "embed", "link", "base", "frame", "input", "button")


def squeezed(text: str) -> str:
    """Text without any white space: a line or page break in the PDF, a
    typogrify no-break space, falls anywhere."""
    return re.sub(r"\s+", "", text)


def pieces_of(paragraph) -> list[str]:
    """A paragraph's text in the pieces the letter keeps together: a link's
    text ends a piece (the letter writes its address after it)."""
    pieces, run = [], []

    def visit(node):
        for child in node.children:
            if isinstance(child, NavigableString):
                run.append(str(child))
            elif child.name == "a":
                run.append(child.get_text())
                pieces.append("".join(run))
                run.clear()
            else:
                visit(child)

    visit(paragraph)
    pieces.append("".join(run))
    return [squeezed(piece) for piece in pieces if squeezed(piece)]


def paragraphs_of_page(site_page) -> list:
    return parse(site_page).select("div.content p, div.content li")


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# -- the e-mail ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [LONG_LETTER, PHONE_IN_TEXT])
def test_the_email_is_a_draft_with_a_plain_and_an_html_part(editions, slug):
    mail = mail_of(editions[0] / f"{slug}.eml")
    assert mail.get_content_type() == "multipart/alternative"
    parts = list(mail.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in parts)
    assert mail["X-Unsent"] == "1"
    for recipient in ("To", "Cc", "Bcc", "From"):
        assert mail[recipient] is None
    title = {LONG_LETTER: "Individualised Budgets in Barnet", PHONE_IN_TEXT: "Adult Social Services"}[slug]
    assert mail["Subject"] == title
    # The .txt is the e-mail's own plain text (whose lines end in CRLF, as mail's do), for a bulk-mail form.
    assert parts[0].get_content().replace("\r\n", "\n") == (editions[0] / f"{slug}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", [LONG_LETTER, PHONE_IN_TEXT])
def test_the_emails_html_leads_only_to_the_live_site_and_loads_nothing_else(editions, slug):
    html = mail_of(editions[0] / f"{slug}.eml").get_body(("html",)).get_content()
    page = BeautifulSoup(html, "html.parser")
    assert not page.find_all(NEVER_IN_MAIL)
    assert "<style" not in html.lower()
    links = [a["href"] for a in page.find_all("a")]
    assert links
    for href in links:
        assert urlsplit(href).scheme == "https", href
    assert {href for href in links if not href.startswith(f"{PUBLISHED_SITEURL}/")} == set()
    for element in page.find_all(src=True):
        assert element["src"].startswith(f"{PUBLISHED_SITEURL}/"), element
    for element in page.find_all(style=True):
        assert "url(" not in element["style"]
        assert "@import" not in element["style"]
    assert not [name for element in page.find_all(True) for name in element.attrs if name.startswith("on")]
    assert page.html["lang"].lower() == "en-gb"


def test_the_email_carries_the_bulletin_care_groups_champions_and_the_two_links(editions, published_site):
    html = mail_of(editions[0] / f"{LONG_LETTER}.eml").get_body(("html",)).get_content()
    page = BeautifulSoup(html, "html.parser")
    links = {" ".join(a.get_text(" ").split()): a["href"] for a in page.find_all("a")}
    assert links["Read it online"] == EDITION_URLS[LONG_LETTER]
    assert links["Join UNISON"] == f"{PUBLISHED_SITEURL}/pages/join.html"
    assert links["Older Adults"] == f"{PUBLISHED_SITEURL}/care-groups/older-adults/"
    assert links["Profile of Maggi Myland"] == f"{PUBLISHED_SITEURL}/champions/maggi-myland/"
    # Every paragraph of the bulletin, as the live site has it.
    mail_text = squeezed(page.get_text())
    site_page = published_site / "2008/04/individualised-budgets-in-barnet.html"
    for paragraph in paragraphs_of_page(site_page):
        assert squeezed(paragraph.get_text()) in mail_text


def test_the_plain_text_reads_on_its_own(editions):
    text = (editions[0] / f"{LONG_LETTER}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["Barnet UNISON Adult Social Services", ""]
    assert lines[2] == "Individualised Budgets in Barnet"
    assert set(lines[3]) == {"="}
    assert f"Read it online: {EDITION_URLS[LONG_LETTER]}" in lines
    assert "Dear Colleagues," in lines
    assert [line for line in lines if line.startswith("But don’t wait")] == [
        (
            "But don’t wait…. ………. if you have any ideas, suggestions or questions…… contact Helen through "
            f"her champion page ({PUBLISHED_SITEURL}/champions/helen-davies/)."
        )
    ]
    assert "Yours sincerely\n\nJohn Burgess\nBranch Secretary\n\nContact your champion\n" in text
    assert f"  Profile of Maggi Myland: {PUBLISHED_SITEURL}/champions/maggi-myland/" in lines
    assert f"  Phone number through the branch office: {PUBLISHED_SITEURL}/pages/contact.html" in lines
    assert "<" not in text
    assert "&nbsp;" not in text
    assert "\xa0" not in text
    assert f"Join UNISON and have a say in how adult social services change. {PUBLISHED_SITEURL}/pages/join.html" in (
        lines
    )


def test_the_email_gives_a_champions_number_as_the_site_does(editions):
    """As on the site: a number the champion's file marks public (Maggi
    Myland's, which the 2007 bulletin gave members) is written out; the
    branch's route to any other stays a link, never the number."""
    text = (editions[0] / f"{PHONE_IN_TEXT}.txt").read_text(encoding="utf-8")
    assert "please contact Maggi Myland on 0208 359 2088 or through her champion page" in " ".join(text.split())
    for name in (f"{PHONE_IN_TEXT}.eml", f"{PHONE_IN_TEXT}.txt", f"{LONG_LETTER}.eml", f"{LONG_LETTER}.txt"):
        data = (editions[0] / name).read_bytes().decode("utf-8")
        assert "data-reveal" not in data  # no button that mail cannot run


# -- the letter ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", [LONG_LETTER, PHONE_IN_TEXT])
def test_the_letter_is_a_tagged_a4_pdf_in_british_english(editions, slug):
    reader = PdfReader(editions[0] / f"{slug}.pdf")
    assert 1 <= len(reader.pages) <= 2  # the seed bulletins fit on two sides
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"]
    title = {LONG_LETTER: "Individualised Budgets in Barnet", PHONE_IN_TEXT: "Adult Social Services"}[slug]
    assert reader.metadata.title == title
    assert b'pdfuaid:part="1"' in reader.xmp_metadata.stream.get_data()
    tags = structure(catalog["/StructTreeRoot"])
    assert tags[0] == ("/Document", None)
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/H1") == 1
    assert {"/P", "/L", "/LI", "/LBody", "/H2", "/Link"} <= set(kinds)
    figures = [alt for kind, alt in tags if kind == "/Figure"]
    assert figures == [f"QR code of the bulletin's address: {EDITION_URLS[slug]}"]
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]


def structure(root) -> list[tuple[str, str | None]]:
    """The structure tree, depth first: (tag, alternative text)."""
    found = []

    def walk(element):
        element = element.get_object()
        if not hasattr(element, "get") or "/S" not in element:
            return
        found.append((str(element["/S"]), element.get("/Alt")))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object"):
                walk(kid)

    for kid in root.get_object()["/K"]:
        walk(kid)
    return found


def test_the_letters_text_holds_every_paragraph_in_reading_order(editions, published_site):
    text = squeezed(pdf_text(editions[0] / f"{LONG_LETTER}.pdf"))
    position = text.index(squeezed("Individualised Budgets in Barnet"))
    site_page = published_site / "2008/04/individualised-budgets-in-barnet.html"
    paragraphs = paragraphs_of_page(site_page)
    assert len(paragraphs) > 15
    for paragraph in paragraphs:
        for piece in pieces_of(paragraph):
            found = text.find(piece, position)
            assert found >= 0, f"not found after the paragraph before: {piece}"
            position = found + len(piece)
    # Then the champions' routes, written out in full, then the address online.
    for written in (
        "Contact your champion",
        "Helen Davies, UNISON champion for Older Adults",
        "Phone: 0208 359 2088",
        f"Profile: {PUBLISHED_SITEURL}/champions/maggi-myland/",
        f"Branch office: {PUBLISHED_SITEURL}/pages/contact.html",
        f"Read online at {EDITION_URLS[LONG_LETTER]}",
    ):
        found = text.find(squeezed(written), position)
        assert found >= 0, written
        position = found


def test_a_champions_number_in_the_text_is_written_out_on_paper(editions):
    text = " ".join(pdf_text(editions[0] / f"{PHONE_IN_TEXT}.pdf").split())
    assert "please contact Maggi Myland on 0208 359 2088 or through her champion page" in text
    assert f"({PUBLISHED_SITEURL}/champions/maggi-myland/)" in text.replace("- ", "-")
    # Signed by its author when its text is not signed.
    assert squeezed("speaker from UNISON HQ.Barnet UNISON") in squeezed(text)


@pytest.mark.parametrize("slug", [LONG_LETTER, PHONE_IN_TEXT])
def test_the_qr_code_on_paper_reads_back_as_the_bulletins_address(editions, slug):
    document = pypdfium2.PdfDocument(editions[0] / f"{slug}.pdf")
    try:
        picture = document[len(document) - 1].render(scale=2).to_pil()
    finally:
        document.close()
    codes = zxingcpp.read_barcodes(picture)
    assert [code.text for code in codes] == [EDITION_URLS[slug]]


# -- the command ---------------------------------------------------------------------------


def test_make_editions_without_bulletin_makes_the_newest(editions):
    folder, said = editions
    assert (
        "note: no BULLETIN named, so the newest: content/bulletins/2008-04-21-individualised-budgets-in-barnet.md"
        in said
    )
    assert "Wrote editions/individualised-budgets-in-barnet.pdf: the A4 letter (2 pages), to print." in said
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{slug}.{kind}" for slug in (LONG_LETTER, PHONE_IN_TEXT) for kind in ("eml", "txt", "pdf")
    )
    assert "Traceback" not in said


@pytest.fixture
def tiny(tmp_path):
    """A tiny site's content folder, and a run of editions on it."""
    content = tmp_path / "content"

    def run(files: dict, wanted: str | None = None) -> tuple[int, str]:
        write_files(content, {**GROUPS_AND_CHAMPIONS, **files})
        args = ["--settings", str(ROOT / "publishconf.py"), "--content", str(content), "--output", str(tmp_path / "ed")]
        return editions_in_process([*args, *(["--bulletin", wanted] if wanted else [])])

    return run


def test_a_misspelt_bulletin_gets_did_you_mean(tiny, tmp_path):
    files = {"bulletins/2026-11-01-pay-claim.md": bulletin("Pay claim", "2026-11-01 10:00")}
    status, said = tiny(files, "content/bulletins/2026-11-01-pay-clam.md")
    assert status == 1
    assert said == (
        "error: there is no bulletin content/bulletins/2026-11-01-pay-clam.md; "
        "did you mean content/bulletins/2026-11-01-pay-claim.md? No edition was written.\n"
    )
    status, said = tiny(files, "strike-ballot.md")
    assert status == 1
    assert said == (
        "error: there is no bulletin strike-ballot.md; name a file in content/bulletins/, e.g. make editions "
        "BULLETIN=content/bulletins/2026-11-23-branch-meeting.md, or leave BULLETIN out for the newest. "
        "No edition was written.\n"
    )
    status, said = tiny(files, "content/pages/contact.md")
    assert said.startswith("error: content/pages/contact.md is not a bulletin: name a file in content/bulletins/")
    assert not (tmp_path / "ed").exists()


def test_a_bulletin_make_check_refuses_is_refused_with_its_lines(tiny, tmp_path):
    path, text, lines = CORPUS["unknown care group"]
    status, said = tiny({path: text}, f"content/{path}")
    assert status == 1
    assert said.splitlines() == [
        *lines,
        (
            f"error: content/{path} has 1 problem(s), named above as make check names them: fix them, then run "
            "make editions again. No edition was written."
        ),
    ]
    assert not (tmp_path / "ed").exists()


def test_a_draft_or_scheduled_bulletin_is_refused(tiny):
    files = {
        "bulletins/2026-11-01-draft.md": bulletin("Draft", "2026-11-01 10:00", status="draft"),
        "bulletins/2099-01-01-later.md": bulletin("Later", "2099-01-01 10:00"),
    }
    status, said = tiny(files, "bulletins/2026-11-01-draft.md")
    assert status == 1
    assert "error: content/bulletins/2026-11-01-draft.md is a draft (Status: draft), so it is not on the live" in said
    status, said = tiny(files, "2099-01-01-later")
    assert status == 1
    assert said == (
        "error: content/bulletins/2099-01-01-later.md is not on the live site yet (scheduled for 1 January 2099 "
        "at 10:00), so its editions would lead nowhere; make them once it is published. No edition was written.\n"
    )
    # Without BULLETIN: the newest bulletin on the site, and here there is none.
    status, said = tiny(files)
    assert status == 1
    assert said == (
        "error: there is no published bulletin yet to make editions of: publish one first (make publish). "
        "No edition was written.\n"
    )


def test_a_tiny_bulletins_editions_keep_pictures_and_hide_other_numbers(tiny, tmp_path):
    """A picture of the site is in the e-mail (from the site) and in the
    letter (embedded); a champion's number is behind the site in the e-mail
    and written out on paper. (Any other number: make check refuses the
    bulletin, so there is no edition of it.)"""
    from PIL import Image

    picture = tmp_path / "content/images/rally.png"
    picture.parent.mkdir(parents=True)
    Image.new("RGB", (40, 20), "purple").save(picture)
    body = (
        "Call Tom on 020 7946 0000.\n\n"
        "![Members at the rally]({static}/images/rally.png)\n\n"
        "- first point\n- second point\n"
    )
    files = {"bulletins/2026-11-01-rally.md": bulletin("Rally", "2026-11-01 10:00", "Mental Health", body=body)}
    status, said = tiny(files)
    assert status == 0, said
    eml = (tmp_path / "ed/rally.eml").read_bytes().decode()
    html = mail_of(tmp_path / "ed/rally.eml").get_body(("html",)).get_content()
    image = BeautifulSoup(html, "html.parser").find("img")
    assert image["src"] == f"{PUBLISHED_SITEURL}/images/rally.png"
    assert image["alt"] == "Members at the rally"
    letter = " ".join(pdf_text(tmp_path / "ed/rally.pdf").split())
    for text in (eml, (tmp_path / "ed/rally.txt").read_text(encoding="utf-8")):
        assert "7946 0000" not in text
        assert "79460000" not in text
        assert "Call Tom on Phone number through the branch office" in " ".join(text.split())
    assert "Call Tom on 020 7946 0000." in letter
    assert "Phone: 020 7946 0000" in letter
    figures = [alt for kind, alt in structure(PdfReader(tmp_path / "ed/rally.pdf").trailer["/Root"]["/StructTreeRoot"])
               if kind == "/Figure"]  # fmt: skip
    assert "Members at the rally" in figures
    assert "leaves out the picture" not in said


# -- the feeds -----------------------------------------------------------------------------


def test_every_feed_entry_carries_the_bulletins_full_text(published_site):
    """Feed-to-email services (Buttondown, Mailchimp's RSS campaigns) send
    what an entry holds: each entry holds the whole bulletin."""
    import feedparser

    feeds = sorted((published_site / "feeds").rglob("*.atom.xml"))
    assert len(feeds) > 5
    pages = {}
    entries = 0
    for feed_path in feeds:
        for entry in feedparser.parse(feed_path).entries:
            entries += 1
            path = entry.link.removeprefix(f"{PUBLISHED_SITEURL}/")
            if path not in pages:
                pages[path] = squeezed(parse(published_site / path).select_one("div.content").get_text())
            assert [content.type for content in entry.content] == ["text/html"]
            text = squeezed(BeautifulSoup(entry.content[0].value, "html.parser").get_text())
            assert text == pages[path], entry.link
    assert entries >= 2
    assert sorted(pages) == ["2007/07/adult-social-services.html", "2008/04/individualised-budgets-in-barnet.html"]
