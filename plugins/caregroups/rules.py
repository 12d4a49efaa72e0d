"""The rules of a care-group or champion file, with their messages, in one
place: what each file must say (a title), how its fields are read (dates,
role, contact details, the care groups a champion belongs to), which names
and slugs clash, and when a champion is a former one.

The caregroups plugin reads the files through Pelican and builds its pages
from what `read_terms` returns, logging the problems as warnings; `make
check` reads the same files the same way and prints the same problems with
the line of the field each is about. Nothing here imports Pelican's
machinery: the files come in as Pelican's reader read them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pelican.utils import get_date
from rulebook.dates import DATE_ONLY, date_problem
from rulebook.slugs import safe_slug

from .contacts import is_email, phone_numbers
from .model import Directory, Entry, Problem, plain_text, split_names

TITLE_MISSING = "missing or empty; add a line like `Title: Older Adults` at the top"
PHONE_EXAMPLE = "020 8359 2088"
EMAIL_EXAMPLE = "name@example.org"
# `Phone_public: yes` prints a champion's number as text (readable without
# JavaScript and on paper); without it, or with `no`, the number stays
# behind the reveal button. E-mail addresses are always behind it.
PUBLIC_ANSWERS = {"yes": True, "no": False}


@dataclass(frozen=True)
class TermFile:
    """A care-group or champion file as Pelican's reader read it."""

    path: str  # inside the content folder: champions/helen-davies.md
    shown: str  # as the secretary knows it: content/champions/helen-davies.md
    metadata: Mapping[str, Any]  # lower-case field names, text escaped by the safecontent reader
    content: Any = None  # what Pelican read (the plugin shows its text on the term's page)

    @property
    def name(self) -> str:
        return self.metadata.get("title", "")

    @property
    def slug(self) -> str:
        # The reader made a Slug field safe; a file name is made safe here.
        return self.metadata.get("slug") or safe_slug(PurePosixPath(self.path).stem, {})

    def text(self, name: str) -> str:
        """A text field as the secretary wrote it (escaping undone)."""
        return plain_text(str(self.metadata.get(name, "")))


@dataclass
class ChampionFacts:
    """What a champion file says besides its name, as the site uses it: a
    Phone that is not a number is left out (the page is built without it)."""

    role: str = ""
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    email: str = ""
    phone: str = ""
    phone_public: bool = False  # `Phone_public: yes`: the number is printed as text
    care_groups: list = field(default_factory=list)  # the care groups' items, in the order written


@dataclass
class Terms:
    """Every care group and champion, by name and slug, and every problem."""

    care_groups: Directory
    champions: Directory
    problems: list[Problem]


def unreadable(shown: str, error: Exception) -> Problem:
    """A file Pelican's reader cannot read (the site leaves it out)."""
    message = f"cannot be read ({error}), so the site would leave it out; check the lines at its top"
    return Problem(shown, "File", message)


def is_former(until: datetime.datetime | None, today: datetime.date) -> bool:
    """A champion whose `Until` date is today or earlier is a former one."""
    return until is not None and until.date() <= today


def public_answer(value: str) -> bool | None:
    """What a `Phone_public` line says: True (yes), False (no, or no line),
    None when it says neither."""
    if not value.strip():
        return False
    return PUBLIC_ANSWERS.get(value.strip().casefold())


def phone_public(term: TermFile, phone: str, problems: list[Problem]) -> bool:
    """Whether the file marks its (valid) phone number public; a value that
    is neither yes nor no, or a yes with no number, is a problem and the
    number stays hidden."""
    written = term.text("phone_public")
    answer = public_answer(written)
    if answer is None:
        problems.append(
            Problem(
                term.shown,
                "Phone_public",
                f'"{written}" is neither yes nor no; write `Phone_public: yes` to print the phone number on the '
                "site, or remove the line to keep it behind a button",
            )
        )
        return False
    if answer and not term.text("phone"):
        problems.append(
            Problem(
                term.shown,
                "Phone_public",
                f"says yes, but the file has no phone number; add a line like `Phone: {PHONE_EXAMPLE}`, "
                "or remove this line",
            )
        )
    return answer and bool(phone)


def read_date(term: TermFile, field_name: str, problems: list[Problem]) -> datetime.datetime | None:
    """A date field (Since, Until) as Pelican reads a date; None when it is
    not given, or when it is not written year first (the rulebook's one
    date rule, rulebook/dates.py: a problem is added)."""
    value = term.metadata.get(field_name.lower())
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value
    written = plain_text(str(value))
    message = date_problem(written, DATE_ONLY)
    if message:
        problems.append(Problem(term.shown, field_name, message))
        return None
    return get_date(written)


def champion_facts(term: TermFile, care_groups: Directory, problems: list[Problem]) -> ChampionFacts:
    email, phone = term.text("email"), term.text("phone")
    if email and not is_email(email):
        problems.append(
            Problem(term.shown, "Email", f'"{email}" is not an e-mail address; write it like {EMAIL_EXAMPLE}')
        )
    numbers = list(phone_numbers(phone)) if phone else []
    if phone and not numbers:
        problems.append(Problem(term.shown, "Phone", f'"{phone}" is not a phone number; write it like {PHONE_EXAMPLE}'))
        phone = ""
    elif len(numbers) > 1:
        problems.append(
            Problem(
                term.shown,
                "Phone",
                f'"{phone}" holds {len(numbers)} phone numbers; give one number per champion, '
                f"e.g. Phone: {' '.join(numbers[0].text.split())}",
            )
        )
    public = phone_public(term, phone, problems)
    since = read_date(term, "Since", problems)
    until = read_date(term, "Until", problems)
    groups, unknown = care_groups.resolve(term.shown, "Care_groups", split_names(term.metadata.get("care_groups")))
    problems.extend(unknown)
    return ChampionFacts(
        role=term.metadata.get("role", ""),
        since=since,
        until=until,
        email=email,
        phone=phone,
        phone_public=public,
        care_groups=groups,
    )


def _register(directory: Directory, term: TermFile, item: Any, problems: list[Problem]) -> None:
    problems.extend(directory.add(Entry(term.name, term.slug, term.shown, item)))


def held_back(term: TermFile) -> bool:
    return term.metadata.get("status") in ("draft", "hidden")


def read_terms(
    care_group_files: Sequence[TermFile],
    champion_files: Sequence[TermFile],
    make_care_group: Callable[[TermFile], Any] = lambda term: term,
    make_champion: Callable[[TermFile, ChampionFacts], Any] = lambda term, facts: (term, facts),
) -> Terms:
    """Care groups first (a champion names them), then champions. A file
    without a title has no page and cannot be named, but every other
    problem in it is still reported. `make_*` make the item each name
    stands for (the plugin's URL wrappers)."""
    problems: list[Problem] = []
    care_groups: Directory = Directory("care group")
    champions: Directory = Directory("champion")
    # A draft (or hidden) care group or champion is not on the site yet:
    # no page, no feed, and no bulletin can name it.
    care_group_files = [term for term in care_group_files if not held_back(term)]
    champion_files = [term for term in champion_files if not held_back(term)]
    for term in care_group_files:
        if not plain_text(term.name):
            problems.append(Problem(term.shown, "Title", TITLE_MISSING))
            continue
        _register(care_groups, term, make_care_group(term), problems)
    for term in champion_files:
        named = bool(plain_text(term.name))
        if not named:
            problems.append(Problem(term.shown, "Title", TITLE_MISSING))
        facts = champion_facts(term, care_groups, problems)
        if named:
            _register(champions, term, make_champion(term, facts), problems)
    return Terms(care_groups, champions, problems)
