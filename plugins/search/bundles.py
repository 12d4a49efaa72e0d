"""Pagefind's search index, in bundles of at most SEARCH_BUNDLE_PAGES pages.

Pagefind holds all it indexes in memory, about 0.15 MiB a page here: 310 MiB
for 2,000 bulletins, nearly four times what plain Pelican needs to build
them, and it grows with every bulletin. So the indexable pages (those that
match SEARCH_INDEX_GLOB and carry data-pagefind-body) are indexed in
bundles of whole consecutive years, oldest first, each of at most
SEARCH_BUNDLE_PAGES pages (one year larger than that is a bundle of its
own). The newest years and the pages that belong to no year (pages,
drafts) make the main bundle in pagefind/, the one search.js loads; each
older bundle is pagefind/archive/<first year>-<last year>/, merged into
searches with Pagefind's own mergeIndex, as pagefind/bundles.json lists.

Readers pay for it on their first search only: each extra bundle brings its
entry and metadata files and the index chunks of the words searched (a few
KB); the search page runs Pagefind without its web worker, so that all the
bundles share one copy of its WebAssembly (measured: docs/PERFORMANCE.md).

A bundle made from the very same pages as in the last build (same paths,
same bytes) is carried over from the last good site by hard links instead of
being indexed again, so an edit re-indexes one bundle. A memo beside
Pelican's content cache records which pages each bundle was made from and
the signature of the bundle's entry file, so a bundle that was since replaced
(a publish build into the same folder) is never taken for another.

Pagefind's ready-made interfaces (pagefind-ui.js and its kin) are removed:
the theme uses Pagefind's JavaScript API only (theme/static/js/search.js)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .stable import make_stable

MAIN = "pagefind"
ARCHIVE = "archive"
LIST_FILE = "bundles.json"
MEMO_FILE = "search-bundles.json"
MARKER = b"data-pagefind-body"
INDEXERS = 2
YEAR = re.compile(r"^(\d{4})/")
# Bump when what a bundle holds changes for the same pages (our rewriting
# in stable.py, the files removed below).
FORMAT = "1"
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass
class Bundle:
    folder: str  # relative to the site: "pagefind" or "pagefind/archive/2005-2009"
    pages: list[str]  # relative to the site, sorted
    digest: str = ""


def indexable_pages(site: Path, globs: list[str] | None) -> dict[str, str]:
    """Each page to index (it matches one of `globs` and carries
    data-pagefind-body), with the SHA-256 of its bytes."""
    pages = {}
    for pattern in globs or ["**/*.html"]:
        for path in site.glob(pattern):
            name = path.relative_to(site).as_posix()
            if name in pages or name.startswith(f"{MAIN}/") or not path.is_file():
                continue
            data = path.read_bytes()
            if MARKER in data:
                pages[name] = hashlib.sha256(data).hexdigest()
    return pages


def group_pages(pages: list[str], limit: int) -> list[Bundle]:
    """Whole years, oldest first, packed into bundles of at most `limit`
    pages; the last (newest) group and the pages of no year are the main
    bundle, listed first. Adding bulletins changes the newest bundle only."""
    by_year: dict[str, list[str]] = defaultdict(list)
    other = []
    for name in sorted(pages):
        match = YEAR.match(name)
        (by_year[match[1]] if match else other).append(name)
    groups: list[list[str]] = []
    for year in sorted(by_year):
        if not groups or len(groups[-1]) + len(by_year[year]) > limit > 0:
            groups.append([])
        groups[-1].extend(by_year[year])
    newest = groups.pop() if groups else []
    bundles = [Bundle(MAIN, sorted(newest + other))]
    for group in groups:
        first, last = YEAR.match(group[0])[1], YEAR.match(group[-1])[1]
        years = first if first == last else f"{first}-{last}"
        bundles.append(Bundle(f"{MAIN}/{ARCHIVE}/{years}", group))
    return bundles


def pagefind_version() -> str:
    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "unknown"


def pagefind_command() -> list[str]:
    """The Pagefind binary itself, without the Python wrapper's start-up."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]


def bundle_files(folder: Path) -> list[Path]:
    """A bundle's own files: the main bundle's folder also holds the archive
    bundles and the list of them, which are not part of it."""
    found = []
    for root, dirs, files in os.walk(folder):
        top = Path(root) == folder
        if top:
            dirs[:] = [d for d in dirs if d != ARCHIVE]
        found.extend(Path(root) / name for name in files if not (top and name == LIST_FILE))
    return found


class Memo:
    """Which pages made each bundle of the last good site, as a digest."""

    def __init__(self, path: Path | None, previous: Path | None):
        self.path = path
        self.previous = previous
        self.old: dict = {}
        if path is not None and previous is not None:
            try:
                self.old = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.new: dict = {}

    def reusable(self, bundle: Bundle) -> Path | None:
        entry = self.old.get(bundle.folder)
        if self.previous is None or not isinstance(entry, dict) or entry.get("digest") != bundle.digest:
            return None
        folder = self.previous / bundle.folder
        signature = file_signature(folder / "pagefind-entry.json")
        if signature is None or list(signature) != entry.get("entry"):
            return None
        return folder

    def remember(self, bundle: Bundle, site: Path) -> None:
        signature = file_signature(site / bundle.folder / "pagefind-entry.json")
        self.new[bundle.folder] = {"digest": bundle.digest, "entry": list(signature) if signature else None}

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.new, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(self.path)


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Which file this is (inode, size, modification time), or None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def link_tree(files: list[Path], source: Path, target: Path) -> None:
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, destination)


def run_pagefind(site: Path, bundle: Bundle, workspace: Path) -> None:
    """Index exactly the bundle's pages: hard links to them in a folder of
    their own, at the same paths, so Pagefind gives them the same URLs."""
    pages_root = workspace / "pages"
    shutil.rmtree(pages_root, ignore_errors=True)
    link_tree([site / name for name in bundle.pages], site, pages_root)
    result = subprocess.run(
        [*pagefind_command(), "--site", str(pages_root), "--output-path", str(site / bundle.folder), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    shutil.rmtree(pages_root, ignore_errors=True)
    if result.returncode != 0:
        raise SearchIndexError((result.stderr or result.stdout).strip() or f"Pagefind stopped ({result.returncode})")
    make_stable(site / bundle.folder)
    for name in UNUSED:
        (site / bundle.folder / name).unlink(missing_ok=True)


def index_site(
    site: Path,
    globs: list[str] | None,
    limit: int,
    *,
    memo_path: Path | None = None,
    previous: Path | None = None,
) -> dict[str, int]:
    """Index the built site in `site` (see the module's docstring). With
    `previous` (the last good site) and `memo_path`, bundles whose pages are
    unchanged are carried over. Returns how many bundles were indexed and
    how many carried over."""
    pages = indexable_pages(site, globs)
    bundles = group_pages(list(pages), limit)
    memo = Memo(memo_path, previous)
    workspace = site.parent / f".{site.name}-search"
    counts = {"indexed": 0, "reused": 0}
    indexer = f"{FORMAT} {pagefind_version()}"
    todo = []
    for bundle in bundles:
        if not bundle.pages:
            # A site with nothing to index yet: Pagefind would refuse;
            # the search page then says search is unavailable.
            continue
        description = "\n".join(f"{name} {pages[name]}" for name in bundle.pages)
        bundle.digest = hashlib.sha256(f"{indexer} {bundle.folder}\n{description}".encode()).hexdigest()
        old = memo.reusable(bundle)
        if old is not None:
            link_tree(bundle_files(old), old, site / bundle.folder)
            counts["reused"] += 1
        else:
            todo.append(bundle)
    try:
        # Two Pagefind runs at a time: one run keeps about one and a half
        # cores busy, and the bundles are apart (each its own folder; the
        # main bundle's run leaves the archive folders inside it alone).
        with ThreadPoolExecutor(max_workers=INDEXERS) as pool:
            work = [pool.submit(run_pagefind, site, b, workspace / str(n)) for n, b in enumerate(todo)]
            for done in work:
                done.result()
    finally:
        shutil.rmtree(workspace, ignore_errors=True)
    counts["indexed"] = len(todo)
    for bundle in bundles:
        if bundle.pages:
            memo.remember(bundle, site)
    merged = [f"{Path(b.folder).relative_to(MAIN).as_posix()}/" for b in bundles[1:]]
    (site / MAIN).mkdir(parents=True, exist_ok=True)
    (site / MAIN / LIST_FILE).write_text(json.dumps({"merge": merged}, separators=(",", ":")), encoding="utf-8")
    memo.save()
    return counts
