"""The search index in bundles of whole years (plugins/search/bundles.py):
every indexable page is in exactly one bundle, no bundle is larger than
SEARCH_BUNDLE_PAGES, and a preview rebuild after an edit indexes only the
bundle the edit touched, ending with the very bytes a build from nothing
gives. Searching across bundles in Chromium is in test_browser.py."""

from __future__ import annotations

import json

import pytest
from corpus import varied_site
from sitekit import GROUPS_AND_CHAMPIONS, preview_build, tree_hashes, write_files

from search.bundles import MAIN, SearchIndexError, expand_braces, group_pages
from search.stable import read_record

LIMIT = 20


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


def test_the_index_glob_is_read_as_pagefind_reads_it():
    assert expand_braces("{[0-9][0-9][0-9][0-9]/*.html,pages/*.html}") == [
        "[0-9][0-9][0-9][0-9]/*.html",
        "pages/*.html",
    ]
    assert expand_braces("a/{b,{c,d}}/*.html") == ["a/b/*.html", "a/c/*.html", "a/d/*.html"]
    with pytest.raises(SearchIndexError, match="unclosed"):
        expand_braces("{a,b")


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


def test_a_preview_rebuild_indexes_only_the_bundle_an_edit_touched(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})

    def run(out, *, warm):
        cache = tmp_path / ("cache" if warm else "cold-cache")
        preview_build(work, out, cache, warm=warm, search=True, SEARCH_BUNDLE_PAGES=LIMIT)

    preview = tmp_path / "output"
    run(preview, warm=True)
    counts = bundle_pages(preview)
    assert len(counts) > 2, counts
    assert sum(counts.values()) == len(indexable(preview))
    assert all(n <= LIMIT for folder, n in counts.items() if folder != MAIN), counts
    assert not (preview / MAIN / "pagefind-ui.js").exists()

    def inodes():
        return {p.relative_to(preview).as_posix(): p.stat().st_ino for p in (preview / MAIN).rglob("*") if p.is_file()}

    before = inodes()
    edited = next(work.glob("bulletins/2012-*.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nPensions ballot turnout was remarkable.\n")
    run(preview, warm=True)
    after = inodes()
    year = {b.folder: {page[:4] for page in b.pages} for b in group_pages(sorted(indexable(preview)), LIMIT)}
    touched = next(folder for folder, years in year.items() if "2012" in years)
    assert touched != MAIN

    def owner(name: str) -> str:
        return max((folder for folder in counts if name.startswith(folder + "/")), key=len)

    # Every other bundle is the very same files; the touched one was indexed again.
    changed = {name for name in before if after.get(name) != before[name]} - {f"{MAIN}/bundles.json"}
    assert {owner(name) for name in changed} == {touched}, changed
    fresh = tmp_path / "fresh"
    run(fresh, warm=False)
    assert tree_hashes(preview / MAIN) == tree_hashes(fresh / MAIN)


def test_a_bundle_replaced_since_the_memo_was_written_is_indexed_again(tmp_path, monkeypatch):
    """A build without the cache (make publish into the same folder) replaces
    the bundles but not the memo; the next preview build must not take the
    replaced bundle for the one the memo describes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
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
    fresh = tmp_path / "fresh"
    run(fresh, cache=False)
    assert tree_hashes(output / MAIN) == tree_hashes(fresh / MAIN)


def test_a_site_with_nothing_to_index_yet_still_builds(tmp_path):
    from search.bundles import index_site

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!DOCTYPE html><title>Home</title><p>No bulletins yet.</p>\n")
    assert index_site(site, None, LIMIT) == {"indexed": 0, "reused": 0}
    assert json.loads((site / MAIN / "bundles.json").read_text()) == {"merge": []}


def test_bundles_indexed_two_at_a_time_are_the_bytes_of_one_at_a_time(tmp_path, monkeypatch):
    """Two Pagefind runs at once (INDEXERS) write each bundle exactly as
    runs one after another do."""
    from search import bundles as searchbundles

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795435200")
    work = tmp_path / "content"
    write_files(work, {**GROUPS_AND_CHAMPIONS, **varied_site()})
    trees = {}
    for indexers in (1, 2):
        monkeypatch.setattr(searchbundles, "INDEXERS", indexers)
        out = tmp_path / f"out-{indexers}"
        preview_build(work, out, tmp_path / f"cache-{indexers}", warm=False, search=True, SEARCH_BUNDLE_PAGES=LIMIT)
        trees[indexers] = tree_hashes(out / MAIN)
    assert len({name.split("/")[1] for name in trees[2] if name.startswith("archive/")}) > 2
    assert trees[1] == trees[2]
