"""`make import FROM=<export> [DRY_RUN=1]`: the old blog's archive brought
into content/ (docs/WRITING.md, "Bringing in the old blog").

Reading each format: exports.py. HTML to Markdown: convert.py. Labels to
care groups and champions: labels.py. Writing (a temporary folder beside
content/, then moved in) and fetching pictures: files.py. This module
plans each file, runs the rulebook over what was written (as `make check`
reads it: one rulebook) and prints the report."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from rulebook.rules.addresses import pelican_slug, published_address
from rulebook.slugs import bulletin_slug, kept_address, old_address_problem, old_addresses, safe_slug

from ..checks.content import ERROR, Checker, load_settings, read_site
from . import convert, files
from .exports import DRAFT, PAGE, Entry, Export, ExportError, read_export
from .labels import Mapping, read_mapping

LABELS_FILE = "import-labels.txt"
# Stands for the old site's host while a link written from its root is read.
OLD_SITE = "old-site.invalid"


@dataclass
class Planned:
    """One file the import would write."""

    entry: Entry
    rel: str  # inside content/: "bulletins/2007-07-03-name.md"
    fields: list[tuple[str, str]]
    address: str  # where the site publishes it
    body: str = ""
    pictures: dict[str, str] = field(default_factory=dict)  # old address -> the picture's file inside content/


@dataclass
class Run:
    """What one import did and found, for the report."""

    imported: dict[str, list[Planned]] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_posts: list[str] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)
    pictures_left: list[tuple[str, str, str]] = field(default_factory=list)  # (file, old address, why)
    notes: list[str] = field(default_factory=list)

    def skip(self, why: str, what: str = "") -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1
        if what:
            self.skipped_posts.append(what)


def normal_title(title: str) -> str:
    return " ".join(title.casefold().split())


class Importer:
    def __init__(self, site, export: Export, mapping: Mapping, fetch: bool):
        self.settings = settings = site.settings
        self.export = export
        self.mapping = mapping
        self.fetch = fetch
        self.run = Run(skipped=dict(export.skipped))
        self.site = site
        self.root = self.site.root
        self.bulletins = settings["ARTICLE_PATHS"][0]
        self.pages = settings["PAGE_PATHS"][0]
        # What content/ has already: its addresses, old addresses and dated titles.
        self.addresses: dict[str, str] = {}  # "/2007/07/name.html" -> file inside content/
        self.dated_titles: dict[tuple, str] = {}
        checker = Checker(self.site)
        for item in checker.items():
            if item.kind not in ("bulletin", "page") or item.read is None or getattr(item.read, "slug", None) is None:
                continue
            rel = item.source.rel
            self.addresses.setdefault("/" + published_address(item, settings), rel)
            for old in old_addresses(item.source.value("old_addresses")):
                self.addresses.setdefault(unquote(old), rel)
            date = getattr(item.read, "date", None)
            if date is not None:
                self.dated_titles.setdefault((date.date(), normal_title(item.source.value("title"))), rel)
        self.ids: dict[str, str] = {}
        self.taken_pictures: set[str] = set()

    # -- planning ---------------------------------------------------------------

    def plan(self) -> list[Planned]:
        planned = []
        for entry in self.export.entries:
            one = self.plan_entry(entry)
            if one is not None:
                planned.append(one)
                if entry.old_address:
                    self.addresses["/" + one.address] = one.rel
                    self.addresses.setdefault(unquote(entry.old_address), one.rel)
                for name in entry.ids:
                    self.ids[name] = one.rel
        return planned

    def plan_entry(self, entry: Entry) -> Planned | None:
        title = entry.title.strip() or (entry.slug.replace("-", " ").capitalize() if entry.slug else "")
        shown = f'"{title or "(no title)"}"' + (f" ({entry.old_address})" if entry.old_address else "")
        if not title:
            self.run.skip("without a title or a name", f"{shown}: no title")
            return None
        if entry.date is None:
            self.run.skip("without a date", f"{shown}: no date")
            return None
        slug = bulletin_slug(safe_slug(entry.slug or pelican_slug(title, self.settings) or "post", self.settings))
        slug = slug[:80].rstrip("-_") or "post"
        fields = [("Title", " ".join(title.split()))]
        old = entry.old_address
        if entry.kind == PAGE:
            rel = f"{self.pages}/{slug}.md"
            address = self.settings["PAGE_SAVE_AS"].format(slug=slug)
            # A page's address comes from its title unless a Slug names it.
            fields += [("Date", f"{entry.date:%Y-%m-%d %H:%M}"), ("Slug", slug)]
        else:
            rel = f"{self.bulletins}/{entry.date:%Y-%m-%d}-{slug}.md"
            address = f"{entry.date:%Y/%m}/{slug}.html"
            kept = kept_address(old) if old else None
            if kept and PurePosixPath(kept).stem == slug and kept != address:
                address = kept
                fields.append(("Address", kept))  # Blogger's month, not the Date's
            fields += [("Date", f"{entry.date:%Y-%m-%d %H:%M}"), ("Category", "Bulletins")]
        keep_old = old and unquote(old).lstrip("/") != address and old_address_problem(old) is None
        if old and unquote(old).lstrip("/") != address and not keep_old and entry.status != DRAFT:
            self.run.notes.append(f"{rel}: the old address {old} cannot be kept ({old_address_problem(old)})")
        known = (
            self.addresses.get("/" + address)
            or (self.addresses.get(unquote(old)) if old else None)
            or self.dated_titles.get((entry.date.date(), normal_title(title)))
        )
        if known:
            self.run.skip("already in content/", f"{shown}: already in content/ as {self.root.name}/{known}")
            return None
        if (self.root / rel).exists():
            self.run.skip("a file of that name exists", f"{shown}: {self.root.name}/{rel} exists already")
            return None
        if entry.kind != PAGE:
            groups, champions, tags = self.labels(entry.labels)
            fields += [("Tags", ", ".join(tags)), ("Care_groups", ", ".join(groups)),
                       ("Champions", ", ".join(champions))]  # fmt: skip
            if entry.author and entry.author != self.settings.get("AUTHOR"):
                fields.append(("Author", entry.author))
        if keep_old:
            fields.append(("Old_addresses", old))
        if entry.status == DRAFT:
            fields.append(("Status", "draft"))
        return Planned(entry, rel, [(k, v) for k, v in fields if v], address)

    def labels(self, labels: list[str]) -> tuple[list[str], list[str], list[str]]:
        groups, champions, tags = [], [], []
        for label in dict.fromkeys(labels):
            meant = self.mapping.of(label)
            if meant is None:
                tags.append(label.replace(",", " "))
                self.run.unmapped[label] = self.run.unmapped.get(label, 0) + 1
                continue
            groups += [g for g in meant[0] if g not in groups]
            champions += [c for c in meant[1] if c not in champions]
        return groups, champions, tags

    # -- the text -----------------------------------------------------------------

    def link_for(self, planned: Planned, href: str) -> str | None:
        """A link to another post of the old blog (written with its old
        address, on the old site or from its root) as a {filename} link; a
        link to a picture fetched for this post, to that picture."""
        href = href.strip()
        fetched = planned.pictures.get(urlsplit(href if not href.startswith("//") else "https:" + href).geturl())
        if fetched:
            return "{static}/" + fetched
        base = f"https://{OLD_SITE}{planned.entry.old_address or '/'}"
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("http", "https") or not self.old_site(parts.netloc):
            return None
        target = self.addresses.get(unquote(parts.path)) or self.ids.get(parts.query.split("&", 1)[0])
        if not target:
            return None
        relative = posixpath.relpath(target, posixpath.dirname(planned.rel))
        return f"{{filename}}{relative}" + (f"#{parts.fragment}" if parts.fragment else "")

    def old_site(self, host: str) -> bool:
        """Whether a link's host is the old blog's: a host the export names,
        or any Blogger host for a Blogger export (Takeout's feed.atom names
        none)."""
        host = host.lower().removeprefix("www.")
        hosts = {h.removeprefix("www.") for h in self.export.hosts} | {OLD_SITE}
        return host in hosts or ("Blogger" in self.export.format and ".blogspot." in f".{host}")

    def picture_for(self, planned: Planned, src: str, staged: dict[str, bytes]) -> str | None:
        parts = urlsplit(src if not src.startswith("//") else "https:" + src)
        if parts.scheme not in ("http", "https"):
            return None
        url = parts.geturl()
        if url in planned.pictures:
            return "{static}/" + planned.pictures[url]
        if not self.fetch:
            self.run.pictures_left.append(
                (f"{self.root.name}/{planned.rel}", url, "not fetched (--no-fetch or a dry run)")
            )
            return None
        try:
            data, extension = files.fetch_picture(url)
        except files.NotFetched as why:
            self.run.pictures_left.append((f"{self.root.name}/{planned.rel}", url, str(why)))
            return None
        stem = (
            PurePosixPath(planned.rel).stem.split("-", 3)[-1]
            if planned.entry.kind != PAGE
            else PurePosixPath(planned.rel).stem
        )
        number = 1
        while True:
            rel = f"{self.settings['STATIC_PATHS'][0]}/imported/{stem}-{number}.{extension}"
            if rel not in self.taken_pictures and not (self.root / rel).exists():
                break
            number += 1
        self.taken_pictures.add(rel)
        staged[rel] = data
        planned.pictures[url] = rel
        return "{static}/" + rel

    def write_texts(self, planned: list[Planned]) -> dict[str, bytes]:
        """Every file's bytes, by its place inside content/ (pictures too)."""
        staged: dict[str, bytes] = {}
        for one in planned:
            soup = convert.parse(one.entry.html, wordpress="WordPress" in self.export.format)
            convert.rewrite(
                soup,
                lambda href, one=one: self.link_for(one, href),
                lambda src, one=one: self.picture_for(one, src, staged),
            )
            one.body = convert.to_markdown(soup)
            header = "".join(f"{name}: {' '.join(value.split())}\n" for name, value in one.fields)
            staged[one.rel] = (header + "\n" + (one.body.strip() or one.fields[0][1]) + "\n").encode("utf-8")
            kind = "pages" if one.entry.kind == PAGE else "bulletins"
            kind += " (drafts)" if one.entry.status == DRAFT else ""
            self.run.imported.setdefault(kind, []).append(one)
        return staged


def problems_of(settings: dict, written: set[str]) -> list:
    """The rulebook's lines for the files written, as `make check` reads them."""
    problems = Checker(read_site(settings)).run()
    return [p for p in problems if p.path in written]


def report(run: Run, export: Export, mapping: Mapping, problems: list, *, stream, dry_run: bool, root: str) -> None:
    say = lambda line="": print(line, file=stream)  # noqa: E731 - one short helper
    would = "would be " if dry_run else ""
    say(
        f"Read a {export.format} export: {len(export.entries)} post(s) and page(s), "
        f"{sum(export.skipped.values())} other item(s)."
    )
    total = sum(len(v) for v in run.imported.values())
    say(f"Imported{' (dry run: nothing written)' if dry_run else ''}: {total} file(s)" + (":" if total else "."))
    for kind, planned in sorted(run.imported.items()):
        say(f"  {len(planned)} {kind}")
        for one in planned:
            was = f" (was {one.entry.old_address})" if one.entry.old_address else ""
            say(f"    {root}/{one.rel}{was}")
    if run.skipped:
        say(f"Skipped: {sum(run.skipped.values())}:")
        for why, count in sorted(run.skipped.items()):
            say(f"  {count} {why}")
        for what in run.skipped_posts:
            say(f"    {what}")
    if run.unmapped:
        say(f"Labels not mapped to a care group or champion ({would}kept as tags; map them in {mapping.path.name}):")
        for label, count in sorted(run.unmapped.items(), key=lambda kv: kv[0].casefold()):
            say(f"  {label} ({count} post(s))")
    if run.pictures_left:
        say("Pictures to fetch (still on the old site; make check names each until it is in content/images/):")
        for path, url, why in run.pictures_left:
            say(f"  {path}: {url}: {why}")
    for note in run.notes:
        say(f"Note: {note}")
    if problems:
        say("Problems to fix (make check's lines):")
        for problem in problems:
            say(f"  {problem}")
    say("Then run make check." if not dry_run else "Run it without DRY_RUN=1 to write these files, then make check.")


def run(args) -> int:
    """`python -m secretary import --from FILE [--dry-run] [--no-fetch]`."""
    stream = args.stream
    settings = load_settings(args.settings, args.content)
    try:
        export = read_export(Path(args.from_file))
    except ExportError as error:
        print(f"error: {error}", file=stream)
        return 1
    content = Path(settings["PATH"]).resolve()
    site = read_site(settings)
    mapping_path = Path(args.labels) if args.labels else Path(args.settings).resolve().parent / LABELS_FILE
    mapping = read_mapping(mapping_path, site.terms.care_groups, site.terms.champions)
    if mapping.problems:
        for problem in mapping.problems:
            print(f"{mapping_path.name}:{problem.line}: {problem.field}: {problem.message}", file=stream)
        print(f"Nothing was imported: fix {mapping_path} first.", file=stream)
        return 1
    importer = Importer(site, export, mapping, fetch=args.fetch and not args.dry_run)
    planned = importer.plan()
    staged = importer.write_texts(planned)
    labels = list(dict.fromkeys(label for entry in export.entries for label in entry.labels))
    mapping_text = mapping.with_labels(labels)
    written = {f"{content.name}/{rel}" for rel in staged}
    if args.dry_run:
        for rel, data in staged.items():
            print(f"would write {content.name}/{rel} ({len(data)} bytes)", file=stream)
        if mapping_text != mapping.text:
            print(f"would write {mapping_path.name} with {len(labels)} label(s) to map", file=stream)
        report(importer.run, export, mapping, [], stream=stream, dry_run=True, root=content.name)
        return 0
    staging = files.staging_folder(content)
    try:
        files.write_staged(staging, staged)
        files.place(staging, content, sorted(staged))
    finally:
        files.remove(staging)
    if mapping_text != mapping.text:
        mapping_path.write_text(mapping_text, encoding="utf-8")
        print(
            f"Wrote {mapping_path.name}: map its labels to care groups and champions, then import again.", file=stream
        )
    problems = problems_of(load_settings(args.settings, args.content), written) if staged else []
    report(importer.run, export, mapping, problems, stream=stream, dry_run=False, root=content.name)
    return 0


__all__ = ["ERROR", "run"]
