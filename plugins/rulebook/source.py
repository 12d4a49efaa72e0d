"""A content file as the secretary wrote it: the line each field is on, and
the lines of the text below them. What the fields mean (a title, a date, a
slug, a status) is Pelican's to say: `make check` asks Pelican's reader
(content.py) and keeps from here only what Pelican cannot give, the line
numbers its messages point to, and whether the bytes are UTF-8 at all.

Field lines are found where Markdown's meta extension, which Pelican's
Markdown reader uses, finds them: `Key: value` lines at the top, an
optional `---` first line, lines indented by four spaces continue the
previous field, and the first empty line (or any other line) ends them."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


# Characters no reader sees and the site never publishes: C0 and C1 control
# characters but tab, line feed and carriage return (a NUL, Word's vertical
# tab for Shift+Enter), DEL, and invisible formatting characters (a
# zero-width space, a soft hyphen, a byte-order mark in the middle, marks of
# text direction). The joiner that makes one emoji of several (U+200D) and
# the tag letters of flags stay. The reader removes them before Markdown
# sees the text, so `Sta<zero-width space>tus: draft` is read as the Status
# it looks like and a number is read whole; rules/files.py names each one.
INVISIBLE = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0"
    "\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e001f\U000e0080-\U000e0fff"
)
# Kept only inside an emoji, where they belong (a joiner between two
# pictures, a variation selector or a flag's tag letters after one): next to
# a letter, figure or sign of the keyboard they are left out.
JOINERS = "\u200d\ufe00-\ufe0f"
TAG_LETTERS = "\U000e0020-\U000e007f"
UNSEEN_RE = re.compile(
    f"[{INVISIBLE}]|\u200d(?=[\x00-\x7f])|(?<=[\x00-\x7f])[{JOINERS}]|(?<![\U0001f3f4{TAG_LETTERS}])[{TAG_LETTERS}]"
)
# The line and paragraph separators no keyboard types: read as a space.
SEPARATORS = "\u2028\u2029"
SEPARATORS_RE = re.compile(f"[{SEPARATORS}]")
# Every character the two above could take, with none of their conditions,
# in order and with neighbours joined (so the regular expression engine tests
# few ranges): one look for a single character, several times faster than
# UNSEEN_RE's lookarounds tried at every place, and almost every file has
# none. tests/unit/test_rulebook_source.py holds it to the two above.
MAYBE_UNSEEN_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def unseen_removed(text: str) -> str:
    if not MAYBE_UNSEEN_RE.search(text):
        return text  # the usual case: nothing to leave out
    return SEPARATORS_RE.sub(" ", UNSEEN_RE.sub("", text))


class NotUTF8(Exception):
    """The file's bytes are not UTF-8; `line` is where the first bad byte is."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass
class Field:
    key: str  # as written: "Care_groups"
    line: int
    values: list[str]  # one per line: continuation lines add values

    @property
    def name(self) -> str:
        return self.key.lower()

    @property
    def value(self) -> str:
        """As written (for messages): continuation lines joined."""
        return " ".join(self.values).strip()


# One file is one Source: compared by identity ("is this a bulletin?" is a
# look-up among thousands, never a comparison of their lines).
@dataclass(eq=False)
class Source:
    path: Path
    rel: str  # inside the content folder: "bulletins/x.md"
    shown: str  # as the secretary knows it: "content/bulletins/x.md"
    lines: list[str]
    fields: list[Field] = field(default_factory=list)
    body_start: int = 0  # index in lines of the first line of the text
    ended_by_text: bool = False  # the fields were not followed by an empty line
    # What Pelican's reader made of the file (an Article or a Page); None
    # when Pelican cannot read it (an impossible date, say).
    read: Any = None
    unreadable: Exception | None = None  # why Pelican could not read it

    @property
    def metadata(self) -> dict:
        """The fields as Pelican read them ({} when it could not)."""
        return getattr(self.read, "metadata", None) or {}

    def get(self, name: str) -> Field | None:
        """The first field of that name (Pelican uses the first one)."""
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def value(self, name: str, default: str = "") -> str:
        f = self.get(name)
        return f.value if f else default

    def line_of(self, name: str) -> int:
        f = self.get(name)
        return f.line if f else 1

    @property
    def body(self) -> str:
        return "\n".join(self.lines[self.body_start :])

    def body_lines(self):
        """(line number, text) for each line below the fields."""
        for index in range(self.body_start, len(self.lines)):
            yield index + 1, self.lines[index]

    def body_line_at(self, offset: int) -> int:
        """The line number of a character offset in `body`."""
        return self.body_start + self.body.count("\n", 0, offset) + 1


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotUTF8(data.count(b"\n", 0, error.start) + 1) from None


# While the rules run (`one_reading`), each file is read from the disk once:
# the file rules and the parsing of every file Pelican read share it.
_remembered: dict[str, bytes] | None = None


@contextmanager
def one_reading():
    global _remembered  # noqa: PLW0603 - one run of the rules at a time, in one process
    outer = _remembered
    _remembered = {} if outer is None else outer
    try:
        yield
    finally:
        _remembered = outer


def reading_window() -> dict | None:
    """The current run of the rules' own memory (None outside one): what
    every file's rules would otherwise look up again, once per run."""
    return _remembered


def file_bytes(path: Path) -> bytes:
    if _remembered is None:
        return Path(path).read_bytes()
    key = str(path)
    if key not in _remembered:
        _remembered[key] = Path(path).read_bytes()
    return _remembered[key]


def parse(path: Path, content_root: Path, text: str | None = None) -> Source:
    """Read one file (or parse `text`, its text already read). Raises NotUTF8."""
    # As the reader reads it (safecontent), so that lines and fields are the ones Pelican sees.
    text = unseen_removed(decode(file_bytes(path)) if text is None else text)
    # Markdown's own clean-up before it reads the fields.
    lines = [line.expandtabs(4) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    rel = path.relative_to(content_root).as_posix()
    source = Source(path=path, rel=rel, shown=f"{content_root.name}/{rel}", lines=lines)
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or END_RE.match(line):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            current = Field(match.group("key").strip(), index + 1, [match.group("value").strip()])
            source.fields.append(current)
        else:
            more = META_MORE_RE.match(line)
            if more and current is not None:
                current.values.append(more.group("value").strip())
            else:
                source.ended_by_text = True
                break
        index += 1
    source.body_start = index
    return source
