"""No body carries anything a browser would run, in any build.

`make check` and `make publish` refuse a <script>, an on…= handler, a
javascript: link and the like in a bulletin or page, with a message
(secretary/checks/content.py); `make html` and the preview still build the
file, and whatever they write must not run either (the site's policy would
block most of it, but a page is no place to rely on that alone, and
`make html` output can be deployed by hand). So a body holding any of these
is cleaned with nh3 (Rust's ammonia, a well-kept sanitiser) before Pelican
sees it. Only such a body: a correct one keeps its exact bytes, which nh3
would otherwise re-serialise.

The finder below only decides whether to clean; nh3's allow-list decides
what stays."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# Elements that run, load or embed something, or change what the page does.
RUNNABLE_TAGS = frozenset(
    {
        "script",
        "style",
        "link",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "portal",
        "base",
        "meta",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "math",
        "template",
        "noscript",
    }
)
RUNNABLE_ATTRIBUTES = frozenset({"style", "srcdoc", "formaction"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "xlink:href", "poster", "background", "cite", "data", "srcset"})
RUNNABLE_SCHEMES = ("javascript:", "vbscript:", "data:")
# Browsers ignore ASCII whitespace and control characters in a scheme
# ("java&#9;script:" runs).
IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")

ATTRIBUTES = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
ATTRIBUTES["*"] = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES["a"] = ATTRIBUTES.get("a", set()) | {"rel"}
TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runnable = False

    def handle_starttag(self, tag, attrs):
        if tag in RUNNABLE_TAGS:
            self.runnable = True
        for name, value in attrs:
            if name.startswith("on") or name in RUNNABLE_ATTRIBUTES:
                self.runnable = True
            elif name in URL_ATTRIBUTES and value:
                scheme = IGNORED_IN_SCHEME.sub("", value).lower()
                if any(part.startswith(RUNNABLE_SCHEMES) for part in scheme.split(",")):
                    self.runnable = True

    handle_startendtag = handle_starttag


def runnable(html: str) -> bool:
    """Whether a body holds anything a browser would run or load."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.runnable


def without_scripts(html: str) -> str:
    """The body, cleaned when it holds anything runnable; else as it was."""
    if not runnable(html):
        return html
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)
