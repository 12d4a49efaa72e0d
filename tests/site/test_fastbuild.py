"""The fastbuild plugin is contained: the theme and every other plugin
build the very same site with it taken out of PLUGINS. A varied site of 80
bulletins (enough for the parallel reading to start), the link-in-a-summary
site and the branch's real content are built without it, with each speed-up
alone and with all of them, for the preview (relative links) and for
publishing, and every file is compared. On a Pelican version the speed-ups
were not tested on they switch themselves off, saying so in one line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from corpus import varied_site
from pelican.settings import read_settings
from sitekit import (
    GROUPS_AND_CHAMPIONS,
    ROOT,
    fresh_pelican_log_filter,
    parse,
    preview_build,
    safe_build,
    text_of,
    tree_hashes,
    write_files,
)

from compat import private
from fastbuild.parallel import MIN_FILES
from fastbuild.plugin import OPTIMISATIONS, FastBuildConfigError
from fastbuild.reuse import MEMO_FILE

EPOCH = "1795435200"
# The speed-ups the published build may use: each one is compared, byte for
# byte, with a published build without fastbuild (test_published_build_*).
PUBLISH_COVERED = (
    "reuse_markdown",
    "typogrify_in_reader",
    "parallel_read",
    "remember_urls",
    "parallel_write",
    "rules_beside",
)


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = tmp_path_factory.mktemp("varied") / "content"
    write_files(root, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    assert len(list((root / "bulletins").glob("*.md"))) > MIN_FILES
    return root


def without_fastbuild(config: str) -> list[str]:
    plugins = read_settings(str(ROOT / config))["PLUGINS"]
    assert "fastbuild" in plugins
    return [plugin for plugin in plugins if plugin != "fastbuild"]


def build_with(content, out, options, monkeypatch, config="pelicanconf.py", *, siteurl="https://branch.example.org"):
    """The site as `make html` (or `make publish`) builds it, search index
    aside: with FAST_BUILD `options`, or (None) with fastbuild taken out of
    PLUGINS. Returns every file's hash and what the build printed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    overrides = {"PATH": str(content), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    if siteurl is not None:
        overrides["SITEURL"] = siteurl
    if options is None:
        overrides["PLUGINS"] = without_fastbuild(config)
    elif options != "as configured":
        overrides["FAST_BUILD"] = options
    fresh_pelican_log_filter()
    status, messages = safe_build(config, out, strict=False, search=False, overrides=overrides)
    assert status == 0, messages
    return tree_hashes(out), messages


def assert_same_site(built: dict, expected: dict) -> None:
    assert sorted(built) == sorted(expected)
    assert [path for path in expected if built[path] != expected[path]] == []


@pytest.fixture(scope="module")
def baseline(content, tmp_path_factory):
    """The varied site built for the preview without fastbuild."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return build_with(content, tmp_path_factory.mktemp("plain") / "out", None, monkeypatch)[0]


@pytest.mark.parametrize(
    "options",
    ["as configured", *({name: True} for name in OPTIMISATIONS), dict.fromkeys(OPTIMISATIONS, True)],
    ids=["as configured", *OPTIMISATIONS, "all"],
)
def test_each_speed_up_leaves_every_byte_as_it_was(content, baseline, tmp_path, monkeypatch, options):
    fast, _ = build_with(content, tmp_path / "out", options, monkeypatch)
    assert_same_site(fast, baseline)


@pytest.fixture(scope="module")
def published_baseline(content, tmp_path_factory):
    """The varied site built for publishing without fastbuild."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        out = tmp_path_factory.mktemp("published-plain") / "out"
        return build_with(content, out, None, monkeypatch, "publishconf.py")[0]


@pytest.mark.parametrize("options", ["as configured", *({name: True} for name in PUBLISH_COVERED)])
def test_published_build_is_identical_without_fastbuild(content, published_baseline, tmp_path, monkeypatch, options):
    fast, _ = build_with(content, tmp_path / "fast", options, monkeypatch, "publishconf.py")
    assert_same_site(fast, published_baseline)


def test_a_build_leaves_pelican_as_it_found_it(content, tmp_path, monkeypatch):
    """What fastbuild puts on Pelican's classes while it writes (remembered
    URLs, the watch on which texts a page reads) is taken off when the build
    ends, so that a build without it in the same process (the tests, a
    preview's next build) is Pelican's own."""
    from pelican.contents import Content

    pelicans_own = {name: Content.__dict__[name] for name in ("get_url_setting", "get_content", "get_summary")}
    build_with(content, tmp_path / "out", dict.fromkeys(OPTIMISATIONS, True), monkeypatch)
    assert {name: Content.__dict__[name] for name in pelicans_own} == pelicans_own


def test_the_published_build_uses_only_speed_ups_compared_for_publishing():
    options = read_settings(str(ROOT / "publishconf.py"))["FAST_BUILD"]
    used = {name for name, on in options.items() if on}
    assert used, "publishconf.py uses no speed-up: this test and PUBLISH_COVERED are out of date"
    assert used <= set(PUBLISH_COVERED)


@pytest.mark.parametrize("config", ["pelicanconf.py", "publishconf.py"])
def test_the_real_content_is_identical_without_fastbuild(tmp_path, monkeypatch, config):
    """The branch's own bulletins, pages, care groups and champions."""
    content = ROOT / "content"
    plain, _ = build_with(content, tmp_path / "plain", None, monkeypatch, config, siteurl=None)
    fast, _ = build_with(content, tmp_path / "fast", "as configured", monkeypatch, config, siteurl=None)
    assert_same_site(fast, plain)


def test_on_an_untested_pelican_the_speed_ups_are_off_with_one_note(content, baseline, tmp_path, monkeypatch):
    """fastbuild leans on Pelican's internals (compat/private.py): on a
    version they were not tested on, every speed-up is off, the build says
    so in one plain line, and the site is the same. Nothing is remembered
    for the next build (reuse_output is off too)."""
    monkeypatch.setattr(private, "PELICAN_VERSION", "99.0.0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out, cache = tmp_path / "out", tmp_path / "cache"
    messages = preview_build(content, out, cache, SITEURL="https://branch.example.org")
    notes = [line for line in messages.splitlines() if line.startswith("note: Pelican")]
    assert notes == [
        (
            "note: Pelican 99.0.0 is not the version the build's speed-ups were tested on (4.12.0): they are off, "
            "and the site is built the same, only slower"
        )
    ]
    assert "warning" not in messages, messages
    assert_same_site(tree_hashes(out), baseline)
    assert not list(cache.rglob("fastbuild-*"))
    monkeypatch.undo()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    messages = preview_build(content, tmp_path / "again", cache, SITEURL="https://branch.example.org")
    assert "note: Pelican" not in messages
    assert list(cache.rglob("fastbuild-*")), "on the tested version the page memo is kept"


def test_parallel_reading_really_runs_in_other_processes(content, tmp_path, monkeypatch):
    """Bulletins are converted by worker processes (each leaves a marker
    file, since a worker's memory is its own), not by the build's process."""
    import os

    from pelican import Pelican
    from sitekit import settings_for

    from fastbuild import parallel
    from safecontent.reader import SafeMarkdownReader

    markers = tmp_path / "markers"
    markers.mkdir()
    original = SafeMarkdownReader.convert_document

    def spy(self, path):
        if "/bulletins/" in path:
            (markers / f"{os.getpid()}-{Path(path).name}").touch()
        return original(self, path)

    monkeypatch.setattr(SafeMarkdownReader, "convert_document", spy)
    monkeypatch.setattr(parallel, "worker_count", lambda settings: 2)
    Pelican(settings_for(content, tmp_path / "out", FAST_BUILD={"parallel_read": True})).run()
    pids = {int(marker.name.split("-", 1)[0]) for marker in markers.iterdir()}
    assert len(list(markers.iterdir())) == len(list((content / "bulletins").glob("*.md")))
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_parallel_writing_renders_every_page_in_other_processes(content, tmp_path, monkeypatch):
    """With parallel_write, pages are rendered by worker processes (each
    leaves a marker file), not by the build's process, and every page is."""
    import os

    from fastbuild import reuse

    markers = tmp_path / "markers"
    markers.mkdir()
    original = reuse.render_job

    def spy(job, *args, **kwargs):
        (markers / f"{os.getpid()}-{job.name.replace('/', '_')}").touch()
        return original(job, *args, **kwargs)

    monkeypatch.setattr(reuse, "render_job", spy)
    monkeypatch.setattr(reuse, "worker_count", lambda settings: 2)
    out = tmp_path / "out"
    build_with(content, out, {"parallel_write": True}, monkeypatch)
    pids = {int(marker.name.split("-", 1)[0]) for marker in markers.iterdir()}
    rendered = {marker.name.split("-", 1)[1] for marker in markers.iterdir()}
    # Every page Pelican renders (the web editor's page is a file the editor plugin writes).
    pages = {p.relative_to(out).as_posix().replace("/", "_") for p in out.rglob("*.html")} - {"admin_index.html"}
    assert pages <= rendered
    assert os.getpid() not in pids
    assert len(pids) == 2


def test_a_warning_while_a_worker_renders_reaches_the_secretary_once(tmp_path, monkeypatch):
    """A broken link is found while its page renders, in a worker: the
    message is shown once, and counted, as in a build without workers."""
    from fastbuild import reuse

    monkeypatch.setattr(reuse, "worker_count", lambda settings: 2)
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    (work / "bulletins/2012-02-02-broken-link.md").write_text(
        "Title: Broken link\nDate: 2012-02-02\nCategory: Bulletins\n\nSee [this]({filename}missing.md).\n"
    )
    fresh_pelican_log_filter()
    status, messages = safe_build(
        "pelicanconf.py",
        tmp_path / "out",
        strict=False,
        search=False,
        overrides={"PATH": str(work), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False},
    )
    assert status == 0, messages
    assert messages.count("missing.md") == 1, messages
    assert "with 1 problem(s)" in messages


# A bulletin the rulebook names (a field no bulletin has) that also links to
# a file that is not there (named while its page and feeds are written).
NAMED_BY_THE_RULES = {
    "bulletins/2012-02-02-slips.md": (
        "Title: Slips\nDate: 2012-02-02\nCategory: Bulletins\nVenue_hall: upstairs\n\n"
        "See [this]({filename}missing.md).\n"
    ),
    "pages/contact-us.md": "Title: Contact us\nSave_as: index.html\n\nWrite to us.\n",
}


def said(messages: str) -> list[str]:
    """What a build printed, but the line with how long it took."""
    return [line for line in messages.splitlines() if not line.startswith("Done: Processed")]


def build_saying(tmp_path, name, options, monkeypatch) -> tuple[int, list[str]]:
    """The varied site with NAMED_BY_THE_RULES, built as `make html`: its
    exit status and what it printed."""
    work = tmp_path / "content"
    if not work.exists():
        write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site(), **NAMED_BY_THE_RULES})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    overrides = {"PATH": str(work), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "FAST_BUILD": options}
    fresh_pelican_log_filter()
    status, messages = safe_build(
        "pelicanconf.py", tmp_path / name / "out", strict=False, search=False, overrides=overrides
    )
    return status, said(messages)


@pytest.mark.parametrize("parallel_write", [True, False], ids=["pages rendered by workers", "pages rendered as noted"])
def test_the_rules_applied_beside_the_writing_print_the_same_lines_in_the_same_order(
    tmp_path, monkeypatch, parallel_write
):
    """rules_beside applies the rulebook's rules in another process while
    the pages are written: the secretary sees the same lines in the same
    order as when the rules ran first, before a warning found while
    writing (a link to a missing file)."""
    options = {**dict.fromkeys(OPTIMISATIONS, True), "parallel_write": parallel_write}
    first = build_saying(tmp_path, "first", {**options, "rules_beside": False}, monkeypatch)
    status, lines = build_saying(tmp_path, "beside", {**options, "rules_beside": True}, monkeypatch)
    assert (status, lines) == first
    assert status == 0
    rule = next(n for n, line in enumerate(lines) if "Venue_hall" in line)
    link = next(n for n, line in enumerate(lines) if "missing.md" in line)
    assert rule < link, lines


def test_the_rules_beside_the_writing_run_in_another_process(tmp_path, monkeypatch):
    """A rule added for the test says which process applied it: another
    one, or this one when no process can be forked."""
    import os

    from rulebook import book

    def where(item, settings):
        if item.source.rel == "pages/contact-us.md":
            yield item.problem("Body", f"applied in process {os.getpid()}")

    def applied_in(name: str, beside: bool, **more) -> int:
        _, lines = build_saying(tmp_path, name, {**options, "rules_beside": beside, **more}, monkeypatch)
        (line,) = [line for line in lines if "applied in process" in line]
        return int(line.rsplit(" ", 1)[1])

    monkeypatch.setattr(book, "RULES", [*book.RULES, where])
    options = dict.fromkeys(OPTIMISATIONS, True)
    assert applied_in("first", beside=False) == os.getpid()
    assert applied_in("beside", beside=True) != os.getpid()

    def no_process():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_process)  # then the rules are applied here, as the rulebook would
    assert applied_in("no-fork", beside=True, parallel_read=False, parallel_write=False) == os.getpid()


def test_when_the_writer_stops_the_rules_lines_still_come_first(tmp_path, monkeypatch):
    """Two pages for one address stop the build while it writes: the rules'
    lines are printed before the error, as when they ran first, and their
    process is not left behind."""
    from pelican.plugins.sitemap import sitemap
    from pelican.writers import FileOverwriteFailedError, Writer

    from fastbuild import beside

    # The sitemap plugin keeps the first build it sees until that build
    # ends: a build that stops would leave the next builds in this process
    # without a sitemap. Its state is put back after the test.
    monkeypatch.setattr(sitemap.generator, "_main_pelican", None)
    monkeypatch.setattr(sitemap.generator, "page_queue", [])
    pelicans = Writer.write_file

    def clash(self, name, *args, **kwargs):
        if name.endswith("about.html"):
            raise FileOverwriteFailedError(f'Failed to overwrite "{name}"')
        return pelicans(self, name, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", clash)
    options = {**dict.fromkeys(OPTIMISATIONS, True)}
    first = build_saying(tmp_path, "first", {**options, "rules_beside": False}, monkeypatch)
    status, lines = build_saying(tmp_path, "beside", {**options, "rules_beside": True}, monkeypatch)
    assert (status, lines) == first
    assert status == 1
    assert lines[-1].startswith("error: two files would be written to the same web address")
    assert any("Venue_hall" in line for line in lines[:-1])
    assert beside._running is None  # noqa: SLF001 - the module's own record of a process still running


def test_the_bookkeeping_of_a_page_written_later_is_pelicans(tmp_path):
    """A page rendered by a worker (parallel_write) is booked as Pelican's
    writer books a file (compat.private.note_output), without the file being
    made then: each write of a sequence of pages, some saved over others,
    has the same outcome as through Pelican's own opening of the file."""
    import os

    from pelican.writers import FileOverwriteFailedError, Writer

    from compat.private import note_output, open_output

    steps = [
        ("a", False),
        ("b", True),
        ("a", True),
        ("b", False),
        ("c", False),
        ("c", False),
        ("b", True),
        ("a", False),
    ]

    def outcomes(book) -> list[str]:
        writer = Writer(str(tmp_path), settings={})
        said = []
        for name, override in steps:
            try:
                said.append(Path(book(writer, str(tmp_path / f"{name}.html"), override)).name)
            except FileOverwriteFailedError as error:
                said.append(str(error).replace(str(tmp_path), "..."))
        return said

    def pelicans(writer, path, override):
        with open_output(writer, path, "utf-8", override) as handle:
            return handle.name

    expected = outcomes(pelicans)
    assert expected[:4] == ["a.html", "b.html", "a.html", Path(os.devnull).name]
    assert any("Failed to overwrite" in outcome for outcome in expected)
    assert outcomes(note_output) == expected


def test_switching_a_speed_up_keeps_the_remembered_pages(content, tmp_path, monkeypatch):
    """No speed-up changes a byte, so which are on is not part of a page's
    key: a preview with parallel writing switched off still reuses pages."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    out = tmp_path / "out"

    options = dict.fromkeys(OPTIMISATIONS, True)
    preview_build(content, out, tmp_path / "cache", FAST_BUILD=options)
    page = next(out.glob("20*/*/bulletin-69.html"))
    before = page.stat().st_ino
    slower = {**options, "parallel_write": False, "parallel_read": False}
    preview_build(content, out, tmp_path / "cache", FAST_BUILD=slower)
    assert page.stat().st_ino == before


def test_a_warm_rebuild_reuses_typogrified_bulletins_and_sees_an_edit(content, tmp_path, monkeypatch):
    """The preview loop: with the content cache on, unchanged bulletins are
    neither converted nor typogrified again, and an edited one is."""
    from fastbuild import reader as reader_module

    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    options = dict.fromkeys(OPTIMISATIONS, True)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")

    def warm_build(out):
        preview_build(work, out, tmp_path / "cache", FAST_BUILD=options)
        return tree_hashes(out)

    first = warm_build(tmp_path / "out1")
    calls = []
    original = reader_module.typogrify_text
    monkeypatch.setattr(reader_module, "typogrify_text", lambda text, s: calls.append(text) or original(text, s))
    edited = next((work / "bulletins").glob("*bulletin-1.md"))
    edited.write_text(edited.read_text() + "\nOne more sentence.\n")
    second = warm_build(tmp_path / "out2")
    bodies = [text for text in calls if "One more sentence" in text]
    assert len(bodies) == 1
    # Only the edited bulletin's body, title and summary (and the term files,
    # which the plugin reads without the cache) were typogrified again.
    assert len(calls) < 20
    changed = {path for path in first if first[path] != second.get(path)}
    assert any(path.endswith("bulletin-1.html") for path in changed)


def test_unknown_option_is_a_clear_configuration_error(content, tmp_path):
    from pelican import Pelican
    from sitekit import settings_for

    with pytest.raises(FastBuildConfigError, match="unknown option"):
        Pelican(settings_for(content, tmp_path / "out", FAST_BUILD={"warp_speed": True}))


def test_a_file_that_is_not_utf8_is_skipped_with_its_name_while_the_rest_build(tmp_path, monkeypatch):
    """Parallel reading must not turn one unreadable bulletin into a failed
    build: Pelican reports that file, as without the speed-up."""
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    (work / "bulletins/2020-02-02-latin1.md").write_bytes(
        "Title: Caf\xe9\nDate: 2020-02-02\n\nCaf\xe9.\n".encode("latin-1")
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    options = dict.fromkeys(OPTIMISATIONS, True)
    overrides = {"PATH": str(work), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "FAST_BUILD": options}
    status, messages = safe_build("pelicanconf.py", tmp_path / "out", strict=False, search=False, overrides=overrides)
    assert status == 0, messages
    assert "2020-02-02-latin1.md" in messages
    built = list((tmp_path / "out").glob("20*/*/bulletin-*.html"))
    assert len(built) == 79  # every bulletin but the draft


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


# Each step edits the site as the secretary might; the preview rebuild that
# follows must equal, byte for byte, a build of the same files from nothing.
EDITS = {
    "a sentence added at the end of a bulletin": lambda c: _replace(
        next((c / "bulletins").glob("*-bulletin-1.md")), "the figures.", "the figures. One more sentence."
    ),
    "a bulletin's Summary line": lambda c: _replace(
        next((c / "bulletins").glob("*-bulletin-2.md")), "Summary of *bulletin* 2", "A new summary of bulletin 2"
    ),
    "the first words of a bulletin without a Summary": lambda c: _replace(
        next((c / "bulletins").glob("*-bulletin-10.md")), "Members said", "Most members said"
    ),
    "a title": lambda c: _replace(next((c / "bulletins").glob("*-bulletin-3.md")), "Bulletin 3:", "Bulletin three:"),
    "a date": lambda c: _replace(
        next((c / "bulletins").glob("*-bulletin-4.md")), "Date: 2014-05-05", "Date: 2019-12-30"
    ),
    "a bulletin's care groups": lambda c: _replace(
        next((c / "bulletins").glob("*-bulletin-6.md")), "Care_groups: Older Adults", "Care_groups: Mental Health"
    ),
    "a champion's role": lambda c: _replace(c / "champions/tom-mahoney.md", "Role: Champion", "Role: Lead champion"),
    "a care group's description": lambda c: _replace(
        c / "care-groups/back-office.md", "Support services.", "Support services and finance."
    ),
    "a new bulletin": lambda c: (c / "bulletins/2021-06-01-new.md").write_text(
        "Title: New bulletin\nDate: 2021-06-01\nCategory: Bulletins\nCare_groups: Back office\n\nNews.\n"
    ),
    "a bulletin removed": lambda c: next((c / "bulletins").glob("*-bulletin-8.md")).unlink(),
    "a page": lambda c: _replace(c / "pages/about.md", "About the branch", "All about the branch"),
    # Returns settings for the builds from then on.
    "the site's name in the settings": lambda c: {"SITENAME": "Our branch"},
}


def test_a_preview_rebuild_renders_only_what_an_edit_changed_and_matches_a_fresh_build(tmp_path, monkeypatch):
    """reuse_output: after each kind of edit, the preview rebuild (content
    cache and the last build's pages at hand) is identical to a build from
    nothing, and pages the edit cannot touch are the same files as before
    (hard links to the last good site, not rendered again)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    (work / "bulletins/2012-02-02-broken-link.md").write_text(
        "Title: Broken link\nDate: 2012-02-02\nCategory: Bulletins\n\nSee [this]({filename}missing.md).\n"
    )
    options = dict.fromkeys(OPTIMISATIONS, True)
    preview = tmp_path / "output"
    settings = {"FEED_MAX_ITEMS": None}  # every bulletin in its feeds, the edited one too

    def run(out, *, warm):
        cache = tmp_path / ("cache" if warm else "cold-cache")
        return preview_build(work, out, cache, warm=warm, FAST_BUILD=options, **settings)

    run(preview, warm=True)
    untouched = next(preview.glob("20*/*/bulletin-69.html"))
    # Bulletin 1 is about Mental Health, championed by Tom Mahoney.
    untouched_feed = preview / "feeds/care-groups/older-adults.atom.xml"
    touched_feed = preview / "feeds/care-groups/mental-health.atom.xml"
    for step, (name, edit) in enumerate(EDITS.items()):
        before = untouched.stat().st_ino
        feeds_before = untouched_feed.stat().st_ino, touched_feed.stat().st_ino
        changed = edit(work)
        if isinstance(changed, dict):
            settings.update(changed)
        messages = run(preview, warm=True)
        fresh = tmp_path / f"fresh-{step}"
        run(fresh, warm=False)
        warm_files, fresh_files = tree_hashes(preview), tree_hashes(fresh)
        assert sorted(warm_files) == sorted(fresh_files), name
        assert [path for path in fresh_files if warm_files[path] != fresh_files[path]] == [], name
        # The broken link is reported on every build, not only the first.
        assert "missing.md" in messages, name
        if name in ("a sentence added at the end of a bulletin", "a bulletin's Summary line"):
            assert untouched.stat().st_ino == before, f"{name}: an unrelated page was rendered again"
        if step == 0:
            assert untouched_feed.stat().st_ino == feeds_before[0], "an unrelated feed was written again"
            assert touched_feed.stat().st_ino != feeds_before[1], "the edited bulletin's feed was not written"


def test_make_html_after_an_edit_reuses_the_pages_it_did_not_change(project):
    """The real loop: each `make html` is a new process. After one edit, the
    edited bulletin's page is written anew and an unrelated page is the very
    file of the last build (its key does not depend on the process)."""
    from sitekit import make

    assert make(project, "html", "SOURCE_DATE_EPOCH=1795435200").returncode == 0
    output = project / "output"
    edited = output / "2008/04/individualised-budgets-in-barnet.html"
    untouched = output / "pages/about.html"
    before = {path: path.stat().st_ino for path in (edited, untouched)}
    bulletin = project / "content/bulletins/2008-04-21-individualised-budgets-in-barnet.md"
    bulletin.write_text(bulletin.read_text() + "\nOne more sentence for members.\n")
    result = make(project, "html", "SOURCE_DATE_EPOCH=1795435200")
    assert result.returncode == 0, result.stdout
    assert "One more sentence" in edited.read_text()
    assert edited.stat().st_ino != before[edited]
    assert untouched.stat().st_ino == before[untouched]


@pytest.mark.parametrize("options", [None, dict.fromkeys(OPTIMISATIONS, True)], ids=["without fastbuild", "all"])
def test_a_link_in_a_summary_works_on_every_page_that_shows_it(tmp_path, options, monkeypatch):
    """Pelican gives a year's or month's archive page a copy of its context,
    so a bulletin's summary there linked relative to whichever page was
    written before (in the preview, where links are relative). Every page
    showing the summary must lead to the bulletin linked (compat/writer.py),
    whether fastbuild is there or not; every feed's summary holds the link
    as the feed's full text does."""
    files = {
        "bulletins/2011-02-01-earlier.md": "Title: Earlier\nDate: 2011-02-01\nCategory: Bulletins\n\nBefore.\n",
        "bulletins/2020-11-11-later.md": (
            "Title: Later\nDate: 2020-11-11\nCategory: Bulletins\nTags: pay\nCare_groups: Older Adults\n\n"
            "See [the earlier one]({filename}2011-02-01-earlier.md).\n"
        ),
    }
    for n in range(12):
        files[f"bulletins/2019-{n + 1:02d}-03-other-{n}.md"] = f"Title: Other {n}\nDate: 2019-{n + 1:02d}-03\n\nText.\n"
    content = tmp_path / "content"
    write_files(content, {**GROUPS_AND_CHAMPIONS, **files})
    out = tmp_path / "out"
    build_with(content, out, options, monkeypatch)
    earlier = "2011/02/earlier.html"
    shown = 0
    for page in sorted(out.rglob("*.html")):
        name = page.relative_to(out).as_posix()
        for link in parse(page).find_all("a", string="the earlier one"):
            # From a site in a folder of its own, as on GitHub Pages: one ".." too many leaves it.
            assert urljoin(f"https://example.org/blog/{name}", link["href"]) == f"https://example.org/blog/{earlier}"
            shown += 1
    assert shown >= 6  # the bulletin, home, month, year, category, tag, care group...
    atom = "{http://www.w3.org/2005/Atom}"
    entries = [
        entry
        for feed in sorted(out.glob("feeds/**/*.xml"))
        for entry in ElementTree.parse(feed).getroot().iter(f"{atom}entry")
        if entry.findtext(f"{atom}title") == "Later"
    ]
    assert entries  # its care group's feed
    for entry in entries:
        # The summary is the whole text here: a feed leaves it out, unless its links differ.
        assert entry.findtext(f"{atom}summary") is None
        assert "2011/02/earlier.html" in entry.findtext(f"{atom}content")


def test_a_page_that_takes_over_a_list_page_wins_on_every_rebuild(tmp_path, monkeypatch):
    """A page saved as the home page (by the settings: a content file cannot
    choose its address) is the home page on every preview build, kept pages
    and pages rendered in parallel alike, and the last good site's file is
    never written through."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    (work / "pages/home.md").write_text("Title: Welcome\n\nWelcome to the branch.\n")
    home = {"pages/home.md": {"save_as": "index.html", "url": ""}}
    output, kept = tmp_path / "output", tmp_path / "kept-home.html"
    for build in range(3):
        preview_build(
            work, output, tmp_path / "cache", FAST_BUILD=dict.fromkeys(OPTIMISATIONS, True), EXTRA_PATH_METADATA=home
        )
        assert text_of(parse(output / "index.html").find("h1")) == "Welcome", f"build {build + 1}"
        if kept.exists():
            assert text_of(parse(kept).find("h1")) == "Welcome", f"build {build + 1} wrote into the last good site"
            kept.unlink()
        kept.hardlink_to(output / "index.html")


def test_a_build_without_fastbuild_after_one_with_it_gets_none_of_its_speed_ups(content, tmp_path, monkeypatch):
    """Pelican keeps a plugin's receivers connected for the life of the
    process; a later build there without fastbuild in PLUGINS (the
    preview's builder, a test) must not run them."""
    cache = tmp_path / "cache"
    preview_build(content, tmp_path / "with", cache, FAST_BUILD=dict.fromkeys(OPTIMISATIONS, True))
    assert (cache / MEMO_FILE).exists()
    (cache / MEMO_FILE).unlink()
    preview_build(content, tmp_path / "without", cache, PLUGINS=without_fastbuild("pelicanconf.py"))
    assert not (cache / MEMO_FILE).exists()
