"""What the site counts as a phone number and as an e-mail address: one
notion of each, used wherever contact details are looked for.

- the caregroups plugin hides a champion's or the branch's number or
  address written in a bulletin's text (generator.py);
- `make check` refuses anyone else's, and any in a field or a page
  (secretary/checks/content.py), and checks a champion's Phone and Email;
- the privacy gate refuses a plain address in the built site
  (secretary/gates/).

Two ways of writing one number are the same number when libphonenumber
(`phonenumbers`, the port of Google's library) reads them as the same
international number: "020 8359 2088", "0208 359 2088", "(0208) 359 2088",
"+44 20 8359 2088", "+44 (0)208 359 2088" and "02083592088" are one.

Finding numbers in running text is done here by hand rather than with
phonenumbers.PhoneNumberMatcher, which misses what we must find: at its
VALID leniency it skips numbers in the ranges Ofcom keeps for drama and
examples ("07700 900123"), which are exactly the ones people write in
examples and tests; at POSSIBLE it takes dates ("2007-07-03") and parts of
longer figures for numbers, and a number followed by another figure ("020
8359 2088 2007") it loses altogether. So a number is anything written the
way a UK number is (a leading 0, "(0" or +44, then ten or so digits with
spaces, dashes, dots or brackets between them) that libphonenumber accepts
as a possible number; a run of figures is cut back to the longest start
that is one."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

# Written like a UK number: never inside a word, a sum of money, a decimal,
# a path or a longer figure.
PHONE_LIKE = re.compile(r"(?<![\w+£$€.,/-])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s().-]{7,16}\d(?![\w/])")
REGION = "GB"
# A digit of another script ("０２０" in full-width figures): read as the
# figure it is, one character for one, so that places in the text stay put.
OTHER_DIGIT = re.compile(r"(?![0-9])\d")
# An address as it is written in text: the part before the @ may hold
# letters of any alphabet, the host is letters, digits and hyphens, with at
# least one dot.
EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Found:
    """A phone number or e-mail address in a text: where, as written, and
    its key (two ways of writing one number or address share a key)."""

    start: int
    end: int
    text: str
    key: str


@lru_cache(maxsize=1024)  # the same few numbers recur in every bulletin; parsing one takes a while
def phone_key(text: str) -> str | None:
    """The number `text` is, in one form (+442083592088), or None when
    libphonenumber does not read it as a possible UK number."""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_numbers(text: str) -> Iterator[Found]:
    """Each phone number in a text, as written. A run of figures that is not
    one number ("020 8359 2088 2007") gives the longest start that is."""
    figures = OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)
    if "0" not in figures:  # every number written the UK way has one: most text is done here
        return
    for match in PHONE_LIKE.finditer(figures):
        words = list(re.finditer(r"\S+", match.group()))
        for word in reversed(words):
            written = match.group()[: word.end()].rstrip(".-(")
            key = phone_key(written)
            if key:
                end = match.start() + len(written)
                yield Found(match.start(), end, text[match.start() : end], key)
                break


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
