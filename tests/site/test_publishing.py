"""Publishing from CI: the production build, reproducibility, the build
time, scheduled bulletins, _headers, the search index, make github /
rsync_upload and the workflow."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import cbor2
import pytest
import yaml
from pelican.settings import read_settings
from sitekit import BUILD_EPOCH, PUBLISHED_SITEURL, ROOT, bulletin, make_publish, parse, text_of

from publishing.buildtime import BuildTimeError, build_time, is_due
from publishing.headers import headers_file, security_headers
from search.stable import SIGNATURE, IndexFormatError, make_stable, read_record, record_bytes
from secretary.gates import inside_site

BUILD_TIME = datetime.datetime.fromtimestamp(int(BUILD_EPOCH), datetime.UTC)
# What a fresh copy of the project needs to build (no .git, .venv, output).
PROJECT_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "output",
    "output.*",
    ".output-*",
    "cache",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
)


def copy_project(destination: Path) -> Path:
    return Path(shutil.copytree(ROOT, destination, ignore=PROJECT_IGNORE, symlinks=True))


def epoch(*when: int) -> str:
    """SOURCE_DATE_EPOCH for a UTC date and hour."""
    return str(int(datetime.datetime(*when, tzinfo=datetime.UTC).timestamp()))


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# -- the production build ---------------------------------------------------------


def test_publishconf_takes_siteurl_from_the_environment(monkeypatch):
    monkeypatch.setenv("SITEURL", "https://branch.example.org/news/")
    settings = read_settings(str(ROOT / "publishconf.py"))
    assert settings["SITEURL"] == "https://branch.example.org/news"
    assert settings["RELATIVE_URLS"] is False
    assert settings["FEED_ALL_ATOM"]
    assert settings["STRICT_BUILD"] is True
    assert settings["WITH_FUTURE_DATES"] is False
    assert settings["DRAFT_SAVE_AS"] == ""
    monkeypatch.delenv("SITEURL")
    from publishconf import DEFAULT_SITEURL

    assert read_settings(str(ROOT / "publishconf.py"))["SITEURL"] == DEFAULT_SITEURL
    assert DEFAULT_SITEURL in (ROOT / "README.md").read_text(encoding="utf-8")


def test_published_site_uses_absolute_links_and_carries_headers(published_site):
    page = parse(published_site / "2008/04/individualised-budgets-in-barnet.html")
    assert (
        page.find("link", rel="canonical")["href"]
        == f"{PUBLISHED_SITEURL}/2008/04/individualised-budgets-in-barnet.html"
    )
    assert page.find("link", rel="stylesheet")["href"] == f"{PUBLISHED_SITEURL}/theme/css/site.css"
    assert page.find("link", type="application/atom+xml")["href"] == f"{PUBLISHED_SITEURL}/feeds/all.atom.xml"
    assert (published_site / "pagefind/pagefind.js").is_file()
    assert not (published_site / "drafts").exists()


def test_headers_file_carries_the_pages_policy_and_more(published_site):
    from pelicanconf import CONTENT_SECURITY_POLICY, REFERRER_POLICY

    headers = (published_site / "_headers").read_text(encoding="utf-8")
    lines = headers.splitlines()
    assert "/*" in lines
    block = lines[lines.index("/*") + 1 :]
    # The site's block, up to the web editor's own (tests/unit/test_editor.py).
    block = block[: block.index("/admin/*")] if "/admin/*" in block else block
    values = dict(line.strip().split(": ", 1) for line in block)
    assert values["Content-Security-Policy"] == CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"
    assert values["Referrer-Policy"] == REFERRER_POLICY
    assert values["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in values["Permissions-Policy"]
    # HTTPS only for a year, on this host alone, and never preloaded.
    assert values["Strict-Transport-Security"] == "max-age=31536000"
    page = parse(published_site / "index.html")
    assert page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == CONTENT_SECURITY_POLICY
    assert page.find("meta", attrs={"name": "referrer"})["content"] == REFERRER_POLICY


def test_headers_follow_the_settings():
    settings = {
        "CONTENT_SECURITY_POLICY": "default-src 'self';",
        "CSP_HEADER_ONLY": "frame-ancestors 'none'",
        "REFERRER_POLICY": "no-referrer",
        "PERMISSIONS_POLICY": "",
    }
    assert security_headers(settings) == {
        "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
    assert headers_file(settings).splitlines()[2:] == [
        "/*",
        "  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'",
        "  Referrer-Policy: no-referrer",
        "  X-Content-Type-Options: nosniff",
    ]


def test_strict_publish_refuses_a_misspelt_care_group(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/bulletins/2020-01-02-typo.md").write_text(
        bulletin("Typo", "2020-01-02", "Older Adutls"), encoding="utf-8"
    )
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "secretary", "build", "--settings", "publishconf.py", "--output", "out"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": f"{project}:{project / 'plugins'}", "SOURCE_DATE_EPOCH": BUILD_EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )
    # No --strict on the command line: publishconf.py asks for it.
    assert result.returncode == 1
    assert 'did you mean "Older Adults"' in result.stderr.replace("\xa0", " ")
    assert not (project / "out").exists()


# -- one build time -------------------------------------------------------------------


def test_build_time_comes_from_source_date_epoch():
    assert build_time({"SOURCE_DATE_EPOCH": BUILD_EPOCH}) == BUILD_TIME
    assert build_time({"SOURCE_DATE_EPOCH": "0"}) == datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    now = build_time({})
    assert now.tzinfo is not None
    assert abs((now - datetime.datetime.now(datetime.UTC)).total_seconds()) < 60
    assert build_time({"SOURCE_DATE_EPOCH": ""}).tzinfo is not None
    with pytest.raises(BuildTimeError, match="whole number of seconds"):
        build_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_a_bulletin_is_due_at_its_date():
    assert is_due(BUILD_TIME, BUILD_TIME)
    assert not is_due(BUILD_TIME + datetime.timedelta(seconds=1), BUILD_TIME)
    assert is_due(datetime.datetime(2026, 11, 23, 11, 0), BUILD_TIME)  # no zone: UTC


def sitemap_dates(site: Path) -> dict[str, str | None]:
    """Each address sitemap.xml lists, without SITEURL, with its <lastmod> (None: none)."""
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return {
        entry.findtext("s:loc", namespaces=ns).removeprefix("https://branch.example.org/"): entry.findtext(
            "s:lastmod", namespaces=ns
        )
        for entry in root.findall("s:url", ns)
    }


def test_sitemap_dates_each_page_by_what_it_shows_and_robots_txt_points_to_it(tiny_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    monkeypatch.setenv("SITEURL", "https://branch.example.org")
    out = tiny_site(
        {
            "bulletins/2020-01-02-first.md": bulletin("First", "2020-01-02", "Older Adults", "Helen Davies"),
            "bulletins/2021-03-04-research.md": bulletin(
                "Research", "2021-03-04", "Mental Health", Modified="2021-05-06 10:30", Tags="studies"
            ),
            "pages/rules.md": "Title: Branch rules\nSlug: rules\nModified: 2019-09-09\n\nThe rules.\n",
            "pages/about.md": "Title: About\n\nNo date of its own.\n",
        },
        "publishconf.py",
    )
    dates = sitemap_dates(out)
    # A bulletin: its Modified, else its Date.
    assert dates["2020/01/first.html"] == "2020-01-02T00:00:00+00:00"
    assert dates["2021/03/research.html"] == "2021-05-06T10:30:00+01:00"  # not left out as search.html is
    # A page: its Modified or Date; none at all when it has neither.
    assert dates["pages/rules.html"] == "2019-09-09T00:00:00+01:00"
    assert dates["pages/about.html"] is None
    # A list: its newest bulletin; a care group or champion also its champions' dates.
    for newest in ("", "archives.html", "tags.html", "care-groups/", "2021/", "tag/studies.html"):
        assert dates[newest] == "2021-05-06T10:30:00+01:00", newest
    assert dates["2020/"] == "2020-01-02T00:00:00+00:00"
    assert dates["care-groups/older-adults/"] == "2020-01-02T00:00:00+00:00"
    assert dates["champions/helen-davies/"] == "2020-01-02T00:00:00+00:00"
    # Tom has no bulletin: the day he became champion; Olive's page changed on her last day.
    assert dates["champions/tom-mahoney/"] == "2008-04-21T00:00:00+01:00"
    assert dates["champions/old-rep/"] == "2007-12-31T00:00:00+00:00"
    # Back office has no bulletin and no champion: no date is known.
    assert dates["care-groups/back-office/"] is None
    assert "robots.txt" not in dates
    assert "2026-11-23" not in (out / "sitemap.xml").read_text(encoding="utf-8")
    # robots.txt points to the sitemap, each of its lines from the first column.
    assert (out / "robots.txt").read_text(encoding="utf-8").splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Sitemap: https://branch.example.org/sitemap.xml",
    ]
    # Back office has no bulletin yet: its feed is dated at the build time.
    empty = (out / "feeds/care-groups/back-office.atom.xml").read_text(encoding="utf-8")
    assert "<entry>" not in empty
    assert "<updated>2026-11-23T12:00:00+00:00</updated>" in empty


def test_a_sitemap_in_another_format_is_refused_rather_than_misdated():
    from publishing.sitemap import SitemapFormatError, redate

    written = "<url>\n<loc>https://b.org/</loc>\n<lastmod>2026-11-23T12:00:00+00:00</lastmod>\n</url>\n"
    assert redate(written, "https://b.org", {"": "2008-04-21T12:00:00+01:00"}) == (
        "<url>\n<loc>https://b.org/</loc>\n<lastmod>2008-04-21T12:00:00+01:00</lastmod>\n</url>\n",
        [],
    )
    assert redate(written, "https://b.org", {})[1] == ["https://b.org/"]
    with pytest.raises(SitemapFormatError, match=r"pelican-sitemap 1\.2"):
        redate(written.replace("\n<lastmod>", " <lastmod>"), "https://b.org", {"": None})


def test_invalid_source_date_epoch_stops_the_build(tiny_site, monkeypatch):
    from publishing.plugin import PublishingConfigError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "last tuesday")
    with pytest.raises(PublishingConfigError, match="SOURCE_DATE_EPOCH"):
        tiny_site({}, "publishconf.py")


def test_scheduled_bulletin_waits_for_its_date(tiny_site, monkeypatch, tmp_path):
    """With publishconf.py a bulletin dated after the build time is not
    published anywhere (page, lists, feeds, sitemap, drafts) until a build
    at or after its date."""
    monkeypatch.setenv("SITEURL", "https://branch.example.org")
    files = {
        "bulletins/2020-06-01-today.md": bulletin("Today", "2020-06-01 09:00", "Older Adults"),
        "bulletins/2020-06-02-tomorrow.md": bulletin("Tomorrow", "2020-06-02 09:00", "Older Adults"),
    }
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 1, 12))
    out = tiny_site(files, "publishconf.py")
    assert (out / "2020/06/today.html").is_file()
    assert not (out / "2020/06/tomorrow.html").exists()
    assert not (out / "drafts").exists()
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".xml"))
    assert "Today" in everything
    assert "Tomorrow" not in everything
    assert "tomorrow" not in everything

    shutil.rmtree(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 2, 9))
    out = tiny_site(files, "publishconf.py")
    assert (out / "2020/06/tomorrow.html").is_file()
    assert "Tomorrow" in (out / "feeds/all.atom.xml").read_text(encoding="utf-8")


def test_previews_still_show_future_bulletins_marked_as_scheduled(tiny_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 1))
    out = tiny_site({"bulletins/2020-06-02-tomorrow.md": bulletin("Tomorrow", "2020-06-02", "Older Adults")})
    page = parse(out / "drafts/tomorrow.html")
    assert "Scheduled" in text_of(page.select_one(".draft-banner"))


# -- reproducibility -----------------------------------------------------------------------


def test_two_publishes_are_byte_identical(published_site, tmp_path):
    """A second `make publish` of the same content and build time, from a
    fresh copy whose files all have new times, in another folder, with
    another hash seed, gives the same bytes in every file."""
    project = copy_project(tmp_path / "elsewhere")
    for number, path in enumerate(sorted(project.rglob("*"))):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (1_000_000_000 + number * 7919, 1_000_000_000 + number * 7919))
    result = make_publish(project, tmp_path / "second", PYTHONHASHSEED="2")
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = tree_bytes(published_site), tree_bytes(tmp_path / "second")
    assert sorted(first) == sorted(second), set(first) ^ set(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], "files that differ between two builds: " + ", ".join(differing)


def test_make_publish_takes_the_build_time_from_the_last_commit(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    commit_time = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    dry = subprocess.run(["make", "-n", "publish"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert f'SOURCE_DATE_EPOCH="{commit_time}"' in dry.stdout
    # Set by CI: kept.
    dry = subprocess.run(
        ["make", "-n", "publish"],
        cwd=ROOT,
        env={**env, "SOURCE_DATE_EPOCH": "42"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert 'SOURCE_DATE_EPOCH="42"' in dry.stdout
    # Outside git: empty, and the build falls back to the clock.
    project = copy_project(tmp_path / "export")
    dry = subprocess.run(["make", "-n", "publish"], cwd=project, env=env, capture_output=True, text=True, check=True)
    assert 'SOURCE_DATE_EPOCH=""' in dry.stdout


# -- the search index ------------------------------------------------------------------------


def test_records_are_written_as_pagefind_writes_them_and_any_other_is_refused(tmp_path):
    """The shortest heads, definite lengths, gzip without a time; a record
    that would not read back to its very bytes is refused, never rewritten
    differently."""
    data, digest = record_bytes(["a", [1, 24]])
    body = bytes.fromhex("82 61 61 82 01 18 18")
    assert gzip.decompress(data) == SIGNATURE + body
    assert digest == hashlib.sha1(body).hexdigest()
    assert data[4:8] == b"\0\0\0\0"
    record = tmp_path / "en_0000000.pf_filter"
    value = ["care_group", [["Back office", [2, 3]], ["Older Adults", [2]]], -1, 1000, 70000, b"\x00", {"a": 1}]
    record.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(value)))
    assert read_record(record) == value
    # 1 written in two bytes (18 01): valid CBOR, but not the bytes cbor2 writes.
    record.write_bytes(gzip.compress(SIGNATURE + bytes.fromhex("82 61 61 82 18 01 18 18")))
    with pytest.raises(IndexFormatError, match="does not read back to the same bytes"):
        read_record(record)
    record.write_bytes(gzip.compress(SIGNATURE + bytes.fromhex("82 61")))
    with pytest.raises(IndexFormatError, match="not the CBOR Pagefind writes"):
        read_record(record)


def test_search_index_is_sorted_and_named_by_its_content(published_site):
    bundle = published_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["en-gb"]["hash"]
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    assert sorted(p.name for p in bundle.glob("*.pf_meta")) == [meta_path.name]
    body = gzip.decompress(meta_path.read_bytes())[len(SIGNATURE) :]
    assert meta_hash == "en-gb_" + hashlib.sha1(body).hexdigest()[:13]
    filters = read_record(meta_path)[3]
    assert [name for name, _ in filters] == ["care_group"]
    filter_path = bundle / "filter" / f"{filters[0][1]}.pf_filter"
    assert sorted(p.name for p in (bundle / "filter").iterdir()) == [filter_path.name]
    _name, values = read_record(filter_path)
    groups = [value for value, _pages in values]
    assert groups == sorted(groups)
    assert {g.replace("\xa0", " ") for g in groups} >= {"Older Adults", "Mental Health", "Back office"}
    assert gzip.decompress(filter_path.read_bytes()).startswith(SIGNATURE)
    assert filter_path.read_bytes()[4:8] == b"\0\0\0\0"  # no time in the gzip header


def test_make_stable_gives_one_result_for_any_value_order(published_site, tmp_path):
    """Pagefind writes the values in a random order: shuffle them, and the
    rewrite is the same."""
    copies = []
    for number in range(2):
        bundle = Path(shutil.copytree(published_site / "pagefind", tmp_path / f"b{number}"))
        filter_path = next((bundle / "filter").iterdir())
        name, values = read_record(filter_path)
        shuffled = values[number:] + values[:number]
        filter_path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps([name, shuffled[::-1]]), mtime=0))
        make_stable(bundle)
        copies.append(tree_bytes(bundle))
    assert copies[0] == copies[1] == tree_bytes(published_site / "pagefind")


# -- deploying ---------------------------------------------------------------------------------


def git(*args, cwd, **kwargs):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, **kwargs)


def test_make_github_pushes_the_site_to_the_gh_pages_branch(tmp_path):
    identity = {
        "GIT_AUTHOR_NAME": "Branch CI",
        "GIT_AUTHOR_EMAIL": "ci@branch.invalid",
        "GIT_COMMITTER_NAME": "Branch CI",
        "GIT_COMMITTER_EMAIL": "ci@branch.invalid",
    }
    env = {**os.environ, **identity, "SITEURL": PUBLISHED_SITEURL}
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    project = copy_project(tmp_path / "clone")
    git("init", "--quiet", "--initial-branch=main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "--quiet", "-m", "The branch blog", cwd=project, env=env)
    git("remote", "add", "origin", str(remote), cwd=project)

    result = subprocess.run(
        ["make", "github", f"VENV={ROOT / '.venv'}"], cwd=project, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pushed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", "gh-pages", cwd=tmp_path).stdout.split()
    built = sorted(p.relative_to(project / "output").as_posix() for p in (project / "output").rglob("*") if p.is_file())
    assert sorted(set(pushed) - {".nojekyll"}) == built
    assert {".nojekyll", "_headers", "index.html", "2008/04/individualised-budgets-in-barnet.html"} <= set(pushed)
    message = git("--git-dir", str(remote), "log", "-1", "--format=%s", "gh-pages", cwd=tmp_path).stdout.strip()
    assert message == "Generate Pelican site"
    # main is untouched: the site lives on its own branch.
    assert "output" not in git("--git-dir", str(remote), "branch", "--list", cwd=tmp_path).stdout

    # The branch can be chosen.
    dry = subprocess.run(
        ["make", "-n", "github", "GITHUB_PAGES_BRANCH=site"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert '-b "site"' in dry.stdout
    assert 'git push origin "site"' in dry.stdout


def test_rsync_upload_needs_its_ssh_settings_before_building(tmp_path):
    project = copy_project(tmp_path / "project")
    result = subprocess.run(
        ["make", "rsync_upload", f"VENV={ROOT / '.venv'}"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SSH_HOST, SSH_USER and SSH_TARGET_DIR" in result.stdout + result.stderr
    assert not (project / "output").exists()
    dry = subprocess.run(
        [
            "make",
            "-n",
            "rsync_upload",
            "SSH_HOST=host.example",
            "SSH_USER=branch",
            "SSH_TARGET_DIR=/srv/blog",
            "SSH_PORT=2222",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    command = next(line for line in dry.stdout.splitlines() if line.startswith("rsync"))
    assert '-e "ssh -p 2222"' in command
    assert "--delete" in command
    assert command.endswith('/ "branch@host.example:/srv/blog"')


# -- the workflows -------------------------------------------------------------------------------

WORKFLOWS = ROOT / ".github/workflows"
PUSH, HOURLY = "publish.yml", "scheduled.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def read_workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workflow():
    return read_workflow(PUSH)


@pytest.fixture(scope="module", params=[PUSH, HOURLY])
def each_workflow(request):
    return request.param, read_workflow(request.param)


def triggers_of(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps_running(job, command):
    return [i for i, step in enumerate(job["steps"]) if command in step.get("run", "").split("\n")]


def step_using(job, action):
    return next(i for i, step in enumerate(job["steps"]) if step.get("uses", "").startswith(action + "@"))


def test_the_push_workflow_runs_on_push_to_main_and_the_hourly_one_on_a_schedule():
    """The schedule has a workflow of its own: GitHub turns off a scheduled
    workflow, the whole file, after 60 days without activity, and pushes
    must still deploy."""
    push, hourly = triggers_of(read_workflow(PUSH)), triggers_of(read_workflow(HOURLY))
    assert push["push"]["branches"] == ["main"]
    assert "schedule" not in push
    assert "push" not in hourly
    assert len(hourly["schedule"]) == 1
    # All day: a meeting ending at 21:00 is under "Past meetings" by 22:17.
    assert hourly["schedule"][0]["cron"] == "17 * * * *"
    for triggers in (push, hourly):
        assert "pull_request_target" not in triggers
        assert "pull_request" not in triggers
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == [PUSH, HOURLY]
    # Its comments say what the hourly build moves: scheduled bulletins and past meetings.
    lines = (WORKFLOWS / HOURLY).read_text(encoding="utf-8").splitlines()
    said = " ".join(" ".join(line.strip().lstrip("#").strip() for line in lines).split())
    assert "a scheduled bulletin" in said
    assert 'a meeting that has ended moves from "Coming meetings" to "Past meetings"' in said


def test_each_workflow_publishes_checks_and_then_deploys(each_workflow):
    name, workflow = each_workflow
    build = workflow["jobs"]["build"]
    install = steps_running(build, "make html")
    publish = steps_running(build, "make publish")
    gates = steps_running(build, "make gates")
    upload = step_using(build, "actions/upload-pages-artifact")
    assert all([install, publish, gates]), name
    assert install[0] < publish[0] < gates[0] < upload
    assert build["steps"][upload]["with"]["path"] == "output"
    assert not any(step.get("continue-on-error") for step in build["steps"])
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][step_using(deploy, "actions/deploy-pages")]
    assert deploy["environment"]["name"] == "github-pages"
    # One deployment at a time across both workflows.
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    # The README's install command is the one CI uses.
    assert "make html" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_each_workflow_checks_out_the_whole_history(each_workflow):
    """A shallow clone shows every file as added by its one commit: every
    meeting's DTSTAMP and every sitemap date would move with each push."""
    name, workflow = each_workflow
    build = workflow["jobs"]["build"]
    checkout = build["steps"][step_using(build, "actions/checkout")]
    assert checkout["with"]["fetch-depth"] == 0, name


def test_each_workflow_checks_the_content_first_so_a_mistake_is_annotated_on_its_file(each_workflow):
    """make check runs before anything can fail on a content mistake: in
    GitHub Actions it annotates each one on its file and line."""
    name, workflow = each_workflow
    build = workflow["jobs"]["build"]
    check = steps_running(build, "make check")
    assert check, name
    later = [*steps_running(build, "make test"), *steps_running(build, "make publish")]
    assert steps_running(build, "make html")[0] < check[0] < min(later), name


def test_the_push_workflow_tests_before_it_publishes_and_the_hourly_one_does_not(workflow):
    build = workflow["jobs"]["build"]
    test = steps_running(build, "make test")
    assert test
    assert steps_running(build, "make html")[0] < test[0] < steps_running(build, "make publish")[0]
    hourly = read_workflow(HOURLY)
    assert not [step for job in hourly["jobs"].values() for step in job["steps"] if "make test" in step.get("run", "")]


def test_the_hourly_workflow_is_the_push_one_without_its_tests(workflow):
    """Two copies of one workflow would drift: every job, step and setting
    of the hourly one is the push one's, but the test step and the triggers."""
    hourly = read_workflow(HOURLY)
    tested = [step for step in workflow["jobs"]["build"]["steps"] if "make test" not in step.get("run", "")]
    assert hourly["jobs"]["build"]["steps"] == tested
    assert {**hourly["jobs"]["build"], "steps": []} == {**workflow["jobs"]["build"], "steps": []}
    assert hourly["jobs"]["deploy"] == workflow["jobs"]["deploy"]
    own = ("name", "on", True, "jobs")
    assert {k: v for k, v in hourly.items() if k not in own} == {k: v for k, v in workflow.items() if k not in own}
    assert hourly.keys() == workflow.keys()


def test_workflow_permissions_are_minimal(each_workflow):
    _, workflow = each_workflow
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_workflow_actions_are_pinned_by_commit(each_workflow):
    name, workflow = each_workflow
    uses = [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]
    assert {u.split("@")[0] for u in uses} == {
        "actions/checkout",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    for action in uses:
        assert PINNED.match(action), action
    # Each pin says which release it is.
    for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_workflow_sets_the_address_and_the_build_time(each_workflow):
    _, workflow = each_workflow
    steps = workflow["jobs"]["build"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps)
    assert 'SITEURL=$SITEURL" >> "$GITHUB_ENV"' in script
    assert "SOURCE_DATE_EPOCH=" in script
    assert "git log -1 --format=%ct" in script


def test_ci_script_installs_what_is_missing_and_runs_make_test():
    run = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert os.access(ROOT / ".ci/run", os.X_OK)
    assert os.access(ROOT / ".ci/install-system-packages", os.X_OK)
    assert ".ci/install-system-packages" in run
    assert run.rstrip().endswith("make test")
    packages = (ROOT / ".ci/install-system-packages").read_text(encoding="utf-8")
    assert "default-jre-headless" in packages
    assert "chromium" in packages


@pytest.mark.browser
def test_search_works_on_the_published_site_with_its_policy(published_site, browser):
    """The rewritten search index still loads in a real browser, under the
    site's Content-Security-Policy, and the care-group filter narrows the
    results. Requests for SITEURL are answered from the built folder."""
    import mimetypes

    from playwright.sync_api import expect

    def serve(route):
        path = inside_site(PUBLISHED_SITEURL, route.request.url.split("?")[0]) or "index.html"
        file = published_site / (path + "index.html" if path.endswith("/") or not path else path)
        if not file.is_file():
            route.fulfill(status=404, body="not found")
            return
        route.fulfill(status=200, body=file.read_bytes(), content_type=mimetypes.guess_type(file.name)[0] or "")

    errors = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.route(f"{PUBLISHED_SITEURL}/**", serve)
        page.goto(f"{PUBLISHED_SITEURL}/search.html?q=budgets")
        status = page.locator("#search-status")
        expect(status).to_contain_text("results for", timeout=20_000)
        everything = page.locator("#search-results li").count()
        assert everything >= 2
        page.select_option("#search-filter", label="Older Adults")
        expect(status).to_contain_text("result", timeout=20_000)
        expect(page.locator("#search-results li")).not_to_have_count(everything, timeout=20_000)
        titles = [t.replace("\xa0", " ") for t in page.locator("#search-results h2").all_inner_texts()]
        # The 2007 bulletin concerns the back office only: the filter drops it.
        assert "Individualised Budgets in Barnet" in titles
        assert "Adult Social Services" not in titles
        assert page.locator("#search-needs-js").is_hidden()
    finally:
        context.close()
    assert errors == []


def test_publish_says_which_bulletins_it_holds_back(tmp_path, monkeypatch):
    """A bulletin dated after the build time is not an error, but the
    secretary is told it was held back, and when it will go out."""
    from sitekit import GROUPS_AND_CHAMPIONS, safe_build, write_files

    content = tmp_path / "content"
    write_files(
        content,
        {
            **GROUPS_AND_CHAMPIONS,
            "bulletins/2020-06-01-today.md": bulletin("Today", "2020-06-01 09:00", "Older Adults"),
            "bulletins/2020-06-02-tomorrow.md": bulletin("Tomorrow", "2020-06-02 09:00", "Older Adults"),
        },
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(2020, 6, 1, 12))
    status, messages = safe_build(
        "publishconf.py", tmp_path / "out", strict=True, search=False, overrides={"PATH": str(content)}
    )
    assert status == 0, messages
    assert (
        "note: content/bulletins/2020-06-02-tomorrow.md: scheduled for 2020-06-02 09:00, so not published by this "
        "build; the first build after that time publishes it"
    ) in messages.splitlines()
