"""The site's writer: Pelican's own, with the links in bulletins' summaries
made from the address of the page or feed they are written into.

A summary made from a bulletin's opening words (no `Summary:` line) keeps
its `{filename}` links, which Pelican makes relative to the page being
written: the bulletin reads that page's address (`localsiteurl`) from the
context every bulletin shares, and Pelican's writer sets it there from
each page it writes. But Pelican gives a year's or month's archive page a
copy of that context, and sets nothing for a feed, so there the links came
out relative to whichever page was written before (on a year's page in the
preview, one `..` too many). This writer sets the address in the shared
context before each page renders, by Pelican's own rule, and before each
feed is made, to the address the feed's other links are made from.

Public names only: the shared context is the first one the writer is given
(Pelican's articles generator writes first, its feeds and its bulletins'
pages, with that context). tests/site/test_fastbuild.py follows every such
link on a site served from a folder of its own."""

from __future__ import annotations

from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer


def show_links_from(site_context: dict, localsiteurl) -> None:
    """Pelican's rule (Writer.write_file): a page's own address, when it has
    one, is where the shared context's links are made from."""
    if localsiteurl:
        site_context["localsiteurl"] = localsiteurl


def feed_site_url(context: dict, path) -> str:
    """The address Pelican's writer makes a feed's links from."""
    return context.get("SITEURL", path_to_url(get_relative_path(path or "")))


class PageTemplate:
    """Stands in for a page's Jinja template in Writer.write_file: sets the
    page's address in the shared context, then renders."""

    def __init__(self, template, site_context: dict):
        self.template = template
        self.site_context = site_context

    def __getattr__(self, name):
        return getattr(self.template, name)

    def render(self, localcontext):
        show_links_from(self.site_context, localcontext.get("localsiteurl"))
        return self.template.render(localcontext)


class SiteWriter(Writer):
    """Pelican's writer, with summaries' links made from each page's and
    feed's own address (see the module's docstring)."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.site_context: dict | None = None

    def shared(self, context: dict) -> dict:
        """The context every bulletin and page reads its links' address from."""
        if self.site_context is None:
            self.site_context = context
        return self.site_context

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, PageTemplate(template, self.shared(context)), context, *args, **kwargs)

    def write_feed(  # noqa: PLR0917 - Pelican's signature
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        self.shared(context)["localsiteurl"] = feed_site_url(context, path)
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
