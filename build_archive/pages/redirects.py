"""Short URLs and moved reports: tiny static pages that send the reader on.

GitHub Pages has no server-side redirects and may serve the site under ``/<repository>/``,
so a redirect is a page with a relative target: a canonical link for search engines and
citation managers, an immediate refresh, and a script that keeps the ``#anchor``.
"""
from __future__ import annotations

import html
import json
from typing import Iterator, Sequence

from ..core import ids, paths
from ..core.mdtext import md_text
from ..core.model import BuildResult, OutputFile, Problem, Report, display_title
from .front_matter import dump_front_matter

SHORT_PREFIX = "CHR-"


def short_path(code: str) -> str:
    """``CHR-2ac8209b/index.html``: the citation code works as a URL, ``<site>/CHR-2ac8209b``."""
    return f"{SHORT_PREFIX}{code}/index.html"


def redirect_page(target: str, label: str) -> str:
    """A standalone HTML page sending the reader to ``target`` (relative to the page's folder).

    As small as it can be and still work everywhere (one for every report, issue 16): HTML's
    optional tags left out, no robots tag (the canonical link already names the page search
    engines should keep), and the fallback link named by ``label``."""
    href = html.escape(target, quote=True)
    script_target = json.dumps(target).replace("<", "\\u003c")
    return (
        f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>{html.escape(label)}</title>'
        f'<link rel="canonical" href="{href}"><meta http-equiv="refresh" content="0; url={href}">'
        f"<script>location.replace({script_target}+location.hash)</script>"
        f'<a href="{href}">{html.escape(label)}</a>\n'
    )


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
        yield OutputFile(short_path(entry.code),
                         redirect_page(f"../{entry.path}", f"引用编号 CHR-{entry.code}"))
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
