"""A Markdown reader whose metadata is plain text.

Pelican leaves Jinja's autoescaping off and passes metadata through as
written, so `Title: <img src=x onerror=alert(1)>` would reach every page and
feed as markup. Here every value a reader sees (title, summary, names,
roles, tags, category, author, series...) is HTML-escaped as it is read,
before Pelican typogrifies it; templates then print values as they are, and
typogrify still curls quotes because quotes are left alone (quote=False).

Fields that are not text for readers (dates, status, slug, URLs, template)
are passed on untouched. Bulletin bodies stay Markdown with HTML allowed:
`make check` and `make publish` refuse scripts and the like in them."""

from __future__ import annotations

from html import escape

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup
from pelican.readers import MarkdownReader, ensure_metadata_list
from pelican.urlwrappers import URLWrapper
from pelican.utils import pelican_open

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


def typogrify_text(text: str, settings) -> str:
    """Typogrify as Pelican's read_file does it (readers.py, Pelican 4.12),
    same settings and same smartypants options, so that moving the work into
    the reader changes no byte of the output."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings["TYPOGRIFY_DASHES"]
    if dashes == "oldschool":
        smartypants.Attr.default = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        smartypants.Attr.default = smartypants.Attr.set3
    else:
        smartypants.Attr.default = smartypants.Attr.set1
    smartypants.Attr.default |= smartypants.Attr.w
    return typogrify(
        text,
        settings["TYPOGRIFY_IGNORE_TAGS"],
        **dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False),
    )


class _NoMeta(Preprocessor):
    """A stand-in for the meta preprocessor, which Pelican's _parse_metadata
    deregisters from the instance it converts formatted fields with."""

    def run(self, lines):
        return lines


class SafeMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with escaped, plain-text metadata.

    Two fast paths, each switched by FAST_BUILD in pelicanconf.py and proved
    byte-identical by tests/site/test_fastbuild.py:
    - "reuse_markdown": one Markdown instance for documents and one for
      formatted fields, reset between files, instead of a new instance per
      file (Pelican's way, about a quarter of Markdown's time on bulletins);
    - "typogrify_in_reader": typogrify here rather than in Pelican's
      read_file, so the content cache keeps typogrified text and a preview
      rebuild does not typogrify unchanged bulletins again (Pelican re-runs
      it on every build, cache or not).
    The fastbuild plugin's parallel reading fills `prefetched` with what
    convert_document returns, computed in other processes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._document_md = None
        self._fields_md = None
        self.prefetched = {}

    def _fast(self, name):
        return bool(self.settings.get("FAST_BUILD", {}).get(name))

    def _document_markdown(self):
        if not self._fast("reuse_markdown"):
            return Markdown(**self.settings["MARKDOWN"])
        if self._document_md is None:
            self._document_md = Markdown(**self.settings["MARKDOWN"])
        else:
            self._document_md.reset()
        return self._document_md

    def _fields_markdown(self, document):
        if not self._fast("reuse_markdown"):
            return document  # Pelican converts fields with the document's instance
        if self._fields_md is None:
            self._fields_md = Markdown(**self.settings["MARKDOWN"])
        self._fields_md.preprocessors.register(_NoMeta(self._fields_md), "meta", 27)
        return self._fields_md

    def convert_document(self, source_path):
        """The body as HTML (typogrified when that is done here) and the raw
        metadata lines: plain strings, cheap to send between processes."""
        md = self._document_markdown()
        with pelican_open(source_path) as text:
            content = md.convert(text)
        meta = dict(md.Meta) if hasattr(md, "Meta") else None
        if content and self.settings.get("TYPOGRIFY_IN_READER"):
            content = typogrify_text(content, self.settings)
        return content, meta, md

    def _formatted_fields(self):
        return {name.lower() for name in self.settings.get("FORMATTED_FIELDS", [])}

    def _parse_metadata(self, meta):
        formatted = self._formatted_fields()
        # A formatted field (Summary) is escaped before Markdown sees it, so
        # raw HTML in it becomes text; process_metadata then flattens the
        # rendered Markdown to plain text.
        meta = {name: escape_text(values) if name.lower() in formatted else values for name, values in meta.items()}
        output = super()._parse_metadata(meta)
        for name in formatted:
            if name in output and not output[name]:
                # An empty `Summary:` line: let Pelican use the opening words.
                del output[name]
        return output

    def process_metadata(self, name, value):
        if name in NOT_TEXT:
            return super().process_metadata(name, value)
        if name in self._formatted_fields():
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

    def read(self, source_path):
        self._source_path = source_path
        prefetched = self.prefetched.pop(source_path, None)
        if prefetched is not None:
            content, meta = prefetched
            document = None
        else:
            content, meta, document = self.convert_document(source_path)
        self._md = self._fields_markdown(document) if document is not None else self._fields_markdown_fresh()
        metadata = self._parse_metadata(meta) if meta is not None else {}
        title = metadata.get("title")
        if isinstance(title, str) and not title.strip():
            # `Title:` with nothing after it: treat as missing, so the build
            # reports it instead of publishing a bulletin without a heading.
            del metadata["title"]
        if self.settings.get("TYPOGRIFY_IN_READER"):
            for name in ("title", "summary"):
                if name in metadata:
                    metadata[name] = typogrify_text(metadata[name], self.settings)
        return content, metadata

    def _fields_markdown_fresh(self):
        if self._fast("reuse_markdown"):
            return self._fields_markdown(None)
        return Markdown(**self.settings["MARKDOWN"])
