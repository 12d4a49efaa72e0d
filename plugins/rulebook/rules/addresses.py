"""Web addresses and series, across the site: a slug that is not safe
(the build makes a safe one, slugs.py, and says so here), a bulletin called
by the name of a list page, two bulletins or two pages with one address
(the build keeps the first by file name and leaves the others out:
plugin.py), and a series split by a spelling mistake (docs/WRITING.md)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from pelican.utils import slugify

from caregroups.generator import address_without_contacts
from caregroups.model import Directory, Entry, plain_text

from ..book import BULLETIN, PAGE, Item, SiteFiles, site_rule
from ..slugs import LIST_SLUGS, bulletin_slug, is_safe
from .essentials import metadata, name_fields


def pelican_slug(value: str, settings: dict) -> str:
    """A web address made from `value`, as Pelican makes a slug."""
    return slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def slug_of(item: Item, settings: dict) -> tuple[str, str]:
    """The slug as written, and where it comes from (the build makes a
    safe one of an unsafe slug: slugs.py)."""
    source = item.source
    if source.value("slug"):
        return source.value("slug"), "field"
    from_name = name_fields(item, settings).get("slug")
    if from_name:
        return from_name, "file"
    return item.read.slug, "title"


def published_address(item: Item, settings: dict) -> str:
    """Where the file is published (ARTICLE_SAVE_AS or PAGE_SAVE_AS, whatever
    its status): two bulletins called alike in two months are two pages;
    alike in one month, one of them would be lost. A number or address in
    the slug is left out, as the build leaves it out (caregroups)."""
    slug = address_without_contacts(item.read.slug)
    setting = settings.get("ARTICLE_SAVE_AS" if item.kind == BULLETIN else "PAGE_SAVE_AS") or ""
    try:
        return setting.format(**{**item.read.url_format, "slug": slug}) or slug
    except (AttributeError, KeyError, IndexError, ValueError):
        return slug


def slug_problems(items: list[Item], kind: str, settings: dict):
    users = defaultdict(list)
    for item in items:
        if getattr(item.read, "slug", None) is None:
            continue  # no title (reported already), or not read: no address to check
        source = item.source
        slug, origin = slug_of(item, settings)
        users[published_address(item, settings)].append(item)
        if is_safe(slug) and not (kind == "bulletin" and slug in LIST_SLUGS):
            continue
        if is_safe(slug):
            date = name_fields(item, settings).get("date", "YYYY-MM-DD")
            better = bulletin_slug(slug)
            fix = f'write "Slug: {better}"' if origin == "field" else f"rename the file {date}-{better}.md"
            yield item.problem(
                "Slug",
                f'the web address "{slug}" is the address of the month\'s list of bulletins; {fix}',
                source.line_of("slug"),
            )
            continue
        better = pelican_slug(slug, settings) or "bulletin"
        if kind == "bulletin":
            better = bulletin_slug(better)  # never the month's list ("Slug: Index" is not "index")
        if origin == "file":
            date = name_fields(item, settings).get("date", "YYYY-MM-DD")
            fix = f"rename the file {date}-{better}{Path(source.rel).suffix}"
        else:
            fix = f'write "Slug: {better}"'
        yield item.problem(
            "Slug",
            f'the web address "{slug}" may only use small letters, digits and hyphens; {fix}',
            source.line_of("slug"),
        )
    for same in users.values():
        for item in same[1:] if len(same) > 1 else []:
            others = ", ".join(other.source.shown for other in same if other is not item)
            yield item.problem(
                "Slug",
                f'the web address "{address_without_contacts(item.read.slug)}" is also used by {others}; give each '
                f"{kind} its own (rename one of the files); until then the build leaves this one out",
                item.source.line_of("slug"),
            )


@site_rule
def slugs(site: SiteFiles, settings):
    yield from slug_problems(site.of_kind(BULLETIN), "bulletin", settings)
    yield from slug_problems(site.of_kind(PAGE), "page", settings)


@site_rule
def series(site: SiteFiles, settings):
    """A series split by a spelling mistake: see docs/WRITING.md.

    A name is flagged when another bulletin writes the same series in
    other capitals or spacing, or when it is used by one bulletin only
    and is close to the name of another series (differing numbers, as
    in "Pay talks 2025" and "Pay talks 2026", are deliberate)."""
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in site.of_kind(BULLETIN):
        name = metadata(item).get("series")
        if name:
            by_name[name].append(item)
    ranked = sorted(by_name, key=lambda n: (-len(by_name[n]), n))
    for name in ranked:
        others = Directory("series")
        for other in ranked:
            if other != name:
                others.add(Entry(other, other, "", other))
        same = others.find(name)
        flagged = same is not None and len(by_name[same]) >= len(by_name[name])
        if not flagged and same is None and len(by_name[name]) == 1:
            hint = others.suggest(name)
            flagged = hint is not None and re.findall(r"\d+", plain_text(hint)) == re.findall(r"\d+", plain_text(name))
        if flagged:
            for item in by_name[name]:
                problem = others.unknown(item.source.shown, "Series", name)
                yield replace(problem, line=item.source.line_of("series"))
