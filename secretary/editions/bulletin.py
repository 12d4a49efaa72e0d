"""Which bulletin the editions are made of, and what Pelican made of it.

The secretary names a file (BULLETIN=content/bulletins/x.md) or none (the
newest bulletin on the site). A name that is no bulletin gets the nearest
one's; a bulletin `make check` refuses is refused with `make check`'s own
lines (secretary/checks/content.py: the same reading, the same rules). The
bulletin is then taken from a real build of the site (secretary/build.py,
with the settings given, into a temporary folder): its text after the
rulebook's allow-list and the care-groups plugin (contact details hidden,
{filename} links made absolute with SITEURL), its care groups and its
champions, as the live site shows them. Nothing here reads Markdown
itself."""

from __future__ import annotations

import contextlib
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pelican import signals
from pelican.generators import ArticlesGenerator

from caregroups.model import plain_text
from caregroups.reveal import obfuscate
from publishing import buildtime

from ..build import build as build_site
from ..checks.content import ERROR, SCHEDULED, Checker, Site, read_site

EXAMPLE = "make editions BULLETIN=content/bulletins/2026-11-23-branch-meeting.md"


class Refused(Exception):
    """No edition can be made; the message (and the lines before it) say why
    in plain words."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.lines = lines or []


@dataclass
class Route:
    """One way to reach a champion: a label, what a reader sees, and where a
    link leads (empty for a number or address written out)."""

    label: str
    text: str
    href: str = ""


@dataclass
class Contact:
    """A champion the bulletin sends members to, with every route to them."""

    name: str  # escaped, typogrified markup, as the site shows it
    role: str
    profile: str  # absolute address of the champion's page
    phone: str = ""
    email: str = ""


@dataclass
class Bulletin:
    """What the editions need, as the live site has it."""

    source: str  # content/bulletins/x.md
    slug: str
    title: str  # markup (escaped, typogrified)
    plain_title: str
    date: str  # as the site prints it
    iso_date: str
    author: str
    summary: str
    url: str  # absolute
    body: str  # markup, links absolute
    care_groups: list[tuple[str, str]]  # (name markup, absolute address)
    contacts: list[Contact]
    settings: dict
    site_folder: Path  # the built site, for the pictures the letter embeds
    # The reveal controls' data-reveal values, each with the number or
    # address it stands for (the champions' and the branch's).
    hidden: dict[str, str] = field(default_factory=dict)

    @property
    def siteurl(self) -> str:
        return self.settings["SITEURL"]

    def absolute(self, path: str) -> str:
        return f"{self.siteurl}/{path}"


def shown_name(site: Site, rel: str) -> str:
    return f"{site.root.name}/{rel}"


def find(site: Site, wanted: str | None) -> str:
    """The bulletin's path inside the content folder ("bulletins/x.md")."""
    bulletins = {source.rel: source for source in site.bulletins}
    folders = tuple(f"{folder}/" for folder in site.settings["ARTICLE_PATHS"])
    # A bulletin Pelican cannot read as text is named too: make check says why.
    readable_or_not = [*bulletins, *(rel for rel in site.not_utf8 if rel.startswith(folders))]
    if not wanted:
        return newest(site)
    rel = inside_content(site, wanted)
    if rel in readable_or_not:
        return rel
    if rel is not None and (site.root / rel).is_file():
        folder = site.settings["ARTICLE_PATHS"][0]
        raise Refused(
            f"{shown_name(site, rel)} is not a bulletin: name a file in {site.root.name}/{folder}/, e.g. {EXAMPLE}"
        )
    raise Refused(f"there is no bulletin {wanted}; {suggestion(site, wanted, readable_or_not)}")


def inside_content(site: Site, wanted: str) -> str | None:
    """A name as the secretary may write it (content/bulletins/x.md,
    bulletins/x.md, x.md, x, or a full path) as a path inside the content
    folder, when such a file exists."""
    given = Path(wanted).expanduser()
    folder = site.settings["ARTICLE_PATHS"][0]
    tries = [given, site.root.parent / given, site.root / given, site.root / folder / given]
    tries += [p.with_name(p.name + ".md") for p in tries if p.suffix != ".md"]
    for path in tries:
        with contextlib.suppress(OSError, ValueError):
            if path.is_file():
                return path.resolve().relative_to(site.root).as_posix()
    return None


def suggestion(site: Site, wanted: str, bulletins: list[str]) -> str:
    """'did you mean ...?', or where the bulletins are when none is close."""
    if bulletins:
        by_name = {PurePosixPath(rel).name: rel for rel in bulletins}
        by_stem = {PurePosixPath(rel).stem: rel for rel in bulletins}
        name = PurePosixPath(wanted.replace("\\", "/")).name
        close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
        close = close and by_name[close[0]]
        if not close:
            stem = PurePosixPath(name).stem
            close = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.6)
            close = close and by_stem[close[0]]
        if not close:
            # A name typed in part ("budgets"): a clear hint when only one file has it.
            partial = [rel for rel in bulletins if PurePosixPath(name).stem.casefold() in rel.casefold()]
            close = partial[0] if len(partial) == 1 else None
        if close:
            return f"did you mean {shown_name(site, close)}?"
    folder = site.settings["ARTICLE_PATHS"][0]
    return f"name a file in {site.root.name}/{folder}/, e.g. {EXAMPLE}, or leave BULLETIN out for the newest"


def newest(site: Site) -> str:
    """The newest bulletin members can read on the site: published, due,
    not hidden."""
    due = [
        source
        for source in site.bulletins
        if source.read is not None
        and getattr(source.read, "status", None) == "published"
        and source.read.date <= site.now
    ]
    if not due:
        raise Refused("there is no published bulletin yet to make editions of: publish one first (make publish)")
    return max(due, key=lambda source: (source.read.date, source.rel)).rel


def refuse_mistakes(site: Site, rel: str) -> None:
    """`make check`'s lines for this file; any error refuses it, as make
    publish would."""
    shown = shown_name(site, rel)
    problems = [p for p in Checker(site).run() if p.path == shown]
    errors = [p for p in problems if p.severity == ERROR]
    if errors:
        raise Refused(
            f"{shown} has {len(errors)} problem(s), named above as make check names them: "
            "fix them, then run make editions again",
            [str(p) for p in errors],
        )
    scheduled = [p for p in problems if p.severity == SCHEDULED]
    if scheduled:
        raise Refused(
            f"{shown} is not on the live site yet ({scheduled[0].message.split(': ', 1)[0]}), so its editions would "
            "lead nowhere; make them once it is published"
        )
    source = next((s for s in site.bulletins if s.rel == rel), None)
    status = getattr(source.read, "status", None) if source is not None else None
    if status == "draft":
        raise Refused(
            f"{shown} is a draft (Status: draft), so it is not on the live site and its editions would lead "
            "nowhere; remove its Status line, publish it, then make its editions"
        )


@contextlib.contextmanager
def caught_article(source_path: Path):
    """The Article Pelican makes of this file during a build, and the
    generators' shared context, kept as the build ends."""
    caught: dict = {}

    def keep(generators):
        for generator in generators:
            if isinstance(generator, ArticlesGenerator):
                for name, articles in (("published", generator.articles), ("hidden", generator.hidden_articles)):
                    for article in articles:
                        if Path(article.source_path).resolve() == source_path:
                            caught.update(article=article, status=name, context=generator.context)
                for article in generator.drafts:
                    if Path(article.source_path).resolve() == source_path:
                        caught.update(article=None, status="draft")

    signals.all_generators_finalized.connect(keep)
    try:
        yield caught
    finally:
        signals.all_generators_finalized.disconnect(keep)


def read(settings_file: Path, content: Path | None, wanted: str | None, work: Path, settings: dict) -> Bulletin:
    """Choose the bulletin, check it, build the site into `work` and take the
    bulletin from it. Raises Refused with the secretary's message."""
    site = read_site(settings)
    rel = find(site, wanted)
    refuse_mistakes(site, rel)
    shown = shown_name(site, rel)
    overrides = {
        # The build's warnings about other files do not stop this one's editions.
        "STRICT_BUILD": False,
        buildtime.SETTING: site.settings[buildtime.SETTING],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    if content is not None:
        overrides["PATH"] = str(content.resolve())
    said = io.StringIO()
    with caught_article((site.root / rel).resolve()) as caught:
        status = build_site(settings_file, work / "site", strict=False, search=False, stream=said, overrides=overrides)
    lines = [line for line in said.getvalue().splitlines() if line.startswith("error:")]
    if status != 0:
        raise Refused("the site could not be built, so neither could the editions", lines)
    if caught.get("article") is None:
        raise Refused(f"the site leaves {shown} out (a draft or held back); run make check to see why")
    return bulletin_of(caught["article"], caught["context"], shown, work / "site")


def bulletin_of(article, context: dict, shown: str, site_folder: Path) -> Bulletin:
    settings = article.settings
    siteurl = settings["SITEURL"]
    contacts = [
        Contact(
            name=champion.name,
            role=champion.role or "",
            profile=f"{siteurl}/{champion.url}",
            phone=champion.phone or "",
            email=champion.email or "",
        )
        for champion in article.contact_champions
    ]
    hidden = {}
    branch = settings.get("BRANCH_CONTACT") or {}
    for value in [
        *(getattr(c, name) for c in context.get("champions_all", []) for name in ("phone", "email")),
        branch.get("phone"),
        branch.get("email"),
    ]:
        if value:
            # The reveal control holds obfuscate(value) (caregroups/reveal.py).
            hidden.setdefault(obfuscate(value), value)
    return Bulletin(
        source=shown,
        slug=article.slug,
        title=article.title,
        plain_title=plain_text(article.title),
        date=article.locale_date,
        iso_date=article.date.date().isoformat(),
        author=plain_text(article.author.name) if getattr(article, "author", None) else "",
        summary=plain_text(article.summary or ""),
        url=f"{siteurl}/{article.url}",
        body=article.get_content(siteurl),
        care_groups=[(group.name, f"{siteurl}/{group.url}") for group in article.care_groups],
        contacts=contacts,
        settings=settings,
        site_folder=site_folder,
        hidden=hidden,
    )
