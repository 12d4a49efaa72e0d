"""The real site in real Chromium: what only a browser shows.

Debian's /usr/bin/chromium is driven through Playwright (never a downloaded
browser); the built site is served on 127.0.0.1 and every request that would
leave this machine is recorded and refused."""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sitekit import ROOT, parse, put_files, resolve, safe_build

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]

PAGE_TYPES = {
    "home": "index.html",
    "bulletin": "2008/04/individualised-budgets-in-barnet.html",
    "bulletin with phone": "2007/07/adult-social-services.html",
    "page": "pages/about.html",
    "contact": "pages/contact.html",
    "archives": "archives.html",
    "year archive": "2008/",
    "month archive": "2008/04/",
    "tag": "tag/individualised-budgets.html",
    "tags": "tags.html",
    "author": "author/john-burgess.html",
    "care groups": "care-groups/",
    "care group": "care-groups/older-adults/",
    "champions": "champions/",
    "champion": "champions/maggi-myland/",
    "champion behind the button": "champions/ruth-okoye/",
    "search": "search.html?q=budgets",
    "not found": "404.html",
    "meetings": "events/",
    "meeting": "events/2099/01-20-browser-forum.html",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # A calendar's type, as GitHub Pages sends it and _headers gives it to
    # Netlify and Cloudflare (plugins/publishing/headers.py).
    extensions_map = MappingProxyType(
        {**http.server.SimpleHTTPRequestHandler.extensions_map, ".ics": "text/calendar; charset=utf-8"}
    )

    def log_message(self, *args):
        pass

    def end_headers(self):
        # Every page is fetched whole, as in a browser that has never been to
        # the site: the tests' pages (one per kind of visit, kept between
        # tests) keep no copy to ask "has it changed?" about (a 304 answer).
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A page left before its last request was answered (the sweep
        # goes from page to page at once): the browser closed the
        # connection, which is no error of the site's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


# Content a secretary should never write, which `make check` and `make
# publish` refuse but `make html` and the preview still build, with a
# warning: the built pages must hold nothing a browser would run. Dated
# before the real bulletins, so no page the other tests visit shows it
# first; its words match no search the tests make.
HOSTILE = {
    "bulletins/2006-05-01-hostile.md": (
        "Title: Notice <img src=x alt='' onerror=alert(1)>\n"
        "Date: 2006-05-01 10:00\n"
        "Summary: Quarterly notice <script>alert(2)</script>\n"
        "\n"
        "Quarterly notice.\n"
        "\n"
        '<img src="x" alt="" onerror="alert(3)">\n'
        "\n"
        '<p onmouseover="alert(4)">Read <a href="javascript:alert(5)">the notice</a>.</p>\n'
        "\n"
        "<script>alert(6)</script>\n"
    ),
}
HOSTILE_FILE = "content/bulletins/2006-05-01-hostile.md"
# Twelve notices with a word no other page has: more results than the search
# page shows at once. Dated before the real bulletins, as HOSTILE is.
QUORUM = {
    f"bulletins/2005-03-{day:02d}-quorum-{day}.md": (
        f"Title: Quorum notice {day}\nDate: 2005-03-{day:02d} 10:00\nCare_groups: Back office\n\n"
        f"The quorum for meeting {day}.\n"
    )
    for day in range(1, 13)
}

# A champion whose number and e-mail address are not marked public (the real
# content has none: Maggi Myland's number is printed), and a bulletin giving
# both in its text: what the reveal button is for. Correct content: no warning.
BEHIND_THE_BUTTON = {
    "champions/ruth-okoye.md": (
        "Title: Ruth Okoye\nCare_groups: Mental Health\nRole: UNISON steward for Mental Health\n"
        "Since: 2020-01-01\nPhone: 020 7946 0372\nEmail: ruth.okoye@branch.example\n\n"
        "Ruth is a steward in the community mental health teams.\n"
    ),
    "bulletins/2006-06-01-ward-visit.md": (
        "Title: Ward visit\nDate: 2006-06-01 10:00\nCategory: Bulletins\nCare_groups: Mental Health\n"
        "Champions: Ruth Okoye\nSummary: A visit to the wards.\n\n"
        "Ring Ruth on 020 7946 0372 or write to ruth.okoye@branch.example before the visit.\n"
    ),
}
RUTH_BULLETIN = "2006/06/ward-visit.html"

# A meeting (plugins/events), far enough ahead to be coming whenever the tests run.
MEETING = {
    "events/2099-01-20-browser-forum.md": (
        "Title: Care forum\nStart: 2099-01-20 18:00\nEnd: 2099-01-20 20:00\nLocation: Barnet House, 2 Bristol Avenue\n"
        "Care_groups: Older Adults\nSummary: A forum for members in older adults' services.\n"
        "Uid: 9c7d1e4c-f5a6-4b97-83e0-cf1ea0b9c8d7@barnet-unison.github.io\n\nThe agenda.\n"
    ),
}


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real content, and HOSTILE, built as `make html` builds it (with
    the search index), served on 127.0.0.1. Search bundles of one page each
    put the 2007 bulletin in an archive bundle and the 2008 one in the main
    bundle, so every search here merges bundles as a site of thousands
    does. The real content has no problem: every warning is HOSTILE's."""
    root = tmp_path_factory.mktemp("browser")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    put_files(content, {**HOSTILE, **QUORUM, **BEHIND_THE_BUTTON, **MEETING})
    out = root / "output"
    status, messages = safe_build(
        "pelicanconf.py",
        out,
        strict=False,
        overrides={
            "PATH": str(content),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "SEARCH_BUNDLE_PAGES": 1,
        },
    )
    assert status == 0, messages
    problems = [line for line in messages.splitlines() if line.startswith(("warning:", "error:"))]
    assert problems, "HOSTILE was built without a warning"
    assert all(HOSTILE_FILE in line for line in problems), messages
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", out
    server.shutdown()


class Visit:
    """A page in a browser context of its own that records every request and
    refuses any that would leave 127.0.0.1."""

    def __init__(self, browser, base, **options):
        self.base = base
        self.context = browser.new_context(**options)
        self.outside = []
        self.errors = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        host = urlsplit(route.request.url).hostname
        if host != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def go(self, path):
        response = self.page.goto(self.base + path)
        assert response.ok, path
        return self.page

    def start(self) -> Visit:
        """Ready for a test: nothing recorded yet, on screen (a test before
        may have asked for print)."""
        self.outside.clear()
        self.errors.clear()
        self.page.emulate_media(media="null")
        return self

    def leave(self) -> None:
        """Leave the test's page, so nothing it does later is put down to
        the next test."""
        self.page.goto("about:blank")


@pytest.fixture(scope="module")
def kept_visits(browser, served_site):
    """The browser pages the tests share, made when first needed: a page
    and its context (each of its own process) take longer to start than
    most tests take."""
    kept: dict[str, list[Visit]] = {}
    yield kept
    for visits in kept.values():
        for v in visits:
            v.context.close()


@pytest.fixture
def visit(browser, served_site, kept_visits):
    """visit(**options): a Visit with Playwright's context `options` (a
    colour scheme, a viewport, no JavaScript), one of the pages kept for
    those options (each call in a test its own); own_context=True for a
    test that adds to the context or the page (an init script, listeners):
    a new one, closed after the test. After the test, no request has left
    127.0.0.1 and no script failed."""
    used, own = [], []

    def make(own_context: bool = False, **options):
        if own_context:
            v = Visit(browser, served_site[0], **options)
            own.append(v)
        else:
            key = repr(sorted(options.items()))
            pages = kept_visits.setdefault(key, [])
            taken = sum(1 for u in used if u in pages)
            if taken == len(pages):
                pages.append(Visit(browser, served_site[0], **options))
            v = pages[taken].start()
        used.append(v)
        return v

    yield make
    for v in used:
        v.leave()
        assert v.outside == [], f"requests left 127.0.0.1: {v.outside}"
        assert v.errors == [], f"script errors: {v.errors}"
    for v in own:
        v.context.close()


def test_member_finds_their_group_champion_and_bulletin_by_clicking(visit):
    page = visit().go("")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Care groups").click()
    expect(page.locator("h1")).to_have_text("Care groups")
    page.get_by_role("link", name="Older Adults", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Older Adults")
    page.locator("section.card").get_by_role("link", name="Helen Davies").first.click()
    expect(page.locator("h1")).to_have_text("Helen Davies")
    page.get_by_role("link", name="Individualised Budgets in Barnet").click()
    expect(page.locator("h1")).to_have_text("Individualised Budgets in Barnet")
    assert page.url.endswith("/2008/04/individualised-budgets-in-barnet.html")


def test_search_finds_a_word_in_a_body_and_the_filter_narrows_it(visit):
    page = visit().go("search.html")
    page.get_by_label("Search for").fill("Mortgage")
    expect(page.locator("#search-status")).to_contain_text("for “Mortgage”.")
    expect(page.locator("#search-results h2", has_text="Adult Social Services")).to_be_visible()
    page.get_by_label("Search for").fill("budgets")
    expect(page.locator("#search-results h2", has_text="Individualised Budgets in Barnet")).to_be_visible()
    titles = [t.replace("\xa0", " ") for t in page.locator("#search-results h2").all_inner_texts()]
    assert "Adult Social Services" in titles
    assert "Individualised Budgets in Barnet" in titles
    # Each result shows its date and the care groups it concerns.
    older = page.locator("#search-results li").filter(has=page.locator("h2", has_text="Adult Social Services"))
    expect(older.locator(".result-details time")).to_have_text("3 July 2007")
    assert older.locator(".result-details time").get_attribute("datetime").startswith("2007-07-03T")
    expect(older.locator(".result-details")).to_contain_text("Care groups: Back office")
    page.get_by_label("Care group").select_option("Older Adults")
    # The 2007 bulletin concerns the back office only: the filter drops it,
    # and the status line says which care group the results are for.
    expect(page.locator("#search-results h2", has_text="Adult Social Services")).to_have_count(0)
    expect(page.locator("#search-results h2", has_text="Individualised Budgets in Barnet")).to_be_visible()
    count = page.locator("#search-results li").count()
    expect(page.locator("#search-status")).to_have_text(f"{count} results for “budgets” in Older Adults.")
    assert "care_group=Older+Adults" in page.url
    page.locator("#search-results h2 a", has_text="Individualised Budgets in Barnet").click()
    expect(page.locator("h1")).to_have_text("Individualised Budgets in Barnet")


def test_search_only_indexes_what_each_page_is_about(visit):
    # "Profile of" is in every bulletin's and champion's contact block,
    # which is not what the page is about.
    page = visit().go("search.html?q=profile")
    expect(page.locator("#search-status")).to_have_text("No results for “profile”.")


def test_search_shows_ten_results_and_more_on_request(visit):
    page = visit().go("search.html")
    page.get_by_label("Search for").fill("quorum")
    expect(page.locator("#search-status")).to_have_text("12 results for “quorum”.")
    expect(page.locator("#search-results li")).to_have_count(10)
    page.get_by_role("button", name="More results").click()
    expect(page.locator("#search-results li")).to_have_count(12)
    expect(page.locator("#search-results li").nth(10).locator("a")).to_be_focused()
    expect(page.get_by_role("button", name="More results")).to_be_hidden()


def test_searching_a_champions_name_finds_their_page_first(visit):
    page = visit().go("search.html")
    page.get_by_label("Search for").fill("Helen")
    first = page.locator("#search-results li").first
    expect(first.locator("h2")).to_have_text("Helen Davies")
    expect(first.locator(".result-details")).to_have_text("Care groups: Older Adults")
    # The bulletin that names her comes after her page.
    expect(page.locator("#search-results h2", has_text="Individualised Budgets in Barnet")).to_be_visible()
    page.get_by_label("Care group").select_option("Mental Health")
    expect(page.locator("#search-status")).to_have_text("1 result for “Helen” in Mental Health.")
    page.get_by_label("Search for").fill("")
    expect(page.locator("#search-results li").first).to_be_visible()
    expect(page.locator("#search-status")).to_contain_text(" results in Mental Health.")
    page.get_by_label("Search for").fill("Helen")
    page.get_by_label("Care group").select_option("")
    first.locator("h2 a").click()
    expect(page.locator("h1")).to_have_text("Helen Davies")
    assert page.url.endswith("/champions/helen-davies/")


def test_404_page_searches(visit):
    page = visit().go("404.html")
    page.get_by_label("Search for").fill("budgets")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_have_text("Search")
    expect(page.locator("#search-results li").first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_axe_violations(visit, name, scheme):
    page = visit(color_scheme=scheme).go(PAGE_TYPES[name])
    if name == "search":
        expect(page.locator("#search-results li").first).to_be_visible()
    # resultTypes: axe still finds every violation, but describes only one
    # node of each passing rule (axe-core's own advice for speed; the
    # library's default, which passing options of our own replaces).
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    assert results.violations_count == 0, results.generate_report()


def test_dark_mode_changes_the_colours(visit):
    light = visit(color_scheme="light").go("")
    dark = visit(color_scheme="dark").go("")
    background = "getComputedStyle(document.body).backgroundColor"
    assert light.evaluate(background) == "rgb(255, 255, 255)"
    assert dark.evaluate(background) == "rgb(22, 18, 28)"


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_phone_width_320px(visit, name):
    """At 320 x 640: no sideways scrolling and no element wider than the
    screen (what the menu row scrolls past it is inside it); the header is
    at most 160 px (a title and one row of the menu); no word is broken
    across two lines ("Sensory impairment/Physical disabilities" breaks at
    its slash)."""
    page = visit(viewport={"width": 320, "height": 640}).go(PAGE_TYPES[name])
    if name == "search":
        expect(page.locator("#search-results li").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{name} is {width}px wide"
    assert page.evaluate(WIDER_THAN_THE_SCREEN) == [], name
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= 160, f"{name}: the header is {header['height']}px high"
    assert page.evaluate(WORDS_BROKEN_ACROSS_LINES) == [], name


# Each element wider than the screen, or reaching past its edges other than
# inside an element that scrolls sideways (the menu row on a phone).
WIDER_THAN_THE_SCREEN = """() => {
  const screen = document.documentElement.clientWidth;
  const inScroller = (element) => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    if (!box.width && !box.height) return false;
    if (box.width > screen + 0.5) return true;
    return (box.right > screen + 0.5 || box.left < -0.5) && !inScroller(element);
  }).map((element) => `${element.tagName.toLowerCase()}: ${element.textContent.trim().slice(0, 40)}`);
}"""

# Each word (letters and figures) whose letters are on two lines.
WORDS_BROKEN_ACROSS_LINES = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement || !node.parentElement.getClientRects().length) continue;
    for (const word of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(word[0]);
    }
  }
  return broken;
}"""


def test_a_long_care_group_name_is_never_broken_inside_a_word_in_print(visit):
    """On paper too, at a phone's width, where its heading is widest for the page."""
    page = visit(viewport={"width": 320, "height": 640}).go("care-groups/sensory-impairment-physical-disabilities/")
    page.emulate_media(media="print")
    expect(page.locator("h1")).to_have_text("Sensory impairment/Physical disabilities")
    assert page.evaluate(WORDS_BROKEN_ACROSS_LINES) == []


@pytest.mark.parametrize("path", ["champions/ruth-okoye/", "2008/04/individualised-budgets-in-barnet.html"])
def test_the_reveal_button_stays_on_the_line_of_its_label_at_320px(visit, path):
    """On her page, and in a bulletin's contact box (nested deeper)."""
    page = visit(viewport={"width": 320, "height": 640}).go(path)
    buttons = page.locator("main .contact-routes .reveal-button")
    assert buttons.count() == 2
    for index in range(buttons.count()):
        assert buttons.nth(index).evaluate(ON_THE_LINE_OF_ITS_LABEL), buttons.nth(index).text_content()


# The button starts on the line of the words before it ("Phone:"), after them.
ON_THE_LINE_OF_ITS_LABEL = """(button) => {
  const label = button.closest("li").querySelector("span").firstChild;
  const range = document.createRange();
  range.selectNodeContents(label);
  const words = range.getBoundingClientRect();
  const box = button.getBoundingClientRect();
  return box.top < words.bottom && box.bottom > words.top && box.left >= words.right - 1;
}"""


def test_menu_works_without_javascript_at_phone_width(visit):
    page = visit(java_script_enabled=False, viewport={"width": 320, "height": 640}).go("")
    nav = page.get_by_role("navigation", name="Main")
    for label in ["Home", "Care groups", "Champions", "Archives", "Search", "About", "Join"]:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    nav.get_by_role("link", name="Champions").click()
    expect(page.locator("h1")).to_have_text("Champions")


def test_reading_without_javascript(visit):
    v = visit(java_script_enabled=False)
    page = v.go("2007/07/adult-social-services.html")
    expect(page.locator("h1")).to_have_text("Adult Social Services")
    expect(page.get_by_text("Do we need to spend £5 million on agency staff per year?")).to_be_visible()
    # Maggi Myland's number is marked public: it is there, in the text and under it.
    expect(page.locator(".content")).to_contain_text("contact Maggi Myland on 0208 359 2088")
    expect(page.locator(".champion-contact a[href='tel:+442083592088']").first).to_be_visible()
    # A number not marked public is not there; the branch contact route is.
    ruth = v.go(RUTH_BULLETIN)
    assert "7946 0372" not in ruth.content()
    expect(ruth.locator(".content .reveal a").first).to_have_text("Phone number through the branch office")
    search = v.go("search.html")
    expect(search.locator("#search-needs-js")).to_be_visible()
    expect(search.locator("#search-form")).to_be_hidden()
    search.locator("#search-needs-js").get_by_role("link", name="Archives").click()
    expect(search.locator("h1")).to_have_text("Archives")


def test_contact_details_are_revealed_with_one_click(visit):
    page = visit().go("champions/ruth-okoye/")
    assert "7946 0372" not in page.content()
    button = page.get_by_role("button", name="Show phone number for Ruth Okoye")
    expect(button).to_have_text("Show number")  # short, to stay on its line on a phone
    expect(page.locator("main .reveal a").first).to_be_hidden()  # the no-JS route, kept for print
    button.click()
    number = page.get_by_role("link", name="020 7946 0372")
    expect(number).to_be_visible()
    expect(number).to_be_focused()
    assert number.get_attribute("href") == "tel:02079460372"


def test_contact_reveal_works_from_the_keyboard(visit):
    page = visit().go(RUTH_BULLETIN)
    button = page.locator(".content").get_by_role("button", name="Show e-mail address for Ruth Okoye")
    button.focus()
    page.keyboard.press("Enter")
    address = page.locator(".content").get_by_role("link", name="ruth.okoye@branch.example")
    expect(address).to_be_focused()
    assert address.get_attribute("href") == "mailto:ruth.okoye@branch.example"


def test_skip_link_is_first_and_visible_on_focus(visit):
    page = visit().go("2008/04/individualised-budgets-in-barnet.html")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_print_shows_a_clean_notice(visit):
    page = visit().go("2007/07/adult-social-services.html")
    page.emulate_media(media="print")
    for chrome in ["header.site-header", "footer.site-footer", "nav.main-nav", "nav.neighbours", ".skip-link"]:
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".bulletin-header time")).to_be_visible()
    expect(page.locator(".bulletin-header .care-groups")).to_be_visible()
    expect(page.locator(".print-address")).to_be_visible()
    expect(page.locator(".print-address")).to_contain_text("/2007/07/adult-social-services.html")
    expect(page.locator(".champion-contact")).to_be_visible()
    expect(page.get_by_text("We are seeking urgent meetings")).to_be_visible()
    # A public number is printed, in the text and in the contact box.
    expect(page.locator(".content")).to_contain_text("contact Maggi Myland on 0208 359 2088")
    expect(page.locator(".champion-contact a[href^='tel:']").first).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    # No broken sentence where a reveal button was: print shows the route.
    ruth = visit().go(RUTH_BULLETIN)
    ruth.emulate_media(media="print")
    expect(ruth.locator(".content .reveal a").first).to_have_text("Phone number through the branch office")
    expect(ruth.locator(".content .reveal a").first).to_be_visible()
    expect(ruth.locator(".reveal-button").first).to_be_hidden()


def test_print_hides_the_search_form(visit):
    page = visit().go("search.html")
    page.emulate_media(media="print")
    expect(page.locator(".search")).to_be_hidden()


def test_nothing_is_requested_from_another_origin_on_a_tour(visit):
    v = visit(own_context=True)
    requested = []
    v.page.on("request", lambda request: requested.append(request.url))
    for path in PAGE_TYPES.values():
        v.go(path)
        # Each page's own late requests (the search page's index) are made
        # and seen before the next page cuts them short: a request cut short
        # by a navigation can leave the page never idle.
        v.page.wait_for_load_state("networkidle")
    assert requested
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requested)


# Listens before any script of the page runs: every report of the policy
# refusing something (an inline handler, a script, a style) is kept.
RECORD_VIOLATIONS = """
window.__refused = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const what = event.blockedURI || "inline";
  window.__refused.push(`${event.effectiveDirective} refused ${what} at line ${event.lineNumber}`);
});
"""


def test_every_built_page_opens_without_a_dialog_or_anything_refused(visit, served_site):
    """Every page the build wrote, HOSTILE's included, in one browser
    context: no dialog opens (alert, confirm, print...) and the site's
    policy never has to refuse anything, so nothing on a page tried to run
    or load what it may not."""
    base, site = served_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "2006/05/hostile.html" in pages
    v = visit(own_context=True)
    v.context.add_init_script(RECORD_VIOLATIONS)
    dialogs, refused = [], []

    def dialog(opened):
        dialogs.append(f"{v.page.url}: {opened.type} {opened.message!r}")
        opened.dismiss()

    def console(message):
        if "Refused to" in message.text:
            refused.append(f"{v.page.url}: {message.text}")

    v.page.on("dialog", dialog)
    v.page.on("console", console)
    for page in pages:
        response = v.page.goto(base + page, wait_until="load")
        assert response.status in (200, 404), page  # 404.html is served as a page too
        refused += [f"{page}: {report}" for report in v.page.evaluate("window.__refused")]
    assert dialogs == []
    assert refused == []


# -- every way to reach a person (issue 15) ---------------------------------------------

# A link offering a way to reach someone: the Contact page (menu, footer,
# text), a champion's page from a contact box, the route a reveal control
# gives without JavaScript.
ROUTE_LINKS = (
    "a[href*='pages/contact.html'], .contact-routes a:not([href^='tel:']), .champion-contact a:not([href^='tel:']),"
    " .reveal a"
)
# What a reader can use at once: a number or an address to write to; with
# JavaScript, also a button showing an e-mail address or a number.
READABLE = "main a[href^='tel:']:visible, main .postal-address:visible"
REVEALABLE = "main .reveal-button:visible"


def test_every_contact_route_reaches_a_person_with_and_without_javascript_and_on_paper(visit, served_site):
    """Each page a contact route leads to, each bulletin and each champion's
    page shows a phone number, an address or (with JavaScript) a button
    revealing an e-mail address or a number, with JavaScript, without it and
    printed."""
    site = served_site[1]
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "pagefind" not in p.parts)
    targets = set()
    for page in pages:
        for link in parse(site / page).select(ROUTE_LINKS):
            target = resolve(page, link["href"]).split("#")[0]
            if not target.startswith("http"):
                targets.add(target)
    assert {"pages/contact.html", "champions/helen-davies/", "champions/maggi-myland/"} <= targets
    # QUORUM's twelve notices (for the search tests) are alike: one of them stands for all.
    bulletins = [
        p
        for p in pages
        if p[:4].isdigit() and p.count("/") == 2 and not p.endswith("index.html") and "/quorum-" not in p
    ] + ["2005/03/quorum-1.html"]
    champions = [p.removesuffix("index.html") for p in pages if p.startswith("champions/") and p.count("/") == 2]
    assert len(bulletins) == 5
    assert len(champions) == 7
    for javascript in (True, False):
        v = visit(java_script_enabled=javascript)
        for path in sorted(targets | set(bulletins) | set(champions)):
            page = v.go(path)
            found = page.locator(f"{READABLE}, {REVEALABLE}" if javascript else READABLE)
            assert found.count() > 0, (
                f"{path} ({'with' if javascript else 'without'} JavaScript) shows no way to reach a person"
            )
            if javascript:  # and printed (the buttons are not)
                page.emulate_media(media="print")
                assert page.locator(READABLE).count() > 0, f"{path} (printed) shows no way to reach a person"


def test_the_archives_tag_link_leads_to_the_list_of_tags(visit):
    page = visit().go("archives.html")
    page.get_by_role("link", name="All tags").click()
    expect(page.locator("h1")).to_have_text("Tags")
    assert page.url.endswith("/tags.html")


def test_the_404_search_box_is_as_wide_as_the_search_pages(visit):
    v = visit(viewport={"width": 1024, "height": 768})
    search = v.go("search.html").locator("#search-input")
    expect(search).to_be_visible()
    wide = search.bounding_box()["width"]
    box = v.go("404.html").locator("#q404").bounding_box()["width"]
    assert abs(box - wide) <= 1, (box, wide)


def test_add_to_calendar_downloads_a_calendar(visit):
    """The meeting's "Add to calendar" link downloads its .ics, served as
    text/calendar, which a calendar program reads."""
    page = visit(accept_downloads=True).go(PAGE_TYPES["meeting"])
    link = page.get_by_role("link", name="Add to calendar")
    with page.expect_download() as download_info:
        link.click()
    # What the server sends for it (a download is no page, so asked again by the browser's own client).
    served = page.context.request.get(link.evaluate("a => a.href"))
    assert served.headers["content-type"].startswith("text/calendar")
    download = download_info.value
    assert download.suggested_filename == "01-20-browser-forum.ics"
    (event,) = icalendar.Calendar.from_ical(Path(download.path()).read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Care forum"
    assert str(event["UID"]) == "9c7d1e4c-f5a6-4b97-83e0-cf1ea0b9c8d7@barnet-unison.github.io"
    # On paper the link would be words with no address: left out.
    page.emulate_media(media="print")
    expect(link).to_be_hidden()
