"""Personal data where a program reads it: a heading's id, a bulletin's
address, a picture's file name. Every build leaves the number out of each
(caregroups/generator.py, safecontent/reader.py, rulebook/plugin.py); the
rulebook names each (tests/corpus.py has the messages)."""

from __future__ import annotations

import re
import shutil

from sitekit import ROOT, parse, published_texts, put_files, safe_build

# A champion whose number is not marked public (Maggi Myland's is printed).
ANN = "Title: Ann Lee\nRole: Steward\nPhone: 020 7946 0123\n\nAnn.\n"
HEADINGS = (
    "Title: Ring\nDate: 2020-05-20\nChampions: Ann Lee\n\n"
    "## Ring Ann on 020 7946 0123\n\nAfter six.\n\n## 2026 pay offer\n\nThe offer.\n"
)


def build(tmp_path, files, strict):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    put_files(content, files)
    output = tmp_path / "output"
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    if not strict:
        overrides["STRICT_BUILD"] = False
    status, printed = safe_build("publishconf.py", output, strict=strict, overrides=overrides)
    return status, printed, output


def test_a_champions_number_in_a_heading_is_hidden_and_never_in_its_id(tmp_path):
    """The heading's text shows the reveal control; its id, in the page, the
    feeds and the search index's anchors, holds no figure of the number. An
    ordinary heading keeps the id Markdown gives it."""
    files = {"bulletins/2020-05-20-ring.md": HEADINGS, "champions/ann-lee.md": ANN}
    status, printed, output = build(tmp_path, files, strict=True)
    assert status == 0, printed
    page = parse(output / "2020/05/ring.html")
    assert [h["id"] for h in page.select("main h2[id]")][:2] == ["ring-ann-on", "2026-pay-offer"]
    texts = published_texts(output)
    assert not [name for name, text in texts.items() if re.search(r"7946\W{0,3}0123", text)]


def test_a_number_in_a_file_name_a_slug_or_a_pictures_name_is_never_published(tmp_path):
    files = {
        "bulletins/2020-05-21-call-07912-345678.md": "Title: Call\nDate: 2020-05-21\n\nCALLMARK.\n",
        "bulletins/2020-05-22-ring.md": "Title: Ring\nDate: 2020-05-22\nSlug: ring-07923-456789\n\nRINGMARK.\n",
        "images/07822-333444.png": b"\x89PNG\r\n\x1a\n",
    }
    status, printed, output = build(tmp_path, files, strict=False)
    assert status == 0, printed
    texts = published_texts(output)
    for number in ("07912-345678", "07923-456789", "07822-333444"):
        assert not [name for name, text in texts.items() if number in name or number in text], number
    assert not [name for name in texts if any(digits in name for digits in ("07912", "07923", "07822"))]
    # The bulletins are there, at their addresses without the number.
    assert "CALLMARK" in texts["2020/05/call.html"]
    assert "RINGMARK" in texts["2020/05/ring.html"]
    # A strict build refuses them, naming each file.
    status, printed, _ = build(tmp_path / "strict", files, strict=True)
    assert status != 0
    for name in ("2020-05-21-call-07912-345678.md", "2020-05-22-ring.md:3", "images/07822-333444.png"):
        assert name in printed
