"""Files in content/ that are not what they seem: the published site holds
nothing reached through a symbolic link, no static file of a type that
could run on the site, and Pelican reads no Markdown through a link,
whatever the build; the secretary is told each by name."""

from __future__ import annotations

import logging

import pytest
from sitekit import GROUPS_AND_CHAMPIONS, Link, build, published_texts, put_files, safe_build, write_files

import safecontent.reader

SECRET = "SECRET-DRAFT-MARKER"
PASSWD = "root:x:0:0"
SCRIPT = "steal-everything()"
SVG_SCRIPT = "svg-onload-marker"
HELD = "HELD-BACK-MARKER"  # a draft inside content/: the preview shows it, the live site never

PICTURE = b"\x89PNG\r\n\x1a\n picture"
DOCUMENT = b"%PDF-1.4 agenda"


@pytest.fixture
def hostile(tmp_path):
    """A small site whose content/ holds links to files and folders outside
    it and inside it, and static files of every kind."""
    outside = tmp_path / "outside"
    put_files(
        outside,
        {
            "draft.md": f"Title: Secret plans\nDate: 2020-01-01\nStatus: draft\n\n{SECRET} in a draft.\n",
            "folder/raw.md": f"Title: Raw\nDate: 2020-01-01\n\n{SECRET} raw.\n",
            "folder/photo.png": PICTURE + SECRET.encode(),
        },
    )
    content = tmp_path / "content"
    write_files(content, GROUPS_AND_CHAMPIONS)
    put_files(
        content,
        {
            "bulletins/2020-01-02-pay.md": (
                "Title: Pay\nDate: 2020-01-02\n\nThe offer. ![Our banner]({static}/images/banner.png)\n\n"
                "[The agenda]({static}/images/agenda.pdf)\n"
            ),
            "bulletins/drafts/2020-01-03-hold.md": f"Title: Held back\nDate: 2020-01-03\nStatus: draft\n\n{HELD}\n",
            # Links: to a file of the machine, to a draft outside content/,
            # to folders outside and inside content/.
            "images/passwd.png": Link("/etc/passwd"),
            "bulletins/2020-01-04-linked.md": Link(str(outside / "draft.md")),
            "bulletins/more": Link(str(outside / "folder")),
            "images/outside": Link(str(outside / "folder")),
            "images/drafts": Link("../bulletins/drafts"),
            # Files of types the site does not publish.
            "images/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{SVG_SCRIPT}"/>\n',
            "images/offer.htm": f"<script>{SCRIPT}</script>\n",
            "images/offer.xml": f"<x>{SCRIPT}</x>\n",
            "images/steal.js": f"{SCRIPT};\n",
            "images/notes": f"{SCRIPT}\n",
            # And what it does.
            "images/banner.png": PICTURE,
            "images/agenda.pdf": DOCUMENT,
        },
    )
    return content


def assert_nothing_leaked(site, *, live: bool):
    names = {path.relative_to(site).as_posix() for path in site.rglob("*")}
    assert {"images/banner.png", "images/agenda.pdf"} <= names
    assert (site / "images/banner.png").read_bytes() == PICTURE
    for refused in ("passwd.png", "logo.svg", "offer.htm", "offer.xml", "steal.js", "notes", "outside", "drafts"):
        assert f"images/{refused}" not in names
    # From content/, only the two files of allowed types are copied.
    assert sorted(name for name in names if name.startswith("images/")) == ["images/agenda.pdf", "images/banner.png"]
    assert not [name for name in names if name.endswith(".md")]
    for name, text in published_texts(site).items():
        # "Status: draft": no raw Markdown of a draft, through the link to its folder.
        for marker in (SECRET, PASSWD, SCRIPT, SVG_SCRIPT, "Secret plans", "Status: draft", *([HELD] if live else [])):
            assert marker not in text, (name, marker)


def test_a_published_build_holds_nothing_behind_a_link_or_of_another_type(hostile, tmp_path):
    """The live site's settings, the build itself (not the checks before
    it): every page, feed, the sitemap and the search index."""
    site = build(hostile, tmp_path / "output", "publishconf.py")
    assert (site / "feeds/all.atom.xml").exists()
    assert (site / "sitemap.xml").exists()
    assert list((site / "pagefind").glob("**/*.pf_fragment"))
    assert_nothing_leaked(site, live=True)
    # The bulletin's own picture and document are linked and published.
    page = (site / "2020/01/pay.html").read_text(encoding="utf-8")
    assert "images/banner.png" in page
    assert "images/agenda.pdf" in page


def test_the_preview_build_holds_nothing_behind_a_link_either(hostile, tmp_path):
    status, messages = safe_build(
        "pelicanconf.py", tmp_path / "output", strict=False, search=False, overrides={"PATH": str(hostile)}
    )
    assert status == 0, messages
    assert_nothing_leaked(tmp_path / "output", live=False)
    lines = messages.splitlines()
    # Named for the secretary, as make check names them.
    assert (
        "warning: content/images/passwd.png: File: is a link to another file (/etc/passwd), and the site publishes "
        "nothing through a link; copy the file itself into content/images/ instead"
    ) in lines
    # The rulebook says why the linked bulletin is left out, so the build
    # does not add that it could not be read.
    assert any(line.startswith("warning: content/bulletins/2020-01-04-linked.md: File: is a link") for line in lines)
    assert not any("could not be read" in line for line in lines)
    assert any(line.startswith("warning: content/images/logo.svg: File: is an SVG picture") for line in lines)
    assert "Traceback" not in messages


def test_pelican_reads_no_markdown_through_a_link(hostile, tmp_path, monkeypatch, caplog):
    opened = []
    real_open = safecontent.reader.pelican_open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(safecontent.reader, "pelican_open", spy)
    caplog.set_level(logging.WARNING)
    build(hostile, tmp_path / "output", "publishconf.py", SEARCH_INDEX=False)
    assert any(path.endswith("2020-01-02-pay.md") for path in opened)
    assert not [path for path in opened if "linked" in path or "/more/" in path or "outside" in path]
    refused = [r.args[0] for r in caplog.records if r.msg == "Could not process %s"]
    # A linked folder is not even entered (rulebook/plugin.py skip_linked_folders).
    assert sorted(refused) == ["bulletins/2020-01-04-linked.md"]


def test_a_strict_publish_refuses_them_by_name(hostile, tmp_path):
    output = tmp_path / "output"
    status, messages = safe_build("publishconf.py", output, strict=True, overrides={"PATH": str(hostile)})
    assert status == 1
    lines = messages.splitlines()
    for name in ("images/passwd.png", "images/outside", "images/drafts", "bulletins/more", "images/logo.svg",
                 "images/offer.htm", "images/offer.xml", "images/steal.js", "images/notes",
                 "bulletins/2020-01-04-linked.md"):  # fmt: skip
        assert any(line.startswith(f"content/{name}: File: ") for line in lines), name
    assert not output.exists()


def test_a_control_character_is_named_and_never_published(tmp_path):
    """A NUL used to pass check and stop publish with "Control characters
    are not supported in XML 1.0", naming no file."""
    content = tmp_path / "content"
    write_files(content, GROUPS_AND_CHAMPIONS)
    put_files(content, {"bulletins/2020-01-02-nul.md": "Title: Nul\nDate: 2020-01-02\n\nPay\x00 offer.\n"})
    shown = "content/bulletins/2020-01-02-nul.md:4: Body: contains an invisible NUL character"
    # make publish: check first.
    status, messages = safe_build("publishconf.py", tmp_path / "output", strict=True, overrides={"PATH": str(content)})
    assert status == 1
    assert any(line.startswith(shown) for line in messages.splitlines()), messages
    assert not (tmp_path / "output").exists()
    # The build itself, without the checks first, names it and builds
    # without it: no feed or page holds the character.
    status, messages = safe_build(
        "publishconf.py", tmp_path / "output", strict=False, overrides={"PATH": str(content), "STRICT_BUILD": False}
    )
    assert status == 0, messages
    assert any(line.startswith(f"warning: {shown}") for line in messages.splitlines()), messages
    texts = published_texts(tmp_path / "output")
    assert "<p>Pay offer.</p>" in texts["2020/01/nul.html"]
    readable = {name: text for name, text in texts.items() if name.endswith((".html", ".xml", ".pf_fragment"))}
    assert not [name for name, text in readable.items() if "\x00" in text]


def test_a_uk_date_is_not_published_under_a_guessed_date(tmp_path):
    """Pelican reads 01/12/2020 as 12 January; the live site refuses it."""
    content = tmp_path / "content"
    write_files(content, GROUPS_AND_CHAMPIONS)
    put_files(content, {"bulletins/uk-date.md": "Title: UK date\nDate: 01/12/2020\n\nText.\n"})
    output = tmp_path / "output"
    status, messages = safe_build("publishconf.py", output, strict=True, overrides={"PATH": str(content)})
    assert status == 1
    assert (
        'content/bulletins/uk-date.md:2: Date: write the date year first, as YYYY-MM-DD: if "01/12/2020" means '
        "1 December 2020, write 2020-12-01"
    ) in messages.splitlines()
    assert not output.exists()
    # Without the checks first, the build's own rule says it too (a
    # strict build fails on any warning).
    status, messages = safe_build(
        "publishconf.py", output, strict=False, search=False, overrides={"PATH": str(content), "STRICT_BUILD": False}
    )
    assert status == 0, messages
    assert "warning: content/bulletins/uk-date.md:2: Date: write the date year first" in messages
