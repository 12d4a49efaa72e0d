"""Settings for the published site: `make publish` and CI use this file."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

# The address the site is served from. CI sets SITEURL; this default is the
# branch's GitHub Pages address and is only a placeholder until the branch
# chooses its own domain.
SITEURL = os.environ.get("SITEURL", "https://barnet-unison.github.io/branch-blog").rstrip("/")
RELATIVE_URLS = False

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"

# Published builds never reuse a cache from a preview run.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False

# Scheduled and draft bulletins never reach the live site. A bulletin dated
# in the future is a draft until that day (the daily scheduled build then
# publishes it); drafts are not written at all, and link nowhere.
WITH_FUTURE_DATES = False
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
