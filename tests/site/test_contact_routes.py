"""Every way the site offers to reach a person ends at a phone number, an
address to write to or an e-mail address (plugins/caregroups/routes.py),
and the small faults of issue 15: titles, og:locale, the list pages that
are written and linked. Tiny sites in tmp_path, asserted on parsed HTML and
feeds; the real site where it is the real content that matters."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pytest
from sitekit import (
    ROOT,
    build_tiny,
    bulletin,
    fresh_pelican_log_filter,
    links_on,
    parse,
    resolve,
    safe_build,
    text_of,
    write_files,
)

from caregroups.routes import missing_details_note
from secretary.cli import main as secretary

ATOM = "{http://www.w3.org/2005/Atom}"
TEL = "a[href^='tel:']"
PAT = (
    "Title: Pat Public\nCare_groups: Back office\nRole: Champion for Back office\n"
    "Phone: 020 7946 0456\nPhone_public: yes\n\nPat's profile.\n"
)
RING = "Ring Pat on 020 7946 0456 or Tom on 020 7946 0000."
BRANCH = {"address": "Branch office, 1 High Street, London N1 1AA", "phone": "020 7946 0999", "email": "office@x.test"}


def reveal_script(page) -> bool:
    return bool(page.find("script", src=lambda src: src and src.endswith("reveal.js")))


@pytest.fixture(scope="module")
def routes_site(tmp_path_factory):
    """Tom Mahoney's number is not marked public, Pat Public's is, Helen
    Davies has an e-mail address only; the branch has filled in nothing and
    names no convenor of this site's. Built once; the tests only read it."""
    fresh_pelican_log_filter()
    return build_tiny(
        tmp_path_factory.mktemp("routes"),
        {
            "champions/pat-public.md": PAT,
            "bulletins/2020-01-02-ring.md": bulletin("Ring", "2020-01-02", "Mental Health", "Pat Public", body=RING),
            "bulletins/2020-02-03-general.md": bulletin("General", "2020-02-03"),
        },
    )


def test_a_public_champion_number_is_text_and_any_other_stays_hidden(routes_site):
    pat = parse(routes_site / "champions/pat-public/index.html")
    assert [(text_of(a), a["href"]) for a in pat.select(f"main {TEL}")] == [("020 7946 0456", "tel:+442079460456")]
    assert not pat.select("main dl .reveal")
    assert not reveal_script(pat)
    tom = parse(routes_site / "champions/tom-mahoney/index.html")
    assert "7946 0000" not in str(tom)
    assert tom.select(".contact-routes .reveal[data-reveal-kind=phone]")
    assert reveal_script(tom)
    # In a bulletin's text: Pat's is printed as written, Tom's is behind the button.
    ring = parse(routes_site / "2020/01/ring.html")
    body = ring.select_one(".content")
    assert text_of(body) == "Ring Pat on 020 7946 0456 or Tom on Phone number through the branch office."
    assert [r["data-reveal-label"] for r in body.select(".reveal")] == ["Show phone number for Tom Mahoney"]
    assert "7946 0000" not in str(ring)


def test_a_champion_without_a_readable_number_is_given_the_branchs_route_and_no_self_link(routes_site):
    """Helen (an e-mail address only) and Tom (a hidden number): their "How
    to reach" also leads, through the branch office, to a number anyone can
    read: here UNISON's helpline, as the site has no convenor of its own.
    Their own page never links to itself."""
    for slug in ("helen-davies", "tom-mahoney"):
        path = f"champions/{slug}/index.html"
        page = parse(routes_site / path)
        routes = page.select_one("main .contact-routes")
        assert f"champions/{slug}/" not in links_on(routes_site, path, "main a"), slug
        assert "Profile of" not in text_of(routes)
        assert "Through the branch office: UNISONdirect, UNISON's national helpline for members: 0800 0 857 857" in (
            text_of(routes)
        )
        assert "pages/contact.html" in links_on(routes_site, path, "main .contact-routes a")
        assert [a["href"] for a in routes.select(TEL)] == ["tel:+448000857857"]
    # Pat can be rung directly: no detour through the branch.
    pat = parse(routes_site / "champions/pat-public/index.html")
    assert "Through the branch office" not in text_of(pat.find("main"))


def test_a_bulletin_naming_no_champion_still_gives_a_way_to_reach_a_person(routes_site):
    page = parse(routes_site / "2020/02/general.html")
    assert not page.select(".terms.champions")
    (aside,) = page.select("aside")
    assert text_of(aside).startswith("Contact the branch Through the branch office: UNISONdirect")
    assert aside.select(TEL)
    assert not reveal_script(page)


def test_the_contact_page_shows_the_branchs_details_and_loads_the_reveal_script(tiny_site):
    """With BRANCH_CONTACT filled in, the address and the office number are
    printed and the e-mail address is behind the button, whose script the
    page loads; no convenor is needed then."""
    out = tiny_site({}, BRANCH_CONTACT=BRANCH, BRANCH_CONVENOR="Tom Mahoney")
    page = parse(out / "pages/contact.html")
    office = page.select_one("section[aria-labelledby=branch-office]")
    shown = [(text_of(dt), text_of(dt.find_next_sibling("dd"))) for dt in office.select("dt")]
    assert shown == [
        ("Phone", "020 7946 0999"),
        ("Address", "Branch office, 1 High Street, London N1 1AA"),
        ("E-mail", "E-mail through the branch office"),  # until the button is pressed
    ]
    assert [a["href"] for a in office.select(TEL)] == ["tel:+442079460999"]
    assert "office@x.test" not in str(page)
    (email,) = office.select(".reveal[data-reveal-kind=email]")
    assert resolve("pages/contact.html", email.a["href"]) == "pages/contact.html"  # the helpline, below
    assert email.a["href"].endswith("#national")
    assert "Tom Mahoney" not in text_of(page.find("main"))
    assert reveal_script(page)
    # A champion without a number of their own is given the office's.
    helen = parse(out / "champions/helen-davies/index.html")
    assert "Through the branch office: 020 7946 0999" in text_of(helen.select_one("main .contact-routes"))


def test_until_the_branch_fills_in_its_details_the_convenor_answers(tiny_site):
    """BRANCH_CONVENOR names a champion: while BRANCH_CONTACT is empty the
    Contact page gives their routes (Tom's number behind the button, so the
    page loads the script) and the helpline; the other champions give the
    convenor's route and, as it needs JavaScript, the helpline as well."""
    out = tiny_site({"champions/pat-public.md": PAT}, BRANCH_CONVENOR="Tom Mahoney")
    page = parse(out / "pages/contact.html")
    office = page.select_one("section[aria-labelledby=branch-office]")
    assert text_of(office).startswith("Branch office Until the branch office's details are published here")
    assert links_on(out, "pages/contact.html", "section[aria-labelledby=branch-office] a")[0] == (
        "champions/tom-mahoney/"
    )
    assert office.select(".reveal[data-reveal-kind=phone]")
    assert reveal_script(page)
    helen = parse(out / "champions/helen-davies/index.html")
    routes = text_of(helen.select_one("main .contact-routes"))
    assert "Through the branch office: Tom Mahoney, Champion for Mental Health: Phone number through" in routes
    assert routes.endswith("; UNISONdirect, UNISON's national helpline for members: 0800 0 857 857")
    assert reveal_script(helen)


def test_publish_notes_which_branch_details_are_missing(tmp_path):
    """A note, not a failure: the site is built and the note names what the
    branch has still to fill in and what is given instead."""
    content = tmp_path / "content"
    write_files(content, {"champions/maggi-myland.md": (ROOT / "content/champions/maggi-myland.md").read_text()})
    write_files(content, {"pages/contact.md": (ROOT / "content/pages/contact.md").read_text()})
    status, printed = safe_build(
        "publishconf.py", tmp_path / "output", strict=True, search=False, overrides={"PATH": str(content)}
    )
    assert status == 0, printed
    (note,) = [line for line in printed.splitlines() if line.startswith("note:")]
    assert note == (
        "note: the branch office's address to write to, phone number and e-mail address are not filled in "
        "(BRANCH_CONTACT in pelicanconf.py); until they are, the Contact page and the champions without details of "
        "their own give the convenor Maggi Myland (BRANCH_CONVENOR) and UNISONdirect, 0800 0 857 857 "
        "(UNISON_HELPLINE) instead"
    )
    assert (tmp_path / "output/pages/contact.html").is_file()


def test_the_note_names_only_what_is_missing():
    settings = {"BRANCH_CONTACT": {**BRANCH, "address": ""}, "UNISON_HELPLINE": {"name": "UNISONdirect", "phone": "1"}}
    note = missing_details_note(settings)
    assert note.startswith("the branch office's address to write to is not filled in (BRANCH_CONTACT")
    assert missing_details_note({"BRANCH_CONTACT": BRANCH}) is None


def test_make_check_names_a_phone_public_that_says_neither_yes_nor_no(tmp_path):
    """The corpus has the exact lines; here the number stays hidden in the
    build as well."""
    content = tmp_path / "content"
    write_files(content, {"champions/pat-public.md": PAT.replace("Phone_public: yes", "Phone_public: perhaps")})
    out = io.StringIO()
    status = secretary(["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)], stream=out)
    assert status == 1
    assert 'content/champions/pat-public.md:5: Phone_public: "perhaps" is neither yes nor no' in out.getvalue()


def test_a_phone_public_that_is_not_yes_keeps_the_number_hidden(tiny_site):
    out = tiny_site({"champions/pat-public.md": PAT.replace("Phone_public: yes", "Phone_public: perhaps")})
    page = parse(out / "champions/pat-public/index.html")
    assert "7946 0456" not in str(page)
    assert page.select(".reveal[data-reveal-kind=phone]")


# -- the small faults ----------------------------------------------------------------------


def test_titles_og_title_and_feed_titles_hold_no_hidden_no_break_space(published_site):
    """Typogrify's widont put a U+00A0 before each title's last word
    (TYPOGRIFY_OMIT_FILTERS leaves it out at the source)."""
    for path in sorted(published_site.rglob("*.html")):
        page = parse(path)
        title = page.title.string if page.title else ""
        og = page.find("meta", property="og:title")
        assert "\xa0" not in title, path
        assert og is None or "\xa0" not in og["content"], path
    feeds = sorted(published_site.glob("feeds/**/*.xml"))
    assert feeds
    for feed in feeds:
        titles = [t.text or "" for t in ElementTree.parse(feed).getroot().iter(f"{ATOM}title")]
        assert titles, feed
        assert not [t for t in titles if "\xa0" in t], feed
    page = parse(published_site / "2008/04/individualised-budgets-in-barnet.html")
    assert page.find("meta", property="og:title")["content"] == (
        "Individualised Budgets in Barnet · Barnet UNISON Adult Social Services"
    )


def test_og_locale_is_written_as_open_graph_writes_it(real_site):
    for path in ("index.html", "pages/contact.html", "2008/04/individualised-budgets-in-barnet.html"):
        page = parse(real_site / path)
        assert page.find("meta", property="og:locale")["content"] == "en_GB", path
        assert page.html["lang"] == "en-gb"


def test_the_archives_tag_link_and_every_list_page_are_written_and_linked(real_site):
    """The Archives' "All tags" leads to the list of tags; no page is
    written that nothing links to (categories, authors)."""
    page = parse(real_site / "archives.html")
    (link,) = [a for a in page.find_all("a") if text_of(a) == "All tags"]
    assert resolve("archives.html", link["href"]) == "tags.html"
    assert text_of(parse(real_site / "tags.html").h1) == "Tags"
    assert not (real_site / "categories.html").exists()
    assert not (real_site / "authors.html").exists()
    assert not (real_site / "category").exists()
    linked = {
        resolve(path.relative_to(real_site).as_posix(), a["href"]).split("#")[0]
        for path in real_site.rglob("*.html")
        for a in parse(path).find_all("a", href=True)
    }
    assert "author/john-burgess.html" in linked
    author = parse(real_site / "author/john-burgess.html")
    assert author.title.string == "Bulletins by John Burgess · Barnet UNISON Adult Social Services"


def test_a_long_care_group_name_may_break_after_its_slash_only(real_site):
    page = parse(real_site / "care-groups/sensory-impairment-physical-disabilities/index.html")
    assert page.h1.decode_contents() == "Sensory impairment/<wbr/>Physical disabilities"
    assert page.title.string.startswith("Sensory impairment/Physical disabilities · ")
    # Never inside a tag typogrify wrote.
    assert re.search(r"</<wbr", str(page)) is None
