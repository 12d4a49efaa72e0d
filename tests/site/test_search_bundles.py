"""The search plugin (plugins/search): every build, plain Pelican's too,
gets the index, in bundles of whole years (bundles.py): every indexable
page is in exactly one bundle, no bundle is larger than SEARCH_BUNDLE_PAGES,
and with SEARCH_REUSE_BUNDLES a preview rebuild after an edit indexes only
the bundle the edit touched, ending with the very bytes a build from nothing
gives. Searching across bundles in Chromium is in test_browser.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from corpus import varied_site
from pelican import Pelican
from sitekit import (
    BUILD_EPOCH,
    GROUPS_AND_CHAMPIONS,
    bulletin,
    fresh_pelican_log_filter,
    preview_build,
    safe_build,
    settings_for,
    tree_hashes,
    write_files,
)

from search.bundles import MAIN, group_pages
from search.stable import read_record

LIMIT = 20


@pytest.fixture
def content(tmp_path):
    """The varied site: enough years for several bundles of LIMIT pages."""
    root = tmp_path / "content"
    write_files(root, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    return root


@pytest.fixture(scope="module")
def fresh_index(tmp_path_factory) -> dict[str, str]:
    """The varied site as written, built from nothing with its search index
    (two Pagefind runs at once, as INDEXERS says), once for the module: its
    index's files and their hashes, which every build of that content must
    end with."""
    from search import bundles as searchbundles

    assert searchbundles.INDEXERS == 2
    folder = tmp_path_factory.mktemp("fresh-index")
    root = folder / "content"
    write_files(root, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        preview_build(root, folder / "output", folder / "cache", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT)
    return tree_hashes(folder / "output" / MAIN)


def test_years_are_packed_oldest_first_and_the_newest_join_the_pages():
    pages = [
        f"{year}/01/b{n}.html" for year, count in ((2005, 8), (2006, 8), (2007, 8), (2008, 3)) for n in range(count)
    ]
    bundles = group_pages([*pages, "pages/about.html", "drafts/d.html"], 16)
    assert [b.folder for b in bundles] == ["pagefind", "pagefind/archive/2005-2006"]
    assert len(bundles[1].pages) == 16
    assert bundles[0].pages == sorted([*pages[16:], "pages/about.html", "drafts/d.html"])
    # More bulletins this year change the newest bundle only.
    more = group_pages([*pages, "2008/02/new.html", "pages/about.html"], 16)
    assert more[1] == bundles[1]


def test_a_year_larger_than_a_bundle_is_a_bundle_of_its_own_and_0_means_one_bundle():
    pages = [f"2010/01/b{n}.html" for n in range(30)] + [f"2011/01/b{n}.html" for n in range(5)]
    assert [(b.folder, len(b.pages)) for b in group_pages(pages, 10)] == [
        ("pagefind", 5),
        ("pagefind/archive/2010", 30),
    ]
    assert [(b.folder, len(b.pages)) for b in group_pages(pages, 0)] == [("pagefind", 35)]


def bundle_pages(site) -> dict[str, int]:
    """Each bundle the search page merges, with the number of pages in it."""
    merged = json.loads((site / MAIN / "bundles.json").read_text(encoding="utf-8"))["merge"]
    counts = {}
    for folder in [site / MAIN] + [site / MAIN / path for path in merged]:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        counts[folder.relative_to(site).as_posix()] = sum(
            len(read_record(folder / f"pagefind.{language['hash']}.pf_meta")[1])
            for language in entry["languages"].values()
        )
    return counts


def indexable(site) -> set[str]:
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if MAIN not in p.parts and b"data-pagefind-body" in p.read_bytes()
    }


def inodes(site) -> dict[str, int]:
    """Each file of the index with its inode: a bundle carried over from the
    last good site is the same files (hard links), one indexed anew is not."""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in (site / MAIN).rglob("*") if p.is_file()}


@pytest.mark.parametrize("reuse", [True, False], ids=["reuse", "no reuse"])
def test_a_preview_rebuild_indexes_only_the_bundle_an_edit_touched(content, tmp_path, monkeypatch, reuse):
    """SEARCH_REUSE_BUNDLES carries every bundle but the edited one over
    from the last good site; without it every bundle is indexed anew. Both
    end with the bytes of a build from nothing."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)

    def run(out, *, warm):
        cache = tmp_path / ("cache" if warm else "cold-cache")
        preview_build(
            content, out, cache, warm=warm, search=True, SEARCH_BUNDLE_PAGES=LIMIT, SEARCH_REUSE_BUNDLES=reuse
        )

    preview = tmp_path / "output"
    run(preview, warm=True)
    counts = bundle_pages(preview)
    assert len(counts) > 2, counts
    assert sum(counts.values()) == len(indexable(preview))
    assert all(n <= LIMIT for folder, n in counts.items() if folder != MAIN), counts
    assert not (preview / MAIN / "pagefind-ui.js").exists()

    before = inodes(preview)
    edited = next(content.glob("bulletins/2012-*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nPensions ballot turnout was remarkable.\n")
    run(preview, warm=True)
    after = inodes(preview)
    year = {b.folder: {page[:4] for page in b.pages} for b in group_pages(sorted(indexable(preview)), LIMIT)}
    touched = next(folder for folder, years in year.items() if "2012" in years)
    assert touched != MAIN

    def owner(name: str) -> str:
        return max((folder for folder in counts if name.startswith(folder + "/")), key=len)

    changed = {name for name in after if after[name] != before.get(name)} - {f"{MAIN}/bundles.json"}
    if reuse:
        # Every other bundle is the very same files; the touched one was indexed again.
        assert {owner(name) for name in changed} == {touched}, changed
    else:
        assert changed == set(after) - {f"{MAIN}/bundles.json"}
    fresh = tmp_path / "fresh"
    run(fresh, warm=False)
    assert tree_hashes(preview / MAIN) == tree_hashes(fresh / MAIN)


def test_plain_pelican_indexes_the_site_as_make_regenerate_builds_it(content, fresh_index, tmp_path, monkeypatch):
    """The plugin indexes on Pelican's `finalized`: `pelican` itself (make
    regenerate, plain Pelican(settings).run()) gets the index `make html`
    gets. Built again in place, no file of the last index outlives the
    build, and unchanged bundles are carried over from it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site = tmp_path / "output"
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    Pelican(settings_for(content, site, SEARCH_BUNDLE_PAGES=LIMIT, **cache)).run()
    counts = bundle_pages(site)  # pagefind/bundles.json, and each bundle's pagefind-entry.json
    assert len(counts) > 2, counts
    assert sum(counts.values()) == len(indexable(site))
    assert tree_hashes(site / MAIN) == fresh_index  # what make html makes of it

    before = inodes(site)
    edited = next(content.glob("bulletins/2012-*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nPensions ballot turnout was remarkable.\n")
    fresh_pelican_log_filter()
    Pelican(settings_for(content, site, SEARCH_BUNDLE_PAGES=LIMIT, **cache)).run()
    assert set(inodes(site).items()) & set(before.items())
    fresh = tmp_path / "fresh"
    preview_build(content, fresh, tmp_path / "fresh-cache", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT)
    assert tree_hashes(site / MAIN) == tree_hashes(fresh / MAIN)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def one_bulletin(tmp_path) -> Path:
    """A content folder with the care groups, the champions and one bulletin."""
    content = tmp_path / "content"
    write_files(content, {**GROUPS_AND_CHAMPIONS, "bulletins/2020-06-01-a.md": bulletin("A", "2020-06-01")})
    return content


def test_no_search_builds_without_an_index(tmp_path):
    """`secretary build --no-search`, and SEARCH_INDEX = False for any build."""
    content = one_bulletin(tmp_path)
    status, messages = safe_build(
        "pelicanconf.py",
        tmp_path / "out",
        strict=False,
        search=False,
        overrides={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")},
    )
    assert status == 0, messages
    assert (tmp_path / "out" / "2020/06/a.html").is_file()
    assert not (tmp_path / "out" / MAIN).exists()
    Pelican(settings_for(content, tmp_path / "plain", SEARCH_INDEX=False)).run()
    assert (tmp_path / "plain" / "2020/06/a.html").is_file()
    assert not (tmp_path / "plain" / MAIN).exists()
    Pelican(settings_for(content, tmp_path / "indexed")).run()
    assert (tmp_path / "indexed" / MAIN / "pagefind-entry.json").is_file()


def test_a_pagefind_failure_stops_the_build_in_plain_words(tmp_path, monkeypatch):
    """The secretary reads Pagefind's own words after ours; the last good
    site stays as it was."""
    from search import bundles

    content = one_bulletin(tmp_path)
    out = tmp_path / "out"
    # Not carried over from the last good site: Pagefind runs.
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), "SEARCH_REUSE_BUNDLES": False}
    assert safe_build("pelicanconf.py", out, strict=False, overrides=overrides)[0] == 0
    last_good = tree_hashes(out)
    failing = [sys.executable, "-c", "import sys; sys.exit('Error: no space left on the disk')"]
    monkeypatch.setattr(bundles, "pagefind_command", lambda: failing)
    fresh_pelican_log_filter()
    status, messages = safe_build("pelicanconf.py", out, strict=False, overrides=overrides)
    assert status == 1
    assert messages.splitlines()[-1] == "error: the search index could not be built: Error: no space left on the disk"
    assert tree_hashes(out) == last_good


def test_a_glob_that_is_not_a_list_is_refused_in_plain_words(tmp_path):
    content = one_bulletin(tmp_path)
    status, messages = safe_build(
        "pelicanconf.py",
        tmp_path / "out",
        strict=False,
        overrides={"PATH": str(content), "SEARCH_INDEX_GLOB": "{pages/*.html,drafts/*.html}"},
    )
    assert status == 1
    assert (
        "SEARCH_INDEX_GLOB must be a list of globs, one for each kind of page to index, such as "
        '["pages/*.html", "drafts/*.html"]'
    ) in messages
    assert "Traceback" not in messages


def test_a_bundle_replaced_since_the_memo_was_written_is_indexed_again(content, fresh_index, tmp_path, monkeypatch):
    """A build without the cache (make publish into the same folder) replaces
    the bundles but not the memo; the next preview build must not take the
    replaced bundle for the one the memo describes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    work = content
    edited = next(work.glob("bulletins/2012-*.md"))
    original = edited.read_text(encoding="utf-8")

    def run(out, *, cache):
        preview_build(work, out, tmp_path / "cache", warm=cache, search=True, SEARCH_BUNDLE_PAGES=LIMIT)

    output = tmp_path / "output"
    run(output, cache=True)
    edited.write_text(original + "\nA sentence only the uncached build saw.\n", encoding="utf-8")
    run(output, cache=False)
    edited.write_text(original, encoding="utf-8")
    run(output, cache=True)
    assert tree_hashes(output / MAIN) == fresh_index  # the content as it was: as built from nothing


def test_a_site_with_nothing_to_index_yet_still_builds(tmp_path):
    from search.bundles import index_site

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!DOCTYPE html><title>Home</title><p>No bulletins yet.</p>\n")
    assert index_site(site, None, LIMIT) == {"indexed": 0, "reused": 0}
    assert json.loads((site / MAIN / "bundles.json").read_text()) == {"merge": []}


def test_bundles_indexed_two_at_a_time_are_the_bytes_of_one_at_a_time(content, fresh_index, tmp_path, monkeypatch):
    """Two Pagefind runs at once (INDEXERS; fresh_index) write each bundle
    exactly as runs one after another do."""
    from search import bundles as searchbundles

    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    trees = {2: fresh_index}
    monkeypatch.setattr(searchbundles, "INDEXERS", 1)
    out = tmp_path / "out-1"
    preview_build(content, out, tmp_path / "cache-1", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT)
    trees[1] = tree_hashes(out / MAIN)
    assert len({name.split("/")[1] for name in trees[2] if name.startswith("archive/")}) > 2
    assert trees[1] == trees[2]
