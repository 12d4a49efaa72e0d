"""Every member gets the bulletin: `make editions BULLETIN=content/bulletins/x.md`.

Writes three editions of one bulletin (the newest on the site when none is
named) into editions/:

- <slug>.eml: an e-mail to open in Outlook or any mail tool and send to a
  list (multipart/alternative: plain text and HTML with its CSS inlined,
  every link absolute to the live site, no recipients, X-Unsent: 1);
- <slug>.txt: the same plain text, for a bulk-mail form;
- <slug>.pdf: an A4 letter for noticeboards and post, a tagged PDF
  (PDF/UA-1), with the champions' contact routes written out and a QR code
  of the bulletin's address.

Each is made from what Pelican read (bulletin.py: a build of the site with
the settings given, publishconf.py from the Makefile), never from the
Markdown again. A misspelt name gets "did you mean"; a bulletin `make
check` refuses is refused with the same lines. docs/WRITING.md tells the
secretary how to send each edition."""

from __future__ import annotations

import tempfile
from importlib import import_module
from pathlib import Path

from ..checks.content import load_settings
from .bulletin import Refused, read


def write(path: Path, data: bytes) -> None:
    """Written beside its place and renamed into it: never half a file."""
    partial = path.with_name(f".{path.name}.part")
    partial.write_bytes(data)
    partial.replace(path)


def shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


NO_PANGO = (
    "the A4 letter is made with WeasyPrint, which needs the Pango library, and this computer lacks it ({error}); "
    "install it with .ci/install-system-packages (on Debian or Ubuntu: sudo apt-get install libpango-1.0-0 "
    "libpangoft2-1.0-0 libharfbuzz-subset0). No edition was written."
)


def renderers():
    """The e-mail and letter modules, loaded when a command needs them
    (WeasyPrint takes a moment to load: not for --help). A system library
    WeasyPrint needs and cannot find is an OSError: said in plain words."""
    return import_module(f"{__name__}.mail"), import_module(f"{__name__}.letter")


def run(args) -> int:
    """`python -m secretary editions`: the three editions of one bulletin."""
    stream = args.stream
    try:
        mail, letter = renderers()
    except OSError as error:
        print(f"error: {NO_PANGO.format(error=error)}", file=stream)
        return 2
    folder: Path = args.output
    settings = load_settings(args.settings, args.content)
    with tempfile.TemporaryDirectory(prefix="editions-") as work:
        try:
            bulletin = read(args.settings, args.content, args.bulletin, Path(work), settings)
        except Refused as refused:
            for line in refused.lines:
                print(line, file=stream)
            stop = "" if str(refused).endswith((".", "?")) else "."
            print(f"error: {refused}{stop} No edition was written.", file=stream)
            return 1
        if not args.bulletin:
            print(f"note: no BULLETIN named, so the newest: {bulletin.source}", file=stream)
        html = mail.html_part(bulletin)
        text = mail.text_part(bulletin)
        document, missing, pages = letter.pdf(bulletin)
    folder.mkdir(parents=True, exist_ok=True)
    eml, txt, pdf = (folder / f"{bulletin.slug}.{kind}" for kind in ("eml", "txt", "pdf"))
    write(eml, mail.message(bulletin, text, html))
    write(txt, text.encode("utf-8"))
    write(pdf, document)
    for url in missing:
        print(f"note: the letter leaves out the picture {url}: it is not a file of this site", file=stream)
    print(f"Wrote {shown(eml)}: the e-mail; open it in your mail tool and choose the list to send it to.", file=stream)
    print(f"Wrote {shown(txt)}: the same text, for a bulk-mail form.", file=stream)
    print(f"Wrote {shown(pdf)}: the A4 letter ({pages} page{'s' if pages != 1 else ''}), to print.", file=stream)
    print(f"Each leads to {bulletin.url}", file=stream)
    return 0
