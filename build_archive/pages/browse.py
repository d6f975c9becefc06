"""The pages that lead readers to reports: home, regions, years, themes, and the build report.

Sized for a national archive: no page lists every report. Index pages list provinces, years
or themes with counts; a county page lists only its own reports; year and theme pages are
split by province (``year/2020-43``, ``theme/<slug>-43``) when a single page would be long.
"""
from __future__ import annotations

import functools
import hashlib
import html
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from . import charts
from ..core import paths
from ..core.cache import build_version
from ..core.mdtext import html_text, md_text
from ..core.model import OutputFile, Problem, Report, Skipped, display_title
from ..core.paths import rel
from .render import MAIN_THEMES, dump_front_matter, page_title
from ..core.theme_types import Vocabulary

UNKNOWN = "未能确定"
UNPLACED = "unknown"
# A theme page shows this many reports per province before sending readers to the
# theme-and-province page.
THEME_PROVINCE_CAP = 10
# A year page shows this many reports per province before sending readers to the
# year-and-province page.
YEAR_PROVINCE_CAP = 10
# A theme-and-province page past this many reports lists years, each on a page of its own.
# 500 entries are ~150 KB (~30 KB as served, gzip); at 200, 9,000 year pages of a few dozen
# entries each carried a page shell as large as their list (30,000 reports: 10,252 theme pages).
THEME_PROVINCE_PAGE_MAX = 500
RECENT = 20
# Theme pages list the reports that have the theme among their main themes (the first
# MAIN_THEMES of its ranked tags, as a report page's metadata table names them); every report
# tagged with it is one click away in the search, filtered by theme and province. Listing all
# of them (18 themes a report in the synthetic national corpus) was 540,000 entries and 215 MB
# of a site that must stay under 1 GB (issue 16), most of them reports that only touch the theme.
SEARCH = "search.md"
# The reader's words for each flag code in the build report (the codes stay in build-report.tsv).
FLAG_LABELS = {
    "county-unknown": "原文未写明所属县（区）",
    "county-ambiguous": "所属县（区）有歧义",
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


def newest_first(report: Report) -> tuple:
    m = report.meta
    return (-(m.year or 0), m.adcode or "~", report.ident.code if report.ident else "")


def province_prefix(report: Report) -> str:
    return report.meta.adcode[:2] if report.meta.adcode else UNPLACED


def by_province_of(reports: Sequence[Report]) -> dict[str, list[Report]]:
    """Reports grouped by province prefix, provinces in code order, unplaced last."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        groups[province_prefix(r)].append(r)
    return _in_province_order(groups)


def _in_province_order(groups: dict[str, list[Report]]) -> dict[str, list[Report]]:
    return {p: groups[p] for p in sorted(groups, key=lambda p: (p == UNPLACED, p))}


@dataclass
class ArchiveIndex:
    """The reports grouped every way the browse pages need, computed once."""

    reports: list[Report]
    seq: dict[str, int]
    """Code -> position in the ledger (order of first publication)."""
    vocabulary: Vocabulary
    by_county: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_city: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    """Prefecture code (431100) -> its reports, for reports whose prefecture is known."""
    by_province: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_year: dict[int | None, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    province_names: dict[str, str] = field(default_factory=dict)
    year_provinces: dict[int | None, dict[str, list[Report]]] = field(default_factory=dict)
    """Year -> its reports by province (``by_province_of``)."""
    theme_provinces: dict[str, dict[str, list[Report]]] = field(default_factory=dict)
    """Theme -> the reports that have it as a main theme, by province (``by_province_of``)."""
    theme_province_years: dict[tuple[str, str], dict[int | None, list[Report]]] = field(default_factory=dict)
    """(theme, province) -> its reports by year (``by_year``)."""
    theme_province_tagged: dict[tuple[str, str], int] = field(default_factory=dict)
    """(theme, province) -> how many reports are tagged with the theme at all."""

    @classmethod
    def of(cls, reports: Sequence[Report], seq: dict[str, int], vocabulary: Vocabulary) -> "ArchiveIndex":
        # One pass groups every way the pages need: grouping the 550,000 theme entries again
        # per theme and province took seconds, most of it fetching each report from memory.
        index = cls(sorted(reports, key=newest_first), seq, vocabulary)
        year_provinces: dict = defaultdict(lambda: defaultdict(list))
        theme_provinces: dict = defaultdict(lambda: defaultdict(list))
        theme_province_years: dict = defaultdict(lambda: defaultdict(list))
        tagged: dict = defaultdict(int)
        for r in index.reports:
            prefix = province_prefix(r)
            year = r.meta.year
            index.by_province[prefix].append(r)
            index.by_year[year].append(r)
            year_provinces[year][prefix].append(r)
            if r.meta.adcode:
                index.by_county[r.meta.adcode].append(r)
                if r.meta.city:
                    index.by_city[paths.city_code(r.meta.adcode)].append(r)
                index.province_names.setdefault(prefix, r.meta.province or UNKNOWN)
            for rank, tag in enumerate(r.themes):
                index.by_theme[tag.theme].append(r)
                tagged[tag.theme, prefix] += 1
                if rank < MAIN_THEMES:
                    theme_provinces[tag.theme][prefix].append(r)
                    theme_province_years[tag.theme, prefix][year].append(r)
        index.province_names[UNPLACED] = "未能确定地区"
        index.year_provinces = {y: _in_province_order(g) for y, g in year_provinces.items()}
        index.theme_provinces = {t: _in_province_order(g) for t, g in theme_provinces.items()}
        index.theme_province_years = {k: _in_year_order(g) for k, g in theme_province_years.items()}
        index.theme_province_tagged = dict(tagged)
        return index

    def provinces(self) -> list[str]:
        return sorted(self.by_province, key=lambda p: (p == UNPLACED, p))

    def years(self) -> list[int]:
        return sorted((y for y in self.by_year if y is not None), reverse=True)


def _link(report: Report, here: str) -> str:
    assert report.ident is not None
    return f"[{md_text(display_title(report.meta))}]({rel(here, paths.report_doc(report.ident.code))})"


def _item(report: Report, here: str, county: bool = True) -> str:
    m = report.meta
    bits = [str(m.year) if m.year else "年度未定"]
    if county:
        bits.append(md_text(m.county) if m.county else UNKNOWN)
    if m.doc_type:
        bits.append(md_text(m.doc_type))
    return f"- {_link(report, here)}（{' · '.join(bits)}）"


def _page(title: str, body: list[str], **extra: object) -> str:
    return dump_front_matter({"title": page_title(title), **extra}) + "\n" + "\n".join(body).rstrip("\n") + "\n"


def _province_link(index: ArchiveIndex, prefix: str, here: str) -> str:
    target = paths.UNPLACED if prefix == UNPLACED else paths.province_doc(prefix)
    return f"[{md_text(index.province_names[prefix])}]({rel(here, target)})"


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
    body += [_item(r, here) for r in recent]
    return _page("首页", body)


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
        body.append(f"| {_province_link(index, prefix, here)} | {counties or '—'} | {len(reports)} |")
    return _page("按地区浏览", body)


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
    return _page(name, body)


def unplaced_page(index: ArchiveIndex) -> str:
    here = paths.UNPLACED
    body = ["# 未能确定地区的报告", "",
            "这些报告的原文没有写明所属县（区），或写法有歧义，档案不作猜测。知道出处的读者欢迎告知维护者更正。", ""]
    body += [_item(r, here) for r in index.by_province.get(UNPLACED, [])]
    return _page("未能确定地区的报告", body)


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
        body += [_item(r, here, county=False) for r in of_year]
        body.append("")
    if extra:
        body.append(extra)
    return _page(m.county or UNKNOWN, body)


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
        body += [_item(r, here, county=False) for r in items]
        body.append("")
    return _page(name, body)


# --- years -----------------------------------------------------------------------------------

def years_page(index: ArchiveIndex) -> str:
    here = paths.YEARS
    body = ["# 按年份浏览", "", "年度指报告所总结或计划的工作年度，不是网页发布日期。", "",
            "| 年度 | 报告篇数 | 省份数 |", "| --- | --- | --- |"]
    for year in index.years():
        reports = index.by_year[year]
        provinces = len({province_prefix(r) for r in reports} - {UNPLACED})
        body.append(f"| [{year} 年]({rel(here, paths.year_doc(year))}) | {len(reports)} | {provinces} |")
    if index.by_year.get(None):
        body += ["", "## 年度未定", ""]
        body += [_item(r, here) for r in index.by_year[None]]
    return _page("按年份浏览", body)


def year_page(index: ArchiveIndex, year: int, by_province: dict[str, list[Report]]) -> str:
    """A year's reports by province, each province's first ``YEAR_PROVINCE_CAP`` here and all
    of them one click on (a national archive has some 2,000 reports a year)."""
    here = paths.year_doc(year)
    body = [f"# {year} 年", "", f"{year} 年度共 {len(index.by_year[year])} 篇报告，按省份列出，新收录的在前。"
            f"[返回按年份浏览]({rel(here, paths.YEARS)})", ""]
    for prefix, items in by_province.items():
        name = md_text(index.province_names[prefix])
        link = rel(here, paths.year_province_doc(year, prefix))
        body += [f"## [{name}]({link})（{len(items)} 篇）", ""]
        body += [_item(r, here) for r in items[:YEAR_PROVINCE_CAP]]
        if len(items) > YEAR_PROVINCE_CAP:
            body.append(f"\n[查看{name} {year} 年全部 {len(items)} 篇]({link})")
        body.append("")
    return _page(f"{year} 年", body)


def year_province_page(index: ArchiveIndex, year: int, prefix: str, reports: list[Report]) -> str:
    here = paths.year_province_doc(year, prefix)
    name = index.province_names[prefix]
    body = [f"# {year} 年 · {md_text(name)}", "",
            f"[{year} 年其他省份]({rel(here, paths.year_doc(year))}) · {_province_link(index, prefix, here)}", ""]
    body += [_item(r, here) for r in reports]
    return _page(f"{year} 年 · {name}", body)


# --- themes ----------------------------------------------------------------------------------

def themes_page(index: ArchiveIndex) -> str:
    here = paths.THEMES
    body = ["# 按主题浏览", "",
            "主题由程序依据主题词表判定：报告的标题、小标题或条目开头提到某主题，或正文中多处、"
            "多句提到该主题，才标注该主题；只顺带提一次的不算。"
            f"每篇报告按判定依据的强弱排出主题，前 {MAIN_THEMES} 个是它的主要主题。"
            "主题页列出以该主题为主要主题的报告；标注了该主题的全部报告可在检索中按主题筛选。", "",
            "| 主题 | 说明 | 主要主题 | 全部标注 |", "| --- | --- | --- | --- |"]
    for theme in index.vocabulary.themes:
        n = len(index.by_theme.get(theme.name, []))
        main = sum(len(v) for v in index.theme_provinces.get(theme.name, {}).values())
        body.append(f"| [{md_text(theme.name)}]({rel(here, paths.theme_doc(theme.slug))}) | "
                    f"{md_text(theme.description)} | {main} | [{n}]({search_link(here, theme=theme.name)}) |")
    return _page("按主题浏览", body)


def search_link(here: str, **filters: str) -> str:
    """The search page filtered (archive-search.js reads theme, province, ... from the query)."""
    from urllib.parse import urlencode

    return f"{rel(here, SEARCH)}?{urlencode(filters)}"


def _evidence_item(report: Report, theme: str, here: str) -> str:
    tag = next(t for t in report.themes if t.theme == theme)
    return f"{_item(report, here)}  \n  依据：“{md_text(tag.evidence)}”"


def _tagged_line(index: ArchiveIndex, theme: str, prefix: str, shown: int, here: str) -> str | None:
    """Where a province's reports tagged with the theme, but not as a main theme, are."""
    tagged = index.theme_province_tagged.get((theme, prefix), 0)
    if tagged <= shown or prefix == UNPLACED:
        return None
    name = index.province_names[prefix]
    link = f"[在检索中查看全部 {tagged} 篇]({search_link(here, theme=theme, province=name)})"
    if not shown:
        return f"{tagged} 篇{md_text(name)}的报告标注了这一主题，都不是其主要主题：{link}"
    return f"另有 {tagged - shown} 篇{md_text(name)}的报告也标注了这一主题（不是其主要主题）：{link}"


def theme_page(index: ArchiveIndex, theme_name: str) -> tuple[str, list[tuple[str, list[Report]]]]:
    """The theme page, and the provinces whose list was cut short (they get pages of their own)."""
    theme = index.vocabulary.by_name(theme_name)
    assert theme is not None
    here = paths.theme_doc(theme.slug)
    reports = index.by_theme.get(theme.name, [])
    by_province = index.theme_provinces.get(theme.name, {})
    main = sum(len(v) for v in by_province.values())
    body = [f"# {md_text(theme.name)}", "", md_text(theme.description), "",
            f"共 {len(reports)} 篇报告标注了这一主题，其中 {main} 篇以它为主要主题（报告的前 {MAIN_THEMES} 个主题），"
            "按省份分组列在下面，新的在前；每篇后附判定依据的原文句子。"
            f"标注了这一主题的全部 {len(reports)} 篇可[在检索中按主题筛选]({search_link(here, theme=theme.name)})。"
            f"[全部主题]({rel(here, paths.THEMES)})", ""]
    long_lists = []
    # Every province with a report tagged with the theme, those with none as a main theme too.
    tagged = sorted({p for (t, p) in index.theme_province_tagged if t == theme.name},
                    key=lambda p: (p == UNPLACED, p))
    for prefix in tagged:
        items = by_province.get(prefix, [])
        body += [f"## {md_text(index.province_names[prefix])}（{len(items)} 篇）", ""]
        body += [_evidence_item(r, theme.name, here) for r in items[:THEME_PROVINCE_CAP]]
        if len(items) > THEME_PROVINCE_CAP:
            long_lists.append((prefix, items))
            body.append(f"\n[查看{md_text(index.province_names[prefix])}全部 {len(items)} 篇]"
                        f"({rel(here, paths.theme_province_doc(theme.slug, prefix))})")
        more = _tagged_line(index, theme.name, prefix, len(items), here)
        if more:
            body += ["", more]
        body.append("")
    if not reports:
        body.append("暂无报告标注这一主题。")
    elif not by_province:
        body.append("没有报告以这一主题为主要主题。")
    return _page(theme.name, body), long_lists


def theme_province_page(index: ArchiveIndex, theme_name: str, prefix: str, reports: list[Report]) -> str:
    """A theme's reports in one province, with evidence; by year on pages of their own past
    ``THEME_PROVINCE_PAGE_MAX`` (a province with thousands would make a page of megabytes)."""
    theme = index.vocabulary.by_name(theme_name)
    assert theme is not None
    here = paths.theme_province_doc(theme.slug, prefix)
    name = index.province_names[prefix]
    body = [f"# {md_text(theme.name)} · {md_text(name)}", "",
            f"[{md_text(theme.name)}：全部省份]({rel(here, paths.theme_doc(theme.slug))})", "",
            f"以{md_text(theme.name)}为主要主题的报告 {len(reports)} 篇。", ""]
    more = _tagged_line(index, theme.name, prefix, len(reports), here)
    if more:
        body += [more, ""]
    if len(reports) <= THEME_PROVINCE_PAGE_MAX:
        body += [_evidence_item(r, theme.name, here) for r in reports]
    else:
        body += [f"共 {len(reports)} 篇，按年度分页。", "", "| 年度 | 报告篇数 |", "| --- | --- |"]
        for year, items in index.theme_province_years[theme.name, prefix].items():
            label = f"{year} 年" if year else "年度未定"
            body.append(f"| [{label}]({rel(here, paths.theme_province_year_doc(theme.slug, prefix, year))}) "
                        f"| {len(items)} |")
    return _page(f"{theme.name} · {name}", body)


def theme_province_year_page(index: ArchiveIndex, theme_name: str, prefix: str, year: int | None,
                             reports: list[Report]) -> str:
    theme = index.vocabulary.by_name(theme_name)
    assert theme is not None
    here = paths.theme_province_year_doc(theme.slug, prefix, year)
    name = index.province_names[prefix]
    label = f"{year} 年" if year else "年度未定"
    body = [f"# {md_text(theme.name)} · {md_text(name)} · {label}", "",
            f"[{md_text(theme.name)} · {md_text(name)}：全部年度]({rel(here, paths.theme_province_doc(theme.slug, prefix))})",
            ""]
    body += [_evidence_item(r, theme.name, here) for r in reports]
    return _page(f"{theme.name} · {name} · {label}", body)


def by_year(reports: Sequence[Report]) -> dict[int | None, list[Report]]:
    """Reports by year, newest first, undated last."""
    groups: dict[int | None, list[Report]] = defaultdict(list)
    for r in reports:
        groups[r.meta.year].append(r)
    return _in_year_order(groups)


def _in_year_order(groups: dict[int | None, list[Report]]) -> dict[int | None, list[Report]]:
    return {y: groups[y] for y in sorted(groups, key=lambda y: (y is None, -(y or 0)))}


# --- build report ----------------------------------------------------------------------------

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
        f"[build-report.tsv]({rel(here, 'build-report.tsv')})。",
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
    return _page("构建报告", body)


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


# --- all browse pages ------------------------------------------------------------------------

def browse_pages(index: ArchiveIndex, county_extra: dict[str, str] | None = None) -> list[OutputFile]:
    """Every browse page. Pages of a county, province, year or theme are made only when one of
    their reports, a province name or the build changed (``OutputFile.key``): at 30,000 reports
    the theme pages alone list 550,000 report entries, seconds of work on every rebuild."""
    names = tuple(sorted(index.province_names.items()))
    version = build_version()
    # Each report's part of a page key, made once: a report is on some thirty pages.
    entry = {id(r): f"{r.key}\0{r.ident.code}\n".encode("utf-8") for r in index.reports if r.key and r.ident}

    def keyed(path: str, reports: Sequence[Report], make: Callable[[], str], salt: str = "") -> OutputFile:
        try:
            entries = b"".join([entry[id(r)] for r in reports])
        except KeyError:  # a report without parse key or identity: no key, the page is compared
            return OutputFile(path, make())
        digest = hashlib.sha256(repr((version, path, names, len(reports), salt)).encode("utf-8"))
        digest.update(entries)
        return OutputFile(path, "", key=digest.hexdigest(), make=make)

    out = [
        OutputFile(paths.HOME, home_page(index)),
        OutputFile(paths.REGIONS, regions_page(index)),
        OutputFile(paths.YEARS, years_page(index)),
        OutputFile(paths.THEMES, themes_page(index)),
    ]
    for prefix in index.provinces():
        if prefix == UNPLACED:
            out.append(OutputFile(paths.UNPLACED, unplaced_page(index)))
        else:
            out.append(keyed(paths.province_doc(prefix), index.by_province[prefix],
                             functools.partial(province_page, index, prefix)))
    extra = county_extra or {}
    out += [keyed(paths.county_doc(code), index.by_county[code],
                  functools.partial(county_page, index, code, extra.get(code, "")), extra.get(code, ""))
            for code in sorted(index.by_county)]
    out += [keyed(paths.city_doc(code), index.by_city[code], functools.partial(city_page, index, code))
            for code in sorted(index.by_city)]
    for year in index.years():
        by_province = index.year_provinces[year]
        out.append(keyed(paths.year_doc(year), index.by_year[year],
                         functools.partial(year_page, index, year, by_province)))
        out += [keyed(paths.year_province_doc(year, p), items,
                      functools.partial(year_province_page, index, year, p, items))
                for p, items in by_province.items()]
    for theme in index.vocabulary.themes:
        reports = index.by_theme.get(theme.name, [])
        out.append(keyed(paths.theme_doc(theme.slug), reports,
                         lambda name=theme.name: theme_page(index, name)[0]))
        for p, items in index.theme_provinces.get(theme.name, {}).items():
            if len(items) <= THEME_PROVINCE_CAP:
                continue
            out.append(keyed(paths.theme_province_doc(theme.slug, p), items,
                             functools.partial(theme_province_page, index, theme.name, p, items),
                             str(index.theme_province_tagged.get((theme.name, p), 0))))
            if len(items) > THEME_PROVINCE_PAGE_MAX:
                out += [keyed(paths.theme_province_year_doc(theme.slug, p, year), of_year,
                              functools.partial(theme_province_year_page, index, theme.name, p, year, of_year))
                        for year, of_year in index.theme_province_years[theme.name, p].items()]
    return out
