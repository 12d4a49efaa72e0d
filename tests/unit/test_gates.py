"""The publishing gates: each passes on the published site and fails, naming
the page, on a planted defect. Planted defects go into a copy of the
published site (what CI would deploy) or into a few hand-written files."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pelican.settings import read_settings
from sitekit import PUBLISHED_SITEURL, ROOT, bulletin, put_files, write_files

from secretary.gates import (
    Finding,
    check_csp,
    check_feeds,
    check_html,
    check_links,
    check_privacy,
    editor_of,
    feed_files,
    inside_site,
    public_numbers,
    run_gates,
)

BULLETIN = "2008/04/individualised-budgets-in-barnet.html"
ABOUT = "pages/about.html"
# The web editor's folder and policy in the published site (plugins/editor).
EDITOR = editor_of(read_settings(str(ROOT / "publishconf.py")))


@pytest.fixture
def site_copy(published_site, tmp_path) -> Path:
    """A copy of the published site to plant defects in."""
    return Path(shutil.copytree(published_site, tmp_path / "site"))


def plant(site: Path, page: str, markup: str, before: str = "</main>") -> None:
    path = site / page
    text = path.read_text(encoding="utf-8")
    assert before in text, f"{before} not in {page}"
    path.write_text(text.replace(before, markup + before, 1), encoding="utf-8")


def pages_named(findings: list[Finding]) -> set[str]:
    return {f.page for f in findings}


def public_of(content: Path) -> frozenset[str]:
    """The numbers a site built from `content` with publishconf.py prints as
    text (Maggi Myland's, marked public in her file; UNISONdirect's): what
    `make gates` gives the privacy gate."""
    from pelican.settings import read_settings

    return public_numbers(read_settings(str(ROOT / "publishconf.py"), override={"PATH": str(content)}))


PUBLIC = public_of(ROOT / "content")


# -- the published site passes every gate ---------------------------------------


def test_published_site_links_and_assets_all_resolve(published_site):
    assert check_links(published_site, PUBLISHED_SITEURL) == []


def test_published_site_has_no_html_errors(published_site):
    """The Nu HTML Checker, once over every page."""
    assert check_html(published_site) == []


def test_published_feeds_parse_with_absolute_links_and_stable_ids(published_site):
    feeds = feed_files(published_site)
    assert "feeds/all.atom.xml" in feeds
    assert "feeds/care-groups/older-adults.atom.xml" in feeds
    assert "feeds/champions/helen-davies.atom.xml" in feeds
    assert check_feeds(published_site, PUBLISHED_SITEURL) == []
    text = (published_site / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "<id>tag:branch.example.org,2008-04-21:/blog/2008/04/individualised-budgets-in-barnet.html</id>" in text


def test_published_pages_keep_the_strict_content_security_policy(published_site):
    from pelicanconf import CONTENT_SECURITY_POLICY

    assert EDITOR[0] == "admin"
    assert check_csp(published_site, CONTENT_SECURITY_POLICY, EDITOR) == []
    # The editor's page has a policy of its own, its scripts a folder of
    # their own: the site's policy alone refuses both.
    assert pages_named(check_csp(published_site, CONTENT_SECURITY_POLICY)) == {
        "admin/index.html",
        "admin/cms.js",
        "admin/decap-cms.js",
    }


def test_published_site_shows_no_address_and_loads_nothing_from_elsewhere(published_site):
    assert check_privacy(published_site, PUBLISHED_SITEURL, PUBLIC, EDITOR) == []
    # Ordinary outbound links stay: the Join page links to UNISON's join form.
    assert 'href="https://join.unison.org.uk/"' in (published_site / "pages/join.html").read_text(encoding="utf-8")


def test_the_privacy_gate_lets_only_the_public_numbers_through(published_site):
    """Maggi Myland's number (marked public in her file) and UNISONdirect's
    are printed as text; the gate names them when it is not told they are
    public, and names any other number however public it looks."""
    assert {"+442083592088", "+448000857857"} <= PUBLIC
    assert len(PUBLIC) == 2  # the branch office's number is not filled in
    told_nothing = check_privacy(published_site, PUBLISHED_SITEURL)
    named = {f.message.split("'")[1] for f in told_nothing}
    assert {"0208 359 2088", "0800 0 857 857"} <= named
    assert "pages/contact.html" in pages_named(told_nothing)


# -- each gate fails on a planted defect, naming the page ---------------------------------


def test_broken_link_is_named_with_its_page_and_target(site_copy):
    plant(site_copy, BULLETIN, f'<a href="{PUBLISHED_SITEURL}/2009/01/missing.html">gone</a>')
    plant(site_copy, ABOUT, '<a href="../champions/nobody/">nobody</a>')
    findings = check_links(site_copy, PUBLISHED_SITEURL)
    assert [f.page for f in findings] == [BULLETIN, ABOUT]
    by_page = {f.page: f.message for f in findings}
    assert "2009/01/missing.html" in by_page[BULLETIN]
    assert "champions/nobody/" in by_page[ABOUT]
    assert str(findings[0]).startswith(findings[0].page + ": ")


def test_missing_stylesheet_is_reported_on_every_page(site_copy):
    (site_copy / "theme/css/site.css").unlink()
    findings = check_links(site_copy, PUBLISHED_SITEURL)
    html_pages = {p.relative_to(site_copy).as_posix() for p in site_copy.rglob("*.html")}
    # The web editor's page links the site's stylesheet from its script, for its preview.
    assert pages_named(findings) == html_pages - {"admin/index.html"}
    assert all("theme/css/site.css" in f.message for f in findings)


def test_missing_search_bundle_is_reported_on_the_search_page(site_copy):
    shutil.rmtree(site_copy / "pagefind")
    assert pages_named(check_links(site_copy, PUBLISHED_SITEURL)) == {"search.html"}


def test_link_to_a_missing_fragment_is_reported(site_copy):
    plant(site_copy, ABOUT, f'<a href="{PUBLISHED_SITEURL}/{BULLETIN}#no-such-part">part</a>')
    findings = check_links(site_copy, PUBLISHED_SITEURL)
    assert len(findings) == 1
    assert findings[0].page == ABOUT
    assert "no-such-part" in findings[0].message


def test_invalid_html_is_named_with_its_page(site_copy):
    """One run of the checker over the copy: only the two spoilt pages are
    named. The 'wasm-unsafe-eval' the checker does not know is set aside on
    every page, but a real mistake in a policy is still reported."""
    plant(site_copy, ABOUT, '<ul><p id="main">not a list item</p></ul>')
    plant(site_copy, BULLETIN, """<meta http-equiv="Content-Security-Policy" content="script-src 'sefl'">""", "</head>")
    findings = check_html(site_copy)
    assert pages_named(findings) == {ABOUT, BULLETIN}
    about = [f.message for f in findings if f.page == ABOUT]
    assert any("Duplicate ID 'main'" in m for m in about)
    assert any("Element 'p' not allowed as child of element 'ul'" in m for m in about)
    assert all(m.startswith("line ") for m in about)


def test_plain_email_address_is_named_with_its_page(site_copy):
    plant(site_copy, BULLETIN, "<p>Write to jo.bloggs@example.org for details.</p>")
    plant(site_copy, ABOUT, "<p>Or to branch&#64;example.org.</p>")
    findings = check_privacy(site_copy, PUBLISHED_SITEURL, PUBLIC, EDITOR)
    assert pages_named(findings) == {BULLETIN, ABOUT}
    messages = " ".join(f.message for f in findings)
    assert "jo.bloggs@example.org" in messages
    assert "branch@example.org" in messages


def test_plain_phone_numbers_and_addresses_in_any_alphabet_are_named_with_their_page(site_copy):
    """However the number is written (caregroups/contacts.py); a date or a
    time is never one."""
    plant(site_copy, BULLETIN, "<p>Ring Jo on +44 (0)7700&nbsp;900123 or <strong>0208</strong> 359 2099.</p>")
    plant(site_copy, ABOUT, "<p>Write to josé@exämple.org; meet on 05-06-2024 14:00.</p>")
    findings = check_privacy(site_copy, PUBLISHED_SITEURL, PUBLIC, EDITOR)
    fix = "; show it with the reveal control or link to the contact page"
    assert sorted((f.page, f.message) for f in findings) == [
        (BULLETIN, f"plain phone number '+44 (0)7700 900123'{fix}"),
        (BULLETIN, f"plain phone number '0208 359 2099'{fix}"),
        (ABOUT, f"plain e-mail address 'josé@exämple.org'{fix}"),
    ]


def test_numbers_and_addresses_in_web_addresses_and_ids_are_named_with_their_page(site_copy):
    """A program reads a web address or an id: wa.me/ digits, a query's
    values, a tel: in cite=, a number in an id or in an address written as
    text (a sitemap's <loc>)."""
    plant(site_copy, BULLETIN, '<p><a href="https://wa.me/447945678901">WhatsApp</a></p>')
    plant(site_copy, BULLETIN, '<blockquote cite="tel:07967890123"><p>We won.</p></blockquote>')
    plant(
        site_copy,
        BULLETIN,
        '<p><a href="https://example.com/f?email=carol%40example.com&amp;phone=07956789012">f</a></p>',
    )
    plant(site_copy, ABOUT, '<h2 id="ring-helen-on-020-8359-2099">Ring Helen</h2>')
    plant(site_copy, ABOUT, "<p>https://branch.example.org/2026/11/call-07912-345678.html</p>")
    findings = check_privacy(site_copy, PUBLISHED_SITEURL, PUBLIC, EDITOR)
    fix = "; show it with the reveal control or link to the contact page"
    leave = "; leave it out, or link to the contact page"
    assert sorted((f.page, f.message) for f in findings) == [
        (BULLETIN, f"e-mail address 'carol@example.com' in a web address or a name{leave}"),
        (BULLETIN, f"plain phone number '+447945678901'{fix}"),
        (BULLETIN, f"plain phone number '07956789012'{fix}"),
        (BULLETIN, f"plain phone number '07967890123'{fix}"),
        (ABOUT, f"plain phone number '020-8359-2099'{fix}"),
        (ABOUT, f"plain phone number '07912-345678'{fix}"),
    ]  # fmt: skip


def test_email_in_a_feed_is_reported_too(site_copy):
    feed = site_copy / "feeds/all.atom.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("Dear", "jo@example.org Dear", 1), encoding="utf-8")
    assert pages_named(check_privacy(site_copy, PUBLISHED_SITEURL, PUBLIC, EDITOR)) == {"feeds/all.atom.xml"}


def test_resources_from_other_origins_are_reported_but_outbound_links_are_not(site_copy):
    plant(site_copy, ABOUT, '<script src="https://cdn.example.com/tracker.js" defer></script>', before="</body>")
    plant(site_copy, ABOUT, '<img src="//images.example.com/x.png" alt="x">')
    plant(site_copy, ABOUT, '<a href="https://www.unison.org.uk/">UNISON</a>')
    findings = check_privacy(site_copy, PUBLISHED_SITEURL, PUBLIC, EDITOR)
    assert pages_named(findings) == {ABOUT}
    assert len(findings) == 2
    assert any("cdn.example.com" in f.message for f in findings)
    assert any("images.example.com" in f.message for f in findings)


def test_inline_script_style_and_handlers_are_named_with_their_page(site_copy):
    from pelicanconf import CONTENT_SECURITY_POLICY

    plant(site_copy, ABOUT, "<script>alert(1)</script>", before="</body>")
    plant(site_copy, ABOUT, '<p style="color: red">red</p>')
    plant(site_copy, BULLETIN, '<button type="button" onclick="go()">Go</button>')
    plant(site_copy, BULLETIN, "<style>p { color: red }</style>", before="</head>")
    findings = check_csp(site_copy, CONTENT_SECURITY_POLICY, EDITOR)
    by_page: dict[str, list[str]] = {}
    for finding in findings:
        by_page.setdefault(finding.page, []).append(finding.message)
    assert set(by_page) == {ABOUT, BULLETIN}
    assert any("inline <script>" in m for m in by_page[ABOUT])
    assert any("style= attribute" in m for m in by_page[ABOUT])
    assert any("onclick=" in m for m in by_page[BULLETIN])
    assert any("<style>" in m for m in by_page[BULLETIN])


def test_page_without_the_policy_meta_is_reported(site_copy):
    from pelicanconf import CONTENT_SECURITY_POLICY

    path = site_copy / ABOUT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('http-equiv="Content-Security-Policy"', 'name="x-removed"'), encoding="utf-8")
    findings = check_csp(site_copy, CONTENT_SECURITY_POLICY, EDITOR)
    assert findings == [Finding(ABOUT, "has 0 Content-Security-Policy <meta> elements; it needs exactly one")]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("<id>tag:branch.example.org,", "<id>tag:None,", 1), "tag:None"),
        (lambda t: t.replace(f'href="{PUBLISHED_SITEURL}/2008/', 'href="2008/', 1), "not an absolute link"),
        (lambda t: t.replace("</feed>", ""), "does not parse cleanly"),
    ],
    ids=["id-without-host", "relative-link", "broken-xml"],
)
def test_feed_defects_are_named_with_the_feed(site_copy, change, expected):
    feed = site_copy / "feeds/all.atom.xml"
    feed.write_text(change(feed.read_text(encoding="utf-8")), encoding="utf-8")
    findings = [f for f in check_feeds(site_copy, PUBLISHED_SITEURL) if f.page == "feeds/all.atom.xml"]
    assert any(expected in f.message for f in findings), findings


def test_feed_entry_ids_must_be_unique_and_the_same_in_every_feed(site_copy):
    feed = site_copy / "feeds/all.atom.xml"
    text = feed.read_text(encoding="utf-8")
    first_id, second_id = re.findall(r"<entry>.*?<id>(.*?)</id>", text, re.DOTALL)[:2]
    feed.write_text(text.replace(second_id, first_id), encoding="utf-8")
    findings = check_feeds(site_copy, PUBLISHED_SITEURL)
    mine = [f.message for f in findings if f.page == "feeds/all.atom.xml"]
    assert any("repeats the id" in m for m in mine)
    assert any("shares the id" in m for m in mine)
    # The care-group feeds give that bulletin its own id: they are named too.
    assert any("gives" in f.message for f in findings if f.page.startswith("feeds/care-groups/"))


# -- defects planted in content, through the real build ----------------------------------


def real_pages() -> dict[str, str]:
    """The branch's pages (About, Join...), which every page links to."""
    return {f"pages/{p.name}": p.read_text(encoding="utf-8") for p in (ROOT / "content/pages").glob("*.md")}


def links_but_search(site: Path) -> list[Finding]:
    """check_links on a tiny site built without a search index."""
    return [f for f in check_links(site, "https://branch.example.org") if "data-bundle" not in f.message]


def test_bulletin_with_a_dead_link_and_an_address_fails_the_gates(tiny_site, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://branch.example.org")
    files = {
        **real_pages(),
        "bulletins/2020-01-02-notice.md": bulletin(
            "Notice",
            "2020-01-02",
            "Older Adults",
            body="See [the notice](https://branch.example.org/2001/01/gone.html) or write to jo.bloggs@example.org.",
        ),
    }
    site = tiny_site(files, config="publishconf.py")
    links = links_but_search(site)
    assert "2020/01/notice.html" in pages_named(links)  # and the lists showing its summary
    assert all("2001/01/gone.html" in f.message for f in links)
    # The build left the address out (and the rulebook refused it); had it
    # not, the privacy gate would name the page and the feed.
    public = public_of(site.parent / "content")
    assert check_privacy(site, "https://branch.example.org", public, EDITOR) == []
    for page in ("2020/01/notice.html", "feeds/all.atom.xml"):
        path = site / page
        path.write_text(path.read_text().replace("(e-mail address left out)", "jo.bloggs@example.org"))
    privacy = check_privacy(site, "https://branch.example.org", public, EDITOR)
    assert "2020/01/notice.html" in pages_named(privacy)
    assert "feeds/all.atom.xml" in pages_named(privacy)  # the feed carries the body too


def test_champion_address_written_in_a_bulletin_is_hidden_and_passes(tiny_site, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://branch.example.org")
    files = {
        **real_pages(),
        "bulletins/2020-01-02-notice.md": bulletin(
            "Notice", "2020-01-02", "Older Adults", body="Write to helen.example@branch.test."
        ),
    }
    site = tiny_site(files, config="publishconf.py")
    assert check_privacy(site, "https://branch.example.org", public_of(site.parent / "content"), EDITOR) == []
    assert links_but_search(site) == []


def test_feeds_of_a_site_without_siteurl_get_tag_none_ids(tiny_site):
    """Why publishconf sets SITEURL: without it Pelican's feed ids have no
    host, and the gate says so."""
    files = {"bulletins/2020-01-02-notice.md": bulletin("Notice", "2020-01-02", "Older Adults")}
    site = tiny_site(files, FEED_ALL_ATOM="feeds/all.atom.xml")
    messages = [f.message for f in check_feeds(site, "")]
    assert any("tag:None" in m for m in messages)


# -- small trees written by hand ------------------------------------------------------------


def test_links_resolve_relative_absolute_and_folder_forms(tmp_path):
    write_files(
        tmp_path,
        {
            "index.html": """
                <a href="a/">a</a> <a href="a/index.html#top">top</a> <a href="/blog/b.html">b</a>
                <a href="https://x.test/blog/a">a without slash</a> <a href="#here">here</a>
                <a id="here" href="mailto:someone">m</a> <a href="https://elsewhere.test/nothing">out</a>
                <img src="img/x.png" srcset="img/x.png 1x, img/missing.png 2x" alt="">
                """,
            "a/index.html": '<p id="top">A</p><link rel="stylesheet" href="../s.css">',
            "b.html": "<p>B</p>",
            "s.css": "body { background: url('img/x.png') } h1 { background: url(gone.png) }",
            "img/x.png": "png",
        },
    )
    findings = check_links(tmp_path, "https://x.test/blog")
    assert [f.page for f in findings] == ["index.html", "s.css"]
    assert "img/missing.png" in findings[0].message
    assert "gone.png" in findings[1].message


def test_inside_site_maps_urls_under_siteurl_only():
    assert inside_site("https://x.test/blog", "https://x.test/blog/2008/a.html") == "2008/a.html"
    assert inside_site("https://x.test/blog", "https://x.test/other/a.html") is None
    assert inside_site("https://x.test/blog", "http://x.test/blog/a.html") is None
    assert inside_site("", "https://site.invalid/a%20b.html") == "a b.html"
    assert inside_site("https://x.test/blog", "https://x.test/blog") == ""


def test_run_gates_without_the_html_checker_runs_the_other_four(tmp_path):
    write_files(tmp_path, {"index.html": "<p>Hello</p>"})
    results = run_gates(tmp_path, "https://x.test", policy=None, html_checker=False)
    assert results == {"links": [], "feeds": [], "csp": [], "privacy": []}


# -- files a browser runs on the site's origin, whatever their suffix ------------

HOSTILE_FILES = {
    "images/pay.htm": "<!doctype html><title>Pay</title><script>alert(1)</script>",
    "images/pay.xhtml": '<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>',
    "images/logo.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        '<a href="javascript:alert(3)"><circle r="4"/></a></svg>'
    ),
    "images/styled.xml": '<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="x.xsl"?><a/>',
    "images/inline.xml": '<a xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script></a>',
    "images/steal.js": "fetch('/drafts/')",
    "images/module.mjs": "export {}",
}


def test_every_file_a_browser_would_run_as_a_page_or_script_is_named(site_copy):
    from pelicanconf import CONTENT_SECURITY_POLICY

    put_files(site_copy, HOSTILE_FILES)
    findings = check_csp(site_copy, CONTENT_SECURITY_POLICY, EDITOR)
    assert sorted(findings) == sorted(
        [
            Finding("images/pay.htm", "inline <script> body: 'alert(1)'"),
            Finding("images/pay.htm", "has 0 Content-Security-Policy <meta> elements; it needs exactly one"),
            Finding("images/pay.xhtml", "onload= event handler on <body>"),
            Finding("images/pay.xhtml", "has 0 Content-Security-Policy <meta> elements; it needs exactly one"),
            Finding("images/logo.svg", "onload= event handler on <svg>"),
            Finding("images/logo.svg", "<script> in an SVG image: it runs on the site when the image is opened"),
            Finding("images/logo.svg", "javascript: URL in href= on <a>"),
            Finding("images/styled.xml", "<?xml-stylesheet?> instruction: a stylesheet can make the file run scripts"),
            Finding("images/inline.xml", "<script> in the http://www.w3.org/1999/xhtml namespace runs as a script"),
            *(
                Finding(
                    script,
                    "a script outside theme/ and pagefind/ and admin/: any page could run it on the site; "
                    "only the theme's, the search's and the editor's scripts belong in the site",
                )
                for script in ("images/steal.js", "images/module.mjs")
            ),
        ]
    )


def test_a_page_that_is_not_utf8_is_named_not_a_traceback(site_copy):
    """A page copied as it was from content/images/, in Windows-1252."""
    put_files(site_copy, {"images/old-notice.html": "<!doctype html><p>Café “notice”</p>".encode("cp1252")})
    results = run_gates(site_copy, PUBLISHED_SITEURL, policy=None, html_checker=False, public=PUBLIC, editor=EDITOR)
    not_utf8 = "is not UTF-8 text, as every page the build writes is; a copied file? remove it"
    assert results["csp"] == [Finding("images/old-notice.html", not_utf8)]
    assert results["links"] == results["privacy"] == results["feeds"] == []


def test_make_gates_names_a_page_that_is_not_utf8(site_copy):
    from secretary import cli

    put_files(site_copy, {"images/old-notice.html": b"<p>Caf\xe9</p>", "images/steal.js": "alert(1)"})
    out = io.StringIO()
    command = ["gates", "--settings", str(ROOT / "publishconf.py"), "--output", str(site_copy), "--no-html"]
    status = cli.main(command, out)
    printed = out.getvalue()
    assert status == 1
    assert "Traceback" not in printed
    assert "error:" not in printed
    assert "  images/old-notice.html: is not UTF-8 text" in printed
    assert "  images/steal.js: a script outside theme/ and pagefind/" in printed
