"""Pelican settings for the branch blog (development and preview).

`publishconf.py` imports everything here and adds what only the published
site needs (absolute URLs, feeds, strict checks).
"""

import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent

AUTHOR = "Barnet UNISON"
SITENAME = "Barnet UNISON Adult Social Services"
SITESUBTITLE = "News for UNISON members working in adult social services"
SITEURL = ""
RELATIVE_URLS = True

PATH = str(PROJECT_ROOT / "content")
THEME = str(PROJECT_ROOT / "theme")
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# English month names whatever the machine's own locale, so every machine
# builds the same bytes.
LOCALE = ("C.UTF-8", "C")
DEFAULT_PAGINATION = 10
# A care group or champion concerns hundreds of bulletins over the years:
# their lists show 25 a page, so members page through fewer pages (and the
# build renders fewer). Pelican's own lists keep DEFAULT_PAGINATION.
PAGINATED_TEMPLATES = {"index": None, "tag": None, "author": None, "care_group": 25, "champion": 25}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{name}{number}{extension}", "{name}{number}{extension}"),
)

# Where the secretary's files live. Care-group and champion files are read by
# our plugin only, so they are neither articles nor pages.
ARTICLE_PATHS = ["bulletins"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Meetings (content/events/YYYY-MM-DD-slug.md) are read by the events plugin
# only: their pages are events/YYYY/MM-DD-slug.html, with a calendar beside each
# (MM-DD-slug.ics), events/meetings.ics for all and care-groups/<slug>/meetings.ics
# for each care group (plugins/events/plugin.py has every address setting).
EVENT_PATHS = ["events"]
# The next meetings the home page shows.
EVENTS_ON_HOME = 3
# What `make newevent` writes after the "@" of a meeting's Uid: fixed, so
# that a Uid never depends on where the site is hosted (it must never change).
EVENT_UID_DOMAIN = "barnet-unison.github.io"
# Only Markdown is read, through our safe reader (plugins/safecontent):
# Pelican's HTML and reStructuredText readers would publish a file's markup
# and fields as written. `make check` and the build name such a file.
READERS = {"html": None, "htm": None, "rst": None}
# A bulletin file is named YYYY-MM-DD-slug.md; the slug comes from the name
# so that titles can change without breaking saved links.
FILENAME_METADATA = r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.*)"

# Keep the old Blogger permalinks: 2008/04/individualised-budgets-in-barnet.html
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
# Drafts (`Status: draft`) and scheduled bulletins (dated in the future) are
# written to drafts/ in the preview only, marked as such and listed on the
# preview's home page; publishconf.py writes none of them.
WITH_FUTURE_DATES = False
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = DRAFT_URL
# The pages the search index is built from (plugins/search): bulletins,
# drafts (preview) and pages, as saved above, and the first page of each
# care group's and champion's (CAREGROUP_SAVE_AS, CHAMPION_SAVE_AS in
# plugins/caregroups), so that a member who types a champion's name finds
# her page; only they carry data-pagefind-body. Pagefind then skips the
# thousands of list pages. Keep it in step with the *_SAVE_AS settings (a
# test checks every indexable page matches).
SEARCH_INDEX_GLOB = [
    "[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.html",
    "pages/*.html",
    "drafts/*.html",
    "care-groups/*/index.html",
    "champions/*/index.html",
    # Each meeting's page (EVENT_SAVE_AS: events/2027/02-01-agm.html) and a draft's (preview).
    "events/[0-9][0-9][0-9][0-9]/*.html",
    "drafts/events/*/*.html",
]
# Pagefind holds what it indexes in memory, so the index is made in bundles
# of whole years of at most this many pages, merged when a reader searches
# (plugins/search/bundles.py). 0: one bundle, however large.
SEARCH_BUNDLE_PAGES = 500
# Preview only (publishconf.py turns it off): a bundle whose pages are
# unchanged is carried over from the last good site, so an edit re-indexes
# one bundle.
SEARCH_REUSE_BUNDLES = True
# The two pages that need an address of their own. Content files cannot
# choose an address (plugins/rulebook/rules/fields.py): the settings do.
EXTRA_PATH_METADATA = {
    "pages/404.md": {"save_as": "404.html", "url": "404.html"},
    "pages/search.md": {"save_as": "search.html", "url": "search.html"},
}
PAGE_URL = "pages/{slug}.html"
PAGE_SAVE_AS = PAGE_URL
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives.html"
# Every bulletin is in the one category "Bulletins" (care groups are how
# members find their news), so a category page would repeat the home page:
# none is written, nor a list of categories or of authors. Each bulletin
# links its author's page ("by John Burgess"); the Archives and the footer
# link the list of tags.
CATEGORY_URL = ""
CATEGORY_SAVE_AS = ""
# A bulletin without a Category line is in "Bulletins" too. Pelican gives
# DEFAULT_CATEGORY only while CATEGORY_SAVE_AS is set, and without any
# category its preview of a draft stops (Pelican 4.12's generate_drafts).
DEFAULT_CATEGORY = "Bulletins"
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
TAG_URL = "tag/{slug}.html"
TAG_SAVE_AS = TAG_URL
TAGS_URL = "tags.html"
TAGS_SAVE_AS = TAGS_URL
AUTHOR_URL = "author/{slug}.html"
AUTHOR_SAVE_AS = AUTHOR_URL
# Our theme renders every list page itself.
DIRECT_TEMPLATES = ["index", "archives", "tags", "robots"]
ROBOTS_SAVE_AS = "robots.txt"
# sitemap.xml (pelican-sitemap): every page a search engine should know,
# each dated by what it shows (plugins/publishing/sitemap.py). Each pattern
# is a regular expression searched in a page's address: anchored, so that a
# bulletin called "research" (2026/11/research.html) is not left out as
# search.html is.
SITEMAP = {
    "format": "xml",
    # The web editor (plugins/editor) is for the secretary, not for readers.
    "exclude": [r"^404\.html$", r"^search\.html$", r"^drafts/", r"^robots\.txt$", r"^admin/"],
}

# Typography: curly quotes, proper dashes and ellipses. Not typogrify's
# "widont" (a no-break space before the last word of every title and
# paragraph): it reached page titles, og:title and feed titles as a hidden
# U+00A0, and on a phone it glues long last words together.
TYPOGRIFY = True
TYPOGRIFY_OMIT_FILTERS = ["widont"]

# Speed-ups with byte-identical output (plugins/fastbuild; what each earns
# is in docs/PERFORMANCE.md). Set one to False to build without it, or take
# "fastbuild" out of PLUGINS: the site is the same, byte for byte.
FAST_BUILD = {
    "reuse_markdown": True,
    "typogrify_in_reader": True,
    "parallel_read": True,  # True: one process per core; or a number
    "remember_urls": True,
    "reuse_output": True,  # preview only: publishconf.py renders every page
    "parallel_write": True,  # True: one process per core; or a number
    "rules_beside": True,  # the rulebook's rules in another process while the pages are written
}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Development builds stay quiet and offline: feeds only where the plugin and
# publish settings ask for them, never a reference to another origin.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Each feed carries its newest 20 bulletins in full (Pelican's default is
# 100): a member's feed reader fetches it on every check, often over a phone,
# and keeps the older entries itself.
FEED_MAX_ITEMS = 20

# Branch contact details: left for the branch to fill in. Empty values are
# simply not shown; nothing here is invented. The address and the phone
# number are printed as text (readable without JavaScript and on paper);
# the e-mail address is shown by a button, away from address harvesters.
# `make publish` names the details still missing (plugins/caregroups/routes.py).
BRANCH_NAME = "Barnet UNISON"
BRANCH_CONTACT = {
    "address": "",
    "phone": "",
    "email": "",
}
# Until BRANCH_CONTACT is filled in, the Contact page and every champion
# without details of their own lead to the convenor the bulletins name: the
# title of their champion file (content/champions/).
BRANCH_CONVENOR = "Maggi Myland"
# UNISON's national helpline for members: on the Contact page, and given
# wherever the branch has no route a reader can use without JavaScript.
# Its number is printed as text on every page that gives it.
UNISON_HELPLINE = {
    "name": "UNISONdirect",
    "role": "UNISON's national helpline for members",
    "phone": "0800 0 857 857",
}
JOIN_URL = "https://join.unison.org.uk/"
UNISON_URL = "https://www.unison.org.uk/"

MENUITEMS_BEFORE = [("Home", "")]

# The content cache makes the preview loop fast; the output tree is built
# afresh each time by our build script, so no stale pages survive.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True


def code_version() -> str:
    """A short digest of the code that reads content (our plugins and the
    pinned packages). Pelican's cache keeps what its reader made of each
    unchanged file, so a cache made by other code must not be used: its
    rules would be out of date, and objects pickled by a since-removed
    module would stop the build. Each version of the code gets its own."""
    digest = hashlib.sha256()
    for path in [*sorted((PROJECT_ROOT / "plugins").rglob("*.py")), PROJECT_ROOT / "requirements.txt"]:
        if path.is_file():
            digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


CACHE_PATH = str(PROJECT_ROOT / "cache" / code_version())
DELETE_OUTPUT_DIRECTORY = False

PLUGIN_PATHS = [str(PROJECT_ROOT / "plugins")]
# Pelican loads each plugin from PLUGIN_PATHS without putting that folder
# on sys.path, so a plugin that imports another (caregroups imports compat,
# rulebook and publishing; fastbuild imports compat and safecontent) comes after it.
PLUGINS = [
    "compat",
    # The rules every content file must keep (plugins/rulebook/book.py);
    # other plugins import its Problem, so it comes first.
    "rulebook",
    "safecontent",
    "fastbuild",
    "publishing",
    "caregroups",
    # Meetings and the AGM (content/events/): their pages and calendars;
    # after caregroups, whose care groups and champions they name.
    "events",
    # The web editor at /admin/ (admin/, docs/EDITING.md); after caregroups,
    # whose care groups and champions its lists are made from.
    "editor",
    # Pages at the old blog's addresses that send readers on (Old_addresses:
    # fields the import writes); after rulebook, whose checks of them it uses.
    "redirects",
    "pelican.plugins.neighbors",
    "pelican.plugins.series",
    "pelican.plugins.sitemap",
    # Pagefind's search index of the finished site, on every build.
    "search",
]

# Where the theme links to. URLs are relative to SITEURL.
SEARCH_URL = "search.html"
CONTACT_URL = "pages/contact.html"
NAV_ITEMS = [
    # (label, url, the file it is saved as: marks the current page)
    ("Home", "", "index.html"),
    ("Care groups", "care-groups/", "care-groups/index.html"),
    ("Champions", "champions/", "champions/index.html"),
    ("Meetings", "events/", "events/index.html"),
    ("Archives", "archives.html", "archives.html"),
    ("Search", SEARCH_URL, "search.html"),
    ("About", "pages/about.html", "pages/about.html"),
    ("Join", "pages/join.html", "pages/join.html"),
]
FOOTER_LINKS = [
    ("About the branch", "pages/about.html"),
    ("Contact", CONTACT_URL),
    ("Accessibility", "pages/accessibility.html"),
    ("Privacy", "pages/privacy.html"),
    ("Tags", TAGS_URL),
]

# Every word the theme shows, in one place.
LABELS = {
    "main_nav": "Main",
    "footer_nav": "Site information",
    "home": "Home",
    "latest": "Latest bulletins",
    "archives": "Archives",
    "archives_intro": "Every bulletin, newest first, by year and month.",
    "all_archives": "All bulletins by year and month",
    "all_tags": "All tags",
    "bulletins": "Bulletins",
    "bulletins_from": "Bulletins from",
    "bulletins_by": "Bulletins by",
    "bulletins_about": "Bulletins about",
    "bulletins_naming": "Bulletins naming",
    "no_bulletins": "No bulletins yet.",
    "by": "by",
    "tag": "Tag",
    "tags": "Tags",
    "care_groups": "Care groups",
    "care_groups_intro": (
        "Follow the news for your part of adult social services. Each care group has a union champion you can contact."
    ),
    "champions": "Champions",
    "champions_intro": "Each care group has a UNISON champion: a rep who knows the service and can help you.",
    "champion_s": "Champion",
    "former_champion": "Former champion",
    "former_champions": "Former champions",
    "no_champion": "No champion at the moment; please contact the branch.",
    "latest_bulletin": "Latest bulletin",
    "role": "Role",
    "since": "Champion since",
    "until": "until",
    "all_of_service": "All of adult social services",
    "how_to_reach": "How to reach",
    "profile_of": "Profile of",
    "via_branch": "Through the branch office",
    "convenor_note": "Until the branch office's details are published here, the branch's convenor answers:",
    "national": "UNISON nationally",
    "unison_website": "UNISON's website",
    "contact": "Contact the branch",
    "contact_your_champion": "Contact your champion",
    "show_phone": "Show phone number for",
    "show_email": "Show e-mail address for",
    "reveal_phone": "Show number",
    "reveal_email": "Show e-mail",
    "no_js_phone": "Phone number through the branch office",
    "no_js_email": "E-mail through the branch office",
    "phone": "Phone",
    "email": "E-mail",
    "address": "Address",
    "branch_office": "Branch office",
    "unison_national": "UNISON's national website",
    "feed_all": "Feed of all bulletins",
    "feed_for": "Feed of bulletins about",
    "join": "Join UNISON",
    "join_url": "pages/join.html",
    "join_pitch": "and have a say in how adult social services change.",
    "footer_about": "for UNISON members in adult social services.",
    "pagination": "Pages of bulletins",
    "page": "Page",
    "of": "of",
    "newer": "Newer bulletins",
    "older": "Older bulletins",
    "more_bulletins": "More bulletins",
    "newer_bulletin": "Newer bulletin",
    "older_bulletin": "Older bulletin",
    "part": "Part",
    "in_series": "of the series",
    "online_at": "Read online at",
    # Meetings (plugins/events)
    "meetings": "Meetings",
    "meetings_intro": "Branch meetings, the AGM and care-group meetings. Add them to your calendar.",
    "coming_meetings": "Coming meetings",
    "past_meetings": "Past meetings",
    "no_coming_meetings": "No meetings are planned at the moment.",
    "next_meetings": "Next meetings",
    "all_meetings": "All meetings",
    "when": "When",
    "where": "Where",
    "online": "Online",
    "join_online": "Join the meeting online",
    "join_ask": "Ask the branch for the link to join",
    "past": "past",
    "care_groups_of_meeting": "For",
    "cancelled": "Cancelled",
    "cancelled_note": "This meeting will not take place.",
    "sessions": "Sessions of this meeting",
    "this_session": "this session",
    "session_note": "Come to whichever session suits you: each has the same agenda.",
    "add_to_calendar": "Add to calendar",
    "subscribe": "Subscribe to these meetings in your calendar",
    "subscribe_webcal": "in your calendar app",
    "subscribe_https": "calendar address (for Google Calendar or Outlook: add it as a calendar from the web)",
    "meetings_of": "Meetings of",
    "draft_meetings": "Draft meetings",
    "draft": "Draft:",
    "draft_note": "only you can see this in the preview; it will not be published until its Status line is removed.",
    "scheduled": "Scheduled:",
    "scheduled_note": "only you can see this in the preview; it appears on the live site on",
    "drafts": "Drafts and scheduled bulletins",
    "drafts_note": "Only in this preview: the live site does not show these.",
    "search": "Search",
    "search_label": "Search for",
    "search_filter": "Care group",
    "all_care_groups": "All care groups",
    "searching": "Searching…",
    # The search page's status line: "3 results for “pay” in Older Adults."
    "one_result": "1 result",
    "results": "results",
    "no_results": "No results",
    "results_for": "for",
    "results_in": "in",
    "more_results": "More results",
    "search_unavailable": "Search is not available just now. Every bulletin is listed in the archives.",
    "search_needs_js": (
        "Searching needs JavaScript, which is turned off or not available in your browser. "
        "You can still find every bulletin in the"
    ),
    "find_it": "Find what you were looking for",
}

# No inline scripts or styles anywhere: the theme loads everything from
# this site. Pagefind's search runs WebAssembly, hence 'wasm-unsafe-eval'.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# The publishing plugin writes these, with the policy above, into the
# _headers file that Netlify and Cloudflare Pages read; a header can also
# forbid framing, which a <meta> policy cannot.
CSP_HEADER_ONLY = "frame-ancestors 'none'"
REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# A year of HTTPS only, for this host alone: no includeSubDomains (the
# branch's domain may have other hosts that are not ours to force onto
# HTTPS) and no preload (a list that is slow to leave). docs/HOSTING.md.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"
HEADERS_SAVE_AS = "_headers"

# The web editor at /admin/ (plugins/editor, docs/EDITING.md): Decap CMS,
# from admin/ (its bundle vendored there: building never needs node). Not
# linked from any page, noindex, out of the sitemap and the search index.
# "" builds the site without it.
EDITOR_SAVE_AS = "admin"
EDITOR_SOURCE = str(PROJECT_ROOT / "admin")
# In the preview, the editor saves through make edit's local backend
# (admin/local-backend.js) into content/ on this computer; publishconf.py
# leaves it out, and the live site's editor signs in to GitHub instead.
EDITOR_LOCAL_BACKEND = f"http://127.0.0.1:{os.environ.get('EDITOR_PORT') or 8081}/api/v1"
# The editor's own policy, for /admin/ only (its page's <meta>, and its own
# block in _headers): Decap CMS compiles its settings' schema with
# new Function() (ajv), hence 'unsafe-eval', and styles itself with <style>
# elements (emotion), hence 'unsafe-inline' for styles; it reads and writes
# the repository through GitHub's API, and shows pictures being uploaded
# as blob: and data: addresses (and reads them back with fetch()). make edit's local backend is added to
# connect-src in the preview (publishing/headers.py, editor_policy).
EDITOR_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https://avatars.githubusercontent.com; font-src 'self' data:; "
    "connect-src 'self' blob: https://api.github.com; object-src 'none'; base-uri 'self'; form-action 'self'"
)
