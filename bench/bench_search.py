#!/usr/bin/env python3
"""Benchmark the archive search: index build cost, index size, and, in headless Chromium, bytes a
new visitor transfers before the first results and latency on a warm page.

    python bench/bench_search.py 1000            # gen_corpus.py 1000 reports, build, measure
    python bench/bench_search.py 5000 --keep /tmp/b5k
    python bench/bench_search.py --folder reports
    python bench/bench_search.py 30000 --keep /tmp/b30k --rebuilds   # + incremental rebuilds
    python bench/bench_search.py --rebuilds-only CORPUS WORK [--verify]  # only those, in WORK

Bytes are what crosses the network: index files are stored gzip-compressed by the builder (``.bin``)
and count as stored; HTML/JS/CSS/JSON count as their gzip size (what GitHub Pages sends). Latency
is measured in the page, from the input method's last event to the result list being rendered.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from search_support import (  # noqa: E402
    CHROMIUM_ARGS, IME_TYPE_JS, Server, copy_assets, docs_from_folder, write_site,
)

GEN_CORPUS = Path("/work/shared/bench/gen_corpus.py")

QUERIES = [
    "医改", "医生", "卫健委", "家庭医生", "医共体建设", "两癌筛查", "2020年", "疫情防控",
    "健康扶贫", "基本公共卫生服务", "家庭医生 签约", "医共体 信息化", "乡镇卫生院 标准化建设",
    "全科医生", "核酸检测", "妇幼 保健", "高血压", "全面实施健康扶贫“三个一批”政策",
    "疾病预防控制中心", "慢性病", "不存在的词组xyz",
]

# Resolves with the elapsed ms once the search box's run has rendered ('done' or 'error').
MEASURE_JS = """
async ([q, ime]) => {
  const host = document.getElementById('archive-search');
  const input = document.getElementById('as-q');
  input.value = '';
  input.dispatchEvent(new InputEvent('input', {bubbles: true}));
  while (host.dataset.state !== 'done' && host.dataset.state !== 'error') await new Promise(r => setTimeout(r, 5));
  const done = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (host.dataset.state === 'done' || host.dataset.state === 'error') { obs.disconnect(); resolve(performance.now()); }
    });
    obs.observe(host, {attributes: true, attributeFilter: ['data-state']});
  });
  const t0 = performance.now();
  (new Function('return ' + ime))()(['#as-q', q]);
  const t1 = await done;
  return [t1 - t0, document.querySelector('.as-status').textContent, document.querySelectorAll('.as-result').length];
}
"""


def build_only(corpus: Path, site: Path) -> None:
    """Child-process mode, so peak RSS is the build's own."""
    from build_archive.search.search_index import build_search_index

    t0 = time.perf_counter()
    docs = docs_from_folder(corpus, GEN_CORPUS if GEN_CORPUS.exists() else None)
    t1 = time.perf_counter()
    files = build_search_index(docs)  # from scratch, no cache
    t2 = time.perf_counter()
    write_site(site, docs if len(docs) <= 2000 else [], files)
    stats = {
        "docs": len(docs),
        "read_s": round(t1 - t0, 2),
        "build_s": round(t2 - t1, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "files": len(files),
        "bytes": sum(len(c) for _, c in files),
        "shards": sum(1 for p, _ in files if "/s/" in p),
        "shard_max": max((len(c) for p, c in files if "/s/" in p), default=0),
        "shard_median": statistics.median([len(c) for p, c in files if "/s/" in p] or [0]),
        "packs": sum(1 for p, _ in files if "/t/" in p),
        "text_bytes": sum(len(c) for p, c in files if "/t/" in p),
        "docs_bin": sum(len(c) for p, c in files if p.endswith("docs.bin")),
        "facets_bin": sum(len(c) for p, c in files if p.endswith("facets.bin")),
        "heavy_median": statistics.median([len(c) for p, c in files if "/h/" in p] or [0]),
        "manifest_gz": sum(len(gzip.compress(c)) for p, c in files if p.endswith(".json")),
    }
    print(json.dumps(stats))


def cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (forked index workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def rebuild_steps(docs: list) -> list[tuple[str, list]]:
    """A cold build with a cache, then the rebuilds a site sees every day: nothing changed, the last
    report added, one report's metadata (province, year, county, themes) changed, and the body of
    an early report (block and pack 7 of 30 at 30,000 reports) corrected."""
    import dataclasses

    mid = len(docs) // 2
    meta = docs[:mid] + [dataclasses.replace(docs[mid], province="海南省", year=2011, county="测试县",
                                             themes=("医改",))] + docs[mid + 1:]
    early = mid // 2
    body = meta[:early] + [dataclasses.replace(meta[early], body=meta[early].body + "\n新增一段正文。")] + meta[early + 1:]
    return [("full", docs[:-1]), ("no change", docs[:-1]), ("add one", docs), ("metadata of one", meta),
            ("body of one", body)]


def rebuilds_only(corpus: Path, work: Path, verify: bool) -> None:
    """Child-process mode: the steps of :func:`rebuild_steps`, each with the cache and the site the
    previous one left, the way the build runs them: texts left out (``text_id``) and filled in on
    demand, then the writer makes only the files whose key changed.

    Per step: the index's wall and CPU time (this process and its forked workers), the docs
    ``fill`` was asked for, the files whose key changed, and the writer's time and files written.
    ``verify`` compares the written site with a build from scratch (slow: one full build per step).
    """
    from build_archive.core.model import OutputFile
    from build_archive.search.search_index import build_search_index, search_outputs
    from build_archive.publish.write import write_outputs
    from search_support import RecordingFill, without_texts

    full_docs = docs_from_folder(corpus, GEN_CORPUS if GEN_CORPUS.exists() else None)
    cache, site, state = work / "cache", work / "rebuild-site", work / "rebuild-written.json"
    for path in (cache, site):
        shutil.rmtree(path, ignore_errors=True)
    state.unlink(missing_ok=True)
    print(f"{len(full_docs)} docs; load average {os.getloadavg()[0]:.2f} at start", flush=True)
    print(f"{'step':<16} {'index s':>8} {'cpu s':>6} {'filled':>7} {'fills':>6} {'keys chg':>9} "
          f"{'write s':>8} {'cpu s':>6} {'written':>8} {'load':>5}", flush=True)
    last_keys: dict[str, str] = {}
    for name, step_docs in rebuild_steps(full_docs):
        stripped, texts = without_texts(step_docs)
        fill = RecordingFill(texts)
        t, c = time.perf_counter(), cpu_seconds()
        files = search_outputs(stripped, cache_dir=cache, fill=fill)
        index_s, index_cpu = time.perf_counter() - t, cpu_seconds() - c
        keys = {f.path: f.key for f in files}
        changed = sum(1 for p, k in keys.items() if last_keys.get(p) != k) + len(last_keys.keys() - keys.keys())
        t, c = time.perf_counter(), cpu_seconds()
        written = write_outputs((OutputFile(f.path, "", key=f.key, make=f.make) for f in files), site,
                                state_path=state).written
        write_s, write_cpu = time.perf_counter() - t, cpu_seconds() - c
        print(f"{name:<16} {index_s:>8.2f} {index_cpu:>6.2f} {fill.filled:>7} {len(fill.calls):>6} {changed:>9} "
              f"{write_s:>8.2f} {write_cpu:>6.2f} {written:>8} {os.getloadavg()[0]:>5.2f}", flush=True)
        if verify:
            want = build_search_index(step_docs)
            differ = [p for p, data in want if (site / p).read_bytes() != data]
            same = not differ and len(want) == len(keys)
            print(f"{'':<16} identical to a build from scratch: {same} {' '.join(differ[:5])}", flush=True)
        last_keys = keys
        del files, stripped, texts
    cache_mb = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6
    print(f"cache {cache_mb:.0f} MB; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(all texts are held by the benchmark itself, for fill)", flush=True)


def wire_size(url: str, body: bytes) -> int:
    path = url.split("?")[0]
    if path.endswith(".bin"):
        return len(body)  # stored gzip-compressed, served as is
    return len(gzip.compress(body, 6))


def measure_browser(base: str, queries: list[str], index_only_prefix: str = "search-index/") -> list[dict]:
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # Cold: a new visitor opening a shared link (?q=), fresh context = empty cache.
        for q in queries:
            ctx = browser.new_context()
            page = ctx.new_page()
            got: list[tuple[str, int, float]] = []

            def on_response(resp, got=got):
                try:
                    size = wire_size(resp.url, resp.body())
                except Exception:  # a response without a body (e.g. aborted) transfers nothing
                    size = 0
                got.append((resp.url, size, resp.request.timing["startTime"]))

            page.on("response", on_response)
            t0 = time.perf_counter()
            page.goto(base + "search/?q=" + q)
            page.wait_for_function(
                "['done','error'].includes(document.getElementById('archive-search').dataset.state)"
                " && document.querySelector('.as-status').textContent !== ''", timeout=120_000)
            cold_ms = (time.perf_counter() - t0) * 1000
            page.wait_for_timeout(300)
            # Only requests started before the results were rendered count (themes load after).
            done_at = float(page.get_attribute("#archive-search", "data-done-at") or "inf")
            got = [(u, n) for u, n, t in got if t <= done_at]
            # The report pages the reader fetches to verify candidates hold the text the index
            # once carried itself (pagetext.py): they count as index bytes.
            index_bytes = sum(n for u, n in got if index_only_prefix in u or "/r/" in u)
            rows.append({"query": q, "cold_ms": round(cold_ms), "requests": len(got),
                         "index_kb": round(index_bytes / 1024, 1),
                         "total_kb": round(sum(n for _, n in got) / 1024, 1),
                         "status": page.inner_text(".as-status")})
            ctx.close()
        # Warm: one page, queries typed one after another as an input method types them.
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(base + "search/")
        page.wait_for_function("document.getElementById('archive-search').dataset.state === 'done'")
        for rnd in ("first", "again"):
            for row, q in zip(rows, queries):
                ms, status, n = page.evaluate(MEASURE_JS, [q, IME_TYPE_JS.strip()])
                row[f"warm_{rnd}_ms"] = round(ms, 1)
        ctx.close()
        browser.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", help="number of synthetic reports to generate")
    ap.add_argument("--folder", type=Path, help="use these report .txt files instead")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    ap.add_argument("--reuse-site", action="store_true", help="measure the site built by a previous --keep run")
    ap.add_argument("--rebuilds", action="store_true",
                    help="also time a cold build with cache and rebuilds after adding/changing one report")
    ap.add_argument("--verify", action="store_true", help="with --rebuilds: compare each with a build from scratch")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser measurements")
    ap.add_argument("--build-only", nargs=2, type=Path, metavar=("CORPUS", "SITE"), help=argparse.SUPPRESS)
    ap.add_argument("--rebuilds-only", nargs=2, type=Path, metavar=("CORPUS", "WORK"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_only:
        build_only(*args.build_only)
        return
    if args.rebuilds_only:
        rebuilds_only(*args.rebuilds_only, verify=args.verify)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.folder:
        corpus = args.folder
    else:
        corpus = work / "corpus"
        if not corpus.exists():
            t = time.perf_counter()
            subprocess.run([sys.executable, str(GEN_CORPUS), str(args.n), str(corpus)], check=True)
            print(f"corpus: {args.n} reports in {time.perf_counter() - t:.1f} s")
    site = work / "site"
    if args.reuse_site and (site / "search-index" / "manifest.json").exists():
        copy_assets(site)
        print("index: reusing", site)
    else:
        shutil.rmtree(site, ignore_errors=True)  # stale shards of an earlier build would be served
        out = subprocess.run([sys.executable, __file__, "--build-only", str(corpus), str(site)],
                             check=True, capture_output=True, text=True)
        stats = json.loads(out.stdout.strip().splitlines()[-1])
        print("index:", json.dumps(stats, ensure_ascii=False))
    if args.rebuilds:
        cmd = [sys.executable, __file__, "--rebuilds-only", str(corpus), str(work)]
        out = subprocess.run(cmd + (["--verify"] if args.verify else []), check=True, capture_output=True, text=True)
        print("rebuilds:\n" + out.stdout.rstrip())
    if args.no_browser:
        return
    with Server(site) as base:
        rows = measure_browser(base, QUERIES)
    print()
    print(f"{'query':<26} {'results':<22} {'req':>4} {'index KB':>9} {'total KB':>9} {'cold ms':>8} "
          f"{'warm ms':>8} {'cached ms':>9}")
    for r in rows:
        print(f"{r['query'][:24]:<26} {r['status'][:20]:<22} {r['requests']:>4} {r['index_kb']:>9} "
              f"{r['total_kb']:>9} {r['cold_ms']:>8} {r['warm_first_ms']:>8} {r['warm_again_ms']:>9}")
    idx = [r["index_kb"] for r in rows]
    tot = [r["total_kb"] for r in rows]
    warm = [r["warm_first_ms"] for r in rows]
    again = [r["warm_again_ms"] for r in rows]
    print(f"\nfirst-query KB (index only): median {statistics.median(idx)} max {max(idx)}; "
          f"with page+JS+CSS: median {statistics.median(tot)} max {max(tot)}")
    print(f"warm latency ms: median {statistics.median(warm)} max {max(warm)}; "
          f"cached: median {statistics.median(again)} max {max(again)}")


if __name__ == "__main__":
    main()
