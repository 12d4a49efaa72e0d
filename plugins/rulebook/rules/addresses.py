"""Web addresses and series, across the site: a slug that is not safe
(the build makes a safe one, slugs.py, and says so here), a bulletin called
by the name of a list page, two bulletins or two pages with one address
(the build keeps the first by file name and leaves the others out:
plugin.py), a series split by a spelling mistake (docs/WRITING.md), and
the addresses kept from the old blogs (`Address`, `Old_addresses`:
slugs.py): written wrongly, or an old address that is a page of the site
(a page that sends readers on never replaces a page)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from pelican.utils import slugify

from caregroups.generator import address_without_contacts
from caregroups.model import Directory, Entry, plain_text

from ..book import BULLETIN, PAGE, Item, SiteFiles, rule, site_rule
from ..slugs import (
    LIST_SLUGS,
    OldAddressFiles,
    address_contacts,
    bulletin_slug,
    contact_kind,
    is_safe,
    kept_address,
    old_address_file,
    old_address_problem,
    old_addresses,
    tag_page_clashes,
)
from .essentials import metadata, name_fields


def pelican_slug(value: str, settings: dict) -> str:
    """A web address made from `value`, as Pelican makes a slug."""
    return slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def slug_of(item: Item, settings: dict) -> tuple[str, str]:
    """The slug as written, and where it comes from (the build makes a
    safe one of an unsafe slug: slugs.py)."""
    source = item.source
    if source.value("slug"):
        return source.value("slug"), "field"
    from_name = name_fields(item, settings).get("slug")
    if from_name:
        return from_name, "file"
    return item.read.slug, "title"


def published_address(item: Item, settings: dict) -> str:
    """Where the file is published (ARTICLE_SAVE_AS or PAGE_SAVE_AS, whatever
    its status): two bulletins called alike in two months are two pages;
    alike in one month, one of them would be lost. A number or address in
    the slug is left out, as the build leaves it out (caregroups)."""
    kept = kept_address(item.source.value("address")) if item.kind == BULLETIN else None
    if kept:
        return kept
    slug = address_without_contacts(item.read.slug)
    setting = settings.get("ARTICLE_SAVE_AS" if item.kind == BULLETIN else "PAGE_SAVE_AS") or ""
    try:
        return setting.format(**{**item.read.url_format, "slug": slug}) or slug
    except (AttributeError, KeyError, IndexError, ValueError):
        return slug


def slug_problems(items: list[Item], kind: str, settings: dict):
    users = defaultdict(list)
    for item in items:
        if getattr(item.read, "slug", None) is None:
            continue  # no title (reported already), or not read: no address to check
        source = item.source
        slug, origin = slug_of(item, settings)
        users[published_address(item, settings)].append(item)
        if is_safe(slug) and not (kind == "bulletin" and slug in LIST_SLUGS):
            continue
        if is_safe(slug):
            date = name_fields(item, settings).get("date", "YYYY-MM-DD")
            better = bulletin_slug(slug)
            fix = f'write "Slug: {better}"' if origin == "field" else f"rename the file {date}-{better}.md"
            yield item.problem(
                "Slug",
                f'the web address "{slug}" is the address of the month\'s list of bulletins; {fix}',
                source.line_of("slug"),
            )
            continue
        better = pelican_slug(slug, settings) or "bulletin"
        if kind == "bulletin":
            better = bulletin_slug(better)  # never the month's list ("Slug: Index" is not "index")
        if origin == "file":
            date = name_fields(item, settings).get("date", "YYYY-MM-DD")
            fix = f"rename the file {date}-{better}{Path(source.rel).suffix}"
        else:
            fix = f'write "Slug: {better}"'
        yield item.problem(
            "Slug",
            f'the web address "{slug}" may only use small letters, digits and hyphens; {fix}',
            source.line_of("slug"),
        )
    for same in users.values():
        # A bulletin taking the address by its `Address:` field is the one left out
        # (rulebook/plugin.py, one_address_each: the same order), never the one whose address it is.
        same.sort(key=lambda i: (kind == "bulletin" and kept_address(i.source.value("address")) is not None,
                                 i.source.rel))  # fmt: skip
        for item in same[1:] if len(same) > 1 else []:
            others = ", ".join(other.source.shown for other in same if other is not item)
            kept = kept_address(item.source.value("address")) if kind == "bulletin" else None
            if kept:
                yield item.problem(
                    "Address",
                    f'"{kept}" is also the address of {others}; remove this line (this bulletin then has the '
                    "address its Date and file name give); until then the build leaves this one out",
                    item.source.line_of("address"),
                )
                continue
            yield item.problem(
                "Slug",
                f'the web address "{address_without_contacts(item.read.slug)}" is also used by {others}; give each '
                f"{kind} its own (rename one of the files); until then the build leaves this one out",
                item.source.line_of("slug"),
            )


@site_rule
def slugs(site: SiteFiles, settings):
    yield from slug_problems(site.of_kind(BULLETIN), "bulletin", settings)
    yield from slug_problems(site.of_kind(PAGE), "page", settings)


@site_rule
def series(site: SiteFiles, settings):
    """A series split by a spelling mistake: see docs/WRITING.md.

    A name is flagged when another bulletin writes the same series in
    other capitals or spacing, or when it is used by one bulletin only
    and is close to the name of another series (differing numbers, as
    in "Pay talks 2025" and "Pay talks 2026", are deliberate)."""
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in site.of_kind(BULLETIN):
        name = metadata(item).get("series")
        if name:
            by_name[name].append(item)
    ranked = sorted(by_name, key=lambda n: (-len(by_name[n]), n))
    for name in ranked:
        others = Directory("series")
        for other in ranked:
            if other != name:
                others.add(Entry(other, other, "", other))
        same = others.find(name)
        flagged = same is not None and len(by_name[same]) >= len(by_name[name])
        if not flagged and same is None and len(by_name[name]) == 1:
            hint = others.suggest(name)
            flagged = hint is not None and re.findall(r"\d+", plain_text(hint)) == re.findall(r"\d+", plain_text(name))
        if flagged:
            for item in by_name[name]:
                problem = others.unknown(item.source.shown, "Series", name)
                yield replace(problem, line=item.source.line_of("series"))


@rule
def kept_address_field(item: Item, settings: dict):
    """`Address:` (a bulletin only: rules/fields.py) as the import writes it."""
    written = item.source.get("address")
    if item.kind != BULLETIN or written is None or kept_address(written.value):
        return
    found = address_contacts(written.value)
    if found:
        # Personal data, left out as a Slug's is (kept_address: the build ignores the field).
        for contact in found:
            yield item.problem(
                "Address",
                f'"{written.value}" holds the {contact_kind(contact)} {contact.text}, which every link to it, the '
                "sitemap and the feeds would show; remove the line (the bulletin then has the address its Date and "
                "file name give)",
                written.line,
            )
        return
    yield item.problem(
        "Address",
        f'"{written.value}" is not an address of the old blog; write it as YYYY/MM/name.html (the year, the month, '
        "then small letters, digits and hyphens), or remove the line: the address then comes from the Date and the "
        "file name",
        written.line,
    )


@rule
def old_addresses_field(item: Item, settings: dict):
    written = item.source.get("old_addresses")
    if item.kind not in (BULLETIN, PAGE) or written is None:
        return
    for address in old_addresses(written.value):
        why = old_address_problem(address)
        if why:
            yield item.problem(
                "Old_addresses",
                f'"{address}" cannot be kept ({why}); write the path it had on the old site, e.g. '
                "/2015/03/12/some-post/, or remove it",
                written.line,
            )


# The site's own folders and files: no old address may take them.
SITE_FOLDERS = ("tag", "author", "category", "care-groups", "champions", "pages", "drafts", "images", "theme",
                "feeds", "pagefind", "admin", "events")  # fmt: skip
SITE_FILES = ("index.html", "archives.html", "tags.html", "search.html", "404.html", "robots.txt", "sitemap.xml",
              "_headers")  # fmt: skip
ARCHIVE_PAGE = re.compile(r"^\d{4}/(?:\d{2}/)?index\.html$")


def site_owner(path: str, settings: dict) -> str | None:
    """What of the site's own the file `path` would be: a list page, a
    folder the site writes into, a file of its own. None when it is free."""
    first = path.split("/", 1)[0]
    editor = str(settings.get("EDITOR_SAVE_AS") or "").strip("/")
    static = [str(p).strip("/") for p in settings.get("STATIC_PATHS", [])]
    if path in SITE_FILES or ARCHIVE_PAGE.match(path):
        return "one of the site's own pages"
    if first in (*SITE_FOLDERS, editor, *static) and "/" in path:
        return f"the site's own folder {first}/"
    return None


def pagination_owner(path: str, settings: dict) -> str | None:
    """The home list's later pages (index2.html... with Pelican's
    PAGINATION_PATTERNS) are the site's own; the tags', authors' and
    categories' lie in folders of the site's own (site_owner)."""
    for rule_ in settings.get("PAGINATION_PATTERNS") or ((2, "{name}{number}{extension}", ""),):
        if int(rule_[0]) < 2:
            continue
        try:
            made = str(rule_[2] or rule_[1]).format(base_name="", name="index", number="0000", extension=".html",
                                                    url="index.html", save_as="index.html")  # fmt: skip
        except (KeyError, IndexError, ValueError):
            continue
        if re.fullmatch(re.escape(made.lstrip("/")).replace("0000", r"\d+"), path):
            return "one of the site's own pages (a later page of the list of bulletins)"
    return None


def address_forms(address: str) -> list[str]:
    """What of the site an old address's page would take: the file written
    (/old/ -> old/index.html), each folder made for it, and the address
    without its last slash (/robots.txt/ is robots.txt/index.html, and a
    folder robots.txt/ stops the site's robots.txt being written)."""
    path = old_address_file(address)
    parts = path.split("/")
    forms = [path, *("/".join(parts[:end]) for end in range(len(parts) - 1, 0, -1))]
    bare = unquote(address.strip("/"))
    return forms if bare in forms else [*forms, bare]


def site_clash(address: str, taken, settings: dict) -> tuple[str, str] | None:
    """(the file or folder, what of the site's it is) when the page at an
    old address would take a page of the site, one of its files (taken:
    the files the bulletins and pages are written as) or a folder it needs;
    None when it is free."""
    for form in address_forms(address):
        if form in taken:
            return form, ""
        what = site_owner(form, settings) or pagination_owner(form, settings)
        if what:
            return form, what
    return None


def page_addresses(site: SiteFiles, settings: dict) -> dict[str, Item]:
    """The file each bulletin and page is published as -> the file."""
    found = {}
    for item in site.of_kind(BULLETIN, PAGE):
        if getattr(item.read, "slug", None) is None:
            continue
        address = published_address(item, settings)
        found.setdefault(address, item)
        override = getattr(item.read, "metadata", {}).get("save_as")
        if override:
            found.setdefault(str(override), item)
    return found


@site_rule
def old_address_clashes(site: SiteFiles, settings):
    """An old address is answered by a page that sends the reader on
    (plugins/redirects); it never replaces a page of the site, nor another
    file's old address (the build leaves such an old address out)."""
    pages = None
    taken = OldAddressFiles()  # the first file by name keeps an old address, as in the build
    addresses: dict[str, str] = {}
    for item in sorted(site.of_kind(BULLETIN, PAGE), key=lambda found: found.source.rel):
        written = item.source.get("old_addresses")
        if written is None:
            continue
        if pages is None:
            pages = page_addresses(site, settings)
        for address in old_addresses(written.value):
            if old_address_problem(address):
                continue
            path = old_address_file(address)
            clash = site_clash(address, pages, settings)
            owner = pages.get(clash[0]) if clash else None
            if owner is item:
                what = "its own address"
            elif owner is not None:
                what = f"the address of {owner.source.shown}"
            elif clash:
                what = clash[1]
            elif (other := taken.in_the_way(path)) is not None and (other != path or taken.files[other] is not item):
                if other == path:
                    what = f"also an old address of {taken.files[other].source.shown}"
                else:
                    what = (
                        f'in the way of "{addresses[other]}", an old address of {taken.files[other].source.shown} '
                        "(the one would be a file and the other a folder of the same name)"
                    )
            else:
                what = None
            if what:
                yield item.problem(
                    "Old_addresses",
                    f'"{address}" is {what}; a page of the site is never replaced, so the build leaves it out: '
                    "remove it from this line",
                    written.line,
                )
            else:
                taken.add(path, item)
                addresses.setdefault(path, address)


# The tags a bulletin had as read, when the build left one out (plugin.py, leave_out_tag_page_clashes).
TAGS_AS_READ = "rulebook_tags_as_read"


def published_tags(item: Item) -> list:
    if item.kind != BULLETIN or getattr(item.read, "status", None) != "published":
        return []
    found = metadata(item)
    return list(found.get(TAGS_AS_READ) or found.get("tags") or ())


@site_rule
def tag_pages(site: SiteFiles, settings):
    """A tag's page lists its bulletins DEFAULT_PAGINATION at a time, and
    page 2 of tag/pay.html is tag/pay2.html: the page of a tag "pay2"
    (slugs.py, tag_page_clashes). The build leaves that tag out."""
    yield from page_clash_problems(
        site, settings, "tag", field="Tags", terms_of=published_tags, line_of=lambda item: item.source.line_of("tags")
    )


def page_clash_problems(site: SiteFiles, settings, kind: str, *, field: str, terms_of, line_of):
    """Each bulletin's line naming a tag or author (`kind`) whose page
    would be a later page of another's list (slugs.py, tag_page_clashes)."""
    users: dict[str, list[Item]] = defaultdict(list)
    names: dict[str, str] = {}
    for item in site.of_kind(BULLETIN):
        for term in terms_of(item):
            slug = getattr(term, "slug", None)
            if slug and item not in users[slug]:
                users[slug].append(item)
                names.setdefault(slug, plain_text(str(getattr(term, "name", term))))
    clashes = tag_page_clashes({slug: len(items) for slug, items in users.items()}, settings, kind)
    for slug, (other, number, file) in sorted(clashes.items()):
        name = names[slug]
        better = re.sub(r"(?<=[^\d\s])(\d+)$", r" \1", name)
        fix = f'write it as "{better}"' if better != name else "give it another name"
        for item in users[slug]:
            yield item.problem(
                field,
                f'the {kind} "{name}" would have the address {file}, which is page {number} of the {kind} '
                f'"{names[other]}" ({len(users[other])} bulletins); {fix}; until then the build leaves it out',
                line_of(item),
            )


# The authors a bulletin had as read, when the build left one out (plugin.py, leave_out_author_page_clashes).
AUTHORS_AS_READ = "rulebook_authors_as_read"


def published_authors(item: Item) -> list:
    if item.kind != BULLETIN or getattr(item.read, "status", None) != "published":
        return []
    found = metadata(item)
    return list(found.get(AUTHORS_AS_READ) or getattr(item.read, "authors", None) or ())


@site_rule
def author_pages(site: SiteFiles, settings):
    """An author's page lists their bulletins as a tag's does: page 2 of
    author/editor.html is author/editor2.html, the page of an author
    "editor2" (slugs.py, tag_page_clashes). The build leaves that author out."""
    yield from page_clash_problems(
        site, settings, "author", field="Author", terms_of=published_authors,
        line_of=lambda item: item.source.line_of("author") or item.source.line_of("authors"),
    )  # fmt: skip
