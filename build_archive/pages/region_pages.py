"""The pages that lead readers to a place's reports: the home page (with its coverage table),
the regions index, a province's, a prefecture's (地级市) and a county's page, and the reports no
place could be read for."""
from __future__ import annotations

import html
from collections import Counter, defaultdict

from . import charts
from ..core import paths
from ..core.mdtext import html_text, md_text
from ..core.model import Report
from ..core.paths import rel
from .archive_index import (UNKNOWN, UNPLACED, ArchiveIndex, by_year, markdown_page, newest_first, province_link,
                            province_prefix, report_item)

RECENT = 20


# --- home ------------------------------------------------------------------------------------

def home_page(index: ArchiveIndex) -> str:
    here = paths.HOME
    reports = index.reports
    years = index.years()
    span = f"{years[-1]}—{years[0]} 年" if years else "年份未定"
    body = [
        "# 县级卫生健康工作报告档案",
        "",
        "本档案收集全国各县（市、区）卫生健康局、卫健委的工作总结、工作计划和工作会议报道，"
        "去掉网页导航等外壳、保留原文每一个字，按地区、年份、主题整理，供研究者、记者和公众查阅与引用。",
        "",
        f"目前收录 **{len(reports)}** 篇报告，涉及 **{len([p for p in index.by_province if p != UNPLACED])}** 个省份、"
        f"**{len(index.by_county)}** 个县（区），时间跨度 {span}。",
        "",
        f"- [按地区浏览]({rel(here, paths.REGIONS)})：省 → 地级市 → 县（区），附行政区划代码",
        f"- [按年份浏览]({rel(here, paths.YEARS)})：报告所总结或计划的工作年度",
        f"- [按主题浏览]({rel(here, paths.THEMES)})：医共体、家庭医生签约、疫情防控等 {len(index.vocabulary.themes)} 个主题",
        f"- [按指标浏览]({rel(here, 'browse/indicators.md')})：签约率、建档率、孕产妇死亡率、床位数等指标各县各年的数值",
        f"- [全文检索]({rel(here, 'search.md')})：查找含有某个词语的报告，可按省份、县、年份、文种、主题筛选，"
        "看逐年趋势和上下文，导出结果",
        f"- [下载数据]({rel(here, 'downloads.md')})：目录（CSV、JSON）、全文语料和数据字典",
        f"- [关于本档案]({rel(here, 'about.md')})：收录范围、整理原则、引用与更正方法",
        "",
        "## 收录概况",
        "",
        "下表按省份和年度统计报告篇数，颜色越深篇数越多；点击数字查看该省该年的报告。",
        "",
        coverage_table(index, here),
        "",
        charts.coverage_figure(Counter(r.meta.year for r in reports if r.meta.year is not None)),
        "",
        "## 最近收录",
        "",
    ]
    recent = sorted(reports, key=lambda r: -index.seq.get(r.ident.code if r.ident else "", 0))[:RECENT]
    body += [report_item(r, here) for r in recent]
    return markdown_page("首页", body)


def coverage_table(index: ArchiveIndex, here: str) -> str:
    """Province by year counts as an HTML heat table (built here, every value escaped). Every
    year from the first to the last is a column, so years without reports show as gaps."""
    known = index.years()
    if not known:
        return "<p>暂无可按年度统计的报告。</p>"
    years = list(range(min(known), max(known) + 1))
    counts: Counter[tuple[str, int]] = Counter()
    for r in index.reports:
        if r.meta.year is not None:
            counts[(province_prefix(r), r.meta.year)] += 1
    peak = max(counts.values())
    head = "".join(f"<th>{y}</th>" if y in index.by_year else f'<th class="gap" title="{y}年暂无报告">{y}</th>'
                   for y in years)
    rows = []
    for prefix in index.provinces():
        cells = []
        for y in years:
            n = counts.get((prefix, y), 0)
            if n:
                level = 1 + (4 * n) // (peak + 1)
                href = html.escape(paths.doc_url(paths.year_province_doc(y, prefix)), quote=True)
                cells.append(f'<td class="heat heat-{level}"><a href="{href}" title="{y}年 {n} 篇">{n}</a></td>')
            elif y in index.by_year:
                cells.append('<td class="heat heat-0"></td>')
            else:
                cells.append('<td class="heat gap"></td>')
        name = html_text(index.province_names[prefix])
        rows.append(f"<tr><th scope=\"row\">{name}</th>{''.join(cells)}</tr>")
    missing = [y for y in years if y not in index.by_year]
    note = (f'<p class="coverage-note">带斜纹的年份（{"、".join(map(str, missing))}）暂无报告。</p>'
            if missing else "")
    return ('<div class="coverage"><table class="coverage-table">'
            f"<thead><tr><th>省份</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{note}")


# --- regions ---------------------------------------------------------------------------------

def regions_page(index: ArchiveIndex) -> str:
    here = paths.REGIONS
    body = ["# 按地区浏览", "", "省份按行政区划代码排列；进入省份页面可看到各地级市、县（区）及其报告篇数。", "",
            "| 省份 | 县（区）数 | 报告篇数 |", "| --- | --- | --- |"]
    for prefix in index.provinces():
        reports = index.by_province[prefix]
        counties = len({r.meta.adcode for r in reports if r.meta.adcode})
        body.append(f"| {province_link(index, prefix, here)} | {counties or '—'} | {len(reports)} |")
    return markdown_page("按地区浏览", body)


def province_page(index: ArchiveIndex, prefix: str) -> str:
    here = paths.province_doc(prefix)
    name = index.province_names[prefix]
    cities: dict[str, dict[str, list[Report]]] = defaultdict(lambda: defaultdict(list))
    for r in index.by_province[prefix]:
        cities[r.meta.city or "省直辖"][r.meta.adcode or ""].append(r)
    body = [f"# {md_text(name)}", "", f"{md_text(name)}共收录 {len(index.by_province[prefix])} 篇报告。"
            f"[返回按地区浏览]({rel(here, paths.REGIONS)})", ""]
    for city in sorted(cities, key=lambda c: min(cities[c])):
        code = paths.city_code(min(cities[city]))
        title = (f"[{md_text(city)}]({rel(here, paths.city_doc(code))})" if city != "省直辖" and code in index.by_city
                 else md_text(city))
        body += [f"## {title}", "", "| 县（区） | 区划代码 | 报告 | 年度 |", "| --- | --- | --- | --- |"]
        for adcode in sorted(cities[city]):
            items = cities[city][adcode]
            county = items[0].meta.county or UNKNOWN
            years = sorted({r.meta.year for r in items if r.meta.year})
            span = f"{years[0]}—{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
            body.append(f"| [{md_text(county)}]({rel(here, paths.county_doc(adcode))}) | {adcode} | "
                        f"{len(items)} 篇 | {span} |")
        body.append("")
    return markdown_page(name, body)


def unplaced_page(index: ArchiveIndex) -> str:
    here = paths.UNPLACED
    body = ["# 未能确定地区的报告", "",
            "这些报告的原文没有写明所属县（区），或写法有歧义，档案不作猜测。知道出处的读者欢迎告知维护者更正。", ""]
    body += [report_item(r, here) for r in index.by_province.get(UNPLACED, [])]
    return markdown_page("未能确定地区的报告", body)


def county_page(index: ArchiveIndex, adcode: str, extra: str = "") -> str:
    """``extra``: Markdown the page ends with (the county's indicators, from indicator_pages)."""
    here = paths.county_doc(adcode)
    reports = index.by_county[adcode]
    m = reports[0].meta
    city = paths.city_code(adcode)
    place = " · ".join([md_text(m.province)] if m.province else [])
    if m.city:
        link = f"[{md_text(m.city)}]({rel(here, paths.city_doc(city))})" if city in index.by_city else md_text(m.city)
        place = f"{place} · {link}" if place else link
    body = [f"# {md_text(m.county or UNKNOWN)}", "",
            f"{place} · 行政区划代码 {adcode} · 共 {len(reports)} 篇报告。"
            f"[{md_text(m.province or UNKNOWN)}其他县（区）]({rel(here, paths.province_doc(adcode[:2]))})", ""]
    for year, of_year in by_year(reports).items():
        body += [f"## {year} 年" if year else "## 年度未定", ""]
        body += [report_item(r, here, county=False) for r in of_year]
        body.append("")
    if extra:
        body.append(extra)
    return markdown_page(m.county or UNKNOWN, body)


def city_page(index: ArchiveIndex, code: str) -> str:
    """A prefecture (地级市): its counties, each with its reports, newest first."""
    here = paths.city_doc(code)
    reports = index.by_city[code]
    m = reports[0].meta
    counties: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        counties[r.meta.adcode or ""].append(r)
    name = m.city or UNKNOWN
    body = [f"# {md_text(name)}", "",
            f"{md_text(m.province or UNKNOWN)} · 行政区划代码 {code} · {len(counties)} 个县（市、区）共 {len(reports)} 篇报告。"
            f"[{md_text(m.province or UNKNOWN)}其他地级市]({rel(here, paths.province_doc(code[:2]))})", ""]
    for adcode in sorted(counties):
        items = sorted(counties[adcode], key=newest_first)
        county = items[0].meta.county or UNKNOWN
        body += [f"## [{md_text(county)}]({rel(here, paths.county_doc(adcode))})（{len(items)} 篇）", ""]
        body += [report_item(r, here, county=False) for r in items]
        body.append("")
    return markdown_page(name, body)
