"""The rule modules, one per kind of rule; importing them registers their
rules in book.RULES and book.FILE_RULES (in this order: the order of the
messages for one line)."""

from . import fields, personal  # noqa: F401
