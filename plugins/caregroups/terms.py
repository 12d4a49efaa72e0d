"""Care groups and champions as Pelican URL wrappers.

Like pelican.urlwrappers.Category, each reads its URL and save-as settings
from its class name: CAREGROUP_URL / CAREGROUP_SAVE_AS and CHAMPION_URL /
CHAMPION_SAVE_AS, so the settings look like Pelican's own."""

from __future__ import annotations

from pelican.urlwrappers import URLWrapper

from .model import plain_text
from .rules import is_former


class _Term(URLWrapper):
    """A term defined by a file of its own, with the bulletins naming it."""

    def __init__(self, name, settings, *, slug, source_path, summary="", content=""):
        super().__init__(name, settings)
        self.slug = slug
        self.source_path = source_path
        self.summary = summary
        self.content = content
        self.articles = []

    @property
    def plain_name(self):
        """The name as plain text: for attributes, filters and feeds."""
        return plain_text(self.name)

    @property
    def latest(self):
        return self.articles[0] if self.articles else None

    @property
    def feed_url(self):
        return self._from_settings("FEED_URL")

    @property
    def feed_save_as(self):
        return self._from_settings("FEED_SAVE_AS")


class CareGroup(_Term):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.champions = []

    @property
    def current_champions(self):
        return [c for c in self.champions if not c.is_former]

    @property
    def former_champions(self):
        return [c for c in self.champions if c.is_former]


class Champion(_Term):
    """`today` is the build's date (BUILD_TIME in the site's TIMEZONE)."""

    def __init__(self, *args, today, role="", since=None, until=None, email="", phone="", phone_public=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.since = since
        self.until = until
        self.email = email
        self.phone = phone
        self.phone_public = phone_public
        self.care_groups = []
        self._today = today

    @property
    def is_former(self):
        return is_former(self.until, self._today)

    @property
    def public_phone(self):
        """The number to print as text (`Phone_public: yes`), else ""."""
        return self.phone if self.phone_public else ""

    @property
    def hidden_routes(self):
        """Whether the champion's own routes need the reveal control (an
        e-mail address, a number not marked public)."""
        return bool(self.email or (self.phone and not self.phone_public))
