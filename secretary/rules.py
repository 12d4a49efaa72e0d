"""What a page may load, as both sides read it: `make check` applies these
to the HTML in a bulletin's text (checks/content.py), the gates to the
built site (gates/). One copy, so that what check lets through is what the
gates let through.

What counts as an e-mail address or a phone number is the caregroups
plugin's (plugins/caregroups/contacts.py), which hides champions' details
with the same notion."""

from __future__ import annotations

from rulebook.markup import NOT_FETCHED, RESOURCE_ATTRIBUTES, SRCSET_TAGS, srcset_urls

# The rulebook's (plugins/rulebook/markup.py), which every build applies.
__all__ = ["NOT_FETCHED", "RESOURCE_ATTRIBUTES", "SRCSET_TAGS", "srcset_urls"]
