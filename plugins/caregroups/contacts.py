"""What the site counts as a phone number and as an e-mail address: one
notion of each, used wherever contact details are looked for.

- the caregroups plugin hides a champion's or the branch's number or
  address written in a bulletin's text, and leaves out anyone else's in
  every build (generator.py);
- the rulebook refuses anyone else's, and any in a field, an attribute or
  a page (plugins/rulebook/rules/personal.py), in `make check` and in the
  build alike; the caregroups rules check a champion's Phone and Email;
- the privacy gate refuses a plain number or address in the built site
  (secretary/gates/).

Numbers are found by libphonenumber (`phonenumbers`, the port of Google's
library): its PhoneNumberMatcher, with region GB, at POSSIBLE leniency.
Two ways of writing one number are the same number when libphonenumber
reads them as the same international number: "020 8359 2088", "(0208) 359
2088", "+44 (0)208 359 2088", "0044 20 8359 2088", "0208.359.2088" and
"02083592088" are one (its `key`, +442083592088).

What we add around the matcher, and why:
- it only runs on a run of figures and separators holding at least seven
  digits (a cheap regular expression first): in pure Python it is slow, and
  most text has no such run;
- a number is written the way people write one: it starts with 0, "(0" or
  "+", never inside a word, a sum of money, a decimal or a path; a national
  one has at least nine digits after its 0 (what is shorter is a service's,
  "0800 1111", never a person's);
- dates and times are never numbers ("05-06-2024 14:00", "2007-07-03"): the
  matcher at POSSIBLE takes them, and at VALID it skips the numbers Ofcom
  keeps for drama ("07700 900123"), which are the ones examples use;
- a number followed by another figure ("020 8359 2088 2007") is lost by the
  matcher; the longest start of the run that is a number is taken then.

`ReadableText` is the text of an HTML fragment as a reader sees it (text
joined across inline elements, character references decoded), with where
each character came from, and the attribute values a reader or a program
sees (alt, title, aria-label, tel: and mailto: links), the web addresses
(href, src, cite...) and the names a web address can point to (id).

A web address or a name is read as a program reads it (`url_contacts`,
`name_contacts`): percent-decoded, each part of its path and each query
value on its own, a hyphen or underscore next to a letter read as a space
("call-07912-345678" holds 07912-345678), the digits of a WhatsApp address
(wa.me/447945678901) read as +447945678901. `heading_id` is the Markdown
toc extension's slugify that leaves such a number out of a heading's id."""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import phonenumbers
from markdown.extensions.toc import slugify as toc_slugify

REGION = "GB"
# The name of what a content object held as read, before the build hid or
# left out its contacts (generator.py keeps it; the rulebook reads it).
AS_READ = "contacts_as_read"
# A digit of another script ("０２０" in full-width figures): read as the
# figure it is, one character for one, so that places in the text stay put.
OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit, not 0-9: one test per character, no lookahead
# A run of figures with what people put between a number's groups: spaces
# (a no-break space, a thin one, a line break inside a paragraph), hyphens
# and dashes, dots, slashes, brackets, full-width forms of these. Never a
# colon (14:00) or a comma (£5,000,000). BLOCK, between paragraphs, ends it.
SEPARATORS = "\t\n \u00a0\u2007\u2009\u200a\u202f\u3000().\\-\u2010-\u2015\u2212/\uff08\uff09\uff0d\uff0e\uff0f"
RUN = re.compile(rf"[+(\uff08\uff0b]?[0-9](?:[{SEPARATORS}]*[0-9])*")
BLOCK = "\x1e"
SPACE = re.compile(r"\s")
ENOUGH_DIGITS = 7
# Not the last character of a number: "0208 359 2088." ends before the dot.
TRAILING = ".-(/\uff08\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
NATIONAL_DIGITS = 9  # after the leading 0: 020 8359 2088 has 10, some old area codes 9
# Dates and times, never numbers: 05-06-2024, 5/6/24, 2024-06-05, 14:00, 14.00.
DATE_OR_TIME = re.compile(
    r"(?<![0-9])(?:[0-3]?[0-9][./-][01]?[0-9][./-](?:[0-9]{4}|[0-9]{2})|[0-9]{4}[./-][01]?[0-9][./-][0-3]?[0-9])"
    r"(?:[T ]+[0-2]?[0-9](?:[:.][0-5][0-9]){1,2})?(?![0-9])"
    r"|(?<![0-9])[0-2]?[0-9]:[0-5][0-9](?![0-9])"
)
# What may not come just before a number (a word, money, a decimal, a path)
# or just after it (a word, a path).
NOT_BEFORE = re.compile(r"[\w£$€.,/+-]")
NOT_AFTER = re.compile(r"[\w/]")
# An address as it is written in text: both the part before the @ and the
# host may hold letters of any alphabet (josé@exämple.org), the host has at
# least one dot.
EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+")


@dataclass(frozen=True)
class Found:
    """A phone number or e-mail address in a text: where, as written, and
    its key (two ways of writing one number or address share a key)."""

    start: int
    end: int
    text: str
    key: str


def ascii_figures(text: str) -> str:
    """The text with every figure of another script written 0-9, one for one."""
    return OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)


def written_as_number(written: str) -> bool:
    """Starts the way people start a number: 0, "(0" or "+"."""
    return written.lstrip("(\uff08")[:1] in ("0", "+", "\uff0b")


@lru_cache(maxsize=1024)  # the same few numbers recur in every bulletin; parsing one takes a while
def phone_key(text: str) -> str | None:
    """The number `text` is, in one form (+442083592088), or None when
    libphonenumber does not read it as a possible number (UK unless it
    says otherwise)."""
    try:
        number = phonenumbers.parse(ascii_figures(text), REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number) or not long_enough(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def long_enough(number: phonenumbers.PhoneNumber) -> bool:
    """A person's number: a UK one has nine digits or more after the 0."""
    if number.country_code != 44:
        return True
    return len(phonenumbers.national_significant_number(number)) >= NATIONAL_DIGITS


@lru_cache(maxsize=4096)  # a run (a champion's number, a date) recurs across bulletins
def numbers_in_run(run: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, key) of each number in one run of figures and separators
    (ASCII figures), in order."""
    dates = [match.span() for match in DATE_OR_TIME.finditer(run)]

    def acceptable(start: int, end: int) -> bool:
        before = run[start - 1] if start else ""
        return (
            written_as_number(run[start:end])
            and (not before or before.isspace() or before in "(\uff08")
            and not any(start < date_end and date_start < end for date_start, date_end in dates)
        )

    found: list[tuple[int, int, str]] = []
    matcher = phonenumbers.PhoneNumberMatcher(run, REGION, leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if acceptable(match.start, match.end) and long_enough(match.number):
            key = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            found.append((match.start, match.end, key))
    # What the matcher loses: a number followed by another figure. From each
    # place a number may start, the longest run of whole groups that is one.
    position = 0
    for start in range(len(run)):
        if start < position or any(s <= start < e for s, e, _ in found):
            continue
        if not (run[start] in "0+(\uff08\uff0b" and (start == 0 or run[start - 1].isspace())):
            continue
        ends = [m.start() for m in re.finditer(r"\s+", run[start:])] + [len(run) - start]
        for length in reversed(ends):
            end = start + len(run[start : start + length].rstrip(TRAILING))
            written = run[start:end]
            if any(s < end and start < e for s, e, _ in found) or not acceptable(start, end):
                continue
            key = phone_key(written)
            if key:
                found.append((start, end, key))
                position = end
                break
    return tuple(sorted(found))


def phone_numbers(text: str) -> Iterator[Found]:
    """Each phone number in a text, as written (figures of any script)."""
    figures = ascii_figures(text)
    for run in RUN.finditer(figures):
        written = run.group()
        if sum(c.isdigit() for c in written) < ENOUGH_DIGITS:
            continue
        before = figures[run.start() - 1] if run.start() else ""
        # Any space is a space to the matcher (a line break inside a
        # paragraph, a no-break space); one character for one.
        for at, until, key in numbers_in_run(SPACE.sub(" ", written)):
            start, end = run.start() + at, run.start() + until
            if end < len(figures) and NOT_AFTER.match(figures[end]):
                continue
            if start == run.start() and before and NOT_BEFORE.match(before):
                continue
            yield Found(start, end, text[start:end], key)


def phone_number(value: str) -> Found | None:
    """The first number in a value (a champion's Phone field), or None when
    it holds none."""
    return next(phone_numbers(value), None)


def email_addresses(text: str) -> Iterator[Found]:
    """Each e-mail address in a text; its key is the address in small
    letters (an address is found in any capitals)."""
    if "@" not in text:
        return
    for match in EMAIL.finditer(text):
        yield Found(match.start(), match.end(), match.group(), email_key(match.group()))


def email_key(address: str) -> str:
    return address.strip().casefold()


def is_email(value: str) -> bool:
    """Whether a value (a champion's Email field) is one e-mail address."""
    return EMAIL.fullmatch(value.strip()) is not None


def contacts_in(text: str) -> list[Found]:
    """Each e-mail address and phone number in a text, in order."""
    found = [*email_addresses(text), *phone_numbers(text)]
    return sorted(found, key=lambda f: (f.start, -f.end))


# -- in web addresses and names -------------------------------------------------------

# A hyphen or underscore joining a word to a number ("call-07912-345678"):
# read as a space, one character for one, so that places stay put. A hyphen
# between figures stays (07912-345678 is written so; 2026-11-12 is a date).
WORD_JOIN = re.compile(r"[-_](?=[^\W\d_])|(?<=[^\W\d_])[-_]|_")
# Where the path or the query of a WhatsApp address is a number, written
# without its "+" (wa.me/447945678901, api.whatsapp.com/send?phone=44...).
WHATSAPP_HOSTS = frozenset(("wa.me", "whatsapp.com", "www.whatsapp.com", "api.whatsapp.com", "web.whatsapp.com"))
WHATSAPP_QUERY = frozenset(("phone",))


def as_words(text: str) -> str:
    return WORD_JOIN.sub(" ", text)


def name_contacts(name: str) -> list[Found]:
    """Each phone number and e-mail address in a name that becomes part of
    a web address or is one (a slug, a file name, an id, a path), as written
    there. Read twice: with its - / _ . as spaces (one for one; a date in it
    blanked first), and with a "+" before a group that starts with a
    country code ("call-sue-on-44-7700-900555": a slug drops the "+")."""
    if not has_enough_digits(name) and "@" not in name:
        return []
    words = as_words(name)
    found = [*email_addresses(name)]
    phones = [Found(f.start, f.end, name[f.start : f.end], f.key) for f in phone_numbers(words)]
    spaced = name_as_spaced_words(name)
    for f in [*phone_numbers(spaced), *international_numbers(spaced)]:
        if not any(p.start < f.end and f.start < p.end for p in phones):
            phones.append(Found(f.start, f.end, name[f.start : f.end], f.key))
    return sorted(found + phones, key=lambda f: (f.start, -f.end))


# What joins the groups of a number in a name: read as spaces.
NAME_JOINS = re.compile(r"[-/_.]")
YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def name_as_spaced_words(name: str) -> str:
    """A name with each - / _ . as a space, one character for one; a date
    ("2016-05-10", "2016/05/10") or a time blanked first, never a number."""
    figures = ascii_figures(name)
    blanked = DATE_OR_TIME.sub(lambda m: " " * len(m.group()), figures)
    return NAME_JOINS.sub(" ", blanked)


@lru_cache(maxsize=256)
def international_numbers(spaced: str) -> tuple[Found, ...]:
    """The numbers a name holds written without their "+" (a slug or an
    address cannot keep one): from each group of figures that starts with a
    country code libphonenumber knows (44, 353, 1...) and is not a year,
    read with a "+" before it. Positions are the spaced name's."""
    found: list[Found] = []
    for group in re.finditer(r"(?<![0-9])[1-9][0-9]*", spaced):
        start = group.start()
        if YEAR.fullmatch(group.group()) or any(f.start <= start < f.end for f in found):
            continue
        if not any(int(group.group()[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for n in (1, 2, 3)):
            continue
        variant = f"{spaced[:start]} +{spaced[start:]}"  # two characters in: positions after it move by two
        for f in phone_numbers(variant):
            if f.start == start + 1:
                found.append(Found(start, f.end - 2, spaced[start : f.end - 2], f.key))
                break
    return tuple(found)


def url_parts(url: str) -> list[str]:
    """The texts a web address holds, as a program reading it sees them:
    each part of its path, each query name and value, its fragment,
    percent-decoded; a WhatsApp address's number with its "+"."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed address (an unclosed [): read whole
        return [unquote(url)]
    whatsapp = host in WHATSAPP_HOSTS
    texts = [unquote(parts.netloc)] if parts.netloc else []
    for segment in parts.path.split("/"):
        text = unquote(segment)
        texts.append(f"+{text}" if whatsapp and text.isdigit() else text)
    for pair in parts.query.split("&"):
        key, _, value = (unquote(half) for half in pair.partition("="))
        texts += [key, f"+{value}" if whatsapp and key.lower() in WHATSAPP_QUERY and value.isdigit() else value]
    texts.append(unquote(parts.fragment))
    return [text for text in texts if text]


def url_contacts(url: str) -> list[Found]:
    """Each phone number and e-mail address in a web address (tel:, a
    query's phone= or email=, wa.me/...), as written in its decoded part."""
    if not has_enough_digits(url) and "@" not in url and "%" not in url:
        return []
    found = [found for part in url_parts(url) for found in name_contacts(part)]
    # A number split over the path's parts ("/call/07700/900555/"): the
    # decoded path read whole, "/" as a space; each number once.
    try:
        path = unquote(urlsplit(url.strip()).path)
    except ValueError:
        path = ""
    keys = {f.key for f in found}
    for whole in name_contacts(path) if path.count("/") > 1 else ():
        if whole.key not in keys:
            keys.add(whole.key)
            found.append(whole)
    return found


def without_contacts(name: str) -> str:
    """A name (a slug, a file name's stem) with each number and address in
    it left out, and the hyphens around them: "call-07912-345678" gives
    "call". Empty when nothing else is left."""
    kept, position = [], 0
    for found in name_contacts(name):
        kept.append(name[position : found.start])
        position = found.end
    kept.append(name[position:])
    return re.sub(r"([-_])[-_]+", r"\1", "-".join(part.strip("-_ ") for part in kept if part.strip("-_ ")))


def heading_id(value: str, separator: str) -> str:
    """The Markdown toc extension's slugify (its id for a heading), without
    a phone number: "Ring Helen on 020 8359 2088" gives "ring-helen-on"
    (every figure is left out of a heading that holds a number, so no part
    of it is left either). Any other heading keeps its id: "2026-pay-offer"."""
    if has_enough_digits(value) and next(phone_numbers(as_words(value)), None) is not None:
        value = DIGIT.sub("", value)
    return toc_slugify(value, separator)


def shown(text: str) -> str:
    """A number or address as a message shows it: on one line, single spaces."""
    return " ".join(text.split())


# -- the text of an HTML fragment, as a reader sees it ------------------------------------

# Elements whose start or end a reader sees as a break between words: a
# number is never read across one. Any other element (strong, em, a, span,
# code...) sits inside the text: "<strong>0208</strong> 359 2088" is one number.
BREAKS = frozenset(
    ("address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
     "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "img", "input", "li", "main", "nav", "ol", "p",
     "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul")
)  # fmt: skip
UNSEEN = frozenset(("script", "style", "template"))
# Attributes a reader or a program sees: shown on hover, read aloud, shown
# when a picture does not load.
SEEN_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder", "label")
# Attributes whose value is a web address, and those whose value is a name
# a web address can point to (#id): a program reading the page sees them.
URL_ATTRIBUTES = frozenset(("href", "src", "srcset", "cite", "action", "formaction", "poster", "data", "background",
                            "longdesc", "usemap", "xlink:href", "ping"))  # fmt: skip
NAME_ATTRIBUTES = frozenset(("id", "name"))
CONTACT_LINK = re.compile(r"\s*(?:tel|mailto|sms|callto):", re.IGNORECASE)
REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
RAW_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'`=<]+)))?""")


@dataclass
class Attribute:
    """One attribute value a reader or a program sees, as read (references
    decoded), with where its value is in the fragment (`start` == `end`
    for an attribute without a value) and the element it is on. Its kind:
    "text" (shown or read aloud), "contact" (a tel: or mailto: link), "url"
    (any other web address) or "name" (an id)."""

    tag: str
    name: str
    value: str
    start: int
    end: int
    quoted: bool
    kind: str = "text"

    def contacts(self) -> list[Found]:
        """The phone numbers and e-mail addresses in the value, read as its kind is read."""
        if self.kind == "text":
            return contacts_in(self.value)
        if self.kind == "name":
            return name_contacts(self.value)
        return url_contacts(self.value)


@dataclass
class ReadableText:
    """An HTML fragment's text as a reader sees it: `text` (BLOCK between
    paragraphs), and for each of its characters where it is in the
    fragment (`starts`, `ends`); `in_link` tells the characters inside an
    <a>. `attributes` are the values a reader or a program sees.

    The places are kept as runs (`runs`: text, start, end or None for a run
    of plain characters, in a link) and looked up per character only when
    asked (`place`): a fragment holds a few numbers among thousands of
    characters."""

    markup: str
    text: str = ""
    runs: list[tuple[str, int, int | None, bool]] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)

    @cached_property
    def run_starts(self) -> list[int]:
        """Where each run begins in `text`."""
        starts, at = [], 0
        for run in self.runs:
            starts.append(at)
            at += len(run[0])
        return starts

    def place(self, index: int) -> tuple[int, int, bool]:
        """Where the character at `index` of the text is in the fragment
        (start, end: a plain character is one place, a reference or a break
        takes its whole run's) and whether it is inside a link."""
        which = bisect.bisect_right(self.run_starts, index) - 1
        _, start, end, link = self.runs[which]
        if end is None:
            start += index - self.run_starts[which]
            end = start + 1
        return start, end, link

    def start_of(self, index: int) -> int:
        return self.place(index)[0]

    def in_a_link(self, start: int, end: int) -> bool:
        """Whether any character of the text from `start` to `end` is inside a link."""
        return any(self.place(index)[2] for index in range(start, end))

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """Where the text from `start` to `end` is in the fragment: one
        (start, end) per stretch not broken by a tag."""
        spans: list[tuple[int, int]] = []
        for index in range(start, end):
            begins, ends, _ = self.place(index)
            if begins == ends:
                continue  # a break, not in the fragment
            if spans and spans[-1][1] == begins:
                spans[-1] = (spans[-1][0], ends)
            else:
                spans.append((begins, ends))
        return spans


class _Reader(HTMLParser):
    """Python's own HTML parser, with character references left to us so
    that each character of the text keeps its place in the fragment."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=False)
        self.readable = ReadableText(markup)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", markup)]
        self.unseen = 0
        self.links = 0

    def position(self) -> int:
        """Where the parser is in the fragment (getpos's line and column, read
        as attributes: this is asked at every tag and run of text)."""
        return self.line_starts[self.lineno - 1] + self.offset

    def add(self, text: str, start: int, end: int | None) -> None:
        """A run of text at `start` in the fragment: plain characters one
        place each (`end` None), or a reference or break taking `start` to
        `end` whole."""
        if not self.unseen:
            self.readable.runs.append((text, start, end, self.links > 0))

    def brk(self) -> None:
        at = self.position()
        self.add(BLOCK, at, at)

    def handle_starttag(self, tag, attrs):
        self.element(tag, start=True)
        raw = self.get_starttag_text() or ""
        if "=" not in raw:
            return  # no attribute with a value (RAW_ATTRIBUTE needs an "="): most tags
        where = self.position()
        for match in RAW_ATTRIBUTE.finditer(raw, len(tag) + 1):
            name = match.group(1).lower()
            value_group = next((g for g in (3, 4, 5) if match.group(g) is not None), None)
            if not value_group:
                continue
            if name in SEEN_ATTRIBUTES:
                kind = "text"
            elif name in URL_ATTRIBUTES:
                kind = "url"
            elif name in NAME_ATTRIBUTES:
                kind = "name"
            else:
                continue
            value = html.unescape(match.group(value_group))
            if kind == "url" and name == "href" and CONTACT_LINK.match(value):
                kind = "contact"
            start, end = where + match.start(value_group), where + match.end(value_group)
            self.readable.attributes.append(Attribute(tag, name, value, start, end, value_group != 5, kind))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in BREAKS:
            self.handle_endtag(tag)

    def element(self, tag: str, start: bool) -> None:
        if tag in BREAKS:
            self.brk()
        elif tag in UNSEEN:
            self.unseen += 1 if start else -1 if self.unseen else 0
        elif tag == "a":
            self.links += 1 if start else -1 if self.links else 0

    def handle_endtag(self, tag):
        self.element(tag, start=False)

    def handle_data(self, data):
        self.add(data, self.position(), None)

    def reference(self) -> None:
        start = self.position()
        match = REFERENCE.match(self.readable.markup, start)
        raw = match.group() if match else "&"
        self.add(html.unescape(raw), start, start + len(raw))

    def handle_entityref(self, name):
        self.reference()

    def handle_charref(self, name):
        self.reference()


@lru_cache(maxsize=64)  # the rule and the build read the same fragment
def readable_text(markup: str) -> ReadableText:
    """The text and attributes of an HTML fragment as a reader sees them."""
    reader = _Reader(markup)
    reader.feed(markup)
    reader.close()
    readable = reader.readable
    readable.text = "".join([run[0] for run in readable.runs])
    return readable


def has_enough_digits(text: str) -> bool:
    """The cheap first look: could this text hold a phone number at all?"""
    return len(DIGIT.findall(text)) >= ENOUGH_DIGITS


# Nine figures in a row, perhaps with spaces, dashes, dots, brackets or
# slashes between them: the least a phone number has. Written to start with
# a figure, so that the search skips to the next figure in C (a pattern
# starting with a repeated group is tried at every character: five times slower).
NUMBER_RUN = re.compile(r"\d(?:[\s().\-\u2010-\u2015/+_]*\d){8}")
MARKUP_TAG = re.compile(r"<[^>]*>")
AT_SIGNS = ("@", "%40", "&#64", "&#x40", "&commat", "tel:", "mailto:")


@lru_cache(maxsize=8192)  # the build hides them, then the rulebook names them: one reading
def body_contacts(markup: str) -> tuple:
    """Every number and address in an HTML fragment as a reader or a program
    sees it, in the order they are written: (place in the fragment, the
    contact, the attribute it is in or None, whether inside a link)."""
    if not might_hold_contacts(markup):
        return ()
    readable = readable_text(markup)
    found = [
        (readable.start_of(c.start), c, None, readable.in_a_link(c.start, c.end)) for c in contacts_in(readable.text)
    ]
    for attribute in readable.attributes:
        found += [(attribute.start, c, attribute, False) for c in attribute.contacts()]
    return tuple(sorted(found, key=lambda entry: (entry[0], entry[1].start)))


def might_hold_contacts(markup: str) -> bool:
    """The cheap first look at an HTML fragment, in C-speed regular
    expressions, before it is read as a reader sees it (readable_text):
    could its text (tags left out, so **07700** 900123 is one run) or its
    attributes hold a phone number or an e-mail address at all? Most
    bulletins cannot, and are not read again."""
    lowered = markup.lower()
    if any(sign in lowered for sign in AT_SIGNS):
        return True
    if not has_enough_digits(markup):
        return False
    text = MARKUP_TAG.sub("", markup)
    if NUMBER_RUN.search(text) or NUMBER_RUN.search(markup):
        return True
    if "&" not in markup:
        return False  # no character reference to decode: nothing more to find
    return bool(NUMBER_RUN.search(html.unescape(text)) or NUMBER_RUN.search(html.unescape(markup)))


DIGIT = re.compile(r"\d")
