"""The safecontent reader, read faster (FAST_BUILD in pelicanconf.py).

- "reuse_markdown": one Markdown instance for documents and one for
  formatted fields, reset between files, instead of a new instance per file
  (Pelican's way);
- "typogrify_in_reader": typogrify here rather than in Pelican's read_file
  (TYPOGRIFY is then switched off for Pelican), so the content cache keeps
  typogrified text and a rebuild does not typogrify unchanged bulletins
  again (Pelican re-runs it on every build, cache or not), and the parallel
  reading (parallel.py) typogrifies in its worker processes;
- "parallel_read" fills `prefetched` with what convert_document returns,
  made in other processes.

fastbuild's `initialized` puts this class in READERS (Pelican's setting)
for Markdown files. tests/site/test_fastbuild.py builds the site with and
without it and compares every byte."""

from __future__ import annotations

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from safecontent.reader import SafeMarkdownReader, markdown_options


def typogrify_text(text: str, settings) -> str:
    """Typogrify as Pelican's read_file does it (readers.py, Pelican 4.12),
    same settings and same smartypants options, so that moving the work into
    the reader changes no byte of the output. On another Pelican version
    fastbuild's speed-ups are off (compat.private.tested)."""
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


class NoMeta(Preprocessor):
    """A stand-in for the meta preprocessor, which Pelican's metadata
    parsing removes from the instance it converts formatted fields with."""

    def run(self, lines):
        return lines


class FastMarkdownReader(SafeMarkdownReader):
    """SafeMarkdownReader with the speed-ups switched on in FAST_BUILD."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.settings.get("FAST_BUILD", {})
        self.reuse = bool(options.get("reuse_markdown"))
        self.typogrify = bool(self.settings.get("TYPOGRIFY_IN_READER"))
        self.document_md: Markdown | None = None
        self.fields_md: Markdown | None = None
        # parallel.py's Stream while a pool converts this generator's files.
        self.prefetched = {}

    def markdown(self) -> Markdown:
        if not self.reuse:
            return super().markdown()
        if self.document_md is None:
            self.document_md = Markdown(**markdown_options(self.settings))
        else:
            self.document_md.reset()
        return self.document_md

    def fields_markdown(self) -> Markdown:
        """The instance formatted fields are converted with, when the
        document's is kept (reuse_markdown) or was in another process."""
        if not self.reuse:
            return super().markdown()
        if self.fields_md is None:
            self.fields_md = Markdown(**markdown_options(self.settings))
        self.fields_md.preprocessors.register(NoMeta(self.fields_md), "meta", 27)
        return self.fields_md

    def convert_here(self, source_path):
        """The body as HTML (typogrified when that is done here) and the raw
        metadata lines, made in this process: what parallel.py's workers run."""
        content, meta, md = super().convert_document(source_path)
        if content and self.typogrify:
            content = typogrify_text(content, self.settings)
        return content, meta, md

    def convert_document(self, source_path):
        prefetched = self.prefetched.pop(source_path, None)
        if prefetched is not None:
            content, meta = prefetched
            return content, meta, self.fields_markdown()
        content, meta, md = self.convert_here(source_path)
        return content, meta, self.fields_markdown() if self.reuse else md

    def read(self, source_path):
        content, metadata = super().read(source_path)
        if self.typogrify:
            for name in ("title", "summary"):
                if name in metadata:
                    metadata[name] = typogrify_text(metadata[name], self.settings)
        return content, metadata
