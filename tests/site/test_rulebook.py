"""The rulebook enforced by the build itself: whatever `make check` says,
a content file cannot move or replace a page, publish a draft, put markup
into a link or get a hidden bulletin into the search index, even in a build
that is not strict."""

from __future__ import annotations

import shutil

import feedparser
import pytest
from bs4 import BeautifulSoup
from corpus import CORPUS, HELPERS, LEAKS
from sitekit import ROOT, parse, published_texts, put_files, safe_build, text_of

from secretary.checks.content import check_site, load_settings


def publish_with(tmp_path, files: dict, *, strict: bool = True, config: str = "publishconf.py", output: str = "output"):
    """The branch's real content with `files` added, built by secretary.build
    (strict as `make publish` unless told otherwise): its status, what it
    printed, and the output folder."""
    content = tmp_path / "content"
    if not content.exists():
        shutil.copytree(ROOT / "content", content)
    put_files(content, files)
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    if not strict:
        overrides["STRICT_BUILD"] = False
    status, printed = safe_build(config, tmp_path / output, strict=strict, overrides=overrides)
    return status, printed, tmp_path / output


# The files of the tests below that share a build: each test's own files,
# none of which changes what another test looks at.
HIDDEN = {"bulletins/2020-05-01-quiet.md": "Title: Quiet\nDate: 2020-05-01\nStatus: hidden\n\nHIDDENMARK words.\n"}
DRAFT_TERMS = {
    "care-groups/carers.md": "Title: Carers\nStatus: draft\nSummary: Unpaid carers.\n\nCARERSMARK.\n",
    "champions/new-rep.md": "Title: New Rep\nStatus: draft\nCare_groups: Back office\nRole: Rep\n\nREPMARK.\n",
}
DRAFTS = {
    "bulletins/2020-05-02-plan.md": "Title: Plan\nDate: 2020-05-02\nStatus: draft\n\nWords.\n",
    "pages/rota.md": "Title: Rota\nStatus: draft\n\nWords.\n",
}
CAPITALS = {"bulletins/2020-05-03-caps.md": "Title: Caps\nDate: 2020-05-03\nStatus: DRAFT\n\nCAPSMARK.\n"}
ANGLE_BODY = (
    '<img alt="a>b" src="{static}/images/rally.jpg"><code>" src="https://evil.example/gt.png" x="</code>\n\n'
    "![Costs > budget]({static}/images/rally.jpg)\n"
)
ANGLE = {
    "images/rally.jpg": b"\xff\xd8\xff\xe0",
    "bulletins/2020-05-04-gt.md": f"Title: GT\nDate: 2020-05-04\n\n{ANGLE_BODY}",
}
MARQUEE = {
    "bulletins/2020-05-05-text.md": (
        "Title: Text\nDate: 2020-05-05\n\n<marquee>News</marquee>\n\n![](https://example.com/a.png)\n"
    )
}
MONTHLY = {
    "bulletins/2025-05-01-branch-meeting.md": "Title: Branch meeting\nDate: 2025-05-01\n\nMayagenda\n",
    "bulletins/2025-06-02-branch-meeting.md": "Title: Branch meeting\nDate: 2025-06-02\n\nJuneagenda\n",
}


@pytest.fixture(scope="module")
def strict_publish(tmp_path_factory):
    """One `make publish` (strict) of the real content with DRAFT_TERMS,
    DRAFTS, CAPITALS and MONTHLY: its status, what it printed, the output."""
    return publish_with(tmp_path_factory.mktemp("strict"), {**DRAFT_TERMS, **DRAFTS, **CAPITALS, **MONTHLY})


@pytest.fixture(scope="module")
def lenient_publish(tmp_path_factory):
    """The live site's settings without the strictness, with HIDDEN and
    ANGLE (which a strict build refuses)."""
    return publish_with(tmp_path_factory.mktemp("lenient"), {**HIDDEN, **ANGLE}, strict=False)


@pytest.fixture(scope="module")
def preview_build_of(tmp_path_factory):
    """`make html` (the preview's settings) of the real content with DRAFTS
    and MARQUEE."""
    return publish_with(
        tmp_path_factory.mktemp("preview"), {**DRAFTS, **MARQUEE}, strict=False, config="pelicanconf.py"
    )


def test_nothing_from_the_hostile_corpus_reaches_a_published_site(tmp_path):
    """The whole corpus built with the live site's settings but without the
    strictness that refuses it: each case's mark reaches no page, feed,
    sitemap or search index, and no page is replaced."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    put_files(content, {**HELPERS, **{name: text for name, text, _ in CORPUS.values()}})
    output = tmp_path / "output"
    status, printed = safe_build(
        "publishconf.py",
        output,
        strict=False,
        overrides={"PATH": str(content), "STRICT_BUILD": False, "CACHE_PATH": str(tmp_path / "cache")},
    )
    assert status == 0, printed
    # Pagefind's WebAssembly is a program, not text: any run of figures may occur in it.
    texts = {name: text for name, text in published_texts(output).items() if not name.endswith(".pagefind")}
    assert any(name.startswith("pagefind/fragment/") for name in texts)
    for kind, mark in LEAKS.items():
        assert kind in CORPUS
        assert not [name for name, text in texts.items() if mark in text], kind
    assert text_of(parse(output / "index.html").find("h1")) == "Latest bulletins"
    # Meetings (issue 18): two with one title in one year have two pages; one whose Join_link is refused is
    # listed, its page saying to ask the branch for the link.
    forums = [output / "events/2027/07-04-forum.html", output / "events/2027/08-04-forum.html"]
    assert [text_of(parse(page).find("h1")) for page in forums] == ["Forum", "Forum"]
    markup = parse(output / "events/2027/07-01-join-markup.html")
    assert markup.find("a", string="Ask the branch for the link to join")
    assert not markup.find("a", string="Join the meeting online")
    # One rulebook: the build names every mistake make check names, in the
    # same words and on the same lines, and nothing else.
    settings = load_settings(ROOT / "publishconf.py", content)
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    checked = {str(problem) for problem in check_site(settings) if problem.severity == "error"}
    said = {line.split(": ", 1)[1] for line in printed.splitlines() if line.startswith(("warning: ", "error: "))}
    assert len(checked) > 100
    assert said == checked
    # The two pages whose addresses the settings give are where they were.
    assert text_of(parse(output / "404.html").find("h1")) == "Page not found"
    assert (output / "search.html").exists()


def test_a_hidden_bulletin_is_not_on_the_live_site(lenient_publish):
    """Status: hidden is for pages (the 404 page); a bulletin so marked is
    held back as a draft by every build, and named."""
    status, printed, output = lenient_publish
    assert status == 0, printed
    assert (
        "warning: content/bulletins/2020-05-01-quiet.md:3: Status: a bulletin cannot be hidden (it would still be on "
        'the live site for anyone with its address); write "Status: draft" to keep it off the live site, or remove '
        "the line to publish it"
    ) in printed.splitlines()
    texts = published_texts(output)
    assert not [name for name, text in texts.items() if "HIDDENMARK" in text or "quiet.html" in text]
    assert "Page not" in texts["404.html"]  # a hidden page is published: the 404 page is one


def test_a_draft_care_group_or_champion_is_not_on_the_site(strict_publish):
    status, printed, output = strict_publish
    assert status == 0, printed
    texts = published_texts(output)
    assert not [name for name, text in texts.items() if "CARERSMARK" in text or "REPMARK" in text or "New Rep" in text]


def test_publishing_names_each_draft_it_leaves_out(strict_publish, preview_build_of):
    status, printed, _ = strict_publish
    assert status == 0, printed
    lines = printed.splitlines()
    for name in DRAFTS:
        note = (
            f"note: content/{name}: a draft (Status: draft), so not published; remove the Status line when it is ready"
        )
        assert note in lines
    # The preview shows drafts (in drafts/), so it does not name them.
    status, printed, _ = preview_build_of
    assert "a draft (Status: draft)" not in printed


def test_a_status_in_capitals_is_read_as_written(strict_publish):
    """`Status: Draft` (capitals, as a phone's keyboard writes it) keeps the
    bulletin off the live site like `Status: draft`."""
    status, printed, output = strict_publish
    assert status == 0, printed
    assert not [name for name, text in published_texts(output).items() if "CAPSMARK" in text]


def test_an_angle_bracket_in_an_attribute_cannot_end_the_tag(lenient_publish):
    """Typogrify reads a tag as ending at the first ">": one inside an
    attribute's value used to let the text after it become attributes (here
    an image from another website, in the page and the feed)."""
    status, printed, output = lenient_publish
    assert status == 0, printed
    for page in ("2020/05/gt.html", "index.html"):
        images = parse(output / page).select(".content img, .summary-text img")
        assert images, page
        for image in images:
            assert image["src"].endswith("images/rally.jpg"), (page, image)
            assert set(image.attrs) == {"alt", "src"}, (page, image)
    feed = feedparser.parse(str(output / "feeds/all.atom.xml"))
    entry = next(e for e in feed.entries if e.title == "GT")
    for image in BeautifulSoup(entry.content[0].value, "html.parser").find_all("img"):
        assert image["src"].endswith("images/rally.jpg"), image
        assert set(image.attrs) == {"alt", "src"}, image


def test_make_html_says_what_make_check_says_of_the_text(preview_build_of):
    """One rulebook: the preview's build names what the allow-list leaves
    out, a picture without alt text and one from another website, in the
    words and on the lines `make check` uses."""
    status, printed, _ = preview_build_of
    assert status == 0, printed
    shown = "warning: content/bulletins/2020-05-05-text.md"
    lines = [line for line in printed.splitlines() if line.startswith(shown)]
    assert lines == [
        f"{shown}:4: Body: <marquee> is not allowed in the text, so the build leaves it out; remove it",
        (
            f"{shown}:6: Body: the image https://example.com/a.png has no alt text; describe it between the square "
            "brackets: ![What the picture shows](https://example.com/a.png)"
        ),
        (
            f"{shown}:6: Body: the image https://example.com/a.png is on another website, and the site loads nothing "
            "from other websites (that would tell them who reads the page); images must be part of the site: save the "
            "picture in content/images/ and link it with {static}/images/a.png"
        ),
    ]


def test_a_monthly_bulletin_of_one_name_is_a_page_each_month(strict_publish, tmp_path):
    """Two bulletins called alike in two months have two addresses
    (2025/05/branch-meeting.html, 2025/06/...): nothing to fix. In one month
    they would share one: the first by file name is published, the other
    named and left out, and the build goes on."""
    status, printed, output = strict_publish
    assert status == 0, printed
    assert "Mayagenda" in (output / "2025/05/branch-meeting.html").read_text(encoding="utf-8")
    assert "Juneagenda" in (output / "2025/06/branch-meeting.html").read_text(encoding="utf-8")

    files = {"bulletins/2025-06-20-branch-meeting.md": "Title: Branch meeting\nDate: 2025-06-20\n\nCopyagenda\n"}
    status, printed, output = publish_with(tmp_path, {**MONTHLY, **files}, strict=False, output="again")
    assert status == 0, printed
    assert (
        'warning: content/bulletins/2025-06-20-branch-meeting.md:1: Slug: the web address "branch-meeting" is also '
        "used by content/bulletins/2025-06-02-branch-meeting.md; give each bulletin its own (rename one of the "
        "files); until then the build leaves this one out"
    ) in printed.splitlines()
    assert "Juneagenda" in (output / "2025/06/branch-meeting.html").read_text(encoding="utf-8")
    assert not [path for path in output.rglob("*.html") if "Copyagenda" in path.read_text(encoding="utf-8")]


PAY_TAGS = {
    f"bulletins/2016-01-{day:02d}-pay-news-{day}.md": f"Title: Pay news {day}\nDate: 2016-01-{day:02d}\nTags: pay\n\n."
    for day in range(1, 12)
}
PAY_TAGS["bulletins/2016-02-01-pay-two.md"] = "Title: Pay two\nDate: 2016-02-01\nTags: pay2, budgets\n\nPAYTWOCANARY\n"
PAY_TWO_LINE = (
    'content/bulletins/2016-02-01-pay-two.md:3: Tags: the tag "pay2" would have the address tag/pay2.html, which is '
    'page 2 of the tag "pay" (11 bulletins); write it as "pay 2"; until then the build leaves it out'
)


def test_a_tag_whose_page_is_another_tags_second_page_is_named_and_left_out(tmp_path):
    """Tag "pay" on 11 bulletins (10 a page) and tag "pay2": make check names "pay2" and every build leaves it
    out, rather than stopping on tag/pay2.html written twice."""
    status, printed, output = publish_with(tmp_path, PAY_TAGS, strict=False)
    assert status == 0, printed
    assert f"warning: {PAY_TWO_LINE}" in printed.splitlines()
    settings = load_settings(ROOT / "publishconf.py", tmp_path / "content")
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    assert [str(p) for p in check_site(settings) if p.severity == "error"] == [PAY_TWO_LINE]
    second = parse(output / "tag" / "pay2.html")
    assert [text_of(a) for a in second.select("main article h2 a, main h2 a")][:1] == ["Pay news 1"]
    tags = [text_of(a) for a in parse(output / "2016" / "02" / "pay-two.html").select(".terms.tags a")]
    assert tags == ["budgets"]


EDITOR = {
    f"bulletins/2016-01-{day:02d}-editor-news-{day}.md": (
        f"Title: Editor news {day}\nDate: 2016-01-{day:02d}\nAuthor: editor\n\nNews {day}.\n"
    )
    for day in range(1, 12)
}
EDITOR["bulletins/2016-02-01-second-account.md"] = (
    "Title: Second account\nDate: 2016-02-01 10:00\nCategory: Bulletins\nAuthor: editor2\n\nNews.\n"
)
EDITOR_TWO_LINE = (
    'content/bulletins/2016-02-01-second-account.md:4: Author: the author "editor2" would have the address '
    'author/editor2.html, which is page 2 of the author "editor" (11 bulletins); write it as "editor 2"; until then '
    "the build leaves it out"
)


def test_an_author_whose_page_is_another_authors_second_page_is_named_and_left_out(tmp_path):
    """Author "editor" on 11 bulletins (10 a page) and author "editor2" (an old blog's second account): make
    check names "editor2" on its Author line and every build leaves that author out."""
    status, printed, output = publish_with(tmp_path, EDITOR, strict=False)
    assert status == 0, printed
    assert f"warning: {EDITOR_TWO_LINE}" in printed.splitlines()
    settings = load_settings(ROOT / "publishconf.py", tmp_path / "content")
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    assert [str(p) for p in check_site(settings) if p.severity == "error"] == [EDITOR_TWO_LINE]
    second = parse(output / "author" / "editor2.html")
    assert [text_of(a) for a in second.select("main article h2 a, main h2 a")][:1] == ["Editor news 1"]
    page = parse(output / "2016" / "02" / "second-account.html")
    assert "editor2" not in text_of(page.select_one("main"))


OLD_POST = {
    "pages/old-post.md": (
        "Title: Old post\nDate: 2015-01-01 10:00\nSlug: old-post\nOld_addresses: /old/post.html\n\nText.\n"
    ),
    "pages/old-post-folder.md": (
        "Title: Old post folder\nDate: 2015-01-02 10:00\nSlug: old-post-folder\nOld_addresses: /old/post.html/x/\n\n"
        "Text.\n"
    ),
}


def test_an_old_address_whose_file_is_anothers_folder_is_named_and_left_out(tmp_path):
    """/old/post.html in one file, /old/post.html/x/ in another: one is a file, the other needs a folder of that
    name. make check and every build name the later file by name (pages/old-post.md), and the build writes the
    earlier one's page."""
    status, printed, output = publish_with(tmp_path, OLD_POST, strict=False)
    assert status == 0, printed
    named = (
        'content/pages/old-post.md:4: Old_addresses: "/old/post.html" is in the way of "/old/post.html/x/", an old '
        "address of content/pages/old-post-folder.md (the one would be a file and the other a folder of the same "
        "name); a page of the site is never replaced, so the build leaves it out: remove it from this line"
    )
    assert [line for line in printed.splitlines() if "Old_addresses" in line] == [f"warning: {named}"]
    settings = load_settings(ROOT / "publishconf.py", tmp_path / "content")
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    assert [str(p) for p in check_site(settings) if "Old_addresses" in str(p)] == [named]
    kept = parse(output / "old" / "post.html" / "x" / "index.html")
    assert kept.select_one("body a")["href"].endswith("pages/old-post-folder.html")
