"""Signal receivers of the fastbuild plugin. Each speed-up is switched on
in FAST_BUILD (pelicanconf.py); tests/site/test_fastbuild.py builds the
site with this plugin removed from PLUGINS, with each speed-up alone and
with all of them, and compares every byte. docs/PERFORMANCE.md says what
each one earns.

The speed-ups lean on Pelican's internals (compat/private.py): on a Pelican
version they were not tested on, every one is off (the compat plugin says so
in one line), and the site is built exactly as without this plugin."""

from __future__ import annotations

from pelican import signals
from pelican.readers import MarkdownReader
from rulebook.plugin import RULES_ELSEWHERE, report, rule_problems

from compat import private
from compat.plugin import WRITER_SETTING

from . import beside
from .parallel import finish, prefetch
from .reader import FastMarkdownReader
from .reuse import ReusingWriter, finished

OPTIMISATIONS = (
    "reuse_markdown",
    "typogrify_in_reader",
    "parallel_read",
    "remember_urls",
    "reuse_output",
    "parallel_write",
    "rules_beside",
)
# The speed-ups of the reader (reader.py) and of the writer (reuse.py; the
# rules applied beside the writing need its writer, which says when it stops).
READING = ("reuse_markdown", "typogrify_in_reader", "parallel_read")
WRITING = ("reuse_output", "parallel_write", "rules_beside")


class FastBuildConfigError(Exception):
    """FAST_BUILD names something this plugin does not know."""


def initialize(pelican):
    settings = pelican.settings
    options = settings.get("FAST_BUILD") or {}
    unknown = sorted(set(options) - set(OPTIMISATIONS))
    if unknown:
        raise FastBuildConfigError(f"FAST_BUILD: unknown option(s) {unknown}; known: {list(OPTIMISATIONS)}")
    # A build in this process that failed may have left these on.
    private.stop_watching_text_reads()
    private.forget_urls()
    beside.stop()
    # Pelican keeps a plugin's receivers connected for the life of the
    # process: a later build there without this plugin in PLUGINS (the
    # preview's builder, a test) must get none of its speed-ups.
    if __package__ not in settings.get("PLUGINS", ()):
        settings["FAST_BUILD"] = dict.fromkeys(options, False)
        return
    if not private.tested():
        settings["FAST_BUILD"] = dict.fromkeys(options, False)
        return
    if any(options.get(name) for name in READING):
        if options.get("typogrify_in_reader") and settings.get("TYPOGRIFY"):
            # The reader typogrifies instead of Pelican's read_file.
            settings["TYPOGRIFY"] = False
            settings["TYPOGRIFY_IN_READER"] = True
        readers = dict(settings.get("READERS") or {})
        for extension in MarkdownReader.file_extensions:
            readers.setdefault(extension, FastMarkdownReader)
        settings["READERS"] = readers
    if any(options.get(name) for name in WRITING):
        settings[WRITER_SETTING] = ReusingWriter
    if options.get("rules_beside") and "rulebook" in settings.get("PLUGINS", ()):
        settings[RULES_ELSEWHERE] = True  # the rulebook leaves them to rules_beside below


def rules_beside(generators):
    """all_generators_finalized receiver: the rulebook's rules start in
    another process (beside.py), from what the rulebook would have read now."""
    if generators and generators[0].settings.get(RULES_ELSEWHERE):
        beside.start(generators, rule_problems, report)


def rules_said(pelican):
    """finalized receiver, before anything is rendered: the rules' warnings
    are logged now if nothing has been logged since they started."""
    beside.settle()


def urls_settled(generators):
    """all_generators_finalized receiver: every bulletin and page is read
    and every plugin has had its say; only writing remains."""
    if generators and generators[0].settings.get("FAST_BUILD", {}).get("remember_urls"):
        private.remember_urls()


def written(pelican):
    """finalized receiver: the pages parallel_write noted are rendered, and
    the build's pages remembered for the next (reuse.py); then URLs are
    worked out as Pelican does again."""
    try:
        finished(pelican)
    finally:
        private.forget_urls()


def read_in_parallel(generator):
    prefetch(generator)


def done_reading(generator):
    finish(generator)


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_init.connect(read_in_parallel)
    signals.article_generator_finalized.connect(done_reading)
    signals.all_generators_finalized.connect(rules_beside)  # before urls_settled: as the rulebook saw them
    signals.all_generators_finalized.connect(urls_settled)
    signals.finalized.connect(rules_said)
    signals.finalized.connect(written)
