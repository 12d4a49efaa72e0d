"""How a reader reaches a person: no contact route on the site may end
without a phone number, an address to write to or an e-mail address.

- The branch office's own details are BRANCH_CONTACT (pelicanconf.py): its
  address and phone number are printed as text, its e-mail address behind
  the reveal control.
- Until the branch fills them in, the site falls back on routes it knows:
  the convenor (BRANCH_CONVENOR names their champion file) and UNISON's
  national helpline (UNISON_HELPLINE), which every page may print.
- A champion's own number is printed as text only when their file says
  `Phone_public: yes` (rules.py reads it); otherwise it is behind the
  reveal control, as every e-mail address is.

`public_phone_keys` is the one list of the numbers a page may print as text:
the build leaves them as written (generator.py), the rulebook's personal-data
rule accepts them (rulebook/rules/personal.py) and so does the privacy gate
(secretary/gates). Nothing here imports Pelican's machinery."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .contacts import phone_number
from .model import Directory, plain_text

# (key in BRANCH_CONTACT, what `make publish` calls it when it is missing)
BRANCH_DETAILS = (("address", "address to write to"), ("phone", "phone number"), ("email", "e-mail address"))
SETTINGS_FILE = "pelicanconf.py"


def missing_branch_details(settings: dict) -> list[str]:
    """What the branch has not filled in of BRANCH_CONTACT, in words."""
    branch = settings.get("BRANCH_CONTACT") or {}
    return [words for key, words in BRANCH_DETAILS if not str(branch.get(key) or "").strip()]


def missing_details_note(settings: dict, champions: Directory | None = None) -> str | None:
    """The note `make publish` prints while BRANCH_CONTACT is not filled in:
    which details are missing and what the site gives instead (the
    convenor, when `champions` knows the name BRANCH_CONVENOR gives). None
    when nothing is missing."""
    missing = missing_branch_details(settings)
    if not missing:
        return None
    said = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    instead = []
    convenor = str(settings.get("BRANCH_CONVENOR") or "").strip()
    if convenor and (champions is None or champions.find(convenor) is not None):
        instead.append(f"the convenor {convenor} (BRANCH_CONVENOR)")
    elif convenor:
        instead.append(f'no convenor (no champion file has the title "{convenor}" that BRANCH_CONVENOR gives)')
    helpline = settings.get("UNISON_HELPLINE") or {}
    if helpline.get("phone"):
        instead.append(f"{helpline.get('name') or 'UNISON'}, {helpline['phone']} (UNISON_HELPLINE)")
    gives = " and ".join(instead) + " instead" if instead else "no route: set BRANCH_CONVENOR or UNISON_HELPLINE"
    verb = "is" if len(missing) == 1 else "are"
    return (
        f"the branch office's {said} {verb} not filled in (BRANCH_CONTACT in {SETTINGS_FILE}); "
        f"until they are, the Contact page and the champions without details of their own give {gives}"
    )


def tel_href(phone: str) -> str:
    """A tel: address for a number as written ("tel:+442083592088"), or ""."""
    number = phone_number(phone) if phone else None
    return f"tel:{number.key}" if number else ""


def public_phone_keys(settings: dict, champion_phones: Iterable[tuple[str, bool]]) -> frozenset[str]:
    """The keys (contacts.py) of the numbers a page may print as text: each
    champion's marked public (`(phone, public)` pairs), the branch office's
    and UNISON's helpline."""
    numbers = [phone for phone, public in champion_phones if public and phone]
    numbers.append(str((settings.get("BRANCH_CONTACT") or {}).get("phone") or ""))
    numbers.append(str((settings.get("UNISON_HELPLINE") or {}).get("phone") or ""))
    found = (phone_number(number) for number in numbers if number.strip())
    return frozenset(number.key for number in found if number is not None)


@dataclass(frozen=True)
class Route:
    """One way to reach a person, as the theme shows it. `kind` is phone,
    email or address; `public` tells whether it is printed as text (a phone
    number marked public, an address) or behind the reveal control. `who`
    is the person or office it reaches (plain text), `role` what they are,
    `url` their page on this site (relative to SITEURL), if any; `branch`:
    one of the branch office's own details."""

    kind: str
    value: str
    who: str
    public: bool
    role: str = ""
    url: str = ""
    branch: bool = False

    @property
    def href(self) -> str:
        return tel_href(self.value) if self.kind == "phone" else ""

    def as_context(self) -> dict:
        return {**asdict(self), "href": self.href}


def champion_routes(champion: Any) -> list[Route]:
    """A champion's own routes: the phone number (public or not), then the
    e-mail address. `champion` is the plugin's Champion."""
    who, role = plain_text(champion.name), plain_text(champion.role or "")
    routes = []
    if champion.phone:
        routes.append(Route("phone", champion.phone, who, bool(champion.phone_public), role, champion.url))
    if champion.email:
        routes.append(Route("email", champion.email, who, False, role, champion.url))
    return routes


@dataclass
class ContactRoutes:
    """Every route the site gives to a person at the branch, made once per
    build (the care-groups generator puts it in the templates' context as
    `contact_routes`)."""

    branch: list[Route]  # the branch office's own details, as filled in
    convenor: Any = None  # the convenor's Champion, while the branch's details are missing
    convenor_routes: list[Route] = field(default_factory=list)
    helpline: Route | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def fallback(self) -> list[Route]:
        """What the Contact page gives while the branch has no details of
        its own: the convenor's routes."""
        return [] if self.branch else self.convenor_routes

    @property
    def first(self) -> list[Route]:
        """What a champion without a readable route of their own shows
        under "Through the branch office": the branch's first route (its
        phone, address or e-mail; else the convenor's), and UNISON's
        helpline unless that route can be read without JavaScript."""
        candidates = sorted(self.branch or self.convenor_routes, key=lambda r: not r.public)
        chosen = candidates[:1]
        if (not chosen or not chosen[0].public) and self.helpline is not None:
            chosen.append(self.helpline)
        return chosen

    @property
    def first_hidden(self) -> bool:
        return any(not route.public for route in self.first)

    def as_context(self) -> dict:
        """The templates' `contact_routes`, in plain values (dicts, lists),
        which fastbuild can put in a page's key."""
        return {
            "branch": [route.as_context() for route in self.branch],
            "fallback": [route.as_context() for route in self.fallback],
            "first": [route.as_context() for route in self.first],
            "first_hidden": self.first_hidden,
            "page_hidden": any(not route.public for route in [*self.branch, *self.fallback]),
            "helpline": self.helpline.as_context() if self.helpline else None,
        }


def branch_routes(settings: dict) -> list[Route]:
    """The branch office's own details, as BRANCH_CONTACT gives them: its
    phone number, its address (both printed), its e-mail address (hidden)."""
    branch = settings.get("BRANCH_CONTACT") or {}
    who = settings["LABELS"]["branch_office"]
    routes = []
    for kind, public in (("phone", True), ("address", True), ("email", False)):
        value = str(branch.get(kind) or "").strip()
        if value:
            routes.append(Route(kind, value, who, public, branch=True))
    return routes


def helpline_route(settings: dict) -> Route | None:
    helpline = settings.get("UNISON_HELPLINE") or {}
    if not str(helpline.get("phone") or "").strip():
        return None
    return Route("phone", helpline["phone"].strip(), helpline.get("name") or "UNISON", True, helpline.get("role") or "")


def contact_routes(settings: dict, champions: Directory) -> ContactRoutes:
    """The build's ContactRoutes. A BRANCH_CONVENOR that names no current
    champion gives no convenor: the site falls back on the helpline alone,
    and `make publish`'s note says so (a site built from other content, a
    test's, has no convenor of its own)."""
    routes = ContactRoutes(
        branch=branch_routes(settings), helpline=helpline_route(settings), missing=missing_branch_details(settings)
    )
    name = str(settings.get("BRANCH_CONVENOR") or "").strip()
    convenor = champions.find(name) if name else None
    if convenor is not None and not convenor.is_former:
        routes.convenor = convenor
        routes.convenor_routes = champion_routes(convenor)
    return routes
