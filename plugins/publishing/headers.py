"""The _headers file for static hosts that read one (Netlify, Cloudflare
Pages). Built from the same settings as the theme's <meta> tags, so the
header and the meta policy cannot drift apart. GitHub Pages ignores the
file; there the <meta> Content-Security-Policy in every page applies, and
what only a header can say (no framing, HSTS) is not sent at all: see
docs/HOSTING.md for what a host in front of GitHub Pages would add."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def content_security_policy(settings: Mapping[str, Any]) -> str:
    """The header's policy: the pages' meta policy plus the directives a
    <meta> cannot carry (frame-ancestors)."""
    policy = settings["CONTENT_SECURITY_POLICY"].strip().rstrip(";")
    extra = settings.get("CSP_HEADER_ONLY", "").strip().rstrip(";")
    return f"{policy}; {extra}" if extra else policy


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


def headers_file(settings: Mapping[str, Any]) -> str:
    lines = [
        FIRST_LINE,
        "# from pelicanconf.py; edit CONTENT_SECURITY_POLICY there, not here.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(settings).items()]
    return "\n".join(lines) + "\n"
