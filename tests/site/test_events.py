"""Meetings (plugins/events): their pages, the home and care-group pages'
next meetings, and the calendars, read with icalendar AND vobject (a second,
independent parser). One site, built once for the module with the live
site's settings; the few cases that need a build of their own make a tiny one."""

from __future__ import annotations

import datetime
import re
import subprocess

import icalendar
import pytest
import vobject
from events.stamps import committed_times
from sitekit import (
    GROUPS_AND_CHAMPIONS,
    PUBLISHED_SITEURL,
    ROOT,
    parse,
    preview_build,
    safe_build,
    text_of,
    tree_hashes,
    write_files,
)

from secretary.checks.content import check_site, load_settings

UTC = datetime.UTC
# The build's clock: 1 February 2027, noon.
NOW = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
UIDS = {
    "agm-evening": "0f8e2a52-6c1d-4f0e-9a57-3c2b1d0e9f11@barnet-unison.github.io",
    "agm-day": "1a9b3c64-7d2e-4a1f-8b68-4d3c2e1f0a22@barnet-unison.github.io",
    "spring": "2b0c4d75-8e3f-4b20-9c79-5e4d3f2a1b33@barnet-unison.github.io",
    "autumn": "3c1d5e86-9f40-4c31-8d8a-6f5e4a3b2c44@barnet-unison.github.io",
    "before-change": "4d2e6f97-a051-4d42-9e9b-7a6f5b4c3d55@barnet-unison.github.io",
    "after-change": "5e3f7a08-b162-4e53-8fac-8b7a6c5d4e66@barnet-unison.github.io",
    "committee": "6f4a8b19-c273-4f64-90bd-9c8b7d6e5f77@barnet-unison.github.io",
    "plan": "7a5b9c2a-d384-4a75-a1ce-ad9c8e7f6a88@barnet-unison.github.io",
}


def event(title, start, end, uid, **fields) -> str:
    lines = [f"Title: {title}", f"Start: {start}", f"End: {end}"]
    lines += [f"{key.capitalize()}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, f"Uid: {uid}"]) + "\n\nThe agenda.\n"


EVENTS = {
    # An AGM held as two sessions (a Series): the first past, the second to come and cancelled.
    "events/2027-01-20-agm-evening.md": event(
        "AGM, evening session", "2027-01-20 18:00", "2027-01-20 20:00", UIDS["agm-evening"],
        location="Barnet House, 2 Bristol Avenue", care_groups="Older Adults", series="AGM 2027",
        summary="Elect the branch's officers.",
    ),
    "events/2027-02-10-agm-day.md": event(
        "AGM, day session", "2027-02-10 12:00", "2027-02-10 13:30", UIDS["agm-day"],
        location="Online", join_link="https://meet.example.org/agm", series="AGM 2027", status="cancelled",
        care_groups="Older Adults",
    ),
    "events/2027-03-30-spring.md": event(
        "Mental health forum", "2027-03-30 18:00", "2027-03-30 20:00", UIDS["spring"],
        location="Hendon Library", care_groups="Mental Health", champions="Tom Mahoney",
    ),
    "events/2027-10-25-autumn.md": event(
        "Autumn forum", "2027-10-25 18:00", "2027-10-25 19:00", UIDS["autumn"], care_groups="Mental Health",
        location="Online", join_link="https://meet.example.org/autumn?pwd=a1&id=7",
    ),
    "events/2027-10-28-before-change.md": event(
        "Before the clocks change", "2027-10-28 18:00", "2027-10-28 19:00", UIDS["before-change"]
    ),
    "events/2027-11-01-after-change.md": event(
        "After the clocks change", "2027-11-01 18:00", "2027-11-01 19:00", UIDS["after-change"]
    ),
    # Past and on its own: under "Past meetings", 2027.
    "events/2027-01-05-committee.md": event(
        "Branch committee", "2027-01-05 10:00", "2027-01-05 11:00", UIDS["committee"]
    ),
    # A draft: never on the live site, never in a calendar.
    "events/2027-04-01-plan.md": event(
        "Secret plan", "2027-04-01 10:00", "2027-04-01 11:00", UIDS["plan"], status="draft"
    ),
    "bulletins/2026-01-10-agm-notice.md": (
        "Title: AGM notice\nDate: 2026-01-10 10:00\nCategory: Bulletins\n\n"
        "Come to the [evening session]({filename}../events/2027-01-20-agm-evening.md).\n"
    ),
}  # fmt: skip
# Each meeting's page is events/2027/MM-DD-name.html: its file's date and name.
DAYS = {m[2]: m[1] for m in (re.fullmatch(r"events/2027-(\d\d-\d\d)-(.+)\.md", p) for p in EVENTS) if m}


def build_events(root, name="output", strict=True, **overrides):
    content = root / "content"
    if not content.exists():
        write_files(content, GROUPS_AND_CHAMPIONS)
        write_files(content, EVENTS)
    settings = {
        "PATH": str(content),
        "SITEURL": PUBLISHED_SITEURL,
        "BUILD_TIME": NOW,
        "CACHE_PATH": str(root / "cache"),
        **overrides,
    }
    status, printed = safe_build("publishconf.py", root / name, strict=strict, search=False, overrides=settings)
    assert status == 0, printed
    return root / name


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_events(tmp_path_factory.mktemp("events"))


def calendars(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*.ics"))}


def vevents(data: bytes):
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_every_calendar_is_read_alike_by_two_parsers(site):
    found = calendars(site)
    assert set(found) == {
        "events/meetings.ics",
        *(f"events/2027/{DAYS[name]}-{name}.ics" for name in UIDS if name != "plan"),
        "care-groups/older-adults/meetings.ics",
        "care-groups/mental-health/meetings.ics",
        "care-groups/back-office/meetings.ics",
    }
    for name, data in found.items():
        ours = icalendar.Calendar.from_ical(data)
        theirs = vobject.readOne(data.decode("utf-8"))
        uids = sorted(str(e["UID"]) for e in ours.walk("VEVENT"))
        assert uids == sorted(e.uid.value for e in getattr(theirs, "vevent_list", [])), name
        # One zone, even with no meeting (RFC 5545 wants a component: Back office has none).
        assert len(ours.walk("VTIMEZONE")) == 1, name
        for entry in ours.walk("VEVENT"):
            assert entry["DTSTART"].params["TZID"] == "Europe/London"
            assert entry["DTEND"].params["TZID"] == "Europe/London"
            assert entry["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
        for entry in getattr(theirs, "vevent_list", []):
            assert entry.dtstart.value.tzinfo is not None
    assert not vevents(found["care-groups/back-office/meetings.ics"])  # a group with no meeting
    everything = vevents(found["events/meetings.ics"])
    assert sorted(str(e["UID"]) for e in everything) == sorted(uid for name, uid in UIDS.items() if name != "plan")
    assert b"Secret plan" not in b"".join(found.values())


@pytest.mark.parametrize(
    ("name", "utc"),
    [
        ("spring", datetime.datetime(2027, 3, 30, 17, 0, tzinfo=UTC)),  # after the clocks go forward: BST
        ("autumn", datetime.datetime(2027, 10, 25, 17, 0, tzinfo=UTC)),  # still BST (they go back on 31 October)
        ("before-change", datetime.datetime(2027, 10, 28, 17, 0, tzinfo=UTC)),
        ("after-change", datetime.datetime(2027, 11, 1, 18, 0, tzinfo=UTC)),  # GMT again
        ("agm-evening", datetime.datetime(2027, 1, 20, 18, 0, tzinfo=UTC)),  # GMT
    ],
)
def test_times_are_in_london_and_right_either_side_of_the_clocks_changing(site, name, utc):
    data = (site / f"events/2027/{DAYS[name]}-{name}.ics").read_bytes()
    (entry,) = vevents(data)
    assert entry["DTSTART"].dt.astimezone(UTC) == utc
    (theirs,) = vobject.readOne(data.decode("utf-8")).vevent_list
    assert theirs.dtstart.value.astimezone(UTC) == utc


def test_a_cancelled_meeting_stays_in_the_calendar_marked_with_a_higher_sequence(site):
    by_uid = {str(e["UID"]): e for e in vevents((site / "events/meetings.ics").read_bytes())}
    cancelled, kept = by_uid[UIDS["agm-day"]], by_uid[UIDS["agm-evening"]]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(kept["STATUS"]) == "CONFIRMED"
    assert int(cancelled["SEQUENCE"]) > int(kept["SEQUENCE"]) == 0
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    assert str(kept["URL"]) == f"{PUBLISHED_SITEURL}/events/2027/01-20-agm-evening.html"
    assert str(kept["LOCATION"]) == "Barnet House, 2 Bristol Avenue"
    assert str(kept["DESCRIPTION"]) == "Elect the branch's officers."
    assert [str(c) for c in kept["CATEGORIES"].cats] == ["Older Adults"]


def test_a_join_link_is_printed_escaped_and_a_cancelled_meetings_is_not_given(site):
    raw = (site / "events/2027/10-25-autumn.html").read_text(encoding="utf-8")
    assert '<a href="https://meet.example.org/autumn?pwd=a1&amp;id=7">Join the meeting online</a>' in raw
    by_uid = {str(e["UID"]): e for e in vevents((site / "events/meetings.ics").read_bytes())}
    assert str(by_uid[UIDS["autumn"]]["DESCRIPTION"]) == "https://meet.example.org/autumn?pwd=a1&id=7"
    # The cancelled AGM session's link: not on its page, not in any calendar.
    assert "DESCRIPTION" not in by_uid[UIDS["agm-day"]]
    assert "meet.example.org/agm" not in (site / "events/2027/02-10-agm-day.html").read_text(encoding="utf-8")


def test_calendar_lines_are_folded_at_75_octets_and_end_with_crlf(site):
    long_lines = 0
    for name, data in calendars(site).items():
        assert data.endswith(b"\r\n"), name
        lines = data.split(b"\r\n")[:-1]
        assert b"\n" not in b"".join(lines), name  # no bare line feed
        assert all(len(line) <= 75 for line in lines), name
        long_lines += sum(line.startswith(b" ") for line in lines)
    assert long_lines  # some line was long enough to be folded


def test_care_group_calendars_hold_only_that_groups_meetings(site):
    older = {str(e["UID"]) for e in vevents((site / "care-groups/older-adults/meetings.ics").read_bytes())}
    mental = {str(e["UID"]) for e in vevents((site / "care-groups/mental-health/meetings.ics").read_bytes())}
    assert older == {UIDS["agm-evening"], UIDS["agm-day"]}
    assert mental == {UIDS["spring"], UIDS["autumn"]}


def test_the_meetings_page_lists_coming_ones_soonest_first_and_past_ones_by_year(site):
    page = parse(site / "events/index.html")
    coming = page.find(id="coming").find_parent("section")
    titles = [text_of(a) for a in coming.select("a[href]") if "/events/2027/" in a["href"]]
    # The AGM (a Series) is one meeting, with both sessions; the rest by Start.
    assert titles[:2] == ["AGM, evening session", "AGM, day session"]
    assert titles[2:] == ["Mental health forum", "Autumn forum", "Before the clocks change", "After the clocks change"]
    assert "Cancelled: AGM, day session" in text_of(coming)
    # The AGM's first session has been held: marked past, the series still coming.
    sessions = [text_of(li) for li in coming.select(".event-series .sessions li")]
    assert sessions[0].endswith("(past)")
    assert not sessions[1].endswith("(past)")
    assert "Wednesday 20 January 2027, 6pm to 8pm" in text_of(coming)
    past = page.find(id="past").find_parent("section")
    assert text_of(past.find("h3")) == "2027"
    assert [text_of(a) for a in past.select("h4 a")] == ["Branch committee"]
    assert "Secret plan" not in text_of(page)
    links = {a["href"] for a in page.select(".subscribe a")}
    assert links == {
        f"{PUBLISHED_SITEURL}/events/meetings.ics",
        "webcal://" + PUBLISHED_SITEURL.split("://")[1] + "/events/meetings.ics",
    }


def test_an_event_page_says_when_where_and_offers_its_calendar(site):
    page = parse(site / "events/2027/01-20-agm-evening.html")
    time = page.select_one(".event-facts time")
    assert text_of(time) == "Wednesday 20 January 2027, 6pm to 8pm"
    assert time["datetime"] == "2027-01-20T18:00:00+00:00"
    add = page.find("a", string="Add to calendar")
    assert add["href"] == f"{PUBLISHED_SITEURL}/events/2027/01-20-agm-evening.ics"
    assert add.has_attr("download")
    assert add["type"] == "text/calendar"
    sessions = text_of(page.select_one(".sessions-card"))
    assert "Wednesday 20 January 2027, 6pm to 8pm (this session)" in sessions
    assert "Cancelled: Wednesday 10 February 2027, 12 noon to 1.30pm" in sessions
    assert page.select_one("h1[data-pagefind-body]")
    cancelled = parse(site / "events/2027/02-10-agm-day.html")
    assert text_of(cancelled.find("h1")) == "Cancelled: AGM, day session"
    assert "Cancelled. This meeting will not take place." in text_of(cancelled.select_one(".cancelled-banner"))
    assert cancelled.find("title").get_text().startswith("Cancelled: ")
    assert not (site / "drafts").exists()
    assert not list(site.glob("events/*/plan.*"))


def test_home_care_group_and_champion_pages_show_their_next_meetings(site):
    home = parse(site / "index.html").select_one(".next-meetings")
    # The cancelled AGM session is shown, marked, without taking one of the three places.
    assert [text_of(a) for a in home.select("h3 a")] == [
        "AGM, day session",
        "Mental health forum",
        "Autumn forum",
        "Before the clocks change",
    ]
    assert text_of(home.select_one("h3")).startswith("Cancelled:")
    group = parse(site / "care-groups/mental-health/index.html")
    section = group.find(id="group-meetings").find_parent("section")
    assert [text_of(a) for a in section.select("h3 a")] == ["Mental health forum", "Autumn forum"]
    assert f"{PUBLISHED_SITEURL}/care-groups/mental-health/meetings.ics" in {a["href"] for a in section.select("a")}
    champion = parse(site / "champions/tom-mahoney/index.html")
    assert [text_of(a) for a in champion.select("#champion-meetings ~ ol h3 a")] == ["Mental health forum"]
    nav = [text_of(a) for a in parse(site / "events/index.html").select(".main-nav a[aria-current]")]
    assert nav == ["Meetings"]


def test_a_bulletin_links_a_meeting_with_filename_and_the_sitemap_lists_meetings(site):
    page = parse(site / "2026/01/agm-notice.html")
    link = page.find("a", string="evening session")
    assert link["href"] == f"{PUBLISHED_SITEURL}/events/2027/01-20-agm-evening.html"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PUBLISHED_SITEURL}/events/2027/01-20-agm-evening.html</loc>" in sitemap
    assert f"<loc>{PUBLISHED_SITEURL}/events/</loc>" in sitemap
    assert "plan.html" not in sitemap
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "/events/meetings.ics\n  Content-Type: text/calendar; charset=utf-8" in headers


def test_two_publishes_give_the_same_bytes_and_a_later_build_moves_meetings_to_the_past(site, tmp_path):
    again = build_events(tmp_path)
    assert tree_hashes(again) == tree_hashes(site)
    # The hourly build a day after the spring forum: it is past now, without a file changed.
    later = build_events(tmp_path, "later", BUILD_TIME=datetime.datetime(2027, 3, 31, 9, 0, tzinfo=UTC))
    page = parse(later / "events/index.html")
    past = page.find(id="past").find_parent("section")
    assert "Mental health forum" in [text_of(a) for a in past.select("h4 a")]
    coming = page.find(id="coming").find_parent("section")
    assert "Mental health forum" not in text_of(coming)


def test_calendars_are_stamped_with_the_files_last_commit_not_the_build(tmp_path):
    """DTSTAMP: the time of the last commit touching the file while it is
    unchanged, so the hourly build does not change the calendars' bytes."""
    content = tmp_path / "content"
    spring = "events/2027-03-30-spring.md"
    write_files(content, {**GROUPS_AND_CHAMPIONS, spring: EVENTS[spring]})
    when, who = "2026-12-01T10:00:00Z", "b@example.invalid"
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Branch", "GIT_AUTHOR_EMAIL": who,
           "GIT_COMMITTER_NAME": "Branch", "GIT_COMMITTER_EMAIL": who, "PATH": "/usr/bin:/bin"}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "meetings"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, env=env)
    assert committed_times(content / "events") == {
        "2027-03-30-spring.md": datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    }
    first = build_events(tmp_path, "first")
    second = build_events(tmp_path, "second", BUILD_TIME=NOW + datetime.timedelta(hours=5))
    data = (first / "events/2027/03-30-spring.ics").read_bytes()
    assert b"DTSTAMP:20261201T100000Z\r\n" in data
    assert (second / "events/2027/03-30-spring.ics").read_bytes() == data
    # Changed and not yet committed: the build's time.
    path = content / "events/2027-03-30-spring.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hendon Library", "Hendon Hall"), encoding="utf-8")
    third = build_events(tmp_path, "third")
    assert b"DTSTAMP:20270201T120000Z\r\n" in (third / "events/2027/03-30-spring.ics").read_bytes()


def test_a_shallow_clone_stamps_every_meeting_with_its_one_commit(tmp_path):
    """CI fetches the whole history (tests/site/test_publishing.py); a
    shallow clone still gives one answer per commit: its commit's time."""
    repo = tmp_path / "repo"
    env = {"GIT_AUTHOR_NAME": "Branch", "GIT_AUTHOR_EMAIL": "b@example.invalid", "GIT_COMMITTER_NAME": "Branch",
           "GIT_COMMITTER_EMAIL": "b@example.invalid", "PATH": "/usr/bin:/bin"}  # fmt: skip
    for when, name in (("2026-12-01T10:00:00Z", "2027-03-30-spring.md"), ("2026-12-05T10:00:00Z", "note.md")):
        write_files(repo / "content", {f"events/{name}": EVENTS["events/2027-03-30-spring.md"]})
        dated = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", name]):
            subprocess.run(["git", "-C", str(repo), *args], check=True, env=dated)
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "shallow")], check=True)
    assert committed_times(repo / "content/events")["2027-03-30-spring.md"] == datetime.datetime(
        2026, 12, 1, 10, 0, tzinfo=UTC
    )
    assert committed_times(tmp_path / "shallow/content/events") == {
        "2027-03-30-spring.md": datetime.datetime(2026, 12, 5, 10, 0, tzinfo=UTC),
        "note.md": datetime.datetime(2026, 12, 5, 10, 0, tzinfo=UTC),
    }


def test_a_copied_uid_stays_with_the_file_git_had_first(tmp_path):
    """The copy (saved under an earlier date, so first by name) is left out
    and told to take a new Uid; the original, in members' calendars, keeps it."""
    content = tmp_path / "content"
    spring = "events/2027-03-30-spring.md"
    write_files(content, {**GROUPS_AND_CHAMPIONS, spring: EVENTS[spring]})
    when, who = "2026-12-01T10:00:00Z", "b@example.invalid"
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Branch", "GIT_AUTHOR_EMAIL": who,
           "GIT_COMMITTER_NAME": "Branch", "GIT_COMMITTER_EMAIL": who, "PATH": "/usr/bin:/bin"}  # fmt: skip
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "meetings"]):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, env=env)
    copy = EVENTS[spring].replace("2027-03-30", "2027-03-29").replace("Mental health forum", "Copied forum")
    write_files(content, {"events/2027-03-29-copy.md": copy})
    settings = load_settings(ROOT / "publishconf.py", content)
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    said = [str(p) for p in check_site(settings) if p.field == "Uid"]
    assert said == [
        (
            "content/events/2027-03-29-copy.md:7: Uid: the same Uid is in content/events/2027-03-30-spring.md, which "
            "had it first, so calendars would take the two for one meeting; this one needs its own: delete its Uid "
            "line, run make newevent-uid in a terminal and paste the Uid line it prints here; the meeting is left out "
            "of the site and the calendars until then"
        )
    ]
    output = build_events(tmp_path, "out", STRICT_BUILD=False, strict=False)
    assert (output / "events/2027/03-30-spring.html").exists()
    assert not (output / "events/2027/03-29-copy.html").exists()


def test_a_series_is_one_meeting_per_year_and_sessions_far_apart_are_warned_of(tmp_path):
    content = tmp_path / "content"
    uid = "9c1d5e86-9f40-4c31-8d8a-6f5e4a3b2c{:02d}@barnet-unison.github.io"
    files = {
        f"events/{day}-agm-{n}.md": event(
            f"AGM {n}", f"{day} 18:00", f"{day} 19:00", uid.format(n), series="AGM", care_groups=group
        )
        for n, (day, group) in enumerate(
            [("2026-02-10", "Older Adults"), ("2027-02-10", "Older Adults"), ("2027-07-01", "Mental Health")]
        )
    }
    write_files(content, {**GROUPS_AND_CHAMPIONS, **files})
    settings = load_settings(ROOT / "publishconf.py", content)
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    assert [(str(p), p.severity) for p in check_site(settings)] == [
        (
            (
                'content/events/2027-07-01-agm-2.md:4: Series: the sessions of "AGM" are more than 120 days apart '
                "(2027-02-10 and 2027-07-01), so the site lists them as one meeting; if they are two, write the year "
                'in the Series, e.g. "AGM 2027"'
            ),
            "warning",
        )
    ]
    output = build_events(tmp_path, "out")
    page = parse(output / "events/index.html")
    series = [[text_of(a) for a in item.select(".sessions a")] for item in page.select(".event-series")]
    assert series == [["AGM 1", "AGM 2"], ["AGM 0"]]
    # "For:" names the care groups of every session.
    groups = [text_of(a) for a in page.select(".event-series")[0].select(".care-groups a")]
    assert groups == ["Older Adults", "Mental Health"]


def test_a_link_to_a_left_out_meeting_is_named_alike_by_check_and_build(tmp_path):
    content = tmp_path / "content"
    broken = "events/2027-03-30-spring.md"
    write_files(content, {
        **GROUPS_AND_CHAMPIONS,
        broken: EVENTS[broken].replace("End: 2027-03-30 20:00\n", ""),
        "bulletins/2026-12-01-see.md": (
            "Title: See\nDate: 2026-12-01 10:00\n\nCome to [the forum]({filename}../events/2027-03-30-spring.md).\n"
        ),
    })  # fmt: skip
    said = (
        "content/bulletins/2026-12-01-see.md:4: Body: the link {filename}../events/2027-03-30-spring.md leads to a "
        "meeting the site leaves out until its own problems are fixed: see the lines for "
        "content/events/2027-03-30-spring.md; fix that file, or remove the link"
    )
    settings = load_settings(ROOT / "pelicanconf.py", content)
    settings["CACHE_PATH"] = str(tmp_path / "check-cache")
    assert said in [str(p) for p in check_site(settings)]
    status, printed = safe_build(
        "pelicanconf.py", tmp_path / "out", strict=False, search=False,
        overrides={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache"), "BUILD_TIME": NOW},
    )  # fmt: skip
    assert status == 0, printed
    warnings = [line for line in printed.splitlines() if line.startswith("warning: ")]
    assert f"warning: {said}" in warnings
    assert all(line.startswith("warning: content/") for line in warnings), warnings
    # The words stay, without a link that leads nowhere.
    page = parse(tmp_path / "out/2026/12/see.html")
    assert "Come to the forum." in text_of(page)
    assert not [a for a in page.select("a[href]") if "{filename}" in a["href"]]


def test_the_preview_shows_a_draft_meeting_marked(tmp_path):
    content = tmp_path / "content"
    write_files(content, {**GROUPS_AND_CHAMPIONS, "events/2027-04-01-plan.md": EVENTS["events/2027-04-01-plan.md"]})
    status, printed = safe_build(
        "pelicanconf.py",
        tmp_path / "preview",
        strict=False,
        search=False,
        overrides={"PATH": str(content), "BUILD_TIME": NOW, "CACHE_PATH": str(tmp_path / "cache")},
    )
    assert status == 0, printed
    page = parse(tmp_path / "preview/drafts/events/2027/04-01-plan.html")
    assert "Draft:" in text_of(page.select_one(".draft-banner"))
    listed = parse(tmp_path / "preview/events/index.html").select_one(".drafts-preview")
    assert "Secret plan" in text_of(listed)
    assert not list((tmp_path / "preview").rglob("*.ics")) or all(
        b"Secret plan" not in p.read_bytes() for p in (tmp_path / "preview").rglob("*.ics")
    )
    assert re.search(r"Draft meetings", text_of(listed))


def test_the_preview_rebuilds_a_changed_meeting_as_a_build_from_nothing(tmp_path):
    """The preview keeps unchanged pages between builds (fastbuild): a
    meeting moved to another place and time shows the change everywhere,
    exactly as a build from nothing."""
    content = tmp_path / "content"
    spring = "events/2027-03-30-spring.md"
    write_files(content, {**GROUPS_AND_CHAMPIONS, spring: EVENTS[spring]})
    settings = {"BUILD_TIME": NOW}
    preview_build(content, tmp_path / "preview", tmp_path / "cache", **settings)
    path = content / spring
    text = path.read_text(encoding="utf-8").replace("Hendon Library", "Hendon Hall").replace("18:00", "17:00")
    path.write_text(text, encoding="utf-8")
    preview_build(content, tmp_path / "preview", tmp_path / "cache", **settings)
    preview_build(content, tmp_path / "fresh", tmp_path / "fresh-cache", warm=False, **settings)
    assert tree_hashes(tmp_path / "preview") == tree_hashes(tmp_path / "fresh")
    assert "Hendon Hall" in text_of(parse(tmp_path / "preview/index.html").select_one(".next-meetings"))
