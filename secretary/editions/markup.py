"""The bulletin's text, as the site has it, made fit for a mail client, for
paper and for plain text.

The text comes from the build (the rulebook's allow-list applied, contact
details hidden by the care-groups plugin, links absolute), so what is
changed here is only what a mail client or paper cannot do: no reveal
button (e-mail: the site's own no-JavaScript link; paper: the number
written out), no player for a recording (a link to the bulletin online),
and on paper each link's address written after it. Beautiful Soup (already
the gates' parser) does the reading."""

from __future__ import annotations

import re
import textwrap
from urllib.parse import unquote, urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

# Elements that start a block of their own in plain text.
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
     "table", "tr", "figure", "figcaption", "hr", "details", "summary", "caption"}
)  # fmt: skip
MEDIA = ("audio", "video")


def soup_of(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def absolute_links(soup: BeautifulSoup, base: str) -> None:
    """Every link and picture address absolute, from the bulletin's own
    address (a #fragment leads to that part of the bulletin online)."""
    for element in soup.find_all(["a", "img", "source", "audio", "video", "track"]):
        for name in ("href", "src", "poster"):
            if element.has_attr(name):
                element[name] = urljoin(base, element[name].strip())


def media_as_links(soup: BeautifulSoup, page: str, labels: dict) -> None:
    """A recording cannot play in a mail client or on paper: a link to the
    bulletin online, where it plays, stands in its place."""
    for element in soup.find_all(MEDIA):
        link = soup.new_tag("a", href=page)
        link.string = labels.get(f"edition_{element.name}", f"Play the {element.name} online")
        paragraph = soup.new_tag("p")
        paragraph.append(link)
        element.replace_with(paragraph)
    for picture in soup.find_all("picture"):
        # A picture's sources are for browsers that choose; its <img> is the one every client shows.
        image = picture.find("img")
        if image is not None:
            picture.replace_with(image)
        else:
            picture.decompose()
    for image in soup.find_all("img"):
        for name in ("srcset", "sizes", "loading"):
            del image[name]


def reveal_controls(soup: BeautifulSoup) -> list[Tag]:
    return soup.select("span.reveal[data-reveal]")


def for_email(body: str, page: str, siteurl: str, labels: dict) -> str:
    """The text of the e-mail's HTML part: as the site shows it without
    JavaScript (a hidden number is the site's link to the contact page),
    every address absolute, no picture from elsewhere."""
    soup = soup_of(body)
    absolute_links(soup, page)
    media_as_links(soup, page, labels)
    for control in reveal_controls(soup):
        control.unwrap()  # what the site shows without JavaScript: its link to the branch
    for image in soup.find_all("img"):
        if not image.get("src", "").startswith(f"{siteurl}/"):
            # Never in a built page (the rulebook's allow-list), said here as the promise.
            image.replace_with(image.get("alt", ""))
    for details in soup.find_all("details"):
        details.name = "div"
    for summary in soup.find_all("summary"):
        summary.name = "p"
    return str(soup)


def for_letter(body: str, page: str, hidden: dict[str, str], labels: dict) -> str:
    """The text of the A4 letter: on paper nothing can be pressed, so a
    hidden number or address is written out, and each link's address is
    printed after it."""
    soup = soup_of(body)
    absolute_links(soup, page)
    media_as_links(soup, page, labels)
    for control in reveal_controls(soup):
        value = hidden.get(control["data-reveal"])
        control.replace_with(value if value else control.get_text())
    for link in soup.find_all("a", href=True):
        address = link_address(link["href"])
        text = " ".join(link.get_text(" ").split())
        if address and address not in {text, text.rstrip("/")}:
            written = soup.new_tag("span", attrs={"class": "address"})
            written.string = f" ({address})"
            link.insert_after(written)
    return str(soup)


def link_address(href: str) -> str:
    """What to print for a link: the web address, or the number or e-mail
    address of a tel: or mailto: link."""
    if href.startswith(("mailto:", "tel:")):
        return unquote(href.split(":", 1)[1].split("?", 1)[0])
    return href


def as_text(markup: str) -> str:
    """HTML as plain text that reads well on its own: headings underlined,
    lists with their bullets and numbers, each link's address after it, a
    paragraph a line (mail tools and bulk-mail forms wrap lines themselves).

    Written here rather than taken from a library: html2text is GPL-3 and
    writes Markdown's marks, inscriptis brings lxml and an HTTP client, and
    spaces out typogrify's spans ("CUT ."); the text is already reduced to
    the rulebook's short list of elements (plugins/rulebook/markup.py)."""
    blocks: list[str] = []
    walk_blocks(soup_of(markup), blocks, indent="")
    text = "\n\n".join(block for block in blocks if block.strip())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def inline_text(node: Tag) -> str:
    """The text of an element's inline run, links followed by their address."""
    return "".join(inline_piece(child) for child in node.children)


def inline_piece(child) -> str:
    if isinstance(child, NavigableString):
        # A line break in the HTML's source is a space; only <br> breaks a line.
        return str(child).replace("\n", " ") if type(child) is NavigableString else ""  # not a comment
    if child.name == "br":
        return "\n"
    if child.name == "img":
        alt = child.get("alt", "").strip()
        return f"[{alt}]" if alt else ""
    if child.name == "a" and child.get("href"):
        text = clean(inline_text(child))
        address = link_address(child["href"])
        return text if not address or address in {text, text.rstrip("/")} else f"{text} ({address})"
    return inline_text(child)


def clean(text: str) -> str:
    """Runs of spaces as one (a typogrify no-break space as a space), the
    line breaks a <br> made kept."""
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.split("\n")]
    return "\n".join(lines).strip()


def walk_blocks(node: Tag, blocks: list[str], indent: str) -> None:
    """Each block of `node` appended to `blocks`, inline runs gathered."""
    run: list = []

    def flush():
        if run:
            text = clean("".join(inline_piece(piece) for piece in run))
            if text:
                blocks.append(textwrap.indent(text, indent))
            run.clear()

    for child in list(node.children):
        if isinstance(child, Tag) and child.name in BLOCKS:
            flush()
            block(child, blocks, indent)
        elif isinstance(child, NavigableString) and type(child) is not NavigableString:
            continue  # a comment
        else:
            run.append(child)
    flush()


def block(element: Tag, blocks: list[str], indent: str) -> None:
    name = element.name
    if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        text = clean(inline_text(element)).replace("\n", " ")
        rule = "=" if name in {"h1", "h2"} else "-"
        blocks.append(textwrap.indent(f"{text}\n{rule * min(len(text), 72)}", indent))
    elif name in {"ul", "ol"}:
        start = int(element.get("start", "1") or 1) if name == "ol" and element.get("start", "1").isdigit() else 1
        items = element.find_all("li", recursive=False)
        lines = []
        for number, item in enumerate(items, start):
            bullet = f"{number}. " if name == "ol" else "- "
            inner: list[str] = []
            walk_blocks(item, inner, indent="")
            text = "\n".join(inner)
            first, _, rest = text.partition("\n")
            lines.append(bullet + first + ("\n" + textwrap.indent(rest, " " * len(bullet)) if rest else ""))
        blocks.append(textwrap.indent("\n".join(lines), indent))
    elif name == "blockquote":
        inner = []
        walk_blocks(element, inner, indent="")
        blocks.append(textwrap.indent("\n\n".join(inner), indent + "> ", lambda line: True))
    elif name == "pre":
        blocks.append(textwrap.indent(element.get_text().rstrip("\n"), indent))
    elif name == "hr":
        blocks.append(indent + "* * *")
    elif name == "table":
        rows = []
        for row in element.find_all("tr"):
            cells = [clean(inline_text(cell)).replace("\n", " ") for cell in row.find_all(["th", "td"])]
            rows.append(" | ".join(cells))
        caption = element.find("caption")
        if caption is not None:
            rows.insert(0, clean(inline_text(caption)))
        blocks.append(textwrap.indent("\n".join(rows), indent))
    elif name == "dt":
        blocks.append(indent + clean(inline_text(element)))
    elif name == "dd":
        walk_blocks(element, blocks, indent + "   ")
    else:
        walk_blocks(element, blocks, indent)
