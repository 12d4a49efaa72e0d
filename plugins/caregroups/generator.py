"""Pelican glue: read care-group and champion files, attach them to the
bulletins, and write their pages and feeds.

Modelled on ArticlesGenerator.generate_categories: terms and their
bulletins are built in generate_context, pages and feeds written in
generate_output, and a page whose *_SAVE_AS is empty is skipped."""

from __future__ import annotations

import datetime
import html
import logging
import os
import re
from functools import partial
from pathlib import Path

from pelican.contents import Page
from pelican.generators import Generator
from pelican.readers import ensure_metadata_list
from pelican.utils import get_date

from compat.private import body_of, set_body

from .model import Directory, Entry, Problem, digits_pattern, group_by, plain_text, split_names
from .reveal import reveal_html
from .terms import CareGroup, Champion

logger = logging.getLogger(__name__)
# A tag of an HTML fragment, kept by re.split between the text around it.
TAG = re.compile(r"(<[^>]+>)")


def replace_in_text(markup, pattern, replacement):
    """Replace what `pattern` finds in the text of an HTML fragment, never
    inside a tag: an address in an attribute (a mailto: link, which `make
    check` refuses) is left alone rather than breaking the markup. Returns
    the new fragment and whether anything was replaced."""
    parts = TAG.split(markup)
    found = False
    for index in range(0, len(parts), 2):  # even parts are text, odd ones tags
        parts[index], count = pattern.subn(lambda _match: replacement, parts[index])
        found = found or count > 0
    return "".join(parts), found


def report(problems):
    """One warning line per problem: `make html` shows them and still
    builds; `make publish` runs with --fatal warnings and stops."""
    for problem in problems:
        logger.warning("%s", problem)


def build_today(settings):
    """The build's date: SOURCE_DATE_EPOCH when set, so a rebuild of the
    same commit decides "former champion" the same way."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


class CareGroupsGenerator(Generator):
    """Builds care-group and champion pages and feeds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.care_groups = Directory("care group")
        self.champions = Directory("champion")
        self.problems = []
        content_root = Path(self.settings["PATH"])
        self._shown_root = content_root.name

    # -- reading ---------------------------------------------------------

    def shown_path(self, source_path):
        """The path the secretary knows: content/champions/x.md."""
        return f"{self._shown_root}/{source_path}"

    def _read_terms(self, paths_setting):
        """Each term file under the given paths, as Pelican reads a page."""
        for path in sorted(self.get_files(self.settings[paths_setting])):
            page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
            yield path, page

    def _date_field(self, page, shown, name):
        value = page.metadata.get(name.lower())
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value
        try:
            return get_date(str(value))
        except (ValueError, OverflowError):
            self.problems.append(
                Problem(
                    shown,
                    name,
                    f'cannot read the date "{plain_text(str(value))}"; write it as YYYY-MM-DD, e.g. 2008-04-21',
                )
            )
            return None

    def _term_args(self, path, page):
        shown = self.shown_path(path)
        title = page.metadata.get("title", "")
        if not plain_text(title):
            self.problems.append(
                Problem(shown, "Title", "missing or empty; add a line like `Title: Older Adults` at the top")
            )
            return None
        slug = page.metadata.get("slug") or Path(path).stem
        return {
            "name": title,
            "settings": self.settings,
            "slug": slug,
            "source_path": path,
            "summary": page.metadata.get("summary", ""),
            "content": page,
        }

    def read_care_groups(self):
        for path, page in self._read_terms("CAREGROUP_PATHS"):
            args = self._term_args(path, page)
            if args is None:
                continue
            group = CareGroup(args.pop("name"), args.pop("settings"), **args)
            self._register(self.care_groups, group, path)

    def read_champions(self):
        today = build_today(self.settings)
        for path, page in self._read_terms("CHAMPION_PATHS"):
            args = self._term_args(path, page)
            if args is None:
                continue
            shown = self.shown_path(path)
            meta = page.metadata
            phone = plain_text(meta.get("phone", ""))
            if phone:
                try:
                    digits_pattern(phone)
                except ValueError:
                    # The same words as make check; the page is built
                    # without the number rather than not at all.
                    self.problems.append(
                        Problem(shown, "Phone", f'"{phone}" is not a phone number; write it like 020 8359 2088')
                    )
                    phone = ""
            champion = Champion(
                args.pop("name"),
                args.pop("settings"),
                role=meta.get("role", ""),
                since=self._date_field(page, shown, "Since"),
                until=self._date_field(page, shown, "Until"),
                email=plain_text(meta.get("email", "")),
                phone=phone,
                today=today,
                **args,
            )
            groups, problems = self.care_groups.resolve(shown, "Care_groups", split_names(meta.get("care_groups")))
            self.problems.extend(problems)
            champion.care_groups = groups
            for group in groups:
                group.champions.append(champion)
            self._register(self.champions, champion, path)

    def _register(self, directory, term, path):
        problems = directory.add(Entry(term.name, term.slug, self.shown_path(path), term))
        self.problems.extend(problems)
        if not problems:
            # Lets a bulletin link to a champion with {filename}../champions/x.md
            self.context["generated_content"][path] = term

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
        the page source never carries them as plain text. `make check`
        allows exactly these in a bulletin's text."""
        labels = self.settings["LABELS"]
        branch = self.settings.get("BRANCH_CONTACT") or {}
        owners = [(plain_text(c.name), c.phone, c.email) for c in self.champions_all]
        owners.append((labels["branch_office"], branch.get("phone"), branch.get("email")))
        body = body_of(article)
        changed = False
        for who, phone, email in owners:
            for kind, value in (("phone", phone), ("email", email)):
                if not value:
                    continue
                # An address is found in any capitals, as make check finds it.
                pattern = digits_pattern(value) if kind == "phone" else re.compile(re.escape(value), re.IGNORECASE)
                markup = reveal_html(kind, value, who, "{filename}/" + self.settings["CONTACT_PAGE_SOURCE"], labels)
                body, found = replace_in_text(body, pattern, markup)
                changed = changed or found
        if changed:
            set_body(article, body)
        return changed

    # -- Pelican's two phases ----------------------------------------------------

    def generate_context(self):
        self.read_care_groups()
        self.read_champions()
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
