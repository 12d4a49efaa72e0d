"""`make newevent TITLE="..." START="..."`: a new draft meeting with its
Uid written once, End two hours on, and the rulebook's words for a START
that is not a time on the clock; and the meetings' times in words."""

from __future__ import annotations

import datetime
import io
import re
import shutil
from zoneinfo import ZoneInfo

import pytest
from events.model import when_in_words
from sitekit import ROOT, make

from secretary import cli, newevent
from secretary.checks import content as check

LONDON = ZoneInfo("Europe/London")
UID = re.compile(
    r"^Uid: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@barnet-unison\.github\.io$", re.M
)


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def new(content, *args):
    out = io.StringIO()
    options = cli.options(
        ["newevent", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content), *args], out
    )
    return newevent.run(options), out.getvalue()


def test_a_new_meeting_is_a_draft_with_its_uid_and_two_hours(content):
    status, said = new(content, "--title", "Annual General Meeting 2027", "--start", "2027-01-20 18:00",
                       "--location", "Barnet House")  # fmt: skip
    assert status == 0, said
    path = content / "events/2027-01-20-annual-general-meeting-2027.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "Title: Annual General Meeting 2027\nStart: 2027-01-20 18:00\nEnd: 2027-01-20 20:00\nLocation: Barnet House\n"
    )
    assert "\nStatus: draft\n" in text
    assert UID.search(text)
    assert said.startswith("Created content/events/2027-01-20-annual-general-meeting-2027.md\n")
    # make check reads it without a problem, and never rewrites the Uid.
    settings = check.load_settings(ROOT / "pelicanconf.py", content)
    assert [str(p) for p in check.check_site(settings) if p.severity == "error"] == []
    assert path.read_text(encoding="utf-8") == text
    # Never overwritten: the same title and start again is refused, the file kept.
    status, said = new(content, "--title", "Annual General Meeting 2027", "--start", "2027-01-20 18:00")
    assert status == 1
    assert "already exists" in said
    assert path.read_text(encoding="utf-8") == text


def test_two_meetings_get_two_uids(content):
    new(content, "--title", "One", "--start", "2027-02-01 18:00", "--end", "2027-02-01 19:30")
    new(content, "--title", "Two", "--start", "2027-02-02 18:00")
    one = (content / "events/2027-02-01-one.md").read_text(encoding="utf-8")
    two = (content / "events/2027-02-02-two.md").read_text(encoding="utf-8")
    assert "End: 2027-02-01 19:30\n" in one
    assert UID.search(one).group() != UID.search(two).group()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("20/01/2027 18:00", None, ('START: write the date year first, as YYYY-MM-DD HH:MM: if "20/01/2027 18:00" '
                                   "means 20 January 2027 at 18:00, write 2027-01-20 18:00")),
        ("2027-03-28 01:30", None, ("START: 01:30 on 28 March 2027 does not exist: the clocks go forward that night, "
                                   "from 01:00 to 02:00; choose a time from 02:00, e.g. 2027-03-28 02:00")),
        ("2027-01-20 18:00", "2027-01-20 17:00", ("END: 2027-01-20 17:00 is not after START 2027-01-20 18:00; give "
                                                 "the time it ends")),
        ("2027-01-20 18:00:30", None, ("START: write the time without seconds, as YYYY-MM-DD HH:MM, e.g. "
                                      "2027-01-20 18:00")),
        ("", None, ('Give the meeting\'s START (the time on the clock in London), e.g. make newevent '
                   'TITLE="Annual General Meeting 2027" START="2027-01-20 18:00"')),
    ],
)  # fmt: skip
def test_a_bad_start_or_end_is_refused_in_plain_words(content, start, end, message):
    args = ["--title", "AGM", "--start", start] + (["--end", end] if end else [])
    status, said = new(content, *args)
    assert (status, said) == (1, message + "\n")
    assert not (content / "events").exists()


def test_make_newevent_writes_the_file(project):
    result = make(project, "newevent", f"VENV={ROOT / '.venv'}", TITLE="Care forum", START="2027-05-04 18:00")
    assert result.returncode == 0, result.stdout
    assert (project / "content/events/2027-05-04-care-forum.md").is_file()
    assert "make newevent" in make(project, "help").stdout


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ((2027, 1, 20, 18, 0), (2027, 1, 20, 20, 0), "Wednesday 20 January 2027, 6pm to 8pm"),
        ((2027, 2, 10, 12, 0), (2027, 2, 10, 13, 30), "Wednesday 10 February 2027, 12 noon to 1.30pm"),
        ((2027, 3, 5, 22, 0), (2027, 3, 6, 0, 0), "Friday 5 March 2027, 10pm to Saturday 6 March 2027, 12 midnight"),
    ],
)
def test_times_in_words(start, end, words):
    assert when_in_words(datetime.datetime(*start, tzinfo=LONDON), datetime.datetime(*end, tzinfo=LONDON)) == words


def test_newevent_uid_prints_a_fresh_uid_line_and_writes_nothing(content):
    before = sorted(p.relative_to(content) for p in content.rglob("*"))
    status, said = new(content, "--uid")
    status2, said2 = new(content, "--uid")
    assert status == status2 == 0
    assert UID.fullmatch(said.strip())
    assert UID.fullmatch(said2.strip())
    assert said != said2
    assert sorted(p.relative_to(content) for p in content.rglob("*")) == before


def test_a_start_in_the_past_gets_a_note_and_a_title_index_its_own_address(content):
    status, said = new(content, "--title", "Index", "--start", "2020-01-20 18:00")
    assert status == 0, said
    text = (content / "events/2020-01-20-index.md").read_text(encoding="utf-8")
    assert "\nJoin_link:\nSeries:\n" in text
    assert said.splitlines()[1].startswith("Note: START is in the past (now is ")
