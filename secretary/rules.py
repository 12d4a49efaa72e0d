"""What a page may load, as both sides read it: `make check` applies these
to the HTML in a bulletin's text (checks/content.py), the gates to the
built site (gates/). One copy, so that what check lets through is what the
gates let through.

What counts as an e-mail address or a phone number is the caregroups
plugin's (plugins/caregroups/contacts.py), which hides champions' details
with the same notion."""

from __future__ import annotations

from rulebook.markup import NOT_FETCHED, srcset_urls

# Where an element makes the browser fetch another file. (tag, attribute); "*" = any tag.
RESOURCE_ATTRIBUTES = (
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("track", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("input", "src"),
    ("object", "data"),
    ("form", "action"),
    ("*", "data-bundle"),  # our search page: where Pagefind's files are
)
# Elements whose srcset lists several files (srcset_urls reads it).
SRCSET_TAGS = ("img", "source")
# Addresses that fetch nothing, and the files a srcset lists: the rulebook's
# (plugins/rulebook/markup.py), which every build applies.
__all__ = ["NOT_FETCHED", "RESOURCE_ATTRIBUTES", "SRCSET_TAGS", "srcset_urls"]
