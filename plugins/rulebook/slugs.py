"""What a web address made from a file may hold: small letters, digits and
hyphens (or underscores) only. A `Slug:` field or a file name is printed
into every link to the file and into the sitemap, so anything else (a
quote, `<`, `/`, `..`) is never used as it is: the build makes a safe slug
of it the way Pelican makes one from a title, and the rules say so."""

from __future__ import annotations

import math
import posixpath
import re
from urllib.parse import unquote

from pelican.utils import slugify

SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def is_safe(slug: str) -> bool:
    return bool(SAFE_SLUG.match(slug or ""))


def safe_slug(value: str, settings: dict) -> str:
    """`value` when it is a safe slug, else Pelican's slug of it (never empty)."""
    if is_safe(value):
        return value
    made = slugify(
        str(value),
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False,
        use_unicode=False,
    )
    made = re.sub(r"[^a-z0-9_-]+", "-", made).strip("-_")
    return made if is_safe(made) else "page"


# A bulletin's address is YYYY/MM/<slug>.html; the month's list is
# YYYY/MM/index.html, so a bulletin may not be called "index".
LIST_SLUGS = frozenset({"index"})


def bulletin_slug(slug: str) -> str:
    """A bulletin's slug that cannot take a list page's address."""
    return f"{slug}-bulletin" if slug in LIST_SLUGS else slug


# Addresses kept from the branch's old blogs (the import, secretary/importer):
#
# - `Address: 2007/08/some-post.html` on a bulletin: Blogger's address, when
#   its month is not the month of the bulletin's Date (a post edited in a
#   later month). Only this shape is taken: the year, the month, a safe slug.
# - `Old_addresses: /2015/03/12/some-post/` on a bulletin or a page: where it
#   was on the old WordPress site; each gets a page that sends the reader on
#   (plugins/redirects). A path of the site only: no host, query, `..`, or
#   character a file name could misuse.
KEPT_ADDRESS = re.compile(r"^(?P<year>\d{4})/(?P<month>0[1-9]|1[0-2])/(?P<slug>[a-z0-9]+(?:[-_][a-z0-9]+)*)\.html$")
OLD_SEGMENT = re.compile(r"^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$")


def kept_address(value) -> str | None:
    """The address an `Address:` field keeps ("2007/08/name.html"), or None
    when it is not one (the rule says why, and the build ignores it). One
    holding a phone number or an e-mail address is never kept (personal
    data: rules/addresses.py names it): the bulletin keeps the address its
    Date and file name give."""
    text = str(value or "").strip().lstrip("/")
    match = KEPT_ADDRESS.match(text)
    if match is None or match.group("slug") in LIST_SLUGS or address_contacts(text):
        return None
    return text


def address_contacts(address: str) -> list:
    """The phone numbers and e-mail addresses in an address (decoded), as
    the personal-data rule finds them in a slug or a file's name."""
    from caregroups.contacts import url_contacts  # here: caregroups imports this module

    return url_contacts(unquote(str(address or "")))


def contact_kind(found) -> str:
    return "e-mail address" if "@" in found.text else "phone number"


def old_addresses(value) -> list[str]:
    """The addresses an `Old_addresses:` field lists (commas or spaces between)."""
    return [part for part in re.split(r"[,\s]+", str(value or "")) if part]


def old_address_problem(address: str) -> str | None:
    """Why an old address cannot be kept, or None."""
    path = address.strip("/")
    checks = (
        ("://" in address or address.startswith("//"), "it names a web site; write only its path"),
        (not address.startswith("/"), "it does not start with /"),
        ("?" in address or "#" in address, "a page of this site cannot answer an address with ? or #"),
        (not path or len(address) > 200, "it is empty or too long"),
    )
    for failed, why in checks:
        if failed:
            return why
    for segment in path.split("/"):
        if not OLD_SEGMENT.match(segment):
            return "it may only hold letters, digits, - _ . ~ and %-escapes, one / between each part"
        name = unquote(segment)
        if name in (".", "..") or name.startswith(".") or re.search(r"[/\\\x00-\x1f\x7f]", name):
            return "a part of it is a hidden or parent folder, or holds a / or \\ once decoded"
    for found in address_contacts(address):
        return f"it holds the {contact_kind(found)} {found.text}, which is personal data"
    return None


def old_address_file(address: str) -> str:
    """The file inside the site that answers an old address:
    /2015/03/12/post/ -> 2015/03/12/post/index.html; /old/post.html as it is."""
    path = unquote(address.strip("/"))
    if address.endswith("/") or not re.search(r"\.html?$", path):
        return f"{path}/index.html"
    return path


class OldAddressFiles:
    """The files old addresses' pages are written as, the first file by name
    first, and the folders each needs: a later one may not take the same
    file, a folder that is an earlier one's file (/old/post.html/x/ after
    /old/post.html), nor a file where an earlier one needs a folder (the
    other way round). The rulebook names the later one (rules/addresses.py)
    and the build leaves it out (plugins/redirects), the same one."""

    def __init__(self):
        self.files: dict[str, object] = {}
        self.folders: dict[str, str] = {}  # folder -> the file that needs it

    def in_the_way(self, path: str) -> str | None:
        """The earlier file `path` cannot be written beside, or None."""
        if path in self.files:
            return path
        if path in self.folders:
            return self.folders[path]
        parts = path.split("/")
        for end in range(1, len(parts)):
            if "/".join(parts[:end]) in self.files:
                return "/".join(parts[:end])
        return None

    def add(self, path: str, owner: object) -> None:
        self.files.setdefault(path, owner)
        parts = path.split("/")
        for end in range(1, len(parts)):
            self.folders.setdefault("/".join(parts[:end]), path)


# A tag's page lists its bulletins DEFAULT_PAGINATION at a time: with the
# site's PAGINATION_PATTERNS, page 2 of tag/pay.html is tag/pay2.html, the
# address of the tag "pay2"'s own page, and Pelican stops writing the one
# over the other. The tag whose page is taken is named by the rulebook
# (rules/addresses.py) and left out of its bulletins in every build
# (plugin.py): the build never stops on it.
def later_pages(save_as: str, count: int, settings: dict, template: str = "tag") -> list[tuple[int, str]]:
    """(number, file) of each page after the first of a list of `count`
    bulletins written as `save_as` (by `template`: tag, author), as
    Pelican's paginator names them."""
    per_page = settings.get("PAGINATED_TEMPLATES", {}).get(template) or settings.get("DEFAULT_PAGINATION")
    if not per_page or count <= per_page:
        return []
    pages = math.ceil(max(1, count - int(settings.get("DEFAULT_ORPHANS") or 0)) / per_page)
    name, extension = posixpath.splitext(save_as)
    folder, file = posixpath.split(save_as)
    base_name = folder if file in ("index.htm", "index.html") else name
    found = []
    for number in range(2, pages + 1):
        rule = None
        for pattern in settings.get("PAGINATION_PATTERNS") or ():
            if pattern[0] != -1 and pattern[0] <= number:
                rule = pattern
        if rule is None:
            continue
        made = str(rule[2]).format(save_as=save_as, url=save_as, name=name, base_name=base_name,
                                   extension=extension, number=number)  # fmt: skip
        found.append((number, made.removeprefix("/")))
    return found


def tag_page_clashes(counts: dict[str, int], settings: dict, template: str = "tag") -> dict[str, tuple[str, int, str]]:
    """Each tag slug (an author's, with template "author") whose page is a
    later page of another one's: slug -> (the other's slug, the page's
    number, the file)."""
    pattern = str(settings.get(f"{template.upper()}_SAVE_AS") or "")
    if not pattern:
        return {}
    by_file = {pattern.format(slug=slug): slug for slug in counts}
    clashes = {}
    for slug, count in sorted(counts.items()):
        for number, file in later_pages(pattern.format(slug=slug), count, settings, template):
            other = by_file.get(file)
            if other and other != slug:
                clashes.setdefault(other, (slug, number, file))
    return clashes
