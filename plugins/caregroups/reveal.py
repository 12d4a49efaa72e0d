"""Contact details that never appear as plain text in the page source.

The value is reversed and base64-encoded into a data attribute; the
theme's reveal.js decodes it when the reader presses the button. Without
JavaScript the reader sees a link to the branch contact page instead.
Used by the theme's `reveal` macro (through the `reveal` filter) and by
the generator for numbers written inside a bulletin's text."""

from __future__ import annotations

import base64
import html

from jinja2 import pass_context


def obfuscate(value: str) -> str:
    return base64.b64encode(str(value)[::-1].encode("utf-8")).decode("ascii")


def reveal_html(kind: str, value: str, who: str, contact_href: str, labels: dict) -> str:
    """The control's markup. The button reveal.js makes shows the short
    text ("Show phone number"), so that it stays on the line of the text
    before it on a phone, and is named in full for screen readers
    ("Show phone number for Maggi Myland")."""
    text = labels["reveal_" + kind]
    label = f"{labels['show_' + kind]} {who}"
    return (
        f'<span class="reveal" data-reveal-kind="{html.escape(kind)}" '
        f'data-reveal="{obfuscate(value)}" data-reveal-label="{html.escape(label)}" '
        f'data-reveal-text="{html.escape(text)}">'
        f'<a href="{html.escape(contact_href)}">{html.escape(labels["no_js_" + kind])}</a></span>'
    )


@pass_context
def reveal_filter(context, value, kind, who, href):
    """`{{ value|reveal(kind, who, href) }}` in templates. A module-level
    function (not a closure) because Pelican pickles settings in its cache."""
    return reveal_html(kind, value, who, href, context["LABELS"])
