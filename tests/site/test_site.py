"""The foundation: the real site builds with its content, permalinks,
archives, pages and typography; every template renders."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sitekit import ROOT, bulletin, links_on, parse, resolve, text_of

BULLETINS = {
    "2007/07/adult-social-services.html": ("Adult Social Services", "2007-07-03"),
    "2008/04/individualised-budgets-in-barnet.html": ("Individualised Budgets in Barnet", "2008-04-21"),
}


def test_real_site_has_each_bulletin_at_its_blogger_permalink(real_site):
    for path, (title, day) in BULLETINS.items():
        page = parse(real_site / path)
        assert text_of(page.find("h1")) == title
        assert page.find("main").find("time")["datetime"].startswith(day)
        assert len(page.find_all("h1")) == 1


def test_2007_bulletin_keeps_its_sections_and_numbered_list(real_site):
    page = parse(real_site / "2007/07/adult-social-services.html")
    body = page.select_one("article .content")
    headings = [text_of(h) for h in body.find_all("h2")]
    assert headings == [
        "Individualised Care Budgets – Part 1",
        "Individualised care budgets – Part 2",
        "Agency spend",
        "Individualised budgets - What next",
    ]
    items = [text_of(li) for li in body.find("ol").find_all("li")]
    assert len(items) == 3
    assert items[0] == "We are seeking urgent meetings with Director of Adult Social Services."
    assert "invite a speaker from UNISON HQ" in items[2]
    # Published wording kept, typing slips included: it is the branch's record.
    assert "So, if prposed savings are not made in thios finacial year" in text_of(body)


def test_2008_bulletin_is_signed_by_the_branch_secretary(real_site):
    page = parse(real_site / "2008/04/individualised-budgets-in-barnet.html")
    body = text_of(page.select_one("article .content"))
    assert body.startswith("Dear Colleagues,")
    assert body.endswith("Yours sincerely John Burgess Branch Secretary")
    assert "Helen Davies (Older Adults)" in body


@pytest.mark.parametrize("path", list(BULLETINS))
def test_no_broken_contact_phrases_or_blogger_footer(real_site, path):
    body = text_of(parse(real_site / path).select_one("article .content"))
    assert "at or" not in body
    assert "or email" not in body
    assert not body.rstrip().endswith("details to")
    assert "No comments" not in body


def test_lost_addresses_point_to_champion_or_contact_pages(real_site):
    links = links_on(real_site, "2008/04/individualised-budgets-in-barnet.html", "article .content a")
    assert links == ["champions/helen-davies/", "champions/helen-davies/"]
    links = links_on(real_site, "2007/07/adult-social-services.html", "article .content a")
    assert "champions/maggi-myland/" in links
    assert "pages/contact.html" in links


def test_typography_is_applied(real_site):
    page = parse(real_site / "2008/04/individualised-budgets-in-barnet.html")
    html = str(page.select_one("article .content"))
    assert "‘Service Champions’" in html  # curly quotes
    assert '<span class="caps">UNISON</span>' in html
    about = text_of(parse(real_site / "pages/join.html").select_one(".content"))
    assert "’s national website" in about  # straight apostrophe made curly
    assert "'s national" not in about


def test_archives_link_every_bulletin_by_year_and_month(real_site):
    hrefs = set(links_on(real_site, "archives.html", "main a"))
    for path in BULLETINS:
        assert path in hrefs
    assert {"2007/", "2008/", "2007/07/", "2008/04/"} <= hrefs
    for period in ("2007/index.html", "2008/04/index.html"):
        assert parse(real_site / period).select("main .article-list li")


def test_period_archive_pages_name_their_period(real_site):
    assert text_of(parse(real_site / "2008/04/index.html").h1) == "Bulletins from April 2008"
    assert text_of(parse(real_site / "2007/index.html").h1) == "Bulletins from 2007"


NAV = ["Home", "Care groups", "Champions", "Meetings", "Archives", "Search", "About", "Join"]


def test_every_page_has_the_navigation_and_landmarks(real_site):
    for path in ["index.html", "archives.html", "pages/about.html", *BULLETINS, "care-groups/index.html"]:
        page = parse(real_site / path)
        nav = page.find("nav", attrs={"aria-label": "Main"})
        assert [text_of(a) for a in nav.find_all("a")] == NAV, path
        for landmark in ("header", "main", "footer"):
            assert page.find(landmark), (path, landmark)
        assert len(page.find_all("h1")) == 1, path
        assert page.find("a", class_="skip-link")["href"] == "#main"


def test_pages_exist_and_are_linked(real_site):
    home = parse(real_site / "index.html")
    links = {text_of(a): resolve("index.html", a["href"]) for a in home.find_all("a")}
    for label, path in {
        "About": "pages/about.html",
        "Join": "pages/join.html",
        "Contact": "pages/contact.html",
        "Accessibility": "pages/accessibility.html",
        "Privacy": "pages/privacy.html",
        "Search": "search.html",
    }.items():
        assert links[label] == path, label
        assert (real_site / path).exists()
    join = parse(real_site / "pages/join.html")
    assert join.find("a", href="https://join.unison.org.uk/")


def test_current_page_is_marked_in_the_navigation(real_site):
    page = parse(real_site / "archives.html")
    current = page.select("nav[aria-label=Main] a[aria-current=page]")
    assert [text_of(a) for a in current] == ["Archives"]
    group = parse(real_site / "care-groups/older-adults/index.html")
    assert [text_of(a) for a in group.select("nav[aria-label=Main] a[aria-current]")] == ["Care groups"]


def test_contact_page_invents_no_details_and_still_reaches_a_person(real_site):
    """BRANCH_CONTACT is empty: no office details are made up; the page
    gives the convenor the bulletins name (her number marked public in her
    file) and UNISON's national helpline, both readable as text."""
    page = parse(real_site / "pages/contact.html")
    text = text_of(page.find("main"))
    assert "@" not in text
    assert "Until the branch office's details are published here" in text
    assert "Maggi Myland, Social Services Convenor: 0208 359 2088" in text
    assert "UNISONdirect, UNISON's national helpline for members: 0800 0 857 857" in text
    numbers = {text_of(a): a["href"] for a in page.select("main a[href^='tel:']")}
    assert numbers == {"0208 359 2088": "tel:+442083592088", "0800 0 857 857": "tel:+448000857857"}
    assert page.select_one("main a[href='https://www.unison.org.uk/']")
    assert not page.select("script")  # nothing behind a button: no reveal script


def test_index_lists_newest_first(real_site):
    page = parse(real_site / "index.html")
    dates = [t["datetime"] for t in page.select(".article-list time")]
    assert dates == sorted(dates, reverse=True)
    titles = [text_of(h) for h in page.select(".article-list h2")]
    if "Adult Social Services" in titles:  # both seeds on the first page
        assert titles.index("Individualised Budgets in Barnet") < titles.index("Adult Social Services")


def test_tiny_site_renders_every_template(tiny_site):
    files = {
        "bulletins/2020-01-02-first.md": bulletin(
            "First", "2020-01-02", "Older Adults", "Helen Davies", Tags="alpha, beta"
        ),
        "bulletins/2020-02-03-second.md": bulletin("Second", "2020-02-03", Tags="alpha", Author="Jo Bloggs"),
        "pages/about.md": "Title: About\nSlug: about\n\nAbout us.\n",
        "pages/404.md": (
            "Title: Page not found\nSlug: 404\nTemplate: 404\nStatus: hidden\nSave_as: 404.html\nURL: 404.html\n\n"
            "Not here.\n"
        ),
        "pages/search.md": (
            "Title: Search\nSlug: search\nTemplate: search\nSave_as: search.html\nURL: search.html\n\nSearch.\n"
        ),
    }
    out = tiny_site(files)
    expected_h1 = {
        "index.html": "Latest bulletins",
        "2020/01/first.html": "First",
        "pages/about.html": "About",
        "archives.html": "Archives",
        "2020/index.html": "Bulletins from 2020",
        "2020/02/index.html": "Bulletins from February 2020",
        "tag/alpha.html": "Tag: alpha",
        "tags.html": "Tags",
        "author/jo-bloggs.html": "Bulletins by Jo Bloggs",
        "404.html": "Page not found",
        "search.html": "Search",
        "care-groups/index.html": "Care groups",
        "care-groups/older-adults/index.html": "Older Adults",
        "champions/index.html": "Champions",
        "champions/helen-davies/index.html": "Helen Davies",
    }
    for path, h1 in expected_h1.items():
        page = parse(out / path)
        assert text_of(page.find("h1")) == h1, path
        assert page.find("main"), path
    # Every bulletin is in "Bulletins": no category page, and no list of
    # categories or authors linked from nowhere.
    for unlinked in ("category", "categories.html", "authors.html"):
        assert not (out / unlinked).exists(), unlinked
    author = parse(out / "author/jo-bloggs.html")
    assert author.title.string == "Bulletins by Jo Bloggs · Barnet UNISON Adult Social Services"
    tag = parse(out / "tag/alpha.html")
    assert [text_of(h) for h in tag.select(".article-list h2")] == ["Second", "First"]
    notfound = parse(out / "404.html")
    assert notfound.find("form", role="search")
    assert notfound.find("a", string="Contact the branch")


def test_index_paginates(tiny_site):
    files = {f"bulletins/2021-03-{d:02d}-b{d}.md": bulletin(f"Bulletin {d}", f"2021-03-{d:02d}") for d in range(1, 13)}
    out = tiny_site(files)
    first = parse(out / "index.html")
    assert len(first.select(".article-list > li")) == 10
    assert resolve("index.html", first.find("a", rel="next")["href"]) == "index2.html"
    second = parse(out / "index2.html")
    assert [text_of(h) for h in second.select(".article-list h2")] == ["Bulletin 2", "Bulletin 1"]
    assert second.find("a", rel="prev")


def test_make_clean_keeps_the_virtual_environment(tmp_path):
    """`make clean` on a copy of the project removes output/ and the cache
    and leaves .venv alone."""
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(".venv", "output", "cache", ".git", "node_modules"))
    for folder in (".venv/bin", "output/2008", "cache"):
        (project / folder).mkdir(parents=True)
    (project / ".venv/bin/python").write_text("kept")
    subprocess.run(["make", "clean"], cwd=project, check=True, capture_output=True)
    assert (project / ".venv/bin/python").read_text() == "kept"
    assert not (project / "output").exists()
    assert not (project / "cache").exists()


def test_plain_pelican_builds_the_whole_site_with_search(tmp_path):
    """`pelican` itself (as `make regenerate` and `make serve` run it), with
    no PYTHONPATH: every plugin loads, the care-group pages and the search
    index are made, and nothing is logged as an error."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "SOURCE_DATE_EPOCH": "1795435200"}
    settings = tmp_path / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(ROOT / ".venv/bin/pelican"), str(ROOT / "content"), "-o", str(tmp_path / "out"), "-s", str(settings)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERROR" not in output
    assert "Cannot load plugin" not in output
    assert (tmp_path / "out/care-groups/older-adults/index.html").is_file()
    assert (tmp_path / "out/pagefind/bundles.json").is_file()
