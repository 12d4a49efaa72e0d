"""Pelican glue: read care-group and champion files, attach them to the
bulletins, and write their pages and feeds.

Modelled on ArticlesGenerator.generate_categories: terms and their
bulletins are built in generate_context, pages and feeds written in
generate_output, and a page whose *_SAVE_AS is empty is skipped."""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from functools import partial
from pathlib import Path

from pelican.contents import Article, Page, SkipStub
from pelican.generators import Generator
from pelican.readers import ensure_metadata_list
from rulebook.source import NotUTF8, parse

from compat.private import body_of, set_body, set_summary, text_as_read
from publishing import buildtime

from .contacts import (
    AS_READ,
    body_contacts,
    contacts_in,
    email_key,
    has_enough_digits,
    name_contacts,
    phone_number,
    readable_text,
    without_contacts,
)
from .model import Directory, group_by, plain_text, split_names
from .reveal import reveal_html
from .routes import contact_routes, public_phone_keys
from .rules import TermFile, read_terms, unreadable
from .terms import CareGroup, Champion

logger = logging.getLogger(__name__)
# What a reader sees where a number or address was left out.
LEFT_OUT = {"phone": "(phone number left out)", "email": "(e-mail address left out)"}


# The context's lists of what Pelican's generators read.
CONTENT_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles",
                 "hidden_translations", "pages", "hidden_pages", "draft_pages")  # fmt: skip


def kind_of(found):
    return "email" if "@" in found.text else "phone"


def hide_contacts(markup, reveal_for=None, contact_href="", public=frozenset()):
    """An HTML fragment with every phone number and e-mail address a reader
    would see taken out of its text and attributes (contacts.py finds them
    however they are written: across <strong>, as references, with &nbsp;).
    A number whose key is in `public` (routes.public_phone_keys) stays in
    the text as written. One whose key is in `reveal_for` becomes that
    reveal control, unless it is inside a link (a control cannot sit inside
    a link); any other is replaced by LEFT_OUT. A tel: or mailto: link
    leads to `contact_href` instead. Returns the new fragment and the kinds
    put in: {"reveal", "left out"}."""
    done = set()
    if not body_contacts(markup):
        return markup, done  # no number, no address (and the rulebook reads the same answer again)
    readable = readable_text(markup)
    edits = []
    for found in contacts_in(readable.text):
        if found.key in public:
            continue
        pieces = readable.pieces(found.start, found.end)
        if not pieces:
            continue
        in_link = readable.in_a_link(found.start, found.end)
        reveal = None if in_link else (reveal_for or {}).get(found.key)
        done.add("reveal" if reveal else "left out")
        edits.append((*pieces[0], reveal or html.escape(LEFT_OUT[kind_of(found)])))
        edits += [(start, end, "") for start, end in pieces[1:]]
    for attribute in readable.attributes:
        if attribute.kind == "contact":
            value = contact_href
        elif attribute.kind == "url":
            # A web address holding a number or address (wa.me/44..., ?phone=,
            # cite="tel:..."): a link leads to the contact page instead, any
            # other address is left empty (its parts cannot be hidden one by one).
            if not attribute.contacts():
                continue
            value = contact_href if attribute.name == "href" else ""
        else:
            # Text a reader sees: each one replaced by LEFT_OUT; a name (an
            # id): each left out.
            left_out = LEFT_OUT if attribute.kind == "text" else {"phone": "", "email": ""}
            value, position = [], 0
            for found in attribute.contacts():
                value += [attribute.value[position : found.start], left_out[kind_of(found)]]
                position = found.end
            if not value:
                continue
            value = "".join([*value, attribute.value[position:]])
        done.add("left out")
        written = html.escape(value, quote=True)
        edits.append((attribute.start, attribute.end, written if attribute.quoted else f'"{written}"'))
    for start, end, replacement in sorted(edits, reverse=True):
        markup = markup[:start] + replacement + markup[end:]
    return markup, done


def hide_contacts_of(content, reveal_for, href, public):
    """Every phone number and e-mail address in one bulletin's, page's or
    meeting's text, title and summary hidden (a bulletin's text: the
    champions' and the branch's behind the reveal control) or left out, as
    hide_contacts says; what was read is kept as AS_READ. The events plugin
    calls it for each meeting (plugins/events)."""
    bulletin = isinstance(content, Article)
    body, summary_line, summary_set = text_as_read(content)
    as_read = {"body": body, "title": content.metadata.get("title"), "summary": summary_line}
    new_body, done = hide_contacts(body, reveal_for if bulletin else None, href, public)
    changed = new_body != body
    if changed:
        set_body(content, new_body)
    if bulletin and ("reveal" in done or 'class="reveal"' in new_body):
        content.has_hidden_contacts = True
    for name, value in (("title", as_read["title"]), ("summary", summary_set or summary_line)):
        if not isinstance(value, str):
            continue
        hidden, _ = hide_contacts(value, None, href, public)
        if hidden != value:
            changed = True
            content.metadata[name] = hidden
            if name == "title":
                content.title = hidden
            else:
                set_summary(content, hidden)
    if not hasattr(content, AS_READ):  # done twice (kept by the preview), the first reading stays
        setattr(content, AS_READ, as_read if changed else {})
    safe_address(content)


def safe_address(content):
    """A bulletin's or page's address (its Slug, or its file's name) is
    printed into every link to it, the sitemap and the feeds: a phone number
    or e-mail address in it is left out, in every build (the rulebook names
    the file, so `make publish` refuses it)."""
    slug = getattr(content, "slug", None)
    if isinstance(slug, str) and name_contacts(slug):
        as_read = getattr(content, AS_READ, None)
        if isinstance(as_read, dict):
            as_read.setdefault("slug", slug)  # what the rulebook names
        content.slug = address_without_contacts(slug)


def address_without_contacts(slug):
    """A slug as it is, or without the numbers and addresses in it."""
    if slug and name_contacts(slug):
        return without_contacts(slug) or "page"
    return slug


def report(problems):
    """One warning line per problem: `make html` shows them and still
    builds; `make publish` runs with --fatal warnings and stops."""
    for problem in problems:
        logger.warning("%s", problem)


def on_their_lines(problems, content_root: Path) -> list:
    """Each problem on the line of its field, as `make check` names it
    (secretary/checks/content.py: the same rules, the same lines)."""
    sources = {}
    placed = []
    for problem in problems:
        if problem.line is None:
            rel = problem.path.split("/", 1)[-1]
            if rel not in sources:
                try:
                    sources[rel] = parse(content_root / rel, content_root)
                except (NotUTF8, OSError, ValueError):
                    sources[rel] = None
            if sources[rel] is not None:
                placed.append(replace(problem, line=sources[rel].line_of(problem.field.lower())))
                continue
        placed.append(problem)
    return placed


class CareGroupsGenerator(Generator):
    """Builds care-group and champion pages and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.care_groups = Directory("care group")
        self.champions = Directory("champion")
        self.problems = []
        # The term files as Pelican read them, for the rulebook plugin.
        self.rulebook_items = []
        self.reveal_for = None  # the reveal controls by key, made once the champions are known
        self.public = frozenset()  # the numbers printed as they are written (routes.public_phone_keys)
        content_root = Path(self.settings["PATH"])
        self._shown_root = content_root.name

    # -- reading ---------------------------------------------------------

    def shown_path(self, source_path):
        """The path the secretary knows: content/champions/x.md."""
        return f"{self._shown_root}/{source_path}"

    def term_files(self, paths_setting):
        """Each term file under the given paths, as Pelican reads a page; one
        it cannot read is left out, as Pelican's generators leave a bulletin."""
        for path in sorted(self.get_files(self.settings[paths_setting])):
            try:
                page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
            except Exception as error:  # noqa: BLE001 - as Pelican's generators: reported, and the file left out
                self.problems.append(unreadable(self.shown_path(path), error))
                continue
            if isinstance(page, SkipStub):  # Status: skip, as Pelican skips a bulletin
                continue
            self.rulebook_items.append(("care group" if paths_setting == "CAREGROUP_PATHS" else "champion", page))
            yield TermFile(path, self.shown_path(path), page.metadata, page)

    def care_group(self, term):
        return CareGroup(
            term.name,
            self.settings,
            slug=address_without_contacts(term.slug),
            source_path=term.path,
            summary=term.metadata.get("summary", ""),
            content=term.content,
        )

    def champion(self, term, facts, today):
        champion = Champion(
            term.name,
            self.settings,
            role=facts.role,
            since=facts.since,
            until=facts.until,
            email=facts.email,
            phone=facts.phone,
            phone_public=facts.phone_public,
            today=today,
            slug=address_without_contacts(term.slug),
            source_path=term.path,
            summary=term.metadata.get("summary", ""),
            content=term.content,
        )
        champion.care_groups = facts.care_groups
        for group in facts.care_groups:
            group.champions.append(champion)
        return champion

    def read_terms(self):
        """The care-group and champion files, by the rules in rules.py."""
        today = buildtime.today(self.settings)
        terms = read_terms(
            list(self.term_files("CAREGROUP_PATHS")),
            list(self.term_files("CHAMPION_PATHS")),
            make_care_group=self.care_group,
            make_champion=partial(self.champion, today=today),
        )
        self.care_groups, self.champions = terms.care_groups, terms.champions
        self.problems.extend(terms.problems)
        champions = [entry.item for entry in self.champions.entries]
        self.public = public_phone_keys(self.settings, [(c.phone, c.phone_public) for c in champions])
        self.contact_routes = contact_routes(self.settings, self.champions)
        for entry in [*self.care_groups.entries, *self.champions.entries]:
            # Lets a bulletin link to a champion with {filename}../champions/x.md
            self.context["generated_content"][entry.item.source_path] = entry.item

    # -- attaching to bulletins ----------------------------------------------

    def attach(self, article):
        shown = self.shown_path(article.get_relative_source_path())
        groups, problems = self.care_groups.resolve(shown, "Care_groups", getattr(article, "care_groups_names", []))
        champions, more = self.champions.resolve(shown, "Champions", getattr(article, "champions_names", []))
        self.problems.extend(problems + more)
        article.care_groups = groups
        article.champions = champions
        contacts = [c for g in groups for c in g.current_champions]
        contacts += [c for c in champions if not c.is_former]
        article.contact_champions = list(dict.fromkeys(contacts))
        # The contact box's reveal controls (a champion's e-mail address or
        # number not marked public), and the text's (hide_contacts_in).
        article.has_hidden_contacts = any(c.hidden_routes for c in article.contact_champions)
        self.hide_contacts_in(article)

    # -- contact details in the text and fields ----------------------------------

    def read_content(self):
        """Every bulletin and page Pelican read, published or not (a draft
        is shown in the preview), once each."""
        seen = {}
        for name in CONTENT_LISTS:
            for content in self.context.get(name) or ():
                seen.setdefault(id(content), content)
        return list(seen.values())

    def hide_contacts_everywhere(self):
        """No phone number or e-mail address reaches a page, a feed or the
        search index as text, in any build. In a bulletin's text a
        champion's or the branch's becomes the reveal control; any other,
        and any in a page, a title, a summary, an attribute or a care-group
        or champion file, is left out (the rulebook reports each one, so
        `make publish` refuses it). What was read is kept as AS_READ."""
        href = "{filename}/" + self.settings["CONTACT_PAGE_SOURCE"]
        for content in self.read_content():
            if not hasattr(content, AS_READ):  # a bulletin's was done as it was attached
                self.hide_contacts_in(content)
        for term in [*self.care_groups_all, *self.champions_all]:
            for name in ("summary", "role"):
                value = getattr(term, name, None)
                if isinstance(value, str):
                    setattr(term, name, hide_contacts(value, None, href, self.public)[0])
            page = term.content
            if page is not None and hasattr(page, "metadata"):
                body = body_of(page)
                new_body, _ = hide_contacts(body, None, href, self.public)
                if new_body != body:
                    setattr(page, AS_READ, {"body": body})
                    set_body(page, new_body)

    def hide_contacts_in(self, content):
        """hide_contacts_everywhere for one bulletin or page (the preview's
        in-place edit calls it through attach). Marks it done with AS_READ."""
        if self.reveal_for is None:
            self.reveal_for = self.reveal_markup()
        href = "{filename}/" + self.settings["CONTACT_PAGE_SOURCE"]
        hide_contacts_of(content, self.reveal_for, href, self.public)

    def reveal_markup(self):
        """The reveal control for each champion's and the branch's number
        and address, by its key (the first owner of a key wins)."""
        labels = self.settings["LABELS"]
        branch = self.settings.get("BRANCH_CONTACT") or {}
        owners = [(plain_text(c.name), c.phone, c.email) for c in self.champions_all]
        owners.append((labels["branch_office"], branch.get("phone"), branch.get("email")))
        href = "{filename}/" + self.settings["CONTACT_PAGE_SOURCE"]
        markup = {}
        for who, phone, email in owners:
            number = phone_number(phone) if phone else None
            if number is not None:
                markup.setdefault(number.key, reveal_html("phone", phone, who, href, labels))
            if email:
                markup.setdefault(email_key(email), reveal_html("email", email, who, href, labels))
        return markup

    # -- Pelican's two phases ----------------------------------------------------

    def generate_context(self):
        self.read_terms()
        self.care_groups_all = [e.item for e in self.care_groups.entries]
        self.champions_all = [e.item for e in self.champions.entries]
        articles = self.context.get("articles", [])
        for article in [*articles, *self.context.get("drafts", [])]:
            self.attach(article)
        self.hide_contacts_everywhere()
        for key, terms in (
            (lambda a: a.care_groups, self.care_groups_all),
            (lambda a: a.champions, self.champions_all),
        ):
            grouped = group_by(articles, key)
            for term in terms:
                term.articles = grouped.get(term, [])
        self.care_groups_all.sort(key=lambda g: plain_text(g.name).casefold())
        self.champions_all.sort(key=lambda c: plain_text(c.name).casefold())
        self.context["care_groups_all"] = self.care_groups_all
        self.context["champions_all"] = self.champions_all
        self.context["champions_current"] = [c for c in self.champions_all if not c.is_former]
        self.context["champions_former"] = [c for c in self.champions_all if c.is_former]
        self.context["contact_routes"] = self.contact_routes.as_context()
        self.problems = on_their_lines(self.problems, Path(self.settings["PATH"]))
        report(sorted(self.problems, key=str))
        self.context.setdefault("content_problems", []).extend(self.problems)

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        for name, template_name in (("CAREGROUPS", "care_groups"), ("CHAMPIONS", "champions")):
            save_as = self.settings[f"{name}_SAVE_AS"]
            if save_as:
                write(
                    save_as,
                    self.get_template(template_name),
                    self.context,
                    url=self.settings[f"{name}_URL"],
                    template_name=template_name,
                )
        for terms, template_name, variable in (
            (self.care_groups_all, "care_group", "care_group"),
            (self.champions_all, "champion", "champion"),
        ):
            template = self.get_template(template_name)
            for term in terms:
                if not term.save_as:
                    continue
                write(
                    term.save_as,
                    template,
                    self.context,
                    url=term.url,
                    articles=term.articles,
                    dates=term.articles,
                    template_name=template_name,
                    blog=True,
                    page_name=term.page_name,
                    **{variable: term},
                )
                if term.feed_save_as and self.settings.get("CAREGROUP_FEEDS", True):
                    writer.write_feed(
                        term.articles,
                        self.context,
                        term.feed_save_as,
                        term.feed_url,
                        # Escaped plain text: the writer unescapes it once, as for categories.
                        feed_title=html.escape(term.plain_name, quote=False),
                    )


def split_metadata(generator, metadata):
    """article_generator_context receiver: parse the lists once, early, as
    the more-categories plugin does. Names are kept as written; matching
    them against the care-group files happens in the generator."""
    for field_name in ("care_groups", "champions"):
        if field_name in metadata and not isinstance(metadata[field_name], list):
            metadata[field_name] = ensure_metadata_list(metadata[field_name])
        metadata[f"{field_name}_names"] = split_names(metadata.pop(field_name, []))


# Fields whose values become pages of their own (a tag's, an author's page)
# or are shown on every bulletin of a series.
NAME_FIELDS = ("tags", "category", "author", "authors", "series")
# The metadata key under which such a field's value, as read, is kept for
# the rulebook's personal-data rule.
NAMES_AS_READ = "names_as_read"


def holds_contact(name: str) -> bool:
    return (has_enough_digits(name) or "@" in name) and bool(contacts_in(name) or name_contacts(name))


def leave_out_contacts_in_names(generator, metadata):
    """article_generator_context and page_generator_context receiver: a
    tag, category, author or series holding a phone number or an e-mail
    address is left out in every build (its name would be a page's address
    and title, and in every feed); the rulebook names it (rules/personal.py),
    so `make publish` refuses it."""
    for name in NAME_FIELDS:
        value = metadata.get(name)
        if isinstance(value, list):
            kept = [item for item in value if not holds_contact(str(getattr(item, "name", item)))]
            if len(kept) == len(value):
                continue
            metadata[name] = kept
        elif value is not None and holds_contact(str(getattr(value, "name", value))):
            del metadata[name]
        else:
            continue
        metadata.setdefault(NAMES_AS_READ, {})[name] = value
