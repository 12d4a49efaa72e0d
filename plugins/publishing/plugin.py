"""Signal receivers for the published site. register() only connects
module-level receivers; nothing is kept between builds.

- initialized: read the build time once (SOURCE_DATE_EPOCH or the clock;
  buildtime.py) into the settings as BUILD_TIME, unless they give one.
- article_generator_pretaxonomy: with WITH_FUTURE_DATES = False, a bulletin
  dated after the build time waits as a draft (Pelican compares with the
  clock; we compare with the build time, so a rebuild gives the same site).
- get_generators: BuildTime, made once per build, dates a feed with no
  entries at the build time (feedgenerator would use the clock), and makes
  the build's sitemap.Dates, which dates each page of sitemap.xml by what
  it shows (sitemap.py).
- finalized: write _headers."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from . import buildtime, sitemap
from .headers import headers_file

logger = logging.getLogger(__name__)
# Notes about held-back bulletins reach the secretary even when Pelican
# shows only warnings (the build driver prints them as "note:" lines).
logger.setLevel(logging.INFO)

DEFAULTS = {
    "HEADERS_SAVE_AS": "_headers",
    "CSP_HEADER_ONLY": "frame-ancestors 'none'",
    "REFERRER_POLICY": "strict-origin-when-cross-origin",
    "PERMISSIONS_POLICY": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "STRICT_TRANSPORT_SECURITY": "max-age=31536000",
}


class PublishingConfigError(Exception):
    """A setting or environment value the build cannot work with."""


def initialize(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    if not pelican.settings.get("CONTENT_SECURITY_POLICY"):
        raise PublishingConfigError(
            "CONTENT_SECURITY_POLICY must be set in pelicanconf.py; the theme and _headers use it"
        )
    try:
        buildtime.settle(pelican.settings)
    except buildtime.BuildTimeError as error:
        raise PublishingConfigError(str(error)) from None


def hold_scheduled_bulletins(generator):
    if generator.settings.get("WITH_FUTURE_DATES", True):
        return
    now = buildtime.now(generator.settings)
    due, waiting = [], []
    for article in generator.articles:
        (due if buildtime.is_due(article.date, now) else waiting).append(article)
    if not waiting:
        return
    for article in waiting:
        article.status = "draft"
        logger.info(
            "%s: scheduled for %s, so not published by this build; the first build after that time publishes it",
            f"{Path(generator.settings['PATH']).name}/{article.get_relative_source_path()}",
            article.date.strftime("%Y-%m-%d %H:%M"),
            extra={"note": True},
        )
    generator.articles = due
    generator.drafts = sorted([*generator.drafts, *waiting], key=lambda a: a.date, reverse=True)


def name_drafts(generator):
    """article_generator_finalized and page_generator_finalized receiver:
    in a build that writes no drafts (the live site's), each draft is named
    in a note, so a `Status: draft` left in by mistake is seen when
    publishing. (A bulletin held back as scheduled is named above.)"""
    if generator.settings.get("DRAFT_PAGE_SAVE_AS" if hasattr(generator, "draft_pages") else "DRAFT_SAVE_AS"):
        return
    root = Path(generator.settings["PATH"]).name
    drafts = [*getattr(generator, "drafts", ()), *getattr(generator, "draft_pages", ())]
    for content in sorted(drafts, key=lambda c: c.get_relative_source_path()):
        if content.metadata.get("status") != "draft":
            continue  # scheduled: named by hold_scheduled_bulletins
        logger.info(
            "%s: a draft (Status: draft), so not published; remove the Status line when it is ready",
            f"{root}/{content.get_relative_source_path()}",
            extra={"note": True},
        )


class BuildTime(Generator):
    """The build time for the feeds: a feed with no entries is dated at the
    build time. It writes nothing; it is made once per build, with the
    build's context, so the receiver it connects for that context's feeds
    lives and goes with the build (a feed receiver is given the context
    only, not the settings).

    BUILD_TIME is for the plugins, which read it from the settings; it is
    taken out of the templates' context, which Pelican copies from the
    settings: no page shows it, and a value that changes on every build
    would make every page of a preview look changed to fastbuild's reuse of
    the pages that did not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.context.pop(buildtime.SETTING, None)
        self.now = buildtime.now(self.settings)
        signals.feed_generated.connect(self.date_empty_feed, sender=self.context)
        self.sitemap_dates = sitemap.Dates(self.settings)

    def date_empty_feed(self, context, feed):
        if not feed.items:
            now = self.now
            feed.latest_post_date = lambda: now


def get_generators(pelican):
    return BuildTime


def write_headers(pelican):
    save_as = pelican.settings.get("HEADERS_SAVE_AS")
    if not save_as:
        return
    output = Path(pelican.output_path)
    path = output / save_as
    path.parent.mkdir(parents=True, exist_ok=True)
    # The meetings' calendars (plugins/events), each with its type.
    calendars = [ics.relative_to(output).as_posix() for ics in output.rglob("*.ics") if ics.is_file()]
    path.write_text(headers_file(pelican.settings, calendars), encoding="utf-8")


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_pretaxonomy.connect(hold_scheduled_bulletins)
    signals.get_generators.connect(get_generators)
    signals.article_generator_finalized.connect(name_drafts)
    signals.page_generator_finalized.connect(name_drafts)
    signals.finalized.connect(write_headers)
