"""Start a new bulletin: `make newpost TITLE="Branch meeting on care budgets"`.

Creates content/bulletins/YYYY-MM-DD-<slug>.md with every field filled or
ready to fill, marked `Status: draft` so that nothing is published by
accident, and prints its path with the care groups and champions a
bulletin can name. An existing file is never overwritten.

Its date is the build time (BUILD_TIME: SOURCE_DATE_EPOCH or the clock, in
the site's TIMEZONE), the moment `make check` and a build would take; the
names are read as the build reads them (`make check`'s reading)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from rulebook.slugs import bulletin_slug

from caregroups.model import Directory, plain_text
from caregroups.rules import is_former
from publishing import buildtime

from .checks.content import PLACEHOLDER, load_settings, pelican_slug, read_site

EXAMPLE = 'make newpost TITLE="Branch meeting on care budgets"'


def bulletin_text(title: str, now: datetime.datetime) -> str:
    return (
        f"Title: {title}\n"
        f"Date: {now:%Y-%m-%d %H:%M}\n"
        "Category: Bulletins\n"
        "Tags:\n"
        "Care_groups:\n"
        "Champions:\n"
        "Summary:\n"
        "Status: draft\n"
        "\n"
        f"{PLACEHOLDER}\n"
    )


def names_of(directory: Directory, gone: Callable[[Any], bool] = lambda item: False) -> tuple[list[str], list[str]]:
    """Names of the care groups or champions, as the build shows them:
    current ones first, then those `gone` says are former ones."""
    current, former = [], []
    for entry in directory.entries:
        (former if gone(entry.item) else current).append(" ".join(plain_text(entry.name).split()))
    return sorted(current, key=str.casefold), sorted(former, key=str.casefold)


def run(args, now: datetime.datetime | None = None) -> int:
    """`python -m secretary newpost`: a new draft bulletin named from its
    title. `now` gives the build time (BUILD_TIME) instead of the clock."""
    stream = args.stream
    title = " ".join((args.title or "").split())
    if not title:
        print(f"Give the bulletin a title, e.g. {EXAMPLE}", file=stream)
        return 1
    try:
        settings = load_settings(args.settings, args.content)
        if now is not None:
            settings[buildtime.SETTING] = now
        # Never "index" (the month's list), and short enough for any disk's file names.
        slug = bulletin_slug(pelican_slug(title, settings)[:80].rstrip("-_"))
        if not slug:
            print(f'The title "{title}" needs at least one letter or digit, e.g. {EXAMPLE}', file=stream)
            return 1
        site = read_site(settings)
        now = site.now
        folder = site.root / settings["ARTICLE_PATHS"][0]
        path = folder / f"{now:%Y-%m-%d}-{slug}.md"
        shown = f"{site.root.name}/{path.relative_to(site.root).as_posix()}"
        if path.exists():
            print(f"{shown} already exists: open it to carry on, or choose another title.", file=stream)
            return 1
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite
            file.write(bulletin_text(title, now))
    except Exception as error:
        if args.debug:
            raise
        print(f"error: the bulletin could not be created: {error}", file=stream)
        return 2
    groups, _ = names_of(site.terms.care_groups)
    champions, former = names_of(site.terms.champions, lambda champion: is_former(champion[1].until, site.today))
    lines = [
        f"Created {shown}",
        "It is a draft: it is not published until you remove the line `Status: draft`.",
        "",
        "Care_groups: name one or more, separated by commas:",
        "  " + (", ".join(groups) or "(none yet: see docs/WRITING.md to add one)"),
        "Champions: name one or more, separated by commas:",
        "  " + (", ".join(champions) or "(none yet: see docs/WRITING.md to add one)"),
    ]
    if former:
        lines.append("  Former champions (for older news): " + ", ".join(former))
    lines += [
        "",
        "Then: make devserver to preview it, make check to check it, make publish to publish.",
    ]
    print("\n".join(lines), file=stream)
    return 0
