"""The pages that lead readers to reports: home, by region, by year, and the build report."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable, Sequence

from .metadata import display_title
from .mdtext import md_text
from .model import Problem, Report, Skipped
from .render import dump_front_matter, rel, report_doc_path

UNKNOWN = "未能确定"


def _sort_key(report: Report) -> tuple:
    m = report.meta
    return (-(m.year or 0), m.province or "~", m.county or "~", report.ident.code if report.ident else "")


def _link(report: Report, here: str) -> str:
    return f"[{md_text(display_title(report.meta))}]({rel(here, report_doc_path(report))})"


def _page(title: str, body: list[str], **extra: object) -> str:
    return dump_front_matter({"title": title, **extra}) + "\n" + "\n".join(body).rstrip("\n") + "\n"


def home_page(reports: Sequence[Report]) -> str:
    here = "index.md"
    counties = {r.meta.adcode for r in reports if r.meta.adcode}
    provinces = {r.meta.province for r in reports if r.meta.province}
    years = sorted({r.meta.year for r in reports if r.meta.year})
    span = f"{years[0]}—{years[-1]} 年" if years else "年份未定"
    body = [
        "# 县级卫生健康工作报告档案",
        "",
        "本档案收集全国各县（市、区）卫生健康局、卫健委的工作总结、工作计划和工作会议报道，"
        "去掉网页导航等外壳、保留原文每一个字，按地区、年份整理，供研究者、记者和公众查阅与引用。",
        "",
        f"目前收录 **{len(reports)}** 篇报告，涉及 **{len(provinces)}** 个省份、**{len(counties)}** 个县（区），"
        f"时间跨度 {span}。",
        "",
        f"- [按地区浏览]({rel(here, 'browse/regions.md')})：省 → 地级市 → 县（区），附行政区划代码",
        f"- [按年份浏览]({rel(here, 'browse/years.md')})：报告所总结或计划的工作年度",
        f"- [构建报告]({rel(here, 'build-report.md')})：每个原始文件的处理结果",
        "",
        "## 全部报告",
        "",
        "| 县（区） | 年度 | 标题 |",
        "| --- | --- | --- |",
    ]
    for r in sorted(reports, key=_sort_key):
        county = md_text(r.meta.county) if r.meta.county else UNKNOWN
        year = str(r.meta.year) if r.meta.year else UNKNOWN
        body.append(f"| {county} | {year} | {_link(r, here)} |")
    return _page("首页", body)


def regions_page(reports: Sequence[Report]) -> str:
    here = "browse/regions.md"
    tree: dict[str, dict[str, dict[tuple[str, str], list[Report]]]] = defaultdict(lambda: defaultdict(dict))
    unplaced: list[Report] = []
    for r in reports:
        m = r.meta
        if not m.county or not m.adcode:
            unplaced.append(r)
            continue
        tree[m.province or UNKNOWN][m.city or "（省直辖）"].setdefault((m.adcode, m.county), []).append(r)
    body = ["# 按地区浏览", "", "省份按行政区划代码排列，县（区）后附六位代码。", ""]
    for province in sorted(tree, key=lambda p: min(code for c in tree[p].values() for code, _n in c)):
        cities = tree[province]
        first = min(code for c in cities.values() for code, _n in c)
        body += [f"## {md_text(province)} {{#p-{first[:2]}}}", ""]
        for city in sorted(cities, key=lambda c: min(code for code, _n in cities[c])):
            body += [f"### {md_text(city)}", ""]
            for (code, county), items in sorted(cities[city].items()):
                body += [f"#### {md_text(county)}（{code}） {{#x-{code}}}", ""]
                body += [f"- {r.meta.year or UNKNOWN} · {_link(r, here)}" for r in sorted(items, key=_sort_key)]
                body.append("")
    if unplaced:
        body += ["## 未能确定地区 {#p-unknown}", "", "这些报告的原文没有写明所属县（区），或写法有歧义。", ""]
        body += [f"- {r.meta.year or UNKNOWN} · {_link(r, here)}" for r in sorted(unplaced, key=_sort_key)]
    return _page("按地区浏览", body)


def years_page(reports: Sequence[Report]) -> str:
    here = "browse/years.md"
    by_year: dict[int | None, list[Report]] = defaultdict(list)
    for r in reports:
        by_year[r.meta.year].append(r)
    body = ["# 按年份浏览", "", "年度指报告所总结或计划的工作年度，不是网页发布日期。", ""]
    for year in sorted((y for y in by_year if y is not None), reverse=True):
        body += [f"## {year} 年 {{#y-{year}}}", ""]
        body += [f"- {md_text(r.meta.county or UNKNOWN)} · {_link(r, here)}"
                 for r in sorted(by_year[year], key=_sort_key)]
        body.append("")
    if None in by_year:
        body += ["## 年度未定 {#y-unknown}", ""]
        body += [f"- {md_text(r.meta.county or UNKNOWN)} · {_link(r, here)}" for r in sorted(by_year[None], key=_sort_key)]
    return _page("按年份浏览", body)


def build_report_page(reports: Sequence[Report], skipped: Sequence[Skipped],
                      problems: Iterable[Problem], reports_label: str) -> str:
    """Every input file with what became of it: nothing in reports/ goes unaccounted for."""
    here = "build-report.md"
    rows: list[tuple[str, str]] = []
    for r in reports:
        flags = "、".join(f.code for f in r.meta.flags) or "—"
        rows.append((r.source.name, f"| {md_text(r.source.name)} | 已发布：{_link(r, here)} | {md_text(flags)} |"))
    for s in skipped:
        why = md_text(s.reason)
        rows.append((s.name, f"| {md_text(s.name)} | 未发布：{why} | — |"))
    problems = list(problems)
    counts = Counter(p.stage for p in problems)
    body = [
        "# 构建报告",
        "",
        f"{md_text(reports_label)}/ 中共有 {len(rows)} 个文件：已发布 {len(reports)} 篇，未发布 {len(skipped)} 个。"
        "每个文件都列在下表，未发布的写明原因。",
        "",
        "| 文件 | 结果 | 提示 |",
        "| --- | --- | --- |",
    ]
    body += [row for _name, row in sorted(rows)]
    if problems:
        body += ["", f"## 构建中发现的问题（{len(problems)} 条）", ""]
        body += [f"- {md_text(p.file)}〔{md_text(p.stage)}〕{md_text(p.message)}" for p in problems]
        body += ["", "按阶段统计：" + "，".join(f"{k} {v} 条" for k, v in sorted(counts.items()))]
    return _page("构建报告", body)
