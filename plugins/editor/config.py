"""The web editor's configuration, made at each build: plain functions over
plain data (no Pelican here), tested on their own.

admin/config.yml is the source (Decap CMS's own settings, edited by hand);
the build adds what only the content knows: the names of the care groups
and champions, as the options of every field marked `options_from`, so the
editor offers the names the build knows and a misspelling cannot be
written. Only the names the build accepted are offered: a file the
care-groups plugin leaves out (a clash, a contact detail in its name)
gives none."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

# The licence notices of the libraries the CMS's bundle holds, served beside
# it (its first line points to them): third parties' names and addresses,
# published by them, which the privacy gate leaves alone in the editor's
# folder only (a content file can write nothing there).
THIRD_PARTY_NOTICES = "decap-cms.js.LICENSE.txt"

# The marker in admin/config.yml, and the lists it may name.
OPTIONS_FROM = "options_from"
FORMER = "former champion"


class EditorConfigError(Exception):
    """admin/config.yml cannot be used; the message says what to change."""


def options(current: Iterable[str], former: Iterable[str] = ()) -> list[dict[str, str]]:
    """A select widget's options: each name as written in its file (the
    value the bulletin's line gets), the former ones last and marked."""
    found = [{"label": name, "value": name} for name in current]
    found += [{"label": f"{name} ({FORMER})", "value": name} for name in former]
    return found


def fields_of(config: Mapping[str, Any]) -> Iterable[dict]:
    """Every field of every collection, those inside a list or object field too."""

    def walk(fields):
        for field in fields or []:
            yield field
            yield from walk(field.get("fields"))
            if isinstance(field.get("field"), dict):
                yield from walk([field["field"]])

    for collection in config.get("collections") or []:
        yield from walk(collection.get("fields"))
        for file in collection.get("files") or []:
            yield from walk(file.get("fields"))


def editor_config(
    source: Mapping[str, Any],
    lists: Mapping[str, list[dict[str, str]]],
    *,
    local_backend: str = "",
    site_url: str = "",
) -> dict[str, Any]:
    """The configuration the editor loads: `source` (admin/config.yml) with
    each `options_from: NAME` field given the options `lists[NAME]`, the
    local backend (the preview's make edit) and the site's address."""
    if not isinstance(source, Mapping) or not isinstance(source.get("collections"), list):
        raise EditorConfigError("admin/config.yml must hold `collections:`, a list; see docs/EDITING.md")
    config = copy.deepcopy(dict(source))
    for field in fields_of(config):
        name = field.pop(OPTIONS_FROM, None)
        if name is None:
            continue
        if name not in lists:
            raise EditorConfigError(
                f"admin/config.yml: the field {field.get('name')!r} has `{OPTIONS_FROM}: {name}`; "
                f"use one of {', '.join(sorted(lists))}"
            )
        # Decap's select widget needs at least one option: a site with no
        # care group yet offers none, and the field is left empty.
        # A copy each: one list shared by two fields would be written as a
        # YAML alias, which is harder to read.
        field["options"] = copy.deepcopy(lists[name]) or [{"label": "(none yet)", "value": ""}]
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    else:
        config.pop("local_backend", None)
    if site_url.startswith(("https://", "http://")):
        config.setdefault("site_url", site_url)
        config.setdefault("display_url", site_url)
    return config
