"""Signal receivers of the rulebook plugin: every build applies the rules of
book.py to what Pelican read, and logs each problem as a warning (a strict
build, `make publish`, fails on any). register() only connects module-level
functions; nothing here keeps state between builds."""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.urlwrappers import Author

from .book import BULLETIN, CARE_GROUP, CHAMPION, EVENT, NOT_UTF8_NAME, PAGE, Item, all_problems, item_problems
from .problem import Problem
from .rules.files import linked_part, outside, publishable_static
from .slugs import bulletin_slug, is_safe, kept_address, safe_slug, tag_page_clashes
from .source import NotUTF8, Source, one_reading, parse

logger = logging.getLogger(__name__)

# What each of Pelican's generators read, published or not: a rule must see
# drafts and hidden files too (they are what must never leak).
READ_BY = (
    (ArticlesGenerator, BULLETIN, ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                                   "hidden_translations")),
    (PagesGenerator, PAGE, ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages",
                            "draft_translations")),
)  # fmt: skip


def read_contents(generators) -> list[tuple[str, object]]:
    """(kind, content) for every content object Pelican's generators read.
    A generator of ours offers its own as `rulebook_items`."""
    pairs = []
    for generator in generators:
        pairs += list(getattr(generator, "rulebook_items", ()))
        pairs += list(getattr(generator, "rulebook_left_out", ()))
        for cls, kind, names in READ_BY:
            if isinstance(generator, cls):
                pairs += [(kind, content) for name in names for content in getattr(generator, name, ())]
    return pairs


def read_items(generators, root: Path) -> list[Item]:
    """Every content file Pelican read, as an Item, and every file of the
    content folders it could not read (unread_items)."""
    found = []
    for kind, content in read_contents(generators):
        try:
            source = parse(Path(content.source_path), root)
        except (NotUTF8, OSError, ValueError):
            continue  # Pelican could not have read it either: rules/essentials.py names it
        found.append(Item(kind, source, content))
    found += unread_items(generators[0], root, {item.source.rel for item in found})
    return sorted(found, key=lambda item: item.source.rel)


def edit_problems(generators, kind: str, content) -> list:
    """The errors a change to one file's text alone can bring (the
    preview's in-place edit, fastbuild/live.py, which has checked that its
    fields and the other files are as in the last build): the rules of that
    file, and its links against the other files. Any other rule would give
    what the last build gave. The other files are not read again: a link
    rule needs only their paths and what Pelican made of them."""
    from .book import FILE_RULES, ContentFile, SiteFiles
    from .rules import load
    from .rules.links import Links

    load()
    settings = content.settings
    root = Path(settings["PATH"]).resolve()
    path = Path(content.source_path)
    with one_reading():
        item = Item(kind, parse(path, root), content)
        others = []
        for other_kind, other in read_contents(generators):
            if Path(other.source_path) != path:
                rel = Path(other.source_path).relative_to(root).as_posix()
                others.append(Item(other_kind, Source(Path(other.source_path), rel, f"{root.name}/{rel}", []), other))
        site = SiteFiles(root, [item, *others])
        entry = ContentFile(root, item.source.rel)
        problems = [
            *item_problems([item], settings),
            *(problem for check in FILE_RULES for problem in check(entry, settings)),
            *Links(site, settings).problems(item),
        ]
    return [problem for problem in problems if problem.severity == "error"]


# Where each kind of file is read from: the settings Pelican's generators use.
FOLDERS = (
    (BULLETIN, "ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
    (PAGE, "PAGE_PATHS", "PAGE_EXCLUDES"),
    (CARE_GROUP, "CAREGROUP_PATHS", None),
    (CHAMPION, "CHAMPION_PATHS", None),
    (EVENT, "EVENT_PATHS", None),
)


def unread_items(generator, root: Path, read: set[str]) -> list[Item]:
    """The files of the content folders that Pelican could not read (an
    impossible date, a field written twice) or left out (no title), as
    Items with nothing read: the rules that need only the file as written
    say what is wrong, on its line, as `make check` does (which reads the
    same files: secretary/checks/content.py)."""
    settings = generator.settings
    found = []
    for kind, paths, excludes in FOLDERS:
        listed = generator.get_files(
            settings.get(paths) or [], exclude=settings.get(excludes) or [] if excludes else []
        )
        for name in sorted(listed):
            rel = Path(name).as_posix()
            if rel in read or linked_part(root, rel) is not None or outside(root, root / rel):
                continue  # a linked file is never read: rules/files.py names it
            try:
                source = parse(root / rel, root)
            except (NotUTF8, OSError, ValueError):
                continue  # not UTF-8: rules/essentials.py names it
            found.append(Item(kind, source, None))
            read.add(rel)
    return found


# Set by a speed-up that applies the rules itself, elsewhere, and reports
# them with `report` before anything else is said (fastbuild's
# rules_beside: in a forked process while the site is written).
RULES_ELSEWHERE = "RULEBOOK_RULES_ELSEWHERE"


def rule_problems(generators) -> list[Problem]:
    """Every problem the rules find in what Pelican read and in the content
    folder (every file, and the site's rules over all of them), in the
    order they are reported."""
    settings = generators[0].settings
    root = Path(settings["PATH"]).resolve()
    with one_reading():
        problems = all_problems(root, read_items(generators, root), settings)
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))


def report(problems: list[Problem]) -> None:
    """Each error as one warning (a strict build fails on any)."""
    for problem in problems:
        if problem.severity == "error":
            logger.warning("%s", problem)


def apply_rules(generators) -> None:
    """all_generators_finalized receiver."""
    if not generators or generators[0].settings.get(RULES_ELSEWHERE):
        return
    report(rule_problems(generators))


def safe_content(content):
    """content_object_init receiver, for every build: a slug from a file's
    name (Pelican takes it as it is) made safe like a Slug field
    (slugs.py); a template the theme does not have, or any template on a
    bulletin (rules/fields.py refuses the field), replaced by the usual one,
    so that a typo cannot stop the build; a hidden bulletin held back as a
    draft. `make check` names the file."""
    slug = getattr(content, "slug", None)
    if slug is not None and not is_safe(slug):
        content.slug = safe_slug(slug, content.settings)
    if getattr(content, "default_template", None) == "article" and getattr(content, "slug", None) is not None:
        content.slug = bulletin_slug(content.slug)
    if getattr(content, "default_template", None) == "article" and getattr(content, "status", None) == "hidden":
        # A bulletin is published or a draft: one reachable by its address
        # only would still be on the live site (rules/fields.py says so).
        content.status = "draft"
    keep_old_address(content)
    usual = getattr(content, "default_template", None)
    template = getattr(content, "template", None)
    pages = page_templates(content.settings.get("THEME") or "")
    if usual and template != usual and (usual == "article" or template not in pages):
        content.template = usual


# Set on a bulletin served at the address its `Address:` field keeps.
KEPT = "rulebook_kept_address"


def keep_old_address(content) -> None:
    """A published bulletin with a valid `Address:` (the old Blogger
    address, whose month is not its Date's: slugs.py) is served there, as
    Pelican serves a page at its `url`/`save_as`. Never a draft or a
    bulletin scheduled for later: they go where Pelican puts drafts (none
    on the live site); `drop_kept_address` undoes it for one held back
    after reading. A bad Address is ignored (rules/addresses.py names it)."""
    if getattr(content, "default_template", None) != "article" or getattr(content, "status", None) != "published":
        return
    address = kept_address(content.metadata.get("address"))
    if address is None:
        return
    now = content.settings.get("BUILD_TIME")
    date = getattr(content, "date", None)
    if now is None or date is None or date.tzinfo is None or date > now:
        return
    content.override_url = content.override_save_as = address
    setattr(content, KEPT, address)


def drop_kept_address(generator) -> None:
    """article_generator_finalized receiver: a bulletin held back after it
    was read (scheduled for later) is written where drafts go, never at
    the address it keeps."""
    for draft in getattr(generator, "drafts", ()):
        if getattr(draft, KEPT, None):
            del draft.override_url, draft.override_save_as
            delattr(draft, KEPT)


@lru_cache(maxsize=8)
def page_templates(theme: str) -> frozenset[str]:
    """The theme's templates a page may name: page.html and those that
    extend it ({% extends "page.html" %}), by name."""
    folder = Path(theme) / "templates"
    names = {"page"}
    for path in folder.glob("*.html") if folder.is_dir() else ():
        if EXTENDS_PAGE.search(path.read_text(encoding="utf-8", errors="replace")):
            names.add(path.stem)
    return frozenset(names)


EXTENDS_PAGE = re.compile(r"""\{%-?\s*extends\s+["']page\.html["']""")


def one_address_each(generator) -> None:
    """article_generator_pretaxonomy and page_generator_finalized receiver:
    two bulletins (or pages) with one web address would stop the build
    (Pelican will not write a file twice). The first by file name keeps it;
    each other is left out of the lists, published or draft, in every build
    (rules/addresses.py names it, in the same order)."""
    for name in ("articles", "drafts", "pages", "draft_pages", "hidden_pages"):
        contents = getattr(generator, name, None)
        if not contents:
            continue
        seen, left_out = set(), set()
        # A bulletin served at the address its `Address:` keeps never takes a page's own address from it.
        for content in sorted(contents, key=lambda c: (bool(getattr(c, KEPT, None)), c.source_path)):
            address = getattr(content, "save_as", None)
            if address and address in seen:
                left_out.add(id(content))
                # Still ruled (read_contents), so that every build names it.
                kind = BULLETIN if name in ("articles", "drafts") else PAGE
                generator.rulebook_left_out = [*getattr(generator, "rulebook_left_out", ()), (kind, content)]
            seen.add(address)
        if left_out:
            contents[:] = [content for content in contents if id(content) not in left_out]


def leave_out_tag_page_clashes(generator) -> None:
    """article_generator_pretaxonomy receiver: a tag whose page is a later
    page of another tag's list (tag "pay2" when "pay" has more than a page:
    slugs.py) is left out of its bulletins in every build, so that the
    build never stops writing one page over the other; the rulebook names
    it (rules/addresses.py, tag_pages, which reads the tags as read)."""
    from .rules.addresses import TAGS_AS_READ  # a rule module: loaded once every plugin is

    counts: dict[str, int] = {}
    for article in generator.articles:
        for slug in {getattr(tag, "slug", None) for tag in getattr(article, "tags", None) or ()} - {None}:
            counts[slug] = counts.get(slug, 0) + 1
    clashes = tag_page_clashes(counts, generator.settings)
    for article in generator.articles if clashes else ():
        tags = list(getattr(article, "tags", None) or ())
        kept = [tag for tag in tags if getattr(tag, "slug", None) not in clashes]
        if len(kept) != len(tags):
            article.metadata.setdefault(TAGS_AS_READ, tags)
            article.tags = kept
            article.metadata["tags"] = kept
    leave_out_author_page_clashes(generator)


def leave_out_author_page_clashes(generator) -> None:
    """The same for authors: an author whose page is a later page of
    another author's ("editor2" when "editor" has more than a page) is left
    out of their bulletins (the site's AUTHOR instead, as for a bulletin with
    no Author; no page of their own); the rulebook
    names it (rules/addresses.py, author_pages, which reads the authors as read)."""
    from .rules.addresses import AUTHORS_AS_READ  # a rule module: loaded once every plugin is

    counts: dict[str, int] = {}
    for article in generator.articles:
        for slug in {getattr(author, "slug", None) for author in getattr(article, "authors", None) or ()} - {None}:
            counts[slug] = counts.get(slug, 0) + 1
    clashes = tag_page_clashes(counts, generator.settings, "author")
    for article in generator.articles if clashes else ():
        authors = list(getattr(article, "authors", None) or ())
        kept = [author for author in authors if getattr(author, "slug", None) not in clashes]
        if len(kept) != len(authors):
            if not kept and generator.settings.get("AUTHOR"):
                kept = [Author(generator.settings["AUTHOR"], generator.settings)]  # as for a bulletin with no Author
            article.metadata.setdefault(AUTHORS_AS_READ, authors)
            article.authors = kept
            if kept:
                article.author = kept[0]
            elif hasattr(article, "author"):
                del article.author


def drop_unpublishable_static(generator) -> None:
    """static_generator_finalized receiver: Pelican copies every file found
    in STATIC_PATHS or linked with {static}/{attach}, links followed. Keep
    only regular files inside the content folder of an allowed type
    (rules/files.py says why in make check and as a warning); the others
    are never copied, whatever the build."""
    from .rules.personal import file_name_contacts  # a rule module: loaded once every plugin is

    root = Path(generator.path).resolve()
    kept = []
    for static in generator.staticfiles:
        # relpath, not relative_to: a file linked with {static} may lie outside (../x).
        rel = Path(os.path.relpath(static.source_path, generator.path)).as_posix()
        # A phone number or address in its name would be in its web address (rules/personal.py).
        if publishable_static(root, rel) and not file_name_contacts(rel):
            kept.append(static)
        else:
            generator.context["static_content"].pop(static.get_relative_source_path(), None)
    generator.staticfiles[:] = kept
    generator.context["staticfiles"] = generator.staticfiles


def skip_linked_folders(pelican) -> None:
    """initialized receiver: Pelican walks the content folder following
    links, so a linked folder would be read whole (and a dated file name
    inside it, read as a picture, stops the build). Each linked folder is
    added to the settings' excludes, so no generator enters it; the file
    rules name it (rules/files.py)."""
    settings = pelican.settings
    root = Path(settings["PATH"])
    linked = []
    for folder, dirs, _ in os.walk(root):  # followlinks=False: a link is listed, never entered
        linked += [(Path(folder) / d).relative_to(root).as_posix() for d in dirs if (Path(folder) / d).is_symlink()]
    for name in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        settings[name] = [*settings.get(name, []), *(rel for rel in linked if rel not in settings.get(name, []))]
    # A file or folder whose name is not UTF-8 is never read or copied
    # (Pelican would stop when writing its address); rules/essentials.py names it.
    pattern = f"*{NOT_UTF8_NAME}*"
    if pattern not in settings.get("IGNORE_FILES", []):
        settings["IGNORE_FILES"] = [*settings.get("IGNORE_FILES", []), pattern]


def register():
    signals.initialized.connect(skip_linked_folders)
    signals.content_object_init.connect(safe_content)
    signals.all_generators_finalized.connect(apply_rules)
    signals.article_generator_pretaxonomy.connect(one_address_each)
    signals.article_generator_pretaxonomy.connect(leave_out_tag_page_clashes)
    signals.article_generator_finalized.connect(drop_kept_address)
    signals.page_generator_finalized.connect(one_address_each)
    signals.static_generator_finalized.connect(drop_unpublishable_static)
