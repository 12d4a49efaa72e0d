"""How long `make editions` takes for one bulletin (issue 17: target 3 s),
on the real content and on copies with synthetic bulletins added.

    python tools/bench_editions.py --sizes 0 500 --runs 3 --report docs/PERFORMANCE.md

Size 0 is the project's own content (two bulletins); any other size N adds
N synthetic bulletins made by tools/benchmark.py's generator. Each run times
the whole command as the secretary types it (`make editions`, the newest
bulletin, Python's start and imports included), wall-clock and CPU; one
more run in this process times its stages. Medians go between the
`editions` markers of the report. Timing is reported, never asserted."""

from __future__ import annotations

import argparse
import datetime
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchmark import ROOT, copy_project, generate_bulletins

START = "<!-- editions:start (written by tools/bench_editions.py; edit outside these markers) -->"
END = "<!-- editions:end -->"
TARGET = 3.0
SITEURL = "https://branch.example.org/blog"
EPOCH = "1795435200"  # 2026-11-23 12:00 UTC, after every synthetic bulletin


def site_of(size: int, dest: Path) -> Path:
    copy_project(dest)
    if size:
        generate_bulletins(dest / "content", size)
    return dest


def run_once(site: Path, venv: Path) -> tuple[float, float]:
    """One `make editions`: wall seconds, CPU seconds of it and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        ["make", "--no-print-directory", "editions", f"VENV={venv}"],
        cwd=site,
        env={**os.environ, "SITEURL": SITEURL, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"make editions failed in {site}:\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def stages(site: Path) -> dict[str, float]:
    """One run in this process, each stage timed (imports done first)."""
    sys.path[:0] = [str(site), str(site / "plugins")]
    os.environ.update(SITEURL=SITEURL, SOURCE_DATE_EPOCH=EPOCH)
    from secretary.checks.content import Checker, load_settings, read_site
    from secretary.editions import bulletin, letter, mail

    times = {}
    settings = load_settings(site / "publishconf.py")
    start = time.perf_counter()
    checked = read_site(settings)
    rel = bulletin.find(checked, None)
    Checker(checked).run()
    times["make check's reading and rules"] = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        found = bulletin.read(site / "publishconf.py", None, f"content/{rel}", Path(work), settings)
        # bulletin.read checks (as above), then builds: the build is the rest.
        check = times["make check's reading and rules"]
        times["the site's build, without the search index (bulletin.read less the check)"] = (
            time.perf_counter() - start - check
        )
        start = time.perf_counter()
        mail.message(found, mail.text_part(found), mail.html_part(found))
        times["the e-mail (template, css-inline, text)"] = time.perf_counter() - start
        start = time.perf_counter()
        letter.pdf(found)
        times["the letter (WeasyPrint, PDF/UA-1)"] = time.perf_counter() - start
    return times


def report(rows: list[tuple[int, list[float], list[float]]], parts: dict[str, float], runs: int) -> list[str]:
    load = os.getloadavg()[0]
    lines = [
        (
            f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {runs} run(s) of each, load average "
            f"{load:.1f} at the end (2 cores; other work on the machine shows here)."
        ),
        "",
        "| bulletins on the site | `make editions` wall s (median) | CPU s | target ≤ 3 s | every run, wall s |",
        "| ---: | ---: | ---: | --- | --- |",
    ]
    for size, walls, cpus in rows:
        wall = statistics.median(walls)
        verdict = "**PASS**" if wall <= TARGET else "**FAIL**"
        shown = size + 2
        lines.append(
            f"| {shown} | {wall:.2f} | {statistics.median(cpus):.2f} | {verdict} | "
            + " / ".join(f"{w:.2f}" for w in walls)
            + " |"
        )
    lines += ["", "Stages of one run in one process, on the largest site above (imports not counted):", ""]
    lines += ["| stage | s |", "| --- | ---: |", *(f"| {name} | {seconds:.2f} |" for name, seconds in parts.items())]
    return lines


def write(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    block = "\n".join([START, "", *lines, "", END])
    start, end = text.find(START), text.find(END)
    if start < 0 or end < 0:
        raise SystemExit(f"{path} has no {START} ... {END} markers")
    path.write_text(text[:start] + block + text[end + len(END) :], encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 500], help="synthetic bulletins added (0: none)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--report", type=Path, help="rewrite the editions section of this file")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as work:
        sites = {size: site_of(size, Path(work) / f"site-{size}") for size in args.sizes}
        for size, site in sites.items():
            measured = [run_once(site, args.venv) for _ in range(args.runs)]
            rows.append((size, [w for w, _ in measured], [c for _, c in measured]))
            print(f"{size + 2} bulletins: " + ", ".join(f"{w:.2f} s" for w, _ in measured), flush=True)
        parts = stages(sites[max(args.sizes)])
    lines = report(rows, parts, args.runs)
    out = io.StringIO()
    print("\n".join(lines), file=out)
    print(out.getvalue())
    if args.report:
        write(args.report, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
