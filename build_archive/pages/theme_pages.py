"""The theme pages: the themes index, a theme's page, a theme's reports in one province and, for
a long list, in one province and year. Each entry carries the sentence the theme was read from."""
from __future__ import annotations

from urllib.parse import urlencode

from ..core import paths
from ..core.mdtext import md_text
from ..core.model import Report
from ..core.paths import rel
from .archive_index import UNPLACED, ArchiveIndex, markdown_page, report_item
from .cite import MAIN_THEMES

# A theme page shows this many reports per province before sending readers to the
# theme-and-province page.
THEME_PROVINCE_CAP = 10
# A theme-and-province page past this many reports lists years, each on a page of its own.
# 500 entries are ~150 KB (~30 KB as served, gzip); at 200, 9,000 year pages of a few dozen
# entries each carried a page shell as large as their list (30,000 reports: 10,252 theme pages).
THEME_PROVINCE_PAGE_MAX = 500
# Theme pages list the reports that have the theme among their main themes (the first
# MAIN_THEMES of its ranked tags, as a report page's metadata table names them); every report
# tagged with it is one click away in the search, filtered by theme and province. Listing all
# of them (18 themes a report in the synthetic national corpus) was 540,000 entries and 215 MB
# of a site that must stay under 1 GB (issue 16), most of them reports that only touch the theme.
SEARCH = "search.md"


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
    return markdown_page("按主题浏览", body)


def search_link(here: str, **filters: str) -> str:
    """The search page filtered (archive-search.js reads theme, province, ... from the query)."""
    return f"{rel(here, SEARCH)}?{urlencode(filters)}"


def evidence_item(report: Report, theme: str, here: str) -> str:
    tag = next(t for t in report.themes if t.theme == theme)
    return f"{report_item(report, here)}<br>依据：“{md_text(tag.evidence)}”"


def tagged_line(index: ArchiveIndex, theme: str, prefix: str, shown: int, here: str) -> str | None:
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
        body += [evidence_item(r, theme.name, here) for r in items[:THEME_PROVINCE_CAP]]
        if len(items) > THEME_PROVINCE_CAP:
            long_lists.append((prefix, items))
            body.append(f"\n[查看{md_text(index.province_names[prefix])}全部 {len(items)} 篇]"
                        f"({rel(here, paths.theme_province_doc(theme.slug, prefix))})")
        more = tagged_line(index, theme.name, prefix, len(items), here)
        if more:
            body += ["", more]
        body.append("")
    if not reports:
        body.append("暂无报告标注这一主题。")
    elif not by_province:
        body.append("没有报告以这一主题为主要主题。")
    return markdown_page(theme.name, body), long_lists


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
    more = tagged_line(index, theme.name, prefix, len(reports), here)
    if more:
        body += [more, ""]
    if len(reports) <= THEME_PROVINCE_PAGE_MAX:
        body += [evidence_item(r, theme.name, here) for r in reports]
    else:
        body += [f"共 {len(reports)} 篇，按年度分页。", "", "| 年度 | 报告篇数 |", "| --- | --- |"]
        for year, items in index.theme_province_years[theme.name, prefix].items():
            label = f"{year} 年" if year else "年度未定"
            body.append(f"| [{label}]({rel(here, paths.theme_province_year_doc(theme.slug, prefix, year))}) "
                        f"| {len(items)} |")
    return markdown_page(f"{theme.name} · {name}", body)


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
    body += [evidence_item(r, theme.name, here) for r in reports]
    return markdown_page(f"{theme.name} · {name} · {label}", body)
