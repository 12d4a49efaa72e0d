"""`make check`: every kind of mistake the secretary can make, each with
the exact line the secretary reads, all reported in one run."""

from __future__ import annotations

import io
import shutil

import pytest
from corpus import CORPUS, HELPERS, TOGETHER
from sitekit import ROOT, make, put_files, run

from secretary import cli
from secretary.checks import content as check

B = "content/bulletins"

write = put_files


@pytest.fixture
def content(tmp_path):
    """A copy of the branch's real content, to add mistakes to."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def run_check(content, *extra) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = cli.main(
        ["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content), *extra], stream=out
    )
    return status, out.getvalue().splitlines()


def test_corpus_has_at_least_twelve_kinds_of_mistake():
    assert len(CORPUS) >= 12


@pytest.mark.parametrize("kind", list(CORPUS))
def test_each_mistake_gets_its_exact_message(content, kind):
    name, text, expected = CORPUS[kind]
    write(content, {**HELPERS, name: text})
    status, lines = run_check(content)
    assert lines[:-1] == expected
    scheduled_only = kind.endswith("(scheduled)")
    assert status == (0 if scheduled_only else 1)


def test_every_problem_is_reported_at_once(content):
    write(content, HELPERS)
    write(content, {name: text for name, text, _ in CORPUS.values()})
    status, lines = run_check(content)
    expected = sorted([*(line for _, _, lines in CORPUS.values() for line in lines), *TOGETHER])
    assert sorted(lines[:-1]) == expected
    errors = len(expected) - 1  # one of them is the scheduled bulletin
    files = len({line.split(":")[0] for line in expected}) - 1
    assert lines[-1] == (
        f"{errors} error(s) in {files} file(s): fix them, then run make check again. "
        "1 bulletin(s) scheduled for a later date."
    )
    assert status == 1


def no_errors(content) -> str:
    """check's all-clear line: it counts every Markdown file, so the count
    grows as the secretary adds bulletins."""
    return f"No errors in {len(list(content.rglob('*.md')))} file(s)."


def test_the_real_content_passes(content):
    """Including the 2007 bulletin, which gives Maggi Myland's phone number:
    it is her number as champion, so it is not a personal-data leak."""
    assert "0208 359 2088" in (content / "bulletins/2007-07-03-adult-social-services.md").read_text()
    status, lines = run_check(content)
    assert lines == [no_errors(content)]
    assert status == 0


def test_only_scheduled_bulletins_is_not_an_error(content):
    write(content, {"bulletins/2099-01-01-later.md": "Title: Later\nDate: 2099-01-01 09:30\n\nText.\n"})
    status, lines = run_check(content)
    assert status == 0
    assert lines[-1] == no_errors(content) + " 1 bulletin(s) scheduled for a later date."


def test_drafts_are_not_scheduled_and_may_keep_the_example_line(content):
    text = f"Title: Later\nDate: 2099-01-01\nStatus: draft\n\n{check.PLACEHOLDER}\n"
    write(content, {"bulletins/2099-01-01-later.md": text})
    assert run_check(content) == (0, [no_errors(content)])


def test_champions_and_branch_contacts_may_be_printed(content):
    write(
        content,
        {
            "champions/helen-davies.md": (
                "Title: Helen Davies\nCare_groups: Older Adults\nEmail: helen@branch.example\nPhone: 020 7946 0123\n"
                "\nHelen.\n"
            ),
            "bulletins/2020-01-02-contacts.md": (
                "Title: Contacts\nDate: 2020-01-02\n\nHelen: Helen@Branch.example, 0207 946 0123 or "
                "+44 (0)20 7946 0123. Branch: office@branch.example, 020 7946 0999. Maggi: 020 8359 2088.\n"
                "Not phone numbers: 2007-07-03, £5,000,000 and 0.25.\n"
            ),
        },
    )
    settings = check.load_settings(ROOT / "pelicanconf.py", content)
    settings["BRANCH_CONTACT"] = {"address": "", "phone": "020 7946 0999", "email": "office@branch.example"}
    assert [p for p in check.check_site(settings) if p.severity == check.ERROR] == []


def test_what_the_gates_allow_is_not_refused(content):
    """Links to other websites, pictures and files of the site itself, and
    a champion's number written as text (the build hides it)."""
    write(
        content,
        {
            "images/picket.jpg": b"\xff\xd8\xff",
            "images/talk.mp3": b"ID3",
            "bulletins/2020-01-02-allowed.md": (
                "Title: Allowed\nDate: 2020-01-02\nModified: 2020-01-03 09:00\n"
                "Series: Pay\nSeries_index: 2\n\n"
                'See [UNISON](https://www.unison.org.uk/) and <a href="https://join.unison.org.uk/">join</a>.\n\n'
                "![Members on the picket line]({static}/images/picket.jpg)\n\n"
                '<img src="{static}/images/picket.jpg" alt="Members on the picket line">\n\n'
                '<audio controls src="{static}/images/talk.mp3"></audio>\n\n'
                "Tel: 0208 359 2088, or ask [Maggi]({filename}../champions/maggi-myland.md).\n"
            ),
        },
    )
    assert run_check(content) == (0, [no_errors(content)])


def test_numbered_series_are_not_misspellings(content):
    write(
        content,
        {
            "bulletins/2020-01-02-a.md": "Title: A\nDate: 2020-01-02\nSeries: Pay talks 2025\n\nText.\n",
            "bulletins/2021-01-02-b.md": "Title: B\nDate: 2021-01-02\nSeries: Pay talks 2026\n\nText.\n",
        },
    )
    assert run_check(content)[0] == 0


def test_a_series_in_other_capitals_is_flagged_even_when_used_twice(content):
    write(
        content,
        {
            **HELPERS,
            "bulletins/2020-01-10-c.md": "Title: C\nDate: 2020-01-10\nSeries: care  budgets\n\nText.\n",
        },
    )
    status, lines = run_check(content)
    assert lines[:-1] == [
        f'{B}/2020-01-10-c.md:3: Series: unknown series "care  budgets"; did you mean "Care budgets"?'
    ]
    assert status == 1


def test_make_check_runs_without_building(project):
    """The command the secretary types: no build, nothing written. (How
    quick it is belongs to the benchmark, not to a timed test.)"""
    write(project / "content", {name: text for name, text, _ in list(CORPUS.values())[:3]})
    result = make(project, "check")
    assert result.returncode != 0
    # On a first run make may also set up .venv; only our lines matter.
    lines = result.stdout.splitlines()
    expected = [line for _, _, lines_for_kind in list(CORPUS.values())[:3] for line in lines_for_kind]
    assert [line for line in lines if line.startswith("content/")] == expected
    assert "3 error(s) in 3 file(s): fix them, then run make check again." in lines
    assert "Traceback" not in result.stdout
    assert not (project / "output").exists()
    assert not (project / "cache").exists()


def test_check_and_publish_share_one_clock(content, monkeypatch):
    """With SOURCE_DATE_EPOCH set (as make publish and CI set it), check
    calls a bulletin scheduled exactly when the build will hold it back."""
    write(content, {"bulletins/2020-06-02-tomorrow.md": "Title: Tomorrow\nDate: 2020-06-02 09:00\n\nText.\n"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1591012800")  # 2020-06-01 12:00 UTC
    status, lines = run_check(content)
    assert status == 0
    assert lines[-1] == no_errors(content) + " 1 bulletin(s) scheduled for a later date."
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1591088400")  # 2020-06-02 09:00 UTC
    assert run_check(content) == (0, [no_errors(content)])


def test_make_check_takes_the_time_make_publish_takes(project):
    """In a clean checkout `make publish` builds at the last commit's time:
    a bulletin dated after it waits. `make check` says so too, rather than
    judging by the clock."""
    git = ["git", "-c", "user.name=Branch", "-c", "user.email=branch@example.org"]
    committed = {"GIT_AUTHOR_DATE": "2020-01-01T12:00:00Z", "GIT_COMMITTER_DATE": "2020-01-01T12:00:00Z"}
    write(project / "content", {"bulletins/2021-03-01-later.md": "Title: Later\nDate: 2021-03-01\n\nText.\n"})
    for command in (["git", "init", "-q"], [*git, "add", "-A"], [*git, "commit", "-qm", "content"]):
        assert run(command, project, **committed).returncode == 0
    result = make(project, "check")
    assert result.returncode == 0, result.stdout
    assert "1 bulletin(s) scheduled for a later date." in result.stdout.splitlines()[-1]


def test_a_link_to_a_bulletin_scheduled_for_later_is_named(content):
    """On the live site the link would lead to the home page until the day."""
    write(
        content,
        {
            "bulletins/2099-12-01-later.md": "Title: Later\nDate: 2099-12-01 10:00\n\nLater.\n",
            "bulletins/2020-05-22-to-later.md": (
                "Title: To later\nDate: 2020-05-22\n\nSee [the plan]({filename}2099-12-01-later.md).\n"
            ),
        },
    )
    status, lines = run_check(content)
    assert status == 1
    assert (
        "content/bulletins/2020-05-22-to-later.md:4: Body: the link {filename}2099-12-01-later.md leads to a bulletin "
        "scheduled for later, which is not on the live site; publish that first, or remove the link"
    ) in lines
