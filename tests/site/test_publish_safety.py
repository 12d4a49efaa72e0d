"""`make publish` and `make html` never lose the site: they check first,
build beside output/, replace it only when everything worked, never write
into content/, and speak in plain words, never in tracebacks."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
from sitekit import (
    AS_IN_A_TERMINAL,
    BUILD_EPOCH,
    PUBLISHED_SITEURL,
    ROOT,
    copy_project,
    make,
    parse,
    put_files,
    text_of,
    tree_hashes,
)

UNKNOWN_GROUP = "Title: Pay\nDate: 2020-01-05\nCare_groups: Older Adult\n\nText.\n"
UNKNOWN_GROUP_LINE = (
    'content/bulletins/2020-01-05-pay.md:3: Care_groups: unknown care group "Older Adult"; did you mean "Older Adults"?'
)
NO_TITLE = "Date: 2020-01-06\n\nText.\n"
NO_TITLE_MESSAGE = (
    "content/bulletins/2020-01-06-no-title.md:1: Title: missing or empty; "
    "add a line like `Title: Branch meeting on care budgets` at the top"
)


def add(project, name, text):
    put_files(project / "content", {name: text})


@pytest.fixture(scope="module")
def published_once(tmp_path_factory):
    """A copy of the project with a good site published into output/ by
    `make publish`, made once for the module."""
    project = copy_project(tmp_path_factory.mktemp("published") / "project")
    result = make(project, "publish")
    assert result.returncode == 0, result.stdout
    assert result.stdout.rstrip().endswith("Built output/.")
    return project


@pytest.fixture
def published(published_once, tmp_path):
    """The project with a good site published into output/: a copy of
    published_once of the test's own, file for file (`make publish` wrote
    nothing else into the project)."""
    return shutil.copytree(published_once, tmp_path / "project", symlinks=True)


def leftovers(project):
    """Temporary build folders left beside output/."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output-"))


def test_publish_refuses_a_content_error_with_the_check_message(published):
    before = tree_hashes(published / "output")
    add(published, "bulletins/2020-01-05-pay.md", UNKNOWN_GROUP)
    content_before = tree_hashes(published / "content")
    result = make(published, "publish")
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    assert UNKNOWN_GROUP_LINE in lines
    assert "error: 1 problem(s) above must be fixed before publishing; the published site was not changed" in lines
    # The same line `make check` gives.
    assert UNKNOWN_GROUP_LINE in make(published, "check").stdout.splitlines()
    assert tree_hashes(published / "output") == before
    assert tree_hashes(published / "content") == content_before
    assert leftovers(published) == []


def test_publish_refuses_scripts_and_the_like_in_a_bulletin(published):
    before = tree_hashes(published / "output")
    body = (
        "<script>steal()</script>\n\n"
        '<iframe src="https://example.org/"></iframe>\n\n'
        '<img src="x.png" alt="x" onerror="steal()">\n\n'
        "[Click](javascript:steal())\n"
    )
    add(published, "bulletins/2020-01-07-unsafe.md", f"Title: Unsafe\nDate: 2020-01-07\n\n{body}")
    result = make(published, "publish")
    assert result.returncode != 0
    shown = "content/bulletins/2020-01-07-unsafe.md"
    lines = result.stdout.splitlines()
    assert [line.split(": ", 2)[0] for line in lines if line.startswith(shown)] == [
        f"{shown}:4",
        f"{shown}:6",
        f"{shown}:8",
        f"{shown}:10",
    ]
    assert "error: 4 problem(s) above must be fixed before publishing; the published site was not changed" in lines
    assert tree_hashes(published / "output") == before


def test_publish_refuses_every_mistake_of_the_check_corpus_in_its_words(published):
    """Each kind of mistake `make check` knows (tests/corpus.py) stops
    `make publish` with the very line `make check` prints, before anything
    is built: the published site stays as it was."""
    from corpus import CORPUS, HELPERS, TOGETHER

    before = tree_hashes(published / "output")
    for name, text in HELPERS.items():
        add(published, name, text)
    for name, text, _ in CORPUS.values():
        add(published, name, text)
    result = make(published, "publish")
    assert result.returncode != 0
    lines = result.stdout.splitlines()
    for kind, (_, _, expected) in CORPUS.items():
        for line in expected:
            assert line in lines, kind
    for line in TOGETHER:
        assert line in lines
    errors = sum(len(expected) for _, _, expected in CORPUS.values()) - 1 + len(TOGETHER)  # one is only scheduled
    refused = f"error: {errors} problem(s) above must be fixed before publishing; the published site was not changed"
    assert refused in lines
    assert "Traceback" not in result.stdout
    assert tree_hashes(published / "output") == before
    assert leftovers(published) == []


def test_a_bulletin_without_a_title_is_an_error_not_skipped(published):
    before = tree_hashes(published / "output")
    add(published, "bulletins/2020-01-06-no-title.md", NO_TITLE)
    result = make(published, "publish")
    assert result.returncode != 0
    assert NO_TITLE_MESSAGE in result.stdout.splitlines()
    assert tree_hashes(published / "output") == before
    # make html shows it, in the same words, and builds the rest.
    result = make(published, "html")
    assert result.returncode == 0
    assert f"error: {NO_TITLE_MESSAGE}" in result.stdout.splitlines()
    assert "Built output/ with 1 problem(s) to fix before publishing." in result.stdout
    assert (published / "output/2008/04/individualised-budgets-in-barnet.html").exists()


def test_build_warnings_use_the_check_words(project):
    add(project, "bulletins/2020-01-05-pay.md", UNKNOWN_GROUP)
    result = make(project, "html")
    assert result.returncode == 0
    assert f"warning: {UNKNOWN_GROUP_LINE}" in result.stdout.splitlines()


def test_a_failing_build_leaves_the_last_site_byte_for_byte(published):
    """A mistake the checks cannot see (here a broken template), with
    Pelican's DELETE_OUTPUT_DIRECTORY on: output/ stays exactly as it was."""
    before = tree_hashes(published / "output")
    assert len(before) > 50
    with (published / "pelicanconf.py").open("a") as conf:
        conf.write("\nDELETE_OUTPUT_DIRECTORY = True\n")
    (published / "theme/templates/article.html").write_text("{% block content %}{{ article.title }\n")
    for target in ("publish", "html"):
        result = make(published, target)
        assert result.returncode != 0
        assert "The last good site in output/ was not changed." in result.stdout
        assert "Traceback" not in result.stdout
        assert tree_hashes(published / "output") == before
        assert leftovers(published) == []


def test_no_traceback_and_no_change_to_content_for_any_mistake(project):
    from corpus import CORPUS, HELPERS

    for name, text in HELPERS.items():
        add(project, name, text)
    for name, text, _ in CORPUS.values():
        add(project, name, text)
    content_before = tree_hashes(project / "content")
    for target in ("check", "html", "publish"):
        result = make(project, target)
        assert "Traceback" not in result.stdout, target
        assert tree_hashes(project / "content") == content_before, target
    assert result.returncode != 0
    assert leftovers(project) == []


def test_scheduled_and_draft_bulletins_never_reach_the_live_site(project):
    add(project, "bulletins/2099-06-01-pay-deal.md", "Title: Future pay deal\nDate: 2099-06-01 09:00\n\nSoon.\n")
    add(
        project,
        "bulletins/2020-01-07-secret.md",
        "Title: Secret draft plans\nDate: 2020-01-07\nStatus: draft\nSeries: Budgets\n\nNot yet.\n",
    )
    add(project, "bulletins/2020-01-08-public.md", "Title: Public part\nDate: 2020-01-08\nSeries: Budgets\n\nOut.\n")
    result = make(project, "publish")
    assert result.returncode == 0, result.stdout
    # The scheduled bulletin is announced, not refused.
    assert (
        "content/bulletins/2099-06-01-pay-deal.md:2: Date: scheduled for 1 June 2099 at 09:00: it appears on the "
        'live site that day; add "Status: draft" to hold it back'
    ) in result.stdout.splitlines()
    live = project / "output"
    assert not (live / "drafts").exists()
    assert not (live / "2099").exists()
    for path in live.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "Future pay deal" not in text, path
            assert "Secret draft" not in text, path
            assert "secret.html" not in text, path
    series = parse(live / "2020/01/public.html").select_one(".series")
    assert text_of(series).startswith("Part 1 of 1")


def test_the_preview_shows_drafts_and_scheduled_bulletins_marked(project):
    add(project, "bulletins/2099-06-01-pay-deal.md", "Title: Future pay deal\nDate: 2099-06-01 09:00\n\nSoon.\n")
    add(project, "bulletins/2020-01-07-secret.md", "Title: Secret draft plans\nDate: 2020-01-07\nStatus: draft\n\nX.\n")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout
    preview = project / "output"
    draft = parse(preview / "drafts/secret.html")
    assert text_of(draft.select_one(".draft-banner")).startswith("Draft: only you can see this in the preview")
    scheduled = parse(preview / "drafts/pay-deal.html")
    assert " ".join(scheduled.select_one(".draft-banner").get_text().split()) == (
        "Scheduled: only you can see this in the preview; it appears on the live site on 1 June 2099."
    )
    home = parse(preview / "index.html")
    listed = home.select_one(".drafts-preview")
    assert [" ".join(li.get_text().split()) for li in listed.select("li")] == [
        "Scheduled: Future pay deal, 1 June 2099",
        "Draft: Secret draft plans, 7 January 2020",
    ]
    assert [a["href"] for a in listed.select("a")] == ["./drafts/pay-deal.html", "./drafts/secret.html"]
    # Not in the lists of published bulletins, even in the preview.
    assert "Secret draft plans" not in text_of(home.select_one(".article-list"))


@pytest.mark.parametrize(
    "outputdir",
    ["content", ".", "theme", "stuff", "website", "theme/templates", "plugins", "plugins/caregroups", "content/pages"],
)
def test_an_output_folder_that_is_not_a_site_is_refused(project, outputdir):
    (project / "stuff").mkdir()
    (project / "stuff/notes.txt").write_text("keep me")
    # Another website: an index.html does not make it a site we built.
    put_files(project / "website", {"index.html": "<p>The branch's old site</p>", "about.html": "<p>About</p>"})
    before = tree_hashes(project)
    result = make(project, "html", f"OUTPUTDIR={project / outputdir}")
    assert result.returncode != 0
    assert "so it cannot be the output folder; choose another OUTPUTDIR. Nothing was changed" in result.stdout
    assert tree_hashes(project) == before
    assert leftovers(project) == []
    if outputdir == "website":
        assert (
            f"error: {project / 'website'} is not empty and is not a site this project built (another site, or "
            "files to keep), so it cannot be the output folder; choose another OUTPUTDIR. Nothing was changed"
        ) in result.stdout.splitlines()


def test_a_site_built_here_is_replaced_wherever_it_is(project, tmp_path):
    """OUTPUTDIR elsewhere: the first build fills the empty folder, the
    second knows it as ours and replaces it."""
    elsewhere = tmp_path / "site"
    elsewhere.mkdir()
    for _ in range(2):
        result = make(project, "html", f"OUTPUTDIR={elsewhere}")
        assert result.returncode == 0, result.stdout
    assert (elsewhere / "index.html").is_file()


# A plugin that holds a build at its end, with processes forked as
# fastbuild forks its workers, until the test stops it: the stop then
# always comes while the build is under way, however fast the machine.
STALL_PLUGIN = """
import multiprocessing
import pathlib
import time

from pelican import signals


def nap(_):
    time.sleep(600)


def stall(pelican):
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map_async(nap, range(2))
        pathlib.Path(pelican.settings["STALL_READY"]).write_text("building")
        time.sleep(600)


def register():
    signals.finalized.connect(stall)
"""


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_a_stop_signal_during_publish_changes_nothing_and_leaves_nothing(published, tmp_path, stop):
    before = tree_hashes(published / "output")
    ready = tmp_path / "ready"
    put_files(tmp_path / "stall", {"stall.py": STALL_PLUGIN})
    with (published / "pelicanconf.py").open("a") as conf:
        conf.write(f"\nPLUGIN_PATHS.append({str(tmp_path / 'stall')!r})\nPLUGINS.append('stall')\n")
        conf.write(f"STALL_READY = {str(ready)!r}\n")
    environment = {**os.environ, "SITEURL": PUBLISHED_SITEURL, "SOURCE_DATE_EPOCH": BUILD_EPOCH}
    environment.pop("DEBUG", None)
    # A group of its own, as a terminal makes one: the key goes to make,
    # the build and every process the build started.
    with subprocess.Popen(
        [*AS_IN_A_TERMINAL, "make", "--no-print-directory", "publish", f"VENV={ROOT / '.venv'}"],
        cwd=published,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
    ) as build:
        for _ in range(1200):  # the build's turn to be stopped: at most 2 minutes
            if ready.exists() or build.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists(), build.stdout.read()
        os.killpg(build.pid, stop)
        printed = build.communicate(timeout=60)[0]
    assert "Traceback" not in printed
    assert "KeyboardInterrupt" not in printed
    assert (
        "stopped: the build was interrupted. The last good site in output/ was not changed."
    ) in printed.splitlines()
    assert tree_hashes(published / "output") == before
    assert leftovers(published) == []


def test_a_stop_during_the_swap_waits_for_it(tmp_path, monkeypatch):
    """Ctrl+C while the old site is being removed: the swap finishes, the
    old tree goes, and only then does the stop take effect."""
    from secretary import build as build_module

    output, built = tmp_path / "output", tmp_path / ".output-new-x" / "site"
    put_files(output, {"index.html": "old"})
    put_files(built, {"index.html": "new"})
    real_rmtree = shutil.rmtree

    def interrupted_rmtree(path, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(build_module.shutil, "rmtree", interrupted_rmtree)
    # Ctrl+C as in a terminal, even where the tests were started with it
    # ignored (a script's background job).
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            build_module.swap_into_place(built, output)
    finally:
        signal.signal(signal.SIGINT, before)
    assert (output / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-new-x", "output"]


def preview_of_real_content(tmp_path, **overrides) -> tuple[int, str]:
    """make html of the real content into tmp_path/output, without search."""
    from sitekit import safe_build

    return safe_build(
        "pelicanconf.py",
        tmp_path / "output",
        strict=False,
        search=False,
        overrides={"CACHE_PATH": str(tmp_path / "cache"), **overrides},
    )


def test_a_build_clears_what_a_killed_build_left_and_nothing_in_use(tmp_path):
    """kill -9 or a power cut runs no `finally`: the next build removes the
    half-built folder its dead process left, never one a running build
    (here this very process) is using."""

    finished = subprocess.Popen(["true"])
    finished.wait()
    dead = tmp_path / f".output-new-{finished.pid}-abc12345"
    alive = tmp_path / f".output-new-{os.getpid()}-def45678"
    stranger = tmp_path / ".output-notes"
    backup = tmp_path / ".output-old-backup"  # someone's own folder, old: never taken for a leftover
    for folder in (dead, alive, stranger, backup):
        put_files(folder, {"site/index.html": "half"})
    os.utime(backup, (time.time() - 3 * 24 * 3600,) * 2)
    status, printed = preview_of_real_content(tmp_path)
    assert status == 0, printed
    assert not dead.exists()
    assert (alive / "site/index.html").exists()
    assert stranger.exists()
    assert backup.exists()
    assert (tmp_path / "output/index.html").exists()


def test_a_first_build_that_fails_does_not_speak_of_a_last_good_site(tmp_path):

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates/index.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ broken( }}{% endblock %}"
    )
    status, printed = preview_of_real_content(tmp_path, THEME=str(theme))
    assert status == 1
    assert "Nothing was written to output/." in printed
    assert "last good site" not in printed
    assert not (tmp_path / "output").exists()
    # The next build in the same process (the preview's builder) is whole:
    # its sitemap too, which pelican-sitemap would leave out after a failure.
    status, printed = preview_of_real_content(tmp_path)
    assert status == 0, printed
    assert "individualised-budgets-in-barnet" in (tmp_path / "output/sitemap.xml").read_text(encoding="utf-8")
