"""The care-groups plugin end to end: tiny sites in tmp_path, asserted on
the parsed pages and feeds a member reads."""

from __future__ import annotations

import subprocess
import sys

import feedparser
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

from caregroups.generator import hide_contacts

TWO_BULLETINS = {
    "bulletins/2020-01-02-budgets.md": bulletin("Budgets", "2020-01-02", "Older Adults, mental health", "Helen Davies"),
    "bulletins/2020-03-04-wards.md": bulletin("Wards", "2020-03-04", "Mental Health", "Tom Mahoney, helen-davies"),
    "bulletins/2020-05-06-general.md": bulletin("General news", "2020-05-06"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """TWO_BULLETINS built once; the tests only read it."""
    fresh_pelican_log_filter()
    return build_tiny(tmp_path_factory.mktemp("two-bulletins"), TWO_BULLETINS)


def test_overview_lists_every_group_with_champion_count_and_latest(site):
    page = parse(site / "care-groups/index.html")
    cards = {text_of(card.h2): card for card in page.select(".card-list > li")}
    assert list(cards) == ["Back office", "Mental Health", "Older Adults"]
    older = cards["Older Adults"]
    assert "Services for older people." in text_of(older)
    facts = dict(
        zip([text_of(dt) for dt in older.find_all("dt")], [text_of(dd) for dd in older.find_all("dd")], strict=True)
    )
    assert facts == {"Champion": "Helen Davies", "Bulletins": "1", "Latest bulletin": "Budgets, 2 January 2020"}
    mental = cards["Mental Health"]
    assert "Wards, 4 March 2020" in text_of(mental)
    back = cards["Back office"]
    assert "No champion at the moment" in text_of(back)
    assert "Latest bulletin" not in text_of(back)


def test_group_page_shows_description_champions_and_bulletins_newest_first(site):
    page = parse(site / "care-groups/mental-health/index.html")
    assert text_of(page.h1) == "Mental Health"
    assert "Mental health services." in text_of(page.select_one("main .content"))
    assert [text_of(h) for h in page.select(".article-list h3")] == ["Wards", "Budgets"]
    champions = page.select_one("section.card")
    assert text_of(champions.h3) == "Tom Mahoney"
    # Contact route without the number in the page source.
    assert "7946" not in str(page)
    reveal = champions.select_one(".reveal[data-reveal-kind=phone]")
    assert reveal.a["href"].endswith("pages/contact.html")
    assert page.find("script", src=lambda s: s and s.endswith("theme/js/reveal.js"))


def test_group_page_links_and_announces_its_feed(site):
    page = parse(site / "care-groups/older-adults/index.html")
    alternate = page.find("link", rel="alternate", href=lambda h: "care-groups" in h)
    assert alternate["href"].endswith("feeds/care-groups/older-adults.atom.xml")
    assert "feeds/care-groups/older-adults.atom.xml" in links_on(
        site, "care-groups/older-adults/index.html", ".feed-link a"
    )


def test_group_with_no_bulletins(site):
    page = parse(site / "care-groups/back-office/index.html")
    assert "No bulletins yet." in text_of(page.find("main"))
    feed = feedparser.parse(site / "feeds/care-groups/back-office.atom.xml")
    assert not feed.bozo
    assert feed.entries == []


def test_who_is_who_lists_current_champions_and_former_apart(site):
    page = parse(site / "champions/index.html")
    current = [text_of(h) for h in page.select(".card-list:not(.former-list) h2")]
    assert current == ["Helen Davies", "Tom Mahoney"]
    former_heading = page.find("h2", string="Former champions")
    assert former_heading
    assert [text_of(h) for h in page.select(".former-list h3")] == ["Olive Former"]
    helen = page.select(".card-list > li")[0]
    assert "Champion for Older Adults" in text_of(helen)
    assert "Older Adults" in [text_of(a) for a in helen.select("dd a")]
    assert "helen.example" not in str(page)
    assert helen.select_one(".reveal[data-reveal-kind=email]")


def test_champion_page_has_profile_role_groups_contact_and_bulletins(site):
    page = parse(site / "champions/helen-davies/index.html")
    assert text_of(page.h1) == "Helen Davies"
    main = text_of(page.find("main"))
    assert "Helen’s profile." in main
    assert "Champion for Older Adults" in main
    assert "Champion since 21 April 2008" in main
    assert [text_of(h) for h in page.select(".article-list h3")] == ["Wards", "Budgets"]
    assert "care-groups/older-adults/" in links_on(site, "champions/helen-davies/index.html", "dl a")
    assert page.find_all("link", rel="alternate")[-1]["href"].endswith("feeds/champions/helen-davies.atom.xml")


def test_former_champion_is_marked_and_not_offered_as_contact(site):
    page = parse(site / "champions/old-rep/index.html")
    assert "Former champion (until 31 December 2007)" in text_of(page.find("main"))
    group = parse(site / "care-groups/older-adults/index.html")
    assert [text_of(h) for h in group.select("section.card h3")] == ["Helen Davies"]
    assert "Former champions: Olive Former" in text_of(group.select_one("section.card"))
    bulletin_page = parse(site / "2020/01/budgets.html")
    assert "Olive" not in text_of(bulletin_page.select_one(".champion-contact"))


def test_every_bulletin_shows_and_links_its_groups_and_champions(site):
    path = "2020/03/wards.html"
    page = parse(site / path)
    assert links_on(site, path, ".terms.care-groups a") == ["care-groups/mental-health/"]
    assert links_on(site, path, ".terms.champions a") == ["champions/tom-mahoney/", "champions/helen-davies/"]
    groups = page.select(".terms.care-groups a[data-pagefind-filter='care_group:Mental Health']")
    assert [text_of(a) for a in groups] == ["Mental Health"]
    contact = page.select_one(".champion-contact")
    assert text_of(contact.h2) == "Contact your champion"
    assert [text_of(s) for s in contact.find_all("strong")] == ["Tom Mahoney", "Helen Davies"]


def test_bulletin_with_no_groups_has_no_group_list_and_gives_the_branchs_route(site):
    page = parse(site / "2020/05/general.html")
    assert not page.select(".terms.care-groups")
    assert "Contact your champion" not in text_of(page)
    assert text_of(page.select_one("aside h2")) == "Contact the branch"  # routes: tests/site/test_contact_routes.py
    assert not page.find("script", src=lambda s: s and "reveal" in s)


def test_feeds_list_the_groups_bulletins(site):
    feed = feedparser.parse(site / "feeds/care-groups/mental-health.atom.xml")
    assert not feed.bozo
    assert feed.feed.title == "Barnet UNISON Adult Social Services - Mental Health"
    assert [e.title for e in feed.entries] == ["Wards", "Budgets"]
    champion = feedparser.parse(site / "feeds/champions/tom-mahoney.atom.xml")
    assert [e.title for e in champion.entries] == ["Wards"]


def test_published_feeds_and_links_are_absolute(tiny_site):
    out = tiny_site(TWO_BULLETINS, config="publishconf.py", SITEURL="https://branch.example.org")
    feed = feedparser.parse(out / "feeds/care-groups/older-adults.atom.xml")
    assert not feed.bozo
    assert feed.entries[0].link == "https://branch.example.org/2020/01/budgets.html"
    page = parse(out / "care-groups/older-adults/index.html")
    feeds = [link["href"] for link in page.find_all("link", rel="alternate")]
    assert feeds == [
        "https://branch.example.org/feeds/all.atom.xml",
        "https://branch.example.org/feeds/care-groups/older-adults.atom.xml",
    ]


def test_group_pages_paginate_like_the_home_page(tiny_site):
    from pelicanconf import PAGINATED_TEMPLATES

    per_page = PAGINATED_TEMPLATES["care_group"]
    files = {
        f"bulletins/2021-03-{d:02d}-b{d}.md": bulletin(f"Bulletin {d}", f"2021-03-{d:02d}", "Older Adults")
        for d in range(1, per_page + 3)
    }
    out = tiny_site(files)
    first = parse(out / "care-groups/older-adults/index.html")
    assert len(first.select(".article-list > li")) == per_page
    assert links_on(out, "care-groups/older-adults/index.html", "a[rel=next]") == [
        "care-groups/older-adults/index2.html"
    ]
    second = parse(out / "care-groups/older-adults/index2.html")
    assert [text_of(h) for h in second.select(".article-list h3")] == ["Bulletin 2", "Bulletin 1"]
    assert text_of(second.select_one(".pagination [aria-current=page]")) == "Page 2 of 2"


def test_term_files_are_not_pages_or_bulletins(site):
    assert not (site / "pages/helen-davies.html").exists()
    assert not list(site.glob("20*/**/older-adults.html"))
    index = parse(site / "index.html")
    assert [text_of(h) for h in index.select(".article-list h2")] == ["General news", "Wards", "Budgets"]


def test_bulletin_can_link_a_champion_page_with_filename(tiny_site):
    body = "Contact [Helen]({filename}../champions/helen-davies.md)."
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)})
    assert links_on(out, "2020/01/x.html", ".content a") == ["champions/helen-davies/"]


def test_champion_phone_written_in_a_bulletin_is_hidden(tiny_site):
    body = "Ring Tom on 020 7946 0000 or 02079460000."
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)})
    page = parse(out / "2020/01/x.html")
    assert "7946" not in str(page)
    assert len(page.select(".content .reveal[data-reveal-kind=phone]")) == 2
    assert page.find("script", src=lambda s: s and s.endswith("reveal.js"))


@pytest.mark.parametrize(
    "written",
    [
        "(020) 7946 0000",
        "+44 20 7946 0000",
        "+44 (0)20 7946 0000",
        "020 7946 0000",
        "02079460000",
        "0044 20 7946 0000",
        "０２０ ７９４６ ００００",  # full-width figures
    ],
)
def test_champion_phone_is_hidden_however_it_is_written(tiny_site, written):
    """`make check` lets a bulletin print a champion's number in any of
    these forms (one notion of a phone number: caregroups/contacts.py), so
    the build hides every one of them."""
    body = f"Ring Tom on {written} after ten."
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)})
    page = parse(out / "2020/01/x.html")
    assert "7946" not in str(page)
    assert written not in str(page)
    (reveal,) = page.select(".content .reveal[data-reveal-kind=phone]")
    assert reveal["data-reveal-label"] == "Show phone number for Tom Mahoney"
    assert text_of(page.select_one(".content")).startswith("Ring Tom on Phone number through the branch office after")


def test_champion_phone_at_the_end_of_a_paragraph_is_hidden(tiny_site):
    """Typogrify joins a paragraph's last two words with &nbsp;: the number
    is found across it."""
    body = "Ring Tom on 020 7946 0000"
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)})
    page = parse(out / "2020/01/x.html")
    assert "7946" not in str(page)
    assert len(page.select(".content .reveal[data-reveal-kind=phone]")) == 1


def test_branch_addresses_in_other_capitals_are_hidden_too_and_its_office_number_printed(tiny_site):
    """What `make check` lets a bulletin print is what the build hides; the
    branch office's number is a public one (caregroups/routes.py), printed
    as written."""
    body = "Write to Helen.Example@Branch.test or the office, office@branch.test, 020 7946 0999."
    out = tiny_site(
        {"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)},
        BRANCH_CONTACT={"address": "", "phone": "020 7946 0999", "email": "office@branch.test"},
    )
    page = parse(out / "2020/01/x.html")
    assert "@" not in page.select_one(".content").decode()
    assert text_of(page.select_one(".content")).endswith(", 020 7946 0999.")
    labels = [r["data-reveal-label"] for r in page.select(".content .reveal")]
    assert labels == ["Show e-mail address for Helen Davies", "Show e-mail address for Branch office"]


def test_contacts_in_attributes_and_links_are_left_out_never_broken():
    """In the text a number is found however typogrify left it (&nbsp;
    before the last word, curly quotes as references) and becomes the reveal
    control; in an attribute it is left out (the control's markup cannot go
    there), and a mailto: or tel: link leads to the contact page instead."""
    hidden = {"helen@branch.test": "<span>hidden</span>", "+442083592088": "<span>number</span>"}
    fragment = (
        '<p>Ask <a href="mailto:helen@branch.test" title="helen@branch.test">Helen</a> or helen@branch.test, '
        "or Maggi on &#8220;0208 359&nbsp;2088&#8221;</p>"
    )
    assert hide_contacts(fragment, hidden, "/contact/") == (
        (
            '<p>Ask <a href="/contact/" title="(e-mail address left out)">Helen</a> or <span>hidden</span>, '
            "or Maggi on &#8220;<span>number</span>&#8221;</p>"
        ),
        {"reveal", "left out"},
    )
    assert hide_contacts("<p>Nothing</p>", hidden) == ("<p>Nothing</p>", set())


def test_a_contact_link_in_a_bulletin_leads_to_the_contact_page(tiny_site):
    """`make check` refuses mailto: and tel: links; a preview built anyway
    (make html) has them leading to the branch contact page, the page
    whole, and the contacts in the text hidden."""
    body = (
        "Ask [Helen](mailto:helen.example@branch.test) or helen.example@branch.test.\n\n"
        '<a href="tel:02079460000">Ring Tom</a> on 020 7946 0000.'
    )
    out = tiny_site({"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body)})
    content = parse(out / "2020/01/x.html").select_one(".content")
    links = [a for a in content.find_all("a") if not a.find_parent(class_="reveal")]
    assert [resolve("2020/01/x.html", a["href"]) for a in links] == ["pages/contact.html", "pages/contact.html"]
    assert [a.get_text() for a in links] == ["Helen", "Ring Tom"]
    assert len(content.select(".reveal[data-reveal-kind=email]")) == 1
    assert len(content.select(".reveal[data-reveal-kind=phone]")) == 1
    assert "7946" not in str(content)
    assert "helen.example" not in str(content)


MISTAKES = {
    "bulletins/2020-01-02-typo.md": bulletin("Typo", "2020-01-02", "Older Adult, Zebra", "Helen Davis"),
    "champions/new-rep.md": "Title: New Rep\nCare_groups: Mentl Health\n\nProfile.\n",
    "champions/helen-second.md": "Title: helen davies\nSlug: helen-second\n\nSame name.\n",
    "care-groups/older-people.md": "Title: Older People\nSlug: older-adults\n\nSame slug.\n",
    # The rules of term files (caregroups/rules.py): the build and check
    # report every problem in a file, a missing title or not.
    "champions/kim-lowe.md": (
        "Title: Kim Lowe\nCare_groups: Back office\nEmail: kim at the branch\nUntil: next spring\n\nKim.\n"
    ),
    "champions/no-name.md": "Care_groups: Back ofice\n\nNo title.\n",
}
EXPECTED_MESSAGES = [
    (
        'content/bulletins/2020-01-02-typo.md:4: Care_groups: unknown care group "Older Adult"; did you mean '
        '"Older Adults"?'
    ),
    (
        'content/bulletins/2020-01-02-typo.md:4: Care_groups: unknown care group "Zebra"; known care groups are: '
        "Back office, Mental Health, Older Adults"
    ),
    'content/bulletins/2020-01-02-typo.md:5: Champions: unknown champion "Helen Davis"; did you mean "Helen Davies"?',
    (
        'content/care-groups/older-people.md:2: Slug: care group slug "older-adults" is already used by '
        "content/care-groups/older-adults.md; give each care group its own slug"
    ),
    (
        'content/champions/helen-second.md:1: Title: champion title "helen davies" is already used by '
        "content/champions/helen-davies.md; give each champion its own title"
    ),
    (
        'content/champions/kim-lowe.md:3: Email: "kim at the branch" is not an e-mail address; write it like '
        "name@example.org"
    ),
    (
        'content/champions/kim-lowe.md:4: Until: cannot read the date "next spring"; write it as YYYY-MM-DD, '
        "e.g. 2008-04-21"
    ),
    'content/champions/new-rep.md:2: Care_groups: unknown care group "Mentl Health"; did you mean "Mental Health"?',
    'content/champions/no-name.md:1: Care_groups: unknown care group "Back ofice"; did you mean "Back office"?',
    "content/champions/no-name.md:1: Title: missing or empty; add a line like `Title: Older Adults` at the top",
]


def test_every_mistake_gets_one_plain_line_and_the_site_still_builds(tiny_site, warnings_seen):
    out = tiny_site(MISTAKES)
    assert warnings_seen() == EXPECTED_MESSAGES
    page = parse(out / "2020/01/typo.html")
    assert text_of(page.h1) == "Typo"
    assert [text_of(a) for a in page.select(".terms.care-groups a")] == []


def test_publish_refuses_with_the_same_messages_and_no_traceback(tmp_path):
    content = tmp_path / "content"
    from sitekit import GROUPS_AND_CHAMPIONS

    write_files(content, {**GROUPS_AND_CHAMPIONS, **MISTAKES})
    out = tmp_path / "output"
    status, messages = safe_build(
        "publishconf.py",
        out,
        strict=True,
        search=False,
        overrides={"PATH": str(content), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    lines = messages.splitlines()
    assert status == 1
    # make check's lines: the build's own messages, on the same lines.
    reported = [line for line in lines if line.startswith("content/")]
    assert reported == EXPECTED_MESSAGES
    assert lines[-1].startswith(f"error: {len(EXPECTED_MESSAGES)} problem(s) above must be fixed before publishing")
    assert "Traceback" not in messages
    assert not out.exists()


def test_make_publish_exits_non_zero_on_a_misspelt_group(tmp_path):
    """The command the secretary runs, on a copy of the real content."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "bulletins/2007-07-03-adult-social-services.md"
    path.write_text(path.read_text().replace("Care_groups: Back office", "Care_groups: Back ofice"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "secretary",
            "build",
            "--settings",
            "publishconf.py",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "output"),
            "--strict",
            "--no-search",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert (
        'content/bulletins/2007-07-03-adult-social-services.md:6: Care_groups: unknown care group "Back ofice"; '
        'did you mean "Back office"?'
    ) in result.stderr.splitlines()
    assert "Traceback" not in result.stderr + result.stdout


def test_real_site_groups_and_champions(real_site):
    overview = parse(real_site / "care-groups/index.html")
    assert [text_of(h) for h in overview.select(".card-list h2")] == [
        "Back office",
        "Learning Difficulties",
        "Mental Health",
        "Older Adults",
        "Sensory impairment/Physical disabilities",
    ]
    page = parse(real_site / "2008/04/individualised-budgets-in-barnet.html")
    assert len(page.select(".terms.care-groups a")) == 5
    assert [text_of(a) for a in page.select(".terms.champions a")] == [
        "Helen Davies",
        "Peter Wright",
        "Maggie Guy",
        "Liz Thomasson",
        "Tom Mahoney",
        "Maggi Myland",
    ]
    old = parse(real_site / "2007/07/adult-social-services.html")
    assert [text_of(a) for a in old.select(".terms.champions a")] == ["Maggi Myland"]
    maggi = parse(real_site / "champions/maggi-myland/index.html")
    assert "Social Services Convenor" in text_of(maggi.find("main"))
    assert "All of adult social services" in text_of(maggi.find("main"))
    # Both seed bulletins name Maggi; bulletins added later may come first.
    titles = [text_of(h) for h in maggi.select(".article-list h3")]
    assert titles.index("Individualised Budgets in Barnet") < titles.index("Adult Social Services")
    helen = parse(real_site / "champions/helen-davies/index.html")
    assert "Lead UNISON rep for the Choice Agenda" in text_of(helen.find("main"))
    # Her file marks her number public: printed, readable without JavaScript and on paper.
    assert [text_of(a) for a in maggi.select("main .contact-routes a[href='tel:+442083592088']")] == ["0208 359 2088"]
    assert not maggi.select(".reveal")


def test_bad_configuration_stops_the_build_with_a_plain_message(tmp_path):
    from pelican import Pelican
    from sitekit import settings_for

    from caregroups.plugin import CareGroupsConfigError

    content = tmp_path / "content"
    write_files(content, TWO_BULLETINS)
    with pytest.raises(CareGroupsConfigError, match="CAREGROUP_PATHS must be a list of folders"):
        Pelican(settings_for(content, tmp_path / "out", CAREGROUP_PATHS="care-groups"))
    status, messages = safe_build(
        "pelicanconf.py",
        tmp_path / "out",
        strict=False,
        search=False,
        overrides={"PATH": str(content), "CAREGROUP_PATHS": "care-groups"},
    )
    assert status == 1
    assert "CAREGROUP_PATHS must be a list of folders" in messages
    assert "Traceback" not in messages


def test_a_champion_phone_that_is_not_a_number_is_reported_and_the_site_builds(tiny_site, warnings_seen):
    out = tiny_site(
        {
            "champions/tom-mahoney.md": (
                "Title: Tom Mahoney\nCare_groups: Mental Health\nPhone: ask at reception\n\nTom.\n"
            ),
            "bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", "Mental Health"),
        }
    )
    assert warnings_seen() == [
        (
            'content/champions/tom-mahoney.md:3: Phone: "ask at reception" is not a phone number; write it like '
            "020 8359 2088"
        )
    ]
    page = parse(out / "champions/tom-mahoney/index.html")
    assert text_of(page.h1) == "Tom Mahoney"
    assert not page.select(".reveal[data-reveal-kind=phone]")


def test_a_term_file_pelican_cannot_read_is_left_out_and_the_site_builds(tiny_site, warnings_seen):
    """As Pelican leaves out a bulletin it cannot read; the build and
    `make check` say which field, on its line."""
    out = tiny_site(
        {
            "champions/max-rowe.md": "Title: Max Rowe\nCare_groups: Back office\nDate: soon\n\nMax.\n",
            "champions/sky-skip.md": "Title: Sky Skip\nCare_groups: Back office\nStatus: skip\n\nSky.\n",
        }
    )
    # The rulebook says why, on its line; make html then leaves out the
    # plugin's "cannot be read" (secretary/build.py: said_why), as make check does.
    assert warnings_seen() == [
        (
            "content/champions/max-rowe.md:1: File: cannot be read ('soon' is not a valid date), so the site would "
            "leave it out; check the lines at its top"
        ),
        "content/champions/max-rowe.md:3: Date: is not a field of champion files; remove the line",
    ]
    assert not (out / "champions/max-rowe").exists()
    assert not (out / "champions/sky-skip").exists()
    assert (out / "champions/helen-davies/index.html").is_file()


@pytest.mark.parametrize(
    "written",
    ["(020) 7946 0000", "+44 20 7946 0000", "+44 (0)20 7946 0000", "020.7946.0000", "**020** 7946 0000",
     "&#48;20 7946&nbsp;0000", "020\u20137946\u20130000"],
)  # fmt: skip
def test_numbers_are_hidden_or_left_out_in_page_and_feed_and_dates_are_kept(tiny_site, written):
    """A champion's number in a bulletin's text is behind the button however
    it is written; anyone else's, and any in the summary or an alt text, is
    left out of the page and the feed in every build; a date is not a number."""
    body = (
        f"Ring Tom on {written}. Jo: 07700 900123. Meet on 05-06-2024 14:00.\n\n"
        "![Poster with 07700 900123](https://www.unison.org.uk/x.png)"
    )
    files = {"bulletins/2020-01-02-x.md": bulletin("X", "2020-01-02", body=body, summary="Jo on 07700 900123.")}
    out = tiny_site(files, config="publishconf.py", SITEURL="https://branch.example.org")
    page = parse(out / "2020/01/x.html")
    content = page.select_one(".content")
    assert len(content.select(".reveal[data-reveal-kind=phone]")) == 1
    assert "(phone number left out)" in text_of(content)
    assert "Meet on 05-06-2024 14:00" in text_of(content)
    assert content.img["alt"] == "Poster with (phone number left out)"
    feed = (out / "feeds/all.atom.xml").read_text(encoding="utf-8")
    for raw in (str(page), feed, (out / "index.html").read_text(encoding="utf-8")):
        assert "7946" not in raw
        assert "900123" not in raw
    assert "05-06-2024" in feed  # typogrify joins it to "14:00" with a no-break space
