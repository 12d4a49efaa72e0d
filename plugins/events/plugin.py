"""Signal receivers of the events plugin. register() only connects them
(Pelican holds receivers by weak reference, so they live at module level);
nothing here keeps state between builds: the generator is made per build.

- initialized: the settings' defaults (below); the events' folder is read
  by our generator only, never as bulletins or pages.
- get_generators: EventsGenerator (generator.py) reads content/events/,
  writes the meetings' pages and calendars."""

from __future__ import annotations

from pelican import signals
from rulebook.rules.events import ADDRESS_DEFAULTS

from .generator import EventsGenerator

DEFAULTS = {
    "EVENT_PATHS": ["events"],
    # events/2027/02-01-agm.html: the file's date and slug (rulebook/rules/events.py says why).
    **ADDRESS_DEFAULTS,
    "EVENTS_URL": "events/",
    "EVENTS_SAVE_AS": "events/index.html",
    "EVENTS_CALENDAR_SAVE_AS": "events/meetings.ics",
    "CAREGROUP_CALENDAR_SAVE_AS": "care-groups/{slug}/meetings.ics",
    "EVENTS_ON_HOME": 3,
}


class EventsConfigError(Exception):
    """A setting the plugin cannot work with, said at start-up."""


def initialize(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    paths = settings["EVENT_PATHS"]
    if isinstance(paths, str) or not all(isinstance(p, str) for p in paths):
        raise EventsConfigError(
            f"EVENT_PATHS must be a list of folders inside content/, e.g. ['events']; it is {paths!r}"
        )
    if not isinstance(settings["EVENTS_ON_HOME"], int) or settings["EVENTS_ON_HOME"] < 0:
        raise EventsConfigError(
            f"EVENTS_ON_HOME must be a whole number (0: none); it is {settings['EVENTS_ON_HOME']!r}"
        )
    for excluded in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        settings[excluded] = list(dict.fromkeys([*settings.get(excluded, []), *paths]))


def get_generators(pelican):
    return EventsGenerator


def register():
    signals.initialized.connect(initialize)
    signals.get_generators.connect(get_generators)
