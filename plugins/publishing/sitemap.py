"""Each page of sitemap.xml dated by what it shows, never by the build.

pelican-sitemap (pelican.plugins.sitemap, pinned in requirements.txt) dates a
bulletin or page by its Modified or Date field, and every other page (the
home page, archives, tags, care groups, champions) and a page without a date
by one time for all, which this plugin used to give it: the build time. So
every build told search engines that every list had just changed. Its
settings choose which pages are listed, not their dates, so this rewrites
the dates in the file it wrote (the plugin's own code has no hook for them):

- a bulletin: its Modified, else its Date (as pelican-sitemap has it);
- a page: its Modified, else its Date; none when it has neither (its file's
  time on disk is the time of the checkout, on CI the build's again, and
  differs from one clone to the next);
- a list of bulletins (home, archives, a year, a tag, a care group, a
  champion, the lists of tags...): its newest bulletin (Modified or Date);
  a care group's or champion's page also its champions' Since and a passed
  Until (the day the page starts showing a former champion);
- nothing later than the build time, and no <lastmod> at all where no date
  is known (the sitemap protocol makes it optional; a made-up one is worse).

So two builds of the same content give the same sitemap, whenever they run.

A Dates object is made per build (the publishing plugin's get_generators):
it notes each page as Pelican writes it (`content_written`, with the
page's context) and rewrites sitemap.xml on `finalized`, after the sitemap
plugin has written it. Pure functions (`page_date`, `redate`) do the work."""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.request import pathname2url

from pelican import signals

from . import buildtime

logger = logging.getLogger(__name__)

# pelican-sitemap's own URL cleaning: a folder's index.html is the folder.
INDEX = re.compile(r"(?:^|(?<=/))index.html$")
# One <url> entry as pelican-sitemap 1.2 writes it (XML_URL in its sitemap.py).
ENTRY = re.compile(r"<url>\n<loc>(?P<loc>[^<]*)</loc>\n<lastmod>[^<]*</lastmod>\n")
# The templates of our caregroups plugin that list champions (care_groups.html, champions.html).
CHAMPION_LISTS = ("care_groups", "champions")


class SitemapFormatError(Exception):
    """sitemap.xml is not in the format this module rewrites."""


def own_date(content) -> datetime.datetime | None:
    """A bulletin's or page's Modified, else its Date, else None."""
    return getattr(content, "modified", None) or getattr(content, "date", None)


def champions_shown(context: Mapping) -> Iterable:
    """The champions whose dates change a page: on a champion's page, hers;
    on a care group's, its champions; on the lists of them, all."""
    if context.get("champion") is not None:
        return [context["champion"]]
    if context.get("care_group") is not None:
        return getattr(context["care_group"], "champions", [])
    if context.get("template_name") in CHAMPION_LISTS:
        return context.get("champions_all", [])
    return []


def page_date(context: Mapping, now: datetime.datetime, zone: datetime.tzinfo) -> datetime.datetime | None:
    """The date a page shows, from the context Pelican rendered it with:
    see the module's text. `now` is the build time; a date without a zone
    is in `zone` (the site's TIMEZONE), as Pelican reads one."""
    content = context.get("article") or context.get("page")
    if content is not None:
        found = [own_date(content)]
    else:
        found = [own_date(article) for article in context.get("dates") or ()]
        for champion in champions_shown(context):
            found += [getattr(champion, "since", None), getattr(champion, "until", None)]
    dates = [d if d.tzinfo else d.replace(tzinfo=zone) for d in found if isinstance(d, datetime.datetime)]
    dates = [d for d in dates if d <= now]
    return max(dates) if dates else None


def sitemap_url(path: str, output_path: str, context: Mapping) -> str:
    """The address pelican-sitemap lists a written page under (its
    _write_out: the bulletin's or page's URL, else the file's path, with a
    folder's index.html left off), without SITEURL."""
    content = context.get("article") or context.get("page")
    url = content.url if content is not None else pathname2url(os.path.relpath(path, output_path))
    return INDEX.sub("", url)


def redate(text: str, siteurl: str, dates: Mapping[str, str | None]) -> tuple[str, list[str]]:
    """sitemap.xml with each entry's <lastmod> set from `dates` (URL
    without SITEURL -> the date as pelican-sitemap writes one, or None for
    no <lastmod>), and the URLs listed that `dates` does not know."""
    unknown = []

    def entry(match: re.Match) -> str:
        loc = match["loc"]
        url = loc[len(siteurl) + 1 :] if loc.startswith(f"{siteurl}/") else None
        if url not in dates:
            unknown.append(loc)
            date = None
        else:
            date = dates[url]
        lastmod = f"<lastmod>{date}</lastmod>\n" if date else ""
        return f"<url>\n<loc>{loc}</loc>\n{lastmod}"

    rewritten, count = ENTRY.subn(entry, text)
    if count != text.count("<url>"):
        raise SitemapFormatError(
            "sitemap.xml is not in the format of pelican-sitemap 1.2 (plugins/publishing/sitemap.py rewrites its "
            "dates); check the pinned version in requirements.txt"
        )
    return rewritten, unknown


class Dates:
    """The sitemap's dates for one build: see the module's text."""

    def __init__(self, pelican_settings):
        self.settings = pelican_settings
        self.now = buildtime.now(pelican_settings)
        self.zone = buildtime.zone(pelican_settings)
        self.dates: dict[str, datetime.datetime | None] = {}
        # Held weakly by the signals: the generator that made this object keeps it for the build.
        signals.content_written.connect(self.note)
        signals.finalized.connect(self.rewrite)

    def note(self, path, context=None):
        if context is None or self.settings.get("OUTPUT_PATH") is None:
            return
        url = sitemap_url(path, self.settings["OUTPUT_PATH"], context)
        self.dates[url] = page_date(context, self.now, self.zone)

    def rewrite(self, pelican):
        if pelican.settings is not self.settings:
            return  # another build's (a test or the preview may run several in one process)
        signals.content_written.disconnect(self.note)
        signals.finalized.disconnect(self.rewrite)
        try:
            from pelican.plugins.sitemap.sitemap import format_date
        except ImportError:  # the sitemap plugin is not installed: no sitemap
            return
        config = self.settings.get("SITEMAP") or {}
        path = Path(pelican.output_path) / "sitemap.xml"
        if config.get("format", "xml") != "xml" or not path.is_file():
            return
        shown = {url: format_date(date) if date else None for url, date in self.dates.items()}
        text, unknown = redate(path.read_text(encoding="utf-8"), self.settings["SITEURL"], shown)
        for loc in unknown:
            logger.warning("sitemap.xml lists %s, a page this build did not write; it is given no date", loc)
        path.write_text(text, encoding="utf-8")
