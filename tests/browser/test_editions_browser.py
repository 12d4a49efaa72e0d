"""The e-mail edition (`make editions`) in real Chromium, as a mail client
shows it: on a phone (375px) and in a reading pane (600px), in light and
dark mode, without sideways scrolling, every text readable (axe's colour
contrast), and nothing fetched from anywhere."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sitekit import LONG_LETTER, PHONE_IN_TEXT, mail_of

pytestmark = pytest.mark.browser

WIDTHS = (375, 600)
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module")
def mail_page(browser):
    """One page for every look at the e-mails; every request it makes is
    recorded and refused (a mail client on a train)."""
    context = browser.new_context()
    requested = []
    context.route("**/*", lambda route: (requested.append(route.request.url), route.abort()))
    page = context.new_page()
    yield page, requested
    context.close()


@pytest.mark.parametrize("slug", [LONG_LETTER, PHONE_IN_TEXT])
def test_the_email_reads_on_a_phone_and_in_a_pane_light_and_dark(editions, mail_page, slug):
    page, requested = mail_page
    html = mail_of(editions[0] / f"{slug}.eml").get_body(("html",)).get_content()
    for width in WIDTHS:
        for scheme in SCHEMES:
            page.set_viewport_size({"width": width, "height": 800})
            page.emulate_media(color_scheme=scheme)
            page.set_content(html)
            scrolled = page.evaluate("document.documentElement.scrollWidth")
            assert scrolled <= width, f"{width}px {scheme}: the e-mail is {scrolled}px wide"
            options = {"runOnly": ["color-contrast", "link-in-text-block"], "resultTypes": ["violations"]}
            results = Axe().run(page, options=options)
            assert results.violations_count == 0, f"{width}px {scheme}: {results.generate_report()}"
    assert requested == []


def test_the_email_is_one_column_of_at_most_640px(editions, mail_page):
    page, _ = mail_page
    page.set_viewport_size({"width": 1200, "height": 800})
    page.set_content(mail_of(editions[0] / f"{LONG_LETTER}.eml").get_body(("html",)).get_content())
    box = page.locator(".mail-column").bounding_box()
    assert 600 <= box["width"] <= 640
    # Centred, and everything in the bulletin inside it.
    assert abs(box["x"] - (1200 - box["x"] - box["width"])) <= 1
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.mail-column *')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= box["x"] + box["width"]
