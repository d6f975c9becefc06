"""The build, top to bottom: read everything, parse every report, check facts across
reports, render, and only then write.

Nothing touches docs/ until every report has been parsed and the cross-report checks have
passed: a build that fails half way must not leave a half-updated site behind (the same
reason mkdocs' own build gathers all pages before writing any).
"""
from __future__ import annotations

import functools
import gc
import hashlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import chain
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .pages import browse, catalog, cite, indicator_pages, redirects
from .parse import dedup, indicators, related
from .publish import fastpages, release
from .core import ids, linefile, pagetext, paths
from .read import rawpack
from .search import search_index, trends
from .search.format import SearchDoc
from .core.cache import Bodies, ParseCache, build_version, parse_key, read_state, stub_of, write_state
from .parse.clean import load_rules
from .parse.divisions import load_divisions
from .read.ingest import display_name, list_inputs, load_text, read_source
from .parse.metadata import display_title
from .core.errors import BuildFailed
from .core.model import BuildResult, OutputFile, Problem, Report, Skipped, Source
from .core.progress import Progress
from .parse.overrides import Override, OverrideError, load_override
from .parse.report import Context, parse_report
from .core.mdtext import md_text
from .pages.render import (Related, body_plain, dump_front_matter, front_matter, raw_doc_path, render_report,
                           report_doc_path)
from .parse.themes import load_vocabulary
from .publish.write import STATE_FILE, is_current, is_owned, load_state, write_outputs, written_files

PROJECT_DIR = Path(__file__).resolve().parent.parent
PROJECT_DOCS = PROJECT_DIR / "docs"


@dataclass(frozen=True)
class Settings:
    """Where a build reads and writes."""

    reports_dir: Path
    """The raw captures (never written to)."""
    docs_dir: Path
    """Where the Markdown goes; the writer owns only its generated part (see ``write.OWNED_DIRS``)."""
    ledger_path: Path | None = None
    """The committed ledger of published URLs; None for a throwaway build with no ledger."""
    strict: bool = False
    """Turn every warning into a failure at the end of the build."""
    reports_label: str = "reports"
    """How messages name the reports folder."""
    cache_dir: Path | None = None
    """Where parsed reports are cached between builds; None for no cache."""
    workers: int = 0
    """Processes for parsing; 0 for one per core."""
    site_url: str = ""
    """The site's absolute URL (the SITE_URL mkdocs.yml reads), for citations, feed and sitemap."""
    skip_if_unchanged: bool = False
    """Skip the docs stage when nothing it reads changed since the last complete build (``NoChange``)."""
    release_dir: Path | None = None
    """Where the bulk files too big for the site go (see release.py); None for none."""
    release_url: str = ""
    """Where the Pages workflow publishes them (the RELEASE_URL it sets); empty for a local build."""


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
    with timed(result, "search"):
        search = search_files(result.reports, {e.code: i for i, e in enumerate(new_ledger)}, bodies,
                              settings.cache_dir, settings.workers)

    with timed(result, "indicators"):
        extracted = extract_indicators(result.reports, bodies, settings.cache_dir)

    # Every check has passed: pages are rendered and written one at a time from here on.
    with timed(result, "render+write"):
        static = static_files(settings.docs_dir)
        state_path = settings.cache_dir / STATE_FILE if settings.cache_dir else None
        state = load_state(state_path)
        outputs = chain(render_all(result, new_ledger, context, label, settings.docs_dir, bodies,
                                   settings.site_url, state, settings.workers, settings.cache_dir, extracted,
                                   (settings.release_dir, settings.release_url)),
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


class NoChange:
    """A rebuild whose inputs are those of the last complete build skips the whole docs stage.

    Everything the docs stage reads goes into one digest: the build's code and data (the whole
    package), the settings, the ledger, every correction file, every raw file's name and SHA-256
    (``read_all`` takes them from its cache for files whose stat is unchanged) and what reading
    them found wrong, and the hand-written docs copied into another docs folder. With the same
    digest, and every file the writer left (its state) and every release file still as it was
    written, the docs folder is already what the build would write: loading 30,000 cached
    parses, keying 30,000 pages and checking 75,000 files only to write nothing took 15 s.
    The summary (counts, files not published, problems) is the last build's; under
    ``--strict`` its problems fail the build as they did then."""

    FILE = "last-build.pickle"

    @staticmethod
    def digest(settings: Settings, sources: Sequence[Source], result: BuildResult) -> str:
        from .core.cache import _package_hash

        h = hashlib.sha256()
        # Not ``strict``: it changes no output, and a strict rebuild must fail on the problems.
        parts: list[object] = [_package_hash(set()), str(settings.docs_dir), str(settings.ledger_path),
                               settings.site_url, str(settings.release_dir), settings.release_url,
                               settings.reports_label, [(s.name, s.sha256, s.encoding, s.size) for s in sources],
                               [str(p) for p in result.problems]]
        for path in sorted(settings.reports_dir.glob("*.y*ml")):
            parts.append((path.name, path.read_bytes()))
        if settings.docs_dir.resolve() != PROJECT_DOCS.resolve() and PROJECT_DOCS.is_dir():
            parts.append([(p.relative_to(PROJECT_DOCS).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                          for p in sorted(PROJECT_DOCS.rglob("*")) if p.is_file()
                          and not is_owned(p.relative_to(PROJECT_DOCS).as_posix())])
        h.update(repr(parts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @staticmethod
    def with_ledger(settings: Settings, digest: str) -> str:
        """The inputs' digest with the ledger as it is now: the build appends to it, so the
        record is made after, and the check before, the build's own changes to it."""
        ledger = settings.ledger_path.read_bytes() if settings.ledger_path and settings.ledger_path.is_file() else b""
        return hashlib.sha256(digest.encode("ascii") + b"\0" + ledger).hexdigest()

    @classmethod
    def check(cls, settings: Settings, sources: Sequence[Source], result: BuildResult) -> BuildResult | None:
        if settings.cache_dir is None:
            return None
        path = settings.cache_dir / cls.FILE
        last = read_state(path)
        path.unlink(missing_ok=True)  # until this build completes (see record)
        digest = cls.digest(settings, sources, result)
        result.inputs_digest = digest
        written = written_files(settings.cache_dir / STATE_FILE)
        if last.get("digest") != cls.with_ledger(settings, digest) or not written or any(
                _stat_of(f"{settings.docs_dir}/{rel}") != stamp for rel, stamp in written.items()):
            return None
        if settings.release_dir is not None and not release.is_current(
                settings.release_dir, settings.cache_dir / "release.pickle"):
            return None
        if settings.strict and last["problems"]:
            raise BuildFailed(f"--strict: {len(last['problems'])} problem(s) found; nothing was written",
                              last["problems"])
        done = BuildResult(skipped=last["skipped"], problems=last["problems"], unchanged=len(written),
                           timings=result.timings, counts=tuple(last["counts"]))
        write_state(path, last)
        return done

    @classmethod
    def record(cls, settings: Settings, result: BuildResult) -> None:
        digest = result.inputs_digest
        if settings.cache_dir is None or not digest:
            return
        counts = [len(result.reports), sum(1 for r in result.reports if r.meta.flags)]
        write_state(settings.cache_dir / cls.FILE, {"digest": cls.with_ledger(settings, digest), "counts": counts,
                                                    "skipped": result.skipped, "problems": result.problems})


def _stat_of(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


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


def read_all(settings: Settings, result: BuildResult) -> list[Source]:
    candidates, others = list_inputs(settings.reports_dir)
    label = settings.reports_label
    for path in others:
        reason = "not a .txt report file; raw captures must be plain-text .txt files"
        result.problems.append(Problem(f"{label}/{display_name(path.name)}", "read", reason, True))
        result.skipped.append(Skipped(display_name(path.name), reason))
    state = settings.cache_dir / "sources.pickle" if settings.cache_dir else None
    known = read_state(state)
    seen: dict[str, list] = {}
    sources = []
    for path in candidates:
        item = read_source(path, f"{label}/{display_name(path.name)}", known)
        if isinstance(item, Problem):
            result.problems.append(item)
            result.skipped.append(Skipped(display_name(path.name), item.message))
        else:
            sources.append(item)
            seen[path.name] = [*item.stamp, item.sha256, item.capture_id, item.encoding]
    if state is not None and seen != known:
        write_state(state, seen)
    return sources


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
INDICATOR_CACHE = "indicators.pickle"
_INDICATOR_JOBS: list = []


def _extract(reports: Sequence[Report], bodies: Bodies) -> list[indicators.Extraction]:
    vocab = indicators.load_vocabulary()
    return [indicators.extract_report([(b.kind, b.text) for b in r.structured.blocks], vocab,
                                      year=r.meta.year, doc_type=r.meta.doc_type, county=r.meta.county)
            for r in bodies.load(reports)]


def _extract_chunk(n: int) -> list[indicators.Extraction]:
    chunks, bodies = _INDICATOR_JOBS
    return _extract(chunks[n], bodies)


def extract_indicators(reports: Sequence[Report], bodies: Bodies, cache_dir: Path | None
                       ) -> dict[str, indicators.Extraction]:
    """Citation code -> the report's indicator values and skips (indicators.py).

    Kept per parse key (which covers the text, its metadata and corrections) and the extractor's
    version, so a rebuild after adding a report reads one body, not 30,000."""
    version = indicators.module_version()
    path = cache_dir / INDICATOR_CACHE if cache_dir else None
    state = read_state(path)
    known = state.get("items", {}) if state.get("version") == version else {}
    published = [r for r in reports if r.ident]
    done: dict[str, indicators.Extraction] = {r.key: known[r.key] for r in published if r.key in known}
    todo = [r for r in published if r.key not in done]
    chunks = [todo[i:i + 500] for i in range(0, len(todo), 500)]
    workers = os.cpu_count() or 1
    if len(chunks) > 1 and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # Forked workers share the archive and load their chunk's bodies themselves (0.5 ms a
        # report: 17 s at 30,000 on one core, the first build only).
        _INDICATOR_JOBS[:] = [chunks, bodies]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for chunk, got in zip(chunks, pool.imap(_extract_chunk, range(len(chunks)))):
                    done.update(zip((r.key for r in chunk), got))
        finally:
            _INDICATOR_JOBS.clear()
    else:
        for chunk in chunks:
            done.update(zip((r.key for r in chunk), _extract(chunk, bodies)))
    if path is not None and (todo or len(known) != len(done)):
        write_state(path, {"version": version, "items": done})
    return {r.ident.code: done[r.key] for r in published if r.ident}


def _without_text(report: Report) -> Report:
    """What the rest of the build needs of a parsed report: its blocks, metadata and removed
    lines. The decoded text and the cleaned lines (the blocks hold the same words) would
    double the memory a 30,000-report build needs; the raw file is copied from its path."""
    return replace(report, source=replace(report.source, text=""),
                   cleaned=replace(report.cleaned, lines=()))


PARALLEL_FROM = 100
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


def drop_duplicates(reports: list[Report], result: BuildResult, label: str,
                    published: set[str] = frozenset()) -> list[Report]:  # type: ignore[assignment]
    """One page per report: exact copies (same bytes, same cleaned text) and near copies (a repost
    with other chrome, a few characters changed, a truncated capture), found by
    ``dedup.find_duplicates``. The copy already published (in the ledger) is kept, so a newly
    found copy never moves a report's URL; among new copies the most complete (longest) text
    is kept, then the first by file name."""
    ordered = sorted(reports, key=lambda r: r.source.name)
    duplicate_of = dedup.find_duplicate_prints([(r.source.name, r.fingerprint) for r in ordered], prefer=published)
    kept: list[Report] = []
    for report in ordered:
        winner = duplicate_of.get(report.source.name)
        if winner is None:
            kept.append(report)
            continue
        reason = f"与 {winner} 是同一报告（重复收录或转载），只发布 {winner}"
        result.skipped.append(Skipped(report.source.name, reason, duplicate_of=winner))
        result.problems.append(Problem(f"{label}/{report.source.name}", "duplicates",
                                       f"same report as {label}/{winner}; only {winner} is published"))
    return kept


def render_all(result: BuildResult, ledger: Sequence[ids.LedgerEntry], context: Context,
               label: str, docs_dir: Path, bodies: Bodies, site_url: str = "", state: dict | None = None,
               workers: int = 0, cache_dir: Path | None = None,
               extracted: dict[str, indicators.Extraction] | None = None,
               release: tuple[Path | None, str] = (None, "")) -> Iterator[OutputFile]:
    """Every generated file, one at a time (a generator: see ``write_outputs``).

    Report pages not current in the writer's ``state`` are rendered first, on
    every core; the rest are made only if the writer finds them changed after all."""
    reports = result.reports
    seq = {e.code: i for i, e in enumerate(ledger)}
    index = browse.ArchiveIndex.of(reports, seq, context.vocabulary)
    with timed(result, "render+write/related"):
        neighbours = similar_reports(reports, cache_dir)
    by_code = {r.ident.code: r for r in reports if r.ident}
    slugs = {t.name: t.slug for t in context.vocabulary.themes}
    nearest = NearestInCounty()
    shown: dict[int, str] = {}
    jobs = []
    for r in reports:
        assert r.ident is not None
        county = index.by_county.get(r.meta.adcode or "", [])
        links = Related(
            same_county=nearest(r, county),
            more_in_county=len(county) - 1 > SAME_COUNTY_SHOWN,
            similar=tuple(by_code[c] for c in neighbours.get(r.ident.code, ())),
            theme_slugs=tuple((t.theme, slugs[t.theme]) for t in r.themes),
        )
        # A page is made only when what it is made of changed: adding one report to 30,000
        # re-renders its county's pages and its neighbours', not 30,000.
        jobs.append((r, links, _page_key(r, links, site_url, shown)))
    stale = [i for i, (r, _links, key) in enumerate(jobs)
             if not is_current(state or {}, docs_dir, report_doc_path(r), key)]
    # Consumed in step with the loop below: 30,000 pages of Markdown held at once were ~1.5 GB.
    stale_set = set(stale)
    rendered = render_pages([(jobs[i][0], jobs[i][1]) for i in stale], bodies, site_url, workers)
    pages: list[str] = []
    for i, (r, links, key) in enumerate(jobs):
        made = next(rendered) if i in stale_set else None
        page = OutputFile(report_doc_path(r), "", key=key, make=(lambda made=made: made) if made is not None
                          else functools.partial(_page_text, r, links, bodies, site_url))
        pages.append(page.path)
        yield page
    # Raw captures and removed lines, packed against the text of their pages (rawpack.py).
    yield from rawpack.pack_outputs(reports, bodies.load, cache_dir)
    for out in moved_and_short_pages(result, ledger):
        pages.append(out.path)
        yield out
    vocab = indicators.load_vocabulary()
    values, skips = indicator_pages.rows_of(reports, extracted or {})
    for out in indicator_pages.outputs(vocab, values, skips):
        if out.path.endswith(".md"):
            pages.append(out.path)
        yield out
    with timed(result, "render+write/browse"):
        browse_pages = browse.browse_pages(index, indicator_pages.county_sections(vocab, values))
    for out in browse_pages:
        pages.append(out.path)
        yield out
    pages.append(paths.BUILD_REPORT)
    yield OutputFile(paths.BUILD_REPORT, browse.build_report_page(reports, result.skipped, result.problems, label))
    yield OutputFile("build-report.tsv", browse.build_report_tsv(reports, result.skipped))
    yield OutputFile(fastpages.SHELL_DOC, fastpages.SHELL_MARKDOWN)
    yield from bulk_data(reports, seq, site_url, pages, docs_dir, bodies, state or {}, cache_dir, release, workers)


def similar_reports(reports: Sequence[Report], cache_dir: Path | None) -> dict[str, tuple[str, ...]]:
    """``related.similar`` of the archive, from the last build when no report's parse, code or
    county changed (a no-change rebuild of 30,000 reports skips a 4 s matrix product)."""
    docs = [related.Doc(r.ident.code, r.meta.adcode or r.ident.code, r.terms) for r in reports if r.ident]
    digest = hashlib.sha256(repr((build_version(), [(r.ident.code, r.meta.adcode, r.key) for r in reports if r.ident])
                                 ).encode("utf-8")).hexdigest()
    path = cache_dir / "related.pickle" if cache_dir else None
    last = read_state(path)
    if last.get("digest") == digest and isinstance(last.get("similar"), dict):
        return last["similar"]
    found = related.similar(docs)
    if path is not None:
        write_state(path, {"digest": digest, "similar": found})
    return found


def _page_key(report: Report, links: Related, site_url: str, shown: dict[int, str] | None = None) -> str:
    """Everything ``render_report`` reads, as a digest: the parse (its key covers the raw
    bytes, the correction file and the parsing code), the identity, what the page shows of
    related reports, the site URL and the build's own code. ``shown`` memoises what a page
    shows of a related report (each is listed on some fifteen pages)."""
    shown = {} if shown is None else shown

    def short(o: Report) -> str:
        text = shown.get(id(o))
        if text is None:
            text = shown[id(o)] = repr((o.ident.code if o.ident else "", display_title(o.meta), o.meta.county,
                                        o.meta.year))
        return text

    parts = (build_version(), report.key, report.ident, site_url, links.theme_slugs, links.more_in_county,
             [short(o) for o in links.same_county], [short(o) for o in links.similar])
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


# A county with a decade of reports has a hundred: each page lists the closest in time and
# links the county page, so that adding a report does not rewrite a hundred pages.
SAME_COUNTY_SHOWN = 10


def nearest_in_county(report: Report, county: Sequence[Report]) -> tuple[Report, ...]:
    """Up to ``SAME_COUNTY_SHOWN`` other reports of the county closest in year, newest first
    (``county`` is newest first)."""
    return NearestInCounty()(report, county)


class NearestInCounty:
    """``nearest_in_county`` for every report of an archive: the ranking depends only on the
    county and the report's year, so it is made once per (county, year), from the county's
    reports grouped by year: a county of a hundred reports is not sorted a hundred times.

    The ranking: the same year first, then by distance in years, the newer of two equally
    distant years first, undated reports last (all reports at equal distance from an undated
    one: newest first); within a year by citation code."""

    def __init__(self) -> None:
        self._ranked: dict[tuple[int, int | None], list[Report]] = {}
        self._years: dict[int, dict[int | None, list[Report]]] = {}
        self._positions: dict[int, dict[int, int]] = {}

    def __call__(self, report: Report, county: Sequence[Report]) -> tuple[Report, ...]:
        if len(county) - 1 <= SAME_COUNTY_SHOWN:
            return tuple(o for o in county if o is not report)
        year = report.meta.year
        key = (id(county), year)
        ranked = self._ranked.get(key)
        if ranked is None:
            years = self._years.get(id(county))
            if years is None:
                years = self._years[id(county)] = _by_year_and_code(county)
            dated = [y for y in years if y is not None]
            order = sorted(dated, key=lambda y: (abs(y - year), -y) if year is not None else (0, -y))
            ranked = []
            for y in (*order, None):
                if len(ranked) > SAME_COUNTY_SHOWN:
                    break
                ranked += years.get(y, ())
            ranked = self._ranked[key] = ranked[:SAME_COUNTY_SHOWN + 1]
        chosen = [o for o in ranked if o is not report][:SAME_COUNTY_SHOWN]
        position = self._positions.get(id(county))
        if position is None:
            position = self._positions[id(county)] = {id(o): i for i, o in enumerate(county)}
        return tuple(sorted(chosen, key=lambda o: position[id(o)]))


def _by_year_and_code(reports: Sequence[Report]) -> dict[int | None, list[Report]]:
    groups: dict[int | None, list[Report]] = {}
    for r in reports:
        groups.setdefault(r.meta.year, []).append(r)
    for items in groups.values():
        items.sort(key=lambda o: o.ident.code if o.ident else "")
    return groups


def render_pages(jobs: list[tuple[Report, Related]], bodies: Bodies, site_url: str,
                 workers: int = 0) -> Iterator[str]:
    """The Markdown of each job's report page, in order, on every core (``in_parallel``: the
    workers share the parsed archive and load the bodies of their pages from the parse cache
    themselves)."""
    def texts(todo: Sequence[int]) -> Iterator[str]:
        for batch in linefile.batched(todo, RENDER_CHUNK):
            yield from _page_texts([jobs[i] for i in batch], bodies, site_url)

    return in_parallel(texts, workers)(range(len(jobs)))


RENDER_CHUNK = 200


def _page_text(report: Report, links: Related, bodies: Bodies, site_url: str) -> str:
    return _page_texts([(report, links)], bodies, site_url)[0]


def _page_texts(jobs: Sequence[tuple[Report, Related]], bodies: Bodies, site_url: str) -> list[str]:
    reports = bodies.load([r for r, _links in jobs])
    return [render_report(r, links, site_url).content for r, (_r, links) in zip(reports, jobs)]  # type: ignore[misc]


def search_files(reports: Sequence[Report], seq: dict[str, int], bodies: Bodies, cache_dir: Path | None = None,
                 workers: int = 0) -> list[OutputFile]:
    """The archive's own search index (see search_index.py and archive-search.js).

    Documents are numbered in publication order (``seq``), so a new report only appends; the
    index caches its per-document work and compressed blocks in ``cache_dir``. A document's
    text stands as its parse key (``text_id``) and is loaded only when the index must read it
    (``fill``): adding one report to 30,000 loads one text, not 30,000."""
    by_url = {r.ident.path: r for r in reports if r.ident}
    docs = [SearchDoc(
        url=r.ident.path, title=display_title(r.meta), county=r.meta.county, province=r.meta.province,
        year=r.meta.year, doc_type=r.meta.doc_type, themes=tuple(t.theme for t in r.themes),
        seq=seq.get(r.ident.code, 0), text_id=r.key.encode("ascii"))
        for r in by_url.values() if r.ident]

    def fill(wanted: Sequence[SearchDoc]) -> list[SearchDoc]:
        full = bodies.load([by_url[d.url] for d in wanted])
        # The body as its page shows it: the browser verifies queries against the page itself.
        return [replace(d, headings=r.structured.headings, body=pagetext.paragraphs_text(r.structured.paragraphs))
                for d, r in zip(wanted, full)]

    files = search_index.search_outputs(docs, cache_dir=cache_dir / "search" if cache_dir else None,
                                        workers=workers, fill=fill)
    return [OutputFile(f.path, b"", key=f.key, make=f.make) for f in files]


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

    def reusing(path: str, head: str, keys: list[str], make: Callable[[Sequence[int]], Iterator[str]],
                tail: str = "") -> Callable[[BinaryIO], None]:
        """A data file written record by record, copying the records of the last file that
        are unchanged (see linefile.py): 30,000 records are not made again for one new report."""
        def stream(out: BinaryIO) -> None:
            index_path = cache_dir / f"{path.replace('/', '-')}.records.pickle" if cache_dir else None
            made_for, old_index = linefile.read_index(index_path)
            if not (made_for and is_current(state, docs_dir, path, made_for)):
                old_index = {}
            out.write(head.encode("utf-8"))
            index = linefile.write_lines(out, keys, lambda todo: (t.encode("utf-8") for t in make(todo)),
                                         docs_dir / path, old_index)
            out.write(tail.encode("utf-8"))
            if index_path is not None:
                linefile.write_index(index_path, digest, index)
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
        catalog.CATALOG_CSV: reusing(catalog.CATALOG_CSV, catalog.csv_head(), keys, in_parallel(
            lambda todo: (catalog.csv_record(catalog.check_row(row(published[i]))) for i in todo), workers)),
        catalog.CATALOG_JSON: reusing(catalog.CATALOG_JSON, catalog.JSON_HEAD,
                                      [record_key(r, i == 0) for i, r in enumerate(published)], in_parallel(
                                          lambda todo: (catalog.json_record(catalog.check_row(row(published[i])),
                                                                            first=i == 0) for i in todo), workers),
                                      tail=catalog.json_tail(bool(published))),
        catalog.CORPUS_JSONL: reusing(catalog.CORPUS_JSONL, "", keys, in_parallel(corpus_lines, workers)),
    }
    for path, stream in streams.items():
        yield OutputFile(path, "", key=digest, stream=stream)
    yield OutputFile(catalog.FEED_XML, "", key=digest, make=feed)
    if site_url:
        yield OutputFile(catalog.SITEMAP, "", key=digest, make=lambda: catalog.sitemap_xml(pages, site_url))
    sizes = {path: (docs_dir / path).stat().st_size for path in (*streams, catalog.FEED_XML)}
    # Written before this (render_all yields them first).
    sizes.update({path: (docs_dir / path).stat().st_size for path in (indicator_pages.VALUES_CSV, indicator_pages.SKIPPED_CSV)
                  if (docs_dir / path).exists()})
    release_dir, release_url = release_to
    assets = []
    if release_dir is not None:
        assets = release.make_release(docs_dir / catalog.CORPUS_JSONL, docs_dir / catalog.CATALOG_JSON, release_dir,
                                      cache_dir / "release.pickle" if cache_dir else None)
    yield OutputFile(DOWNLOADS, catalog.downloads_page_md(len(reports), sizes, here=DOWNLOADS, assets=assets,
                                                          release_url=release_url))


DOWNLOADS = "downloads.md"
_RECORD_JOBS: list = []


def in_parallel(make: Callable[[Sequence[int]], Iterable[str]], workers: int = 0
                ) -> Callable[[Sequence[int]], Iterator[str]]:
    """``make`` (the records or pages of indexes, in order) spread over every core, the results
    still in order: the report pages, and the catalog's and corpus' 30,000 records each (on one
    core, the corpus was the build's longest single-core stretch, 31 s). The workers are forked
    so they share the parsed archive instead of receiving 30,000 reports through pipes; they
    are handed index lists only, and load what bodies they need from the parse cache."""
    def run(todo: Sequence[int]) -> Iterator[str]:
        count = workers or os.cpu_count() or 1
        if len(todo) < PARALLEL_FROM or count == 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from make(todo)
            return
        size = max(20, min(RENDER_CHUNK, len(todo) // (count * 16)))
        _RECORD_JOBS[:] = [make]
        try:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                for chunk in pool.imap(_make_records, [todo[i:i + size] for i in range(0, len(todo), size)]):
                    yield from chunk
        finally:
            _RECORD_JOBS.clear()
    return run


def _make_records(todo: Sequence[int]) -> list[str]:
    return list(_RECORD_JOBS[0](todo))


def _merged_into(result: BuildResult) -> dict[str, Report]:
    """Published file name -> the report it is now a duplicate of."""
    by_name = {r.source.name: r for r in result.reports if r.ident}
    return {s.name: by_name[s.duplicate_of] for s in result.skipped
            if s.duplicate_of and s.duplicate_of in by_name}


def ledger_problems(result: BuildResult, ledger: Sequence[ids.LedgerEntry], label: str) -> list[Problem]:
    """What became of published reports that are not published any more."""
    live = {r.ident.code for r in result.reports if r.ident}
    merged = _merged_into(result)
    problems = []
    for entry in ledger:
        if entry.code in live:
            continue
        kept = merged.get(entry.source_file)
        if kept is not None and kept.ident is not None:
            problems.append(Problem(f"{label}/{entry.source_file}", "ids", (
                f"was published as {entry.path} and is now a duplicate of {kept.source.name}; "
                f"its URL redirects to {kept.ident.path}")))
        else:
            problems.append(Problem(f"{label}/{entry.source_file}", "ids", (
                f"was published as {entry.path} but is no longer in {label}/; its URL now shows a "
                "'withdrawn' notice")))
    return problems


def moved_and_short_pages(result: BuildResult, ledger: Sequence[ids.LedgerEntry]) -> Iterator[OutputFile]:
    """Every URL in the ledger keeps resolving, and every citation code works as a short URL.

    A published report that is now a duplicate of another redirects to it; one whose file
    left reports/ shows a withdrawn notice.
    """
    live = {r.ident.code for r in result.reports if r.ident}
    merged = _merged_into(result)
    for entry in ledger:
        yield OutputFile(redirects.short_path(entry.code),
                         redirects.redirect_page(f"../{entry.path}", f"引用编号 CHR-{entry.code}"))
        if entry.code in live:
            continue
        kept = merged.get(entry.source_file)
        yield merged_page(entry, kept) if kept is not None and kept.ident is not None else withdrawn_page(entry)


def withdrawn_page(entry: ids.LedgerEntry) -> OutputFile:
    """A published URL must keep resolving even after its report leaves the archive."""
    text = (
        f"---\ntitle: 报告已撤下\ncode: CHR-{entry.code}\nwithdrawn: true\n---\n\n"
        f"# 报告已撤下\n\n引用编号 CHR-{entry.code} 对应的报告已从档案中撤下。"
        f"请在[首页](../index.md)浏览其他报告。\n"
    )
    return OutputFile(paths.report_doc(entry.code), text)


def merged_page(entry: ids.LedgerEntry, kept: Report) -> OutputFile:
    """A report found to duplicate another: its URL sends readers to the copy that is kept."""
    assert kept.ident is not None
    target = f"../{kept.ident.code}/"
    head = ('<link rel="canonical" href="{0}"><meta http-equiv="refresh" content="0; url={0}">'
            '<script>location.replace("{0}" + location.hash)</script>').format(target)
    data = {"title": "报告已合并", "code": f"CHR-{entry.code}", "merged_into": kept.ident.citation, "head": head}
    body = (f"# 报告已合并\n\n引用编号 CHR-{entry.code} 对应的报告与 {kept.ident.citation} 为同一报告，"
            f"已合并。请查看[{md_text(display_title(kept.meta))}]({paths.rel(paths.report_doc(entry.code), paths.report_doc(kept.ident.code))})。\n")
    return OutputFile(paths.report_doc(entry.code), dump_front_matter(data) + "\n" + body)


def static_files(docs_dir: Path) -> list[OutputFile]:
    """Hand-written site files, copied when building into a docs folder other than the project's."""
    if docs_dir.resolve() == PROJECT_DOCS.resolve() or not PROJECT_DOCS.is_dir():
        return []
    files = []
    for path in sorted(PROJECT_DOCS.rglob("*")):
        rel = path.relative_to(PROJECT_DOCS).as_posix()
        if path.is_file() and not is_owned(rel) and not rel.endswith(".tmp"):
            files.append(OutputFile(rel, path.read_bytes()))
    return files
