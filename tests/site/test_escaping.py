"""Safe by default: metadata is text. A title, summary, role, name, tag or
series containing markup shows as text on every page and in every feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from sitekit import GROUPS_AND_CHAMPIONS, build, bulletin, parse, text_of, write_files

EVIL = "<img src=x onerror=alert(1)>"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory):
    """Built once for the module, with the published site's settings (feeds)."""
    root = tmp_path_factory.mktemp("evil")
    files = {
        "champions/eve.md": f"Title: Eve {EVIL}\nCare_groups: Older Adults\nRole: Rep {EVIL}\n\nEve's profile.\n",
        "care-groups/evil.md": f"Title: Group {EVIL}\nSummary: About {EVIL}\n\nThe group.\n",
        "bulletins/2020-01-02-evil.md": bulletin(
            f"Pay {EVIL}",
            "2020-01-02",
            f"Older Adults, Group {EVIL}",
            f"Eve {EVIL}",
            Tags=f"Health & Safety, pay {EVIL}",
            Summary=f"Summary {EVIL}",
            Series=f"Talks {EVIL}",
            Author=f"Jo {EVIL}",
        ),
    }
    write_files(root / "content", {**GROUPS_AND_CHAMPIONS, **files})
    return build(root / "content", root / "output", "publishconf.py")


def spaced(value: str) -> str:
    """Typogrify's widow control puts a no-break space before the last word."""
    return value.replace("\xa0", " ")


def has_active_markup(soup: BeautifulSoup) -> bool:
    """An element our EVIL value would create, or any event attribute."""
    if soup.select("img[src=x]"):
        return True
    return any(name.lower().startswith("on") for tag in soup.find_all(True) for name in tag.attrs)


def test_no_page_contains_markup_from_metadata(evil_site):
    pages = sorted(evil_site.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        assert not has_active_markup(parse(path)), path.relative_to(evil_site)


@pytest.mark.parametrize(
    ("page", "selector", "expected"),
    [
        ("2020/01/evil.html", "h1", f"Pay {EVIL}"),
        ("2020/01/evil.html", ".care-groups", f"Group {EVIL}"),
        ("2020/01/evil.html", ".champions", f"Eve {EVIL}"),
        ("2020/01/evil.html", ".champion-contact", f"Rep {EVIL}"),
        ("2020/01/evil.html", ".series", f"Talks {EVIL}"),
        ("2020/01/evil.html", ".tags", f"pay {EVIL}"),
        ("2020/01/evil.html", ".meta", f"Jo {EVIL}"),
        ("index.html", ".article-list h2", f"Pay {EVIL}"),
        ("index.html", ".summary-text", f"Summary {EVIL}"),
        ("care-groups/evil/index.html", "h1", f"Group {EVIL}"),
        ("care-groups/index.html", ".card-list", f"About {EVIL}"),
        ("champions/eve/index.html", "h1", f"Eve {EVIL}"),
        ("champions/eve/index.html", "dl", f"Rep {EVIL}"),
        ("champions/index.html", ".card-list", f"Eve {EVIL}"),
        ("archives.html", "main", f"Pay {EVIL}"),
    ],
)
def test_metadata_shows_as_text(evil_site, page, selector, expected):
    assert expected in text_of(parse(evil_site / page).select_one(selector))


def test_head_carries_metadata_as_text(evil_site):
    page = parse(evil_site / "2020/01/evil.html")
    assert spaced(page.title.string).startswith(f"Pay {EVIL} · ")
    assert spaced(page.find("meta", attrs={"name": "description"})["content"]) == f"Summary {EVIL}"
    assert spaced(page.find("meta", property="og:title")["content"]).startswith(f"Pay {EVIL}")


@pytest.mark.parametrize(
    "feed",
    ["feeds/all.atom.xml", "feeds/care-groups/evil.atom.xml", "feeds/champions/eve.atom.xml"],
)
def test_feeds_carry_metadata_as_text(evil_site, feed):
    root = ET.parse(evil_site / feed).getroot()
    (entry,) = root.findall(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert title.get("type") in (None, "text")
    assert spaced(title.text) == f"Pay {EVIL}"
    assert entry.find(f"{ATOM}author/{ATOM}name").text == f"Jo {EVIL}"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Bulletins", "Health & Safety", f"pay {EVIL}"]
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # The summary is HTML for the feed reader: it must render as text.
    rendered = BeautifulSoup(summary.text, "html.parser")
    assert not has_active_markup(rendered)
    assert text_of(rendered) == f"Summary {EVIL}"
    if feed != "feeds/all.atom.xml":
        assert spaced(root.find(f"{ATOM}title").text).endswith(EVIL)


def test_typography_still_applies_to_escaped_titles(tiny_site):
    files = {"bulletins/2020-01-02-pay.md": bulletin('Pay "rise" & UNISON\'s view', "2020-01-02")}
    out = tiny_site(files)
    h1 = parse(out / "2020/01/pay.html").h1
    assert spaced(h1.get_text()) == "Pay “rise” & UNISON’s view"
    assert h1.find("span", class_="caps")


def test_summary_is_plain_text(tiny_site):
    summary = "A *big* day: [click](javascript:alert(1)) <b>now</b>"
    files = {"bulletins/2020-01-02-pay.md": bulletin("Pay", "2020-01-02", Summary=summary)}
    out = tiny_site(files)
    text = parse(out / "index.html").select_one(".summary-text")
    assert text_of(text) == "A big day: click <b>now</b>"
    assert not text.find_all(True) or all(t.name == "span" for t in text.find_all(True))


def test_empty_summary_falls_back_to_the_opening_words(tiny_site):
    files = {"bulletins/2020-01-02-pay.md": bulletin("Pay", "2020-01-02", Summary="", body="The opening words.")}
    out = tiny_site(files)
    assert text_of(parse(out / "index.html").select_one(".summary-text")) == "The opening words."


def test_tag_addresses_come_from_the_name_as_written(tiny_site):
    files = {"bulletins/2020-01-02-pay.md": bulletin("Pay", "2020-01-02", Tags="Health & Safety")}
    out = tiny_site(files)
    assert text_of(parse(out / "tag/health-safety.html").h1) == "Tag: Health & Safety"


def test_names_with_an_ampersand_still_match(tiny_site):
    files = {
        **GROUPS_AND_CHAMPIONS,
        "care-groups/health.md": "Title: Health & Safety\n\nThe group.\n",
        "bulletins/2020-01-02-pay.md": bulletin("Pay", "2020-01-02", "Health & Safety"),
    }
    out = tiny_site(files)
    assert text_of(parse(out / "2020/01/pay.html").select_one(".care-groups")) == "Care groups: Health & Safety"


# The corpus' bodies that hold something a browser would run or load:
# make check and make publish refuse them; make html and the preview build
# them, and must write none of it.
RUNNABLE_KINDS = [
    "<script>",
    "<iframe>",
    "on*= attribute",
    "javascript: link",
    "style= attribute",
    "<style> element",
    "<meta>",
    "<base>",
    "<form>",
    "javascript: link with a tab inside the scheme",
    "<svg> drawn in a body with an onload= handler",
]


def test_no_build_writes_a_runnable_body(tiny_site):
    from corpus import CORPUS
    from pelican.settings import read_settings
    from sitekit import ROOT

    from secretary.gates import check_csp, editor_of

    files = {CORPUS[kind][0]: CORPUS[kind][1] for kind in RUNNABLE_KINDS}
    site = tiny_site({**files, "bulletins/2020-04-01-fine.md": bulletin("Fine", "2020-04-01", body="Plain *words*.")})
    assert check_csp(site, editor=editor_of(read_settings(str(ROOT / "pelicanconf.py")))) == []
    for page in site.rglob("*.html"):
        soup = parse(page)
        for body in soup.select(".content"):
            embedded = body.find_all(["iframe", "object", "embed", "form", "base", "meta", "link", "svg", "script"])
            assert embedded == [], page
            for link in body.find_all(href=True):
                assert "script:" not in "".join(link["href"].split()).lower(), page
    fine = parse(site / "2020/04/fine.html").select_one(".content")
    assert fine.decode_contents().strip() == "<p>Plain <em>words</em>.</p>"


def test_a_correct_body_keeps_its_exact_markup():
    from rulebook.markup import clean

    correct = (
        '<p>Read <a href="{filename}../pages/about.md" title="About">this</a> and '
        '<img alt="A rally" src="{static}/images/rally.jpg"></p>\n'
        '<div class="footnote"><ol><li id="fn:1">x</li></ol></div>'
    )
    assert clean(correct) == correct
    hostile = '<p onclick="go()">Hi <a href="java&#9;script:alert(1)">x</a></p><script>alert(2)</script>'
    assert clean(hostile) == "<p>Hi <a>x</a></p>"
