"""The _headers file for static hosts that read one (Netlify, Cloudflare
Pages). Built from the same settings as the theme's <meta> tags, so the
header and the meta policy cannot drift apart. GitHub Pages ignores the
file; there the <meta> Content-Security-Policy in every page applies, and
what only a header can say (no framing, HSTS) is not sent at all: see
docs/HOSTING.md for what a host in front of GitHub Pages would add."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit


def content_security_policy(settings: Mapping[str, Any], policy: str | None = None) -> str:
    """The header's policy: the pages' meta policy (or `policy`) plus the
    directives a <meta> cannot carry (frame-ancestors)."""
    policy = (policy or settings["CONTENT_SECURITY_POLICY"]).strip().rstrip(";")
    extra = settings.get("CSP_HEADER_ONLY", "").strip().rstrip(";")
    return f"{policy}; {extra}" if extra else policy


def editor_policy(settings: Mapping[str, Any]) -> str:
    """The web editor's policy (EDITOR_CONTENT_SECURITY_POLICY, for /admin/
    only: plugins/editor), with the local backend's address added to
    connect-src where the settings give one (the preview's make edit)."""
    policy = settings.get("EDITOR_CONTENT_SECURITY_POLICY", "").strip().rstrip(";")
    backend = settings.get("EDITOR_LOCAL_BACKEND") or ""
    if not policy or not backend:
        return policy
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(backend))
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    if not any(part.split()[0] == "connect-src" for part in directives):
        directives.append("connect-src 'self'")
    return "; ".join(f"{part} {origin}" if part.split()[0] == "connect-src" else part for part in directives)


def editor_folder(settings: Mapping[str, Any]) -> str:
    """Where in the site the web editor is ("admin"), or "" for none."""
    return str(settings.get("EDITOR_SAVE_AS") or "").strip("/")


# The first line of every _headers file this plugin writes: the build
# (secretary/build.py) takes a folder holding it for a site it built.
FIRST_LINE = "# Security headers for every page. Written by the publishing plugin"


def security_headers(settings: Mapping[str, Any]) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "Referrer-Policy": settings["REFERRER_POLICY"],
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": settings["PERMISSIONS_POLICY"],
        # Browsers take it only over HTTPS, which every host we name serves.
        "Strict-Transport-Security": settings.get("STRICT_TRANSPORT_SECURITY", ""),
    }
    return {name: value for name, value in headers.items() if value}


# The type of a calendar (RFC 5545): a browser offers it to the calendar
# program instead of showing it as text. GitHub Pages sends it by itself
# (docs/HOSTING.md); Netlify and Cloudflare Pages are told here.
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def headers_file(settings: Mapping[str, Any], calendars: Iterable[str] = ()) -> str:
    """The _headers file; `calendars`: the site's .ics files (paths inside
    the site), each given its type (CALENDAR_TYPE)."""
    lines = [
        FIRST_LINE,
        "# from pelicanconf.py; edit CONTENT_SECURITY_POLICY there, not here.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(settings).items()]
    folder, policy = editor_folder(settings), editor_policy(settings)
    if folder and policy:
        # The web editor (plugins/editor) needs more than the site allows
        # ('unsafe-eval', inline styles, GitHub's API): its own policy, for its
        # folder only. "! Content-Security-Policy" takes the site's off these
        # paths on Cloudflare Pages (two policies would both apply); Netlify
        # skips that line, and serves this block's value (docs/HOSTING.md).
        lines += [
            f"/{folder}/*",
            "  ! Content-Security-Policy",
            f"  Content-Security-Policy: {content_security_policy(settings, policy)}",
            "  X-Robots-Tag: noindex",
        ]
    for path in sorted(calendars):
        lines += [f"/{path}", f"  Content-Type: {CALENDAR_TYPE}"]
    return "\n".join(lines) + "\n"
