"""Signal receivers of the fastbuild plugin. Each speed-up is switched on
in FAST_BUILD (pelicanconf.py); tests/site/test_fastbuild.py builds a site with
and without each one and compares every byte."""

from __future__ import annotations

from pelican import signals

from . import fragments
from .parallel import finish, prefetch
from .reuse import finished, writer_class
from .urls import remember_urls

OPTIMISATIONS = (
    "reuse_markdown",
    "typogrify_in_reader",
    "parallel_read",
    "remember_urls",
    "reuse_output",
    "remember_summaries",
    "parallel_write",
)


class FastBuildConfigError(Exception):
    """FAST_BUILD names something this plugin does not know."""


def initialize(pelican):
    settings = pelican.settings
    options = settings.setdefault("FAST_BUILD", {})
    unknown = sorted(set(options) - set(OPTIMISATIONS))
    if unknown:
        raise FastBuildConfigError(f"FAST_BUILD: unknown option(s) {unknown}; known: {list(OPTIMISATIONS)}")
    if options.get("typogrify_in_reader") and settings.get("TYPOGRIFY"):
        # The safecontent reader typogrifies instead of Pelican's read_file.
        settings["TYPOGRIFY"] = False
        settings["TYPOGRIFY_IN_READER"] = True
    # The theme calls `remembered` around each summary; it renders every
    # time unless remember_summaries is on.
    fragments.enabled = bool(options.get("remember_summaries"))
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "remembered": fragments.remembered}


def read_in_parallel(generator):
    prefetch(generator)


def done_reading(generator):
    finish(generator)


def content_created(content):
    if content.settings.get("FAST_BUILD", {}).get("remember_urls"):
        remember_urls(content)


def forget_fragments(*_):
    fragments.forget()


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_init.connect(read_in_parallel)
    signals.article_generator_finalized.connect(done_reading)
    signals.content_object_init.connect(content_created)
    signals.get_writer.connect(writer_class)
    signals.finalized.connect(finished)
    signals.all_generators_finalized.connect(forget_fragments)
    signals.finalized.connect(forget_fragments)
