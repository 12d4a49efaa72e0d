"""The web editor in the built site (plugins/editor): at /admin/, with its
own policy and noindex, its lists made from the care groups and champions
the build read, the local backend in the preview only; out of the sitemap,
the search index and every reader's page; and no build needs node."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml
from pelican.settings import read_settings
from sitekit import GROUPS_AND_CHAMPIONS, ROOT, parse, published_texts, text_of, write_files

from publishing.headers import editor_policy

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def editor_config(site):
    text = (site / "admin/config.yml").read_text(encoding="utf-8")
    assert text.startswith("# Made by the build (plugins/editor) from admin/config.yml")
    return yaml.safe_load(text)


def field(config, collection, name):
    fields = next(c for c in config["collections"] if c["name"] == collection)["fields"]
    return next(f for f in fields if f["name"] == name)


def values(options):
    return [option["value"] for option in options]


def test_the_preview_has_the_editor_with_the_sites_names_and_its_local_backend(real_site):
    page = parse(real_site / "admin/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert policy == editor_policy(read_settings(str(ROOT / "pelicanconf.py")))
    assert [s["src"] for s in page.find_all("script")] == ["decap-cms.js", "cms.js"]
    assert (real_site / "admin/decap-cms.js").read_bytes() == (ROOT / "admin/vendor/decap-cms.js").read_bytes()
    assert (real_site / "admin/cms.js").read_bytes() == (ROOT / "admin/cms.js").read_bytes()

    config = editor_config(real_site)
    assert config["local_backend"]["url"].startswith("http://127.0.0.1:")
    # The names the site's own care-group and champion pages show.
    groups = [text_of(a) for a in parse(real_site / "care-groups/index.html").select("main h2 a")]
    assert sorted(groups) == sorted(values(field(config, "bulletins", "Care_groups")["options"]))
    assert values(field(config, "champions", "Care_groups")["options"]) == values(
        field(config, "bulletins", "Care_groups")["options"]
    )
    champions = values(field(config, "bulletins", "Champions")["options"])
    assert "Helen Davies" in champions
    assert len(champions) == len(list((ROOT / "content/champions").glob("*.md")))
    assert "options_from" not in (real_site / "admin/config.yml").read_text(encoding="utf-8")


def test_the_published_editor_signs_in_to_github_and_is_found_by_no_reader(published_site):
    config = editor_config(published_site)
    assert "local_backend" not in config
    assert config["backend"]["name"] == "github"
    assert config["site_url"] == "https://branch.example.org/blog"
    headers = (published_site / "_headers").read_text(encoding="utf-8")
    assert "\n/admin/*\n  ! Content-Security-Policy\n" in headers
    assert "127.0.0.1" not in headers + (published_site / "admin/index.html").read_text(encoding="utf-8")

    locations = [loc.text for loc in ET.parse(published_site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert locations
    assert not [loc for loc in locations if "/admin" in loc]
    texts = published_texts(published_site)
    index = {path: text for path, text in texts.items() if path.startswith("pagefind/")}
    assert index
    assert not [path for path, text in index.items() if "admin/" in text or "Editor ·" in text]
    linking = [
        path
        for path, text in texts.items()
        if path.endswith(".html") and not path.startswith("admin/") and "admin/" in text
    ]
    assert linking == []


def test_names_the_build_refuses_are_not_offered_and_odd_ones_are_kept_as_written(tiny_site):
    """Two care-group files with one name: the build keeps the first and
    names the second, and the editor offers the name once. A name with
    YAML's own characters is written so that it reads back as it is."""
    odd = "Reps: \"North\" & 'South' # 2"
    site = tiny_site(
        {
            "care-groups/older-adults-again.md": "Title: Older Adults\n\nThe same name again.\n",
            "care-groups/north-south.md": f"Title: {odd}\n\nReps.\n",
        }
    )
    options = values(field(editor_config(site), "bulletins", "Care_groups")["options"])
    assert options.count("Older Adults") == 1
    assert odd in options
    assert sorted(options) == sorted(["Back office", "Mental Health", "Older Adults", odd])


def test_no_build_needs_node(tmp_path):
    """make publish runs secretary/build.py (as make html does, with the
    preview's settings): with no program on the PATH at all (no node, no
    npm), it writes the editor."""
    content = tmp_path / "content"
    write_files(content, GROUPS_AND_CHAMPIONS)
    env = {
        **os.environ,
        "PATH": str(tmp_path / "no-programs"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "plugins")]),
        "SITEURL": "https://branch.example.org",
    }
    assert shutil.which("node", path=env["PATH"]) is None
    for settings, output in (("publishconf.py", "publish"),):
        command = [sys.executable, "-m", "secretary", "build", "--settings", str(ROOT / settings)]
        command += ["--content", str(content), "--output", str(tmp_path / output), "--no-search"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (tmp_path / output / "admin/decap-cms.js").is_file()
        assert "Care_groups" in (tmp_path / output / "admin/config.yml").read_text(encoding="utf-8")
