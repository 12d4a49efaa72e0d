"""`make newpost TITLE="..."`: a new draft bulletin with every field, its
path and the names it can use, in one command."""

from __future__ import annotations

import datetime
import io
import shutil
from zoneinfo import ZoneInfo

import pytest
from sitekit import ROOT, make, parse, text_of, tree_hashes

from secretary import cli, newpost
from secretary.checks import content as check

NOW = datetime.datetime(2026, 11, 23, 10, 5, tzinfo=ZoneInfo("Europe/London"))
EXPECTED_FILE = f"""\
Title: Branch meeting on care budgets
Date: 2026-11-23 10:05
Category: Bulletins
Tags:
Care_groups:
Champions:
Summary:
Status: draft

{check.PLACEHOLDER}
"""
EXPECTED_OUTPUT = """\
Created content/bulletins/2026-11-23-branch-meeting-on-care-budgets.md
It is a draft: it is not published until you remove the line `Status: draft`.

Care_groups: name one or more, separated by commas:
  Back office, Learning Difficulties, Mental Health, Older Adults, Sensory impairment/Physical disabilities
Champions: name one or more, separated by commas:
  Helen Davies, Liz Thomasson, Maggi Myland, Maggie Guy, Peter Wright, Tom Mahoney

Then: make devserver to preview it, make check to check it, make publish to publish.
"""


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def new(content, *args, now=NOW):
    out = io.StringIO()
    options = cli.options(
        ["newpost", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content), *args], out
    )
    status = newpost.run(options, now)
    return status, out.getvalue()


def test_creates_a_draft_with_every_field(content):
    status, output = new(content, "--title", "Branch meeting on care budgets")
    assert status == 0
    assert output == EXPECTED_OUTPUT
    path = content / "bulletins/2026-11-23-branch-meeting-on-care-budgets.md"
    assert path.read_text(encoding="utf-8") == EXPECTED_FILE


def test_former_champions_are_listed_apart(content):
    (content / "champions/olive-former.md").write_text(
        "Title: Olive Former\nRole: Champion\nSince: 2001-01-01\nUntil: 2007-12-31\n\nOlive.\n", "utf-8"
    )
    status, output = new(content, "--title", "Pay")
    assert status == 0
    assert "  Former champions (for older news): Olive Former\n" in output
    assert "Olive Former, " not in output


def test_never_overwrites_an_existing_bulletin(content):
    assert new(content, "--title", "Pay")[0] == 0
    path = content / "bulletins/2026-11-23-pay.md"
    path.write_text("Title: Pay\nDate: 2026-11-23\n\nMy work.\n", "utf-8")
    status, output = new(content, "--title", "Pay")
    assert status == 1
    assert output == (
        "content/bulletins/2026-11-23-pay.md already exists: open it to carry on, or choose another title.\n"
    )
    assert path.read_text(encoding="utf-8") == "Title: Pay\nDate: 2026-11-23\n\nMy work.\n"


@pytest.mark.parametrize("title", ["", "   ", "!!!"])
def test_a_title_is_needed(content, title):
    before = tree_hashes(content)
    status, output = new(content, "--title", title)
    assert status == 1
    assert 'make newpost TITLE="Branch meeting on care budgets"' in output
    assert tree_hashes(content) == before


def test_the_new_draft_passes_the_check_until_it_is_to_be_published(content):
    new(content, "--title", "Branch meeting on care budgets")
    out = io.StringIO()
    assert cli.main(["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)], out) == 0
    path = content / "bulletins/2026-11-23-branch-meeting-on-care-budgets.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft\n", ""), "utf-8")
    out = io.StringIO()
    assert cli.main(["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)], out) == 1
    assert out.getvalue().splitlines()[0] == (
        "content/bulletins/2026-11-23-branch-meeting-on-care-budgets.md:9: Body: still has the example line from "
        "make newpost; replace it with the bulletin"
    )


def test_make_newpost_then_preview_and_publish(project):
    """The secretary's commands end to end: the title travels through make
    untouched, the bulletin is dated by the build's clock (SOURCE_DATE_EPOCH
    when set, as for a build), the draft shows in the preview only."""
    title = 'Pay "offer": what\'s next? 50% & more'
    result = make(project, "newpost", f"TITLE={title}", SOURCE_DATE_EPOCH=str(int(NOW.timestamp())))
    assert result.returncode == 0, result.stdout
    (created,) = [line.removeprefix("Created ") for line in result.stdout.splitlines() if line.startswith("Created ")]
    assert created == "content/bulletins/2026-11-23-pay-offer-whats-next-50-more.md"
    text = (project / created).read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [f"Title: {title}", "Date: 2026-11-23 10:05"]

    assert make(project, "check").returncode == 0
    assert make(project, "html").returncode == 0
    slug = created.rsplit("/", 1)[1][11:-3]
    draft = parse(project / f"output/drafts/{slug}.html")
    assert text_of(draft.h1) == "Pay “offer”: what’s next? 50% & more"
    assert make(project, "publish").returncode == 0
    assert not (project / "output/drafts").exists()
