"""Signal receivers. register() only connects them (Pelican holds receivers
by weak reference, so they live at module level); nothing here keeps state
between builds, so a devserver rebuild starts clean."""

from __future__ import annotations

from pelican import signals

from .generator import CareGroupsGenerator, leave_out_contacts_in_names, split_metadata
from .model import slash_breaks
from .reveal import obfuscate, reveal_filter
from .routes import tel_href

DEFAULTS = {
    "CAREGROUP_PATHS": ["care-groups"],
    "CHAMPION_PATHS": ["champions"],
    "CAREGROUP_URL": "care-groups/{slug}/",
    "CAREGROUP_SAVE_AS": "care-groups/{slug}/index.html",
    "CAREGROUP_FEED_URL": "feeds/care-groups/{slug}.atom.xml",
    "CAREGROUP_FEED_SAVE_AS": "feeds/care-groups/{slug}.atom.xml",
    "CAREGROUPS_URL": "care-groups/",
    "CAREGROUPS_SAVE_AS": "care-groups/index.html",
    "CHAMPION_URL": "champions/{slug}/",
    "CHAMPION_SAVE_AS": "champions/{slug}/index.html",
    "CHAMPION_FEED_URL": "feeds/champions/{slug}.atom.xml",
    "CHAMPION_FEED_SAVE_AS": "feeds/champions/{slug}.atom.xml",
    "CHAMPIONS_URL": "champions/",
    "CHAMPIONS_SAVE_AS": "champions/index.html",
    "CONTACT_PAGE_SOURCE": "pages/contact.md",
}

REQUIRED_LABELS = ("show_phone", "show_email", "reveal_phone", "reveal_email", "no_js_phone", "no_js_email")


class CareGroupsConfigError(Exception):
    """A setting the plugin cannot work with; raised at start-up so the
    build stops with a clear message instead of a half-built site."""


def initialize(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ("CAREGROUP_PATHS", "CHAMPION_PATHS"):
        value = settings[key]
        if isinstance(value, str) or not all(isinstance(p, str) for p in value):
            raise CareGroupsConfigError(
                f"{key} must be a list of folders inside content/, e.g. {DEFAULTS[key]!r}; it is {value!r}"
            )
        # The term files are read by our generator only: never as pages
        # or bulletins as well.
        for excluded in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
            settings[excluded] = list(dict.fromkeys([*settings.get(excluded, []), *value]))
    labels = settings.get("LABELS")
    missing = [k for k in REQUIRED_LABELS if not labels or k not in labels]
    if missing:
        raise CareGroupsConfigError("LABELS in pelicanconf.py lacks " + ", ".join(missing))
    # Copy, never mutate DEFAULT_CONFIG's dicts and lists.
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        "obfuscate": obfuscate,
        "reveal": reveal_filter,
        "slash_breaks": slash_breaks,
        "tel_href": tel_href,
    }
    paginated = dict(settings.get("PAGINATED_TEMPLATES", {}))
    paginated.setdefault("care_group", None)
    paginated.setdefault("champion", None)
    settings["PAGINATED_TEMPLATES"] = paginated


def get_generators(pelican):
    return CareGroupsGenerator


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_context.connect(split_metadata)
    signals.article_generator_context.connect(leave_out_contacts_in_names)
    signals.page_generator_context.connect(leave_out_contacts_in_names)
    signals.get_generators.connect(get_generators)
