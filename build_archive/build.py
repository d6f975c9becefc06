"""The build, top to bottom: read everything, parse every report, check facts across
reports, render, and only then write.

Nothing touches docs/ until every report has been parsed and the cross-report checks have
passed: a build that fails half way must not leave a half-updated site behind (the same
reason mkdocs' own build gathers all pages before writing any).
"""
from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import chain
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .core import ids, linefile, paths
from .core.cache import Bodies, ParseCache, build_version, parse_key, read_state, stub_of, write_state
from .core.errors import BuildFailed
from .core.indicator_types import Extraction
from .core.model import BuildResult, OutputFile, Problem, Report, Settings, Skipped, Source
from .core.pool import PARALLEL_FROM, Background, in_parallel
from .core.progress import Progress
from .read import rawpack
from .read.ingest import display_name, load_text, read_all
from .parse import indicators
from .parse.chrome_rules import load_rules
from .parse.dedup import drop_duplicates
from .parse.divisions import load_divisions
from .parse.indicator_extraction import extract_indicators
from .parse.overrides import Override, OverrideError, load_override
from .parse.related import similar_reports
from .parse.report import Context, parse_report
from .parse.themes import load_vocabulary
from .pages import browse, catalog, cite, indicator_pages
from .pages.archive_index import ArchiveIndex
from .pages.build_report import build_report_page, build_report_tsv
from .pages.redirects import ledger_problems, moved_and_short_pages
from .pages.render import Related, body_plain, front_matter, raw_doc_path, report_doc_path
from .pages.report_pages import SAME_COUNTY_SHOWN, county_lists, page_key, page_text, render_pages
from .search import trends
from .search.search_index import search_files
from .publish import fastpages, release
from .publish.unchanged import NoChange
from .publish.write import STATE_FILE, is_current, load_state, static_files, write_outputs


@contextmanager
def timed(result: BuildResult, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - start


def build(settings: Settings) -> BuildResult:
    try:
        return _build(settings)
    finally:
        gc.unfreeze()  # see gc.freeze() below; a process may build more than once (the tests do)


def _build(settings: Settings) -> BuildResult:
    result = BuildResult()
    label = settings.reports_label
    if not settings.reports_dir.is_dir():
        raise BuildFailed(f"the reports folder {settings.reports_dir} does not exist; "
                          "pass --reports DIR with the raw .txt files")

    with timed(result, "read"):
        context = load_context(settings, result)
        sources = read_all(settings, result)
        unchanged = NoChange.check(settings, sources, result) if settings.skip_if_unchanged else None
    if unchanged is not None:
        return unchanged

    with timed(result, "parse"), collector_paused():
        parsed = parse_all(sources, context, settings)
        for item in parsed:
            if isinstance(item, Problem):
                result.problems.append(item)
                result.skipped.append(Skipped(Path(item.file).name, item.message))
        reports = [r for r in parsed if isinstance(r, Report)]
    # The parsed archive (half a million objects at 30,000 reports) lives until the build
    # ends: frozen, it is no longer walked by every later garbage collection.
    gc.freeze()

    with timed(result, "cross-check"):
        try:
            ledger = ids.read_ledger(settings.ledger_path) if settings.ledger_path else ()
        except ids.LedgerError as exc:
            # The ledger is what keeps published URLs alive: never guess past a broken one.
            raise BuildFailed(f"{exc}; restore it from version control (git checkout -- ledger.tsv), "
                              "or delete it if nothing was ever published") from exc
        names, shas = {e.source_file for e in ledger}, {e.sha256 for e in ledger}
        published = {r.source.name for r in reports if r.source.name in names or r.source.sha256 in shas}
        reports = drop_duplicates(reports, result, label, published)
        idents, new_ledger, id_problems = ids.assign([r.source for r in reports], ledger, label)
        result.problems += id_problems
        for problem in id_problems:
            if problem.fatal:
                result.skipped.append(Skipped(Path(problem.file).name, problem.message))
        reports = [replace(r, ident=idents[r.source.name]) for r in reports if r.source.name in idents]
        result.reports = sorted(reports, key=lambda r: r.ident.code if r.ident else "")
        result.problems += ledger_problems(result, new_ledger, label)

    if settings.strict and result.problems:
        raise BuildFailed(f"--strict: {len(result.problems)} problem(s) found; nothing was written",
                          result.problems)

    # With a cache, reports are stubs from here on; pages and files load the bodies they show.
    bodies = Bodies(settings.cache_dir / PARSE_CACHE if settings.cache_dir else None)
    state_path = settings.cache_dir / STATE_FILE if settings.cache_dir else None
    state = load_state(state_path)
    seq = {e.code: i for i, e in enumerate(new_ledger)}
    # The search index and the similar reports (every new report shifts every weight: the whole
    # product is made again) are made in forked processes beside the indicators and the pages,
    # which need one core most of the time: adding one report to 30,000 took 4 s of them.
    if len(result.reports) >= BACKGROUND_FROM:
        search_job = Background(search_made, result.reports, seq, bodies, settings.cache_dir, settings.workers,
                                settings.docs_dir, state)
        neighbours = Background(similar_reports, result.reports, settings.cache_dir)
        search: Iterable[OutputFile] = _waited(result, search_job)
    else:
        neighbours = None
        with timed(result, "search"):
            search = search_files(result.reports, seq, bodies, settings.cache_dir, settings.workers)

    with timed(result, "indicators"):
        extracted = extract_indicators(result.reports, bodies, settings.cache_dir)

    # Every check has passed: pages are rendered and written one at a time from here on.
    with timed(result, "render+write"):
        static = static_files(settings.docs_dir)
        outputs = chain(render_all(result, new_ledger, context, label, settings.docs_dir, bodies,
                                   settings.site_url, state, settings.workers, settings.cache_dir, extracted,
                                   (settings.release_dir, settings.release_url), neighbours),
                        search, [trends.counts_file(result.reports)], static)
        stats = write_outputs(outputs, settings.docs_dir, extra_owned=[o.path for o in static],
                              state_path=state_path, state=state)
        result.written, result.unchanged, result.removed = stats.written, stats.unchanged, stats.removed
        if settings.ledger_path is not None:
            text = ids.format_ledger(new_ledger)
            if not settings.ledger_path.exists() or settings.ledger_path.read_text(encoding="utf-8") != text:
                settings.ledger_path.write_text(text, encoding="utf-8")
    if settings.skip_if_unchanged:
        NoChange.record(settings, result)
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection while the parsed archive is loaded: it makes objects that all
    live on and holds no cycles, and the collections that half a million new objects
    trigger took 4 of the 5 seconds that loading 30,000 cached reports did."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_context(settings: Settings, result: BuildResult) -> Context:
    divisions = load_divisions()
    overrides: dict[str, Override] = {}
    for path in sorted(settings.reports_dir.glob("*.y*ml")):
        shown = f"{settings.reports_label}/{display_name(path.name)}"
        report = path.with_suffix(".txt")
        if not report.exists():
            result.problems.append(Problem(shown, "override", (
                f"there is no report {display_name(report.name)} for this correction file; rename it to "
                "match a report or delete it")))
            continue
        if report.name in overrides:
            result.problems.append(Problem(shown, "override", (
                f"{display_name(report.name)} already has a correction file; merge the two into one "
                "(this one is ignored)")))
            continue
        try:
            overrides[report.name] = load_override(path, shown, divisions)
        except OverrideError as exc:
            result.problems.append(Problem(shown, "override", f"{exc} (the report is published without these corrections)"))
    return Context(load_rules(), divisions, load_vocabulary(), overrides)


def parse_all(sources: list[Source], context: Context, settings: Settings) -> list[Report | Problem]:
    """Parse every source, from the cache where possible, on every core for the rest.

    With a cache, every report comes back as a stub (``Report.stub``): its body stays in the
    cache until a page or file being made needs it."""
    cache = ParseCache(settings.cache_dir / PARSE_CACHE) if settings.cache_dir else None
    keys = [parse_key(src, context.overrides.get(src.name)) for src in sources]
    done: dict[int, Report] = {}
    if cache is not None:
        hits = cache.heads(keys, {k: src for k, src in zip(keys, sources)})
        done = {i: hits[k] for i, k in enumerate(keys) if k in hits}
    todo = [i for i in range(len(sources)) if i not in done]
    failed: dict[int, Problem] = {}
    for i in todo:
        loaded = load_text(sources[i], f"{settings.reports_label}/{display_name(sources[i].name)}")
        if isinstance(loaded, Problem):
            failed[i] = loaded
        else:
            sources[i] = loaded
    todo = [i for i in todo if i not in failed]
    progress = Progress("parse", len(sources))
    progress.advance(len(done))

    def keep(batch: list[int], reports: list[Report]) -> None:
        # Stored and stripped of their text as they arrive: 30,000 texts held twice (the
        # source's and the parse's) and pickled all at once were gigabytes.
        reports = [replace(r, key=keys[i]) for i, r in zip(batch, reports)]
        if cache is not None:
            cache.put_many([(keys[i], r) for i, r in zip(batch, reports)])
            reports = [stub_of(r) for r in reports]
        done.update(zip(batch, reports))
        for i in batch:
            sources[i] = replace(sources[i], text="")
        progress.advance(len(batch))

    workers = settings.workers or os.cpu_count() or 1
    if len(todo) < PARALLEL_FROM or workers == 1:
        for i in todo:
            keep([i], [_without_text(parse_report(sources[i], context))])
    else:
        chunk = max(20, min(200, len(todo) // (workers * 8)))
        batches = [todo[j:j + chunk] for j in range(0, len(todo), chunk)]
        with ProcessPoolExecutor(workers, initializer=_init_parser, initargs=(context,)) as pool:
            for batch, reports in zip(batches, pool.map(_parse_batch, ([sources[i] for i in b] for b in batches))):
                keep(batch, reports)
    progress.done()
    if cache is not None:
        cache.keep_only(set(keys))
        cache.close()
    return [failed[i] if i in failed else _problem_if_empty(done[i], settings.reports_label)
            for i in range(len(sources))]


PARSE_CACHE = "parse.sqlite"
# Fewer reports than this make their search index and similar reports in the build's own
# process: a fork costs more than the work of a few hundred.
BACKGROUND_FROM = 1000
# Each county's same-county lists (report_pages.county_lists).
COUNTY_LISTS_CACHE = "county-lists.pickle"
# Each report's lines of the indicator CSVs (indicator_pages.csv_texts).
INDICATOR_CSV_CACHE = "indicator-csv.pickle"


def search_made(reports: Sequence[Report], seq: dict[str, int], bodies: Bodies, cache_dir: Path | None,
                workers: int, docs_dir: Path, state: dict) -> list[OutputFile]:
    """``search_files``, with the bytes of every file the writer will write (not current in its
    ``state``) made: what a background process sends back. The writer never asks for the
    content of a file that is current, as nothing else writes the index's files."""
    return [OutputFile(f.path, b"", key=f.key, make=_current_elsewhere) if is_current(state, docs_dir, f.path, f.key)
            else OutputFile(f.path, f.data, key=f.key)
            for f in search_files(reports, seq, bodies, cache_dir, workers)]


def _current_elsewhere() -> bytes:
    raise RuntimeError("a search index file the writer found current is being made again")


def _waited(result: BuildResult, job: Background) -> Iterator[OutputFile]:
    with timed(result, "render+write/search"):
        files = job.result()
    yield from files  # type: ignore[misc]


def _without_text(report: Report) -> Report:
    """What the rest of the build needs of a parsed report: its blocks, metadata and removed
    lines. The decoded text and the cleaned lines (the blocks hold the same words) would
    double the memory a 30,000-report build needs; the raw file is copied from its path."""
    return replace(report, source=replace(report.source, text=""),
                   cleaned=replace(report.cleaned, lines=()))


_PARSER: dict[str, Context] = {}


def _init_parser(context: Context) -> None:
    # Forked from a process that paused collection (``collector_paused``): parsing makes
    # short-lived cycles, which a worker must collect.
    gc.enable()
    _PARSER["context"] = context


def _parse_batch(batch: list[Source]) -> list[Report]:
    return [_without_text(parse_report(src, _PARSER["context"])) for src in batch]


def _problem_if_empty(report: Report, label: str) -> Report | Problem:
    if not report.stub and not report.structured.blocks:
        return Problem(f"{label}/{display_name(report.source.name)}", "clean", (
            f"nothing but site chrome: no body text is left after removing {len(report.cleaned.removed)} "
            "lines of navigation, header or footer; capture the page's article text"), True)
    return report


def render_all(result: BuildResult, ledger: Sequence[ids.LedgerEntry], context: Context,
               label: str, docs_dir: Path, bodies: Bodies, site_url: str = "", state: dict | None = None,
               workers: int = 0, cache_dir: Path | None = None,
               extracted: dict[str, Extraction] | None = None,
               release: tuple[Path | None, str] = (None, ""),
               neighbours: Background | None = None) -> Iterator[OutputFile]:
    """Every generated file, one at a time (a generator: see ``write_outputs``).

    Report pages not current in the writer's ``state`` are rendered first, on
    every core; the rest are made only if the writer finds them changed after all.
    ``neighbours``: the similar reports being made in the background (``similar_reports``),
    when the caller started that."""
    reports = result.reports
    seq = {e.code: i for i, e in enumerate(ledger)}
    index = ArchiveIndex.of(reports, seq, context.vocabulary)
    with timed(result, "render+write/related"):
        similar = neighbours.result() if neighbours is not None else similar_reports(reports, cache_dir)
    by_code = {r.ident.code: r for r in reports if r.ident}
    slugs = {t.name: t.slug for t in context.vocabulary.themes}
    lists_cache = cache_dir / COUNTY_LISTS_CACHE if cache_dir else None
    last_lists = read_state(lists_cache)
    same_county, kept_lists = county_lists(index.by_county, last_lists)
    if lists_cache is not None and kept_lists != last_lists:
        write_state(lists_cache, kept_lists)
    shown: dict[int, str] = {}
    jobs = []
    for r in reports:
        assert r.ident is not None
        county = index.by_county.get(r.meta.adcode or "", ())
        links = Related(
            same_county=same_county.get(r.ident.code, ()) if county else (),
            more_in_county=len(county) - 1 > SAME_COUNTY_SHOWN,
            similar=tuple(by_code[c] for c in similar.get(r.ident.code, ())),
            theme_slugs=tuple((t.theme, slugs[t.theme]) for t in r.themes),
        )
        # A page is made only when what it is made of changed: adding one report to 30,000
        # re-renders its county's pages and its neighbours', not 30,000.
        jobs.append((r, links, page_key(r, links, site_url, shown)))
    stale = [i for i, (r, _links, key) in enumerate(jobs)
             if not is_current(state or {}, docs_dir, report_doc_path(r), key)]
    # Consumed in step with the loop below: 30,000 pages of Markdown held at once were ~1.5 GB.
    stale_set = set(stale)
    rendered = render_pages([(jobs[i][0], jobs[i][1]) for i in stale], bodies, site_url, workers)
    pages: list[str] = []
    for i, (r, links, key) in enumerate(jobs):
        made = next(rendered) if i in stale_set else None
        page = OutputFile(report_doc_path(r), "", key=key, make=(lambda made=made: made) if made is not None
                          else functools.partial(page_text, r, links, bodies, site_url))
        pages.append(page.path)
        yield page
    # Raw captures and removed lines, packed against the text of their pages (rawpack.py).
    yield from rawpack.pack_outputs(reports, bodies.load, cache_dir)
    for out in moved_and_short_pages(result, ledger):
        pages.append(out.path)
        yield out
    vocab = indicators.load_vocabulary()
    with timed(result, "render+write/indicator pages"):
        values, skips = indicator_pages.rows_of(reports, extracted or {})
        # Made of their reports (parse keys) by this version only: pages are made again only
        # when one of their reports changed.
        version = indicator_pages.code_version(indicators.module_version())
        report_keys = {r.ident.code: r.key for r in reports if r.ident}
        csv_cache = cache_dir / INDICATOR_CSV_CACHE if cache_dir else None
        texts, kept = indicator_pages.csv_texts(vocab, values, skips, report_keys, version, read_state(csv_cache))
        if csv_cache is not None:
            write_state(csv_cache, kept)
        indicator_files = indicator_pages.outputs(vocab, values, skips, report_keys, version, texts)
    for out in indicator_files:
        if out.path.endswith(".md"):
            pages.append(out.path)
            yield out
    with timed(result, "render+write/browse"):
        sections = indicator_pages.county_rows(values)
        browse_pages = browse.browse_pages(
            index, lambda code: indicator_pages.county_section(vocab, sections.get(code, []), paths.county_doc(code)),
            version)
    for out in browse_pages:
        pages.append(out.path)
        yield out
    # The CSVs last: they are compressed in the background meanwhile.
    yield from (out for out in indicator_files if not out.path.endswith(".md"))
    pages.append(paths.BUILD_REPORT)
    yield OutputFile(paths.BUILD_REPORT, build_report_page(reports, result.skipped, result.problems, label))
    yield OutputFile(paths.BUILD_REPORT_TSV, gzip.compress(build_report_tsv(reports, result.skipped).encode("utf-8"), 6, mtime=0))
    yield OutputFile(fastpages.SHELL_DOC, fastpages.SHELL_MARKDOWN)
    yield from bulk_data(reports, seq, site_url, pages, docs_dir, bodies, state or {}, cache_dir, release, workers)


def bulk_data(reports: Sequence[Report], seq: dict[str, int], site_url: str, docs: Sequence[str],
              docs_dir: Path, bodies: Bodies, state: dict, cache_dir: Path | None,
              release_to: tuple[Path | None, str] = (None, ""), workers: int = 0) -> Iterator[OutputFile]:
    """catalog.csv/json, corpus.jsonl, the feed, the sitemap and the downloads page; the
    release files made from corpus.jsonl and catalog.json (release.py), which the site does
    not carry.

    Each is made only when a report, the site URL or the build changed (``key``): the corpus
    alone is 500 MB at 30,000 reports. A generator consumed by ``write_outputs``: by the time
    the downloads page is made, the data files are on disk and their sizes are read there.
    """
    pages = sorted({paths.doc_url(d) for d in (*docs, DOWNLOADS) if d.endswith(".md")
                    and not d.startswith(fastpages.SHELL_DOC.split("/")[0] + "/")})
    version = build_version()
    digest = hashlib.sha256(repr((version, site_url, pages,
                                  [(r.key, r.ident, seq.get(r.ident.code)) for r in reports if r.ident])
                                 ).encode("utf-8")).hexdigest()

    published = [r for r in reports if r.ident]

    def record_key(r: Report, *extra: object) -> str:
        return hashlib.sha256(repr((version, site_url, r.key, r.ident, extra)).encode("utf-8")).hexdigest()

    def row(r: Report, text: str | None = None) -> dict[str, object]:
        return catalog.row_from_front_matter(front_matter(r), site_url=site_url, raw_path=raw_doc_path(r), text=text)

    def index_path(path: str) -> Path | None:
        return cache_dir / f"{path.replace('/', '-')}.records.pickle" if cache_dir else None

    def reusing(path: str, head: str, keys: list[str], make: Callable[[Sequence[int]], Iterator[str]],
                tail: str = "") -> Callable[[BinaryIO], None]:
        """A data file written record by record, copying the records of the last file that
        are unchanged (see linefile.py): 30,000 records are not made again for one new report."""
        def stream(out: BinaryIO) -> None:
            made_for, old_index = linefile.read_index(index_path(path))
            if not (made_for and is_current(state, docs_dir, path, made_for)):
                old_index = {}
            out.write(head.encode("utf-8"))
            index = linefile.write_lines(out, keys, lambda todo: (t.encode("utf-8") for t in make(todo)),
                                         docs_dir / path, old_index)
            out.write(tail.encode("utf-8"))
            if cache_dir is not None:
                linefile.write_index(index_path(path), digest, index)
        return stream

    def corpus_lines(todo: Sequence[int]) -> Iterator[str]:
        for batch in linefile.batched(todo, 500):
            full = bodies.load([published[i] for i in batch])
            yield from catalog.corpus_lines(row(r, text=body_plain(r)) for r in full)

    def feed() -> bytes:
        # Records only for the reports the feed lists, not for 30,000.
        latest = sorted(published, key=lambda r: (-seq.get(r.ident.code, 0), r.ident.code))[:catalog.FEED_LIMIT]
        return catalog.atom_feed([catalog.FeedEntry(seq.get(r.ident.code, 0),
                                                    cite.record_from_front_matter(front_matter(r), site_url))
                                  for r in latest], site_url)

    keys = [record_key(r) for r in published]
    streams = {
        paths.CATALOG_CSV: reusing(paths.CATALOG_CSV, catalog.csv_head(), keys, in_parallel(
            lambda todo: (catalog.csv_record(catalog.check_row(row(published[i]))) for i in todo), workers)),
        paths.CATALOG_JSON: reusing(paths.CATALOG_JSON, catalog.JSON_HEAD,
                                      [record_key(r, i == 0) for i, r in enumerate(published)], in_parallel(
                                          lambda todo: (catalog.json_record(catalog.check_row(row(published[i])),
                                                                            first=i == 0) for i in todo), workers),
                                      tail=catalog.json_tail(bool(published))),
        paths.CORPUS_JSONL: reusing(paths.CORPUS_JSONL, "", keys, in_parallel(corpus_lines, workers)),
    }
    for path, stream in streams.items():
        yield OutputFile(path, "", key=digest, stream=stream)
    # Made from catalog.csv, which is on disk by now (the writer consumes this in order), on a
    # thread (zlib lets go of the GIL) beside the feed and the release's own compression.
    csv_gz = None
    if not is_current(state, docs_dir, paths.CATALOG_CSV_GZ, digest):
        pool = ThreadPoolExecutor(1)
        csv_gz = pool.submit(lambda: gzip.compress((docs_dir / paths.CATALOG_CSV).read_bytes(), 6, mtime=0))
        pool.shutdown(wait=False)
    yield OutputFile(paths.FEED_XML, "", key=digest, make=feed)
    if site_url:
        yield OutputFile(paths.SITEMAP, "", key=digest, make=lambda: catalog.sitemap_xml(pages, site_url))
    release_dir, release_url = release_to
    assets = []
    if release_dir is not None:
        # The corpus' lines by key, when its index describes the file now on disk (written with
        # it, or current: either way made for this digest): the release reads none it knows.
        made_for, lines = linefile.read_index(index_path(paths.CORPUS_JSONL))
        records = [(k, at, n) for k, (at, n) in lines.items()] if made_for == digest and lines else None
        assets = release.make_release(docs_dir / paths.CORPUS_JSONL, docs_dir / paths.CATALOG_JSON, release_dir,
                                      cache_dir / "release.pickle" if cache_dir else None, records)
    yield OutputFile(paths.CATALOG_CSV_GZ, "", key=digest, make=csv_gz.result if csv_gz else lambda: gzip.compress(
        (docs_dir / paths.CATALOG_CSV).read_bytes(), 6, mtime=0))
    sizes = {path: (docs_dir / path).stat().st_size for path in (*streams, paths.CATALOG_CSV_GZ, paths.FEED_XML)}
    # Written before this (render_all yields them first).
    sizes.update({path: (docs_dir / path).stat().st_size for path in (indicator_pages.VALUES_CSV, indicator_pages.SKIPPED_CSV)
                  if (docs_dir / path).exists()})
    yield OutputFile(DOWNLOADS, catalog.downloads_page_md(len(reports), sizes, here=DOWNLOADS, assets=assets,
                                                          release_url=release_url))


DOWNLOADS = "downloads.md"


