"""The theme's colours, read from its style sheet: a browser will not tell a
page (nor a test) the colour of a visited link, so visited and unvisited
links are compared here, in light and dark mode."""

from __future__ import annotations

import re

import pytest
from sitekit import ROOT

CSS = (ROOT / "theme/static/css/site.css").read_text(encoding="utf-8")
VARIABLE = re.compile(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;")


def colours(scheme: str) -> dict[str, str]:
    """The custom properties of the first :root block (light) or of the one
    inside prefers-color-scheme: dark, over the light ones."""
    light = dict(VARIABLE.findall(CSS[CSS.index(":root {") : CSS.index("}", CSS.index(":root {"))]))
    if scheme == "light":
        return light
    start = CSS.index("@media (prefers-color-scheme: dark)")
    dark_root = CSS[CSS.index(":root {", start) : CSS.index("}", CSS.index(":root {", start))]
    return {**light, **dict(VARIABLE.findall(dark_root))}


def luminance(colour: str) -> float:
    # WCAG 2's relative luminance and contrast ratio, as the standard defines
    # them (https://www.w3.org/TR/WCAG22/#dfn-relative-luminance): a fixed
    # formula of a few lines, for which no package is installed.
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_visited_links_look_different_and_both_kinds_keep_aa_contrast(scheme):
    """Visited and unvisited links were 1.2:1 apart: members could not see
    which bulletins they had read. Now at least 2:1, and each still AA
    (4.5:1) on the page and on the panels (contact boxes, cards)."""
    c = colours(scheme)
    assert contrast(c["link"], c["link-visited"]) >= 2, scheme
    for link in ("link", "link-visited"):
        for background in ("bg", "panel"):
            assert contrast(c[link], c[background]) >= 4.5, (scheme, link, background)
