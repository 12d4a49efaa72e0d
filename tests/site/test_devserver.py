"""`make devserver`: serves the preview on 127.0.0.1:PORT, rebuilds when a
file is saved and tells the open page to reload. Every wait is bounded."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from sitekit import (
    AS_IN_A_TERMINAL,
    GROUPS_AND_CHAMPIONS,
    bulletin,
    fetch,
    free_port,
    fresh_pelican_log_filter,
    make,
    stop_as_ctrl_c,
    text_of,
    tree_hashes,
    wait_until,
    write_files,
)
from tornado.websocket import websocket_connect

BULLETIN = "content/bulletins/2008-04-21-individualised-budgets-in-barnet.md"
PAGE = "2008/04/individualised-budgets-in-barnet.html"


@pytest.fixture
def devserver(project, tmp_path):
    """`make devserver PORT=...` running on a copy of the project; stopped
    as Ctrl+C stops it (SIGINT to its process group)."""
    port = free_port()
    log = (tmp_path / "devserver.log").open("w+")
    process = subprocess.Popen(
        [*AS_IN_A_TERMINAL, "make", "--no-print-directory", "devserver", f"PORT={port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: fetch(base + "/")[0] == 200, 90, "the preview to be served")
        yield project, base, log, process
    finally:
        stop_as_ctrl_c(process, 20)
        log.close()


def log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


async def reload_after(base: str, change, timeout: float) -> dict:
    """Connect as the browser's livereload script does, make the change and
    return the reload message the server sends."""
    ws = await websocket_connect(base.replace("http://", "ws://") + "/livereload")
    greeting = json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
    try:
        await ws.write_message(greeting)
        hello = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
        assert hello["command"] == "hello"
        await ws.write_message(json.dumps({"command": "info", "url": f"{base}/{PAGE}", "plugins": {}}))
        # livereload registers the open page on "info" without answering; the
        # server reads a connection's messages in order, so its answer to a
        # second "hello" means the page is registered, before the change.
        await ws.write_message(greeting)
        assert json.loads(await asyncio.wait_for(ws.read_message(), timeout))["command"] == "hello"
        change()
        while True:
            message = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
            if message.get("command") == "reload":
                return message
    finally:
        ws.close()


def test_preview_serves_rebuilds_on_save_and_reloads_the_page(devserver):
    project, base, _, _ = devserver
    status, html = fetch(f"{base}/{PAGE}")
    assert status == 200
    page = BeautifulSoup(html, "html.parser")
    assert text_of(page.h1) == "Individualised Budgets in Barnet"
    # The reload script is an external one from this server: the site's
    # Content-Security-Policy forbids inline scripts.
    assert page.find("script", src=lambda s: s and s.startswith("/livereload.js"))
    assert all(script.get("src") for script in page.find_all("script"))
    assert fetch(f"{base}/livereload.js")[0] == 200

    source = project / BULLETIN

    def edit():
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Title: Individualised Budgets in Barnet", "Title: Budgets, edited"), "utf-8")

    # In a thread of its own: the shared browser's Playwright keeps an event
    # loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        message = pool.submit(asyncio.run, reload_after(base, edit, timeout=60)).result()
    assert message["path"].endswith("individualised-budgets-in-barnet.md")
    page = BeautifulSoup(fetch(f"{base}/{PAGE}")[1], "html.parser")
    assert text_of(page.h1) == "Budgets, edited"


def test_preview_shows_a_new_draft_and_reports_mistakes(devserver):
    project, base, log, _ = devserver
    (project / "content/bulletins/2020-05-01-draft.md").write_text(
        "Title: My draft\nDate: 2020-05-01\nStatus: draft\nCare_groups: Older Adult\n\nNot yet.\n", "utf-8"
    )
    wait_until(lambda: fetch(f"{base}/drafts/draft.html")[0] == 200, 60, "the draft to be served")
    page = BeautifulSoup(fetch(f"{base}/drafts/draft.html")[1], "html.parser")
    assert text_of(page.select_one(".draft-banner")).startswith("Draft:")
    home = BeautifulSoup(fetch(f"{base}/")[1], "html.parser")
    assert "My draft" in text_of(home.select_one(".drafts-preview"))
    # The build's messages reach the secretary's terminal.
    expected = (
        'warning: content/bulletins/2020-05-01-draft.md:4: Care_groups: unknown care group "Older Adult"; '
        'did you mean "Older Adults"?'
    )
    wait_until(lambda: expected in log_text(log), 10, "the warning in the terminal")

    # And at the top of every page of the preview, in make check's words,
    # styled by the preview's own stylesheet (the site's policy allows no
    # inline style); never in the site's files, nor in the editor's page.
    message = expected.removeprefix("warning: ")
    for path in ("/", "/drafts/draft.html", "/pages/about.html"):
        page = BeautifulSoup(fetch(base + path)[1], "html.parser")
        banner = page.body.find(True)
        assert banner.name == "section", path
        assert "preview-problems" in banner["class"]
        assert [text_of(item) for item in banner.select("li")] == [message]
        assert page.head.find("link", href="/_preview/problems.css")
    assert fetch(base + "/_preview/problems.css")[0] == 200
    # Asked for afresh each time, so the banner is never one of a kept copy.
    with urllib.request.urlopen(base + "/", timeout=5) as response:
        assert response.headers["Cache-Control"] == "no-cache"
    assert "preview-problems" not in fetch(base + "/admin/")[1]
    assert "livereload" not in fetch(base + "/admin/")[1]
    assert not [p for p in (project / "output").rglob("*.html") if "preview-problems" in p.read_text("utf-8")]

    # Fixed: the banner goes with the next build.
    draft = project / "content/bulletins/2020-05-01-draft.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("Older Adult\n", "Older Adults\n"), "utf-8")
    wait_until(lambda: "preview-problems" not in fetch(f"{base}/drafts/draft.html")[1], 60, "the banner to go")
    assert "preview-problems" not in fetch(base + "/")[1]


def test_a_file_name_the_system_cannot_read_does_not_stop_the_preview(devserver):
    """A name saved by an old system (Latin-1 é) ends the system's word of
    changes (watchfiles cannot read it): the preview says so once and looks
    for changes itself, so every later save is still shown."""
    project, base, log, _ = devserver
    odd = project / "content/bulletins" / "2020-05-02-caf\udce9.md"
    odd.write_text("Title: Cafe\nDate: 2020-05-02\n\nText.\n", "utf-8")
    wait_until(lambda: "its name holds a letter that is not saved as UTF-8" in log_text(log), 60, "the build naming it")
    source = project / BULLETIN
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Title: Individualised Budgets in Barnet", "Title: Budgets, seen"), "utf-8")
    wait_until(
        lambda: text_of(BeautifulSoup(fetch(f"{base}/{PAGE}")[1], "html.parser").h1) == "Budgets, seen",
        60,
        "the edit to be shown",
    )
    assert "Traceback" not in log_text(log)


def test_a_publish_while_previewing_is_never_written_over(devserver):
    """make publish (or make html) replaces output/ while the preview runs:
    a later save must not put the preview's site (drafts and all) into the
    folder that make github is about to push."""
    project, base, log, _ = devserver
    (project / "content/bulletins/2020-05-03-plan.md").write_text(
        "Title: Secret plan\nDate: 2020-05-03\nStatus: draft\n\nNot yet.\n", "utf-8"
    )
    wait_until(lambda: fetch(f"{base}/drafts/plan.html")[0] == 200, 60, "the draft in the preview")
    published = make(project, "publish")
    assert published.returncode == 0, published.stdout
    before = tree_hashes(project / "output")
    source = project / BULLETIN
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Title: Individualised Budgets in Barnet", "Title: Budgets, later"), "utf-8")
    wait_until(lambda: "was replaced by another build" in log_text(log), 60, "the preview to refuse")
    assert tree_hashes(project / "output") == before
    assert "Secret plan" not in (project / "output/index.html").read_text(encoding="utf-8")


def test_ctrl_c_stops_the_preview(devserver):
    _, base, log, process = devserver
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in the terminal sends
    process.wait(timeout=20)
    assert "Preview stopped." in log_text(log)
    assert "Traceback" not in log_text(log)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/", timeout=2)


@pytest.mark.browser
def test_the_open_page_reloads_itself_in_a_real_browser(devserver, browser):
    """In Chromium, under the site's Content-Security-Policy: the page the
    secretary is reading shows the change without them doing anything."""
    project, base, _, _ = devserver
    source = project / BULLETIN
    context = browser.new_context()
    try:
        page = context.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        with page.expect_websocket(timeout=20_000) as websocket:
            page.goto(f"{base}/{PAGE}")
        assert websocket.value.url == base.replace("http://", "ws://") + "/livereload"
        # The page counts as open once livereload.js has sent its "info".
        sent = []
        websocket.value.on("framesent", lambda payload: sent.append(str(payload)))
        for _ in range(250):
            if any('"info"' in frame for frame in sent):
                break
            page.wait_for_timeout(20)

        def heading():
            return " ".join(page.inner_text("h1", timeout=1000).split())

        assert heading() == "Individualised Budgets in Barnet"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Title: Individualised Budgets in Barnet", "Title: Reloaded by itself"), "utf-8")
        wait_until(lambda: heading() == "Reloaded by itself", 60, "the page to reload")
        assert refused == []
    finally:
        context.close()


def test_a_change_to_the_words_shows_without_building_everything(devserver):
    """The preview server applies an edit to a bulletin's text in place
    (plugins/fastbuild/live.py): the page shows it, and no full build ran."""
    project, base, log, _ = devserver
    source = project / BULLETIN
    full_builds = log_text(log).count("Done: Processed")
    source.write_text(source.read_text(encoding="utf-8") + "\nA sentence added in the preview.\n", "utf-8")
    wait_until(lambda: "A sentence added in the" in fetch(f"{base}/{PAGE}")[1], 30, "the new sentence")
    wait_until(lambda: log_text(log).count("Built output/.") == 2, 10, "the build's last line")
    assert log_text(log).count("Done: Processed") == full_builds


@pytest.mark.parametrize("told", [True, False], ids=["told by the system", "scanning"])
def test_the_watcher_sees_a_save_and_names_the_file(tmp_path, told):
    """watchfiles says when a file changed (inotify); where it cannot start,
    the watcher scans the files instead. Either way one save, one build,
    with the file it changed; reading a file is no change."""
    from secretary.preview.server import SiteWatcher

    (tmp_path / "bulletins").mkdir()
    saved = tmp_path / "bulletins" / "a.md"
    saved.write_text("Title: A\n", encoding="utf-8")
    builds = []
    watcher = SiteWatcher([tmp_path], builds.append)
    if told:
        assert watcher.start_observer()
    try:
        saved.read_text(encoding="utf-8")
        time.sleep(0.3)
        watcher.scanned = 0.0
        assert watcher.examine() == (None, None)
        saved.write_text("Title: A\n\nMore.\n", encoding="utf-8")
        watcher.scanned = 0.0
        wait_until(lambda: watcher.examine()[0], 5, "the save to be seen")
        assert builds == [[str(saved)]]
    finally:
        watcher.stop_observer()


def test_a_build_with_warnings_hands_them_to_its_caller_and_the_preview_keeps_nothing(project):
    """build() gives the warnings of a build that succeeded to its caller;
    the preview's builder then keeps no site in memory, so that every save
    builds anew and the secretary sees the warning again each time."""
    from argparse import Namespace

    from secretary.build import build
    from secretary.preview.builder import full_build

    misspelt = {"bulletins/2020-06-01-a.md": bulletin("A", "2020-06-01", "Older Adult")}
    write_files(project / "content", {**GROUPS_AND_CHAMPIONS, **misspelt})
    warning = 'unknown care group "Older Adult"; did you mean "Older Adults"?'
    problems: list = []
    stream = io.StringIO()
    fresh_pelican_log_filter()
    status = build(project / "pelicanconf.py", project / "output", strict=False, stream=stream, problems=problems)
    assert status == 0, stream.getvalue()
    assert [record.getMessage() for record in problems if warning in record.getMessage()], problems
    assert "Built output/ with 1 problem(s) to fix before publishing." in stream.getvalue()

    args = Namespace(settings=project / "pelicanconf.py", output=project / "preview", content=None, debug=False)
    fresh_pelican_log_filter()
    stream = io.StringIO()
    status, live = full_build(args, stream)
    assert status == 0, stream.getvalue()
    assert warning in stream.getvalue()
    assert live is None


@pytest.fixture
def preview_app(tmp_path):
    """The preview's web application over a one-page site, served on
    127.0.0.1 from a thread of this process (no build needed)."""
    import threading

    from tornado import ioloop

    from secretary.preview.server import application

    (tmp_path / "site").mkdir()
    (tmp_path / "site/index.html").write_text("<!doctype html><title>Draft</title><p>Secret draft plans</p>")
    port = free_port()
    started, loops = threading.Event(), []

    def serve():
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = ioloop.IOLoop.current()
        server = application(tmp_path / "site", port).listen(port, address="127.0.0.1")
        loops.append((loop, server))
        started.set()
        loop.start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10)
    yield port
    loop, server = loops[0]
    loop.add_callback(server.stop)
    loop.add_callback(loop.stop)
    thread.join(10)


def answer(port: int, headers: dict[str, str], path: str = "/") -> tuple[int, str]:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        # skip_host: the Host header is the one given, as a browser sends it.
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def websocket_status(port: int, headers: dict[str, str]) -> int:
    """The status of a WebSocket handshake with the reload endpoint (101:
    accepted), made from a thread of its own as the tests above do (the
    browser tests keep an event loop running in this one)."""
    from tornado.httpclient import HTTPClientError, HTTPRequest

    async def handshake() -> int:
        request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers, request_timeout=5)
        try:
            connection = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        connection.close()
        return 101

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, handshake()).result()


def test_the_preview_answers_only_its_own_local_names(preview_app):
    """A page on another site that points its name at 127.0.0.1 (DNS
    rebinding) sends that name as Host and Origin: refused, for pages,
    files and the reload WebSocket, so it cannot read drafts."""
    port = preview_app
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        status, page = answer(port, {"Host": host})
        assert (status, "Secret draft plans" in page) == (200, True), host
        assert answer(port, {"Host": host, "Origin": f"http://{host}"})[0] == 200, host
    for host in (f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"localhost.:{port}"):
        status, page = answer(port, {"Host": host})
        assert (status, "Secret draft plans" in page) == (403, False), host
    assert answer(port, {"Host": f"127.0.0.1:{port}", "Origin": f"http://attacker.example:{port}"})[0] == 403
    assert answer(port, {"Host": f"127.0.0.1:{port}", "Origin": "null"})[0] == 403
    assert answer(port, {"Host": f"attacker.example:{port}"}, "/livereload.js")[0] == 403

    local = {"Host": f"127.0.0.1:{port}", "Origin": f"http://localhost:{port}"}
    assert websocket_status(port, local) == 101
    rebound = {"Host": f"attacker.example:{port}", "Origin": f"http://attacker.example:{port}"}
    assert websocket_status(port, rebound) == 403
    elsewhere = {"Host": f"127.0.0.1:{port}", "Origin": "https://attacker.example"}
    assert websocket_status(port, elsewhere) == 403


def test_a_second_preview_on_a_busy_port_stops_at_once_and_builds_nothing(project):
    """The port is taken (another preview, or any program): the message says
    so and how to choose another, and the site in output/ is not rebuilt."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*AS_IN_A_TERMINAL, "make", "--no-print-directory", "devserver", f"PORT={port}"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode != 0
    assert (
        f"error: port {port} is already in use (is another preview running?); try make devserver PORT={port + 1}"
        in (result.stdout + result.stderr)
    )
    assert not (project / "output").exists()
    assert "Traceback" not in result.stdout + result.stderr
