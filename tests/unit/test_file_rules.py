"""The file rules (plugins/rulebook/rules/files.py) on plain files: what is
Word paste and what is ordinary Markdown."""

from __future__ import annotations

import pytest
from rulebook.book import BULLETIN, Item
from rulebook.rules.files import refuse_linked, word_paste
from rulebook.source import MAYBE_UNSEEN_RE, SEPARATORS_RE, UNSEEN_RE, parse, unseen_removed
from sitekit import Link, put_files


def pasted(tmp_path, body: str) -> list[tuple[int, str]]:
    put_files(tmp_path, {"bulletins/x.md": f"Title: X\nDate: 2020-01-02\n\n{body}"})
    item = Item(BULLETIN, parse(tmp_path / "bulletins/x.md", tmp_path))
    return [(problem.line, problem.message.split(",")[0]) for problem in word_paste(item, {})]


def test_a_tab_after_a_list_item_continues_it_and_is_not_reported(tmp_path):
    assert pasted(tmp_path, "- one\n\n\tmore about one\n\nA paragraph.\n\n\tIndented by Word.\n") == [
        (10, "starts with a tab (Word's first-line indent)")
    ]


def test_every_tab_indented_paragraph_is_reported_but_not_inside_code(tmp_path):
    body = "\tFirst.\n\n\tSecond.\n\n~~~\n\tcode\n\n\tmore code\n~~~\n"
    assert [line for line, _ in pasted(tmp_path, body)] == [4, 6]


def test_bullets_followed_by_a_tab_or_spaces(tmp_path):
    body = "\u2022\tOne\n\u25e6  Two\n\u25aa Three\n\u2022No space is text\n- a list\n"
    assert [line for line, _ in pasted(tmp_path, body)] == [4, 5, 6]


def test_ordinary_markdown_is_not_word_paste(tmp_path):
    assert pasted(tmp_path, "A paragraph.\n\n    Indented code, by spaces.\n\n- a\n- b\n\nPrice: 3 \u00b7 4.\n") == []


def test_a_linked_file_or_folder_is_refused_in_plain_words(tmp_path):
    root = tmp_path / "content"
    put_files(tmp_path, {"elsewhere/x.md": "Title: X\n", "content/bulletins/ok.md": "Title: Ok\n"})
    put_files(root, {"bulletins/link.md": Link(str(tmp_path / "elsewhere/x.md")), "more": Link("../elsewhere")})
    refuse_linked(root, "bulletins/ok.md")
    for path in ("bulletins/link.md", root / "more/x.md"):
        with pytest.raises(Exception, match="it is a link to another file, and the site reads nothing through a link"):
            refuse_linked(root, path)


def test_a_content_folder_reached_through_a_link_is_read_and_climbing_out_of_it_is_refused(tmp_path):
    put_files(tmp_path, {"real/bulletins/ok.md": "Title: Ok\n", "elsewhere/x.md": "Title: X\n"})
    put_files(tmp_path, {"content": Link(str(tmp_path / "real"))})
    root = tmp_path / "content"
    refuse_linked(root, "bulletins/ok.md")
    refuse_linked(root, root / "bulletins/../bulletins/ok.md")
    with pytest.raises(Exception, match="it is a link to another file"):
        refuse_linked(root, root / "../elsewhere/x.md")


def test_the_quick_look_for_invisible_characters_misses_none():
    """unseen_removed looks for MAYBE_UNSEEN_RE's characters first and
    returns a text without any as it is: every character of every script
    that it leaves out must be one the full look leaves out or changes,
    next to ordinary letters (where the conditional ones are left out too)."""
    every = "".join(map(chr, range(0x110000)))
    never_looked_at = MAYBE_UNSEEN_RE.sub("", every)
    text = "a" + "a".join(never_looked_at) + "a"
    assert UNSEEN_RE.search(text) is None
    assert SEPARATORS_RE.search(text) is None
    assert len(never_looked_at) > 0x100000  # the quick look is not "everything"
    for written, read in (
        ("Sta\u200btus: draft", "Status: draft"),
        ("020\u2028 8359", "020  8359"),
        ("ok \U0001f600", "ok \U0001f600"),
    ):
        assert unseen_removed(written) == read
