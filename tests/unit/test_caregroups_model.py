"""The plugin's pure core, tested with plain data (no Pelican): names,
matching and grouping; the rules of the term files; what a phone number
and an e-mail address are."""

from __future__ import annotations

import datetime

import pytest
from rulebook.problem import Problem

from caregroups.contacts import email_addresses, is_email, phone_key, phone_number, phone_numbers
from caregroups.model import Directory, Entry, group_by, match_key, plain_text, split_names
from caregroups.rules import TermFile, is_former, read_terms


def directory(*names):
    d = Directory("care group")
    for name in names:
        slug = name.lower().replace(" ", "-").replace("/", "-")
        assert d.add(Entry(name, slug, f"content/care-groups/{slug}.md", name)) == []
    return d


GROUPS = directory(
    "Older Adults",
    "Sensory impairment/Physical disabilities",
    "Back office",
    "Learning Difficulties",
    "Mental Health",
)


@pytest.mark.parametrize(
    "written",
    [
        "Older Adults",
        "older adults",
        "OLDER ADULTS",
        "  Older   Adults ",
        "older-adults",
        "Older\u00a0Adults",
        "Older&nbsp;Adults",
        "<span>Older</span> Adults",
    ],
)
def test_names_match_by_name_or_slug_ignoring_case_and_spacing(written):
    assert GROUPS.find(written) == "Older Adults"


def test_slashed_name_matches_with_spaces_around_the_slash():
    assert GROUPS.find("Sensory impairment / Physical disabilities") == "Sensory impairment/Physical disabilities"


def test_typographic_quotes_match_straight_ones():
    d = directory("Carers' Support")
    assert d.find("Carers\u2019 Support") == "Carers' Support"


@pytest.mark.parametrize(
    ("typo", "hint"),
    [
        ("Older Adult", "Older Adults"),
        ("Mental Heath", "Mental Health"),
        ("back ofice", "Back office"),
        ("Sensory impairment", "Sensory impairment/Physical disabilities"),
        ("learning disabilities", "Learning Difficulties"),
    ],
)
def test_suggests_the_closest_known_name(typo, hint):
    assert GROUPS.suggest(typo) == hint


def test_no_suggestion_for_something_unrelated():
    assert GROUPS.suggest("Zebra crossings") is None


def test_unknown_name_message_names_file_field_value_and_fix():
    problem = GROUPS.unknown("content/bulletins/x.md", "Care_groups", "Older Adult")
    assert (
        str(problem)
        == 'content/bulletins/x.md: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?'
    )


def test_unknown_name_without_a_close_match_lists_the_known_names():
    problem = GROUPS.unknown("content/bulletins/x.md", "Care_groups", "Zebra")
    assert str(problem) == (
        'content/bulletins/x.md: Care_groups: unknown care group "Zebra"; known care groups are: '
        "Back office, Learning Difficulties, Mental Health, Older Adults, Sensory impairment/Physical disabilities"
    )


def test_problem_with_a_line_number():
    assert str(Problem("content/a.md", "Title", "missing", line=3)) == "content/a.md:3: Title: missing"


def test_duplicate_name_or_slug_is_reported_against_the_first_file():
    d = directory("Older Adults")
    problems = d.add(Entry("older adults", "elderly", "content/care-groups/elderly.md", "dup"))
    assert [str(p) for p in problems] == [
        (
            'content/care-groups/elderly.md: Title: care group title "older adults" is already used by '
            "content/care-groups/older-adults.md; give each care group its own title"
        )
    ]
    problems = d.add(Entry("Elderly", "older-adults", "content/care-groups/other.md", "dup"))
    assert [p.field for p in problems] == ["Slug"]
    assert d.find("Elderly") is None  # a clashing file does not half-register


def test_resolve_keeps_order_drops_repeats_and_reports_unknowns():
    found, problems = GROUPS.resolve("f.md", "Care_groups", ["Mental Health", "older adults", "mental-health", "Nope"])
    assert found == ["Mental Health", "Older Adults"]
    assert [p.message for p in problems] == [
        'unknown care group "Nope"; known care groups are: ' + ", ".join(sorted(GROUPS.names()))
    ]


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Older Adults, Mental Health", ["Older Adults", "Mental Health"]),
        ("Older Adults; Mental Health", ["Older Adults", "Mental Health"]),
        (["Older Adults", " Mental  Health "], ["Older Adults", "Mental Health"]),
        ("Older Adults,", ["Older Adults"]),
        ("", []),
        (None, []),
    ],
)
def test_split_names(value, names):
    assert split_names(value) == names


def test_match_key_and_plain_text():
    assert plain_text("Carers&#8217; <span class='caps'>UK</span>") == "Carers' UK"
    assert match_key(" Back  Office ") == match_key("back office") == "backoffice"


def test_group_by_keeps_item_order_and_is_one_pass():
    calls = []

    def keys(item):
        calls.append(item)
        return item[1]

    items = [("new", ["a", "b"]), ("mid", []), ("old", ["a"])]
    assert group_by(items, keys) == {"a": [items[0], items[2]], "b": [items[0]]}
    assert calls == items


# -- one phone number, however it is written ----------------------------------------

MAGGI = "+442083592088"


@pytest.mark.parametrize(
    "written",
    [
        "020 8359 2088",
        "0208 359 2088",
        "(0208) 359 2088",
        "+44 208 359 2088",
        "+44 (0)208 359 2088",
        "+44 20 8359 2088",
        "02083592088",
        "0208-359-2088",
        "0208 359\u00a02088",  # typogrify's no-break space before a paragraph's last word
        "0044 20 8359 2088",
        "０２０８ ３５９ ２０８８",  # full-width figures
        "٠٢٠٨ ٣٥٩ ٢٠٨٨",  # Arabic-Indic figures
    ],
)
def test_one_number_however_it_is_written(written):
    assert phone_key(written) == phone_key("020 8359 2088") == MAGGI
    (found,) = phone_numbers(f"Ring Maggi on {written}, after ten.")
    assert (found.text, found.key) == (written, MAGGI)


def test_numbers_ofcom_keeps_for_drama_are_numbers_too():
    """07700 900xxx and 020 7946 0xxx are the numbers examples use; they
    are refused in a bulletin like any other, so they must be found."""
    assert [f.key for f in phone_numbers("Jo: 07700 900123; office: 020 7946 0000.")] == [
        "+447700900123",
        "+442079460000",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "the 2007-07-03 meeting",
        "£5,000,000",
        "0.25 of a post",
        "call 102083592088",
        "ref 8359 2088",
        "https://example.org/02083592088",
        "116 123",
        "12",
    ],
)
def test_what_is_not_a_phone_number(text):
    assert list(phone_numbers(text)) == []


def test_a_number_running_into_other_figures_is_cut_back():
    (found,) = phone_numbers("Maggi: 020 8359 2088 2007 budget.")
    assert (found.text, found.key) == ("020 8359 2088", MAGGI)


def test_a_phone_field_holds_a_number_or_is_refused():
    assert phone_number("0208 359 2088 (office hours)").key == MAGGI
    assert phone_number("ask at reception") is None
    assert phone_number("12") is None


def test_one_email_notion_in_any_capitals():
    found = list(email_addresses("Write to Helen@Branch.example or jo.bloggs@example.org."))
    assert [(f.text, f.key) for f in found] == [
        ("Helen@Branch.example", "helen@branch.example"),
        ("jo.bloggs@example.org", "jo.bloggs@example.org"),
    ]
    # Letters of any alphabet before the @ (the privacy gate finds these too).
    assert [f.text for f in email_addresses("josé@example.org")] == ["josé@example.org"]
    assert is_email("helen@branch.example")
    assert not is_email("helen at branch")
    assert not is_email("helen@branch")


# -- the rules of the term files ---------------------------------------------------------


def term(path, **fields):
    return TermFile(path, f"content/{path}", {k.lower(): v for k, v in fields.items()})


def test_term_rules_report_every_problem_in_a_file_with_the_builds_words():
    terms = read_terms(
        [term("care-groups/older-adults.md", Title="Older Adults"), term("care-groups/x.md", Summary="No title")],
        [
            term(
                "champions/jo.md",
                Title="Jo",
                Care_groups=["Older Adult"],
                Since="the spring",
                Email="jo at branch",
                Phone="ask at reception",
            ),
            term("champions/untitled.md", Until="yesterday"),
        ],
    )
    assert sorted(str(p) for p in terms.problems) == [
        "content/care-groups/x.md: Title: missing or empty; add a line like `Title: Older Adults` at the top",
        'content/champions/jo.md: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?',
        'content/champions/jo.md: Email: "jo at branch" is not an e-mail address; write it like name@example.org',
        'content/champions/jo.md: Phone: "ask at reception" is not a phone number; write it like 020 8359 2088',
        'content/champions/jo.md: Since: cannot read the date "the spring"; write it as YYYY-MM-DD, e.g. 2008-04-21',
        "content/champions/untitled.md: Title: missing or empty; add a line like `Title: Older Adults` at the top",
        (
            'content/champions/untitled.md: Until: cannot read the date "yesterday"; write it as YYYY-MM-DD, e.g. '
            "2008-04-21"
        ),
    ]
    assert [e.name for e in terms.care_groups.entries] == ["Older Adults"]
    ((_, facts),) = [e.item for e in terms.champions.entries]
    assert facts.phone == ""  # left off the page rather than the page left out
    assert facts.email == "jo at branch"


def test_a_champion_is_former_from_their_until_date_on():
    until = datetime.datetime(2020, 6, 2)
    assert not is_former(until, datetime.date(2020, 6, 1))
    assert is_former(until, datetime.date(2020, 6, 2))
    assert not is_former(None, datetime.date(2099, 1, 1))
