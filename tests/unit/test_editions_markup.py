"""make editions' pure parts: the bulletin's HTML fitted to mail and
paper, its plain text, the letter's language tag and what the letter may
load (secretary/editions/)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from caregroups.reveal import reveal_html
from secretary.editions import markup
from secretary.editions.letter import SiteOnly
from secretary.editions.templates import language_tag

SITE = "https://branch.example.org/blog"
PAGE = f"{SITE}/2026/11/pay.html"
LABELS = {
    "show_phone": "Show phone number for",
    "reveal_phone": "Show number",
    "no_js_phone": "Phone number through the branch office",
}
REVEAL = reveal_html("phone", "020 7946 0000", "Tom Mahoney", f"{SITE}/pages/contact.html", LABELS)


def test_plain_text_keeps_the_shape_of_the_bulletin():
    html = (
        "<h2>What <span class='caps'>UNISON</span> asks</h2>"
        "<p>Pay&nbsp;rises for <span class='caps'>ALL</span>. Read <a href='https://x.test/a'>the claim</a>"
        " or <a href='https://x.test/b'>https://x.test/b</a>.<br>Next line.</p>"
        "<!-- a note -->"
        "<ol start='3'><li>first</li><li>second<ul><li>inner</li></ul></li></ol>"
        "<blockquote><p>Quoted.</p></blockquote>"
        "<h3>Table</h3><table><tr><th>Team</th><th>Members</th></tr><tr><td>Home care</td><td>40</td></tr></table>"
        "<p><img src='x.png' alt='The rally'> <a href='mailto:branch@example.org'>write to us</a></p>"
        "<p>Yours sincerely</p><p>John Burgess<br>\nBranch\nSecretary</p>"
    )
    assert markup.as_text(html) == (
        "What UNISON asks\n"
        "================\n"
        "\n"
        "Pay rises for ALL. Read the claim (https://x.test/a) or https://x.test/b.\n"
        "Next line.\n"
        "\n"
        "3. first\n"
        "4. second\n"
        "   - inner\n"
        "\n"
        "> Quoted.\n"
        "\n"
        "Table\n"
        "-----\n"
        "\n"
        "Team | Members\n"
        "Home care | 40\n"
        "\n"
        "[The rally] write to us (branch@example.org)\n"
        "\n"
        "Yours sincerely\n"
        "\n"
        "John Burgess\n"
        "Branch Secretary\n"
    )


def test_in_the_email_a_hidden_number_is_the_sites_own_link_and_addresses_are_absolute():
    html = (
        f"<p>Call Tom on {REVEAL}. See <a href='../../pages/join.html'>join</a> or <a href='#part-2'>part 2</a>.</p>"
        "<audio src='../../images/talk.mp3' controls></audio>"
        "<p><img src='https://elsewhere.test/x.png' alt='A picture'><img src='../../images/a.png' alt='Ours'></p>"
    )
    page = BeautifulSoup(markup.for_email(html, PAGE, SITE, {}), "html.parser")
    assert not page.select("[data-reveal]")
    links = [(a.get_text(), a["href"]) for a in page.find_all("a")]
    assert links == [
        ("Phone number through the branch office", f"{SITE}/pages/contact.html"),
        ("join", f"{SITE}/pages/join.html"),
        ("part 2", f"{PAGE}#part-2"),
        ("Play the audio online", PAGE),
    ]
    assert [img["src"] for img in page.find_all("img")] == [f"{SITE}/images/a.png"]
    assert "A picture" in page.get_text()
    assert "7946" not in str(page)


def test_on_paper_a_hidden_number_is_written_out_and_each_link_is_followed_by_its_address():
    hidden = {BeautifulSoup(REVEAL, "html.parser").span["data-reveal"]: "020 7946 0000"}
    other = reveal_html("phone", "020 7946 0999", "Someone", f"{SITE}/pages/contact.html", LABELS)
    html = (
        f"<p>Call Tom on {REVEAL}, or {other}. See <a href='../../pages/join.html'>join</a>, "
        f"<a href='{SITE}/'>{SITE}/</a> or <a href='tel:+442079460000'>phone</a>.</p>"
    )
    text = " ".join(BeautifulSoup(markup.for_letter(html, PAGE, hidden, {}), "html.parser").get_text().split())
    assert text == (
        "Call Tom on 020 7946 0000, or Phone number through the branch office. "
        f"See join ({SITE}/pages/join.html), {SITE}/ or phone (+442079460000)."
    )


@pytest.mark.parametrize(
    ("given", "tag"),
    [("en-gb", "en-GB"), ("en", "en"), ("cy-GB", "cy-GB"), ("zh-hant-tw", "zh-Hant-TW"), ("EN-GB", "en-GB")],
)
def test_the_letters_language_is_written_as_bcp_47_writes_it(given, tag):
    assert language_tag(given) == tag


def test_the_letter_loads_only_the_sites_own_files(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    (tmp_path.parent / "secret.txt").write_text("no")
    fetcher = SiteOnly(SITE, tmp_path)
    assert fetcher.fetch(f"{SITE}/images/a.png").read() == b"png"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        "https://elsewhere.test/a.png",
        f"{SITE}/../secret.txt",
        f"{SITE}/images/../../secret.txt",
        f"{SITE}/images/missing.png",
        f"{SITE}.evil.test/images/a.png",
        f"file://{tmp_path}/images/a.png",
    ):
        with pytest.raises(ValueError, match="not on this site"):
            fetcher.fetch(url)


def test_a_computer_without_pango_is_told_what_to_install(monkeypatch, tmp_path):
    import io

    from secretary import cli, editions

    def no_pango():
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(editions, "renderers", no_pango)
    out = io.StringIO()
    status = cli.main(["editions", "--output", str(tmp_path / "ed")], out)
    assert status == 2
    assert out.getvalue() == (
        "error: the A4 letter is made with WeasyPrint, which needs the Pango library, and this computer lacks it "
        "(cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file); install it with "
        ".ci/install-system-packages (on Debian or Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
        "libharfbuzz-subset0). No edition was written.\n"
    )
    assert not (tmp_path / "ed").exists()
