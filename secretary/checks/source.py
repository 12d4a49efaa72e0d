"""A content file as the secretary wrote it: fields with their line numbers,
and the text below them.

The fields are found the way Pelican's Markdown reader finds them
(markdown.extensions.meta): `Key: value` lines at the top, an optional
`---` first line, lines indented by four spaces continue the previous
field, and the first empty line (or any other line) ends them. Reading the
raw bytes ourselves gives line numbers and lets us say when a file is not
UTF-8, without building the site."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


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
        return " ".join(self.values).strip()

    @property
    def as_pelican_reads_it(self) -> str | list[str]:
        """One line gives a string; continuation lines give a list."""
        return self.values[0] if len(self.values) == 1 else list(self.values)


@dataclass
class Source:
    path: Path
    rel: str  # inside the content folder: "bulletins/x.md"
    shown: str  # as the secretary knows it: "content/bulletins/x.md"
    lines: list[str]
    fields: list[Field] = field(default_factory=list)
    body_start: int = 0  # index in lines of the first line of the text
    ended_by_text: bool = False  # the fields were not followed by an empty line

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


def parse(path: Path, content_root: Path) -> Source:
    """Read one file. Raises NotUTF8."""
    text = decode(path.read_bytes())
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


def content_files(root: Path, folders: list[str], exclude: list[str] = ()) -> list[Path]:
    """Markdown files under the given folders of the content folder, as
    Pelican's generators find them (hidden and editor backup files skipped)."""
    excluded = {(root / e).resolve() for e in exclude}
    found = []
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or path.suffix.lower() not in MARKDOWN_EXTENSIONS:
                continue
            if any(part.startswith(".") for part in path.relative_to(root).parts) or path.name.endswith("~"):
                continue
            if any(parent in excluded for parent in path.resolve().parents):
                continue
            found.append(path)
    return found
