"""Signal receivers of the search plugin: every build gets Pagefind's search
index, in bundles (bundles.py), the same bytes every time (stable.py),
however it is started: make html, make publish, make regenerate, plain
`pelican`. register() only connects module-level receivers; nothing is
kept between builds.

- initialized: the settings' defaults, checked; and the finalized receiver
  moved after every other plugin's, since a plugin may still write pages
  in its own (fastbuild renders pages there).
- finalized: index the site in OUTPUT_PATH.

Settings (pelicanconf.py):

- SEARCH_INDEX: False builds without the index (`secretary build --no-search`).
- SEARCH_INDEX_GLOB: the pages to index, a list of globs inside the site.
- SEARCH_BUNDLE_PAGES: at most this many pages a bundle; 0, one bundle.
- SEARCH_REUSE_BUNDLES: carry over, from the last good site, the bundles
  whose pages did not change (previews; needs the content cache on).
- SEARCH_PREVIOUS_OUTPUT: the last good site, when the build writes
  elsewhere (secretary/build.py builds into a fresh folder and swaps it
  in); otherwise the index already in OUTPUT_PATH is the last good one.

index_folder() indexes a site folder at once: the preview calls it after
rendering a few pages without a build."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from pelican import signals

from .bundles import MAIN, MEMO_FILE, SearchIndexError, index_site
from .stable import IndexFormatError

DEFAULTS = {
    "SEARCH_INDEX": True,
    "SEARCH_INDEX_GLOB": ["**/*.html"],
    "SEARCH_BUNDLE_PAGES": 0,
    "SEARCH_REUSE_BUNDLES": False,
    "SEARCH_PREVIOUS_OUTPUT": None,
}


class SearchConfigError(Exception):
    """A search setting the plugin cannot work with."""


class SearchBuildError(Exception):
    """The search index could not be made; the message says why in plain words."""


def index_folder(site: Path, settings: dict, previous: Path | None = None) -> dict[str, int]:
    """Index the built site in `site` now. With SEARCH_REUSE_BUNDLES (and
    the content cache), the bundles whose pages are unchanged are carried
    over from `previous`, the last good site. Returns how many bundles were
    indexed and how many carried over."""
    reuse = bool(settings.get("SEARCH_REUSE_BUNDLES"))
    memo = Path(settings.get("CACHE_PATH", "cache")) / MEMO_FILE
    try:
        return index_site(
            site,
            settings.get("SEARCH_INDEX_GLOB"),
            int(settings.get("SEARCH_BUNDLE_PAGES") or 0),
            memo_path=memo if reuse and settings.get("CACHE_CONTENT") else None,
            previous=previous if reuse and settings.get("LOAD_CONTENT_CACHE") else None,
        )
    except SearchIndexError as error:
        raise SearchBuildError(f"the search index could not be built: {error}") from None
    except (OSError, ValueError, IndexFormatError) as error:
        raise SearchBuildError(f"the search index could not be made reproducible: {error}") from None


def initialize(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, list(value) if isinstance(value, list) else value)
    globs = settings["SEARCH_INDEX_GLOB"]
    if isinstance(globs, str) or not all(isinstance(glob, str) for glob in globs or []):
        raise SearchConfigError(
            f"SEARCH_INDEX_GLOB must be a list of globs, one for each kind of page to index, "
            f'such as ["pages/*.html", "drafts/*.html"]; it is {globs!r}'
        )
    # Receivers run in the order they were connected (Pelican's signals):
    # last, so that every page is written before it is indexed.
    signals.finalized.disconnect(index_built_site)
    signals.finalized.connect(index_built_site)


def index_built_site(pelican):
    settings = pelican.settings
    if not settings.get("SEARCH_INDEX"):
        return
    site = Path(pelican.output_path).resolve()
    previous = settings.get("SEARCH_PREVIOUS_OUTPUT")
    previous = Path(previous).resolve() if previous else site
    # An index already in OUTPUT_PATH (plain `pelican` and make regenerate
    # build in place) is moved aside, so that none of its files outlives
    # this build; then it is the last good one, to carry bundles over from.
    aside = None
    if (site / MAIN).is_dir():
        aside = Path(tempfile.mkdtemp(prefix=f".{site.name}-search-old-", dir=site.parent))
        (site / MAIN).rename(aside / MAIN)
    try:
        index_folder(site, settings, aside if previous == site else previous)
    finally:
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)


def register():
    signals.initialized.connect(initialize)
    signals.finalized.connect(index_built_site)
