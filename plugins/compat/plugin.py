"""The compat plugin: the site's writer (writer.py), and one plain note
when the running Pelican is not the version our use of its internals
(private.py) was tested on."""

from __future__ import annotations

import logging

from pelican import signals

from . import private
from .writer import SiteWriter

logger = logging.getLogger(__name__)
# The note about an untested Pelican reaches the secretary even when Pelican
# shows only warnings (the build driver prints it as a "note:" line).
logger.setLevel(logging.INFO)

# A plugin may name a subclass of SiteWriter here (fastbuild does), so that
# the build has one writer: Pelican takes only one from get_writer.
WRITER_SETTING = "SITE_WRITER"


class WriterConfigError(Exception):
    """SITE_WRITER names something that is not a SiteWriter."""


def initialize(pelican):
    private.forget_unfinished_sitemap()
    if not private.tested():
        logger.info(
            "Pelican %s is not the version the build's speed-ups were tested on (%s): they are off, "
            "and the site is built the same, only slower",
            private.PELICAN_VERSION,
            ", ".join(private.TESTED_PELICAN),
            extra={"note": True},
        )


def site_writer(pelican):
    """get_writer receiver: the one writer of every build."""
    chosen = pelican.settings.get(WRITER_SETTING) or SiteWriter
    if not (isinstance(chosen, type) and issubclass(chosen, SiteWriter)):
        raise WriterConfigError(f"{WRITER_SETTING}: {chosen!r} is not a subclass of compat.writer.SiteWriter")
    return chosen


def register():
    signals.initialized.connect(initialize)
    signals.get_writer.connect(site_writer)
