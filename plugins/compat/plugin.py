"""The compat plugin: says once, in plain words, when the running Pelican
is not the version our use of its internals (private.py) was tested on."""

from __future__ import annotations

import logging

from pelican import signals

from . import private

logger = logging.getLogger(__name__)


def initialize(pelican):
    pelican.settings["PELICAN_INTERNALS_TESTED"] = private.tested()
    if not private.tested():
        logger.info(
            "Pelican %s is not the version the build's speed-ups were tested on (%s): they are off, "
            "and the site is built the same, only slower",
            private.PELICAN_VERSION,
            ", ".join(private.TESTED_PELICAN),
            extra={"note": True},
        )


def register():
    signals.initialized.connect(initialize)
