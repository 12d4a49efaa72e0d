"""`make import FROM=<export> [DRY_RUN=1]`: the old blog's archive brought
into content/ (docs/WRITING.md, "Bringing in the old blog").

Reading each format: exports.py. HTML to Markdown: convert.py. Labels to
care groups and champions: labels.py. Writing (a temporary folder beside
content/, then moved in) and fetching pictures: files.py. This module
plans each file, runs the rulebook over what was written (as `make check`
reads it: one rulebook) and prints the report."""

from __future__ import annotations

import posixpath
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from rulebook.rules.addresses import pelican_slug, published_address, site_clash
from rulebook.slugs import bulletin_slug, kept_address, old_address_problem, old_addresses, safe_slug

from caregroups.contacts import name_contacts, without_contacts

from ..checks.content import ERROR, Checker, load_settings, read_site
from . import convert, files
from .exports import DRAFT, PAGE, Entry, Export, ExportError, read_export
from .labels import Mapping, read_mapping
from .log import Ledger

LABELS_FILE = "import-labels.txt"
EXAMPLES = 5  # posts named of those imported before (import-log.txt names them all)
LOG_FILE = "import-log.txt"
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
    examples: dict[str, list[str]] = field(default_factory=dict)  # why -> the few skipped items named
    unnamed: dict[str, int] = field(default_factory=dict)  # why -> how many more were not named
    unmapped: dict[str, int] = field(default_factory=dict)
    pictures_left: list[tuple[str, str, str]] = field(default_factory=list)  # (file, old address, why)
    notes: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # a post that could not be converted, and what to do
    shortcodes: list[str] = field(default_factory=list)  # "content/...md:12: [gallery ...]"
    old_links: list[tuple[str, str]] = field(default_factory=list)  # (file, a link still to the old site)

    def skip(self, why: str, what: str = "", example: bool = False) -> None:
        """One item skipped; `what` names it, every one, or (example) at most
        EXAMPLES of its kind: a second run skips every post of the first."""
        self.skipped[why] = self.skipped.get(why, 0) + 1
        if what and example:
            shown = self.examples.setdefault(why, [])
            if len(shown) < EXAMPLES:
                shown.append(what)
                self.skipped_posts.append(what)
            else:
                self.unnamed[why] = self.unnamed.get(why, 0) + 1
        elif what:
            self.skipped_posts.append(what)


def normal_title(title: str) -> str:
    return " ".join(title.casefold().split())


class Importer:
    def __init__(self, site, export: Export, mapping: Mapping, fetch: bool, *, ledger: Ledger | None = None,
                 allow_local: bool = False, no_fetch_words: str = "--no-fetch", dry_run: bool = False):  # fmt: skip
        self.settings = settings = site.settings
        self.export = export
        self.mapping = mapping
        self.fetch = fetch
        self.allow_local = allow_local
        self.dry_run = dry_run
        self.no_fetch_words = no_fetch_words
        self.fetched_bytes = 0
        self.fetch_seconds = 0.0  # time spent fetching pictures: at most files.FETCH_TIME in one import
        self.ledger = ledger or Ledger(None)
        self.run = Run(skipped=dict(export.skipped))
        self.site = site
        self.root = self.site.root
        self.bulletins = settings["ARTICLE_PATHS"][0]
        self.pages = settings["PAGE_PATHS"][0]
        # What content/ has already: its addresses, old addresses and dated titles.
        self.addresses: dict[str, str] = {}  # "/2007/07/name.html" -> file inside content/ (and planned ones)
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
            if date is not None and item.kind == "bulletin":
                self.dated_titles.setdefault((date.date(), normal_title(item.source.value("title"))), rel)
        self.existing = dict(self.addresses)  # what content/ had before this import
        self.ids: dict[str, str] = {}
        self.taken_pictures: set[str] = set()
        self.planned_rels: set[str] = set()

    # -- planning ---------------------------------------------------------------

    def plan(self) -> list[Planned]:
        planned = []
        seen_old: set[str] = set()
        for entry in self.export.entries:
            was = f" ({entry.old_address})" if entry.old_address else ""
            shown = f'"{entry.title.strip() or "(no title)"}"{was}'
            before = self.ledger.find(entry)
            if before is not None:
                gone = "; renamed or deleted since, and not brought back" if not (self.root / before).exists() else ""
                self.run.skip(
                    f"imported before ({self.ledger.name})",
                    f"{shown}: imported before as {self.root.name}/{before}{gone} (to import it again, remove its "
                    f"line from {self.ledger.name})",
                    example=not gone,  # a renamed or deleted one is always named
                )
                continue
            if entry.old_address and entry.old_address in seen_old:
                self.run.skip("twice in the export", f"{shown}: twice in the export; the first was imported")
                continue
            seen_old.add(entry.old_address)
            one = self.plan_entry(entry, shown)
            if one is not None:
                planned.append(one)
                self.planned_rels.add(one.rel)
                self.addresses["/" + one.address] = one.rel
                if entry.old_address:
                    self.addresses.setdefault(unquote(entry.old_address), one.rel)
                for name in entry.ids:
                    self.ids[name] = one.rel
        return planned

    def name_of(self, entry: Entry, title: str) -> str:
        """The file's name (and address) from the old one (decoded: caf%c3%a9-news is cafe-news) or the
        title, made safe as the site makes slugs; never holding a phone number or an e-mail address."""
        made = safe_slug(unquote(entry.slug) or pelican_slug(title, self.settings) or "post", self.settings)
        if name_contacts(made):
            made = without_contacts(made) or safe_slug(without_contacts(title) or "post", self.settings)
        if entry.kind != PAGE:
            made = bulletin_slug(made)
        return made[:80].rstrip("-_") or "post"

    def free(self, rel: str, address: str) -> bool:
        return not ((self.root / rel).exists() or rel in self.planned_rels or ("/" + address) in self.addresses)

    def plan_entry(self, entry: Entry, shown: str) -> Planned | None:
        title = entry.title.strip() or (unquote(entry.slug).replace("-", " ").capitalize() if entry.slug else "")
        if not title:
            self.run.skip("without a title or a name", f"{shown}: no title")
            return None
        if entry.date is None:
            self.run.skip("without a date", f"{shown}: no date")
            return None
        old = entry.old_address
        # Already there only when content/ has its old address (or, for a bulletin, its day and title).
        known = (self.existing.get(unquote(old)) if old else None) or (
            self.dated_titles.get((entry.date.date(), normal_title(title))) if entry.kind != PAGE else None
        )
        if known:
            self.run.skip("already in content/", f"{shown}: already in content/ as {self.root.name}/{known}")
            return None
        base = self.name_of(entry, title)
        if entry.slug and base != safe_slug(unquote(entry.slug), self.settings) and name_contacts(unquote(entry.slug)):
            self.run.notes.append(
                f"{shown}: its old name holds a phone number or an e-mail address (personal data); its file and "
                f"address are named {base} instead"
            )
        number, slug = 1, base
        while True:
            if entry.kind == PAGE:
                rel = f"{self.pages}/{slug}.md"
                address = self.settings["PAGE_SAVE_AS"].format(slug=slug)
            else:
                rel = f"{self.bulletins}/{entry.date:%Y-%m-%d}-{slug}.md"
                address = f"{entry.date:%Y/%m}/{slug}.html"
            kept = kept_address(old) if old and entry.kind != PAGE else None
            use_kept = bool(kept) and PurePosixPath(kept).stem == slug and kept != address
            if use_kept:
                address = kept  # Blogger's month, not the Date's
            if self.free(rel, address):
                break
            number += 1
            slug = f"{base}-{number}"
        if number > 1:
            self.run.notes.append(
                f"{shown}: {self.root.name}/{rel.replace(f'-{number}.md', '.md')} or its address is taken; "
                f"{'it would be' if self.dry_run else 'it was'} imported as {self.root.name}/{rel}"
            )
        fields = [("Title", " ".join(title.split()))]
        if entry.kind == PAGE:
            # A page's address comes from its title unless a Slug names it.
            fields += [("Date", f"{entry.date:%Y-%m-%d %H:%M}"), ("Slug", slug)]
        else:
            if use_kept:
                fields.append(("Address", kept))
            fields += [("Date", f"{entry.date:%Y-%m-%d %H:%M}"), ("Category", "Bulletins")]
        moved = bool(old) and unquote(old).lstrip("/") != address
        why = old_address_problem(old) if moved else None
        if moved and why is None:
            taken = {a.lstrip("/") for a in self.addresses}
            clash = site_clash(old, taken, self.settings)
            if clash:
                why = f"it is {clash[1] or 'the address of ' + self.root.name + '/' + self.addresses['/' + clash[0]]}"
        keep_old = moved and why is None
        if moved and why and entry.status != DRAFT:
            self.run.notes.append(f"{self.root.name}/{rel}: the old address {old} cannot be kept ({why})")
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
        found = self.link_target(planned, href)
        if found is None and href.strip() not in planned.pictures:
            parts = urlsplit(urljoin(f"https://{OLD_SITE}/", href.strip()))
            if parts.scheme in ("http", "https") and parts.netloc != OLD_SITE and self.old_site(parts.netloc):
                self.run.old_links.append((f"{self.root.name}/{planned.rel}", href.strip()))
        return found

    def link_target(self, planned: Planned, href: str) -> str | None:
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
        # WordPress's ?p=12 names a post whatever the path (often the site's root).
        path = unquote(parts.path)
        target = self.ids.get(parts.query.split("&", 1)[0]) if parts.query else None
        if target is None and path not in ("", "/"):
            target = self.addresses.get(path) or self.addresses.get(path.rstrip("/") + "/")
            target = target or self.addresses.get(path.rstrip("/"))
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
                (f"{self.root.name}/{planned.rel}", url, f"not fetched ({self.no_fetch_words} or a dry run)")
            )
            return None
        left = files.FETCH_TIME - self.fetch_seconds
        if left <= 0:
            self.run.pictures_left.append((
                f"{self.root.name}/{planned.rel}", url,
                f"not fetched: the import spent {files.FETCH_TIME / 60:g} minutes fetching pictures already",
            ))  # fmt: skip
            return None
        started = time.monotonic()
        try:
            data, extension = files.fetch_picture(
                url, allow_local=self.allow_local, budget=files.MAX_IMPORT - self.fetched_bytes,
                deadline=min(files.DEADLINE, left),
            )  # fmt: skip
        except files.NotFetched as why:
            self.run.pictures_left.append((f"{self.root.name}/{planned.rel}", url, str(why)))
            return None
        finally:
            self.fetch_seconds += time.monotonic() - started
        self.fetched_bytes += len(data)
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
        wordpress = "WordPress" in self.export.format
        for one in planned:
            pictures = dict(staged)
            try:
                soup = convert.parse(one.entry.html, wordpress=wordpress)
                convert.rewrite(
                    soup,
                    lambda href, one=one: self.link_for(one, href),
                    lambda src, one=one: self.picture_for(one, src, staged),
                )
                one.body = convert.to_markdown(soup)
            except Exception as error:  # noqa: BLE001 - one post's trouble is told, the others imported
                for rel in set(staged) - set(pictures):
                    del staged[rel]
                    self.taken_pictures.discard(rel)
                # Later posts' links to it stay as they were (to the old site), and are listed as such.
                for names in (self.addresses, self.ids):
                    for name in [name for name, rel in names.items() if rel == one.rel]:
                        del names[name]
                shown = f'"{one.fields[0][1]}"' + (f" ({one.entry.old_address})" if one.entry.old_address else "")
                self.run.failed.append(
                    f"{shown}: its text could not be converted ({type(error).__name__}: {error}); it was left out: "
                    "copy its text from the old site into a new bulletin (make newpost)"
                )
                continue
            header = "".join(f"{name}: {' '.join(value.split())}\n" for name, value in one.fields)
            staged[one.rel] = (header + "\n" + (one.body.strip() or one.fields[0][1]) + "\n").encode("utf-8")
            if wordpress:
                first = header.count("\n") + 2  # the body's first line in the file
                for line, code in convert.shortcodes(one.body.strip()):
                    self.run.shortcodes.append(f"{self.root.name}/{one.rel}:{first + line - 1}: {code}")
            kind = "pages" if one.entry.kind == PAGE else "bulletins"
            kind += " (drafts)" if one.entry.status == DRAFT else ""
            self.run.imported.setdefault(kind, []).append(one)
        return staged


def problems_of(settings: dict, written: set[str]) -> list:
    """The rulebook's lines for the files written, as `make check` reads them."""
    problems = Checker(read_site(settings)).run()
    return [p for p in problems if p.path in written]


def report(run: Run, export: Export, mapping: Mapping, problems: list, *, stream, dry_run: bool, root: str,
           words: dict) -> None:  # fmt: skip
    say = lambda line="": print(line, file=stream)  # noqa: E731 - one short helper
    would = "would be " if dry_run else ""
    site = f" of {export.site}" if export.site else ""
    say(
        f"Read a {export.format} export{site}: {len(export.entries)} post(s) and page(s), "
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
        say(f"Skipped{' (would be)' if dry_run else ''}: {sum(run.skipped.values())}:")
        for why, count in sorted(run.skipped.items()):
            say(f"  {count} {why}")
        for what in run.skipped_posts:
            say(f"    {what}")
        for why, count in run.unnamed.items():
            say(f"    and {count} more {why}")
    if run.failed:
        say("Left out, their text could not be converted:")
        for what in run.failed:
            say(f"  {what}")
    if run.unmapped:
        say(f"Labels not mapped to a care group or champion ({would}kept as tags; map them in {mapping.path.name}):")
        for label, count in sorted(run.unmapped.items(), key=lambda kv: kv[0].casefold()):
            say(f"  {label} ({count} post(s))")
    if run.pictures_left:
        say("Pictures to fetch (still on the old site; make check names each until it is in content/images/):")
        for path, url, why in run.pictures_left:
            say(f"  {path}: {url}: {why}")
    if run.shortcodes:
        say(
            "WordPress shortcodes, a program of the old site that this site does not run (shown as text): replace "
            "each with what it showed (pictures, a link to the form or the video):"
        )
        for line in run.shortcodes:
            say(f"  {line}")
    if run.old_links:
        say("Links still to the old site (to posts not in this export): link them to a bulletin or remove them:")
        for path, href in run.old_links:
            say(f"  {path}: {href}")
    for note in run.notes:
        say(f"Note: {note}")
    if problems:
        say("Problems to fix (make check's lines):")
        for problem in problems:
            say(f"  {problem}")
    elif dry_run and total:
        say("Problems to fix: make check names them once the files are written.")
    say(
        "Then run make check."
        if not dry_run
        else f"Run it without {words['dry_run']} to write these files, then make check."
    )


TRUE_WORDS = frozenset({"1", "yes", "true", "y", "on"})
FALSE_WORDS = frozenset({"", "0", "no", "false", "n", "off"})


def yes_or_no(value: str | None, name: str) -> bool:
    """DRY_RUN=1/yes/true (any case) is yes; 0/no/false or empty is no;
    anything else is refused (ValueError, with the plain line)."""
    word = (value or "").strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name}={value} is neither yes nor no; write {name}=1 (or yes), or leave it out")


def run(args) -> int:  # noqa: PLR0911 - one return for each way the import stops, in order
    """`python -m secretary import --from FILE [--dry-run] [--no-fetch]`."""
    stream = args.stream
    make = getattr(args, "through_make", False)
    words = {"dry_run": "DRY_RUN=1" if make else "--dry-run", "no_fetch": "NO_FETCH=1" if make else "--no-fetch"}
    try:
        dry_run = yes_or_no(args.dry_run, "DRY_RUN" if make else "--dry-run")
        no_fetch = yes_or_no(args.no_fetch, "NO_FETCH" if make else "--no-fetch")
    except ValueError as error:
        print(f"error: {error}", file=stream)
        return 2
    settings = load_settings(args.settings, args.content)
    try:
        export = read_export(Path(args.from_file).expanduser())
    except ExportError as error:
        hint = ""
        if "cannot be read" in str(error) and ("~" in str(args.from_file) or " " in str(args.from_file)):
            hint = (
                ' (a folder name with spaces needs quotes, FROM="$HOME/Takeout/Blogger/Blogs/My blog/feed.atom"; '
                "inside quotes write $HOME, not ~)"
            )
        print(f"error: {error}{hint}", file=stream)
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
    for note in mapping.notes:
        print(f"Note: {note}", file=stream)
    labels = list(dict.fromkeys(label for entry in export.entries for label in entry.labels))
    mapping_text = mapping.with_labels(labels)
    first_labels = bool(labels) and not mapping.exists
    new_labels = [label for label in labels if not mapping.knows(label)]
    say_labels = (
        f"{len(labels)} label(s) found; say which care group or champion each means in {mapping_path.name}, then "
        "run make import again (labels left blank become tags)"
    )
    say_new = (
        f"{len(new_labels)} new label(s) in this export; say which care group or champion each means in "
        f"{mapping_path.name}, then run make import again (labels left blank become tags)"
    )
    if first_labels and not dry_run:
        # The first run: the labels to map, and nothing imported until they are.
        mapping_path.write_text(mapping_text, encoding="utf-8")
        print(f"Wrote {mapping_path.name}. {say_labels}. Nothing was imported yet.", file=stream)
        return 0
    if new_labels and not dry_run:
        # Another export (WordPress after Blogger): its labels are mapped before any post is imported, as on
        # the first run; a post imported now could not take its care group later (it is "imported before").
        mapping_path.write_text(mapping_text, encoding="utf-8")
        print(f"Added to {mapping_path.name}. {say_new}:", file=stream)
        for label in new_labels:
            print(f"  {label}", file=stream)
        print("Nothing was imported yet.", file=stream)
        return 0
    ledger = Ledger(mapping_path.parent / LOG_FILE)
    importer = Importer(
        site, export, mapping, fetch=not no_fetch and not dry_run, ledger=ledger,
        allow_local=getattr(args, "fetch_local", False), no_fetch_words=words["no_fetch"], dry_run=dry_run,
    )  # fmt: skip
    planned = importer.plan()
    staged = importer.write_texts(planned)
    written = {f"{content.name}/{rel}" for rel in staged}
    if dry_run:
        for rel, data in staged.items():
            print(f"would write {content.name}/{rel} ({len(data)} bytes)", file=stream)
        if first_labels:
            print(f"would write {mapping_path.name} and stop there. {say_labels}:", file=stream)
            for label in labels:
                print(f"  {label}", file=stream)
        elif new_labels:
            print(f"would add to {mapping_path.name} and stop there. {say_new}:", file=stream)
            for label in new_labels:
                print(f"  {label}", file=stream)
        report(importer.run, export, mapping, [], stream=stream, dry_run=True, root=content.name, words=words)
        return 0
    imported = [one for kinds in importer.run.imported.values() for one in kinds]
    staging = files.staging_folder(content)
    try:
        files.write_staged(staging, staged)
        files.place(staging, content, sorted(staged))
    finally:
        files.remove(staging)
    try:
        if imported:
            ledger.path.write_text(ledger.with_files(imported, content.name), encoding="utf-8")
        problems = problems_of(load_settings(args.settings, args.content), written) if staged else []
        report(importer.run, export, mapping, problems, stream=stream, dry_run=False, root=content.name, words=words)
    except KeyboardInterrupt as error:
        print(
            f"stopped: every file of the import was written into {content.name}/ ({len(imported)} post(s) and "
            f"page(s)); run make check to see what to fix.",
            file=stream,
        )
        return getattr(error, "status", 130)
    return 0


__all__ = ["ERROR", "run"]
