"""The web editor's parts that need no build and no browser: its settings
made from the names of care groups and champions (plugins/editor/config.py),
the vendored bundle against its pins (admin/), its own policy, the GitHub
annotations of make check and the gates, and docs/WRITING.md's link to
GitHub's new-file page."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pelican.settings import read_settings
from rulebook.problem import Problem
from sitekit import GROUPS_AND_CHAMPIONS, ROOT, bulletin, put_files, write_files

from editor.config import EditorConfigError, editor_config, options
from publishing.headers import editor_policy, headers_file
from secretary import cli, newevent, newpost
from secretary.annotations import annotation, print_problems, problem_annotation
from secretary.checks import content as check
from secretary.gates import Finding, finding_annotation, page_sources
from secretary.preview.server import in_editor, problems_banner

ADMIN = ROOT / "admin"
SOURCE = {
    "backend": {"name": "github", "repo": "branch/blog"},
    "collections": [
        {
            "name": "bulletins",
            "fields": [
                {"name": "Title", "widget": "string"},
                {"name": "Care_groups", "widget": "select", "multiple": True, "options_from": "care_groups"},
                {"name": "Extra", "widget": "list", "field": {"name": "Champions", "options_from": "champions"}},
            ],
        }
    ],
}


# -- the settings the editor loads -------------------------------------------------


def test_the_editor_offers_the_names_the_build_read_and_nothing_else():
    lists = {
        "care_groups": options(["Mental Health", "Older Adults"]),
        "champions": options(["Helen Davies"], former=["Maggi Myland"]),
    }
    config = editor_config(SOURCE, lists, local_backend="", site_url="https://branch.example.org")
    fields = config["collections"][0]["fields"]
    assert fields[1]["options"] == [
        {"label": "Mental Health", "value": "Mental Health"},
        {"label": "Older Adults", "value": "Older Adults"},
    ]
    # The value is the name as the bulletin's line writes it; a former
    # champion is offered last, marked, for older news.
    assert fields[2]["field"]["options"] == [
        {"label": "Helen Davies", "value": "Helen Davies"},
        {"label": "Maggi Myland (former champion)", "value": "Maggi Myland"},
    ]
    assert "options_from" not in json.dumps(config)
    assert "local_backend" not in config
    assert config["site_url"] == "https://branch.example.org"
    # The source is left as it was.
    assert SOURCE["collections"][0]["fields"][1]["options_from"] == "care_groups"


def test_the_local_backend_is_in_the_preview_settings_only():
    config = editor_config(SOURCE, {"care_groups": [], "champions": []}, local_backend="http://127.0.0.1:8081/api/v1")
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    # A site with no care group yet: an empty choice, never a broken editor.
    assert config["collections"][0]["fields"][1]["options"] == [{"label": "(none yet)", "value": ""}]
    assert read_settings(str(ROOT / "publishconf.py"))["EDITOR_LOCAL_BACKEND"] == ""
    assert read_settings(str(ROOT / "pelicanconf.py"))["EDITOR_LOCAL_BACKEND"].startswith("http://127.0.0.1:")


def test_a_list_the_build_does_not_make_is_named():
    source = {"collections": [{"name": "x", "fields": [{"name": "Tags", "options_from": "tags"}]}]}
    with pytest.raises(EditorConfigError, match="'Tags' has `options_from: tags`; use one of care_groups, champions"):
        editor_config(source, {"care_groups": [], "champions": []})


# -- the CMS, pinned and vendored ---------------------------------------------------


def test_the_vendored_bundle_is_the_pinned_version_byte_for_byte():
    """admin/vendor/ holds the CMS's bundle as copied from its npm package
    (admin/vendor.js): the same version as package.json and its lock file
    pin, the files unchanged since, under the MIT licence."""
    package = json.loads((ADMIN / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ADMIN / "package-lock.json").read_text(encoding="utf-8"))
    record = json.loads((ADMIN / "vendor/decap-cms.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"]["decap-cms"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin the CMS by its exact version"
    assert record["version"] == pinned == lock["packages"]["node_modules/decap-cms"]["version"]
    assert record["license"] == lock["packages"]["node_modules/decap-cms"]["license"] == "MIT"
    for name, digest in record["files"].items():
        assert hashlib.sha256((ADMIN / "vendor" / name).read_bytes()).hexdigest() == digest, name
    # The local backend of make edit, pinned as exactly.
    for name in ("decap-server", "express"):
        version = package["dependencies"][name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"pin {name} by its exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


# -- the editor's own policy ---------------------------------------------------------


def test_the_editor_has_its_own_policy_for_its_folder_only():
    settings = read_settings(str(ROOT / "publishconf.py"))
    policy = editor_policy(settings)
    assert "'unsafe-eval'" in policy
    assert "'unsafe-eval'" not in settings["CONTENT_SECURITY_POLICY"]
    text = headers_file(settings)
    site_block, admin_block = text.split("/admin/*\n")
    assert "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval';" in site_block
    assert admin_block.splitlines() == [
        "  ! Content-Security-Policy",
        f"  Content-Security-Policy: {policy}; frame-ancestors 'none'",
        "  X-Robots-Tag: noindex",
    ]
    preview = read_settings(
        str(ROOT / "pelicanconf.py"), override={"EDITOR_LOCAL_BACKEND": "http://127.0.0.1:9/api/v1"}
    )
    assert "connect-src 'self' blob: https://api.github.com http://127.0.0.1:9;" in editor_policy(preview)


# -- GitHub annotations -----------------------------------------------------------------


def test_an_annotation_is_one_workflow_command_escaped_as_github_reads_it():
    assert (
        annotation("a, b: c\n100%", file="content/x, y.md", line=3, title="make check: Care_groups")
        == "::error file=content/x%2C y.md,line=3,title=make check%3A Care_groups::a, b: c%0A100%25"
    )
    assert annotation("no file") == "::error::no file"
    problem = Problem("content/bulletins/a.md", "Care_groups", 'unknown care group "Older Adult"', 4)
    assert problem_annotation(problem) == (
        '::error file=content/bulletins/a.md,line=4,title=make check%3A Care_groups::unknown care group "Older Adult"'
    )
    scheduled = Problem("content/bulletins/b.md", "Date", "scheduled", 2, severity="scheduled")
    assert problem_annotation(scheduled).startswith("::notice file=content/bulletins/b.md,line=2,")
    out = io.StringIO()
    print_problems([problem], out, environ={})
    assert out.getvalue() == ""


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    put_files(copy, {"bulletins/2020-06-01-a.md": bulletin("A", "2020-06-01", "Older Adult")})
    return copy


def run_check(content) -> tuple[int, list[str]]:
    out = io.StringIO()
    status = cli.main(["check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)], stream=out)
    return status, out.getvalue().splitlines()


def test_make_check_in_github_actions_annotates_the_source_file_and_line(content, monkeypatch):
    message = 'unknown care group "Older Adult"; did you mean "Older Adults"?'
    line = f"content/bulletins/2020-06-01-a.md:4: Care_groups: {message}"
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    status, printed = run_check(content)
    assert status == 1
    assert line in printed
    assert not [text for text in printed if text.startswith("::")]

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    status, printed = run_check(content)
    assert status == 1
    assert line in printed
    assert [text for text in printed if text.startswith("::")] == [
        f"::error file=content/bulletins/2020-06-01-a.md,line=4,title=make check%3A Care_groups::{message}"
    ]


def test_a_gates_finding_is_annotated_on_the_file_the_page_was_made_from(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    put_files(content, {"bulletins/2020-06-01-a.md": bulletin("A", "2020-06-01", body="Ring\n\n020 8359 2088 today.")})
    settings = check.load_settings(ROOT / "publishconf.py", content)
    sources = page_sources(settings)
    finding = Finding("2020/06/a.html", "plain phone number '020 8359 2088'; show it with the reveal control")
    assert finding_annotation("privacy", finding, sources, "output") == (
        "::error file=content/bulletins/2020-06-01-a.md,line=7,title=make gates%3A privacy::"
        "2020/06/a.html: plain phone number '020 8359 2088'; show it with the reveal control"
    )
    listing = Finding("tags.html", "a link leads nowhere")
    assert finding_annotation("links", listing, sources, "output").startswith("::error file=output/tags.html,title=")


# -- the preview's banner ------------------------------------------------------------------


def test_the_banner_shows_each_problem_as_plain_text():
    banner = problems_banner(['content/bulletins/x.md:3: Title: "<script>alert(1)</script>"']).decode()
    assert "<script>" not in banner
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in banner
    assert "1 problem to fix before publishing" in banner
    assert "2 problems" in problems_banner(["a", "b"]).decode()
    assert in_editor("/admin/", "admin")
    assert in_editor("/admin/config.yml", "admin")
    assert not in_editor("/administration.html", "admin")
    assert not in_editor("/admin/", "")


# -- the whole path to the live site ----------------------------------------------------------


def test_writing_md_links_to_githubs_new_file_page_with_newposts_template():
    """docs/WRITING.md's "Write a new bulletin" link opens github.com's
    new-file page in content/bulletins/, prefilled with the fields make
    newpost writes, in its order."""
    text = (ROOT / "docs/WRITING.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((https://github\.com/[^)\s]+/new/main/content/bulletins\?[^)\s]+)\)", text)
    assert links, "no link to GitHub's new-file page in docs/WRITING.md"
    query = parse_qs(urlsplit(links[0]).query)
    assert re.fullmatch(r"YYYY-MM-DD-[a-z-]+\.md", query["filename"][0])
    template = query["value"][0]
    header, _, body = template.partition("\n\n")
    expected = newpost.bulletin_text("X", datetime.datetime(2026, 1, 1)).partition("\n\n")[0]
    keys = [line.split(":", 1)[0] for line in header.splitlines()]
    assert keys == [line.split(":", 1)[0] for line in expected.splitlines()]
    assert body.strip()


def test_the_editor_writes_fields_in_the_order_make_newpost_does():
    """admin/config.yml lists a bulletin's fields in newpost's order, which
    admin/cms.js writes them in."""
    import yaml

    config = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    bulletins = next(c for c in config["collections"] if c["name"] == "bulletins")
    names = [field["name"] for field in bulletins["fields"]]
    header = newpost.bulletin_text("X", datetime.datetime(2026, 1, 1)).partition("\n\n")[0]
    assert names == [*[line.split(":", 1)[0] for line in header.splitlines()], "body"]
    assert bulletins["folder"] == "content/bulletins"
    assert Path(ROOT / config["media_folder"]).name == "images"


# -- the editor's file format (admin/cms.js), run by node ------------------------------------

ROUND_TRIP = """
const files = JSON.parse(require("fs").readFileSync(0, "utf8"));
let format;
global.window = {
  CMS: {
    registerCustomFormat: (name, extension, formatter) => { format = formatter; },
    getLocale: () => null, registerLocale() {}, registerPreviewStyle() {}, registerPreviewTemplate() {},
  },
  h: () => null,
  createClass: (spec) => spec,
};
global.document = { baseURI: "http://127.0.0.1/admin/" };
require(process.argv[1]);
const order = ["Title", "Date", "Category", "Tags", "Care_groups", "Champions", "Summary", "Status", "body"];
const out = {};
for (const [name, text] of Object.entries(files)) {
  out[name] = format.toFile(JSON.parse(JSON.stringify(format.fromFile(text))), order);
}
out["new"] = format.toFile(
  { Title: "A", Date: "2026-11-23 10:05", Category: "Bulletins", Status: "draft", body: "Text." }, order
);
process.stdout.write(JSON.stringify(out));
"""


def test_the_editors_format_reads_and_writes_every_content_file_unchanged_and_new_ones_as_newpost():
    """admin/cms.js's format, as the editor runs it: every file in content/
    read and written back is the same file, byte for byte (no second
    format, nothing converted); a new bulletin is make newpost's file."""
    node = shutil.which("node")
    assert node, "node is needed for the editor's tests: .ci/install-system-packages installs it"
    files = {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "content").rglob("*.md"))
    }
    done = subprocess.run(
        [node, "-e", ROUND_TRIP, str(ADMIN / "cms.js")],
        input=json.dumps(files),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    written = json.loads(done.stdout)
    assert len(files) > 15
    assert {name: written[name] for name in files} == files
    expected = newpost.bulletin_text("A", datetime.datetime(2026, 11, 23, 10, 5)).replace(check.PLACEHOLDER, "Text.")
    assert written["new"] == expected


# -- a meeting started in the web editor ---------------------------------------------

NEW_MEETING = """
let format;
global.window = {
  CMS: {
    registerCustomFormat: (name, extension, formatter) => { format = formatter; },
    getLocale: () => null, registerLocale() {}, registerPreviewStyle() {}, registerPreviewTemplate() {},
  },
  h: () => null,
  createClass: (spec) => spec,
};
global.document = { baseURI: "http://127.0.0.1/admin/" };
require(process.argv[1]);
const [order, entry] = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(format.toFile(entry, order));
"""


def test_a_meeting_started_in_the_editor_is_make_newevents_file_and_passes_make_check(tmp_path):
    """The editor's Meetings: the fields in make newevent's order, the Uid
    made once by Decap's uuid widget (read only), and the file admin/cms.js
    writes from the form (a Uid as the widget makes one, the UUID alone)
    is one make check takes without a word."""
    import yaml

    node = shutil.which("node")
    assert node, "node is needed for the editor's tests: .ci/install-system-packages installs it"
    config = yaml.safe_load((ADMIN / "config.yml").read_text(encoding="utf-8"))
    events = next(c for c in config["collections"] if c["name"] == "events")
    assert events["folder"] == "content/events"
    fields = {field["name"]: field for field in events["fields"]}
    assert fields["Uid"]["widget"] == "uuid"
    assert fields["Uid"].get("read_only", True) is True
    assert fields["Start"]["format"] == fields["End"]["format"] == "YYYY-MM-DD HH:mm"
    # Decap 3.15 brought the uuid widget; the vendored bundle has it.
    assert "use_b32_encoding" in (ADMIN / "vendor/decap-cms.js").read_text(encoding="utf-8")
    header = newevent.event_text(
        "X", datetime.datetime(2027, 1, 20, 18), datetime.datetime(2027, 1, 20, 20), "Here", "u"
    ).partition("\n\n")[0]
    order = [field["name"] for field in events["fields"]]
    assert order == [*[line.split(":", 1)[0] for line in header.splitlines()], "body"]
    entry = {
        "Title": "Older Adults forum",
        "Start": "2027-01-20 18:00",
        "End": "2027-01-20 20:00",
        "Location": "Barnet House, 2 Bristol Avenue",
        "Care_groups": ["Older Adults"],
        "Summary": "Members meet their champion.",
        "Status": "published",
        "Uid": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "body": "The agenda.",
    }
    written = subprocess.run(
        [node, "-e", NEW_MEETING, str(ADMIN / "cms.js")],
        input=json.dumps([order, entry]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert written.startswith("Title: Older Adults forum\nStart: 2027-01-20 18:00\nEnd: 2027-01-20 20:00\n")
    assert "\nUid: 7c9e6679-7425-40de-944b-e07fc1f90ae7\n" in written
    content = tmp_path / "content"
    write_files(content, {**GROUPS_AND_CHAMPIONS, "events/2027-01-20-older-adults-forum.md": written})
    settings = check.load_settings(ROOT / "pelicanconf.py", content)
    assert [str(p) for p in check.check_site(settings)] == []
