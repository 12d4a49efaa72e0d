"""make import (secretary/importer): the old blog's Blogger and WordPress
exports (tests/data/import/) brought into a tiny site's content/, then the
site built from it. One import and one build per export, shared by the
tests of this module; pictures from a local server in a thread (no real
network), and from a port nobody listens on."""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import posixpath
import re
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sitekit import GROUPS_AND_CHAMPIONS, ROOT, build, free_port, parse, text_of, tree_hashes, write_files

from secretary.cli import main

DATA = ROOT / "tests" / "data" / "import"
# blogger-export.xml's labels, listed and left blank (tags): the import runs instead of stopping at new labels.
BLOGGER_LABELS_BLANK = "# none mapped\nindividualised budgets:\nmeetings:\n"
SETTINGS = str(ROOT / "pelicanconf.py")


def run_import(folder: Path, export: Path, *extra: str) -> tuple[int, str]:
    said = io.StringIO()
    status = main(
        ["import", "--from", str(export), "--settings", SETTINGS, "--content", str(folder / "content"),
         "--labels", str(folder / "import-labels.txt"), *extra],
        stream=said,
    )  # fmt: skip
    return status, said.getvalue()


def run_check(content: Path) -> list[str]:
    said = io.StringIO()
    main(["check", "--settings", SETTINGS, "--content", str(content)], stream=said)
    return said.getvalue().splitlines()[:-1]  # the summary line left out


def fields_of(path: Path) -> tuple[dict[str, str], str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    return dict(line.split(": ", 1) for line in head.splitlines()), body


def tiny_site(folder: Path) -> Path:
    write_files(folder / "content", GROUPS_AND_CHAMPIONS)
    return folder / "content"


@pytest.fixture(scope="module")
def picture_server(tmp_path_factory):
    """A web server on this computer with /picture.png, a photo with GPS metadata and a decompression bomb."""
    folder = tmp_path_factory.mktemp("old-site")
    Image.new("RGB", (4, 3), "red").save(folder / "picture.png")
    # A photo whose file says where it was taken and whose camera it was, shown turned (Orientation 6).
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned a quarter
    exif[0x013B] = "GPSOWNERCANARY"  # Artist
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPSInfo
    Image.new("RGB", (8, 4), "blue").save(folder / "gps.jpg", exif=exif, comment=b"GPSOWNERCANARY")
    shutil.copy(DATA / "bomb.png", folder / "bomb.png")  # 31 KB, 16000 x 16000 pixels
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def takeout(tmp_path_factory, picture_server):
    """The Takeout feed.atom imported twice (pictures fetched), with
    "Older people" mapped to Older Adults beforehand, and the site built."""
    folder = tmp_path_factory.mktemp("takeout")
    content = tiny_site(folder)
    gone = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    export = folder / "feed.atom"
    text = (DATA / "takeout-feed.atom").read_text(encoding="utf-8")
    export.write_text(text.replace("IMAGE-HOST", picture_server).replace("GONE-HOST", gone), encoding="utf-8")
    (folder / "import-labels.txt").write_text("# mine\nOlder people: older adults\n", encoding="utf-8")
    before = tree_hashes(content)
    # "Meetings" is not in the file yet: added, and nothing imported until the secretary has seen it.
    stopped = run_import(folder, export, "--fetch-local")
    stopped_tree = (tree_hashes(content), (folder / "import-labels.txt").read_text(encoding="utf-8"))
    status, said = run_import(folder, export, "--fetch-local")
    assert status == 0, said
    after = tree_hashes(content)
    labels = (folder / "import-labels.txt").read_text(encoding="utf-8")
    log = (folder / "import-log.txt").read_text(encoding="utf-8")
    again_status, again = run_import(folder, export, "--fetch-local")
    output = build(content, folder / "output")
    return {
        "folder": folder, "content": content, "said": said, "before": before, "after": after, "labels": labels,
        "again": (again_status, again, tree_hashes(content)), "output": output, "gone": gone,
        "server": picture_server, "log": log, "stopped": (*stopped, stopped_tree),
    }  # fmt: skip


B = "content/bulletins"


def test_takeout_posts_are_written_in_our_format(takeout):
    bulletins = takeout["content"] / "bulletins"
    meeting, body = fields_of(bulletins / "2009-03-10-care-budgets-meeting.md")
    assert meeting == {
        "Title": "Care budgets meeting",
        "Date": "2009-03-10 10:15",
        "Category": "Bulletins",
        "Tags": "Meetings",
        "Care_groups": "Older Adults",
        "Author": "John Burgess",
    }
    # Blogger's editor's <div dir="ltr">, <span style>, &nbsp; runs and <br>s are gone; the words stay.
    assert body.startswith("The branch meets on 12 March. All members welcome.  \nBring a colleague.\n\nAgenda: see ")
    assert not re.search(r"<div|<span|</p>|&nbsp;|\xa0|  [^\n]", body.replace("  \n", "\n"))
    assert "[the post edited later]({filename}2009-04-30-edited-later.md)" in body
    assert "[UNISON](https://www.unison.org.uk/)" in body
    later, later_body = fields_of(bulletins / "2009-04-30-edited-later.md")
    assert later["Address"] == "2009/05/edited-later.html"
    assert "Author" not in later  # Blogger's "Unknown"
    assert "[the meeting]({filename}2009-03-10-care-budgets-meeting.md#agenda)" in later_body
    draft, _ = fields_of(bulletins / "2009-06-01-unfinished-thoughts.md")
    assert draft["Status"] == "draft"
    page, page_body = fields_of(takeout["content"] / "pages" / "about-branch.md")
    assert page == {
        "Title": "About the branch",
        "Date": "2008-01-01 12:00",
        "Slug": "about-branch",
        "Old_addresses": "/p/about-branch.html",
    }
    assert page_body.strip() == "Barnet UNISON represents council staff."
    written = sorted(set(takeout["after"]) - set(takeout["before"]))
    assert written == [
        "bulletins/2009-03-10-care-budgets-meeting.md",
        "bulletins/2009-04-30-edited-later.md",
        "bulletins/2009-06-01-unfinished-thoughts.md",
        "bulletins/2009-07-01-video-of-rally.md",
        "images/imported/care-budgets-meeting-1.png",
        "pages/about-branch.md",
    ]


def test_nothing_of_comments_deleted_posts_or_e_mail_addresses_is_written(takeout):
    texts = "".join(p.read_text(encoding="utf-8") for p in takeout["content"].rglob("*.md"))
    for canary in ("COMMENTERCANARY", "COMMENTCANARY", "commenter@example.org", "DELETEDCANARY", "john.burgess@"):
        assert canary not in texts
    said = takeout["said"]
    assert "Skipped: 2:\n  1 comments\n  1 deleted posts\n" in said


def test_pictures_are_fetched_or_listed(takeout):
    bulletins = takeout["content"] / "bulletins"
    _, body = fields_of(bulletins / "2009-03-10-care-budgets-meeting.md")
    picture = "{static}/images/imported/care-budgets-meeting-1.png"
    assert f"[![]({picture})]({picture})" in body  # the link to the big one leads to the copy
    copy = takeout["content"] / "images" / "imported" / "care-budgets-meeting-1.png"
    assert Image.open(copy).size == (4, 3)
    gone = f"{takeout['gone']}/banner.jpg"
    assert f"![The old banner]({gone})" in body
    assert f"  {B}/2009-03-10-care-budgets-meeting.md: {gone}: could not be reached" in takeout["said"]
    page = parse(takeout["output"] / "2009" / "03" / "care-budgets-meeting.html")
    sources = [img.get("src") for img in page.select("main img")]
    assert sources == ["../../images/imported/care-budgets-meeting-1.png", None]  # never the other site's


def test_new_labels_are_added_and_nothing_imported_until_the_next_run(takeout):
    status, said, (tree, labels) = takeout["stopped"]
    assert status == 0
    assert said == (
        "Added to import-labels.txt. 1 new label(s) in this export; say which care group or champion each means in "
        "import-labels.txt, then run make import again (labels left blank become tags):\n"
        "  Meetings\n"
        "Nothing was imported yet.\n"
    )
    assert tree == takeout["before"]  # content/ as it was
    assert labels == "# mine\nOlder people: older adults\nMeetings:\n"
    assert "Meetings" in takeout["said"]  # the next run imported them, the label kept as a tag


def test_labels_map_to_care_groups_and_the_rest_are_listed(takeout):
    assert takeout["labels"] == "# mine\nOlder people: older adults\nMeetings:\n"
    assert (
        "Labels not mapped to a care group or champion (kept as tags; map them in import-labels.txt):\n"
        in (takeout["said"])
    )
    assert "  Meetings (2 post(s))\n" in takeout["said"]
    assert "Older people (" not in takeout["said"]


def test_problems_are_reported_with_make_checks_lines_and_check_names_exactly_them(takeout):
    video = f"{B}/2009-07-01-video-of-rally.md"
    meeting = f"{B}/2009-03-10-care-budgets-meeting.md"
    expected = [
        (
            f"{meeting}:13: Body: the image {{static}}/images/imported/care-budgets-meeting-1.png has no alt text; "
            "describe it between the square brackets: ![What the picture shows]"
            "({static}/images/imported/care-budgets-meeting-1.png)"
        ),
        (
            f"{meeting}:15: Body: the image {takeout['gone']}/banner.jpg is on another website, and the site loads "
            "nothing from other websites (that would tell them who reads the page); images must be part of the "
            "site: save the picture in content/images/ and link it with {static}/images/banner.jpg"
        ),
        (
            f"{video}:8: Body: <iframe> (a page or program inside the page) is not allowed; remove it and link to "
            "the page instead, e.g. [Watch the video](https://...)"
        ),
        f"{video}:10: Body: <script> is not allowed (it would run a program on readers' computers); remove it",
        (
            f"{video}:12: Body: the phone number 07700 900123 is not a champion's or the branch's; remove it "
            '(personal data), or if it is a champion\'s, add "Phone: 07700 900123" to their file'
        ),
    ]
    assert run_check(takeout["content"]) == expected
    said = takeout["said"]
    assert said.index("Problems to fix (make check's lines):") < said.index(f"  {expected[0]}")
    assert all(f"  {line}\n" in said for line in expected)
    assert said.endswith("Then run make check.\n")


def test_addresses_in_the_built_site(takeout):
    output = takeout["output"]
    # Blogger's own address, whose month is not the Date's, and never the Date's month.
    assert (output / "2009" / "05" / "edited-later.html").is_file()
    assert not (output / "2009" / "04" / "edited-later.html").exists()
    assert (output / "2009" / "03" / "care-budgets-meeting.html").is_file()
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/2009/05/edited-later.html</loc>" in sitemap
    assert "/2009/04/edited-later.html" not in sitemap
    links = [a["href"] for a in parse(output / "2009" / "03" / "care-budgets-meeting.html").select("main a")]
    assert "../../2009/05/edited-later.html" in links
    assert not (output / "2009" / "06").exists()  # the draft
    # The Blogger page's old address sends the reader on.
    moved = parse(output / "p" / "about-branch.html")
    assert moved.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../pages/about-branch.html"
    assert moved.select_one('link[rel="canonical"]')["href"] == "../pages/about-branch.html"
    assert moved.select_one("body a")["href"] == "../pages/about-branch.html"
    assert moved.select_one('meta[http-equiv="Content-Security-Policy"]') is not None
    assert not moved.select("script")


def test_a_second_import_changes_nothing(takeout):
    status, said, hashes = takeout["again"]
    assert status == 0
    assert hashes == takeout["after"]
    assert "Imported: 0 file(s)." in said
    assert "  5 imported before (import-log.txt)\n" in said
    edited = f"{B}/2009-04-30-edited-later.md"
    assert (
        f'    "Edited later" (/2009/05/edited-later.html): imported before as {edited} (to import it again, remove its '
        "line from import-log.txt)\n"
    ) in said
    assert f"/2009/05/edited-later.html -> {edited}\n" in takeout["log"]


def test_a_dry_run_writes_nothing(tmp_path):
    content = tiny_site(tmp_path)
    before = tree_hashes(tmp_path)
    status, said = run_import(tmp_path, DATA / "takeout-feed.atom", "--dry-run")
    assert status == 0, said
    assert tree_hashes(tmp_path) == before
    assert not (tmp_path / "import-labels.txt").exists()
    assert f"would write {B}/2009-04-30-edited-later.md (" in said
    assert (
        "would write import-labels.txt and stop there. 2 label(s) found; say which care group or champion each means "
        "in import-labels.txt, then run make import again (labels left blank become tags):\n"
        "  Older people\n  Meetings\n"
    ) in said
    assert not list(tmp_path.glob(".import-*"))
    assert content.is_dir()
    assert said.endswith("Run it without --dry-run to write these files, then make check.\n")


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    """Both WXR exports imported into two tiny sites; the 1.2 one built."""
    found = {}
    for version in ("1.1", "1.2"):
        folder = tmp_path_factory.mktemp(f"wxr-{version}")
        content = tiny_site(folder)
        (folder / "import-labels.txt").write_text("Home care: Older Adults, Helen Davies\npay:\n", encoding="utf-8")
        status, said = run_import(folder, DATA / f"wxr-{version}.xml", "--no-fetch")
        assert status == 0, said
        found[version] = (folder, content, said)
    folder, content, _ = found["1.2"]
    found["output"] = build(content, folder / "output")
    return found


def test_wordpress_posts_pages_and_drafts(wordpress):
    _, content, said = wordpress["1.2"]
    talks, body = fields_of(content / "bulletins" / "2015-03-12-pay-talks-open.md")
    assert talks == {
        "Title": "Pay talks open",
        "Date": "2015-03-12 09:00",
        "Category": "Bulletins",
        "Tags": "pay",
        "Care_groups": "Older Adults",
        "Champions": "Helen Davies",
        "Author": "John Burgess",
        "Old_addresses": "/2015/03/12/pay-talks-open/",
    }
    # WordPress's bare line breaks are paragraphs; the link to the other post is a {filename} link.
    assert body == (
        "Pay talks open today.\n\nThe branch asks for a fair rise. Read [the offer]({filename}2015-04-02-pay-offer.md) "
        "when it comes.\n"
    )
    _, offer = fields_of(content / "bulletins" / "2015-04-02-pay-offer.md")
    assert "[when talks opened]({filename}2015-03-12-pay-talks-open.md)" in offer  # ?p=11
    draft, _ = fields_of(content / "bulletins" / "2015-05-01-strike-ballot-draft.md")
    assert draft["Status"] == "draft"
    assert "Old_addresses" not in draft
    page, _ = fields_of(content / "pages" / "about-us.md")
    assert page["Old_addresses"] == "/about-us/"
    assert "Skipped: 5:\n  1 attachments\n  2 comments\n  1 deleted posts\n  1 menu items\n" in said
    texts = "".join(p.read_text(encoding="utf-8") for p in content.rglob("*.md"))
    assert "TRASHCANARY" not in texts
    assert "COMMENTCANARY" not in texts
    assert "member@example.org" not in texts
    assert "Uncategorized" not in texts


def test_wxr_1_1_and_1_2_give_the_same_files(wordpress):
    (_, one, _), (_, two, _) = wordpress["1.1"], wordpress["1.2"]
    assert tree_hashes(one) == tree_hashes(two)


def test_wordpress_old_addresses_send_readers_on(wordpress):
    output = wordpress["output"]
    for old, new in (
        ("2015/03/12/pay-talks-open/index.html", "2015/03/pay-talks-open.html"),
        ("2015/04/02/pay-offer/index.html", "2015/04/pay-offer.html"),
        ("about-us/index.html", "pages/about-us.html"),
    ):
        page = parse(output / old)
        here = posixpath.relpath(new, posixpath.dirname(old))
        assert page.select_one('meta[http-equiv="refresh"]')["content"] == f"0; url={here}"
        assert page.select_one('link[rel="canonical"]')["href"] == here
        assert page.select_one("body a")["href"] == here
        assert (output / new).is_file()
    assert "2015/03/12" not in (output / "sitemap.xml").read_text(encoding="utf-8")


def test_the_seed_bulletins_are_recognised_in_an_old_export(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (tmp_path / "import-labels.txt").write_text(BLOGGER_LABELS_BLANK, encoding="utf-8")
    before = tree_hashes(content)
    status, said = run_import(tmp_path, DATA / "blogger-export.xml", "--no-fetch")
    assert status == 0, said
    after = tree_hashes(content)
    assert {name: after[name] for name in before} == before  # nothing of what was there changed
    assert sorted(set(after) - set(before)) == [
        "bulletins/2008-05-02-branch-meetings-on-budgets.md",
        "bulletins/2008-06-02-notes-for-june.md",
    ]
    assert (
        '    "Adult Social Services" (/2007/07/adult-social-services.html): already in content/ as '
        f"{B}/2007-07-03-adult-social-services.md\n"
    ) in said
    assert (
        '    "Individualised Budgets in Barnet" (/2008/04/individualised-budgets-in-barnet.html): already in content/ '
        f"as {B}/2008-04-21-individualised-budgets-in-barnet.md\n"
    ) in said
    assert "  1 comments\n  1 settings\n  1 templates\n" in said
    _, body = fields_of(content / "bulletins" / "2008-05-02-branch-meetings-on-budgets.md")
    assert body == (
        "Following [our letter of April]({filename}2008-04-21-individualised-budgets-in-barnet.md), the branch meets "
        "every Tuesday.\n"
    )
    assert run_check(content) == []


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Takeout/Blogger/Blogs/Branch/feed.atom", "<feed/>")
    return buffer.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><feed>&lol2;</feed>'
)


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (b"", "is empty; expected a Blogger export"),
        (b"Title: Not XML\n\nA bulletin.\n", "is not XML; expected a Blogger export"),
        (zipped(), "is a zip archive; unzip it first"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>', "is an Atom feed but not a Blogger export"),
        (b'<rss version="2.0"><channel/></rss>', "is an RSS feed but not a WordPress export"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is XML of another kind (<svg>); expected a Blogger export"),
        (LAUGHS.encode(), "declares entities or a document type, which an export never needs"),
        (b"<!DOCTYPE html><html><body>Blogger</body></html>", "is a web page, not an export: save the export itself"),
        (gzip.compress(b"<feed/>"), "is a compressed archive (.tgz or .gz); unpack it first"),
        (
            b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>\n<entry><title>Cut",
            "ends before its last element: the download was cut short",
        ),
        (
            b"<feed xmlns='http://www.w3.org/2005/Atom'><id>tag:blogger.com,1999:blog-1</id></feed>",
            "is a Blogger export with no posts in it (an empty blog)",
        ),
        (
            b"<rss xmlns:wp='http://wordpress.org/export/1.2/'><wp:x/></rss>",
            "is a WordPress export without its <channel>",
        ),
        (
            b"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'/>",
            "is a Blogger export with no posts in it (an empty blog)",
        ),
        (b"<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "is a web page, not an export"),
    ],
    ids=[
        "empty",
        "not XML",
        "zip",
        "Atom",
        "RSS",
        "other XML",
        "entities",
        "web page",
        "gz",
        "cut short",
        "empty blog",
        "no channel",
        "empty Takeout",
        "XHTML",
    ],
)
def test_an_unknown_file_gets_one_plain_sentence(tmp_path, data, sentence):
    content = tiny_site(tmp_path)
    export = tmp_path / "export.xml"
    export.write_bytes(data)
    before = tree_hashes(tmp_path)
    status, said = run_import(tmp_path, export)
    assert status == 1
    assert said.count("\n") == 1
    assert said.startswith(f"error: {export} {sentence}")
    assert said.rstrip().endswith(
        "a Blogger export (Google Takeout's feed.atom, or Blogger's older export) or a WordPress export (WXR)"
    )
    assert tree_hashes(tmp_path) == before
    assert content.is_dir()


def test_an_import_that_fails_half_way_leaves_content_as_it_was(tmp_path, monkeypatch):
    from secretary.importer import files

    content = tiny_site(tmp_path)
    before = tree_hashes(content)
    moved = []

    def fail_on_the_third(staged, target):
        if len(moved) == 2:
            raise OSError(28, "No space left on device")
        files.os.link(staged, target)
        moved.append(target)

    monkeypatch.setattr(files, "move_in", fail_on_the_third)
    (tmp_path / "import-labels.txt").write_text("# none mapped\nOlder people:\nMeetings:\n", encoding="utf-8")
    status, said = run_import(tmp_path, DATA / "takeout-feed.atom", "--no-fetch")
    assert status == 2
    assert said == "error: import stopped: [Errno 28] No space left on device (DEBUG=1 shows where)\n"
    assert len(moved) == 2
    assert not any(path.exists() for path in moved)
    assert tree_hashes(content) == before
    # No temporary folder; no log of what was imported.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "import-labels.txt"]


# -- The review of make import (issue 19): hostile exports --------------------------------------------------


@pytest.fixture(scope="module")
def hostile_wxr(tmp_path_factory):
    """wxr-hostile.xml imported into a tiny site (which has pages/contact.md), then imported again after the
    secretary renamed one file and deleted another; the site built once."""
    folder = tmp_path_factory.mktemp("wxr-hostile")
    content = tiny_site(folder)
    (folder / "import-labels.txt").write_text("# none\n", encoding="utf-8")
    status, said = run_import(folder, DATA / "wxr-hostile.xml", "--no-fetch")
    assert status == 0, said
    written = sorted(set(tree_hashes(content)) - set(tree_hashes(tiny_site(tmp_path_factory.mktemp("empty")))))
    bulletins = content / "bulletins"
    (bulletins / "2016-05-08-call.md").rename(bulletins / "2016-05-08-call-the-office.md")
    (bulletins / "2016-05-01-cafe-news.md").unlink()
    renamed = tree_hashes(content)
    again_status, again = run_import(folder, DATA / "wxr-hostile.xml", "--no-fetch")
    unchanged = renamed == tree_hashes(content)
    (bulletins / "2016-05-08-call-the-office.md").rename(bulletins / "2016-05-08-call.md")
    output = build(content, folder / "output")
    return {
        "content": content, "said": said, "written": written, "again": (again_status, again, unchanged),
        "output": output, "folder": folder,
    }  # fmt: skip


def test_password_protected_posts_are_never_imported(hostile_wxr):
    assert "  2 members-only (password-protected)\n" in hostile_wxr["said"]  # one's password is spaces
    assert not any("members-only" in name for name in hostile_wxr["written"])
    texts = "".join(p.read_text(encoding="utf-8", errors="replace") for p in hostile_wxr["output"].rglob("*.*"))
    assert "PASSWORDCANARY" not in texts
    assert "SPACESCANARY" not in texts


def test_names_taken_get_a_name_of_their_own(hostile_wxr):
    assert hostile_wxr["written"] == [
        "bulletins/2016-05-01-cafe-news.md",
        "bulletins/2016-05-03-plain-permalink.md",
        "bulletins/2016-05-04-shortcodes.md",
        "bulletins/2016-05-08-call.md",
        "bulletins/2016-05-09-call-sue-on.md",
        "pages/contact-2.md",
        "pages/contact-3.md",
        "pages/home.md",
        "pages/robots-txt.md",
    ]
    content, output = hostile_wxr["content"], hostile_wxr["output"]
    page, body = fields_of(content / "pages" / "contact-3.md")
    assert page == {
        "Title": "Contact",
        "Date": "2015-01-03 10:00",
        "Slug": "contact-3",
        "Old_addresses": "/branch-b/contact/",
    }
    assert body == "Contact page of branch B.\n"
    assert (
        'Note: "Contact" (/branch-a/contact/): content/pages/contact.md or its address is taken; it was imported as '
        "content/pages/contact-2.md\n"
    ) in hostile_wxr["said"]
    assert "already in content/" not in hostile_wxr["said"]
    moved = parse(output / "branch-b" / "contact" / "index.html")
    assert moved.select_one("body a")["href"] == "../../pages/contact-3.html"
    assert text_of(parse(output / "pages" / "contact.html").find("h1")) == "Contact the branch"  # the page there


def test_the_front_page_is_no_old_address_and_post_ids_come_first(hostile_wxr):
    home, _ = fields_of(hostile_wxr["content"] / "pages" / "home.md")
    assert "Old_addresses" not in home
    _, body = fields_of(hostile_wxr["content"] / "bulletins" / "2016-05-03-plain-permalink.md")
    assert body.startswith(
        "Links: [the café]({filename}2016-05-01-cafe-news.md), [contact B]({filename}../pages/contact-3.md), "
    )  # ?p=5 by its id, not the page at /; a link without its last slash
    said = hostile_wxr["said"]
    assert said.startswith(
        "Read a WordPress (WXR) export of Barnet UNISON (the old site) (https://barnetunison.org.uk): 9 post(s) and "
        "page(s), 2 other item(s).\n"
    )
    assert (
        "Links still to the old site (to posts not in this export): link them to a bulletin or remove them:\n"
        f"  {B}/2016-05-03-plain-permalink.md: https://barnetunison.org.uk/2014/01/01/not-here/\n"
    ) in said


def test_no_name_or_old_address_holding_a_number_is_written(hostile_wxr):
    call, _ = fields_of(hostile_wxr["content"] / "bulletins" / "2016-05-08-call.md")
    assert call == {
        "Title": "Call the office",
        "Date": "2016-05-08 10:00",
        "Category": "Bulletins",
        "Author": "John Burgess",
    }
    said = hostile_wxr["said"]
    assert (
        f"Note: {B}/2016-05-08-call.md: the old address /2016/05/08/call-07700-900555/ cannot be kept (it holds the "
        "phone number 07700-900555, which is personal data)\n"
    ) in said
    assert "900555" not in (hostile_wxr["folder"] / "import-log.txt").read_text(encoding="utf-8")
    assert not (hostile_wxr["output"] / "2016" / "05" / "08").exists()
    # "+44 7700 900888" in a title: WordPress's slug keeps 44-7700-900888 without its "+".
    sue, _ = fields_of(hostile_wxr["content"] / "bulletins" / "2016-05-09-call-sue-on.md")
    assert "Slug" not in sue
    assert "Old_addresses" not in sue
    assert (
        f"Note: {B}/2016-05-09-call-sue-on.md: the old address /2016/05/09/call-sue-on-44-7700-900888/ cannot be "
        "kept (it holds the phone number 44-7700-900888, which is personal data)\n"
    ) in said
    assert not (hostile_wxr["output"] / "2016" / "05" / "09").exists()
    published = [p.relative_to(hostile_wxr["output"]).as_posix() for p in hostile_wxr["output"].rglob("*")]
    assert not [name for name in published if "900888" in name]


def test_an_old_address_over_the_sites_own_files_is_not_kept(hostile_wxr):
    robots, _ = fields_of(hostile_wxr["content"] / "pages" / "robots-txt.md")
    assert "Old_addresses" not in robots
    assert (
        "Note: content/pages/robots-txt.md: the old address /robots.txt/ cannot be kept (it is one of the site's own "
        "pages)\n"
    ) in hostile_wxr["said"]
    assert (hostile_wxr["output"] / "robots.txt").is_file()


def test_percent_encoded_names_shortcodes_and_captions(hostile_wxr):
    said = hostile_wxr["said"]
    assert f"    {B}/2016-05-01-cafe-news.md (was /2016/05/01/caf%c3%a9-news/)\n" in said
    shortcodes = f"{B}/2016-05-04-shortcodes.md"
    assert (
        "WordPress shortcodes, a program of the old site that this site does not run (shown as text): replace each "
        "with what it showed (pictures, a link to the form or the video):\n"
        f'  {shortcodes}:7: [gallery ids="1,2,3"]\n'
        f'  {shortcodes}:13: [contact-form-7 id="12" title="Contact"]\n'
    ) in said
    lines = (hostile_wxr["content"] / "bulletins" / "2016-05-04-shortcodes.md").read_text(encoding="utf-8").split("\n")
    assert lines[6].startswith("\\[gallery")
    assert "A caption" in lines  # [caption] keeps its words


def test_a_second_import_never_brings_back_what_was_renamed_or_deleted(hostile_wxr):
    status, said, unchanged = hostile_wxr["again"]
    assert status == 0, said
    assert unchanged
    assert "Imported: 0 file(s)." in said
    assert (
        f'    "Call the office" (/2016/05/08/call-07700-900555/): imported before as {B}/2016-05-08-call.md; '
        "renamed or deleted since, and not brought back (to import it again, remove its line from import-log.txt)\n"
    ) in said
    assert (
        f'    "Café news" (/2016/05/01/caf%c3%a9-news/): imported before as {B}/2016-05-01-cafe-news.md; renamed'
        in said
    )


@pytest.fixture(scope="module")
def odd_takeout(tmp_path_factory, picture_server):
    """takeout-odd.atom: a dry run, then the first run (which writes the labels to map and stops), the
    mapping filled in, the import itself (pictures fetched), and the site built."""
    folder = tmp_path_factory.mktemp("takeout-odd")
    content = tiny_site(folder)
    export = folder / "feed.atom"
    export.write_text((DATA / "takeout-odd.atom").read_text(encoding="utf-8").replace("IMAGE-HOST", picture_server))
    before = tree_hashes(folder)
    dry = run_import(folder, export, "--dry-run", "yes", "--through-make")
    dry_wrote = tree_hashes(folder) != before
    first = run_import(folder, export, "--fetch-local")
    first_files = sorted(set(tree_hashes(folder)) - set(before) - {"import-labels.txt"})
    labels = folder / "import-labels.txt"
    first_labels = labels.read_text(encoding="utf-8")
    labels.write_text(first_labels.replace("#strike:", "#strike: Older Adults"), encoding="utf-8")
    status, said = run_import(folder, export, "--fetch-local")
    assert status == 0, said
    output = build(content, folder / "output")
    return {
        "content": content, "dry": dry, "dry_wrote": dry_wrote, "first": first, "first_files": first_files,
        "first_labels": first_labels, "said": said, "labels": labels.read_text(encoding="utf-8"), "output": output,
    }  # fmt: skip


LABELS_SAID = (
    "2 label(s) found; say which care group or champion each means in import-labels.txt, then run make import again "
    "(labels left blank become tags)"
)


def test_the_first_run_writes_the_labels_to_map_and_imports_nothing(odd_takeout):
    status, said = odd_takeout["dry"]
    assert status == 0, said
    assert not odd_takeout["dry_wrote"]
    assert f"would write import-labels.txt and stop there. {LABELS_SAID}:\n  #strike\n  multi line\n" in said
    assert said.endswith("Run it without DRY_RUN=1 to write these files, then make check.\n")
    status, said = odd_takeout["first"]
    assert (status, said) == (0, f"Wrote import-labels.txt. {LABELS_SAID}. Nothing was imported yet.\n")
    assert odd_takeout["first_files"] == []
    # A label starting with # is a label, not a note; a line break in one is a space.
    assert odd_takeout["first_labels"].endswith("# with \"#\" itself (#strike) is a label. One starting \"# \" is "
                                                 'written "\\# ".\n#strike:\nmulti line:\n')  # fmt: skip
    hash_start, _ = fields_of(odd_takeout["content"] / "bulletins" / "2011-02-03-hash-start.md")
    assert hash_start["Care_groups"] == "Older Adults"
    assert hash_start["Tags"] == "multi line"


def test_text_shown_word_for_word_stays_text(odd_takeout):
    output = odd_takeout["output"]
    angle = [text_of(p) for p in parse(output / "2011" / "02" / "angle-brackets.html").select("main article p")]
    assert "Write to <your name> at the office, then sign." in angle
    # Shown, not hidden as a comment (the site's typography makes "--" a dash, as everywhere).
    assert "Text with <!— a note —> in it, and &nbsp; written out." in angle
    page = parse(output / "2011" / "02" / "hash-start.html")
    texts = [text_of(p) for p in page.select("main article p")]
    for line in ("# of members: 40", "1. In 2009 we won.", "- a dash at the start"):
        assert line in texts
    assert "The code <script>alert(1)</script> as text." in texts
    assert not page.select("main article .content :is(ol, ul, h1, h2, h3, h4, h5, h6)")
    assert "script" not in odd_takeout["said"].split("Problems to fix")[-1]


def test_a_post_nested_too_deeply_is_imported_with_its_words(odd_takeout):
    _, body = fields_of(odd_takeout["content"] / "bulletins" / "2011-02-04-deep.md")
    assert body == "DEEPWORDS at the bottom\n"


def test_a_deep_post_keeps_its_line_breaks_links_and_pictures(odd_takeout):
    article = parse(odd_takeout["output"] / "2011" / "02" / "deep-blocks.html").select_one("main article")
    texts = [text_of(p) for p in article.select("p")]
    assert "Meet at the office at 5pm" in texts  # three lines of one paragraph
    last = article.select("p")[-1]
    lines = [text_of(BeautifulSoup(part, "html.parser")) for part in str(last).split("<br/>")]
    assert lines[:3] == ["Item 59", "Item 60", "Item 61"]  # a block's end is a line's end, never "Item 59Item 60"
    assert lines[-1] == "Pay 3%"
    assert last.select_one("a")["href"] == "https://example.org/minutes.pdf"
    assert last.select_one("img")["alt"] == "Rally photo"


def test_text_that_looks_like_markup_is_shown_as_written(odd_takeout):
    article = parse(odd_takeout["output"] / "2011" / "02" / "text-as-written.html").select_one("main article")
    assert not article.select(".content :is(pre, h1, h2, h3, h4, h5, h6, dl)")
    assert [p.get_text() for p in article.select(".content p")] == [
        "Agenda:\n~~~~~~~~~~\n1 pay\n2 pensions\n~~~~~~~~~~\nCome along",
        "Minutes\n=======\nRead them",
        "Type <p> to start a paragraph and <br> for a line; &nbsp; is a space.",
        "Term\n: definition",
    ]
    assert [code.get_text() for code in article.select("code")] == ["<p>", "<br>", "&nbsp;"]


def test_pictures_lose_their_metadata_and_a_bomb_is_refused(odd_takeout):
    copy = odd_takeout["content"] / "images" / "imported" / "pictures-1.jpg"
    data = copy.read_bytes()
    assert b"GPSOWNERCANARY" not in data
    with Image.open(copy) as picture:
        assert picture.size == (4, 8)  # turned as it was shown
        assert not picture.getexif()
        assert "icc_profile" not in picture.info
        assert "comment" not in picture.info
    assert "/bomb.png: refused: too large (more pixels than a picture of the site may have)\n" in odd_takeout["said"]


def test_pages_called_index_each_get_a_name(odd_takeout):
    said = odd_takeout["said"]
    for rel, old, why in (
        ("index.md", "/index.html", "one of the site's own pages"),
        ("index-2.md", "/admin/index.html", "the site's own folder admin/"),
        ("index-3.md", "/2010/02/index.html", "one of the site's own pages"),
    ):
        assert f"Note: content/pages/{rel}: the old address {old} cannot be kept (it is {why})\n" in said


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--dry-run=YES", "--through-make"], "Run it without DRY_RUN=1 to write these files"),
        (["--dry-run=true", "--no-fetch=0"], "Run it without --dry-run to write these files"),
        (["--dry-run=maybe", "--through-make"], "error: DRY_RUN=maybe is neither yes nor no; write DRY_RUN=1 (or yes)"),
        (["--no-fetch=nope"], "error: --no-fetch=nope is neither yes nor no"),
    ],
)
def test_dry_run_and_no_fetch_take_yes_or_no(tmp_path, words, said):
    tiny_site(tmp_path)
    (tmp_path / "import-labels.txt").write_text(BLOGGER_LABELS_BLANK, encoding="utf-8")
    before = tree_hashes(tmp_path)
    status, printed = run_import(tmp_path, DATA / "blogger-export.xml", *words)
    assert said in printed
    assert status == (2 if "error" in said else 0)
    assert tree_hashes(tmp_path) == before


def test_the_makefile_passes_the_words_on():
    import subprocess

    made = subprocess.run(
        ["make", "-n", "import", "FROM=x.atom", "DRY_RUN=yes", "NO_FETCH=True"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert '--dry-run="yes" --no-fetch="True" --through-make' in made


@pytest.mark.parametrize(
    ("data", "note"),
    [
        ("\ufeffOlder people: Older Adults\n".encode(), None),
        ("Older people: Older Adults\r\n# Café\r\n".encode("cp1252"), "import-labels.txt is not UTF-8; it was read"),
    ],
    ids=["BOM", "cp1252"],
)
def test_the_labels_file_is_read_as_windows_saves_it(tmp_path, data, note):
    tiny_site(tmp_path)
    (tmp_path / "import-labels.txt").write_bytes(data)
    status, said = run_import(tmp_path, DATA / "blogger-export.xml", "--dry-run")
    assert status == 0, said
    assert "Older people" not in said.split("Labels not mapped")[-1]
    assert (f"Note: {note}" in said) if note else ("Note: import-labels.txt" not in said)


def test_one_post_that_cannot_be_converted_is_told_and_the_rest_imported(tmp_path, monkeypatch):
    from secretary.importer import convert

    real = convert.to_markdown

    def fails_on_one(soup):
        if "every Tuesday" in soup.get_text():
            raise ValueError("a surprise")
        return real(soup)

    monkeypatch.setattr(convert, "to_markdown", fails_on_one)
    content = tiny_site(tmp_path)
    (tmp_path / "import-labels.txt").write_text(BLOGGER_LABELS_BLANK, encoding="utf-8")
    status, said = run_import(tmp_path, DATA / "blogger-export.xml", "--no-fetch")
    assert status == 0, said
    assert (
        'Left out, their text could not be converted:\n  "Branch meetings on the budgets" '
        "(/2008/05/branch-meetings-on-budgets.html): its text could not be converted (ValueError: a surprise); it "
        "was left out: copy its text from the old site into a new bulletin (make newpost)\n"
    ) in said
    assert not (content / "bulletins" / "2008-05-02-branch-meetings-on-budgets.md").exists()
    assert (content / "bulletins" / "2008-06-02-notes-for-june.md").exists()
    assert "branch-meetings-on-budgets" not in (tmp_path / "import-log.txt").read_text(encoding="utf-8")


def test_a_second_run_names_a_few_of_the_posts_imported_before(tmp_path, monkeypatch):
    from secretary import importer

    monkeypatch.setattr(importer, "EXAMPLES", 1)
    tiny_site(tmp_path)
    (tmp_path / "import-labels.txt").write_text(BLOGGER_LABELS_BLANK, encoding="utf-8")
    assert run_import(tmp_path, DATA / "blogger-export.xml", "--no-fetch")[0] == 0
    status, said = run_import(tmp_path, DATA / "blogger-export.xml", "--no-fetch")
    assert status == 0, said
    assert "  4 imported before (import-log.txt)\n" in said
    assert len([line for line in said.splitlines() if ": imported before as content/" in line]) == 1
    assert "    and 3 more imported before (import-log.txt)\n" in said


def test_stopped_once_every_file_is_in_says_so(tmp_path, monkeypatch):
    from secretary import importer

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importer, "problems_of", stop)
    content = tiny_site(tmp_path)
    (tmp_path / "import-labels.txt").write_text(BLOGGER_LABELS_BLANK, encoding="utf-8")
    status, said = run_import(tmp_path, DATA / "blogger-export.xml", "--no-fetch")
    assert status == 130
    assert said.endswith(
        "stopped: every file of the import was written into content/ (4 post(s) and page(s)); run make check to see "
        "what to fix.\n"
    )
    assert (content / "bulletins" / "2008-06-02-notes-for-june.md").exists()


class Awkward(http.server.BaseHTTPRequestHandler):
    """An old site that sends pictures on to odd places, or one byte at a time."""

    def do_GET(self):
        if self.path == "/slow.png":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/slow-headers.png":  # a status line, then a header one byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            for _ in range(50):
                self.wfile.write(b"a")
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.send_response(302)
        self.send_header("Location", {"/to-ftp.png": "ftp://example.org/x.png", "/round.png": self.path}[self.path])
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def awkward_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Awkward)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_import_stops_fetching_after_its_time_and_lists_the_rest(tmp_path, picture_server, monkeypatch):
    from secretary.importer import files

    monkeypatch.setattr(files, "FETCH_TIME", 0.0)  # the import's time for pictures already spent
    content = tiny_site(tmp_path)
    export = tmp_path / "feed.atom"
    text = (DATA / "takeout-odd.atom").read_text(encoding="utf-8").replace("IMAGE-HOST", picture_server)
    export.write_text(text, encoding="utf-8")
    (tmp_path / "import-labels.txt").write_text("#strike:\nmulti line:\n", encoding="utf-8")
    status, said = run_import(tmp_path, export, "--fetch-local")
    assert status == 0, said
    assert (
        "Pictures to fetch (still on the old site; make check names each until it is in content/images/):\n"
        f"  {B}/2011-02-05-pictures.md: {picture_server}/gps.jpg: not fetched: the import spent 0 minutes fetching "
        "pictures already\n"
    ) in said
    assert not (content / "images" / "imported").exists()


def test_a_shared_address_is_not_fetched_and_a_palette_keeps_its_see_through_colour():
    from secretary.importer import files

    with pytest.raises(files.NotFetched) as refused:
        files.fetch_picture("http://100.64.0.1/logo.png")  # a carrier's or a VPN's network: never asked
    assert str(refused.value) == (
        "100.64.0.1 is this computer or a private network (100.64.0.1), which an import never fetches from"
    )
    logo = Image.new("P", (4, 4), 1)
    logo.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    data = io.BytesIO()
    logo.save(data, format="PNG", transparency=1)
    cleaned, extension = files.clean(data.getvalue())
    with Image.open(io.BytesIO(cleaned)) as picture:
        assert (extension, picture.mode, picture.info.get("transparency")) == ("png", "P", 1)


def test_an_animation_of_too_many_pixels_in_all_is_refused(monkeypatch):
    from secretary.importer import files

    monkeypatch.setattr(files, "MAX_ALL_FRAMES", 1500)  # 4 frames of 20 x 20: 1600 pixels in all
    frames = [Image.new("RGB", (20, 20), (60 * n, 0, 0)) for n in range(4)]
    data = io.BytesIO()
    frames[0].save(data, format="GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(files.NotFetched) as refused:
        files.clean(data.getvalue())
    assert str(refused.value) == (
        "refused: too large (4 frames of 20 x 20 pixels, more than the 0 million pixels in all that a picture of the "
        "site may have)"
    )
    monkeypatch.setattr(files, "MAX_ALL_FRAMES", 1600)
    assert files.clean(data.getvalue())[1] == "gif"  # at the cap: cleaned


@pytest.mark.parametrize(
    ("path", "options", "why"),
    [
        ("/picture.png", {}, "is this computer or a private network (127.0.0.1), which an import never fetches from"),
        ("/to-ftp.png", {"allow_local": True}, "the old site sent it on to ftp: address, which is not fetched"),
        ("/round.png", {"allow_local": True}, "the old site sent it on more than 3 times, or in a circle"),
        ("/slow.png", {"allow_local": True, "deadline": 0.5}, "its server took longer than 0.5 seconds to send it"),
        ("/slow-headers.png", {"allow_local": True, "deadline": 0.5}, "took longer than 0.5 seconds to send it"),
        ("/picture.png", {"allow_local": True, "budget": 0}, "the import has fetched 200 MB of pictures already"),
    ],
    ids=["this computer", "redirect to ftp", "redirects without end", "slow", "slow headers", "import's cap"],
)
def test_pictures_are_fetched_only_from_the_web_in_time(picture_server, awkward_server, path, options, why):
    from secretary.importer import files

    server = picture_server if path == "/picture.png" else awkward_server
    with pytest.raises(files.NotFetched) as refused:
        files.fetch_picture(server + path, **options)
    assert str(refused.value).endswith(why)
