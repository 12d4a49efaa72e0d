"""Files in content/ that are not what they seem.

- A symbolic link (to a file or a folder), anywhere: Pelican follows links,
  so a link in images/ would publish its target (/etc/passwd, the build's
  environment, .git, raw drafts). Refused by name here; the build reads no
  Markdown through one (safecontent's reader refuses it, `refuse_linked`)
  and copies no static file that is one (plugin.py, `publishable_static`).
- A static file (images/) of a type the site does not publish: only the
  pictures and documents of STATIC_TYPES; an SVG or a web page could run a
  program on the site's own address. The build leaves them out too.
- A file in a content folder that Pelican would silently leave out (a
  `.txt`, a Word document, `.MD` in capitals) or read without our safe
  reader (`.html`, `.rst`): said, with how to rename it.
- Control characters (a NUL, Word's Shift+Enter) in a file Pelican reads:
  the feeds cannot hold them, and the build stopped naming no file.
- Word paste: a paragraph starting with a tab (a cut-off code block) and
  "•" bullets (one run-on paragraph)."""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..book import ContentFile, Item, file_rule, rule
from ..problem import Problem
from ..slugs import safe_slug
from ..source import UNSEEN_RE, NotUTF8, decode, file_bytes, parse, unseen_removed

# What a static path publishes, by file type (lower case): pictures a
# browser shows as pictures, PDF documents, and recordings a browser plays.
# Nothing that a browser would run or show as a page of the site (SVG,
# HTML, XML, scripts, style sheets). docs/WRITING.md lists them too.
PICTURES = ("png", "jpg", "jpeg", "gif", "webp", "avif")
DOCUMENTS = ("pdf",)
RECORDINGS = ("mp3", "m4a", "mp4", "webm")
STATIC_TYPES = frozenset(PICTURES + DOCUMENTS + RECORDINGS)
ALLOWED = (
    "only pictures (.png, .jpg, .gif, .webp, .avif), PDF documents (.pdf) and recordings (.mp3, .m4a, .mp4, .webm) "
    "are published"
)

# The types Pelican reads as content through our safe Markdown reader.
MARKDOWN_TYPES = ("md", "markdown", "mkd", "mdown")
# The folders whose files Pelican reads as content (the care-group paths
# are set by the caregroups plugin, the events' by the events plugin).
CONTENT_FOLDERS = ("ARTICLE_PATHS", "PAGE_PATHS", "CAREGROUP_PATHS", "CHAMPION_PATHS", "EVENT_PATHS")

WORD_TYPES = {
    "docx": "a Word document",
    "doc": "a Word document",
    "odt": "a LibreOffice document",
    "rtf": "a Rich Text document",
    "pages": "an Apple Pages document",
}


class LinkedFile(Exception):
    """A content file reached through a symbolic link: never read."""


def linked_part(root: Path, rel: str) -> Path | None:
    """The first part of `rel` under the content folder that is a symbolic
    link (the file itself, or a folder on the way), or None."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def outside(root: Path, path: Path) -> bool:
    """Whether `path`, links followed, is not inside the content folder."""
    real_root = _real(str(root))
    real = os.path.realpath(path)
    return not (real == real_root or real.startswith(real_root + os.sep))


@lru_cache(maxsize=16)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def no_link_on_the_way(root: str, rel: str) -> bool:
    """Whether no part of `rel` inside the content folder is a symbolic link
    and `rel` does not climb out of it (".."): then the file is inside the
    folder, reached through no link. One lstat per part of `rel` (two for a
    bulletin), where os.path.realpath asks of every folder from / down."""
    parts = rel.split("/")
    if ".." in parts:
        return False
    path = root
    try:
        for part in parts:
            path = os.path.join(path, part)  # noqa: PTH118 - a string: Path costs more than the lstat
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return False
    except OSError:
        return False  # not there: the slower look below decides, as before
    return True


def refuse_linked(root, source_path) -> None:
    """Raise LinkedFile, in words for the secretary, when a content file is
    a link, is inside a linked folder, or lies outside the content folder."""
    root = Path(root)
    path = Path(source_path)
    if not path.is_absolute():
        path = root / path
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        raise LinkedFile("it is not inside the content folder, and the site reads nothing from elsewhere") from None
    if no_link_on_the_way(str(root), rel):
        return  # the usual case: no link on the way, inside the folder
    link = linked_part(root, rel)
    if link is not None or outside(root, path):
        raise LinkedFile(
            "it is a link to another file, and the site reads nothing through a link; copy the file itself into "
            "the folder instead"
        )


def in_folders(rel: str, folders) -> bool:
    for written in folders or ():
        folder = str(written).strip("/")
        if folder in ("", ".") or rel == folder or rel.startswith(folder + "/"):
            return True
    return False


def extension(rel: str) -> str:
    """The file type as written (case kept): "MD" for notes.MD."""
    name = PurePosixPath(rel).name
    return name.rsplit(".", 1)[1] if "." in name.strip(".") else ""


def is_static(rel: str, settings) -> bool:
    return in_folders(rel, settings.get("STATIC_PATHS")) and not in_folders(rel, settings.get("STATIC_EXCLUDES"))


# A published file's name is part of its web address, which Pelican prints
# into every {static} link as it is: letters, digits, "-", "_" and "." only
# (a quote in a name would end the link's attribute and start markup).
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def safe_name(rel: str) -> bool:
    return all(SAFE_NAME.match(part) for part in PurePosixPath(rel).parts)


def publishable_static(root: Path, rel: str) -> bool:
    """What the build may copy from content/ as it is: a regular file, not
    through a link, inside the content folder, of an allowed type, with a
    name that is safe in a web address."""
    path = root / rel
    return (
        linked_part(root, rel) is None
        and not outside(root, path)
        and path.is_file()
        and extension(rel).lower() in STATIC_TYPES
        and safe_name(rel)
    )


# -- symbolic links ---------------------------------------------------------------


@file_rule
def symbolic_links(entry: ContentFile, settings):
    if not entry.path.is_symlink():
        return
    target = entry.path.readlink()
    folder = PurePosixPath(entry.shown).parent
    if entry.path.is_dir():
        yield entry.problem(
            f"is a link to a folder ({target}), and the site publishes nothing through a link; "
            f"copy the files themselves into {folder}/ instead"
        )
    else:
        yield entry.problem(
            f"is a link to another file ({target}), and the site publishes nothing through a link; "
            f"copy the file itself into {folder}/ instead"
        )


# -- static files (images/) ----------------------------------------------------------


def static_message(rel: str) -> str | None:
    kind = extension(rel).lower()
    if kind in STATIC_TYPES:
        return None
    name = PurePosixPath(rel).stem or PurePosixPath(rel).name
    if kind == "svg":
        return (
            "is an SVG picture, which can hold a program that would run on the site, so it is not published; "
            f"save it as a PNG picture instead ({name}.png: most drawing programs have Export, PNG)"
        )
    if kind in ("htm", "html", "xhtml", "shtml", "xml", "xsl", "xslt"):
        return (
            "is a web page (or XML), which would run as a page of the site, so it is not published; write it as a "
            f"page in content/pages/ instead, or save it as a PDF ({name}.pdf)"
        )
    if kind in ("js", "mjs", "css", "wasm"):
        return "is a program or style sheet, which the site does not publish from content/; remove it"
    shown = f'a ".{extension(rel)}" file' if kind else "a file without a type (.png, .pdf, ...)"
    return f"is {shown}, which the site does not publish; {ALLOWED}: save it as one of those"


@file_rule
def static_types(entry: ContentFile, settings):
    if not is_static(entry.rel, settings) or entry.path.is_symlink() or not entry.path.is_file():
        return
    message = static_message(entry.rel)
    if message:
        yield entry.problem(message)
    elif not safe_name(entry.rel):
        name = PurePosixPath(entry.rel)
        better = f"{safe_slug(name.stem, {})}{name.suffix.lower()}"
        yield entry.problem(
            "the name may only use letters, digits, hyphens, underscores and dots (it is part of a web address), so "
            f"the file is not published; rename it to {better}"
        )


# -- files in content folders that Pelican would leave out ------------------------------


def markdown_name(rel: str) -> str:
    """The name the file should have: notes.md for notes.txt, notes.md.txt, notes.docx."""
    name = PurePosixPath(rel).name
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    if extension(stem).lower() in MARKDOWN_TYPES:
        stem = stem.rsplit(".", 1)[0]
    return f"{stem}.md"


def unread_message(rel: str, folder: str) -> str | None:  # noqa: PLR0911 - one answer per kind of file
    written = extension(rel)
    kind = written.lower()
    if written in MARKDOWN_TYPES:
        return None
    name = markdown_name(rel)
    if kind in MARKDOWN_TYPES:
        return f'has its file type in capitals (".{written}"), so the site leaves it out; rename it to {name}'
    if kind == "txt":
        return f'is saved as a text file (".txt", as Notepad does), so the site leaves it out; rename it to {name}'
    if kind in WORD_TYPES:
        return (
            f"is {WORD_TYPES[kind]}, which the site cannot read; open it, copy the text into a new file named "
            f"{folder}/{name} (with the fields at the top), and remove this one"
        )
    if kind in ("htm", "html", "xhtml", "rst"):
        return (
            f'is not a Markdown file (".{written}"), so the site leaves it out; copy its text into a new file named '
            f"{folder}/{name}, and remove this one"
        )
    if kind in STATIC_TYPES:
        return (
            f"is a picture or document, which is published from content/images/ only; move it there and link to it "
            f"with {{static}}/images/{PurePosixPath(rel).name}"
        )
    return f"is not a Markdown file, so the site leaves it out; rename it to {name} if it is one, or remove it"


@file_rule
def unread_files(entry: ContentFile, settings):
    folders = [folder for name in CONTENT_FOLDERS for folder in settings.get(name) or ()]
    if not in_folders(entry.rel, folders) or is_static(entry.rel, settings):
        return
    if entry.path.is_symlink() or not entry.path.is_file():
        return
    message = unread_message(entry.rel, str(PurePosixPath(entry.shown).parent))
    if message:
        yield entry.problem(message)


# -- control characters ------------------------------------------------------------------

CONTROL_RE = UNSEEN_RE  # what the reader leaves out (source.py)
CONTROL_NAMES = {
    "\x0b": "a line break pasted from Word (a vertical tab)",
    "\x0c": "a page break (a form feed)",
    "\x00": "an invisible NUL character",
    "\u200b": "an invisible zero-width space",
    "\u200c": "an invisible zero-width non-joiner",
    "\u00ad": "an invisible soft hyphen",
    "\u2060": "an invisible word joiner",
    "\ufeff": "an invisible byte-order mark",
    "\u200e": "an invisible left-to-right mark",
    "\u200f": "an invisible right-to-left mark",
    "\u200d": "an invisible zero-width joiner",
    "\u034f": "an invisible grapheme joiner",
    "\u2028": "a line separator (read as a space)",
    "\u2029": "a paragraph separator (read as a space)",
}


def text_lines(text: str) -> list[str]:
    """The lines as source.parse numbers them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@file_rule
def control_characters(entry: ContentFile, settings):
    if extension(entry.rel) not in MARKDOWN_TYPES or entry.path.is_symlink() or not entry.path.is_file():
        return
    try:
        text = decode(file_bytes(entry.path))
        if unseen_removed(text) == text:
            return  # the usual case, said quickly
        source = parse(entry.path, entry.root)
    except (NotUTF8, OSError):
        return  # not UTF-8: reported as such
    field_at = {f.line + i: f.key for f in source.fields for i in range(len(f.values))}
    for number, line in enumerate(text_lines(text), start=1):
        kept = unseen_removed(line)
        if kept == line:
            continue
        # The first character the reader leaves out (or reads as a space).
        char = next((a for a, b in zip(line, kept + "\0", strict=False) if a != b), line[-1])
        what = CONTROL_NAMES.get(char, f"an invisible character (U+{ord(char):04X})")
        fix = "retype the line, pressing Enter where it should break" if char == "\x0b" else "retype the line"
        message = f"contains {what}, which the site cannot publish; {fix}"
        yield Problem(entry.shown, field_at.get(number, "Body"), message, line=number)


# -- Word paste ------------------------------------------------------------------------

FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
LIST_RE = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s")
WORD_BULLET_RE = re.compile(r"^\s*(?P<bullet>[•·◦▪])[\t ]+\S")
TAB_PARAGRAPH = (
    "starts with a tab (Word's first-line indent), which would show the paragraph as a cut-off block of code; "
    "remove the tab at the start of the line"
)


@rule
def word_paste(item: Item, settings):
    body = item.source.lines[item.source.body_start :]
    if not any(line[:1] == " " or WORD_BULLET_RE.match(line) for line in body):
        return  # no indented line (source.py expands tabs) and no bullet: nothing to read again
    try:
        raw = text_lines(decode(file_bytes(item.source.path)))
    except (NotUTF8, OSError):
        return
    fence = None
    previous = ""
    in_list = False  # a tab-indented paragraph after a list item continues the item
    for index in range(item.source.body_start, len(raw)):
        line = raw[index]
        fenced = FENCE_RE.match(line)
        if fence is not None or fenced:
            if fence is None:
                fence = fenced.group(1)
            elif fenced and fenced.group(1) == fence:
                fence = None
            previous = line
            continue
        if line.strip():
            paragraph_start = not previous.strip()
            if LIST_RE.match(line):
                in_list = True
            elif paragraph_start and line[:1] not in (" ", "\t"):
                in_list = False
            if line.startswith("\t") and paragraph_start and not in_list:
                yield item.problem("Body", TAB_PARAGRAPH, index + 1)
            bullet = WORD_BULLET_RE.match(line)
            if bullet:
                yield item.problem(
                    "Body",
                    f'starts with a "{bullet.group("bullet")}" bullet pasted from Word, which would run into the lines '
                    'around it as one paragraph; start the line with "- " for a list, after an empty line',
                    index + 1,
                )
        previous = line
