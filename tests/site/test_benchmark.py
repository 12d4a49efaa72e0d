"""The benchmark's bulletin generator (tools/benchmark.py): deterministic,
made of the real bulletins' sentences, naming the real care groups and
champions, and accepted by our build without a warning. Nothing here is
timed: the figures live in docs/PERFORMANCE.md."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from benchmark import FIRST_DAY, LAST_DAY, generate_bulletins, make_site, read_seeds, split_front_matter
from sitekit import ROOT, parse, text_of

from secretary.build import build as safe_build

SAMPLE = 20
REAL_BULLETINS = sorted((ROOT / "content" / "bulletins").glob("*.md"))


def titles_in(folder: str) -> set[str]:
    return {
        split_front_matter(p.read_text(encoding="utf-8"))[0]["title"] for p in (ROOT / "content" / folder).glob("*.md")
    }


def names(value: str) -> list[str]:
    return [n.strip() for n in value.split(",") if n.strip()]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return make_site(tmp_path_factory.mktemp("bench") / "site", SAMPLE)


@pytest.fixture(scope="module")
def bulletins(site):
    real = {p.name for p in REAL_BULLETINS}
    paths = sorted(p for p in (site / "content" / "bulletins").glob("*.md") if p.name not in real)
    return {p.name: split_front_matter(p.read_text(encoding="utf-8")) for p in paths}


def test_the_copy_keeps_the_real_content_and_adds_the_sample(site, bulletins):
    assert len(bulletins) == SAMPLE
    for folder in ("bulletins", "care-groups", "champions", "pages"):
        for real in (ROOT / "content" / folder).glob("*.md"):
            assert (site / "content" / folder / real.name).read_bytes() == real.read_bytes()
    for name in ("pelicanconf.py", "publishconf.py", "Makefile", "theme/templates/base.html", "plugins/caregroups"):
        assert (site / name).exists()


def test_same_seed_same_files_and_a_smaller_set_is_the_start_of_a_larger(tmp_path, site, bulletins):
    smaller = generate_bulletins(tmp_path / "content", SAMPLE // 2)
    assert smaller
    for path in smaller:
        assert path.read_bytes() == (site / "content" / "bulletins" / path.name).read_bytes()
    again = generate_bulletins(tmp_path / "content", SAMPLE)
    assert sorted(p.name for p in again) == sorted(bulletins)
    other = generate_bulletins(tmp_path / "other", 3, seed="another seed")
    assert {p.name for p in other}.isdisjoint(bulletins)


def test_front_matter_is_complete_and_matches_the_file_name(bulletins):
    slugs = []
    for filename, (meta, body) in bulletins.items():
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-([a-z0-9-]+)\.md", filename)
        assert match, filename
        assert {"title", "date", "category", "tags", "summary"} <= set(meta), filename
        day = datetime.datetime.strptime(meta["date"], "%Y-%m-%d %H:%M")
        assert meta["date"].startswith(match.group(1))
        assert FIRST_DAY <= day.date() <= LAST_DAY
        assert meta["category"] == "Bulletins"
        assert names(meta["tags"])
        assert meta["summary"] in body
        slugs.append(match.group(2))
    assert len(set(slugs)) == len(slugs)
    years = {name[:4] for name in bulletins}
    assert len(years) >= 5, "dates should spread over the branch's years"


def test_names_only_real_care_groups_and_champions(bulletins):
    groups, champions = titles_in("care-groups"), titles_in("champions")
    named_groups = [n for meta, _ in bulletins.values() for n in names(meta.get("care_groups", ""))]
    named_champions = [n for meta, _ in bulletins.values() for n in names(meta.get("champions", ""))]
    assert named_groups
    assert named_champions
    assert set(named_groups) <= groups
    assert set(named_champions) <= champions


def test_text_is_made_of_the_real_bulletins_sentences_headings_and_lists(bulletins):
    seeds = read_seeds(ROOT / "content")
    real_text = " ".join(p.read_text(encoding="utf-8") for p in REAL_BULLETINS)
    bodies = [body for _, body in bulletins.values()]
    for body in bodies:
        for block in body.split("\n\n"):
            if block.startswith("## "):
                assert block[3:] in seeds.headings + seeds.titles
            elif re.match(r"1\. ", block):
                items = [re.sub(r"^\d+\. ", "", line) for line in block.splitlines()]
                assert set(items) <= set(seeds.list_items)
            else:
                rest = block
                for sentence in seeds.sentences:
                    rest = rest.replace(sentence, "")
                assert not rest.strip(), f"not from the real bulletins: {rest.strip()[:80]}"
    assert any("\n## " in "\n" + body for body in bodies)
    assert any(re.search(r"^1\. ", body, re.MULTILINE) for body in bodies)
    assert all(sentence in real_text for sentence in seeds.sentences)


def test_our_build_accepts_the_sample_without_a_warning(site, bulletins):
    """What `make publish` would say: strict, so any warning fails."""
    messages = io.StringIO()
    status = safe_build(site / "pelicanconf.py", site / "output", strict=True, search=False, stream=messages)
    assert status == 0, messages.getvalue()
    assert "warning" not in messages.getvalue()
    for filename, (meta, _) in bulletins.items():
        day, slug = filename[:10], filename[11:-3]
        page = parse(site / "output" / day[:4] / day[5:7] / f"{slug}.html")
        assert text_of(page.find("h1")) == meta["title"].replace("'", "’")
        shown_groups = {text_of(a) for a in page.select("a[href*='care-groups/']")}
        assert set(names(meta.get("care_groups", ""))) <= shown_groups
