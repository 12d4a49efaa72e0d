"""The web editor at /admin/ (docs/EDITING.md): Decap CMS, served from the
site itself, written into every build by this plugin from admin/ (the
source folder at the project's root):

- index.html, with the editor's own Content-Security-Policy
  (EDITOR_CONTENT_SECURITY_POLICY, through publishing/headers.py, which
  gives the _headers file the same one for /admin/* only) and `noindex`;
- decap-cms.js, the CMS's bundle, vendored from its npm package into
  admin/vendor/ (admin/vendor.js; version and licence in
  admin/vendor/decap-cms.json): a build never needs node;
- cms.js, ours: Pelican's `Key: value` format and the preview's look;
- config.yml, made from admin/config.yml with the names of the care groups
  and champions this build read (config.py).

Nothing links to it from the reader's pages; it is out of the sitemap
(SITEMAP's exclude) and of the search index (only SEARCH_INDEX_GLOB's
pages are indexed). register() only connects receivers; nothing is kept
between builds.

Settings: EDITOR_SAVE_AS (the folder in the site; "" builds without the
editor), EDITOR_SOURCE (admin/), EDITOR_LOCAL_BACKEND (make edit's
decap-server, in the preview only), EDITOR_CONTENT_SECURITY_POLICY."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import yaml
from pelican import signals
from pelican.generators import Generator

from caregroups.model import plain_text
from publishing.headers import editor_folder, editor_policy

from .config import THIRD_PARTY_NOTICES, EditorConfigError, editor_config, options

DEFAULTS = {
    "EDITOR_SAVE_AS": "admin",
    "EDITOR_SOURCE": "",
    "EDITOR_LOCAL_BACKEND": "",
    "EDITOR_CONTENT_SECURITY_POLICY": "",
}
# What the site's editor folder holds, from admin/ (the bundle from vendor/).
COPIED = {
    "cms.js": "cms.js",
    "decap-cms.js": "vendor/decap-cms.js",
    THIRD_PARTY_NOTICES: f"vendor/{THIRD_PARTY_NOTICES}",
}
CONFIG_NOTE = "# Made by the build (plugins/editor) from admin/config.yml: edit that file, not this one.\n"


def source_folder(settings) -> Path:
    return Path(settings["EDITOR_SOURCE"])


def initialize(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if not editor_folder(settings):
        return
    source = source_folder(settings) if settings["EDITOR_SOURCE"] else None
    missing = [
        name for name in [*COPIED.values(), "index.html", "config.yml"] if not source or not (source / name).is_file()
    ]
    if missing:
        raise EditorConfigError(
            f"the web editor's files are missing from EDITOR_SOURCE ({source}): {', '.join(missing)}; "
            'set EDITOR_SOURCE to the admin/ folder, or EDITOR_SAVE_AS = "" to build without the editor'
        )
    if not settings["EDITOR_CONTENT_SECURITY_POLICY"]:
        raise EditorConfigError(
            "EDITOR_CONTENT_SECURITY_POLICY must be set in pelicanconf.py; the editor's page uses it"
        )


def names(terms) -> list[str]:
    """Names as the build shows them, in the secretary's spelling."""
    return [" ".join(plain_text(term.name).split()) for term in terms]


class EditorGenerator(Generator):
    """Writes the editor's folder once the care-groups plugin has read the
    care groups and champions (generate_output comes after every generator's
    generate_context)."""

    def generate_output(self, writer):
        settings = self.settings
        folder = editor_folder(settings)
        if not folder:
            return
        source, target = source_folder(settings), Path(self.output_path) / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, origin in COPIED.items():
            shutil.copyfile(source / origin, target / name)
        page = jinja2.Template((source / "index.html").read_text(encoding="utf-8"), autoescape=True)
        html = page.render(
            lang=settings.get("DEFAULT_LANG", "en"),
            sitename=plain_text(settings.get("SITENAME", "")),
            policy=editor_policy(settings),
        )
        (target / "index.html").write_text(html, encoding="utf-8")
        champions = self.context.get("champions_all", [])
        lists = {
            "care_groups": options(names(self.context.get("care_groups_all", []))),
            "champions": options(
                names(c for c in champions if not c.is_former), names(c for c in champions if c.is_former)
            ),
        }
        try:
            source_config = yaml.safe_load((source / "config.yml").read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise EditorConfigError(f"admin/config.yml is not valid YAML: {error}") from None
        config = editor_config(
            source_config,
            lists,
            local_backend=settings["EDITOR_LOCAL_BACKEND"],
            site_url=settings.get("SITEURL", ""),
        )
        text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)
        (target / "config.yml").write_text(CONFIG_NOTE + text, encoding="utf-8")


def get_generators(pelican):
    return EditorGenerator


def register():
    signals.initialized.connect(initialize)
    signals.get_generators.connect(get_generators)


__all__ = ["EditorConfigError", "register"]
