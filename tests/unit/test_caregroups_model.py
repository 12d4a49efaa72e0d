"""The plugin's pure core, tested with plain data (no Pelican)."""

from __future__ import annotations

import pytest

from caregroups.model import Directory, Entry, Problem, digits_pattern, group_by, match_key, plain_text, split_names


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


def test_digits_pattern_finds_a_number_however_spaced():
    pattern = digits_pattern("0208 359 2088")
    for text in (
        "call 0208 359 2088.",
        "call 020 8359 2088",
        "call 02083592088",
        "call 0208-359-2088",
        "call 0208 359&nbsp;2088",
    ):
        assert pattern.search(text), text
    assert not pattern.search("call 102083592088")
    with pytest.raises(ValueError, match="not a phone number"):
        digits_pattern("12")
