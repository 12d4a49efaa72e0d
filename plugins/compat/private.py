"""Every use of a private Pelican name, in one module.

Pelican has no public way to do what these functions do; each line that
touches a private name is marked with why. They were tested on the Pelican
versions in TESTED_PELICAN (the byte-for-byte site tests). On another
version `tested()` is False: the speed-ups that depend on them switch off
(fastbuild's `initialized`); what the site needs (hiding contact details in
a bulletin's text) carries on, covered by its own tests."""

from __future__ import annotations

from collections import defaultdict

import pelican
from pelican.log import LimitFilter

TESTED_PELICAN = ("4.12.0",)
PELICAN_VERSION = pelican.__version__


def tested() -> bool:
    return PELICAN_VERSION in TESTED_PELICAN


# -- a bulletin's or page's text ------------------------------------------------------


def body_of(content) -> str:
    """The text as read, before Pelican's links are made (`content` would make them)."""
    return content._content or ""  # noqa: SLF001 - no public getter for the text as read


def set_body(content, html: str) -> None:
    """Replace the text as read (contact details hidden, for one)."""
    content._content = html  # noqa: SLF001 - no public setter; Pelican renders from this attribute


# -- Pelican's log filter -----------------------------------------------------------------


def reset_log_filter() -> None:
    """Pelican drops repeated identical log messages for the whole process;
    a new build in the same process (a test, the preview's builder) must
    show its own warnings again."""
    LimitFilter._ignore = set()  # noqa: SLF001 - the filter keeps these as class state
    LimitFilter._raised_messages = set()  # noqa: SLF001
    LimitFilter._group_count = defaultdict(int)  # noqa: SLF001
