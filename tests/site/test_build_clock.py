"""One build clock: the build time (SOURCE_DATE_EPOCH, or the clock) is read
once into the settings as BUILD_TIME, and every part that decides by the
date reads it from there, in the site's TIMEZONE. At half past midnight
in a London summer (23:30 UTC the day before) a champion whose last day is
today has gone, a bulletin dated a quarter past midnight is out and one
dated a quarter to one waits, whether the build, `make check` or `make
newpost` is asked."""

from __future__ import annotations

import datetime
import io

from sitekit import ROOT, bulletin, parse, text_of

from secretary import cli, newpost
from secretary.checks import content as check

# 2020-06-01 23:30 UTC: 2020-06-02 00:30 in London (BST).
HALF_PAST_MIDNIGHT = str(int(datetime.datetime(2020, 6, 1, 23, 30, tzinfo=datetime.UTC).timestamp()))
FILES = {
    "champions/ruth-leaving.md": """
        Title: Ruth Leaving
        Care_groups: Back office
        Role: Champion for Back office
        Since: 2015-01-01
        Until: 2020-06-02

        Ruth's last day is 2 June 2020.
        """,
    "champions/sam-staying.md": """
        Title: Sam Staying
        Care_groups: Back office
        Role: Champion for Back office
        Since: 2015-01-01
        Until: 2020-06-03

        Sam stays one more day.
        """,
    "bulletins/2020-06-02-just-gone-midnight.md": bulletin("Just gone midnight", "2020-06-02 00:15", "Back office"),
    "bulletins/2020-06-02-later-that-night.md": bulletin("Later that night", "2020-06-02 00:45", "Back office"),
}


def test_the_build_check_and_newpost_agree_on_the_day(tiny_site, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", HALF_PAST_MIDNIGHT)
    site = tiny_site(FILES, "publishconf.py", SITEURL="https://branch.example.org")
    content = tmp_path / "content"

    # The build: Ruth's term has ended, Sam's has not; one bulletin is out.
    assert (site / "2020/06/just-gone-midnight.html").is_file()
    assert not (site / "2020/06/later-that-night.html").exists()
    assert "Former champion (until 2 June 2020)" in text_of(parse(site / "champions/ruth-leaving/index.html"))
    champions = parse(site / "champions/index.html")
    assert [text_of(h) for h in champions.select(".former-list h3")] == ["Olive Former", "Ruth Leaving"]
    group = parse(site / "care-groups/back-office/index.html")
    assert [text_of(h) for h in group.select("section.card h3")] == ["Sam Staying"]

    # make check: the same bulletin is scheduled, to the minute, and nothing else.
    problems = check.check_site(check.load_settings(ROOT / "pelicanconf.py", content))
    assert [str(p) for p in problems] == [
        (
            "content/bulletins/2020-06-02-later-that-night.md:2: Date: scheduled for 2 June 2020 at 00:45: it appears "
            'on the live site that day; add "Status: draft" to hold it back'
        )
    ]

    # make newpost: today's date, and Ruth among the former champions.
    out = io.StringIO()
    options = cli.options(
        ["newpost", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content), "--title", "Night shift"],
        out,
    )
    assert newpost.run(options) == 0
    created = content / "bulletins/2020-06-02-night-shift.md"
    assert "Date: 2020-06-02 00:30\n" in created.read_text(encoding="utf-8")
    assert "  Former champions (for older news): Olive Former, Ruth Leaving\n" in out.getvalue()


def test_build_time_given_in_the_settings_is_the_one_used(tiny_site, monkeypatch):
    """BUILD_TIME set in the settings wins over SOURCE_DATE_EPOCH: a build
    is asked "as at" a moment without touching the environment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", HALF_PAST_MIDNIGHT)
    earlier = datetime.datetime(2020, 6, 1, 12, 0, tzinfo=datetime.UTC)
    site = tiny_site(FILES, "publishconf.py", SITEURL="https://branch.example.org", BUILD_TIME=earlier)
    assert not (site / "2020/06/just-gone-midnight.html").exists()
    assert "Former champion" not in text_of(parse(site / "champions/ruth-leaving/index.html"))
    # A feed with no entry is dated at the build time.
    feed = (site / "feeds/care-groups/mental-health.atom.xml").read_text(encoding="utf-8")
    assert "<updated>2020-06-01T12:00:00+00:00</updated>" in feed
