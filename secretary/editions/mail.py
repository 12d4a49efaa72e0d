"""The e-mail edition: <slug>.eml (multipart/alternative, plain text and
HTML) and the same plain text as <slug>.txt.

The HTML is the editions' own template with its CSS written into each
element by css-inline, which never fetches anything (remote stylesheets
off; there is no <link> to fetch either). The message has a Subject and no
recipient: the secretary chooses the list in the mail tool. `X-Unsent: 1`
makes Outlook open it as a draft ready to send."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import css_inline

from caregroups.model import plain_text

from . import markup
from .bulletin import Bulletin
from .templates import environment, labels_of, stylesheet, values


def html_part(bulletin: Bulletin) -> str:
    labels = labels_of(bulletin.settings)
    body = markup.for_email(bulletin.body, bulletin.url, bulletin.siteurl, labels)
    page = environment().get_template("email.html").render(values(bulletin, body))
    inliner = css_inline.CSSInliner(
        load_remote_stylesheets=False,
        keep_style_tags=False,
        keep_link_tags=False,
        keep_at_rules=False,
        extra_css=stylesheet("email.css"),
    )
    return inliner.inline(page)


def text_part(bulletin: Bulletin) -> str:
    """The plain text, readable on its own: the same parts as the HTML, in
    the same order, each address written out."""
    labels = labels_of(bulletin.settings)
    shown = values(bulletin, "")
    lines = [
        plain_text(shown["sitename"]),
        "",
        plain_text(bulletin.title),
        "=" * min(len(plain_text(bulletin.title)), 72),
        bulletin.date + (f" · {labels['by']} {bulletin.author}" if bulletin.author else ""),
    ]
    if bulletin.care_groups:
        lines.append(f"{labels['care_groups']}: " + ", ".join(plain_text(name) for name, _ in bulletin.care_groups))
    lines += ["", f"{labels['edition_read_online']}: {bulletin.url}", ""]
    body = markup.for_email(bulletin.body, bulletin.url, bulletin.siteurl, labels)
    lines.append(markup.as_text(body).rstrip("\n"))
    if bulletin.contacts:
        heading = plain_text(labels["contact_your_champion"])
        lines += ["", heading, "-" * len(heading)]
        for contact in bulletin.contacts:
            role = f", {plain_text(contact.role)}" if contact.role else ""
            lines.append(f"- {plain_text(contact.name)}{role}")
            lines.append(f"  {labels['profile_of']} {plain_text(contact.name)}: {contact.profile}")
            # As the site without JavaScript: its route to a number, never the number.
            if contact.email:
                lines.append(f"  {labels['no_js_email']}: {shown['contact_page']}")
            if contact.phone:
                lines.append(f"  {labels['no_js_phone']}: {shown['contact_page']}")
            if not contact.email and not contact.phone:
                lines.append(f"  {labels['via_branch']}: {shown['contact_page']}")
    lines += [
        "",
        f"{plain_text(labels['join'])} {plain_text(labels['join_pitch'])} {shown['join']}",
        "",
        f"{plain_text(shown['branch'])}, {plain_text(labels['footer_about'])}",
    ]
    return "\n".join(lines).replace("\xa0", " ") + "\n"


def message(bulletin: Bulletin, text: str, html: str) -> bytes:
    """The .eml file: no To, From or Date (the mail tool adds them)."""
    mail = EmailMessage(policy=SMTP)
    mail["Subject"] = bulletin.plain_title
    mail["X-Unsent"] = "1"
    mail.set_content(text, subtype="plain", charset="utf-8")
    mail.add_alternative(html, subtype="html", charset="utf-8")
    return mail.as_bytes()
