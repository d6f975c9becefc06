#!/usr/bin/env python3
"""What the research features cost: bytes a trend query adds, the indicator files a build
adds, and what the extractor reads at scale.

    .venv/bin/python bench/bench_research.py 1000            # synthetic corpus (../shared/bench/gen_corpus.py)
    .venv/bin/python bench/bench_research.py --site site/     # a site built already (docs next to it: SITE.docs or docs/)

In headless Chromium, for each query a new visitor opens as a shared ?q= link: the bytes the
search transfers until its results are settled, and what the research views fetch on top of it
(search-index/counts.json; archive-research.js and .css are part of every page). Sizes are gzip
sizes, as GitHub Pages serves them.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
# Next to the repository (../shared), or next to the folder of worktrees holding it.
GEN = next((p for p in (ROOT.parent / "shared" / "bench" / "gen_corpus.py",
                        ROOT.parent.parent / "shared" / "bench" / "gen_corpus.py") if p.exists()),
           ROOT.parent / "shared" / "bench" / "gen_corpus.py")
QUERIES = ["医改", "家庭医生", "家庭医生 签约", "基本公共卫生服务", "医共体"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def measure(base: str, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright
    from bench_search import wire_size

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for q in queries:
            ctx = browser.new_context()
            page = ctx.new_page()
            got: list[tuple[str, int]] = []

            def on_response(resp, got=got):
                try:
                    got.append((resp.url, wire_size(resp.url, resp.body())))
                except Exception:
                    got.append((resp.url, 0))

            page.on("response", on_response)
            page.goto(base + "search/?q=" + q)
            page.wait_for_selector("#archive-research[data-state=done]", timeout=120_000)
            page.wait_for_timeout(300)
            counts = sum(n for u, n in got if "counts.json" in u)
            own = sum(n for u, n in got if "archive-research." in u)
            index = sum(n for u, n in got if "search-index/" in u and "counts.json" not in u)
            rows.append({"query": q, "index_kb": index / 1024, "counts_bytes": counts, "assets_bytes": own,
                         "total_kb": sum(n for _, n in got) / 1024,
                         "status": page.inner_text(".as-status")})
            ctx.close()
        browser.close()
    return rows


def indicator_figures(docs: Path) -> dict:
    values = list(csv.DictReader(io.StringIO(gzip.decompress((docs / "data" / "indicators.csv.gz").read_bytes()).decode("utf-8-sig"))))
    skipped = list(csv.DictReader(io.StringIO(gzip.decompress((docs / "data" / "indicators-skipped.csv.gz").read_bytes()).decode("utf-8-sig"))))
    pages = list((docs / "indicator").glob("*.md"))
    by = Counter(r["indicator"] for r in values)
    return {
        "indicator pages": len(pages),
        "indicators.csv.gz": f"{len(values)} values, {(docs / 'data' / 'indicators.csv.gz').stat().st_size / 1024:.0f} KB",
        "indicators-skipped.csv.gz": f"{len(skipped)} skips, "
                                  f"{(docs / 'data' / 'indicators-skipped.csv.gz').stat().st_size / 1024:.0f} KB",
        "skips by reason": ", ".join(f"{k} {n}" for k, n in Counter(r["reason"] for r in skipped).most_common()),
        "values by indicator": ", ".join(f"{k} {n}" for k, n in by.most_common()),
        "counts.json": f"{(docs / 'search-index' / 'counts.json').stat().st_size} bytes",
        "largest indicator page": f"{max((p.stat().st_size for p in pages), default=0) / 1024:.0f} KB",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?")
    ap.add_argument("--site", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    if args.site is None:
        if not args.n:
            ap.error("give N (reports to generate) or --site")
        work = Path(tempfile.mkdtemp(prefix="bench-research-"))
        subprocess.run([sys.executable, str(GEN), str(args.n), str(work / "reports")], check=True)
        subprocess.run([str(ROOT / ".venv" / "bin" / "build-archive"), "site", "--reports", str(work / "reports"),
                        "--out", str(work / "site")], check=True, stdout=subprocess.DEVNULL)
        args.site = work / "site"
    docs = args.docs or (args.site.parent / f"{args.site.name}.docs")
    if not docs.is_dir():
        docs = ROOT / "docs"
    for k, v in indicator_figures(docs).items():
        print(f"{k}: {v}")
    if args.no_browser:
        return
    from search_support import Server

    with Server(args.site) as base:
        rows = measure(base, QUERIES)
    for r in rows:
        print(f"  {r['query']}: {r['status']}; search index {r['index_kb']:.1f} KB, counts.json {r['counts_bytes']} B, "
              f"research script+styles {r['assets_bytes'] / 1024:.1f} KB, {r['total_kb']:.1f} KB in all")
    print(f"trend query adds: counts.json median {statistics.median(r['counts_bytes'] for r in rows):.0f} B "
          f"(the year and province columns it counts are the search's own)")


if __name__ == "__main__":
    main()
