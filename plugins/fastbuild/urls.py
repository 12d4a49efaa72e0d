"""Articles and pages that work out their URLs once.

Pelican recomputes `url` and `save_as` from the URL settings on every use
(formatting the date with its own strftime each time); a page of ten
summaries asks for each article's URL several times, and every list page
does it again. Each content object's class is swapped, when it is created,
for a subclass that remembers get_url_setting's answers. The status is part
of the key: a scheduled bulletin turned into a draft afterwards gets its
draft URL."""

from __future__ import annotations

from functools import cache


@cache
def remembering(cls):
    """The subclass of a content class that remembers its URL settings.
    Cached per class: a type, not state about any build."""

    def get_url_setting(self, key):
        memo = self.__dict__.setdefault("_url_settings", {})
        memo_key = (key, getattr(self, "status", None), getattr(self, "slug", None))
        if memo_key not in memo:
            memo[memo_key] = cls.get_url_setting(self, key)
        return memo[memo_key]

    return type(cls.__name__, (cls,), {"get_url_setting": get_url_setting, "__module__": cls.__module__})


def remember_urls(content):
    content.__class__ = remembering(type(content))
