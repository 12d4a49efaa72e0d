"""Pelican glue: read care-group and champion files, attach them to the
bulletins, and write their pages and feeds.

Modelled on ArticlesGenerator.generate_categories: terms and their
bulletins are built in generate_context, pages and feeds written in
generate_output, and a page whose *_SAVE_AS is empty is skipped."""

from __future__ import annotations

import html
import logging
import re
from functools import partial
from pathlib import Path

from pelican.contents import Page, SkipStub
from pelican.generators import Generator
from pelican.readers import ensure_metadata_list

from compat.private import body_of, set_body
from publishing import buildtime

from .contacts import email_addresses, email_key, phone_number, phone_numbers
from .model import Directory, group_by, plain_text, split_names
from .reveal import reveal_html
from .rules import TermFile, read_terms, unreadable
from .terms import CareGroup, Champion

logger = logging.getLogger(__name__)
# A tag of an HTML fragment, kept by re.split between the text around it.
TAG = re.compile(r"(<[^>]+>)")
# A no-break space written as a character reference: typogrify joins a
# paragraph's last two words with &nbsp;, inside a number too. Other
# references are left as they are: Markdown writes an autolinked address
# (<name@example.org>, which `make check` refuses) as references, and
# hiding it inside its own link would break the page.
NO_BREAK_SPACE = re.compile(r"&(?:nbsp|#160|#[xX]0*[aA]0);")


def decoded(text):
    """An HTML fragment's text with its no-break spaces decoded, and where
    each character of it starts in `text`, plus its end."""
    if "&" not in text:
        return text, range(len(text) + 1)
    chars, starts, position = [], [], 0
    for match in NO_BREAK_SPACE.finditer(text):
        chars.extend(text[position : match.start()])
        starts.extend(range(position, match.start()))
        chars.append("\u00a0")
        starts.append(match.start())
        position = match.end()
    chars.extend(text[position:])
    starts.extend(range(position, len(text)))
    starts.append(len(text))
    return "".join(chars), starts


def replace_in_text(markup, find, replacement_for):
    """Replace what `find` finds in the text of an HTML fragment, never
    inside a tag: an address in an attribute (a mailto: link, which `make
    check` refuses) is left alone rather than breaking the markup. `find`
    gives (start, end, key) in the text as a reader sees it (no-break
    spaces decoded); `replacement_for(key)` is the markup to put there, or
    None to leave it. Returns the new fragment and whether anything was
    replaced."""
    parts = TAG.split(markup)
    found = False
    for index in range(0, len(parts), 2):  # even parts are text, odd ones tags
        if not parts[index]:
            continue
        text, starts = decoded(parts[index])
        pieces, position = [], 0
        for start, end, key in find(text):
            replacement = replacement_for(key)
            if replacement is None or starts[start] < position:
                continue
            pieces += [parts[index][position : starts[start]], replacement]
            position = starts[end]
        if pieces:
            parts[index] = "".join([*pieces, parts[index][position:]])
            found = True
    return "".join(parts), found


def contacts_in(text):
    """(start, end, key) of each e-mail address and phone number in a text,
    in order; keys as contacts.py makes them."""
    found = [*email_addresses(text), *phone_numbers(text)]
    return [(f.start, f.end, f.key) for f in sorted(found, key=lambda f: (f.start, -f.end))]


def report(problems):
    """One warning line per problem: `make html` shows them and still
    builds; `make publish` runs with --fatal warnings and stops."""
    for problem in problems:
        logger.warning("%s", problem)


class CareGroupsGenerator(Generator):
    """Builds care-group and champion pages and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.care_groups = Directory("care group")
        self.champions = Directory("champion")
        self.problems = []
        # The term files as Pelican read them, for the rulebook plugin.
        self.rulebook_items = []
        self.contact_markup = None  # made once the champions are known
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
            slug=term.slug,
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
            today=today,
            slug=term.slug,
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
        article.has_hidden_contacts = any(c.email or c.phone for c in article.contact_champions)
        if self.hide_contacts_in_body(article):
            article.has_hidden_contacts = True

    def hide_contacts_in_body(self, article):
        """Replace champions' and the branch's phone numbers and e-mail
        addresses written in a bulletin's text with the reveal control, so
        the page source never carries them as plain text. A number or
        address is found however it is written (contacts.py), as `make
        check` finds it: check allows exactly these in a bulletin's text."""
        if self.contact_markup is None:
            self.contact_markup = self.reveal_markup()
        if not self.contact_markup:
            return False
        body, changed = replace_in_text(body_of(article), contacts_in, self.contact_markup.get)
        if changed:
            set_body(article, body)
        return changed

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
