"""Signal receivers of the safecontent plugin. register() only connects
module-level functions; nothing here keeps state between builds."""

from __future__ import annotations

from html import unescape

from pelican import signals
from pelican.readers import MarkdownReader

from .reader import SafeMarkdownReader


def use_safe_reader(readers):
    """readers_init receiver: read every Markdown extension with our reader."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class is MarkdownReader:
            readers.reader_classes[extension] = SafeMarkdownReader


def plain_feed_fields(context, feed):
    """feed_generated receiver. Atom categories and author names are plain
    text that the feed writer escapes itself: undo our escaping there, so a
    tag "Health & Safety" does not reach feed readers as "Health &amp; Safety".
    (Pelican already does this for titles.)"""
    for item in feed.items:
        item["categories"] = [unescape(str(c)) for c in item.get("categories") or ()]
        if item.get("author_name"):
            item["author_name"] = unescape(str(item["author_name"]))


def register():
    signals.readers_init.connect(use_safe_reader)
    signals.feed_generated.connect(plain_feed_fields)
