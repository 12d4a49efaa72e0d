"""The tests' fixtures, in one module; the helpers they use are in sitekit.py."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from sitekit import (
    BUILD_EPOCH,
    CHROMIUM_FLAGS,
    CHROMIUM_PATH,
    COPY_IGNORE,
    PUBLISHED_SITEURL,
    ROOT,
    build,
    build_tiny,
    copy_project,
    editions_in_process,
    fresh_pelican_log_filter,
    make,
    make_publish,
)


@pytest.fixture(autouse=True)
def _fresh_pelican_log_filter():
    fresh_pelican_log_filter()


@pytest.fixture
def tiny_site(tmp_path):
    """Write a tiny site's content into tmp_path and build it."""

    def make(files: dict[str, str], config: str = "pelicanconf.py", with_defaults: bool = True, **override) -> Path:
        return build_tiny(tmp_path, files, config, with_defaults, **override)

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The branch's real content, built once with the development settings."""
    out = tmp_path_factory.mktemp("real") / "output"
    return build(ROOT / "content", out)


@pytest.fixture
def warnings_seen(caplog):
    """The warning lines a build logged, as the secretary reads them."""
    caplog.set_level(logging.WARNING)

    def lines():
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]

    return lines


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (content, theme, plugins, settings, Makefile)
    sharing the ready virtual environment, so that commands run exactly as
    the secretary runs them without touching the real content/."""
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=COPY_IGNORE)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The branch's real content built by `make publish` (publishconf.py,
    strict, search index), as CI builds it before deploying."""
    out = tmp_path_factory.mktemp("published") / "output"
    result = make_publish(ROOT, out, PYTHONHASHSEED="1")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one
    instance per process, and starting it once keeps the suite quick."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM_PATH.exists(), "Debian's chromium is needed: apt-get install chromium (.ci/run does this)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> tuple[Path, str]:
    """The real bulletins' editions, made once: `make editions` without
    BULLETIN in a copy of the project (the newest bulletin), then the older
    one by name. The folder they are in, and what make printed."""
    project = copy_project(tmp_path_factory.mktemp("editions") / "project")
    result = make(
        project, "editions", f"VENV={ROOT / '.venv'}", SITEURL=PUBLISHED_SITEURL, SOURCE_DATE_EPOCH=BUILD_EPOCH
    )
    assert result.returncode == 0, result.stdout
    fresh_pelican_log_filter()
    status, said = editions_in_process(
        [
            "--settings",
            str(project / "publishconf.py"),
            "--output",
            str(project / "editions"),
            "--bulletin",
            "content/bulletins/2007-07-03-adult-social-services.md",
        ]
    )
    assert status == 0, said
    return project / "editions", result.stdout
