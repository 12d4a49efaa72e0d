"""What a bulletin or a page must have to be published as the secretary
means it: text saved as UTF-8 (any content file), a title, a known Status, a text (not the example `make newpost`
leaves), a date (a real one in the file's name), a Series_index in figures
and, on a page, a template the theme has.

In a build, Pelican leaves out a file without a title, a date or a known
Status and says so itself (secretary/build.py says it in these words), so
those rules speak only where Pelican read the file anyway: in `make check`.
The others the build mends on its own (the reader drops a Series_index that
is not a number, plugin.py replaces an unknown template), so they are said
by every build, as here."""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath

from pelican.readers import METADATA_PROCESSORS, parse_path_metadata

from caregroups.model import plain_text
from publishing import buildtime

from ..book import BULLETIN, NOT_UTF8_NAME, PAGE, ContentFile, Item, file_rule, printable, rule
from ..problem import Problem
from ..source import NotUTF8, decode, file_bytes
from .dates import date_field_problems
from .files import CONTENT_FOLDERS, MARKDOWN_TYPES, extension, in_folders

SCHEDULED = "scheduled"  # a Problem's severity: said by make check, not an error

# The example text `make newpost` leaves below the fields.
PLACEHOLDER = "Write the bulletin here, below the empty line. Leave this line out when you start."

EXAMPLE_TITLE = "Branch meeting on care budgets"
EXAMPLE_DATE = "2026-11-23 10:00"
MESSAGES = {
    "title": f"missing or empty; add a line like `Title: {EXAMPLE_TITLE}` at the top",
    "status": 'unknown status "{status}"; write "Status: draft" to keep it off the live site, or remove the line '
    "to publish it",
    "date": f"missing; add a line like `Date: {EXAMPLE_DATE}`, or start the file name with the date (YYYY-MM-DD-)",
}
EXTENDS_RE = re.compile(r"""\{%-?\s*extends\s+["'](?P<parent>[^"']+)\.html["']""")


def metadata(item: Item) -> dict:
    """The fields as Pelican read them ({} when it could not)."""
    return getattr(item.read, "metadata", None) or {}


def kind_of(item: Item) -> str:
    return "bulletin" if item.kind == BULLETIN else "page"


def name_fields(item: Item, settings: dict) -> dict:
    """What Pelican reads from the file's name (FILENAME_METADATA: the
    date and slug of 2020-01-02-pay.md), as written."""
    return parse_path_metadata(source_path=item.source.rel, settings=settings)


def unreadable_date(value: str, settings: dict) -> bool:
    """Whether Pelican's reader fails on this value of a Date or Modified field."""
    try:
        METADATA_PROCESSORS["date"](value, settings)
    except (ValueError, OverflowError):
        return True
    return False


def unreadable_dates(item: Item, settings: dict) -> bool:
    """Whether a date in the file's name or fields stops Pelican reading it."""
    from_name = name_fields(item, settings).get("date")
    written = [item.source.get(name) for name in ("date", "modified")]
    return (from_name is not None and unreadable_date(from_name, settings)) or any(
        f is not None and unreadable_date(f.values[0], settings) for f in written
    )


def build_time(settings: dict) -> datetime.datetime:
    """The build's one clock (plugins/publishing), in the site's time zone."""
    return buildtime.now(settings).astimezone(buildtime.zone(settings))


def is_scheduled(item: Item, settings: dict) -> bool:
    """A bulletin dated after the build time: not on the live site yet."""
    date = getattr(item.read, "date", None)
    return item.kind == BULLETIN and date is not None and date > build_time(settings)


def shown_date(when: datetime.datetime) -> str:
    return when.strftime("%-d %B %Y at %H:%M")


def is_whole_number(value: str) -> bool:
    """As the series plugin reads Series_index (int())."""
    try:
        int(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8)
def theme_templates(theme: str) -> dict[str, tuple[str, ...]]:
    """The theme's templates a bulletin ("article") or a page ("page") may
    name in a Template field: that one and those built on it, however
    deep (contact.html extends page.html). Empty when the theme is not a
    folder."""
    folder = Path(theme) / "templates"
    parents = {}
    for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        match = EXTENDS_RE.search(path.read_text(encoding="utf-8", errors="replace"))
        parents[path.stem] = match.group("parent") if match else None
    usable: dict[str, list[str]] = {"article": [], "page": []}
    for name in parents:
        ancestor, seen = name, set()
        while ancestor and ancestor not in seen:
            if ancestor in usable:
                usable[ancestor].append(name)
                break
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
    return {kind: tuple(names) for kind, names in usable.items()}


@rule
def title_and_status(item: Item, settings):
    """A title, and a Status Pelican knows (it would leave the file out)."""
    if item.kind not in (BULLETIN, PAGE) or item.read is None:
        return
    source = item.source
    if not plain_text(metadata(item).get("title", "")):
        yield item.problem("Title", MESSAGES["title"], source.line_of("title"))
    status = metadata(item).get("status")
    if status is not None and status not in type(item.read).allowed_statuses:
        written = source.get("status")
        yield item.problem("Status", MESSAGES["status"].format(status=written.value), written.line)


@rule
def body_written(item: Item, settings):
    """A text below the fields, and not the example make newpost leaves
    (normal in a draft; an error once the bulletin is to be published)."""
    if item.kind not in (BULLETIN, PAGE):
        return
    source = item.source
    body = source.body
    if not body.strip():
        yield item.problem(
            "Body",
            f"empty; write the {kind_of(item)} below the fields, after one empty line",
            min(source.body_start + 1, len(source.lines)),
        )
    elif PLACEHOLDER in body and item.read is not None and metadata(item).get("status") != "draft":
        yield item.problem(
            "Body",
            f"still has the example line from make newpost; replace it with the {kind_of(item)}",
            source.body_line_at(body.index(PLACEHOLDER)),
        )


@rule
def values_the_build_reads(item: Item, settings):
    """Fields read as a number or a template name: the reader drops a
    Series_index that is not a number, and a page's unknown template is
    replaced by the usual one (plugin.py)."""
    if item.kind not in (BULLETIN, PAGE):
        return
    source = item.source
    index = source.value("series_index") or None  # as written: the reader drops one that is not a number
    if index is not None and not is_whole_number(index):
        yield item.problem(
            "Series_index",
            f'"{index}" is not a number; write the place in the series in figures, e.g. Series_index: 2',
            source.line_of("series_index"),
        )
    template = metadata(item).get("template")
    usable = theme_templates(settings.get("THEME") or "")["page"]
    # A bulletin has one template (rules/fields.py refuses the field there).
    if item.kind == PAGE and template is not None and usable and template not in usable:
        yield item.problem(
            "Template",
            f'there is no template "{template}" for a page; leave the line out to use the usual one, or '
            f"write one of: {', '.join(usable)}",
            source.line_of("template"),
        )


@rule
def bulletin_date(item: Item, settings):
    """A real date in the file's name; a date at all; and a bulletin dated
    after the build time, which is scheduled (not an error)."""
    if item.kind != BULLETIN:
        return
    source = item.source
    from_name = name_fields(item, settings).get("date")
    if from_name and unreadable_date(from_name, settings):
        yield item.problem(
            "File",
            f'the date in the file name, "{from_name}", is not a real date; rename the file '
            "YYYY-MM-DD-name.md with a real date",
        )
    if any(written.name == "date" for written, _ in date_field_problems(item)):
        return  # not written year first (rules/dates.py): no guessed date is used
    bulletin = item.read
    if bulletin is None:
        return
    if not hasattr(bulletin, "date"):
        yield item.problem("Date", MESSAGES["date"])
        return
    # Pelican's own date (in the site's TIMEZONE), against the build time;
    # the status as written (Pelican makes a future bulletin a draft by the clock).
    if bulletin.date > build_time(settings) and metadata(item).get("status") != "draft":
        yield item.problem(
            "Date",
            f"scheduled for {shown_date(bulletin.date)}: it appears on the live site that day; "
            'add "Status: draft" to hold it back',
            source.line_of("date"),
            severity=SCHEDULED,
        )


@file_rule
def utf8_text(entry: ContentFile, settings):
    """A Markdown file of a content folder whose bytes are not UTF-8:
    Pelican cannot read it, and some letters would show wrongly."""
    if extension(entry.rel) not in MARKDOWN_TYPES or entry.path.is_symlink() or not entry.path.is_file():
        return
    if not in_folders(entry.rel, [folder for name in CONTENT_FOLDERS for folder in settings.get(name) or ()]):
        return
    try:
        decode(file_bytes(entry.path))
    except NotUTF8 as error:
        yield Problem(
            entry.shown,
            "File",
            'is not saved as UTF-8 text, so some letters would show wrongly; in your editor use "Save as" and '
            'choose the encoding "UTF-8"',
            line=error.line,
        )
    except OSError:
        return


@file_rule
def utf8_name(entry: ContentFile, settings):
    """A file (or a folder on its way) whose name holds a byte that is not
    UTF-8 (a name made on an old system): the build leaves it out."""
    if not re.search(NOT_UTF8_NAME, entry.rel):
        return
    parts = PurePosixPath(entry.rel).parts
    first = next(index for index, part in enumerate(parts) if re.search(NOT_UTF8_NAME, part))
    better = re.sub(NOT_UTF8_NAME, "", parts[first]) or "name"
    if first < len(parts) - 1:  # a folder's name: said once, of the folder
        folder = ContentFile(entry.root, "/".join(parts[: first + 1]))
        yield folder.problem(
            'the folder\'s name holds a letter that is not saved as UTF-8 (shown as "\ufffd"), so the site leaves '
            f"out everything in it; rename the folder with plain letters, e.g. {printable(better)}"
        )
        return
    yield entry.problem(
        'its name holds a letter that is not saved as UTF-8 (shown as "\ufffd"), so the site leaves the file out; '
        f"rename it with plain letters, e.g. {printable(better)}"
    )
