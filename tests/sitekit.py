"""What the tests share: build the real site or a tiny one into a temporary
folder, run the secretary's commands on a copy of the project, and read
what a reader would see. Fixtures are in conftest.py."""

from __future__ import annotations

import copy
import gzip
import hashlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from compat.private import reset_log_filter

ROOT = Path(__file__).resolve().parent.parent


def fresh_pelican_log_filter():
    """Each test (and each build a test means as a fresh `make html`) must
    see its own warnings."""
    reset_log_filter()


def settings_for(content: Path, output: Path, config: str = "pelicanconf.py", **override):
    values = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(output.parent / "cache"),
        **override,
    }
    return read_settings(path=str(ROOT / config), override=values)


def build(content: Path, output: Path, config: str = "pelicanconf.py", **override) -> Path:
    Pelican(settings_for(content, output, config, **override)).run()
    return output


def build_tiny(
    folder: Path, files: dict[str, str], config: str = "pelicanconf.py", with_defaults: bool = True, **override
) -> Path:
    """A tiny site: `files` (with GROUPS_AND_CHAMPIONS unless told not)
    written into folder/content and built into folder/output."""
    content = folder / "content"
    write_files(content, {**(GROUPS_AND_CHAMPIONS if with_defaults else {}), **files})
    return build(content, folder / "output", config, **override)


def safe_build(config: str, output: Path, **kwargs) -> tuple[int, str]:
    """The build `make html` and `make publish` run (secretary.build), in
    this process with the project's settings file `config`: its exit status
    and everything it printed."""
    from secretary.build import build as secretary_build

    stream = io.StringIO()
    status = secretary_build(ROOT / config, output, stream=stream, **kwargs)
    return status, stream.getvalue()


def preview_build(
    content: Path, output: Path, cache: Path, *, warm: bool = True, search: bool = False, **overrides
) -> str:
    """One `make html` of `content` as the preview loop runs it, each a fresh
    process (Pelican's filter of repeated messages starts empty), with the
    content cache in `cache` switched on (warm) or off. Asserts the site was
    built; returns what the build printed."""
    fresh_pelican_log_filter()
    settings = {"PATH": str(content), "CACHE_PATH": str(cache), "CACHE_CONTENT": warm, "LOAD_CONTENT_CACHE": warm}
    status, messages = safe_build(
        "pelicanconf.py", output, strict=False, search=search, overrides={**settings, **overrides}
    )
    assert status == 0, messages
    return messages


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target` (as written: absolute, or relative to the
    link's folder), for put_files and the corpus."""

    target: str


def put_files(root: Path, files: dict[str, str | bytes | Link]) -> None:
    """Files exactly as given (text as UTF-8, bytes, or a Link), folders made."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            if path.is_symlink():
                path.unlink()
            path.symlink_to(data.target)
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


# A minimal set of term files most tiny sites start from.
GROUPS_AND_CHAMPIONS = {
    "care-groups/older-adults.md": """
        Title: Older Adults
        Summary: Services for older people.

        Work with older people.
        """,
    "care-groups/mental-health.md": """
        Title: Mental Health
        Summary: Adult mental health.

        Mental health services.
        """,
    "care-groups/back-office.md": """
        Title: Back office

        Support services.
        """,
    "champions/helen-davies.md": """
        Title: Helen Davies
        Care_groups: Older Adults
        Role: Champion for Older Adults
        Since: 2008-04-21
        Email: helen.example@branch.test

        Helen's profile.
        """,
    "champions/tom-mahoney.md": """
        Title: Tom Mahoney
        Care_groups: Mental Health
        Role: Champion for Mental Health
        Since: 2008-04-21
        Phone: 020 7946 0000

        Tom's profile.
        """,
    "champions/old-rep.md": """
        Title: Olive Former
        Care_groups: Older Adults
        Role: Champion for Older Adults
        Since: 2001-01-01
        Until: 2007-12-31

        Olive was champion before Helen.
        """,
    "pages/contact.md": """
        Title: Contact the branch
        Slug: contact
        Template: contact

        Contact us.
        """,
}


def bulletin(title: str, date: str, groups: str = "", champions: str = "", body: str = "Body text.", **extra) -> str:
    lines = [f"Title: {title}", f"Date: {date}", "Category: Bulletins"]
    if groups:
        lines.append(f"Care_groups: {groups}")
    if champions:
        lines.append(f"Champions: {champions}")
    lines += [f"{k.capitalize()}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


WBR = "\x00"


def text_of(node) -> str:
    """Visible text with typogrify's spans and no-break spaces smoothed out,
    and the theme's <wbr> (a place a long name may break) read as nothing."""
    if node.find("wbr"):
        node = copy.copy(node)
        for wbr in node.find_all("wbr"):
            wbr.replace_with(WBR)
    text = node.get_text(" ", strip=True).replace(f" {WBR} ", "").replace(WBR, "")
    text = " ".join(text.replace("\xa0", " ").split())
    return re.sub(r" (?=[,.;:!?)])", "", text)


def resolve(page_path: str, href: str) -> str:
    """Where a link on a page leads, as a path inside the site (what a
    browser would request), so tests do not depend on relative spelling."""
    from urllib.parse import urljoin, urlsplit

    target = urlsplit(urljoin("http://site.test/" + page_path, href))
    if target.netloc != "site.test":
        return href
    return target.path.lstrip("/")


def links_on(site, page_path: str, selector: str = "a") -> list[str]:
    page = parse(site / page_path)
    return [resolve(page_path, a["href"]) for a in page.select(selector) if a.has_attr("href")]


# The address the published test build is served from: absolute, so the
# gates see the links exactly as the live site has them.
PUBLISHED_SITEURL = "https://branch.example.org/blog"


# A fixed build time (2026-11-23 12:00 UTC) for builds that are compared.
BUILD_EPOCH = "1795435200"


def make_publish(project: Path, output: Path, **env) -> subprocess.CompletedProcess:
    """`make publish` in a project folder, with the shared virtual
    environment and the given environment variables."""
    values = {
        **os.environ,
        "SITEURL": PUBLISHED_SITEURL,
        "SOURCE_DATE_EPOCH": BUILD_EPOCH,
        **env,
    }
    return subprocess.run(
        ["make", "--no-print-directory", "publish", f"OUTPUTDIR={output}", f"VENV={ROOT / '.venv'}"],
        cwd=project,
        env=values,
        capture_output=True,
        text=True,
        check=False,
    )


# node_modules: make lighthouse's packages (tools/lighthouse), 200 MB no command under test uses.
# admin/node_modules (the web editor's local backend) is linked into a copy
# that needs it (the editor's tests), never copied.
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "output", "cache", ".git", ".pytest_cache", "__pycache__", ".ruff_cache", "node_modules"
)


def run(args: list[str], cwd: Path, timeout: float = 120, **env) -> subprocess.CompletedProcess:
    """Run a command as the secretary would; stdout and stderr together."""
    return subprocess.run(
        args,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        env={**os.environ, **env},
        check=False,
    )


# Debian's Chromium, driven by Playwright; never a downloaded browser.
CHROMIUM_PATH = Path("/usr/bin/chromium")


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    """A page's status and text, as a browser would get it (4xx and 5xx too)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_until(condition, timeout: float, what: str, every: float = 0.05):
    """condition()'s first true value, asked every `every` seconds (a local
    page or a log file: cheap to ask often); fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"gave up after {timeout}s waiting for {what}")


def make(project: Path, *targets: str, timeout: float = 120, **env) -> subprocess.CompletedProcess:
    return run(["make", "--no-print-directory", *targets], project, timeout=timeout, **env)


# The web editor's bundle, copied into every build from admin/vendor/ (plugins/editor).
VENDORED = ROOT / "admin" / "vendor"


def is_vendored_copy(output: Path, path: Path, data: bytes) -> bool:
    """A file of the web editor's that is, byte for byte, the CMS's bundle
    (or its licence notices) as committed in admin/vendor/: a program that
    holds no content, and in which any run of figures may occur."""
    relative = path.relative_to(output)
    if len(relative.parts) != 2 or relative.parts[0] != "admin" or not (VENDORED / relative.name).is_file():
        return False
    return data == (VENDORED / relative.name).read_bytes()


def published_texts(output: Path) -> dict[str, str]:
    """Every file of a built site as text, the search index's compressed
    files (pagefind/*.pf_*) unpacked: what a reader, a feed reader, a search
    engine or a search could ever see; but the web editor's vendored bundle
    when it is the committed one unchanged (is_vendored_copy)."""
    texts = {}
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if is_vendored_copy(output, path, data):
            continue
        if data[:2] == b"\x1f\x8b":  # gzip: the search index's files
            data = gzip.decompress(data)
        texts[path.relative_to(output).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# -- make editions ---------------------------------------------------------------------------

# The real bulletins' slugs and the addresses their editions lead to.
LONG_LETTER = "individualised-budgets-in-barnet"  # the newest: six champions, signed in its text
PHONE_IN_TEXT = "adult-social-services"  # a champion's number in its text
EDITION_URLS = {
    LONG_LETTER: f"{PUBLISHED_SITEURL}/2008/04/individualised-budgets-in-barnet.html",
    PHONE_IN_TEXT: f"{PUBLISHED_SITEURL}/2007/07/adult-social-services.html",
}


def copy_project(dest: Path) -> Path:
    """A copy of the project sharing the ready virtual environment."""
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest


def editions_in_process(args: list[str], **env) -> tuple[int, str]:
    """`python -m secretary editions ARGS` in this process, with the
    published address and build time (and `env`): its status and what it
    printed."""
    import pytest

    from secretary import cli

    stream = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"SITEURL": PUBLISHED_SITEURL, "SOURCE_DATE_EPOCH": BUILD_EPOCH, **env}.items():
            patch.setenv(name, value)
        patch.delenv("BULLETIN", raising=False)
        status = cli.main(["editions", *args], stream)
    return status, stream.getvalue()


def mail_of(path: Path):
    """An .eml file as a mail tool reads it (Python's email package)."""
    import email
    from email import policy

    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


# A command as a terminal starts it: Ctrl+C (SIGINT) at its default, even
# when the tests were started where it is ignored (a script's background
# job inherits SIGINT ignored, and so would every command it starts). A
# disposition set to default survives exec; set here rather than in a
# preexec_fn, which is unsafe in a process with threads.
AS_IN_A_TERMINAL = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])",
]


def stop_as_ctrl_c(process, timeout: float) -> None:
    """Stop a command started in a session of its own as Ctrl+C in its
    terminal would (SIGINT to its process group); SIGKILL if it has not
    ended within `timeout` seconds."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
