"""What HTML a text may hold, said with the line to change: scripts,
embedded pages, styles, forms and the like, event and style attributes,
script links, anything outside the allow-list (markup.py, which every build
applies whatever this says), pictures without alt text and anything loaded
from another website. The gates refuse the same in the built site
(gates.check_csp and check_privacy). Every build reports these as warnings,
`make check` and `make publish` as errors."""

from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

from .. import markup
from ..book import Item, rule
from ..markup import RESOURCE_ATTRIBUTES, SRCSET_TAGS, from_elsewhere, srcset_urls
from ..problem import Problem
from ..source import Source

MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)")
MD_REF_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[(?P<ref>[^\]]*)\]")
MD_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<url>[^\s>]+)")

REMOVED_RE = re.compile(
    r"<(?P<tag>" + "|".join(markup.REMOVED_WITH_CONTENT) + r")\b.*?</(?P=tag)\s*>", re.IGNORECASE | re.DOTALL
)

HTML_TAG_RE = re.compile(r"<(?P<tag>[A-Za-z][A-Za-z0-9]*)\b(?P<attrs>[^>]*)>", re.DOTALL)
ATTR_RE = re.compile(r"""(?P<name>[^\s=/>]+)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?""")

# HTML a bulletin may not contain, and why. Every build leaves out all HTML
# that plugins/rulebook/markup.py does not allow; these are the common ones
# said in plain words (any other gets a general message); the gates refuse
# the same in the built site (gates.check_csp and check_privacy).
EMBEDDED = (
    "<{tag}> (a page or program inside the page) is not allowed; remove it and link to the page instead, "
    "e.g. [Watch the video](https://...)"
)
UNSAFE_TAGS = {
    "script": "<script> is not allowed (it would run a program on readers' computers); remove it",
    "iframe": EMBEDDED,
    "object": EMBEDDED,
    "embed": EMBEDDED,
    "style": "<style> is not allowed (the site's security settings make browsers ignore it); remove it",
    "meta": "<meta> is not allowed (it could send readers to another page); remove it",
    "base": "<base> is not allowed (it would change where every link on the page leads); remove it",
    "link": "<link> is not allowed (it would load a style sheet or another file into the page); remove it",
    "svg": "<svg> is not allowed (a drawing written into the page can hold a program); save the picture as PNG "
    "in the images folder and show it with ![What it shows]({{static}}/images/name.png)",
    "math": "<math> is not allowed; write the sum as text, or save it as a picture",
    "form": (
        "<form> is not allowed (what readers type could be sent to another website); remove it and link to "
        "the form instead, e.g. [Fill in the survey](https://...)"
    ),
}
UNSAFE_TAG_RE = re.compile(r"<\s*(?P<tag>" + "|".join(UNSAFE_TAGS) + r")\b", re.IGNORECASE)
UNSAFE_ATTR_RE = re.compile(r"<[A-Za-z][^>]*?[\s\"'/](?P<attr>on[a-z]+|style)\s*=", re.IGNORECASE | re.DOTALL)

SCRIPT_URL_RE = re.compile(r"(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|data\s*:\s*text/html", re.IGNORECASE)


class TextRules:
    """The checks of one file's text; `run` returns the problems."""

    def __init__(self, item: Item, settings: dict):
        self.item = item
        self.source = item.source
        self.settings = settings
        self.root_name = item.source.shown.split("/", 1)[0]
        self.problems: list[Problem] = []

    def add(self, source: Source, field_name: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(source.shown, field_name, message, line=line or 1))

    def run(self) -> list[Problem]:
        source = self.source
        body = source.body
        for match in UNSAFE_TAG_RE.finditer(body):
            tag = match.group("tag").lower()
            self.add(source, "Body", UNSAFE_TAGS[tag].format(tag=tag), source.body_line_at(match.start()))
        for match in UNSAFE_ATTR_RE.finditer(body):
            attr = match.group("attr").lower()
            if attr == "style":
                message = "the style= attribute is not allowed (the site's security settings make browsers ignore it)"
            else:
                message = f"the {attr}= attribute is not allowed (it runs a program)"
            self.add(source, "Body", f"{message}; remove it", source.body_line_at(match.start("attr")))
        # What is inside an element removed with its content (a drawing, a
        # script) is not reported again, tag by tag.
        removed = [m.span() for m in REMOVED_RE.finditer(body)]
        for match in HTML_TAG_RE.finditer(body):
            if match.group("attrs")[:1] not in ("", "/") and not match.group("attrs")[:1].isspace():
                continue  # <https://...> or <name@example.org>: a Markdown autolink, not an element
            if any(start < match.start() < end for start, end in removed):
                continue
            attrs = {m.group("name").lower(): (m.group("dq") or m.group("sq") or m.group("bare") or "")
                     for m in ATTR_RE.finditer(match.group("attrs"))}  # fmt: skip
            self.check_element(source, match.group("tag").lower(), attrs, source.body_line_at(match.start()))
        references = {}
        for _, line in source.body_lines():
            match = MD_REF_DEF_RE.match(line)
            if match:
                references.setdefault(match.group("ref").casefold(), match.group("url"))
        # Over the whole text: a browser reads "java<newline>script:" as "javascript:".
        plain_body = html.unescape(body)
        for number in sorted({source.body_start + plain_body.count("\n", 0, m.start()) + 1
                              for m in SCRIPT_URL_RE.finditer(plain_body)}):  # fmt: skip
            self.add(
                source,
                "Body",
                'a "javascript:" link is not allowed (it runs a program); link to a web address starting with '
                "https:// instead",
                number,
            )
        for number, line in source.body_lines():
            self.check_images(source, number, line, references)
        return self.problems

    def check_element(self, source: Source, tag: str, attrs: dict[str, str], number: int) -> None:
        """An HTML element in the text: alt text on an image, and nothing
        loaded from elsewhere (the elements and attributes the privacy gate
        reads). Elements refused outright are reported once, above."""
        if tag in UNSAFE_TAGS:
            return
        if tag not in markup.TAGS:
            self.add(
                source, "Body", f"<{tag}> is not allowed in the text, so the build leaves it out; remove it", number
            )
            return
        for name in sorted(attrs):
            if not (name.startswith("on") or name == "style" or markup.allowed_attribute(tag, name)):
                self.add(
                    source,
                    "Body",
                    f"the {name}= attribute of <{tag}> is not allowed, so the build leaves it out; remove it",
                    number,
                )
        if tag == "img" and not attrs.get("alt", "").strip():
            self.add(
                source,
                "Body",
                f'the image {attrs.get("src", "")} has no alt text; add alt="what the picture shows" to the <img> tag',
                number,
            )
        urls = [(name, attrs[name]) for element, name in RESOURCE_ATTRIBUTES if element in (tag, "*") and name in attrs]
        if tag in SRCSET_TAGS and "srcset" in attrs:
            urls += [("srcset", url) for url in srcset_urls(attrs["srcset"])]
        for name, url in urls:
            if from_elsewhere(url):
                picture = tag in ("img", "input") or name in ("poster", "srcset")
                self.add(source, "Body", self.loaded_from_elsewhere(url, None if picture else tag), number)

    def loaded_from_elsewhere(self, url: str, tag: str | None = None) -> str:
        """The message for a picture (tag None) or another file the page
        would load from another website."""
        why = (
            "is on another website, and the site loads nothing from other websites (that would tell them who reads "
            "the page)"
        )
        if tag == "link":
            return f"the <link> file {url} {why}; remove it"
        if tag is not None:
            return f"the <{tag}> file {url} {why}; remove it and link to it instead, e.g. [Play the recording]({url})"
        folder = (self.settings.get("STATIC_PATHS") or ["images"])[0]
        name = unquote(posixpath.basename(urlsplit(url.replace("\\", "/")).path))
        if "." not in name:
            name = "name.png"
        return (
            f"the image {url} {why}; images must be part of the site: save the picture in "
            f"{self.root_name}/{folder}/ and link it with {{static}}/{folder}/{name}"
        )

    def check_images(self, source: Source, number: int, line: str, references: dict[str, str]) -> None:
        """Markdown images: alt text, and a picture that is part of the site
        (`references` are the [name]: address lines, for ![alt][name])."""
        for match in MD_IMAGE_RE.finditer(line):
            src = match.group("src")
            if not match.group("alt").strip():
                self.add(
                    source,
                    "Body",
                    f"the image {src} has no alt text; describe it between the square brackets: "
                    f"![What the picture shows]({src})",
                    number,
                )
            if from_elsewhere(src):
                self.add(source, "Body", self.loaded_from_elsewhere(src), number)
        for match in MD_REF_IMAGE_RE.finditer(line):
            if not match.group("alt").strip():
                self.add(
                    source,
                    "Body",
                    f"the image [{match.group('ref')}] has no alt text; describe it between the first square "
                    "brackets: ![What the picture shows]",
                    number,
                )
            url = references.get((match.group("ref") or match.group("alt")).casefold(), "")
            if from_elsewhere(url):
                self.add(source, "Body", self.loaded_from_elsewhere(url), number)


@rule
def markup_in_text(item: Item, settings: dict):
    return TextRules(item, settings).run()
