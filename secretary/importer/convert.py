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
  (the callers decide: links between imported posts, fetched pictures)."""

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
    markdown = Converter(heading_style="ATX", bullets="-", strong_em_symbol="*").convert_soup(soup)
    markdown = tidy(markdown)
    return TOKEN_RE.sub(lambda m: kept[int(m.group(1))], markdown).strip() + "\n"


class Converter(MarkdownConverter):
    """markdownify's converter: nothing more than its options, today."""


def tidy(markdown: str) -> str:
    """Spacing left by Blogger's and WordPress's editors (see the module's
    text), outside blocks of code."""
    out, fenced = [], False
    for written in markdown.replace("\r\n", "\n").split("\n"):
        if written.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or written.lstrip().startswith("```"):
            out.append(written)
            continue
        line = STRAY_TAG.sub("", written.replace("\xa0", " ").replace("&nbsp;", " "))
        if not line.strip():
            out.append("")
            continue
        lead = len(line) - len(line.lstrip(" "))
        body = re.sub(r"(?<=\S) {2,}(?=\S)", " ", line[lead:])
        out.append(" " * lead + body)
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
