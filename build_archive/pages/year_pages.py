"""The year pages: the years index, a year's reports by province, a year's reports in one province."""
from __future__ import annotations

from ..core import paths
from ..core.mdtext import md_text
from ..core.model import Report
from ..core.paths import rel
from .archive_index import UNPLACED, ArchiveIndex, markdown_page, province_link, province_prefix, report_item

# A year page shows this many reports per province before sending readers to the
# year-and-province page.
YEAR_PROVINCE_CAP = 10


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
        body += [report_item(r, here) for r in index.by_year[None]]
    return markdown_page("按年份浏览", body)


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
        body += [report_item(r, here) for r in items[:YEAR_PROVINCE_CAP]]
        if len(items) > YEAR_PROVINCE_CAP:
            body.append(f"\n[查看{name} {year} 年全部 {len(items)} 篇]({link})")
        body.append("")
    return markdown_page(f"{year} 年", body)


def year_province_page(index: ArchiveIndex, year: int, prefix: str, reports: list[Report]) -> str:
    here = paths.year_province_doc(year, prefix)
    name = index.province_names[prefix]
    body = [f"# {year} 年 · {md_text(name)}", "",
            f"[{year} 年其他省份]({rel(here, paths.year_doc(year))}) · {province_link(index, prefix, here)}", ""]
    body += [report_item(r, here) for r in reports]
    return markdown_page(f"{year} 年 · {name}", body)
