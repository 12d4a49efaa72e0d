"""Settings for the published site: `make publish` and CI use this file.

Everything in pelicanconf.py applies; this adds what only the live site
needs. See "Publishing" in README.md."""

import os
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: F403

# The address the site is served from, without a trailing slash. Set the
# SITEURL environment variable (CI sets it from the GitHub Pages address);
# this default is the branch's GitHub Pages address until the branch
# chooses its own domain.
DEFAULT_SITEURL = "https://barnet-unison.github.io/branch-blog"
SITEURL = (os.environ.get("SITEURL") or DEFAULT_SITEURL).rstrip("/")
RELATIVE_URLS = False

# Feeds for every reader's newsreader; the care-group and champion feeds
# come from our plugin. Every entry carries the whole bulletin (Atom's
# <content>, with the summary beside it), which feed-to-email services
# (Buttondown, Mailchimp's RSS campaigns) send as the e-mail: never the
# summary alone, in any feed (docs/WRITING.md, "Send it to every member").
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
RSS_FEED_SUMMARY_ONLY = False

# Strict: any warning (a misspelt care group, a broken {filename} link)
# stops the build, however it is started (make publish, CI, secretary.build).
STRICT_BUILD = True

# Published builds never reuse a cache from a preview run, nor any page
# of an earlier build: every page is rendered.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
FAST_BUILD = {**FAST_BUILD, "reuse_output": False}  # noqa: F405
SEARCH_REUSE_BUNDLES = False

# Scheduled and draft bulletins never reach the live site. A bulletin dated
# in the future is a draft until a build at or after its date (CI builds
# hourly through the day); the build's time is SOURCE_DATE_EPOCH, so a rebuild of one
# commit gives the same site. Drafts are not written at all, and link nowhere.
WITH_FUTURE_DATES = False
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DRAFT_EVENT_URL = ""
DRAFT_EVENT_SAVE_AS = ""

# The live site's editor signs in to GitHub (docs/EDITING.md); the local
# backend of make edit is for the preview only.
EDITOR_LOCAL_BACKEND = ""
