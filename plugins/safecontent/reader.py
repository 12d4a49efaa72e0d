"""A Markdown reader whose metadata is plain text.

Pelican leaves Jinja's autoescaping off and passes metadata through as
written, so `Title: <img src=x onerror=alert(1)>` would reach every page and
feed as markup. Here every value a reader sees (title, summary, names,
roles, tags, category, author, series...) is HTML-escaped as it is read,
before Pelican typogrifies it; templates then print values as they are, and
typogrify still curls quotes because quotes are left alone (quote=False).

Fields that are not text for readers (dates, status, slug, URLs, template)
are passed on untouched. Bulletin bodies stay Markdown with HTML allowed:
`make check` and `make publish` refuse scripts and the like in them, and
every build keeps only the HTML the rulebook allows (rulebook/markup.py)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from markdown import Markdown
from markupsafe import Markup
from pelican.readers import MarkdownReader, ensure_metadata_list
from pelican.urlwrappers import URLWrapper
from pelican.utils import pelican_open
from rulebook.markup import clean
from rulebook.rules.fields import DROPPED, closest, held_back
from rulebook.rules.files import refuse_linked
from rulebook.slugs import safe_slug
from rulebook.source import NotUTF8, parse, unseen_removed

from compat.private import parse_markdown_metadata

# The reader's own note, between reading a file and its fields: a Status the
# file meant but Pelican did not read (never a field of the site).
HELD_BACK = "rulebook_held_back"
# Values that are not shown as text, or that Pelican parses itself.
NOT_TEXT = frozenset(
    {
        "date",
        "modified",
        "status",
        "slug",
        "save_as",
        "url",
        "template",
        "lang",
        "translation",
        "series_index",
        # Addresses kept from the old blogs: checked strictly where they are
        # used (rulebook/slugs.py), never shown.
        "address",
        "old_addresses",
    }
)
# Lists of names ("A, B" or "A; B"): split before escaping, since an escaped
# "<" ends in ";". The caregroups plugin matches them against the escaped
# titles of the care-group and champion files.
NAME_LISTS = frozenset({"care_groups", "champions"})
# Values Pelican turns into URL wrappers: their slug must come from the
# name as written ("Health & Safety" -> health-safety), not from its escaped form.
WRAPPED = frozenset({"tags", "category", "author", "authors"})


def escape_text(value):
    """A string, or a list of strings, HTML-escaped; anything else as it is."""
    if isinstance(value, str):
        return escape(value, quote=False)
    if isinstance(value, list):
        return [escape_text(v) for v in value]
    return value


def plain_escaped(markup: str) -> str:
    """Rendered Markdown as escaped plain text: tags dropped, one line."""
    return escape(Markup(markup).striptags(), quote=False)


def escape_wrapper_name(wrapper: URLWrapper) -> None:
    slug = wrapper.slug
    wrapper.name = escape(wrapper.name, quote=False)
    wrapper.slug = slug


def markdown_options(settings: dict) -> dict:
    """The MARKDOWN setting, with the toc extension's ids made by
    caregroups/contacts.py's heading_id: a heading's id (in the page, the
    feeds and the search index's anchors) never holds a phone number, though
    the heading's text has it hidden. Every other heading keeps its id."""
    options = dict(settings["MARKDOWN"])
    try:
        from caregroups.contacts import heading_id  # a plugin loaded after this one: imported once reading starts
    except ImportError:
        return options  # a site without the care-groups plugin hides no numbers: the usual ids

    configs = dict(options.get("extension_configs") or {})
    for name in ("markdown.extensions.toc", "toc"):
        if name in configs and "slugify" not in configs[name]:
            configs[name] = {**configs[name], "slugify": heading_id}
    options["extension_configs"] = configs
    return options


class SafeMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with escaped, plain-text metadata.

    It reads as Pelican's does (MarkdownReader.read), in two steps a
    subclass may change (plugins/fastbuild/reader.py does, to read faster):
    `convert_document` turns the file into HTML and its raw `Key: value`
    lines, and `parse_fields` turns those lines into metadata, converting
    the formatted fields (Summary) with the Markdown instance it is given."""

    def read(self, source_path):
        # Pelican follows symbolic links: a link (or a linked folder) would
        # publish whatever it points to. convert_document (which fastbuild's
        # workers call too) refuses it, in plain words (Pelican logs "Could
        # not process"; the build says "could not be read").
        content, meta, md = self.convert_document(source_path)
        metadata = self.parse_fields(meta, md, source_path) if meta is not None else {}
        title = metadata.get("title")
        if isinstance(title, str) and not title.strip():
            # `Title:` with nothing after it: treat as missing, so the build
            # reports it instead of publishing a bulletin without a heading.
            del metadata["title"]
        return content, self.ruled(metadata, source_path)

    def ruled(self, metadata: dict, source_path) -> dict:
        """The rulebook's say over what Pelican reads, in every build
        (plugins/rulebook/rules/fields.py; `make check` names each line):
        a field that would move or replace output is dropped, a slug is
        made safe, a Series_index that is not a number is dropped, a
        Status is read whatever its capitals (`Status: Draft`), and a Status
        written where Pelican does not read it holds the file back as a
        draft."""
        for name in DROPPED:
            metadata.pop(name, None)
        if isinstance(metadata.get("status"), str):
            metadata["status"] = metadata["status"].strip().lower()
        if "slug" in metadata:
            metadata["slug"] = safe_slug(str(metadata["slug"]), self.settings)
        if not re.fullmatch(r"[0-9]+", str(metadata.get("series_index", "0")).strip()):
            # The series plugin's int() would stop the whole build.
            del metadata["series_index"]
        if metadata.pop(HELD_BACK, None) and metadata.get("status") not in ("draft", "skip"):
            metadata["status"] = "draft"
        return metadata
        try:
            source = parse(Path(source_path), Path(source_path).parent)
        except NotUTF8:
            return metadata  # Pelican has read it as UTF-8 already: cannot happen
        if metadata.get("status") not in ("draft", "skip") and held_back(source) is not None:
            metadata["status"] = "draft"
        return metadata

    @staticmethod
    def held_back(meta: dict, text: str, source_path) -> bool:
        """Whether the file meant a Status that Pelican did not read
        (rulebook/rules/fields.py held_back). The cheap first look: a file
        that says neither "draft" nor "hidden" anywhere, and has no field
        name close to Status, is not read again."""
        if not any(name.lower() != "status" and closest(name, ["Status"]) for name in meta):
            lowered = text.lower()
            if "draft" not in lowered and "hidden" not in lowered:
                return False
        try:
            source = parse(Path(source_path), Path(source_path).parent, text=text)
        except NotUTF8:
            return False
        return held_back(source) is not None

    def markdown(self) -> Markdown:
        """A Markdown instance with the site's settings, for one file."""
        return Markdown(**markdown_options(self.settings))

    def convert_document(self, source_path):
        """The body as HTML, the raw metadata lines (or None) and the
        Markdown instance that converted them."""
        refuse_linked(self.settings["PATH"], source_path)  # fastbuild's workers read through here
        md = self.markdown()
        with pelican_open(source_path) as written:
            # Only the HTML the rulebook allows (rulebook/markup.py): no
            # script, style, form or frame, whatever the file holds.
            # Invisible and control characters (Word's Shift+Enter is a
            # vertical tab; a zero-width space can hide a Status line or split
            # a phone number) are left out (rulebook/source.py), and named by
            # the rule (rulebook/rules/files.py).
            text = unseen_removed(written)
            content = clean(md.convert(text))
        meta = dict(md.Meta) if hasattr(md, "Meta") else None
        if meta is not None and self.held_back(meta, text, source_path):
            # Said where the text is at hand (in fastbuild's workers too); ruled() applies it.
            meta[HELD_BACK] = ["draft"]
        return content, meta, md

    def formatted_fields(self) -> set[str]:
        return {name.lower() for name in self.settings.get("FORMATTED_FIELDS", [])}

    def parse_fields(self, meta: dict, md: Markdown, source_path) -> dict:
        """The metadata, as Pelican parses it, from escaped lines."""
        formatted = self.formatted_fields()
        # A formatted field (Summary) is escaped before Markdown sees it, so
        # raw HTML in it becomes text; process_metadata then flattens the
        # rendered Markdown to plain text.
        meta = {name: escape_text(values) if name.lower() in formatted else values for name, values in meta.items()}
        output = parse_markdown_metadata(self, meta, md, source_path)
        for name in formatted:
            if name in output and not output[name]:
                # An empty `Summary:` line: let Pelican use the opening words.
                del output[name]
        return output

    def process_metadata(self, name, value):
        if name in NOT_TEXT:
            return super().process_metadata(name, value)
        if name in self.formatted_fields():
            return plain_escaped(value) if isinstance(value, str) else value
        if name in NAME_LISTS:
            return [escape(n, quote=False) for n in ensure_metadata_list(value)]
        if name in WRAPPED:
            processed = super().process_metadata(name, value)
            for wrapper in processed if isinstance(processed, list) else [processed]:
                if isinstance(wrapper, URLWrapper):
                    escape_wrapper_name(wrapper)
            return processed
        return super().process_metadata(name, escape_text(value))
