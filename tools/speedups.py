"""What each of fastbuild's speed-ups earns: docs/PERFORMANCE.md quotes it.

    python tools/speedups.py --size 2000 --runs 3
    python tools/speedups.py --size 2000 --runs 3 --kinds warm --only reuse_output

In a copy of the project with N synthetic bulletins (benchmark.py's
generator and commands), it builds with FAST_BUILD as pelicanconf.py sets
it ("all"), with each speed-up switched off in turn ("all but X"), and with
fastbuild taken out of PLUGINS ("none"), in alternating order from run to
run so that a slow spell of a shared machine falls on every side alike.
For each it times, as `make bench` does:

- cold: `make clean`, then `make html`;
- rebuild: one sentence added to one bulletin, then `make html` again;
- warm: the preview loop (`make devserver` running, one save, timed until
  the preview is rebuilt).

It prints the medians of wall and CPU time (all processes), each "all but
X" against "all", and the load average when each run started. Nothing is
asserted: a shared machine's figures move; run it when the machine is quiet.
This module is not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchmark import ROOT, SEED, Site, make_site

KINDS = ("cold", "rebuild", "warm")


def configure(site: Site, original: str, label: str, options: dict | None) -> None:
    """The site's pelicanconf.py as the project has it, but for FAST_BUILD
    (or, for "none", PLUGINS without fastbuild)."""
    without = 'PLUGINS = [p for p in PLUGINS if p != "fastbuild"]\n'
    extra = without if options is None else f"FAST_BUILD = {options!r}\n"
    (site.root / "pelicanconf.py").write_text(f"{original}\n# tools/speedups.py: {label}\n{extra}", encoding="utf-8")


def configurations(options: dict, only: list[str] | None) -> dict[str, dict | None]:
    measured = [name for name, on in options.items() if on]
    wanted = [name for name in measured if not only or name in only]
    configs: dict[str, dict | None] = {"all": options}
    configs.update({f"all but {name}": {**options, name: False} for name in wanted})
    if not only:
        configs["none"] = None
    return configs


def measure(site: Site, configs: dict, kinds: list[str], runs: int, log=print) -> dict:
    original = (site.root / "pelicanconf.py").read_text(encoding="utf-8")
    results = {label: {kind: [] for kind in kinds} for label in configs}
    try:
        for run in range(runs):
            labels = list(configs) if run % 2 == 0 else list(reversed(configs))
            for label in labels:
                configure(site, original, label, configs[label])
                for kind in kinds:
                    if kind == "cold":
                        sample = site.ours_cold()
                    elif kind == "rebuild":
                        sample = site.ours_rebuild()
                    else:
                        if "cold" not in kinds:
                            site.ours_cold()
                        sample = site.ours_warm()
                    results[label][kind].append(sample)
                    log(f"run {run + 1}/{runs} {label} {kind}: {sample.seconds:.2f} s, CPU {sample.cpu_seconds:.2f} s, "
                        f"load {sample.load:.1f}")  # fmt: skip
    finally:
        (site.root / "pelicanconf.py").write_text(original, encoding="utf-8")
    return results


def report(results: dict, kinds: list[str]) -> list[str]:
    lines = ["| Build | " + " | ".join(f"{k} s | {k} CPU s | {k} ÷ all" for k in kinds) + " | load averages |"]
    lines.append("| --- |" + " ---: | ---: | ---: |" * len(kinds) + " --- |")
    base = {kind: statistics.median(s.seconds for s in results["all"][kind]) for kind in kinds}
    for label, by_kind in results.items():
        cells, loads = [], []
        for kind in kinds:
            wall = statistics.median(s.seconds for s in by_kind[kind])
            cpu = statistics.median(s.cpu_seconds for s in by_kind[kind])
            cells += [f"{wall:.2f}", f"{cpu:.2f}", f"{wall / base[kind]:.2f}"]
            loads += [f"{s.load:.1f}" for s in by_kind[kind]]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {', '.join(loads)} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="number of synthetic bulletins")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (the median is reported)")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=["cold", "rebuild"])
    parser.add_argument("--only", nargs="+", help="measure only these speed-ups (against all)")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv")
    parser.add_argument("--workdir", type=Path, help="where the copy goes (default: a temporary folder, removed)")
    parser.add_argument("--json", type=Path, help="also write every sample here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="speedups-", dir=args.workdir))
    try:
        print(f"writing {args.size} bulletins into {work / 'site'}", flush=True)
        site = Site(args.size, make_site(work / "site", args.size, SEED), args.venv.absolute())
        from pelican.settings import read_settings

        options = read_settings(str(site.root / "pelicanconf.py")).get("FAST_BUILD", {})
        results = measure(site, configurations(options, args.only), args.kinds, args.runs)
        print("\n".join(["", *report(results, args.kinds)]))
        if args.json:
            samples = {label: {k: [vars(s) for s in v] for k, v in by.items()} for label, by in results.items()}
            args.json.write_text(json.dumps(samples, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
