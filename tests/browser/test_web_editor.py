"""The web editor for real: `make edit` on a copy of the project starts the
editor's local backend (Decap's decap-server, from admin/node_modules) and
the preview; Debian's Chromium, through Playwright, drives Decap CMS as the
secretary would, with no network (any request that would leave 127.0.0.1
is refused and recorded). What the editor saves must be the file `make
newpost` would write, pass `make check`, and build."""

from __future__ import annotations

import functools
import http.server
import shutil
import struct
import subprocess
import threading
import zlib
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from sitekit import AS_IN_A_TERMINAL, ROOT, fetch, free_port, make, parse, stop_as_ctrl_c, text_of, wait_until

pytestmark = pytest.mark.browser

TITLE = "Branch meeting on care budgets"
SAVED = "content/bulletins/2026-11-23-branch-meeting-on-care-budgets.md"
EXPECTED = """\
Title: Branch meeting on care budgets
Date: 2026-11-23 10:00
Category: Bulletins
Tags: meetings, care budgets
Care_groups: Older Adults, Mental Health
Champions: Helen Davies
Summary: The branch meets about care budgets.
Status: draft

The branch meets on Monday.

![Members with placards]({static}/images/picket.png)
"""
EXISTING = "content/bulletins/2008-04-21-individualised-budgets-in-barnet.md"


def parse_html(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser")


def png() -> bytes:
    """A small picture, made here: red, 8 by 6 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x00\x00" * 8 for _ in range(6))
    header = struct.pack(">IIBBBBB", 8, 6, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture
def editing(project, tmp_path):
    """`make edit` on a copy of the project (the editor's packages linked
    in, as make test installed them), stopped as Ctrl+C stops it."""
    packages = ROOT / "admin/node_modules"
    assert (packages / "decap-server").is_dir(), "make test installs the editor's packages (npm ci in admin/)"
    (project / "admin/node_modules").symlink_to(packages)
    port, backend = free_port(), free_port()
    log = (tmp_path / "edit.log").open("w+")
    process = subprocess.Popen(
        [
            *AS_IN_A_TERMINAL,
            "make",
            "--no-print-directory",
            "edit",
            f"PORT={port}",
            f"EDITOR_PORT={backend}",
            "EDIT_BROWSER=0",
        ],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: fetch(base + "/admin/")[0] == 200, 120, "the editor to be served")
        yield project, base, log
    finally:
        stop_as_ctrl_c(process, 30)
        log.close()


def printed(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


class Session:
    """One browser context on the editor, recording what a policy refused,
    the page's errors and any request for another host."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.outside: list[str] = []
        self.refused: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def route(self, route):
        if urlsplit(route.request.url).hostname not in {"127.0.0.1"}:
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def console(self, message):
        if "Content Security Policy" in message.text:
            self.refused.append(message.text)

    def wait_until(self, condition, timeout: float, what: str):
        """As sitekit's wait_until, waiting in the browser: Playwright answers
        the routed requests (the editor's saves) only while it is waited on."""
        steps = int(timeout * 20)
        for _ in range(steps):
            if condition():
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"gave up after {timeout}s waiting for {what}")

    def choose(self, field: str, names: list[str]):
        """Pick names from a select widget's list, as typing and Enter do."""
        box = self.page.locator(f"input[id^={field}-field]")
        for name in names:
            box.click()
            box.fill(name)
            self.page.keyboard.press("Enter")


def test_a_bulletin_written_in_the_editor_is_the_file_newpost_writes_and_is_built(editing, browser, tmp_path):
    project, base, log = editing
    assert f"Editor:  {base}/admin/" in printed(log)
    assert f"Preview: {base}/" in printed(log)
    picture = tmp_path / "picket.png"
    picture.write_bytes(png())

    session = Session(browser)
    page = session.page
    try:
        page.goto(f"{base}/admin/#/collections/bulletins/new")
        page.get_by_role("button", name="Login").click()
        page.get_by_label("Title").fill(TITLE)
        page.get_by_label("Date and time").fill("2026-11-23T10:00")
        page.get_by_label("Tags").fill("meetings, care budgets")
        session.choose("Care_groups", ["Older Adults", "Mental Health"])
        session.choose("Champions", ["Helen Davies"])
        page.get_by_label("Summary").fill("The branch meets about care budgets.")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("The branch meets on Monday.")
        page.keyboard.press("Enter")
        # A picture, uploaded into content/images/, with its alt text.
        page.get_by_role("button", name="Add Component").click()
        page.get_by_role("menuitem", name="Image").click()
        page.get_by_role("button", name="Choose an image").click()
        with page.expect_file_chooser() as chooser:
            page.get_by_text("Upload", exact=True).click()
        chooser.value.set_files(str(picture))
        page.get_by_role("button", name="Choose selected").click()
        page.locator("input[id^=alt-field]").fill("Members with placards")
        # The preview pane shows the bulletin with both care groups.
        preview = page.frame_locator("iframe").first
        assert preview.locator(".care-groups li").all_inner_texts() == ["Older Adults", "Mental Health"]
        # "Save" writes the file (Decap's "Publish", said as it is).
        page.get_by_role("button", name="Save").first.click()
        page.get_by_text("Save now").click()
        saved = project / SAVED
        session.wait_until(saved.is_file, 30, "the editor to save the bulletin")
        assert saved.read_text(encoding="utf-8") == EXPECTED
        assert (project / "content/images/picket.png").read_bytes() == picture.read_bytes()

        # The preview rebuilds on the save: the draft is there, with both groups.
        draft = f"{base}/drafts/branch-meeting-on-care-budgets.html"
        wait_until(lambda: fetch(draft)[0] == 200, 90, "the preview to show the new draft")
        assert "preview-problems" not in fetch(draft)[1]

        # An existing bulletin, opened and saved with one change: only that
        # line changes; its own fields (Author) stay where they were.
        existing = project / EXISTING
        before = existing.read_text(encoding="utf-8")
        page.goto(f"{base}/admin/#/collections/bulletins")
        page.reload()
        page.get_by_text("Individualised Budgets in Barnet").click()
        summary = page.get_by_label("Summary")
        summary.wait_for()
        summary.fill(summary.input_value() + " Updated.")
        page.get_by_role("button", name="Save").first.click()
        page.get_by_text("Save now").click()
        session.wait_until(lambda: existing.read_text(encoding="utf-8") != before, 30, "the edited bulletin")
        changed = [
            (old, new)
            for old, new in zip(before.splitlines(), existing.read_text(encoding="utf-8").splitlines(), strict=True)
            if old != new
        ]
        assert len(changed) == 1
        assert changed[0][1] == changed[0][0] + " Updated."
        assert changed[0][0].startswith("Summary: ")
    finally:
        session.context.close()
    assert session.outside == []
    assert session.refused == []
    assert session.errors == []

    checked = make(project, "check")
    assert checked.returncode == 0, checked.stdout
    assert "No errors in" in checked.stdout
    built = make(project, "html", f"OUTPUTDIR={tmp_path / 'site'}", timeout=300)
    assert built.returncode == 0, built.stdout
    page = parse(tmp_path / "site/drafts/branch-meeting-on-care-budgets.html")
    assert text_of(page.h1) == TITLE
    assert [text_of(a) for a in page.select(".care-groups a")] == ["Older Adults", "Mental Health"]
    assert [text_of(a) for a in page.select(".champions a")] == ["Helen Davies"]
    picture_shown = page.select_one(".content img")
    assert picture_shown["alt"] == "Members with placards"
    assert (tmp_path / "site/drafts" / picture_shown["src"]).resolve() == (
        tmp_path / "site/images/picket.png"
    ).resolve()

    # A care group misspelt in a file: the preview's banner says so on the
    # page, under the site's policy, and goes once it is fixed.
    saved = project / SAVED
    saved.write_text(EXPECTED.replace("Older Adults,", "Older Adult,"), encoding="utf-8")
    draft = f"{base}/drafts/branch-meeting-on-care-budgets.html"
    wait_until(lambda: "preview-problems" in fetch(draft)[1], 90, "the banner")
    session = Session(browser)
    try:
        session.page.goto(draft)
        banner = session.page.locator(".preview-problems")
        assert banner.is_visible()
        assert 'unknown care group "Older Adult"; did you mean "Older Adults"?' in banner.inner_text()
        assert banner.evaluate("element => getComputedStyle(element).borderBottomStyle") == "solid"
        saved.write_text(EXPECTED, encoding="utf-8")
        session.wait_until(lambda: session.page.locator(".preview-problems").count() == 0, 90, "the banner to go")
        assert text_of(parse_html(session.page.content()).h1) == TITLE
    finally:
        session.context.close()
    assert session.refused == []
    assert session.errors == []


def test_the_editor_needs_its_policys_unsafe_eval(real_site, browser, tmp_path):
    """Why the editor's policy allows 'unsafe-eval' (and only the editor's):
    Decap CMS compiles its settings' schema with new Function(); under a
    policy without it, the editor stops at once. When a new version no
    longer needs it, this fails: take it out of EDITOR_CONTENT_SECURITY_POLICY."""
    site = tmp_path / "site"
    shutil.copytree(real_site / "admin", site / "admin")
    shutil.copytree(real_site / "theme", site / "theme")
    page = site / "admin/index.html"
    text = page.read_text(encoding="utf-8")
    assert "&#39;unsafe-eval&#39;" in text
    page.write_text(text.replace(" &#39;unsafe-eval&#39;", ""), encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    session = Session(browser)
    try:
        session.page.goto(f"http://127.0.0.1:{server.server_address[1]}/admin/")
        session.wait_until(lambda: session.errors, 30, "the editor to stop")
    finally:
        session.context.close()
        server.shutdown()
    assert any("'unsafe-eval'" in error for error in session.errors), session.errors
    assert session.outside == []
