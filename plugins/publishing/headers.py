"""The _headers file for static hosts that read one (Netlify, Cloudflare
Pages). Built from the same settings as the theme's <meta> tags, so the
header and the meta policy cannot drift apart. GitHub Pages ignores the
file; there the <meta> Content-Security-Policy in every page applies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def content_security_policy(settings: Mapping[str, Any]) -> str:
    """The header's policy: the pages' meta policy plus the directives a
    <meta> cannot carry (frame-ancestors)."""
    policy = settings["CONTENT_SECURITY_POLICY"].strip().rstrip(";")
    extra = settings.get("CSP_HEADER_ONLY", "").strip().rstrip(";")
    return f"{policy}; {extra}" if extra else policy


def security_headers(settings: Mapping[str, Any]) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": content_security_policy(settings),
        "Referrer-Policy": settings["REFERRER_POLICY"],
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": settings["PERMISSIONS_POLICY"],
    }
    return {name: value for name, value in headers.items() if value}


def headers_file(settings: Mapping[str, Any]) -> str:
    lines = [
        "# Security headers for every page. Written by the publishing plugin",
        "# from pelicanconf.py; edit CONTENT_SECURITY_POLICY there, not here.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in security_headers(settings).items()]
    return "\n".join(lines) + "\n"
