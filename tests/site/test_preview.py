"""The preview server's fast path (plugins/fastbuild/live.py,
secretary/preview/builder.py): a save that changed only the text of
bulletins or pages is applied to the site in memory, and the result is,
byte for byte, the site a build from nothing makes of the edited content,
search index included. Any other change is refused, leaving the last good
site as it was, and a full build follows."""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus import varied_site
from sitekit import GROUPS_AND_CHAMPIONS, ROOT, preview_build, tree_hashes, write_files

from fastbuild.live import LiveSite, NeedsBuild
from secretary.preview import builder as preview

LIMIT = 20  # search pages a bundle: several bundles on this site
EPOCH = "1795435200"


def built(content: Path, output: Path, cache: Path, **settings) -> tuple[LiveSite, preview.Clock]:
    """A build as the preview server makes it, with its Pelican objects kept."""
    finish = LiveSite.capture()
    try:
        messages = preview_build(content, output, cache, search=True, SEARCH_BUNDLE_PAGES=LIMIT, **settings)
    finally:
        live = finish()
    assert "warning" not in messages, messages
    assert "error" not in messages, messages
    return live, preview.Clock(live)


class Site:
    """The varied site built as the preview server builds it, with its
    Pelican objects kept; a `fresh()` build of the same content to compare."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.content, self.output = folder / "content", folder / "output"
        write_files(self.content, {**GROUPS_AND_CHAMPIONS, **varied_site()})
        self.live, self.clock = built(self.content, self.output, folder / "cache")

    def bulletin(self, name: str) -> Path:
        return next(self.content.glob(f"bulletins/*-{name}.md"))

    def apply(self, *paths: Path) -> str:
        stream = io.StringIO()
        assert preview.apply(self.live, self.clock, list(paths), self.output, stream) == 0
        return stream.getvalue()

    def fresh(self) -> dict[str, str]:
        out = self.folder / "fresh"
        preview_build(
            self.content, out, self.folder / "fresh-cache", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT
        )
        return tree_hashes(out)


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A Site of this test's own, to change."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return Site(tmp_path)


@pytest.fixture(scope="module")
def unchanged_site(tmp_path_factory):
    """One Site for the changes the fast path refuses, built once: a refused
    change leaves the site as it was, and each test's change to the content
    is undone after it (unchanged_content)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return Site(tmp_path_factory.mktemp("refused"))


@pytest.fixture
def unchanged_content(unchanged_site, monkeypatch):
    """unchanged_site, its content put back as it was after the test."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content = unchanged_site.content
    files = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
    yield unchanged_site
    for path in content.rglob("*"):
        if path.is_file() and path not in files:
            path.unlink()
    for path, data in files.items():
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)


MEETING = (
    "Title: AGM\nStart: 2027-01-20 18:00\nEnd: 2027-01-20 20:00\n"
    "Uid: 0f8e2a52-6c1d-4f0e-9a57-3c2b1d0e9f11@barnet-unison.github.io\n\nThe agenda.\n"
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_edits_to_the_text_make_the_same_site_as_a_build_from_nothing(site):
    with_summary, derived = site.bulletin("bulletin-1"), site.bulletin("bulletin-10")
    assert "Summary:" in with_summary.read_text()
    assert "Summary:" not in derived.read_text()
    steps = [
        # A paragraph added to a bulletin whose summary is its own text.
        lambda: [append(derived, "\nPensions ballot turnout was remarkable.\n")] and [derived],
        # Its first words changed: the summary on every list changes.
        lambda: [edit(derived, "Members said", "Most members said")] and [derived],
        # A bulletin's Summary line, and another's body, saved together.
        lambda: (
            [edit(with_summary, "Summary of", "The summary of"), append(with_summary, "\nMore.\n")] and [with_summary]
        ),
        # A draft, a page, and a link to another bulletin written in.
        lambda: [append(site.bulletin("bulletin-7"), "\nStill a draft.\n")] and [site.bulletin("bulletin-7")],
        lambda: [append(site.content / "pages/about.md", "\nWe meet monthly.\n")] and [site.content / "pages/about.md"],
        lambda: (
            [append(derived, "\nSee [the earlier one]({filename}" + site.bulletin("bulletin-1").name + ").\n")]
            and [derived]
        ),
        # A champion's number, which the caregroups plugin hides behind a button.
        lambda: [append(derived, "\nRing Tom on 020 7946 0000.\n")] and [derived],
    ]
    before = tree_hashes(site.output)
    for step in steps:
        changed = step()
        assert site.apply(*changed).strip() == "Built output/."
    after = tree_hashes(site.output)
    assert after != before
    assert after == site.fresh()
    page = (site.output / site.live.find(derived)[2].save_as).read_text(encoding="utf-8")
    assert "Pensions ballot turnout" in page
    assert "7946" not in page


def test_the_next_build_starts_from_what_the_fast_path_left(site):
    """What the fast path writes is remembered: a full build afterwards (the
    next `make html`) keeps the pages it wrote and is still the fresh site."""
    derived = site.bulletin("bulletin-10")
    append(derived, "\nA sentence for the next build.\n")
    site.apply(derived)
    site.live.save()
    preview_build(site.content, site.output, site.output.parent / "cache", search=True, SEARCH_BUNDLE_PAGES=LIMIT)
    assert tree_hashes(site.output) == site.fresh()


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("a new title", lambda s: edit(s.bulletin("bulletin-10"), "Title: Bulletin 10", "Title: Bulletin ten")),
        ("a new date", lambda s: edit(s.bulletin("bulletin-10"), "Date: 2020", "Date: 2021")),
        (
            "another care group",
            lambda s: edit(s.bulletin("bulletin-10"), "Care_groups: Mental Health", "Care_groups: Back office"),
        ),
        ("a new status", lambda s: edit(s.bulletin("bulletin-10"), "Champions:", "Status: draft\nChampions:")),
        (
            "a link to a bulletin that does not exist",
            lambda s: append(s.bulletin("bulletin-10"), "\n[x]({filename}nope.md)\n"),
        ),
        (
            "a link to a file",
            lambda s: append(s.bulletin("bulletin-10"), "\n![a photo]({static}../images/photo.jpg)\n"),
        ),
        # A text the rulebook refuses: the full build names it, as make check does.
        ("an e-mail link", lambda s: append(s.bulletin("bulletin-10"), "\n[Mail me](mailto:jo@example.org)\n")),
        ("a link written as an address", lambda s: append(s.bulletin("bulletin-10"), "\n[Us](/pages/about.html)\n")),
        (
            "an element the allow-list leaves out",
            lambda s: append(s.bulletin("bulletin-10"), "\n<marquee>x</marquee>\n"),
        ),
        ("a control character", lambda s: append(s.bulletin("bulletin-10"), "\nA\x0bB\n")),
        ("a file that is not a bulletin", lambda s: (s.content / "care-groups/older-adults.md").touch()),
        (
            "a new bulletin",
            lambda s: write_files(s.content, {"bulletins/2020-02-02-new.md": "Title: New\nDate: 2020-02-02\n\nNew.\n"}),
        ),
        ("a removed bulletin", lambda s: s.bulletin("bulletin-10").unlink()),
        # A meeting (plugins/events) is never edited in place: a full build reads it.
        ("a meeting's file", lambda s: write_files(s.content, {"events/2027-01-20-agm.md": MEETING})),
    ],
)
def test_any_other_change_is_refused_and_the_site_left_as_it_was(unchanged_content, what, change, caplog):
    site = unchanged_content
    derived = site.content / "bulletins" / site.bulletin("bulletin-10").name
    touched = {
        "a file that is not a bulletin": site.content / "care-groups/older-adults.md",
        "a new bulletin": site.content / "bulletins/2020-02-02-new.md",
        "a meeting's file": site.content / "events/2027-01-20-agm.md",
    }.get(what, derived)
    before = tree_hashes(site.output)
    change(site)
    with pytest.raises(NeedsBuild):
        site.apply(touched)
    assert tree_hashes(site.output) == before, what
    assert not list(site.output.parent.glob(".output-new-*"))
    # Nothing said: the full build that follows says it all, once.
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_page_that_takes_over_a_list_page_stays_the_page(tmp_path, monkeypatch):
    """A page saved over a generated page (care-groups/index.html, by the
    settings: a content file cannot choose its address): Pelican writes the
    page and drops the later list; so does the fast path."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content, output = tmp_path / "content", tmp_path / "output"
    page = "Title: Our care groups\nSlug: groups\n\nOur groups.\n"
    over = {"EXTRA_PATH_METADATA": {"pages/groups.md": {"save_as": "care-groups/index.html", "url": "care-groups/"}}}
    write_files(content, {**GROUPS_AND_CHAMPIONS, **varied_site(), "pages/groups.md": page})
    live, clock = built(content, output, tmp_path / "cache", **over)
    append(content / "pages/groups.md", "\nA new sentence.\n")
    preview.apply(live, clock, [content / "pages/groups.md"], output, io.StringIO())
    assert "A new" in (output / "care-groups/index.html").read_text(encoding="utf-8")
    preview_build(
        content, tmp_path / "fresh", tmp_path / "c2", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT, **over
    )
    assert tree_hashes(output) == tree_hashes(tmp_path / "fresh")


def test_a_scheduled_bulletin_falling_due_means_a_full_build(tmp_path, monkeypatch):
    """The fast path does not look at the clock again: once a bulletin held
    back as scheduled is due (or a new day may end a champion's term), the
    preview builds everything."""
    day = 86400
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content, output = tmp_path / "content", tmp_path / "output"
    soon = datetime.datetime.fromtimestamp(int(EPOCH) + 3600, datetime.UTC).strftime("%Y-%m-%d %H:%M")
    write_files(
        content, {**GROUPS_AND_CHAMPIONS, **varied_site(), "bulletins/soon.md": f"Title: Soon\nDate: {soon}\n\nx\n"}
    )
    live, clock = built(content, output, tmp_path / "cache")
    edited = next(content.glob("bulletins/*-bulletin-10.md"))
    append(edited, "\nA typo fixed.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 2 * 3600))
    with pytest.raises(NeedsBuild, match="scheduled bulletin is due"):
        preview.apply(live, clock, [edited], output, io.StringIO())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + day))
    with pytest.raises(NeedsBuild, match="new day"):
        preview.apply(live, clock, [edited], output, io.StringIO())


def worker(tmp_path, content: Path, output: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'plugins'}", "SOURCE_DATE_EPOCH": EPOCH}
    # The project's settings, with the content cache kept in tmp_path.
    settings = tmp_path / "previewconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F403\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n",
        encoding="utf-8",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "secretary", "preview-builder", "--settings", str(settings),
         "--output", str(output), "--content", str(content)],
        cwd=tmp_path, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_the_preview_process_applies_text_edits_and_asks_for_a_build_otherwise(tmp_path):
    content = tmp_path / "content"
    write_files(content, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    output = tmp_path / "output"
    process = worker(tmp_path, content, output)
    try:
        assert json.loads(process.stdout.readline())["status"] == 0
        edited = next(content.glob("bulletins/*-bulletin-10.md"))
        append(edited, "\nWritten while the preview runs.\n")
        process.stdin.write(json.dumps({"changed": [str(edited)]}) + "\n")
        process.stdin.flush()
        answer = json.loads(process.stdout.readline())
        assert answer["status"] == 0, answer
        assert answer["fast"], answer
        shown = next(output.glob("20*/*/bulletin-10.html")).read_text(encoding="utf-8")
        assert "Written while the preview" in shown
        edit(edited, "Title: Bulletin 10", "Title: Bulletin ten")
        process.stdin.write(json.dumps({"changed": [str(edited)]}) + "\n")
        process.stdin.flush()
        assert "changed" in json.loads(process.stdout.readline())["rebuild"]
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    messages = process.stderr.read()
    assert messages.count("Built output/.") == 2, messages
    assert "Traceback" not in messages, messages
