"""Command line: ``build-archive build | site | inspect | evaluate`` (also ``python -m build_archive``)."""
from __future__ import annotations

import argparse
import multiprocessing
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence

from .publish import sitesize
from .build import BuildFailed, Settings, build
from .core.paths import PROJECT_DIR
from .parse.report import Context, parse_report
from .parse.chrome_rules import load_rules
from .parse.divisions import load_divisions
from .read.ingest import display_name, read_source
from .core.model import BuildResult, Problem, display_title
from .parse.overrides import OverrideError, load_override, override_path
from .pages.render import body_markdown
from .parse.themes import load_vocabulary
from .publish.write import STATE_FILE

DEFAULT_REPORTS = PROJECT_DIR / "reports"
DEFAULT_DOCS = PROJECT_DIR / "docs"
DEFAULT_SITE = PROJECT_DIR / "site"
DEFAULT_LEDGER = PROJECT_DIR / "ledger.tsv"
DEFAULT_LABELS = PROJECT_DIR / "tests" / "fixtures" / "real" / "labels.yml"
DEFAULT_DIST = PROJECT_DIR / "dist"
INSPECT_KEYS = ("file", "title", "county", "province", "city", "adcode", "year", "period", "doc_type",
                "agency", "agency_full", "publish_date", "written_date", "source", "flags", "text")


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BuildFailed as exc:
        report_failure(exc)
        return 1


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build-archive", description="县级卫生健康工作报告档案：构建工具")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="turn the raw reports into Markdown pages under docs/")
    _common(p)
    p.add_argument("--docs", type=Path, default=None, help="Markdown output folder (default: docs/)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("site", help="build the whole site (Markdown, then mkdocs build --strict)")
    _common(p)
    p.add_argument("--out", type=Path, default=None, help="site output folder (default: site/)")
    p.add_argument("--docs", type=Path, default=None,
                   help="where to put the Markdown (default: docs/ for the project's reports, "
                        "else a folder OUT.docs next to the output)")
    p.add_argument("--renderer", choices=("fast", "mkdocs"), default="fast",
                   help="fast: mkdocs renders navigation pages and a shell, the build renders the rest "
                        "(default); mkdocs: mkdocs renders every page (slow, for checking)")
    p.set_defaults(func=cmd_site)

    p = sub.add_parser("inspect", help="show what the archive would make of raw files, writing nothing")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print a JSON list (the only format so far)")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("evaluate", help="score cleaning and metadata on the labelled corpus of real pages")
    p.add_argument("pages", nargs="*", metavar="PAGE", help="only these page ids (default: every labelled page)")
    p.add_argument("--labels", type=Path, default=DEFAULT_LABELS,
                   help="labels file (default: tests/fixtures/real/labels.yml)")
    p.add_argument("--pages-dir", type=Path, default=None,
                   help="folder of the raw pages (default: pages/ next to the labels file)")
    p.add_argument("--split", choices=("dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "all", "every"), default="all",
                   help="which labelled pages: a split, all (dev and heldout, the pages the rules were tuned on; the default) or every")
    p.add_argument("--floors", type=Path, default=None,
                   help="floors file: exit 1 when a figure of this split is below its floor")
    p.add_argument("--json", action="store_true", help="print the figures and misses as JSON")
    p.add_argument("--quiet", action="store_true", help="figures only, without the list of misses")
    p.set_defaults(func=cmd_evaluate)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="raw reports folder (default: reports/)")
    p.add_argument("--ledger", type=Path, default=None,
                   help="ledger of published URLs (default: ledger.tsv for the project's reports, "
                        "none for other folders)")
    p.add_argument("--strict", action="store_true", help="fail at the end if there was any warning")
    p.add_argument("--workers", type=int, default=0, help="processes for parsing and rendering (default: one per core)")


def settings_from(args: argparse.Namespace, docs: Path) -> Settings:
    reports = args.reports.resolve()
    is_project = reports == DEFAULT_REPORTS.resolve()
    ledger = args.ledger if args.ledger is not None else (DEFAULT_LEDGER if is_project else None)
    label = "reports" if is_project else str(args.reports)
    return Settings(reports_dir=reports, docs_dir=docs, ledger_path=ledger, strict=args.strict,
                    reports_label=label, cache_dir=cache_for(docs), workers=args.workers,
                    site_url=os.environ.get("SITE_URL", ""), release_dir=release_for(docs), skip_if_unchanged=True,
                    release_url=os.environ.get("RELEASE_URL", ""))


def cache_for(docs: Path) -> Path:
    """The build cache lives next to the Markdown it speeds up (git-ignored in the project)."""
    return docs.parent / f".{docs.name}-cache"


def release_for(docs: Path) -> Path:
    """The release files (release.py): ``dist/`` for the project, ``<docs>.dist`` elsewhere."""
    return DEFAULT_DIST if docs.resolve() == DEFAULT_DOCS.resolve() else docs.with_name(docs.name + ".dist")


def cmd_build(args: argparse.Namespace) -> int:
    docs = (args.docs or DEFAULT_DOCS).resolve()
    result = build(settings_from(args, docs))
    print_summary(result, docs)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .core.ids import read_ledger
    from .publish.site import build_site, check_ledger

    out = (args.out or DEFAULT_SITE).resolve()
    is_project = args.reports.resolve() == DEFAULT_REPORTS.resolve()
    docs = args.docs or (DEFAULT_DOCS if is_project and args.out is None else out.with_name(out.name + ".docs"))
    settings = settings_from(args, docs.resolve())
    started = time.perf_counter()
    # The docs build runs in a child process: the parsed archive (gigabytes at 30,000 reports)
    # is not needed to render the site, and Python would keep its memory after ``del``, which
    # the page renderers and link checkers forked below would then carry too.
    child = multiprocessing.get_context("fork").Process(target=_build_docs, args=(settings,))
    child.start()
    child.join()
    if child.exitcode != 0:
        return 1
    stats = build_site(settings.docs_dir, out, renderer=args.renderer, cache_dir=cache_for(settings.docs_dir),
                       writer_state=settings.cache_dir / STATE_FILE if settings.cache_dir else None)
    if settings.ledger_path is not None:
        entries = read_ledger(settings.ledger_path)
        check_ledger(out, [e.path for e in entries] + [f"CHR-{e.code}/" for e in entries], stats.sizes)
    size = sitesize.of_files(stats.sizes) if stats.sizes is not None else sitesize.measure(out)
    warnings, too_big = sitesize.problems(size)
    for message in warnings + too_big:
        print(f"warning: {message}", file=sys.stderr)
    if too_big and args.strict:
        raise BuildFailed(f"--strict: {too_big[0]}")
    print(f"Site built in {time.perf_counter() - started:.1f} s: {out}, {size.describe()} ({stats.rendered} pages rendered, "
          f"{stats.reused} unchanged, {stats.copied} files copied, {stats.removed} removed, {stats.links} links checked; "
          + ", ".join(f"{k} {v:.1f}s" for k, v in stats.timings) + ")")
    print(f"Preview it with `make serve` (http://127.0.0.1:8000/), or serve {out} with any static "
          "web server; search needs HTTP, not file://.")
    return 0


def _build_docs(settings: Settings) -> None:
    try:
        print_summary(build(settings), settings.docs_dir)
    except BuildFailed as exc:
        report_failure(exc)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)
    sys.stdout.flush()
    sys.stderr.flush()


def report_failure(exc: BuildFailed) -> None:
    for problem in exc.problems:
        print(f"  {problem}", file=sys.stderr)
    print(f"Error: {exc}", file=sys.stderr)


def print_summary(result: BuildResult, docs: Path) -> None:
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    published, flagged = result.counts or (len(result.reports), sum(1 for r in result.reports if r.meta.flags))
    stages = stage_times(result.timings)
    if result.counts is not None:
        stages = "nothing changed since the last build; " + stages
    print(f"{published} reports published, {len(result.skipped)} not published, {flagged} flagged, "
          f"{len(result.problems)} warnings; {result.written} files written, {result.unchanged} unchanged, "
          f"{result.removed} removed in {docs} ({stages})")


def stage_times(timings: dict[str, float]) -> str:
    """``read 0.10s, ..., render+write 11.11s [related 2.78s, browse 0.72s]``: parts inside their
    stage, so the figures add up to the build's time rather than count a part twice."""
    parts = []
    for stage, seconds in timings.items():
        if "/" in stage:
            continue
        inner = [f"{k.split('/', 1)[1]} {v:.2f}s" for k, v in timings.items() if k.startswith(stage + "/")]
        parts.append(f"{stage} {seconds:.2f}s" + (f" [{', '.join(inner)}]" if inner else ""))
    return ", ".join(parts)


def cmd_inspect(args: argparse.Namespace) -> int:
    divisions = load_divisions()
    context = Context(load_rules(), divisions, load_vocabulary())
    out = []
    status = 0
    for path in args.files:
        item = read_source(path)
        if isinstance(item, Problem):
            print(f"warning: {item}", file=sys.stderr)
            out.append({k: None for k in INSPECT_KEYS} | {"file": display_name(str(path)), "flags": ["unreadable"], "error": item.message})
            status = 1
            continue
        ctx = context
        override_file = override_path(path)
        if override_file is not None:
            try:
                ctx = Context(context.rules, divisions, context.vocabulary,
                              {path.name: load_override(override_file, str(override_file), divisions)})
            except OverrideError as exc:
                print(f"warning: {exc}", file=sys.stderr)
        report = parse_report(item, ctx)
        m = report.meta
        out.append({
            "file": display_name(str(path)), "title": m.title or None, "county": m.county, "province": m.province,
            "city": m.city, "adcode": m.adcode, "year": m.year, "period": m.period, "doc_type": m.doc_type,
            "agency": m.agency, "agency_full": m.agency_full, "publish_date": m.publish_date,
            "written_date": m.written_date, "source": m.source, "flags": [f.code for f in m.flags],
            "text": body_markdown(report), "display_title": display_title(m),
            "reporter": m.reporter, "source_url": m.source_url, "captured_date": m.captured_date,
            "themes": [t.theme for t in report.themes], "corrected": list(m.corrected),
            "evidence": dict(m.evidence), "removed": [{"line": r.line_no, "rule": r.rule, "text": r.text}
                                                      for r in report.cleaned.removed],
        })
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return status


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Exit 0 when scored (and at or above every floor given), 1 below a floor, 2 for bad labels."""
    from .evaluate import LabelsError, below_floors, evaluate, format_score, load_floors, load_labels

    try:
        labels = load_labels(args.labels)
        floors = load_floors(args.floors).get(args.split, {}) if args.floors else {}
        unknown = [p for p in args.pages if p not in labels]
        if unknown:
            raise LabelsError(f"{args.labels}: no label for page(s) {', '.join(unknown)}")
        context = Context(load_rules(), load_divisions(), load_vocabulary())
        score = evaluate(args.pages_dir or args.labels.parent / "pages", labels, context, args.split, args.pages)
    except LabelsError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    failures = below_floors(score, floors)
    if args.json:
        print(json.dumps(score.as_dict() | {"below_floors": failures}, ensure_ascii=False, indent=2))
    else:
        print(format_score(score, args.labels, misses=not args.quiet))
    for failure in failures:
        print(f"below floor: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
