"""What a web address made from a file may hold: small letters, digits and
hyphens (or underscores) only. A `Slug:` field or a file name is printed
into every link to the file and into the sitemap, so anything else (a
quote, `<`, `/`, `..`) is never used as it is: the build makes a safe slug
of it the way Pelican makes one from a title, and the rules say so."""

from __future__ import annotations

import re

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
