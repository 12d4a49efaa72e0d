"""What readers get from every page, checked on the built HTML: finding
things, metadata for sharing and search engines, privacy and weight."""

from __future__ import annotations

import gzip
import re
from xml.etree import ElementTree

import pytest
from sitekit import ROOT, bulletin, links_on, parse, text_of

SITEURL = "https://branch.example.org"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The real content built with the publishing settings."""
    from sitekit import build

    out = tmp_path_factory.mktemp("published") / "output"
    return build(ROOT / "content", out, "publishconf.py", SITEURL=SITEURL)


def all_pages(site):
    """The reader's pages: not the search index's, nor the web editor's
    (for the secretary, with a policy of its own: tests/site/test_editor_site.py)."""
    return sorted(
        p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.relative_to(site).parts[0] != "admin"
    )


def test_series_navigation_says_part_n_of_m_and_lists_the_parts(tiny_site):
    files = {
        f"bulletins/2022-0{n}-01-budgets-part-{n}.md": bulletin(
            f"Budgets part {n}", f"2022-0{n}-01", Series="Care budgets"
        )
        for n in (1, 2, 3)
    }
    out = tiny_site(files)
    page = parse(out / "2022/02/budgets-part-2.html")
    series = page.select_one("nav.series")
    assert text_of(series.p) == "Part 2 of 3 of the series “Care budgets”"
    assert [text_of(a) for a in series.select("ol a")] == ["Budgets part 1", "Budgets part 2", "Budgets part 3"]
    assert text_of(series.select_one("a[aria-current=page]")) == "Budgets part 2"


def test_previous_and_next_bulletin_links(tiny_site):
    out = tiny_site({f"bulletins/2021-0{n}-01-b{n}.md": bulletin(f"B{n}", f"2021-0{n}-01") for n in (1, 2, 3)})
    assert links_on(out, "2021/02/b2.html", "nav.neighbours a[rel=next]") == ["2021/03/b3.html"]
    assert links_on(out, "2021/02/b2.html", "nav.neighbours a[rel=prev]") == ["2021/01/b1.html"]
    assert not parse(out / "2021/03/b3.html").select("nav.neighbours a[rel=next]")
    assert not parse(out / "2021/01/b1.html").select("nav.neighbours a[rel=prev]")


def test_the_first_bulletin_leads_to_the_next(real_site):
    older = "2007/07/adult-social-services.html"
    assert links_on(real_site, older, "nav.neighbours a[rel=next]")
    assert not parse(real_site / older).select("nav.neighbours a[rel=prev]")


def test_tags_page_lists_every_tag_with_counts(real_site):
    page = parse(real_site / "tags.html")
    items = {text_of(li.a): text_of(li.select_one(".count")) for li in page.select(".term-index li")}
    assert int(items["individualised budgets"].strip("()")) >= 2
    assert int(items["consultants"].strip("()")) >= 1


def test_sitemap_lists_every_page_with_absolute_urls(published):
    tree = ElementTree.parse(published / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert f"{SITEURL}/2008/04/individualised-budgets-in-barnet.html" in locs
    assert f"{SITEURL}/care-groups/older-adults/" in locs
    assert all(loc.startswith(SITEURL + "/") for loc in locs)
    assert not [loc for loc in locs if loc.endswith(("404.html", "search.html"))]


def test_robots_txt_points_to_the_sitemap(published):
    lines = (published / "robots.txt").read_text().split()
    assert "User-agent:" in lines
    assert f"{SITEURL}/sitemap.xml" in lines


def test_canonical_description_and_open_graph_on_every_page(published):
    for path in all_pages(published):
        rel = path.relative_to(published).as_posix()
        if rel == "404.html":
            continue
        page = parse(path)
        expected = f"{SITEURL}/{rel.removesuffix('index.html')}"
        assert page.find("link", rel="canonical")["href"] == expected, rel
        assert page.find("meta", property="og:url")["content"] == expected, rel
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert len(description) > 20, rel
        assert page.find("meta", property="og:title")["content"], rel
        assert "<" not in page.find("meta", property="og:title")["content"], rel


def test_bulletin_metadata_is_plain_text(published):
    page = parse(published / "2008/04/individualised-budgets-in-barnet.html")
    # No hidden no-break space (typogrify's widont, TYPOGRIFY_OMIT_FILTERS) in the title.
    assert page.title.string == "Individualised Budgets in Barnet · Barnet UNISON Adult Social Services"
    assert page.find("meta", property="og:type")["content"] == "article"
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("What individualised budgets")


def test_every_page_sets_language_csp_and_join_link(real_site):
    for path in all_pages(real_site):
        page = parse(path)
        rel = path.relative_to(real_site).as_posix()
        assert page.html["lang"].lower().startswith("en"), rel
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self' 'wasm-unsafe-eval'" in csp, rel
        assert "unsafe-inline" not in csp, rel
        assert page.find("a", string="Join UNISON"), rel
        assert not page.select("[accesskey]"), rel


def test_only_search_and_reveal_use_javascript_and_never_block_rendering(real_site):
    seen = set()
    for path in all_pages(real_site):
        for script in parse(path).find_all("script"):
            rel = path.relative_to(real_site).as_posix()
            assert script.has_attr("src"), f"inline script in {rel}"
            assert script.has_attr("defer"), f"render-blocking script in {rel}"
            seen.add(script["src"].rsplit("/", 1)[-1])
    # reveal.js only where something is behind its button: nothing in the real
    # content (Maggi Myland's number is public; tests/site/test_contact_routes.py).
    assert "search.js" in seen
    assert seen <= {"search.js", "reveal.js"}
    assert [s["src"] for s in parse(real_site / "index.html").find_all("script")] == []


def test_no_contact_detail_or_mailto_in_the_html_source(tiny_site):
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", "Older Adults, Mental Health")})
    for path in all_pages(out):
        source = path.read_text()
        assert "helen.example@branch.test" not in source, path
        assert "mailto:" not in source, path
        assert "7946" not in source, path
    page = parse(out / "champions/helen-davies/index.html")
    assert page.select_one(".reveal[data-reveal-kind=email] a")["href"].endswith("pages/contact.html")


def test_first_view_of_a_bulletin_fits_in_14_kb(published):
    """HTML and its one style sheet, gzipped as a static host would: the
    first round trip of a slow connection carries the whole readable page."""
    css = gzip.compress((published / "theme/css/site.css").read_bytes(), 9)
    for path in published.glob("20*/*/*.html"):
        html = path.read_bytes()
        stylesheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', html)
        assert [s.rsplit(b"/", 1)[-1] for s in stylesheets] == [b"site.css"]
        size = len(gzip.compress(html, 9)) + len(css)
        assert size <= 14 * 1024, f"{path.name}: {size} bytes"


def test_404_offers_search_and_contact(real_site):
    page = parse(real_site / "404.html")
    assert page.find("form", role="search").find("input", attrs={"name": "q"})
    assert "pages/contact.html" in links_on(real_site, "404.html", "main a")


def test_accessibility_statement_says_what_is_tested_and_how(real_site):
    text = text_of(parse(real_site / "pages/accessibility.html").find("main"))
    for words in (
        "WCAG) 2.2 at level AA",
        "axe",
        "Chromium",
        "without JavaScript",
        "320",
        "dark mode",
        "print",
        "Nu HTML Checker",
    ):
        assert words.lower() in text.lower(), words


def test_search_index_glob_covers_every_indexable_page(real_site, tiny_site):
    """SEARCH_INDEX_GLOB lets Pagefind skip list pages; every page that
    carries data-pagefind-body must still match it."""
    from fnmatch import fnmatchcase

    from pelicanconf import SEARCH_INDEX_GLOB

    patterns = SEARCH_INDEX_GLOB
    # 26 bulletins naming Helen: her page and her care group's have a
    # second page of bulletins, which is a list, not what she is about.
    many = {
        f"bulletins/2021-01-{day:02d}-b{day}.md": bulletin(
            f"B{day}", f"2021-01-{day:02d}", "Older Adults", "Helen Davies"
        )
        for day in range(1, 27)
    }
    draft = tiny_site({"bulletins/2021-02-01-d.md": bulletin("D", "2021-02-01", Status="draft"), **many})
    assert (draft / "champions/helen-davies/index2.html").is_file()
    assert (draft / "care-groups/older-adults/index2.html").is_file()
    indexable = []
    for site in (real_site, draft):
        for path in all_pages(site):
            if parse(path).find(attrs={"data-pagefind-body": True}):
                indexable.append(path.relative_to(site).as_posix())
    assert "drafts/d.html" in indexable
    assert "2008/04/individualised-budgets-in-barnet.html" in indexable
    assert "champions/helen-davies/index.html" in indexable
    assert "care-groups/older-adults/index.html" in indexable
    assert not [p for p in indexable if p.endswith("index2.html")]
    assert [p for p in indexable if not any(fnmatchcase(p, pattern) for pattern in patterns)] == []
    assert not any(fnmatchcase("tag/consultants.html", pattern) for pattern in patterns)
