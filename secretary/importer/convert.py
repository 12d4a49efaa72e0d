"""An old post's HTML as the Markdown of a bulletin, faithful to its words.

markdownify (a well-kept HTML-to-Markdown converter) does the converting;
what is written by hand here, and why:
- WordPress stores its text with bare line breaks for paragraphs; Pelican's
  own importer's `decode_wp_content` (WordPress's wpautop, and [caption]
  as a <figure>) makes HTML of it first.
- What the site's checks refuse (<script>, <iframe>, an `onclick=`, a
  `javascript:` link...) is kept as the HTML it was: markdownify would drop
  a script and keep only the text of an iframe, silently. Kept, `make check`
  names each by line, and every build leaves it out (rulebook/markup.py).
- `tidy`: Blogger's editor writes runs of &nbsp; for spacing and <br>s for
  paragraphs; markdownify keeps both as they are (no-break spaces, lines
  ending in two spaces before an empty line). Spacing is not words: a run
  of spaces becomes one, and a line break before a new paragraph goes.
- Links and pictures are rewritten in the parsed HTML before converting
  (the callers decide: links between imported posts, fetched pictures).
- Text shown word for word stays text: markdownify's escape_misc escapes
  what CommonMark would read as markup (a "# " or "1. " starting a line,
  "<", "&"...). Python-Markdown, which the site uses, takes no backslash
  before "<", "&", "=", "~" (it would show the backslash), so `escape`
  writes "&lt;" and "&amp;" where the text would read as a tag or an
  entity, and drops the backslash before the others.
- A post nested very deeply (hundreds of unclosed tags an old editor
  left) exceeds Python's recursion limit in markdownify, which converts
  an element inside its parent's call: `flatten` unwraps every element
  nested deeper than DEEPEST (their words kept, their formatting not).
  Raising the limit instead would need a thread with a bigger stack, and
  a deeper post would still fail."""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag
from markdownify import MarkdownConverter
from pelican.tools.pelican_import import decode_wp_content

# Elements the site refuses, kept as written (see the module's text).
KEPT_ELEMENTS = frozenset({"script", "style", "iframe", "object", "embed", "form", "svg", "math", "meta", "link",
                           "base", "noscript", "applet", "frame", "frameset"})  # fmt: skip
SCRIPT_ADDRESS = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
TOKEN = "IMPORTKEPTHTML{}X"
TOKEN_RE = re.compile(r"IMPORTKEPTHTML(\d+)X")
STRAY_TAG = re.compile(r"</?(?:p|div|span|font)\s*>|<br\s*/?>", re.IGNORECASE)


def refused(tag: Tag) -> bool:
    if tag.name in KEPT_ELEMENTS:
        return True
    for name, value in tag.attrs.items():
        if name.lower().startswith("on"):
            return True
        if name.lower() in ("href", "src", "action", "formaction") and SCRIPT_ADDRESS.match(str(value)):
            return True
    return False


def parse(html: str, wordpress: bool = False) -> BeautifulSoup:
    return BeautifulSoup(decode_wp_content(html) if wordpress else html, "html.parser")


def links(soup: BeautifulSoup) -> list[Tag]:
    return soup.find_all("a", href=True)


def images(soup: BeautifulSoup) -> list[Tag]:
    return soup.find_all("img", src=True)


def to_markdown(soup: BeautifulSoup) -> str:
    """The parsed (and rewritten) HTML as Markdown."""
    kept: list[str] = []
    for tag in soup.find_all(refused):
        if tag.decomposed or any(refused(parent) for parent in tag.parents if isinstance(parent, Tag)):
            continue  # inside another refused element, kept with it
        html = re.sub(r"\n\s*\n", "\n", str(tag)).strip()
        token = TOKEN.format(len(kept))
        kept.append(html)
        if tag.name in KEPT_ELEMENTS:
            block = soup.new_tag("p")
            block.string = token
            tag.replace_with(block)
        else:
            tag.replace_with(NavigableString(token))
    markdown = tidy(convert(soup))
    return TOKEN_RE.sub(lambda m: kept[int(m.group(1))], markdown).strip() + "\n"


class Converter(MarkdownConverter):
    """markdownify's converter, escaping text for Python-Markdown (see the
    module's text)."""

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        if not self.options["escape_misc"]:
            return text
        text = re.sub(r"\\([=~])", r"\1", text)
        text = re.sub(r"\\&(?=#?[A-Za-z0-9]+;)", "&amp;", text)
        text = text.replace("\\&", "&")
        text = re.sub(r"\\<(?=[A-Za-z/!?])", "&lt;", text)
        return text.replace("\\<", "<")


DEEPEST = 60
# Kept when flattening: a link, a picture, a line break hold no nesting of
# their own worth unwrapping (their ancestors are unwrapped; they move up).
FLAT_KEPT = frozenset({"a", "img", "br", "hr"})
# Where one ends, a reader sees a new line (a cell: a space between words).
FLAT_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
                         "caption", "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav",
                         "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6", "center"})  # fmt: skip
FLAT_CELLS = frozenset({"td", "th"})


def flatten(soup: BeautifulSoup) -> None:
    """Every element nested deeper than DEEPEST unwrapped, deepest first
    (see the module's text); found without recursion. A link, a picture, a
    line break are kept (FLAT_KEPT); where a block ended, a line break is
    put, and a space where a cell did, so that words never run together."""
    deep = [tag for tag in soup.find_all(True) if sum(1 for _ in tag.parents) > DEEPEST]
    for tag in reversed(deep):
        if tag.name in FLAT_KEPT and not tag.find(True):
            continue
        if tag.name in FLAT_BLOCKS or tag.name in FLAT_CELLS:
            mark = (lambda: NavigableString(" ")) if tag.name in FLAT_CELLS else (lambda: soup.new_tag("br"))
            before, after = tag.previous_sibling, tag.next_sibling
            if before is not None and getattr(before, "name", None) != "br":
                tag.insert_before(mark())
            if after is not None and getattr(after, "name", None) != "br":
                tag.insert_after(mark())
        tag.unwrap()


def convert(soup: BeautifulSoup) -> str:
    try:
        return Converter(**OPTIONS).convert_soup(soup)
    except RecursionError:
        flatten(soup)
        return Converter(**OPTIONS).convert_soup(soup)


OPTIONS = {"heading_style": "ATX", "bullets": "-", "strong_em_symbol": "*", "escape_misc": True}
SHORTCODE = re.compile(r"\\?\[(?P<name>/?[a-z][a-z0-9_-]*)(?:[ \t][^\]\n]*?)?\\?\](?!\()")
# WordPress's shortcodes ([gallery], [embed]...) run a program of the old site; this site runs none.
SHORTCODE_NAMES = frozenset({"gallery", "embed", "contact-form-7", "audio", "video", "playlist", "wpforms",
                             "contact-form", "youtube", "vimeo", "soundcloud", "googlemaps", "slideshow",
                             "pdf-embedder", "ninja_form", "gravityform"})  # fmt: skip


def shortcodes(markdown: str) -> list[tuple[int, str]]:
    """(line inside the text, the shortcode as written) for each WordPress
    shortcode left in a post's text: Pelican's decode_wp_content makes
    [caption] a figure (its words kept); the others stay as text."""
    found = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        for match in SHORTCODE.finditer(line):
            if match.group("name").lstrip("/") in SHORTCODE_NAMES and not match.group("name").startswith("/"):
                found.append((number, match.group(0).replace("\\", "")))
    return found


# A code span (`<p>`, ``a`b``): shown word for word, never tidied.
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# Lines Python-Markdown would read as markup though the old post's text was
# words: a fence (~~~), the line under a heading (=== or --- under a line,
# a <br> between them) and a definition (": " starting a line). Their first
# character is written as a character reference, shown as itself.
FENCE_LINE = re.compile(r"^( {0,3})~(?=~~)")
UNDERLINE = re.compile(r"^( {0,3})([=-])(?=[=-]*[ \t]*$)")
DEFINITION = re.compile(r"^( {0,3}):(?=[ \t])")


def tidy_text(text: str) -> str:
    """One line's spacing, outside its code spans."""
    pieces, position = [], 0
    for span in CODE_SPAN.finditer(text):
        pieces.append(STRAY_TAG.sub("", text[position : span.start()].replace("\xa0", " ").replace("&nbsp;", " ")))
        pieces.append(span.group())
        position = span.end()
    pieces.append(STRAY_TAG.sub("", text[position:].replace("\xa0", " ").replace("&nbsp;", " ")))
    line = "".join(pieces)
    if not line.strip():
        return ""
    lead = len(line) - len(line.lstrip(" "))
    kept, position, body = [], lead, []
    for span in CODE_SPAN.finditer(line, lead):
        body += [re.sub(r"(?<=\S) {2,}(?=\S)", " ", line[position : span.start()]), span.group()]
        position = span.end()
    body.append(re.sub(r"(?<=\S) {2,}(?=\S)", " ", line[position:]))
    kept.append(" " * lead + "".join(body))
    return "".join(kept)


def as_words(line: str, previous: str) -> str:
    """A line that Python-Markdown would read as markup, as words (see above)."""
    line = FENCE_LINE.sub(r"\1&#126;", line)
    line = DEFINITION.sub(r"\1&#58;", line)
    if previous.strip():
        line = UNDERLINE.sub(lambda m: m.group(1) + ("&#61;" if m.group(2) == "=" else "&#45;"), line)
    return line


def tidy(markdown: str) -> str:
    """Spacing left by Blogger's and WordPress's editors (see the module's
    text), outside blocks and spans of code; text that would read as markup
    kept as text (as_words)."""
    out, fenced = [], False
    for written in markdown.replace("\r\n", "\n").split("\n"):
        if written.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or written.lstrip().startswith("```"):
            out.append(written)
            continue
        out.append(as_words(tidy_text(written), out[-1] if out else ""))
    text = "\n".join(out)
    text = re.sub(r"[ \t]+\n(?=\n|$)", "\n", text)  # a line break before an empty line breaks nothing
    text = re.sub(r"(?<=\S)[ \t]$|[ \t]+$(?=\n*\Z)", "", text, flags=re.MULTILINE)  # a space left at a line's end
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def rewrite(soup: BeautifulSoup, link: Callable[[str], str | None], image: Callable[[str], str | None]) -> None:
    """Each link `link` gives a new address for, and each picture `image`
    gives a new source for, rewritten in place (pictures first: a link to a
    picture fetched is a link to the copy)."""
    for tag in images(soup):
        new = image(str(tag["src"]))
        if new:
            tag["src"] = new
    for tag in links(soup):
        new = link(str(tag["href"]))
        if new:
            tag["href"] = new
