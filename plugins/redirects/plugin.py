"""A page at each old address a bulletin or page lists in `Old_addresses:`
(the WordPress permalinks the import keeps: secretary/importer), sending
the reader on to where it is now: a meta refresh, a canonical link and a
plain link, no JavaScript (the site's policy runs none inline).

Written here rather than with pelican-redirect (PyPI), which we read: its
page has no Content-Security-Policy <meta> and no title or language (the
csp and html gates refuse such a page), links from the root of the host
(wrong for a site under a path, as GitHub Pages serves it), takes one
address per file, and writes wherever it is told, over a real page too.
Here each address is checked by the rulebook (rulebook/slugs.py: a path
only, no `..`; rules/addresses.py: never a page or folder of the site's
own), and a redirect never replaces a file the build wrote. Only published
bulletins and pages get them: a draft's old address would show its title.
register() only connects receivers; nothing is kept between builds."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path

import jinja2
from pelican import signals
from pelican.generators import Generator
from rulebook.rules.addresses import site_clash
from rulebook.slugs import OldAddressFiles, old_address_file, old_address_problem, old_addresses

logger = logging.getLogger(__name__)

PAGE = jinja2.Template(
    """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{ policy }}">
<meta name="robots" content="noindex">
<title>{{ title }}</title>
<link rel="canonical" href="{{ canonical }}">
<meta http-equiv="refresh" content="0; url={{ here }}">
</head>
<body>
<p>This page has moved: <a href="{{ here }}">{{ title }}</a>.</p>
</body>
</html>
""",
    autoescape=True,
)


def redirects_of(contents) -> list[tuple[str, str, object]]:
    """(old address, the file that answers it, the content) for each valid
    old address of `contents`, the first file by name keeping a shared one
    (or one whose file is the other's folder: slugs.OldAddressFiles)."""
    found, written = [], OldAddressFiles()
    for content in sorted(contents, key=lambda c: c.source_path):
        for address in old_addresses(content.metadata.get("old_addresses")):
            if old_address_problem(address) is None:
                path = old_address_file(address)
                if written.in_the_way(path) is None:  # else rules/addresses.py names this file, the later one
                    written.add(path, content)
                    found.append((address, path, content))
    return found


def redirect_page(content, path: str, settings: dict) -> str:
    """The page at `path` (inside the site) that sends the reader to `content`."""
    here = posixpath.relpath(content.url or "index.html", posixpath.dirname(path) or ".")
    siteurl = str(settings.get("SITEURL") or "").rstrip("/")
    return PAGE.render(
        lang=settings.get("DEFAULT_LANG", "en"),
        policy=settings.get("CONTENT_SECURITY_POLICY", "default-src 'self'"),
        title=jinja2.filters.Markup(content.title).striptags(),
        canonical=f"{siteurl}/{content.url}" if siteurl else here,
        here=here,
    )


def shown_path(source_path: str, settings: dict) -> str:
    """A content file as make check names it: content/bulletins/..."""
    root = Path(settings["PATH"])
    try:
        return (Path(root.name) / Path(source_path).relative_to(root)).as_posix()
    except ValueError:
        return Path(source_path).as_posix()


class RedirectsGenerator(Generator):
    """Writes the redirect pages once every page of the site is known
    (generate_output comes after every generator's generate_context)."""

    def generate_output(self, writer):
        contents = [*self.context.get("articles", ()), *self.context.get("pages", ())]
        taken = {c.save_as for c in [*contents, *self.context.get("hidden_pages", ())] if c.save_as}
        output = Path(self.output_path)
        for address, path, content in redirects_of(contents):
            # rules/addresses.py names each of these in make check and every build.
            if site_clash(address, taken, self.settings):
                continue
            target = output / path
            try:
                if target.exists() or any(p.is_file() for p in target.parents if output in p.parents):
                    raise FileExistsError(path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(redirect_page(content, path, self.settings), encoding="utf-8")
            except OSError:
                # Something the rules could not foresee took the place: the page is left out, never the build.
                logger.warning(
                    "%s: Old_addresses: %s is a file or folder the site has written already (%s); the page that "
                    "sends readers on from it is left out: remove it from this line",
                    shown_path(content.source_path, self.settings),
                    address,
                    path,
                )
                continue
            logger.debug("%s: a page at the old address %s", content.source_path, address)


def get_generators(pelican):
    return RedirectsGenerator


def register():
    signals.get_generators.connect(get_generators)
