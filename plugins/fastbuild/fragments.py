"""Render each bulletin's summary once per build (FAST_BUILD["remember_summaries"]).

A bulletin's summary (title, date, summary, care groups) appears on the
home page list, its category, tag, author, month, care-group and champion
lists: six or more renders of the same markup. The theme wraps the summary
macro's body (all but the heading, whose level differs from list to list)
in `{% call remembered("summary", article, SITEURL) %}`;
`remembered` renders the block the first time and hands back the same
markup for the same key after that. The key must hold everything the block
reads that changes from page to page: here the bulletin and SITEURL
(relative in the preview; the summary's own links follow it); the rest
(LABELS, the date format) is the same on every page of a build.

Jinja caches templates, not the output of a macro call, hence by hand. The
texts a remembered block read are handed on to the page being rendered, so
that reuse_output (reuse.py) knows the page shows them."""

from __future__ import annotations

from . import reuse

_fragments: dict[tuple, tuple[tuple, str, set]] = {}
enabled = False


def forget() -> None:
    """Called when a build starts writing and when it ends: a fragment
    never outlives the objects it was made from."""
    _fragments.clear()


def remembered(*key, caller):
    if not enabled:
        return caller()
    # Objects by identity (kept alive in the entry, so no id is reused).
    lookup = tuple(id(part) if not isinstance(part, (str, int, float, type(None))) else part for part in key)
    found = _fragments.get(lookup)
    if found is not None:
        _, text, read = found
        if reuse._reading is not None:
            reuse._reading.update(read)
        return text
    outer = reuse._reading
    with reuse.reading() as read:
        text = caller()
    if outer is not None:
        outer.update(read)
    _fragments[lookup] = (key, text, read)
    return text
