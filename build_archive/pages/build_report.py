"""The build report: every input file with what became of it (a page and build-report.tsv.gz)."""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Sequence

from ..core import paths
from ..core.mdtext import md_text
from ..core.model import Problem, Report, Skipped
from ..core.paths import rel
from .archive_index import markdown_page

# The reader's words for each flag code in the build report (the codes stay in build-report.tsv.gz).
FLAG_LABELS = {
    "county-unknown": "原文未写明所属县（区）",
    "county-ambiguous": "所属县（区）有歧义",
    "county-from-body": "所属县（区）只见于正文",
    "site-code-mismatch": "网站标识码与所定县（区）不符",
    "publish-date-ambiguous": "发布日期写法有歧义",
    "title-missing": "原文没有标题",
    "agency-unknown": "原文未写明发文机构",
    "year-unknown": "无法确定所属年度",
    "doc-type-unknown": "无法确定文种",
    "truncated": "原文疑似不完整",
    "lost-characters": "原文疑似丢失字符",
    "repeated-paragraph": "段落重复出现",
    "traditional": "原文为繁体字",
    "injected-phrase": "疑似被注入广告短语",
}


def build_report_page(reports: Sequence[Report], skipped: Sequence[Skipped],
                      problems: Iterable[Problem], reports_label: str) -> str:
    """Every input file with what became of it: nothing in reports/ goes unaccounted for."""
    here = paths.BUILD_REPORT
    problems = list(problems)
    flagged = Counter(f.code for r in reports for f in r.meta.flags)
    # A code without a label yet reads as its shortest message (each names what was noticed).
    messages: dict[str, str] = {}
    for r in reports:
        for f in r.meta.flags:
            if f.code not in messages or len(f.message) < len(messages[f.code]):
                messages[f.code] = f.message
    body = [
        "# 构建报告",
        "",
        f"{md_text(reports_label)}/ 中共有 {len(reports) + len(skipped)} 个文件：已发布 {len(reports)} 篇，"
        f"未发布 {len(skipped)} 个。完整的逐文件清单（含网址和提示）见 "
        f"[build-report.tsv.gz]({rel(here, paths.BUILD_REPORT_TSV)})（gzip 压缩的制表符分隔文本，UTF-8 编码）。",
        "",
        "## 未发布的文件",
        "",
    ]
    if skipped:
        body += ["| 文件 | 原因 |", "| --- | --- |"]
        body += [f"| {md_text(s.name)} | {md_text(s.reason)} |" for s in sorted(skipped, key=lambda s: s.name)]
    else:
        body.append("全部文件均已发布。")
    body += ["", "## 提示统计", ""]
    if flagged:
        body += ["| 提示 | 报告篇数 |", "| --- | --- |"]
        body += [f"| {md_text(FLAG_LABELS.get(code, messages[code]))} | {n} |" for code, n in sorted(flagged.items())]
    else:
        body.append("没有报告带提示。")
    if problems:
        body += ["", f"## 构建中发现的问题（{len(problems)} 条）", ""]
        body += [f"- {md_text(p.file)}〔{md_text(p.stage)}〕{md_text(p.message)}" for p in problems]
    return markdown_page("构建报告", body)


def build_report_tsv(reports: Sequence[Report], skipped: Sequence[Skipped]) -> str:
    """One line per input file: file, status, URL, flags or reason (tabs and newlines removed)."""
    def clean(s: str) -> str:
        return " ".join(s.split())

    rows = [(r.source.name, "published", r.ident.path if r.ident else "", ",".join(f.code for f in r.meta.flags))
            for r in reports]
    rows += [(s.name, "duplicate" if s.duplicate_of else "not-published", "", s.reason) for s in skipped]
    lines = ["file\tstatus\turl\tflags_or_reason"]
    lines += ["\t".join(clean(c) for c in row) for row in sorted(rows)]
    return "\n".join(lines) + "\n"
