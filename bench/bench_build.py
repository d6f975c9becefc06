#!/usr/bin/env python3
"""Build-time benchmark: a synthetic corpus of N reports, a full build, then rebuilds.

    .venv/bin/python bench/bench_build.py 1000
    .venv/bin/python bench/bench_build.py 30000 --out /tmp/bench30k

Steps, each timed with its peak memory (the largest single process of the step, from getrusage),
building with a ledger (work/ledger.tsv) as the project does:
  full     build-archive site from nothing (no cache, empty output)
  noop     the same again, nothing changed
  add      one report added
  correct  one report's county corrected by hand (reports/<name>.yml)
Then: site size by part (report pages, short URLs, browse pages, raw captures, search, data,
assets, other pages: build_archive/publish/sitesize.py), files, the bytes of a report page (mean, median,
largest), page count, largest page, search index size and the largest search file, and,
in headless Chromium (skip with --no-browser), the bytes a new visitor's first query transfers:
the search index files alone, and with the page, scripts and styles (gzip sizes, as served).
The corpus comes from ../shared/bench/gen_corpus.py (deterministic for a given N); --corpus DIR
takes an already generated one instead (hard-linked, never written to).

Several sizes in one run (``bench_build.py 1000 5000 30000``) end with the size by part at
each and how each part grows per report between consecutive sizes. Each run's figures are
also saved as JSON in its work folder (bench.json).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from build_archive.publish import sitesize
# ../shared/bench/gen_corpus.py from the main checkout, ../../shared/... from a worktree in wt/.
GEN = next((p for p in (ROOT.parent / "shared/bench/gen_corpus.py", ROOT.parent.parent / "shared/bench/gen_corpus.py")
            if p.exists()), ROOT.parent / "shared/bench/gen_corpus.py")

# A few of bench_search.py's queries: one word, a phrase, two words, a long exact phrase, no hit.
FIRST_QUERIES = ["医改", "家庭医生", "家庭医生 签约", "基本公共卫生服务", "全面实施健康扶贫“三个一批”政策",
                 "不存在的词组xyz"]


# Each step runs under this small parent, which reports the largest resident size of its
# descendants: the bench's own RUSAGE_CHILDREN would only ever grow from step to step.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr)\n"
    "print('PEAK_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(p.returncode)\n"
)


def run_build(reports: Path, out: Path, label: str, ledger: Path) -> dict:
    # With a ledger, as the project builds: a new report is appended to the publication order.
    cmd = [sys.executable, "-m", "build_archive", "site", "--reports", str(reports), "--out", str(out),
           "--ledger", str(ledger)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{label}: build failed\n{proc.stderr[-3000:]}")
    summary = [line for line in proc.stdout.splitlines() if "published" in line or "Site built" in line]
    peak_kb = int(next(line.split()[1] for line in proc.stdout.splitlines() if line.startswith("PEAK_KB")))
    return {"step": label, "seconds": round(seconds, 1), "cpu": round(after.ru_utime - before.ru_utime, 1),
            "peak_mb": round(peak_kb / 1024), "summary": summary}


def site_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.name == "index.html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    search = [p for p in files if "search-index" in p.parts]
    shards = [p for p in search if p.parent.name in ("s", "h")]
    biggest_shard = max(shards, key=lambda p: p.stat().st_size) if shards else None
    report_pages = sorted(p.stat().st_size for p in (site / "r").glob("*/index.html"))
    return {
        "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "files": len(files),
        "pages": len(pages),
        "report_page_bytes": (f"mean {statistics.mean(report_pages):,.0f}, median {statistics.median(report_pages):,.0f}, "
                              f"max {report_pages[-1]:,}" if report_pages else "none"),
        "largest_page": f"{largest.relative_to(site).as_posix()} ({largest.stat().st_size / 1e3:.0f} KB)",
        "search_index_mb": round(sum(p.stat().st_size for p in search) / 1e6, 1),
        "search_files": len(search),
        "largest_posting_file_kb": round(biggest_shard.stat().st_size / 1e3, 1) if biggest_shard else 0,
    }


def parts_table(runs: list[dict]) -> None:
    """Size by part at each N, and growth per report between consecutive Ns."""
    ns = [r["n"] for r in runs]
    print(f"\nsize by part (MB, files){'':8}" + "".join(f"{n:>20,}" for n in ns)
          + "".join(f"{f'/report {a:,}->{b:,}':>24}" for a, b in zip(ns, ns[1:])))
    for name in (*sitesize.PART_NAMES, "total"):
        cells, per = [], []
        for r in runs:
            b, f = r["parts"][name]
            cells.append(f"{b / 1e6:10.1f} {f:>9,}")
        for a, b in zip(runs, runs[1:]):
            dn = b["n"] - a["n"]
            db = (b["parts"][name][0] - a["parts"][name][0]) / dn
            df = (b["parts"][name][1] - a["parts"][name][1]) / dn
            per.append(f"{db / 1e3:11.2f} KB {df:6.2f} f")
        print(f"{name:32}" + "".join(f"{c:>20}" for c in cells) + "".join(f"{c:>24}" for c in per))


def first_query_figures(site: Path) -> dict:
    """What a new visitor's first search costs on this site, in a fresh browser context per query."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_search import measure_browser
    from search_support import Server

    with Server(site) as base:
        rows = measure_browser(base, FIRST_QUERIES)
    index_kb, total_kb = [r["index_kb"] for r in rows], [r["total_kb"] for r in rows]
    return {
        "first_query_index_kb": f"median {statistics.median(index_kb):.1f}, max {max(index_kb):.1f}",
        "first_query_total_kb": f"median {statistics.median(total_kb):.1f}, max {max(total_kb):.1f}",
        "first_query_cold_ms": f"median {statistics.median(r['cold_ms'] for r in rows):.0f}",
        **{f"  {r['query']}": f"{r['status']}; {r['index_kb']} KB index, {r['total_kb']} KB in all"
           for r in rows},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="+", help="corpus sizes, each built in turn")
    ap.add_argument("--out", type=Path, default=None, help="work folder (default /tmp/archive-bench-N)")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="an already generated corpus to hard-link instead of generating one, for the N it has")
    ap.add_argument("--steps", default="full,noop,add,correct", help="which steps to run, in order")
    ap.add_argument("--no-browser", action="store_true", help="skip the first-query measurement in Chromium")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="a folder of earlier runs' bench-N.json (copies of WORK/bench.json) to compare with")
    args = ap.parse_args()
    runs = [bench_one(n, args) for n in args.n]
    parts_table(runs)
    if args.baseline:
        for run in runs:
            before = args.baseline / f"bench-{run['n']}.json"
            if before.is_file():
                compare(json.loads(before.read_text(encoding="utf-8")), run)


def compare(before: dict, after: dict) -> None:
    """Before and after at one size: each part, the report pages' bytes, and each step."""
    print(f"\n{after['n']:,} reports, before -> after")
    for name in (*sitesize.PART_NAMES, "total"):
        (b0, f0), (b1, f1) = before["parts"].get(name, [0, 0]), after["parts"][name]
        print(f"  {name:16} {b0 / 1e6:9.1f} MB {f0:>8,} files -> {b1 / 1e6:9.1f} MB {f1:>8,} files")
    print(f"  {'report page':16} {before['figures']['report_page_bytes']} -> {after['figures']['report_page_bytes']}")
    steps = {s["step"]: s for s in before["steps"]}
    for s in after["steps"]:
        if s["step"] in steps:
            b = steps[s["step"]]
            print(f"  {s['step']:16} {b['seconds']:7} s wall {b['cpu']:7} s cpu {b['peak_mb']:6} MB -> "
                  f"{s['seconds']:7} s wall {s['cpu']:7} s cpu {s['peak_mb']:6} MB")


def bench_one(n: int, args: argparse.Namespace) -> dict:
    work = args.out if args.out and len(args.n) == 1 else Path(f"/tmp/archive-bench-{n}")
    reports = work / "reports"
    if not reports.is_dir() or len(list(reports.glob("synthetic-*.txt"))) < n:
        shutil.rmtree(work, ignore_errors=True)
        if args.corpus and len(list(args.corpus.glob("synthetic-*.txt"))) == n:
            work.mkdir(parents=True)
            subprocess.run(["cp", "-al", str(args.corpus), str(reports)], check=True)
        else:
            subprocess.run([sys.executable, str(GEN), str(n), str(reports)], check=True)
    for extra in list(reports.glob("added-*.txt")) + list(reports.glob("*.yml")):
        extra.unlink()
    site = work / "site"
    if "full" in args.steps.split(","):
        for stale in (site, work / "site.docs", work / ".site-cache", work / ".site.docs-cache"):
            shutil.rmtree(stale, ignore_errors=True)
        (work / "ledger.tsv").unlink(missing_ok=True)

    wanted = args.steps.split(",")
    steps = []

    def step(label: str) -> None:
        s = run_build(reports, site, label, work / "ledger.tsv")
        steps.append(s)
        print(f"{n} {label}: {s['seconds']} s wall, {s['cpu']} s cpu, peak {s['peak_mb']} MB", flush=True)
        for line in s["summary"]:
            print(f"  {line}", flush=True)

    if "full" in wanted:
        step("full")
    if "noop" in wanted:
        step("noop")
    if "add" in wanted:
        # A new report, not a near copy of one already there: the header of one capture with
        # body paragraphs taken from three others.
        sources = sorted(reports.glob("synthetic-*.txt"))[:4]
        parts = [p.read_text(encoding="utf-8").splitlines() for p in sources]
        body = [line for lines in parts[1:] for line in lines if len(line) > 60][::3]
        head = [line for line in parts[0] if len(line) <= 60][:7]
        (reports / "added-1.txt").write_text("\n".join(head + [""] + body) + "\n", encoding="utf-8")
        step("add")
    if "correct" in wanted:
        (reports / (sorted(reports.glob("synthetic-*.txt"))[1].stem + ".yml")).write_text("county: 东安县\n",
                                                                                         encoding="utf-8")
        step("correct")

    print(f"\n{n} reports, {os.cpu_count()} cores")
    print(f"{'step':8} {'wall s':>7} {'cpu s':>7} {'peak MB':>8}")
    for s in steps:
        print(f"{s['step']:8} {s['seconds']:>7} {s['cpu']:>7} {s['peak_mb']:>8}")
        for line in s["summary"]:
            print(f"         {line}")
    figures = site_figures(site)
    size = sitesize.measure(site)
    if not args.no_browser:
        figures.update(first_query_figures(site))
    for key, value in figures.items():
        print(f"{key:24} {value}")
    run = {"n": n, "steps": steps, "figures": figures,
           "parts": {**{p.name: [p.bytes, p.files] for p in size.parts}, "total": [size.bytes, size.files]}}
    (work / "bench.json").write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
    return run


if __name__ == "__main__":
    main()
