"""What HTML a bulletin's or page's text may hold, in one allow-list.

Markdown lets a writer put HTML in the text. Every build passes the HTML
Markdown makes through `clean()` (nh3, the Python binding of the Rust
sanitiser ammonia: a well-kept HTML5 parser, so no hand-written parsing of
markup decides what is safe), keeping only the elements, attributes and
address schemes below: no script, style, form, frame, embedded object,
`<link>`, `<meta>` or `<base>`; no event or style attribute; no
`javascript:` link. So nothing a content file says can run a program or
restyle a page, in `make html`, the preview or `make publish`; `make check`
names each line that would lose something (rules/markup.py), using the same
lists."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

TAGS = frozenset(
    {
        # text
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp", "var",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "cite", "dfn",
        "q", "span", "div", "time",
        # lists and tables
        "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        "colgroup", "col",
        # links, pictures, recordings
        "a", "img", "figure", "figcaption", "picture", "source", "audio", "video", "track", "details", "summary",
    }
)  # fmt: skip
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "audio": {"src", "controls", "preload", "loop"},
    "video": {"src", "controls", "preload", "poster", "width", "height", "loop"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "abbr": {"title"},
    "details": {"open"},
}
# Addresses with a scheme that may stay in a link or a picture; any other
# (javascript:, data:, vbscript:...) is removed with its attribute.
# Relative addresses and {filename}/{static} links have no scheme.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Elements removed with everything inside them (not only their tags).
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})


# Where an element makes the browser fetch another file. (tag, attribute); "*" = any tag.
RESOURCE_ATTRIBUTES = (
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("track", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("input", "src"),
    ("object", "data"),
    ("form", "action"),
    ("*", "data-bundle"),  # our search page: where Pagefind's files are
)
# Elements whose srcset lists several files (srcset_urls reads it).
SRCSET_TAGS = ("img", "source")
# The attributes whose address a browser fetches as the page loads (a link's
# href is fetched only when followed).
FETCHED = frozenset({"src", "srcset", "poster"})
NOT_FETCHED = ("mailto:", "tel:", "sms:", "data:", "javascript:")


def from_elsewhere(url: str) -> bool:
    """Whether a browser would fetch this address from another website: it
    names its own scheme or host (https://..., //...; browsers read a
    backslash as a slash, so \\host and /\\host too). {static} and relative
    addresses stay on the site; mailto: and the like fetch nothing."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(url)).strip().replace("\\", "/")
    if not url or url.lower().startswith(NOT_FETCHED):
        return False
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def srcset_urls(value: str) -> list[str]:
    """The addresses in a srcset: "a.png 1x, b.png 2x" -> [a.png, b.png]."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: nothing a page loads from another website
    (the privacy promise), in every build; make check names it."""
    if name in FETCHED:
        urls = srcset_urls(value) if name == "srcset" else [value]
        if any(from_elsewhere(url) for url in urls):
            return None
    return value


def allowed_attribute(tag: str, name: str) -> bool:
    return name in GENERIC_ATTRIBUTES or name in ATTRIBUTES.get(tag, ())


# A quoted attribute value as nh3 writes it (always in double quotes, a
# quote inside written &quot;).
QUOTED_VALUE = re.compile(r'="[^"]*"')


def _angles_escaped(match: re.Match) -> str:
    return match.group().replace("<", "&lt;").replace(">", "&gt;")


def clean(html: str) -> str:
    """The HTML with only what the allow-list above permits. A "<" or ">"
    inside an attribute's value is written as a reference: typogrify, which
    runs after, reads a tag as ending at the first ">", and would curl the
    rest of the value into text where the page could take it for new
    attributes. (In text the same replacement changes nothing a reader sees.)"""
    return QUOTED_VALUE.sub(_angles_escaped, _clean(html))


# The allow-list made into nh3's sanitiser once (nh3.clean would convert
# every list again for each text: a quarter of its time).
CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"*": set(GENERIC_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
    attribute_filter=_keep_attribute,
)


def _clean(html: str) -> str:
    return CLEANER.clean(html)
